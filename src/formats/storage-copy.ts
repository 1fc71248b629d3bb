import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { newInflate } from './zip/inflate.js';
import { FormatError } from './errors.js';
import { readFailure } from './io-errors.js';
import { itemSize } from './dtype.js';
import { contiguousStrides, isContiguous, locationFiles, locationLength, numel, viewSpan, type ByteLocation, type TensorInfo } from './tensor.js';

// a storage's length and a view's span are facts of the tensor record (tensor.ts), also read where no bytes are copied
export { locationLength, viewSpan };
import { transposeTiles, wordSize, wordView } from './transpose-tiles.js';

/**
 * Moving storage bytes without holding them: renames and drops stream a storage from its source file to
 * the output in fixed-size chunks, and only operations that change bytes (transpose, split, concat)
 * read the one tensor they touch into memory.
 */

export const COPY_BUFFER_SIZE = 4 << 20;

/** Deflate cannot expand more than ~1032:1; a declared size beyond that is a lie we refuse to allocate for. */
const MAX_DEFLATE_RATIO = 1032;
const DEFLATE_STEP = 64 << 10;

/** Keeps source files open across many storages (a checkpoint has up to 100,000 of them in one file). */
export class OpenFiles {
  private readonly fds = new Map<string, { fd: number; size: number }>();

  get(path: string): { fd: number; size: number } {
    let f = this.fds.get(path);
    if (!f) {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        throw new FormatError(path, `cannot open storage source: ${readFailure(e, path)}`);
      }
      f = { fd, size: fstatSync(fd).size };
      this.fds.set(path, f);
    }
    return f;
  }

  close(): void {
    for (const { fd } of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

export interface CopyOptions {
  /** first byte of the storage to copy (default 0) */
  start?: number;
  /** how many bytes (default: to the end of the storage) */
  length?: number;
  bufSize?: number;
  /** reuse open source files; when absent the files are opened and closed for this call */
  files?: OpenFiles;
}

function locationFile(loc: ByteLocation): string {
  return locationFiles(loc)[0] ?? '';
}

/**
 * Streams bytes [start, start+length) of a storage to `sink`. Chunks are views of a reused buffer: the
 * sink must consume each one before returning.
 */
export function copyRange(loc: ByteLocation, sink: (chunk: Uint8Array) => void, opts: CopyOptions = {}): void {
  const total = locationLength(loc);
  const start = opts.start ?? 0;
  const length = opts.length ?? total - start;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > total) {
    throw new FormatError(locationFile(loc), `bytes ${start}..${start + length} are outside a storage of ${total} bytes`);
  }
  if (length === 0) return;
  const bufSize = Math.max(1, Math.min(opts.bufSize ?? COPY_BUFFER_SIZE, COPY_BUFFER_SIZE));
  if (loc.kind === 'memory' || loc.kind === 'computed') {
    const bytes = loc.kind === 'memory' ? loc.bytes : computedBytes(loc);
    for (let at = start; at < start + length; at += bufSize) sink(bytes.subarray(at, Math.min(at + bufSize, start + length)));
    return;
  }
  const files = opts.files ?? new OpenFiles();
  try {
    if (loc.kind === 'chunks') {
      const runs = chunkRuns(loc);
      if (runs) copyRuns(runs, start, length, sink, bufSize, files);
      else {
        const whole = assembleChunks(loc, files, chunkScratch(loc.length));
        for (let at = start; at < start + length; at += bufSize) sink(whole.subarray(at, Math.min(at + bufSize, start + length)));
      }
    } else if (loc.kind === 'raw') copyRaw(loc.file, loc.offset + start, length, sink, bufSize, files);
    else copyDeflated(loc, start, length, sink, bufSize, files);
  } finally {
    if (!opts.files) files.close();
  }
}

/**
 * A chunked tensor's row-major bytes: each chunk's elements copied to its place. A chunk that is one run
 * of the output (whole trailing dims: rows of a row split, a range of a flat buffer) is read straight into
 * place, one read; any other is read whole in one read into a reused buffer and placed run by run, a run
 * being as many elements as are contiguous in both. The reader checked that the chunks tile the tensor
 * exactly, so every byte is written once.
 */
export function assembleChunks(loc: Extract<ByteLocation, { kind: 'chunks' }>, files: OpenFiles, into?: Uint8Array): Uint8Array {
  const out = into ?? new Uint8Array(loc.length);
  const strides = contiguousStrides(loc.shape);
  const rank = loc.shape.length;
  for (const c of loc.chunks) {
    const want = numel(c.sizes) * loc.itemsize;
    if (want === 0) continue;
    const t = c.tensor;
    const plain = t.storage.bytes?.kind === 'raw' && isContiguous(t) && itemSize(t.dtype) === loc.itemsize ? t.storage.bytes : null;
    // dims from `inner` on are contiguous in both the chunk and the whole (every later dim is whole): each run covers them
    let inner = Math.max(0, rank - 1);
    while (inner > 0 && c.sizes[inner]! === loc.shape[inner]!) inner--;
    let first = 0;
    for (let d = 0; d < rank; d++) first += c.offsets[d]! * strides[d]!;
    if (plain && c.sizes.slice(0, inner).every((n) => n === 1)) {
      readRawInto(plain, t.storageOffset * loc.itemsize, out.subarray(first * loc.itemsize, first * loc.itemsize + want), files);
      continue;
    }
    let bytes: Uint8Array;
    if (plain) {
      bytes = pieceScratch(want);
      readRawInto(plain, t.storageOffset * loc.itemsize, bytes, files);
    } else bytes = readTensorBytes(t, files);
    if (bytes.length !== want) {
      throw new FormatError(loc.file, `chunk at [${c.offsets}] of a [${loc.shape}] tensor holds ${bytes.length} bytes, not the ${want} its sizes [${c.sizes}] need`);
    }
    if (rank === 0) {
      out.set(bytes);
      continue;
    }
    const run = numel(c.sizes.slice(inner)) * loc.itemsize;
    const idx = new Array<number>(inner).fill(0);
    for (let from = 0; from < bytes.length; from += run) {
      let el = first;
      for (let d = 0; d < inner; d++) el += idx[d]! * strides[d]!;
      out.set(bytes.subarray(from, from + run), el * loc.itemsize);
      for (let d = inner - 1; d >= 0; d--) {
        if (++idx[d]! < c.sizes[d]!) break;
        idx[d] = 0;
      }
    }
  }
  return out;
}

/** A chunk that is one run of its tensor's bytes: `length` bytes of `file` at `offset` go to `at` in the whole. */
interface ChunkRun {
  file: string;
  offset: number;
  at: number;
  length: number;
}

/**
 * The chunks as runs in output order when every one is a single run of plain bytes (row splits, ranges
 * of flat buffers: most of DCP's, every ZeRO merge), else null. Such a tensor is streamed from its files
 * through the copy buffer, never assembled: no tensor-sized buffer, and the buffer stays in cache.
 */
function chunkRuns(loc: Extract<ByteLocation, { kind: 'chunks' }>): ChunkRun[] | null {
  const strides = contiguousStrides(loc.shape);
  const rank = loc.shape.length;
  const runs: ChunkRun[] = [];
  for (const c of loc.chunks) {
    const n = numel(c.sizes);
    if (n === 0) continue;
    const t = c.tensor;
    const b = t.storage.bytes;
    if (b?.kind !== 'raw' || !isContiguous(t) || itemSize(t.dtype) !== loc.itemsize) return null;
    // one run of the whole: every dim after the first one longer than 1 is whole
    const first = c.sizes.findIndex((x) => x > 1);
    if (first >= 0 && c.sizes.some((x, d) => d > first && x !== loc.shape[d])) return null;
    let at = 0;
    for (let d = 0; d < rank; d++) at += c.offsets[d]! * strides[d]!;
    const length = n * loc.itemsize;
    if (t.storageOffset * loc.itemsize + length > b.length) return null;
    runs.push({ file: b.file, offset: b.offset + t.storageOffset * loc.itemsize, at: at * loc.itemsize, length });
  }
  runs.sort((x, y) => x.at - y.at);
  // the reader checked the tiling; a gap or overlap here would mean it did not: assemble, which says so
  let end = 0;
  for (const r of runs) {
    if (r.at !== end) return null;
    end += r.length;
  }
  return end === loc.length ? runs : null;
}

/** Bytes [start, start+length) of a tensor made of runs, streamed from their files in order. */
function copyRuns(runs: ChunkRun[], start: number, length: number, sink: (c: Uint8Array) => void, bufSize: number, files: OpenFiles): void {
  const end = start + length;
  for (const r of runs) {
    const lo = Math.max(start, r.at);
    const hi = Math.min(end, r.at + r.length);
    if (lo < hi) copyRaw(r.file, r.offset + (lo - r.at), hi - lo, sink, bufSize, files);
  }
}

/** A reused buffer for one chunk read whole before it is placed (every byte of it is overwritten). */
let pieceBuffer = new Uint8Array(0);
function pieceScratch(length: number): Uint8Array {
  if (pieceBuffer.length < length) pieceBuffer = new Uint8Array(length);
  return pieceBuffer.subarray(0, length);
}

/**
 * One buffer for streaming chunked tensors, grown to the largest so far and reused: the chunks tile the
 * tensor, so every byte is overwritten, and copyRange's sink consumes the bytes before it returns.
 * Allocating (and zeroing) a fresh tensor-sized array per tensor cost a third of a consolidation's CPU.
 */
let scratch = new Uint8Array(0);
function chunkScratch(length: number): Uint8Array {
  if (scratch.length < length) scratch = new Uint8Array(length);
  return scratch.subarray(0, length);
}

/** Bytes [start, start + dest.length) of a raw storage read straight into `dest` (no intermediate buffer). */
export function readRawInto(loc: Extract<ByteLocation, { kind: 'raw' }>, start: number, dest: Uint8Array, files: OpenFiles): void {
  const { fd, size } = files.get(loc.file);
  const offset = loc.offset + start;
  if (start + dest.length > loc.length || offset + dest.length > size) {
    throw new FormatError(loc.file, `truncated: storage needs bytes ${offset}..${offset + dest.length} but the file has ${size} bytes`);
  }
  for (let got = 0; got < dest.length; ) {
    const n = readSync(fd, dest, got, dest.length - got, offset + got);
    if (n === 0) throw new FormatError(loc.file, `truncated: file ended at ${offset + got}`);
    got += n;
  }
}

/**
 * The copy buffer, reused by every raw copy: allocating (and zeroing) a fresh one per storage cost more
 * than the copy for a checkpoint of many small ones. Sinks consume each chunk before returning
 * (copyRange's contract), and no sink starts another copy, so one buffer is enough.
 */
let copyBuf = new Uint8Array(0);
function copyBuffer(length: number): Uint8Array {
  if (copyBuf.length < length) copyBuf = new Uint8Array(Math.max(length, Math.min(COPY_BUFFER_SIZE, 2 * copyBuf.length)));
  return copyBuf.subarray(0, length);
}

function copyRaw(file: string, offset: number, length: number, sink: (c: Uint8Array) => void, bufSize: number, files: OpenFiles): void {
  const { fd, size } = files.get(file);
  if (offset + length > size) {
    throw new FormatError(file, `truncated: storage needs bytes ${offset}..${offset + length} but the file has ${size} bytes`);
  }
  const buf = copyBuffer(Math.min(bufSize, length));
  let done = 0;
  while (done < length) {
    const want = Math.min(buf.length, length - done);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buf, got, want - got, offset + done + got);
      if (n === 0) throw new FormatError(file, `truncated: file ended at ${offset + done + got}`);
      got += n;
    }
    sink(buf.subarray(0, want));
    done += want;
  }
}

function copyDeflated(
  loc: Extract<ByteLocation, { kind: 'deflate' }>,
  start: number,
  length: number,
  sink: (c: Uint8Array) => void,
  bufSize: number,
  files: OpenFiles,
): void {
  const { fd, size } = files.get(loc.file);
  if (loc.offset + loc.compressedLength > size) {
    throw new FormatError(loc.file, `truncated: zip entry ${loc.entry} needs bytes ${loc.offset}..${loc.offset + loc.compressedLength} but the file has ${size} bytes`);
  }
  const end = start + length;
  let produced = 0;
  const inflate = newInflate((chunk: Uint8Array) => {
    const from = produced;
    produced += chunk.length;
    if (produced > loc.length) throw new FormatError(loc.file, `zip entry ${loc.entry} inflates to more than its declared ${loc.length} bytes`);
    const lo = Math.max(start, from);
    const hi = Math.min(end, produced);
    if (lo < hi) sink(chunk.subarray(lo - from, hi - from));
  });
  // small input steps bound what one push can inflate to (deflate expands at most ~1032:1)
  const buf = new Uint8Array(Math.min(bufSize, DEFLATE_STEP, Math.max(1, loc.compressedLength)));
  let read = 0;
  try {
    while (read < loc.compressedLength && produced < end) {
      const want = Math.min(buf.length, loc.compressedLength - read);
      const n = readSync(fd, buf, 0, want, loc.offset + read);
      if (n === 0) throw new FormatError(loc.file, `truncated: file ended inside zip entry ${loc.entry}`);
      read += n;
      // fflate copies what it keeps of a pushed chunk, so the buffer can be reused
      inflate.push(buf.subarray(0, n), read === loc.compressedLength);
    }
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(loc.file, `zip entry ${loc.entry}: corrupt deflate stream (${(e as Error).message})`);
  }
  if (produced < end) throw new FormatError(loc.file, `zip entry ${loc.entry} inflates to ${produced} bytes, fewer than the ${end} needed`);
}

/** A computed location's bytes, checked against the length it declared. */
function computedBytes(loc: Extract<ByteLocation, { kind: 'computed' }>): Uint8Array {
  const bytes = loc.compute();
  if (bytes.length !== loc.length) throw new Error(`a rebuilt tensor from ${loc.file} came to ${bytes.length} bytes, not the ${loc.length} planned`);
  return bytes;
}

/**
 * Bytes [start, start+length) of a storage, as a fresh array — or in `into` (exactly `length` bytes, every
 * one overwritten) when the storage is plain bytes in a file, read straight into place.
 */
export function readRange(loc: ByteLocation, start: number, length: number, files?: OpenFiles, into?: Uint8Array): Uint8Array {
  if (loc.kind === 'deflate' && loc.length > loc.compressedLength * MAX_DEFLATE_RATIO + 1024) {
    throw new FormatError(loc.file, `zip entry ${loc.entry} declares ${loc.length} bytes from ${loc.compressedLength} compressed: impossible for deflate`);
  }
  const own = files ?? new OpenFiles();
  try {
    if (loc.kind === 'chunks' && start === 0 && length === loc.length) return assembleChunks(loc, own);
    // checked before allocating: the declared length may be a lie
    if (loc.kind === 'raw' && loc.offset + start + length > own.get(loc.file).size) {
      throw new FormatError(loc.file, `truncated: storage needs bytes ${loc.offset + start}..${loc.offset + start + length} but the file has ${own.get(loc.file).size} bytes`);
    }
    // a computed location's buffer is reused by its next call: copied out
    if (loc.kind === 'computed') return computedBytes(loc).slice(start, start + length);
    const out = loc.kind === 'raw' && into?.length === length ? into : new Uint8Array(length);
    if (loc.kind === 'raw') {
      readRawInto(loc, start, out, own);
      return out;
    }
    let at = 0;
    copyRange(loc, (chunk) => {
      out.set(chunk, at);
      at += chunk.length;
    }, { start, length, files: own });
    return out;
  } finally {
    if (!files) own.close();
  }
}

function checkView(info: TensorInfo): void {
  const ok =
    info.shape.length === info.stride.length &&
    Number.isSafeInteger(info.storageOffset) && info.storageOffset >= 0 &&
    info.shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
    info.stride.every((s) => Number.isSafeInteger(s) && s >= 0);
  if (!ok) {
    throw new FormatError(locationFile(info.storage.bytes ?? { kind: 'memory', bytes: new Uint8Array(0) }),
      `tensor with shape [${info.shape}] stride [${info.stride}] offset ${info.storageOffset} is not a valid view`);
  }
}

/**
 * The tensor's elements in row-major order, reading only the part of the storage the view spans.
 * Bytes are moved as opaque items, so every dtype (bool, bf16, fp8, complex…) and NaN payload survives.
 * `into` (the tensor's size in bytes), when given, may be filled and returned instead of a fresh array.
 */
export function readTensorBytes(info: TensorInfo, files?: OpenFiles, into?: Uint8Array): Uint8Array {
  checkView(info);
  const size = itemSize(info.dtype);
  const loc = info.storage.bytes;
  const span = viewSpan(info);
  if (!span) return new Uint8Array(0);
  if (!loc) throw new FormatError('', `storage ${info.storage.key} has no readable bytes in the file`);
  const have = locationLength(loc);
  if (span.end * size > have) {
    throw new FormatError(locationFile(loc),
      `tensor view needs storage elements ${span.first}..${span.end} but storage ${info.storage.key} holds ${Math.floor(have / size)}`);
  }
  const bytes = readRange(loc, span.first * size, (span.end - span.first) * size, files, isContiguous(info) ? into : undefined);
  if (isContiguous(info)) return bytes;
  return gatherStrided(bytes, size, info.shape, info.stride, 0);
}

/**
 * Copies the elements of a strided view of `src` (offset and strides in elements) into a new row-major
 * array, or into `into` when it has exactly their size. Elements are copied as 4-, 2- or 1-byte words,
 * never as floats, so bit patterns are exact.
 */
export function gatherStrided(src: Uint8Array, itemsize: number, shape: readonly number[], stride: readonly number[], offset: number, into?: Uint8Array): Uint8Array {
  const n = numel(shape) * itemsize;
  const out = into?.length === n ? into : new Uint8Array(n);
  if (out.length === 0) return out;
  // merge dims that are contiguous with each other, drop size-1 dims: fewer, longer runs
  const dims: { size: number; stride: number }[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const prev = dims[dims.length - 1];
    if (prev && prev.stride === stride[i]! * shape[i]!) {
      prev.size *= shape[i]!;
      prev.stride = stride[i]!;
    } else {
      dims.push({ size: shape[i]!, stride: stride[i]! });
    }
  }
  if (dims.length === 0) dims.push({ size: 1, stride: 1 });
  const w = wordSize(src, out, itemsize);
  const k = itemsize / w;
  const S = wordView(src, w);
  const D = wordView(out, w);
  if (dims.length === 2 && dims[0]!.stride === 1 && dims[1]!.stride !== 1) {
    transposeTiles(S, D, k, offset * k, dims[0]!.size, dims[1]!.size, dims[1]!.stride * k);
    return out;
  }
  const inner = dims[dims.length - 1]!;
  const outer = dims.slice(0, -1);
  const idx = new Array<number>(outer.length).fill(0);
  const runWords = inner.size * k;
  const innerStep = inner.stride * k;
  let base = offset * k;
  let o = 0;
  for (;;) {
    if (inner.stride === 1) {
      D.set(S.subarray(base, base + runWords), o);
      o += runWords;
    } else if (k === 1) {
      for (let j = 0, p = base; j < inner.size; j++, p += innerStep) D[o++] = S[p]!;
    } else {
      for (let j = 0, p = base; j < inner.size; j++, p += innerStep) for (let q = 0; q < k; q++) D[o++] = S[p + q]!;
    }
    let d = outer.length - 1;
    for (; d >= 0; d--) {
      const dim = outer[d]!;
      base += dim.stride * k;
      if (++idx[d]! < dim.size) break;
      base -= dim.stride * k * dim.size;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return out;
}

function checkDense(bytes: Uint8Array, shape: readonly number[], itemsize: number, what: string): void {
  if (bytes.length !== numel(shape) * itemsize) {
    throw new Error(`${what}: ${bytes.length} bytes do not hold shape [${shape}] of ${itemsize}-byte items`);
  }
}

/**
 * Permutes the dims of a row-major tensor: output dim i is input dim `dims[i]` (torch's `permute`;
 * a 2-D transpose is `[1, 0]`), into `into` when it has the tensor's size.
 */
export function transposeBytes(bytes: Uint8Array, shape: readonly number[], itemsize: number, dims: readonly number[], into?: Uint8Array): Uint8Array {
  checkDense(bytes, shape, itemsize, 'transpose');
  const seen = new Set(dims);
  if (dims.length !== shape.length || seen.size !== dims.length || dims.some((d) => !(d >= 0 && d < shape.length))) {
    throw new Error(`transpose: [${dims}] is not a permutation of ${shape.length} dims`);
  }
  const strides = contiguousStrides(shape);
  return gatherStrided(bytes, itemsize, dims.map((d) => shape[d]!), dims.map((d) => strides[d]!), 0, into);
}

/** Splits a row-major tensor along `dim` into parts of the given sizes (torch.split with a list). */
export function splitBytes(bytes: Uint8Array, shape: readonly number[], itemsize: number, dim: number, sizes: readonly number[]): Uint8Array[] {
  checkDense(bytes, shape, itemsize, 'split');
  if (!(dim >= 0 && dim < shape.length)) throw new Error(`split: dim ${dim} out of range for shape [${shape}]`);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== shape[dim] || sizes.some((s) => !(Number.isSafeInteger(s) && s >= 0))) {
    throw new Error(`split: sizes [${sizes}] do not add up to dim ${dim} of shape [${shape}]`);
  }
  const strides = contiguousStrides(shape);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const s of sizes) {
    const partShape = shape.slice();
    partShape[dim] = s;
    parts.push(gatherStrided(bytes, itemsize, partShape, strides, at * strides[dim]!));
    at += s;
  }
  return parts;
}

/** Concatenates row-major tensors along `dim` (torch.cat); all other dims must agree. */
export function concatBytes(parts: readonly { bytes: Uint8Array; shape: readonly number[] }[], itemsize: number, dim: number): { bytes: Uint8Array; shape: number[] } {
  const first = parts[0];
  if (!first) throw new Error('concat: no parts');
  if (!(dim >= 0 && dim < first.shape.length)) throw new Error(`concat: dim ${dim} out of range for shape [${first.shape}]`);
  for (const p of parts) {
    checkDense(p.bytes, p.shape, itemsize, 'concat');
    if (p.shape.length !== first.shape.length || p.shape.some((d, i) => i !== dim && d !== first.shape[i])) {
      throw new Error(`concat: shape [${p.shape}] does not match [${first.shape}] outside dim ${dim}`);
    }
  }
  const shape = first.shape.slice();
  shape[dim] = parts.reduce((a, p) => a + p.shape[dim]!, 0);
  const outer = numel(shape.slice(0, dim));
  const out = new Uint8Array(numel(shape) * itemsize);
  const blocks = parts.map((p) => numel(p.shape.slice(dim)) * itemsize);
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < parts.length; j++) {
      const blk = blocks[j]!;
      out.set(parts[j]!.bytes.subarray(i * blk, (i + 1) * blk), o);
      o += blk;
    }
  }
  return { bytes: out, shape };
}
