import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sharded checkpoints as Hugging Face lays them out: `<base>-0000i-of-0000N.<ext>` files plus
 * `<base>.<ext>.index.json`, whatever the shard format. The writers of each format supply how to write
 * one shard; the grouping, naming and index are the same for all.
 */
export interface ShardIndex {
  metadata: { total_size: number };
  weight_map: Record<string, string>;
}

export interface ShardedOutput {
  /** the files written, in shard order (one file and no index when everything fits in one) */
  files: string[];
  index: ShardIndex | null;
}

/**
 * Groups consecutive items into shards of at most `maxBytes` (transformers' rule: a new shard starts when
 * the next item would overflow a non-empty one; an item bigger than the limit gets a shard to itself).
 * Returns the item indices of each shard.
 */
export function planShards(sizes: readonly number[], maxBytes: number): number[][] {
  if (!(maxBytes > 0)) throw new Error(`shard size must be positive, not ${maxBytes}`);
  const shards: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (current.length > 0 && bytes + size > maxBytes) {
      shards.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += size;
  });
  if (current.length > 0) shards.push(current);
  return shards;
}

/** `model-00001-of-00003.safetensors`, `pytorch_model-00002-of-00002.bin`. */
export function shardFileName(baseName: string, ext: string, index: number, count: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${baseName}-${pad(index + 1)}-of-${pad(count)}.${ext}`;
}

/** The index JSON byte for byte as transformers writes it (`json.dumps(index, indent=2, sort_keys=True) + "\n"`). */
export function writeShardIndex(index: ShardIndex): string {
  const names = Object.keys(index.weight_map).sort(compareCodePoints);
  const lines = names.map((n) => `    ${pyJson(n)}: ${pyJson(index.weight_map[n]!)}`);
  return `{\n  "metadata": {\n    "total_size": ${index.metadata.total_size}\n  },\n  "weight_map": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A JSON string as Python's json.dumps writes it (ensure_ascii: everything outside ' '..'~' escaped). */
function pyJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ShardJob<T> {
  dir: string;
  baseName: string;
  /** `safetensors` or `bin` */
  ext: string;
  items: readonly T[];
  maxShardBytes: number;
  sizeOf: (item: T) => number;
  nameOf: (item: T) => string;
  write: (path: string, part: T[]) => void;
}

/** Writes the shards and the index (or one `<base>.<ext>` with no index when everything fits in one shard). */
export function writeShards<T>(job: ShardJob<T>): ShardedOutput {
  mkdirSync(job.dir, { recursive: true });
  const sizes = job.items.map(job.sizeOf);
  const shards = planShards(sizes, job.maxShardBytes);
  if (shards.length <= 1) {
    const name = `${job.baseName}.${job.ext}`;
    job.write(join(job.dir, name), [...job.items]);
    return { files: [name], index: null };
  }
  const names: string[] = [];
  const weightMap = Object.create(null) as Record<string, string>;
  shards.forEach((members, i) => {
    const name = shardFileName(job.baseName, job.ext, i, shards.length);
    const part = members.map((m) => job.items[m]!);
    job.write(join(job.dir, name), part);
    for (const t of part) weightMap[job.nameOf(t)] = name;
    names.push(name);
  });
  const index: ShardIndex = { metadata: { total_size: sizes.reduce((a, b) => a + b, 0) }, weight_map: weightMap };
  writeFileSync(join(job.dir, `${job.baseName}.${job.ext}.index.json`), writeShardIndex(index));
  return { files: names, index };
}
