import { closeSync, openSync, unlinkSync } from 'node:fs';
import { DTYPES, itemSize, type DType } from '../dtype.js';
import { FormatError } from '../errors.js';
import { copyRange, OpenFiles, readTensorBytes } from '../storage-copy.js';
import { isContiguous, numel, type TensorInfo } from '../tensor.js';
import { writeShards, type ShardedOutput } from '../shards.js';
import { BufferedOutput } from '../zip/writer.js';

/**
 * Writes safetensors files as the reference implementation (huggingface/safetensors `serialize`) does:
 * 8-byte little-endian header length, a compact JSON header (`__metadata__` first, then tensors in data
 * order) padded with spaces to a multiple of 8, then each tensor's bytes, contiguous, back to back.
 * Every tensor is written on its own: safetensors has no shared storage, so tied tensors are stored
 * twice unless the caller drops the duplicates.
 */

export interface SafetensorsTensor {
  name: string;
  info: TensorInfo;
}

export interface SafetensorsWriteOptions {
  /**
   * `reference` (default): by dtype size descending, then name, as the reference writer does; it keeps
   * every tensor aligned to its element size. `given`: in the order given (alignment not guaranteed).
   */
  order?: 'reference' | 'given';
  files?: OpenFiles;
}

/** The code the safetensors spec uses for a dtype (from the one dtype table). */
export function safetensorsCode(dtype: DType): string | null {
  return DTYPES[dtype].safetensors;
}

/** Where the reference writer puts a dtype: data is written from the end of its enum ("increasing alignment"). */
function safetensorsRank(dtype: DType): number {
  return DTYPES[dtype].safetensorsRank ?? -1;
}

interface Planned {
  name: string;
  info: TensorInfo;
  code: string;
  nbytes: number;
}

export function writeSafetensors(path: string, tensors: SafetensorsTensor[], metadata?: Record<string, string>, opts: SafetensorsWriteOptions = {}): void {
  const planned = plan(path, tensors, opts.order ?? 'reference');
  const header = headerBytes(planned, metadata);
  const fd = openSync(path, 'w');
  const files = opts.files ?? new OpenFiles();
  try {
    const out = new BufferedOutput(fd);
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(header.length), true);
    out.write(len);
    out.write(header);
    for (const t of planned) writeTensor(t, out, files);
    out.flush();
  } catch (e) {
    closeSync(fd);
    unlinkSync(path);
    throw e;
  } finally {
    if (!opts.files) files.close();
  }
  closeSync(fd);
}

function plan(path: string, tensors: SafetensorsTensor[], order: 'reference' | 'given'): Planned[] {
  const seen = new Set<string>();
  const planned = tensors.map(({ name, info }): Planned => {
    if (seen.has(name)) throw new FormatError(path, `tensor ${JSON.stringify(name)} given twice`);
    if (name === '__metadata__') throw new FormatError(path, 'a tensor cannot be named __metadata__ in safetensors');
    seen.add(name);
    const code = safetensorsCode(info.dtype);
    if (!code) throw new FormatError(path, `tensor ${JSON.stringify(name)} has dtype ${info.dtype}, which safetensors cannot store`);
    return { name, info, code, nbytes: numel(info.shape) * itemSize(info.dtype) };
  });
  if (order === 'reference') {
    const utf8 = new Map(planned.map((p) => [p.name, Buffer.from(p.name, 'utf8')]));
    // Rust compares names as UTF-8 bytes
    planned.sort((a, b) => safetensorsRank(b.info.dtype) - safetensorsRank(a.info.dtype) || Buffer.compare(utf8.get(a.name)!, utf8.get(b.name)!));
  }
  return planned;
}

function headerBytes(planned: Planned[], metadata: Record<string, string> | undefined): Uint8Array {
  // assembled by hand: a JS object would move integer-like tensor names ("0") to the front
  const parts: string[] = [];
  if (metadata) {
    const m = Object.entries(metadata).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(String(v))}`);
    parts.push(`"__metadata__":{${m.join(',')}}`);
  }
  let offset = 0;
  for (const t of planned) {
    parts.push(`${JSON.stringify(t.name)}:{"dtype":${JSON.stringify(t.code)},"shape":[${t.info.shape.join(',')}],"data_offsets":[${offset},${offset + t.nbytes}]}`);
    offset += t.nbytes;
  }
  const json = Buffer.from(`{${parts.join(',')}}`, 'utf8');
  const padded = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  padded.set(json);
  return padded;
}

function writeTensor(t: Planned, out: BufferedOutput, files: OpenFiles): void {
  if (t.nbytes === 0) return;
  const loc = t.info.storage.bytes;
  if (!loc) throw new FormatError('', `tensor ${JSON.stringify(t.name)}: its storage has no bytes in the file to copy`);
  if (isContiguous(t.info)) {
    const size = itemSize(t.info.dtype);
    copyRange(loc, (chunk) => out.write(chunk), { start: t.info.storageOffset * size, length: t.nbytes, files });
  } else {
    out.write(readTensorBytes(t.info, files));
  }
}

/**
 * Writes tensors as `<base>-0000i-of-0000N.safetensors` shards plus `<base>.safetensors.index.json`
 * (or one `<base>.safetensors` when they fit in one shard), in the given order.
 */
export function writeShardedSafetensors(
  dir: string,
  baseName: string,
  tensors: SafetensorsTensor[],
  maxShardBytes: number,
  metadata?: Record<string, string>,
  opts: SafetensorsWriteOptions = {},
): ShardedOutput {
  const files = opts.files ?? new OpenFiles();
  const shardOpts = { ...opts, files };
  try {
    return writeShards({
      dir, baseName, ext: 'safetensors', items: tensors, maxShardBytes,
      sizeOf: (t) => numel(t.info.shape) * itemSize(t.info.dtype),
      nameOf: (t) => t.name,
      write: (path, part) => writeSafetensors(path, part, metadata, shardOpts),
    });
  } finally {
    if (!opts.files) files.close();
  }
}
