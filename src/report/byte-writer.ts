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

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.at++] = c;
  }

  bytes(src: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    this.buf.set(src.subarray(start, end), this.at);
    this.at += end - start;
  }

  text(t: Uint8Array): void {
    this.room(t.length);
    this.buf.set(t, this.at);
    this.at += t.length;
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
    this.room(digits);
    let x = v;
    for (let k = this.at + digits - 1; k >= this.at; k--) {
      this.buf[k] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
    this.at += digits;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}
