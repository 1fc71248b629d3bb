import { Buffer, isAscii } from 'node:buffer';
import type { ByteSource } from '../byte-source.js';
import { type DType, itemSize } from '../dtype.js';
import { FormatError, quoteSizes } from '../errors.js';
import { contiguousStrides, type TensorInfo } from '../tensor.js';
import { lookupSafetensorsDtype } from './dtypes.js';
import { objectKeysInOrder } from './json-keys.js';
import { scanHeader } from './json-scan.js';

/** The reference implementation's limit; a larger header is refused before it is read. */
export const MAX_HEADER_LENGTH = 100_000_000;
const METADATA_KEY = '__metadata__';

export interface SafetensorsTensor {
  name: string;
  info: TensorInfo;
}

export interface SafetensorsFile {
  /** in header (JSON) order */
  tensors: SafetensorsTensor[];
  metadata: Record<string, string> | null;
  /** N: the header's byte length; tensor data starts at 8 + N */
  headerLength: number;
}

export interface ReadOptions {
  /** read the header the exact way (JSON.parse and the key walk) even when the one-pass scan could: tests compare the two */
  exact?: boolean;
}

/** An 8-byte length that fits the file and stays under the limit, then `{`. */
export function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 9 || head[8] !== 0x7b) return false;
  const n = headerLengthOf(head);
  return n !== null && n >= 2 && n <= MAX_HEADER_LENGTH && n <= size - 8;
}

/**
 * Reads the header and validates it as the reference implementation does: every tensor's byte range
 * matches its shape and dtype, and the ranges tile the data section exactly (no overlap, no hole, no
 * trailing bytes: the spec forbids holes so that no other file can hide in one). Tensor bytes are not read.
 */
export function readSafetensors(src: ByteSource, file: string, opts: ReadOptions = {}): SafetensorsFile {
  const fail = (msg: string): never => {
    throw new FormatError(file, msg);
  };
  if (src.size < 8) fail(`not a safetensors file: ${src.size} bytes is shorter than the 8-byte header length`);
  const n = headerLengthOf(src.read(0, 8));
  if (n === null || n > MAX_HEADER_LENGTH) {
    fail(`bad safetensors header length ${n ?? 'over 2^53'}: over the ${MAX_HEADER_LENGTH}-byte limit`);
  }
  const headerLength = n!;
  if (headerLength > src.size - 8) {
    fail(`truncated safetensors: header length ${headerLength} exceeds the ${src.size - 8} bytes after the length field`);
  }
  const text = decodeHeader(src.read(8, headerLength), fail);
  if (!text.startsWith('{')) fail(`bad safetensors header: starts with ${JSON.stringify(text.slice(0, 1))}, not '{'`);
  const dataStart = 8 + headerLength;
  const dataLength = src.size - dataStart;
  const tensors: SafetensorsTensor[] = [];
  const begins: number[] = [];
  const ends: number[] = [];
  const add = (name: string, t: TensorEntry): void => {
    begins.push(t.begin);
    ends.push(t.end);
    tensors.push({
      name,
      info: {
        kind: 'safetensors',
        dtype: t.dtype,
        shape: t.shape,
        stride: contiguousStrides(t.shape),
        storageOffset: 0,
        storage: {
          key: name,
          dtype: t.dtype,
          numel: t.numel,
          device: 'cpu',
          bytes: { kind: 'raw', file, offset: dataStart + t.begin, length: t.end - t.begin },
        },
        requiresGrad: false,
      },
    });
  };

  // The common header (plain names, the three fields) in one pass; any other the exact way. Both
  // validate each entry with tensorEntry, in document order, so they fail alike.
  const scan = opts.exact ? null : scanHeader(text);
  let metadata: Record<string, string> | null;
  if (scan) {
    metadata = readMetadata(scan.metadata, fail);
    for (let k = 0; k < scan.names.length; k++) {
      const name = scan.names[k]!;
      const code = scan.dtypes[k]!;
      add(name, spanEntry(name, code, dtypeOf(name, code, fail), scan.shapes[k]!, scan.begins[k]!, scan.ends[k]!, fail));
    }
  } else {
    const json = parseHeaderJson(text, fail);
    metadata = readMetadata(Object.hasOwn(json, METADATA_KEY) ? json[METADATA_KEY] : undefined, fail);
    const names = (objectKeysInOrder(text, []) ?? []).filter((k) => k !== METADATA_KEY);
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) fail(`safetensors header names tensor "${name}" twice`);
      seen.add(name);
      add(name, readTensorEntry(name, json[name], fail));
    }
  }
  checkTiling(tensors, begins, ends, dataLength, fail);
  return { tensors, metadata, headerLength };
}

/** The 8-byte little-endian header length, or null when it is 2^53 or more. */
export function headerLengthOf(b: Uint8Array): number | null {
  const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  return hi >= 0x200000 ? null : hi * 0x100000000 + lo;
}

/**
 * The header's text. All-ASCII headers (nearly all) are read as Latin-1, which for ASCII is the same
 * text and skips the UTF-8 decoder's validation pass; anything else must be valid UTF-8.
 */
function decodeHeader(bytes: Uint8Array, fail: (m: string) => never): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (isAscii(buf)) return buf.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('bad safetensors header: not valid UTF-8');
  }
}

function parseHeaderJson(text: string, fail: (m: string) => never): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`bad safetensors header: not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('bad safetensors header: not a JSON object');
  return json as Record<string, unknown>;
}

function readMetadata(value: unknown, fail: (m: string) => never): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return fail('bad safetensors header: __metadata__ is not an object');
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`bad safetensors header: __metadata__ value for "${k}" is not a string`);
    out[k] = v as string;
  }
  return out;
}

interface TensorEntry {
  dtype: DType;
  shape: number[];
  numel: number;
  begin: number;
  end: number;
}

function readTensorEntry(name: string, value: unknown, fail: (m: string) => never): TensorEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`bad safetensors header: tensor "${name}" is not an object`);
  const v = value as Record<string, unknown>;
  return tensorEntry(name, v.dtype, Array.isArray(v.shape) ? v.shape.slice() : v.shape, v.data_offsets, fail);
}

/**
 * One tensor's fields checked in the order the messages assume: the dtype, the types of shape and
 * data_offsets, then the span (spanEntry). `shapeValue` is kept (the caller passes a copy it owns).
 */
function tensorEntry(name: string, code: unknown, shapeValue: unknown, offsets: unknown, fail: (m: string) => never): TensorEntry {
  if (typeof code !== 'string') fail(`bad safetensors header: tensor "${name}" has no dtype string`);
  const dtype = dtypeOf(name, code as string, fail);
  if (!Array.isArray(shapeValue) || !shapeValue.every(isCount)) fail(`bad safetensors header: tensor "${name}" shape is not a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`bad safetensors header: tensor "${name}" data_offsets is not [begin, end] of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  return spanEntry(name, code as string, dtype, shapeValue as number[], begin, end, fail);
}

function dtypeOf(name: string, code: string, fail: (m: string) => never): DType {
  const looked = lookupSafetensorsDtype(code);
  return looked.ok ? looked.dtype : fail(`safetensors tensor "${name}" has ${looked.reason}`);
}

/** The checks on well-typed fields: offsets in order, a countable shape, and bytes that match the span. */
function spanEntry(name: string, code: string, dtype: DType, shape: number[], begin: number, end: number, fail: (m: string) => never): TensorEntry {
  if (end < begin) fail(`bad safetensors header: tensor "${name}" data_offsets [${begin}, ${end}] end before they begin`);
  let numel = 1;
  for (const d of shape) {
    numel *= d;
    if (!Number.isSafeInteger(numel)) fail(`bad safetensors header: tensor "${name}" shape ${quoteSizes(shape)} has too many elements`);
  }
  const bytes = numel * itemSize(dtype);
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    fail(`bad safetensors header: tensor "${name}" is ${code} ${quoteSizes(shape)} = ${bytes} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { dtype, shape, numel, begin, end };
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/**
 * Sorted by offset, each range must start where the previous ended, and the last must end the file.
 * Writers put tensors in offset order, so the order is checked first and a sort made only when needed.
 */
function checkTiling(tensors: readonly SafetensorsTensor[], begins: readonly number[], ends: readonly number[], dataLength: number, fail: (m: string) => never): void {
  const begin = (k: number): number => begins[k]!;
  const end = (k: number): number => ends[k]!;
  let inOrder = true;
  for (let k = 1; k < tensors.length && inOrder; k++) inOrder = begin(k - 1) < begin(k) || (begin(k - 1) === begin(k) && end(k - 1) <= end(k));
  const order = tensors.map((_, k) => k);
  if (!inOrder) order.sort((a, b) => begin(a) - begin(b) || end(a) - end(b));
  let at = 0;
  let prev: string | null = null;
  for (const k of order) {
    const b = begin(k);
    const name = tensors[k]!.name;
    if (b < at) fail(`bad safetensors header: tensor "${name}" (bytes ${b}..${end(k)}) overlaps tensor "${prev}" (ends at ${at})`);
    if (b > at) fail(`bad safetensors header: data section has a hole at bytes ${at}..${b} (before tensor "${name}")`);
    at = end(k);
    prev = name;
  }
  if (at > dataLength) {
    fail(`truncated safetensors: tensor "${prev}" ends at byte ${at} of the data section, which has only ${dataLength} bytes`);
  }
  if (at < dataLength) fail(`bad safetensors file: ${dataLength - at} bytes after the last tensor are not described by the header`);
}
