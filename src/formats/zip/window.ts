import type { ByteSource } from '../byte-source.js';

/**
 * Serves many small reads (central directory records, local headers) from one larger read, so listing
 * an archive of 100,000 entries costs a few hundred system calls instead of 200,000.
 * Callers check ranges against the source size first; a read past the end still raises FormatError.
 *
 * A source that can read into a given buffer (`readInto`: a local file) is read into two buffers
 * used in turn, not a fresh one per window: listing a 200,000-member torch zip reads its whole 68 MB
 * through the local-header window, and fresh memory faults once per 4 KiB page (issue 14: ~15 µs a
 * fault on this VM, a tenth of the listing). So a view this returns stays valid until the second
 * refill after it (one further window may be read while it is in use), not for ever: callers copy
 * what they keep (readCentralEntry copies a name into the directory before the next member).
 */
export class WindowedReader {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);
  /** the two window buffers of a source with readInto, made on first use */
  private spare: Uint8Array | null = null;
  private other: Uint8Array | null = null;

  constructor(
    private readonly src: ByteSource,
    private readonly windowSize: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const rel = offset - this.start;
    if (rel >= 0 && rel + length <= this.bytes.length) return this.bytes.subarray(rel, rel + length);
    const want = Math.max(length, Math.min(this.windowSize, this.src.size - offset));
    // (a range past the end goes to read, which raises the truncation error)
    this.bytes = this.src.readInto && want <= this.windowSize && offset >= 0 && offset + want <= this.src.size ? this.refill(offset, want) : this.src.read(offset, want);
    this.start = offset;
    return this.bytes.subarray(0, length);
  }

  /** the window read into the buffer not holding the current one (so the current one's views stay good) */
  private refill(offset: number, want: number): Uint8Array {
    const buf = (this.spare ??= new Uint8Array(Math.min(this.windowSize, this.src.size)));
    this.spare = this.other;
    this.other = buf;
    const view = buf.subarray(0, want);
    this.src.readInto!(offset, view);
    return view;
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
