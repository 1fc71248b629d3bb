import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FormatError } from './errors.js';
import { readFailure } from './io-errors.js';

/**
 * Random access to bytes without holding them: checkpoints can be tens of GB, so readers ask for the
 * ranges they need. Offsets are JS numbers (exact up to 2^53, i.e. 8 PiB).
 */
export interface ByteSource {
  /** what the user called it, for error messages */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes at `offset`; throws FormatError (truncated) when the range passes the end. */
  read(offset: number, length: number): Uint8Array;
  /**
   * Optional: the same bytes as `read(offset, into.length)`, copied into `into` (a buffer the caller
   * reuses). Fresh memory costs a page fault per 4 KiB on first touch (~15 µs each on a loaded VM,
   * issue 14): a caller reading many windows reuses one buffer instead of allocating each.
   */
  readInto?(offset: number, into: Uint8Array): void;
  close(): void;
}

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number;

  constructor(public readonly path: string, public readonly name: string = path) {
    try {
      this.fd = openSync(path, 'r');
    } catch (e) {
      throw new FormatError(name, readFailure(e, name));
    }
    const st = fstatSync(this.fd);
    if (st.isDirectory()) {
      closeSync(this.fd);
      throw new FormatError(name, 'is a directory');
    }
    this.size = st.size;
  }

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but the file has ${this.size} bytes`);
    }
    const buf = new Uint8Array(length);
    this.fill(offset, buf);
    return buf;
  }

  readInto(offset: number, into: Uint8Array): void {
    if (offset < 0 || offset + into.length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + into.length} but the file has ${this.size} bytes`);
    }
    this.fill(offset, into);
  }

  private fill(offset: number, buf: Uint8Array): void {
    const length = buf.length;
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new FormatError(this.name, `truncated: file ended at ${offset + done}`);
      done += n;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Bytes already in memory (a decompressed zip entry, a nested pickle, a test vector). */
export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(public readonly bytes: Uint8Array, public readonly name: string) {
    this.size = bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(this.name, `truncated: needs bytes ${offset}..${offset + length} but there are ${this.size}`);
    }
    return this.bytes.subarray(offset, offset + length);
  }
  close(): void {}
}
