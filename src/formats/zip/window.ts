import type { ByteSource } from '../byte-source.js';

/**
 * Serves many small reads (central directory records, local headers) from one larger read, so listing
 * an archive of 100,000 entries costs a few hundred system calls instead of 200,000.
 * Callers check ranges against the source size first; a read past the end still raises FormatError.
 */
export class WindowedReader {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly src: ByteSource,
    private readonly windowSize: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const rel = offset - this.start;
    if (rel >= 0 && rel + length <= this.bytes.length) return this.bytes.subarray(rel, rel + length);
    const want = Math.max(length, Math.min(this.windowSize, this.src.size - offset));
    this.bytes = this.src.read(offset, want);
    this.start = offset;
    return this.bytes.subarray(0, length);
  }
}

export function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** A little-endian u64 as a number, or null when it does not fit exactly (over 2^53). */
export function u64(b: Uint8Array, at: number): number | null {
  const lo = u32(b, at);
  const hi = u32(b, at + 4);
  if (hi >= 0x200000) return null;
  return hi * 0x100000000 + lo;
}
