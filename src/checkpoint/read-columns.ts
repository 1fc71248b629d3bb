import * as fs from 'node:fs';
import { detectKind } from '../formats/detect.js';
import { sameBytes } from '../formats/byte-keys.js';
import { scanShardIndexColumns, type ShardIndexColumns } from '../formats/hf-index.js';
import { acceptedHeaderLength, scanSafetensorsColumns, type SafetensorsColumns } from '../formats/safetensors/columns.js';
import { namesDirectoryCheckpoint } from './layouts/registry.js';
import { MAX_INDEX_BYTES, safetensorsDetail, shardedDetail } from './format-detail.js';
import { isRemotePath, siblingPath } from './sources.js';

/**
 * A safetensors file, or a Hugging Face shard index whose shards are all safetensors, read into
 * columns for a caller that only reports (inspect, issue 14): each header is read once, the shards
 * concurrently (SHARD_READS at a time, parsed as they arrive), and no object is made per tensor.
 */
export interface SafetensorsSet {
  format: 'safetensors' | 'hf-sharded';
  detail: string[];
  /** bytes of the file, or of the index and every shard */
  size: number;
  /** the files that hold the tensors (the path byte locations name) and their headers */
  parts: { path: string; columns: SafetensorsColumns }[];
  /** tensors in the order the tree reader lists them (a set's weight_map order): part number and tensor number in it */
  count: number;
  part: Int32Array;
  tensor: Int32Array;
}

/** how many shard files are open and read at a time */
const SHARD_READS = 8;
/** the first read of a file: detectKind's window, which holds most shard headers whole */
const HEAD_BYTES = 1 << 16;

/**
 * The set at a local `path`, or null for anything else, and for anything the tree reader would refuse
 * or read differently (a header or index outside the columns' subset, a missing shard, a shard holding
 * tensors the index does not list): the caller then reads it with readCheckpointFile, which says why.
 */
export async function readSafetensorsSet(path: string): Promise<SafetensorsSet | null> {
  if (isRemotePath(path) || namesDirectoryCheckpoint(path)) return null;
  const head = await readHead(path);
  if (head === null) return null;
  if (head.kind === 'safetensors') {
    const columns = head.columns;
    if (columns === null || columns.names.size === 0) return null;
    const count = columns.names.size;
    return {
      format: 'safetensors',
      detail: safetensorsDetail(columns.headerLength, columns.metadata),
      size: head.size,
      parts: [{ path, columns }],
      count,
      part: new Int32Array(count),
      tensor: Int32Array.from({ length: count }, (_, k) => k),
    };
  }
  if (head.index === null) return null;
  // names are left unhashed by both scans: matched in order below, they need none (matchInOrder); the
  // index's keys are then distinct by their order, or checked by the scan when out of order
  const index = scanShardIndexColumns(head.index, path, true);
  if (index === null || index.keys.size === 0) return null;
  const shards = await mapLimited(index.shards, SHARD_READS, async (shard) => {
    const h = await readHead(siblingPath(path, shard), true);
    return h?.columns ? { path: siblingPath(path, shard), columns: h.columns, size: h.size } : null;
  });
  let size = head.size;
  const headers: SafetensorsColumns[] = [];
  for (const shard of shards) {
    if (!shard) return null;
    size += shard.size;
    headers.push(shard.columns);
  }
  const tensor = matchInOrder(index, headers) ?? matchInShards(index, headers);
  if (tensor === null) return null;
  const count = index.keys.size;
  return {
    format: 'hf-sharded',
    detail: [shardedDetail(index.shards.length, count), ...index.shards.map((s) => `${s}: safetensors`)],
    size,
    parts: shards.map((s) => ({ path: s!.path, columns: s!.columns })),
    count,
    part: index.shardOf.subarray(0, count),
    tensor,
  };
}

/**
 * Each index key's tensor number in its shard, when each shard's header names exactly the keys the
 * index lists under it, in the same order (what transformers and the safetensors writer make of a
 * one-dtype shard: weight_map sorted, a header in data order, which is name order); null when anything
 * differs. The index's keys are distinct, so a header whose names are its keys one for one holds
 * distinct names, lacks none and holds no tensor the index does not list under it: every check
 * matchInShards makes, with one comparison per name and no hash.
 */
function matchInOrder(index: ShardIndexColumns, headers: SafetensorsColumns[]): Int32Array | null {
  const { keys, shardOf } = index;
  const count = keys.size;
  const tensor = new Int32Array(count);
  const next = new Int32Array(headers.length);
  for (let e = 0; e < count; e++) {
    const s = shardOf[e]!;
    const { header, names } = headers[s]!;
    const t = next[s]!++;
    const length = keys.length[e]!;
    if (t >= names.size || names.length[t] !== length || !sameBytes(keys.bytes, keys.start[e]!, header, names.start[t]!, length)) return null;
    tensor[e] = t;
  }
  for (let s = 0; s < headers.length; s++) if (next[s] !== headers[s]!.names.size) return null;
  return tensor;
}

/**
 * Each index key's tensor number in its shard, each key looked up among its own shard's names (a table
 * of a few thousand, not one of every key of the set): null when a header repeats a name, lacks a key
 * the index lists under it or holds a tensor the index does not (the tree reader then reads the set
 * and says which). The keys are distinct, so distinct keys found in a header of as many names are all
 * of its names.
 */
function matchInShards(index: ShardIndexColumns, headers: SafetensorsColumns[]): Int32Array | null {
  const { keys, shardOf } = index;
  for (const { names } of headers) if (!names.checkNow()) return null;
  const tensor = new Int32Array(keys.size);
  const found = new Int32Array(headers.length);
  for (let e = 0; e < keys.size; e++) {
    const s = shardOf[e]!;
    const t = headers[s]!.names.find(keys.bytes, keys.start[e]!, keys.length[e]!);
    if (t < 0) return null;
    tensor[e] = t;
    found[s]!++;
  }
  for (let s = 0; s < headers.length; s++) if (found[s] !== headers[s]!.names.size) return null;
  return tensor;
}

interface Head {
  kind: ReturnType<typeof detectKind>;
  size: number;
  /** a safetensors file's header in columns (null when outside them) */
  columns: SafetensorsColumns | null;
  /** a shard index's bytes, whole */
  index: Uint8Array | null;
}

/**
 * What detectKind makes of a local file's first bytes, with the header parsed (once, as soon as it is
 * read) when the file is safetensors, or the whole text when it is a shard index. Null when the file
 * cannot be read.
 *
 * Read through fs's callbacks, each wrapped in one promise: the reads still run on libuv's threads,
 * SHARD_READS files at a time, but without fs/promises' FileHandle and its promise per call (the 20
 * headers of the bench's set, measured alone: ~17 → ~13.5 ms of CPU; reading them one by one with
 * readSync would be ~10.5 ms, but the shards of a set on a network disk are read side by side). The
 * close is not waited for: nothing was written, and nothing here needs the descriptor gone.
 */
async function readHead(path: string, namesCheckedLater = false): Promise<Head | null> {
  let fd: number;
  try {
    fd = await call<number>((done) => fs.open(path, 'r', done));
  } catch {
    return null;
  }
  try {
    const stat = await call<fs.Stats>((done) => fs.fstat(fd, done));
    if (!stat.isFile()) return null;
    const size = stat.size;
    const first = await readAt(fd, 0, Math.min(HEAD_BYTES, size));
    const kind = detectKind({ name: path, size, read: (o, l) => first.subarray(o, o + l), close: () => {} });
    if (kind === 'safetensors') {
      const n = acceptedHeaderLength(first, size);
      if (n === null) return { kind, size, columns: null, index: null };
      const header = 8 + n <= first.length ? first.subarray(8, 8 + n) : await readAt(fd, 8, n);
      return { kind, size, columns: scanSafetensorsColumns(header, size - 8 - n, namesCheckedLater), index: null };
    }
    if (kind !== 'shard-index' || size > MAX_INDEX_BYTES) return { kind, size, columns: null, index: null };
    return { kind, size, columns: null, index: size <= first.length ? first : await readAt(fd, 0, size) };
  } catch (e) {
    // a file that changed or failed under us: the tree reader opens it again and says what is wrong
    if (typeof (e as NodeJS.ErrnoException).code === 'string') return null;
    throw e;
  } finally {
    // nothing was written: a failing close loses nothing (the tree reader would open the file again)
    fs.close(fd, () => undefined);
  }
}

/** An fs callback call as a promise. */
function call<T>(f: (done: (e: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((e, value) => (e ? reject(e) : resolve(value))));
}

async function readAt(fd: number, offset: number, length: number): Promise<Uint8Array> {
  const buf = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const bytesRead = await call<number>((cb) => fs.read(fd, buf, done, length - done, offset + done, cb));
    if (bytesRead === 0) throw Object.assign(new Error('file ended early'), { code: 'EOF' });
    done += bytesRead;
  }
  return buf;
}

/** f over every item, at most `limit` at a time, results in item order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const k = next++;
      out[k] = await f(items[k]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
