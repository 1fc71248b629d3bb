import { Buffer } from 'node:buffer';
import type { ByteSource } from '../byte-source.js';
import { FormatError } from '../errors.js';

/** How much of the source one refill pulls in: big enough that refills are rare, small enough to never matter. */
const WINDOW = 64 * 1024;

/** Longest string read by `ascii`; longer ones go through a decoder, which is faster on long runs. */
const MAX_ASCII = 256;

/**
 * A forward cursor over a ByteSource that reads it in windows, so a pickle is never assumed to be in
 * memory and the machine never issues one source read per byte. Views returned by `take`/`line` are
 * valid only until the next call; callers copy what they keep.
 */
export class PickleReader {
  private buf: Uint8Array = new Uint8Array(0);
  /** `buf` as a Buffer (same memory), to make strings straight from the window without a view per string */
  private chars: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  private bufEnd = 0;
  /** absolute offset of the next unread byte */
  pos: number;
  readonly size: number;

  constructor(private readonly src: ByteSource, start: number) {
    this.pos = start;
    this.size = src.size;
  }

  get name(): string {
    return this.src.name;
  }

  remaining(): number {
    return this.size - this.pos;
  }

  /** One byte, or -1 at the end of the source. */
  byte(): number {
    const pos = this.pos;
    if (pos >= this.bufEnd || pos < this.bufStart) {
      if (pos >= this.size) return -1;
      this.fill(pos, 1);
    }
    this.pos = pos + 1;
    return this.buf[pos - this.bufStart]!;
  }

  /**
   * A view of the next `n` bytes. The caller has checked `n <= remaining()` (so a declared length is
   * validated before anything is allocated for it).
   */
  take(n: number): Uint8Array {
    const pos = this.pos;
    if (pos < this.bufStart || pos + n > this.bufEnd) this.fill(pos, n);
    this.pos = pos + n;
    const at = pos - this.bufStart;
    return this.buf.subarray(at, at + n);
  }

  /**
   * Little-endian unsigned integer of `n` ≤ 4 bytes read straight from the window (no view object: the
   * machine reads millions of these). The caller has checked `n <= remaining()`.
   */
  uint(n: number): number {
    const pos = this.pos;
    if (pos < this.bufStart || pos + n > this.bufEnd) this.fill(pos, n);
    const buf = this.buf;
    const at = pos - this.bufStart;
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + buf[at + i]!;
    this.pos = pos + n;
    return v;
  }

  /**
   * The next `n` bytes as a string when they are all ASCII (UTF-8 and Latin-1 then read them alike),
   * consuming them; null, consuming nothing, when one is not or `n` is large. Keys and storage names
   * are short ASCII: this spares a view object and a decoder call for each of 200,000 of them. The
   * caller has checked `n <= remaining()`.
   */
  ascii(n: number): string | null {
    if (n > MAX_ASCII) return null;
    const pos = this.pos;
    if (pos < this.bufStart || pos + n > this.bufEnd) this.fill(pos, n);
    const buf = this.buf;
    const at = pos - this.bufStart;
    const end = at + n;
    for (let i = at; i < end; i++) if (buf[i]! > 0x7f) return null;
    this.pos = pos + n;
    return this.chars.toString('latin1', at, end);
  }

  skip(n: number): void {
    this.pos += n;
  }

  /**
   * The bytes up to (not including) the next `\n`, consuming the newline; null when the source ends
   * first, 'too-long' past `maxLength` bytes (a newline-free file must not be pulled into memory
   * whole). Protocol-0 arguments are lines.
   */
  line(maxLength: number): Uint8Array | null | 'too-long' {
    const start = this.pos;
    let scanFrom = start;
    for (;;) {
      if (scanFrom >= this.size) return null;
      if (scanFrom - start > maxLength) return 'too-long';
      if (start < this.bufStart || scanFrom >= this.bufEnd) {
        // grow the window from `start` so the whole line ends up contiguous
        const want = Math.min(this.size - start, Math.max(WINDOW, (scanFrom - start) * 2 + 1));
        this.fill(start, want);
      }
      const rel = this.buf.indexOf(0x0a, scanFrom - this.bufStart);
      if (rel >= 0) {
        const nl = this.bufStart + rel;
        this.pos = nl + 1;
        return this.buf.subarray(start - this.bufStart, rel);
      }
      scanFrom = this.bufEnd;
    }
  }

  private fill(pos: number, need: number): void {
    const length = Math.min(this.size - pos, Math.max(need, WINDOW));
    if (length < need) {
      // callers check lengths first; reaching here is a bug, not bad input
      throw new Error(`PickleReader: read of ${need} bytes at ${pos} past end ${this.size}`);
    }
    const buf = this.src.read(pos, length);
    this.buf = buf;
    this.chars = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.bufStart = pos;
    this.bufEnd = pos + length;
  }
}

/** The one-line error for a stream that ends early. */
export function truncated(src: string, what: string, offset: number): FormatError {
  return new FormatError(src, `truncated pickle: ${what} at offset ${offset}`);
}
