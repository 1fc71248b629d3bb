import type { ByteSource } from '../byte-source.js';
import { type DType, itemSize } from '../dtype.js';
import { FormatError } from '../errors.js';
import { contiguousStrides, type TensorInfo } from '../tensor.js';
import { lookupSafetensorsDtype } from './dtypes.js';
import { objectKeysInOrder } from './json-keys.js';

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
export function readSafetensors(src: ByteSource, file: string): SafetensorsFile {
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
  const header = parseHeaderJson(src.read(8, headerLength), fail);
  const metadata = readMetadata(Object.hasOwn(header.json, METADATA_KEY) ? header.json[METADATA_KEY] : undefined, fail);
  const dataStart = 8 + headerLength;
  const dataLength = src.size - dataStart;

  const names = (objectKeysInOrder(header.text, []) ?? []).filter((k) => k !== METADATA_KEY);
  const seen = new Set<string>();
  const tensors: SafetensorsTensor[] = [];
  const ranges: { name: string; begin: number; end: number }[] = [];
  for (const name of names) {
    if (seen.has(name)) fail(`safetensors header names tensor "${name}" twice`);
    seen.add(name);
    const t = readTensorEntry(name, header.json[name], fail);
    ranges.push({ name, begin: t.begin, end: t.end });
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
  }
  checkTiling(ranges, dataLength, fail);
  return { tensors, metadata, headerLength };
}

function headerLengthOf(b: Uint8Array): number | null {
  const lo = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  const hi = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  return hi >= 0x200000 ? null : hi * 0x100000000 + lo;
}

interface ParsedHeader {
  text: string;
  json: Record<string, unknown>;
}

function parseHeaderJson(bytes: Uint8Array, fail: (m: string) => never): ParsedHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('bad safetensors header: not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(`bad safetensors header: starts with ${JSON.stringify(text.slice(0, 1))}, not '{'`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`bad safetensors header: not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('bad safetensors header: not a JSON object');
  return { text, json: json as Record<string, unknown> };
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
  const where = `tensor "${name}"`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`bad safetensors header: ${where} is not an object`);
  const v = value as Record<string, unknown>;
  if (typeof v.dtype !== 'string') fail(`bad safetensors header: ${where} has no dtype string`);
  const looked = lookupSafetensorsDtype(v.dtype as string);
  if (!looked.ok) return fail(`safetensors ${where} has ${looked.reason}`);
  const dtype = looked.dtype;
  if (!Array.isArray(v.shape) || !v.shape.every(isCount)) fail(`bad safetensors header: ${where} shape is not a list of non-negative integers`);
  const shape = v.shape as number[];
  const offsets = v.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`bad safetensors header: ${where} data_offsets is not [begin, end] of non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`bad safetensors header: ${where} data_offsets [${begin}, ${end}] end before they begin`);
  let numel = 1;
  for (const d of shape) {
    numel *= d;
    if (!Number.isSafeInteger(numel)) fail(`bad safetensors header: ${where} shape [${shape.join(', ')}] has too many elements`);
  }
  const bytes = numel * itemSize(dtype);
  if (!Number.isSafeInteger(bytes) || bytes !== end - begin) {
    fail(`bad safetensors header: ${where} is ${v.dtype as string} [${shape.join(', ')}] = ${bytes} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`);
  }
  return { dtype, shape: shape.slice(), numel, begin, end };
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** Sorted by offset, each range must start where the previous ended, and the last must end the file. */
function checkTiling(ranges: { name: string; begin: number; end: number }[], dataLength: number, fail: (m: string) => never): void {
  const sorted = ranges.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev: string | null = null;
  for (const r of sorted) {
    if (r.begin < at) fail(`bad safetensors header: tensor "${r.name}" (bytes ${r.begin}..${r.end}) overlaps tensor "${prev}" (ends at ${at})`);
    if (r.begin > at) fail(`bad safetensors header: data section has a hole at bytes ${at}..${r.begin} (before tensor "${r.name}")`);
    at = r.end;
    prev = r.name;
  }
  if (at > dataLength) {
    fail(`truncated safetensors: tensor "${prev}" ends at byte ${at} of the data section, which has only ${dataLength} bytes`);
  }
  if (at < dataLength) fail(`bad safetensors file: ${dataLength - at} bytes after the last tensor are not described by the header`);
}
