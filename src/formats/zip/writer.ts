import { writeSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { crc32 as crc32Js } from './crc32.js';
import { centralHeader, endRecords, entryName, localHeader, type EntryRecord } from './records.js';

/**
 * A streaming writer for STORED zip archives laid out the way PyTorch's PyTorchStreamWriter lays them
 * out: every entry's data starts on a 64-byte boundary (so `torch.load(mmap=True)` can map storages),
 * padding carried in an `FB` extra field filled with `Z`, exactly as caffe2's `getPadding` does.
 *
 * Unlike miniz we know each entry's size upfront, so local headers carry the sizes and no data
 * descriptors are written; the CRC-32, known only after streaming, is patched into the local header
 * with a positioned write. The file descriptor must therefore be a regular (seekable) file.
 */

/** Native CRC-32 (Node ≥ 20.15) runs at several GB/s; the shared table version is the fallback. */
const crc32: (data: Uint8Array, prev?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data, prev = 0) => zlib.crc32(data, prev)
    : crc32Js;

export const DEFAULT_ALIGNMENT = 64;
const WRITE_BUFFER = 1 << 20;
/** chunks at least this big skip the write buffer */
const DIRECT_WRITE = 64 << 10;

export interface ZipWriterOptions {
  /** data alignment in bytes (PyTorch: 64) */
  alignment?: number;
}

export class ZipWriter {
  private readonly entries: EntryRecord[] = [];
  private readonly names = new Set<string>();
  private finished = false;
  private writing = false;
  private readonly alignment: number;
  private readonly out: BufferedOutput;

  constructor(fd: number, opts: ZipWriterOptions = {}) {
    this.out = new BufferedOutput(fd);
    this.alignment = opts.alignment ?? DEFAULT_ALIGNMENT;
    if (!(Number.isSafeInteger(this.alignment) && this.alignment >= 1 && this.alignment <= 0x8000)) {
      throw new Error(`zip alignment must be 1..32768, not ${this.alignment}`);
    }
  }

  /** Bytes written so far (the offset the next entry's local header starts at). */
  get offset(): number {
    return this.out.position;
  }

  /**
   * Adds an entry of exactly `size` bytes, which `write` streams through `sink` (in as many chunks as it
   * likes; chunks may be reused buffers, they are consumed before `sink` returns). `knownCrc`, when the
   * caller has it (bytes copied whole from another zip entry), is trusted instead of computed.
   */
  addEntry(name: string, size: number, write: (sink: (chunk: Uint8Array) => void) => void, knownCrc?: number): void {
    const { headerOffset } = this.startEntry(name, size, knownCrc ?? 0);
    let crc = 0;
    let written = 0;
    this.writing = true;
    try {
      write((chunk) => {
        written += chunk.length;
        if (written > size) throw new Error(`zip entry ${name}: more than the declared ${size} bytes were written`);
        if (knownCrc === undefined) crc = crc32(chunk, crc);
        this.out.write(chunk);
      });
    } finally {
      this.writing = false;
    }
    if (written !== size) throw new Error(`zip entry ${name}: ${written} bytes written, ${size} declared`);
    if (knownCrc !== undefined) return;
    const rec = this.entries[this.entries.length - 1]!;
    rec.crc = crc;
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, crc, true);
    this.out.patch(headerOffset + 14, c);
  }

  /** Adds an entry from memory (its CRC is known before the header is written). */
  addBytes(name: string, data: Uint8Array): void {
    this.startEntry(name, data.length, crc32(data));
    this.out.write(data);
  }

  /** Writes the central directory (zip64 records when anything needs them) and flushes. */
  finish(): void {
    this.checkOpen();
    this.finished = true;
    const cdStart = this.out.position;
    for (const e of this.entries) this.out.write(centralHeader(e));
    const cdSize = this.out.position - cdStart;
    this.out.write(endRecords(this.entries.length, cdSize, cdStart, this.out.position));
    this.out.flush();
  }

  private checkOpen(): void {
    if (this.finished) throw new Error('zip writer already finished');
    if (this.writing) throw new Error('zip writer: an entry is still being written');
  }

  private startEntry(name: string, size: number, crc: number): { headerOffset: number } {
    this.checkOpen();
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`zip entry ${name}: bad size ${size}`);
    if (this.names.has(name)) throw new Error(`zip entry ${name} written twice`);
    this.names.add(name);
    const nameBytes = entryName(name);
    const headerOffset = this.out.position;
    const record: EntryRecord = { name: nameBytes, offset: headerOffset, size, crc };
    this.out.write(localHeader(record, this.alignment));
    this.entries.push(record);
    return { headerOffset };
  }

}

/**
 * Sequential positioned writes to a file descriptor, small chunks coalesced into one buffer (a
 * checkpoint has up to 100,000 entries with tiny headers), large chunks written straight through.
 * Already-written bytes can be patched in place.
 */
export class BufferedOutput {
  private pending = new Uint8Array(WRITE_BUFFER);
  private pendingLength = 0;
  private pendingStart = 0;
  private pos = 0;

  constructor(private readonly fd: number) {}

  get position(): number {
    return this.pos;
  }

  write(chunk: Uint8Array): void {
    if (chunk.length >= DIRECT_WRITE) {
      this.flush();
      writeAll(this.fd, chunk, this.pos);
      this.pos += chunk.length;
      this.pendingStart = this.pos;
      return;
    }
    if (this.pendingLength + chunk.length > this.pending.length) this.flush();
    this.pending.set(chunk, this.pendingLength);
    this.pendingLength += chunk.length;
    this.pos += chunk.length;
  }

  /** Overwrites bytes already written (a header field known only afterwards). */
  patch(at: number, bytes: Uint8Array): void {
    if (at >= this.pendingStart) this.pending.set(bytes, at - this.pendingStart);
    else writeAll(this.fd, bytes, at);
  }

  flush(): void {
    if (this.pendingLength > 0) writeAll(this.fd, this.pending.subarray(0, this.pendingLength), this.pendingStart);
    this.pendingLength = 0;
    this.pendingStart = this.pos;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}
