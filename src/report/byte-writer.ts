import { Buffer } from 'node:buffer';

/** Text as its bytes, one per character (the pieces of JSON lines written as bytes are ASCII). */
export const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/** Bytes appended to a buffer that grows as needed. */
export class ByteWriter {
  private buf: Buffer;
  private at = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(64, capacity));
  }

  /** Makes room for n more bytes (a caller writing many small pieces may reserve a line's most at once) */
  reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(c: number): void {
    this.reserve(1);
    this.buf[this.at++] = c;
  }

  // copied byte by byte: the pieces are a few bytes to a key's length, where a TypedArray.set call
  // costs more than the copy (this runs ~20 times per tensor line)
  bytes(src: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    const buf = this.buf;
    let at = this.at;
    for (let k = start; k < end; k++) buf[at++] = src[k]!;
    this.at = at;
  }

  /** how many bytes are written: a position in the lines being written (LineMemo's marks) */
  get length(): number {
    return this.at;
  }

  /**
   * Writes again the line at marks m[o…o + 5] (LineMemo: start, key, key end, storage key, its end, end)
   * with another key: key[start, end) (between quotes when `quote`) where the line has its key, and
   * there again, or the number `storage` between quotes when it is not negative, where it has its
   * storage's key; then moves the marks to the line just written, so that the slot's next line copies
   * the latest one. Native copies but for that number: the same cost cold or warm (a one-shot CLI runs
   * byte loops in V8's interpreter until it has compiled them: issue 14).
   *
   * When the new keys' text is as long as the line's (the key, and the storage's key where the new
   * line has its own key there), the line is copied whole and the keys written over its keys: four
   * native calls instead of six. Each call, not the bytes, is the cost (the 20-shard set's 50,000
   * lines: ~100 → ~88 ms of CPU, bench/scale-reading.md, session 19), and the latest line of a slot
   * mostly has a key of the same length (`layers.1000` … `layers.1009`, `q_proj` / `o_proj`).
   */
  lineAgain(m: Float64Array, o: number, key: Uint8Array, start: number, end: number, quote: boolean, storage: number): void {
    const a = m[o]!;
    const k = m[o + 1]!;
    const ke = m[o + 2]!;
    const s = m[o + 3]!;
    const se = m[o + 4]!;
    const e = m[o + 5]!;
    const keyText = end - start + (quote ? 2 : 0);
    // a number's text is at most 24 characters (ByteWriter.int), and its quotes
    this.reserve(e - a - (ke - k) - (se - s) + keyText + (storage < 0 ? keyText : 26));
    let buf = this.buf;
    const bytes = key.subarray(start, end);
    const from = this.at;
    // the new line's marks
    const keyAt = from + (k - a);
    const keyEnd = keyAt + keyText;
    let storageAt: number;
    let storageEnd: number;
    if (storage < 0 && ke - k === keyText && se - s === keyText) {
      storageAt = from + (s - a);
      storageEnd = storageAt + keyText;
      buf.copyWithin(from, a, e);
      put(buf, keyAt, bytes, quote);
      put(buf, storageAt, bytes, quote);
      this.at = from + (e - a);
    } else {
      buf.copyWithin(from, a, k);
      put(buf, keyAt, bytes, quote);
      buf.copyWithin(keyEnd, ke, s);
      storageAt = keyEnd + (s - ke);
      let at = storageAt;
      if (storage < 0) at = put(buf, at, bytes, quote);
      else {
        buf[at] = 0x22;
        this.at = at + 1;
        this.int(storage);
        // (room was reserved above, so int() grew no buffer; taken again all the same)
        buf = this.buf;
        at = this.at;
        buf[at++] = 0x22;
      }
      storageEnd = at;
      buf.copyWithin(at, se, e);
      this.at = at + e - se;
    }
    m[o] = from;
    m[o + 1] = keyAt;
    m[o + 2] = keyEnd;
    m[o + 3] = storageAt;
    m[o + 4] = storageEnd;
    m[o + 5] = this.at;
  }

  text(t: Uint8Array): void {
    this.bytes(t, 0, t.length);
  }

  /** a non-negative integer in decimal, as JSON (and String) write it */
  int(v: number): void {
    if (v < 10) {
      this.byte(48 + v);
      return;
    }
    if (!Number.isSafeInteger(v) || v < 0) {
      this.text(ascii(JSON.stringify(v)));
      return;
    }
    let digits = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    this.reserve(digits);
    let x = v;
    for (let k = this.at + digits - 1; k >= this.at; k--) {
      // integer arithmetic below 2^31 (nearly every shape, stride and storage number)
      const q = x < 0x80000000 ? ((x / 10) | 0) : Math.floor(x / 10);
      this.buf[k] = 48 + (x - q * 10);
      x = q;
    }
    this.at += digits;
  }

  /**
   * `s` as JSON.stringify writes it, when that is its characters between quotes (printable ASCII, no
   * quote or backslash): true, written; else false and nothing written.
   */
  plainString(s: string): boolean {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
    }
    this.reserve(n + 2);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = 0x22;
    for (let i = 0; i < n; i++) buf[at++] = s.charCodeAt(i);
    buf[at++] = 0x22;
    this.at = at;
    return true;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  /**
   * Empties the writer, keeping its buffer (grown to `capacity` if smaller), for a caller done with
   * what done() gave before: `inspect --json` writes its 13 MB of lines through one buffer, not one
   * new megabyte per chunk (fresh memory is paid page by page: ~40 ms of a 20-shard set's run, issue 14).
   */
  reset(capacity: number): this {
    this.at = 0;
    this.reserve(capacity);
    return this;
  }
}

/** `bytes` at buf[at] (between quotes when `quote`); the position after them */
function put(buf: Buffer, at: number, bytes: Uint8Array, quote: boolean): number {
  if (quote) buf[at++] = 0x22;
  buf.set(bytes, at);
  at += bytes.length;
  if (quote) buf[at++] = 0x22;
  return at;
}
