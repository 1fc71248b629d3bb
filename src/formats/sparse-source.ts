import type { ByteSource } from './byte-source.js';
import { FormatError } from './errors.js';

/**
 * A read of bytes a SparseSource does not hold. Deliberately not a FormatError: readers that turn
 * FormatErrors into "member not read" notes must not swallow it. Readers that swallow everything are
 * still caught, because every miss is also recorded on the source (see `misses`).
 */
export class MissingBytes extends Error {
  override readonly name = 'MissingBytes';
  constructor(
    readonly source: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(`${source}: bytes ${offset}..${offset + length} not fetched yet`);
  }
}

/**
 * A file of known size of which only some ranges are held in memory: the bytes fetched from a remote
 * file. The synchronous readers run on it unchanged; a read of a range not held throws MissingBytes
 * and is recorded, so the caller can fetch exactly what was asked for and run the reader again. What a
 * reader sees is therefore always the file's real bytes, never a guess.
 */
export class SparseSource implements ByteSource {
  /** sorted, non-overlapping, non-adjacent held ranges */
  private ranges: { start: number; bytes: Uint8Array }[] = [];
  /** ranges asked for and not held, since the last clearMisses() */
  misses: { offset: number; length: number }[] = [];

  constructor(
    readonly name: string,
    readonly size: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but the file has ${this.size} bytes`);
    }
    if (length === 0) return new Uint8Array(0);
    const r = this.rangeAt(offset);
    if (r && offset + length <= r.start + r.bytes.length) return r.bytes.subarray(offset - r.start, offset - r.start + length);
    this.misses.push({ offset, length });
    throw new MissingBytes(this.name, offset, length);
  }

  close(): void {}

  clearMisses(): void {
    this.misses = [];
  }

  /** bytes held, in total */
  get held(): number {
    return this.ranges.reduce((a, r) => a + r.bytes.length, 0);
  }

  /** Whether [offset, offset+length) is held entirely. */
  has(offset: number, length: number): boolean {
    const r = this.rangeAt(offset);
    return r !== undefined && offset + length <= r.start + r.bytes.length;
  }

  /** The held range ending exactly at `offset`, if any (a reader walking forward through the file). */
  rangeEndingAt(offset: number): { start: number; length: number } | undefined {
    const r = this.ranges.find((x) => x.start + x.bytes.length === offset);
    return r && { start: r.start, length: r.bytes.length };
  }

  /** Held ranges as [start, bytes] for the cache. */
  entries(): [number, Uint8Array][] {
    return this.ranges.map((r) => [r.start, r.bytes]);
  }

  /** Adds the real bytes at `start`, merging with ranges it touches or overlaps. */
  add(start: number, bytes: Uint8Array): void {
    if (start < 0 || start + bytes.length > this.size) throw new Error(`SparseSource.add: ${start}+${bytes.length} outside ${this.size}`);
    if (bytes.length === 0) return;
    let lo = start;
    let hi = start + bytes.length;
    const keep: typeof this.ranges = [];
    const merge: typeof this.ranges = [];
    for (const r of this.ranges) {
      if (r.start + r.bytes.length < lo || r.start > hi) keep.push(r);
      else merge.push(r);
    }
    for (const r of merge) {
      lo = Math.min(lo, r.start);
      hi = Math.max(hi, r.start + r.bytes.length);
    }
    const out = new Uint8Array(hi - lo);
    for (const r of merge) out.set(r.bytes, r.start - lo);
    out.set(bytes, start - lo);
    keep.push({ start: lo, bytes: out });
    keep.sort((a, b) => a.start - b.start);
    this.ranges = keep;
  }

  private rangeAt(offset: number): { start: number; bytes: Uint8Array } | undefined {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (offset < r.start) hi = mid - 1;
      else if (offset >= r.start + r.bytes.length) lo = mid + 1;
      else return r;
    }
    return undefined;
  }
}
