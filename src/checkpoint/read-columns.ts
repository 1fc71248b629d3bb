import * as fs from 'node:fs';
import { detectKind } from '../formats/detect.js';
import { scanShardIndexColumns } from '../formats/hf-index.js';
import { acceptedHeaderLength, scanSafetensorsColumns, type SafetensorsColumns } from '../formats/safetensors/columns.js';
import { namesDirectoryCheckpoint } from './layouts/registry.js';
import { safetensorsDetail } from './read-arrays.js';
import { MAX_INDEX_BYTES, shardedDetail } from './read-sharded.js';
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
  const index = scanShardIndexColumns(head.index, path);
  if (index === null || index.keys.size === 0) return null;
  const shards = await mapLimited(index.shards, SHARD_READS, async (shard) => {
    const h = await readHead(siblingPath(path, shard));
    return h?.columns ? { path: siblingPath(path, shard), columns: h.columns, size: h.size } : null;
  });
  const count = index.keys.size;
  const tensor = new Int32Array(count).fill(-1);
  let size = head.size;
  for (let s = 0; s < shards.length; s++) {
    const shard = shards[s];
    if (!shard) return null;
    size += shard.size;
    const { header, names } = shard.columns;
    for (let t = 0; t < names.size; t++) {
      // the name was hashed when the scan checked it distinct: the index's table is looked up with that hash
      const e = index.keys.findHashed(header, names.start[t]!, names.length[t]!, names.hashOf(t));
      // a tensor the index does not list under this shard: the tree reader's listing and detail
      if (e < 0 || index.shardOf[e] !== s) return null;
      tensor[e] = t;
    }
  }
  // every key the index names must be in its shard
  if (tensor.includes(-1)) return null;
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
async function readHead(path: string): Promise<Head | null> {
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
      return { kind, size, columns: scanSafetensorsColumns(header, size - 8 - n), index: null };
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
