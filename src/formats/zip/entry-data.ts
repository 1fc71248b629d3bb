import { newInflate } from './inflate.js';
import { FormatError } from '../errors.js';
import type { ByteLocation } from '../tensor.js';
import { FLAG_UNREADABLE, describeUnreadableFlags } from './anomalies.js';
import { crc32 } from './crc32.js';
import type { ZipArchive, ZipEntry } from './reader.js';

/** Whole-entry reads above this need an explicit maxBytes: data.pkl files are small, tensors are not read whole. */
export const DEFAULT_MAX_ENTRY_BYTES = 1 << 30;
/** Raw bytes per read when copying a stored entry. */
const STORED_CHUNK = 1 << 20;
/** Compressed bytes per inflate step: deflate expands at most ~1032:1, so one step yields at most ~66 MB. */
const DEFLATE_CHUNK = 1 << 16;

export interface EntryReadOptions {
  /** check the CRC-32 and raise FormatError on mismatch (PyTorch does not verify, so off by default) */
  verifyCrc?: boolean;
  /**
   * read even when flags say encrypted (0x1), patched (0x20) or strongly encrypted (0x40): the safety
   * scanner must see the bytes of an entry that only claims encryption. The loaders refuse such entries.
   */
  ignoreFlags?: boolean;
}

/**
 * Feeds an entry's uncompressed bytes to `onChunk` in order, with bounded memory. `onChunk` may return
 * false to stop early (then no size or CRC check is made). The total must equal the declared size.
 */
export function streamEntry(
  zip: ZipArchive,
  e: ZipEntry,
  onChunk: (chunk: Uint8Array) => boolean | void,
  opts: EntryReadOptions = {},
): void {
  const file = zip.source.name;
  checkReadable(file, e, opts.ignoreFlags ?? false);
  let produced = 0;
  let crc = 0;
  let stopped = false;
  const emit = (chunk: Uint8Array): void => {
    if (stopped || chunk.length === 0) return;
    produced += chunk.length;
    if (produced > e.size) throw new FormatError(file, `bad zip: entry "${e.name}" inflates past its declared size of ${e.size} bytes`);
    if (opts.verifyCrc) crc = crc32(chunk, crc);
    if (onChunk(chunk) === false) stopped = true;
  };

  if (e.method === 0) {
    for (let off = 0; off < e.compressedSize && !stopped; off += STORED_CHUNK) {
      emit(zip.source.read(e.dataOffset + off, Math.min(STORED_CHUNK, e.compressedSize - off)));
    }
  } else {
    const inflater = newInflate((data) => emit(data));
    try {
      for (let off = 0; off < e.compressedSize && !stopped; off += DEFLATE_CHUNK) {
        const n = Math.min(DEFLATE_CHUNK, e.compressedSize - off);
        inflater.push(zip.source.read(e.dataOffset + off, n), off + n >= e.compressedSize);
      }
      if (e.compressedSize === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError(file, `bad zip: entry "${e.name}" is not valid deflate data (${(err as Error).message})`, { cause: err });
    }
  }
  if (stopped) return;
  if (produced !== e.size) {
    throw new FormatError(file, `bad zip: entry "${e.name}" holds ${produced} bytes but declares ${e.size}`);
  }
  if (opts.verifyCrc && crc !== e.crc32) {
    throw new FormatError(file, `bad zip: CRC-32 mismatch in entry "${e.name}": stored ${hex(e.crc32)}, computed ${hex(crc)}`);
  }
}

/** An entry's uncompressed bytes, refusing (before reading) entries declared larger than maxBytes. */
export function readEntry(zip: ZipArchive, e: ZipEntry, opts: EntryReadOptions & { maxBytes?: number } = {}): Uint8Array {
  const max = opts.maxBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  if (e.size > max) {
    throw new FormatError(zip.source.name, `zip entry "${e.name}" is ${e.size} bytes, over the ${max}-byte limit for reading it whole`);
  }
  if (e.method === 0 && !opts.verifyCrc) {
    checkReadable(zip.source.name, e, opts.ignoreFlags ?? false);
    return zip.source.read(e.dataOffset, e.size);
  }
  const chunks: Uint8Array[] = [];
  streamEntry(zip, e, (c) => void chunks.push(c), opts);
  return concat(chunks, e.size);
}

/** The first min(n, size) uncompressed bytes, inflating no further than needed (npy headers, pickle sniffing). */
export function readEntryPrefix(zip: ZipArchive, e: ZipEntry, n: number, opts: Pick<EntryReadOptions, 'ignoreFlags'> = {}): Uint8Array {
  const want = Math.min(n, e.size);
  if (e.method === 0) {
    checkReadable(zip.source.name, e, opts.ignoreFlags ?? false);
    return zip.source.read(e.dataOffset, want);
  }
  const chunks: Uint8Array[] = [];
  let got = 0;
  streamEntry(
    zip,
    e,
    (c) => {
      chunks.push(c);
      got += c.length;
      return got < want;
    },
    opts,
  );
  return concat(chunks, got).subarray(0, want);
}

/** Where a tensor storage held in this entry lives, for TensorInfo; raises for entries PyTorch cannot read. */
export function entryLocation(zip: ZipArchive, e: ZipEntry, file: string): ByteLocation {
  checkReadable(zip.source.name, e, false);
  if (e.method === 0) return { kind: 'raw', file, offset: e.dataOffset, length: e.size, crc32: e.crc32 };
  return { kind: 'deflate', file, offset: e.dataOffset, compressedLength: e.compressedSize, length: e.size, entry: e.name };
}

function checkReadable(file: string, e: ZipEntry, ignoreFlags: boolean): void {
  if (e.method !== 0 && e.method !== 8) {
    throw new FormatError(file, `zip entry "${e.name}" uses compression method ${e.method}${METHOD_NAMES[e.method] ? ` (${METHOD_NAMES[e.method]})` : ''}; only stored and deflate are supported`);
  }
  if (!ignoreFlags && e.flags & FLAG_UNREADABLE) {
    throw new FormatError(file, `zip entry "${e.name}" is ${describeUnreadableFlags(e.flags)}; PyTorch and numpy cannot read it`);
  }
  if (e.method === 0 && e.compressedSize !== e.size) {
    const why = e.flags & 0x1 ? ' (it is really encrypted)' : '';
    throw new FormatError(file, `bad zip: stored entry "${e.name}" has ${e.compressedSize} bytes but declares size ${e.size}${why}`);
  }
}

const METHOD_NAMES: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstd', 95: 'xz', 99: 'AES' };

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === total) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, total - at), at);
    at += Math.min(c.length, total - at);
  }
  return out;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
