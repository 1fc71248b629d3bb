import { writeSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { crc32 as crc32Js } from './crc32.js';
import { FLAG_UTF8 } from './names.js';

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
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** 1980-01-01 00:00, the earliest DOS date: archives come out identical whenever they are written */
const DOS_DATE = 0x0021;
const WRITE_BUFFER = 1 << 20;
/** chunks at least this big skip the write buffer */
const DIRECT_WRITE = 64 << 10;

interface EntryRecord {
  name: Uint8Array;
  offset: number;
  size: number;
  crc: number;
}

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
    const count = this.entries.length;
    if (count >= U16_MAX || cdSize >= U32_MAX || cdStart >= U32_MAX) {
      const eocd64At = this.out.position;
      const z = new Field(56 + 20);
      z.u32(0x06064b50).u64(44).u16(VERSION_ZIP64).u16(VERSION_ZIP64).u32(0).u32(0)
        .u64(count).u64(count).u64(cdSize).u64(cdStart);
      z.u32(0x07064b50).u32(0).u64(eocd64At).u32(1);
      this.out.write(z.bytes);
    }
    const e = new Field(22);
    e.u32(0x06054b50).u16(0).u16(0)
      .u16(Math.min(count, U16_MAX)).u16(Math.min(count, U16_MAX))
      .u32(Math.min(cdSize, U32_MAX)).u32(Math.min(cdStart, U32_MAX)).u16(0);
    this.out.write(e.bytes);
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
    const nameBytes = new TextEncoder().encode(name);
    if (nameBytes.length > U16_MAX) throw new Error(`zip entry name is ${nameBytes.length} bytes, the limit is 65535`);
    const headerOffset = this.out.position;
    const zip64 = size >= U32_MAX;
    // zip64 local extra carries both sizes (the spec requires both when either overflows)
    const zip64Len = zip64 ? 4 + 16 : 0;
    const unpadded = headerOffset + LOCAL_HEADER + nameBytes.length + zip64Len + 4;
    const padding = (this.alignment - (unpadded % this.alignment)) % this.alignment;
    const extraLen = zip64Len + 4 + padding;
    const h = new Field(LOCAL_HEADER + nameBytes.length + extraLen);
    h.u32(0x04034b50).u16(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT).u16(FLAG_UTF8).u16(0).u16(0).u16(DOS_DATE)
      .u32(crc).u32(zip64 ? U32_MAX : size).u32(zip64 ? U32_MAX : size)
      .u16(nameBytes.length).u16(extraLen).raw(nameBytes);
    if (zip64) h.u16(0x0001).u16(16).u64(size).u64(size);
    h.u8(0x46).u8(0x42).u16(padding).fill(0x5a, padding);
    this.out.write(h.bytes);
    this.entries.push({ name: nameBytes, offset: headerOffset, size, crc });
    return { headerOffset };
  }

}

function centralHeader(e: EntryRecord): Uint8Array {
  const bigSize = e.size >= U32_MAX;
  const bigOffset = e.offset >= U32_MAX;
  // zip64 extra fields appear in this fixed order, each only when its 32-bit field overflowed
  const zip64Len = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
  const extraLen = zip64Len ? 4 + zip64Len : 0;
  const needs64 = bigSize || bigOffset;
  const h = new Field(CENTRAL_HEADER + e.name.length + extraLen);
  h.u32(0x02014b50).u16(VERSION_ZIP64).u16(needs64 ? VERSION_ZIP64 : VERSION_DEFAULT).u16(FLAG_UTF8).u16(0).u16(0).u16(DOS_DATE)
    .u32(e.crc).u32(bigSize ? U32_MAX : e.size).u32(bigSize ? U32_MAX : e.size)
    .u16(e.name.length).u16(extraLen).u16(0).u16(0).u16(0).u32(0).u32(bigOffset ? U32_MAX : e.offset)
    .raw(e.name);
  if (extraLen) {
    h.u16(0x0001).u16(zip64Len);
    if (bigSize) h.u64(e.size).u64(e.size);
    if (bigOffset) h.u64(e.offset);
  }
  return h.bytes;
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

/** A little-endian record builder for headers. */
class Field {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(v: number): this {
    this.view.setUint8(this.at, v);
    this.at += 1;
    return this;
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v: number): this {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  raw(b: Uint8Array): this {
    this.bytes.set(b, this.at);
    this.at += b.length;
    return this;
  }
  fill(v: number, n: number): this {
    this.bytes.fill(v, this.at, this.at + n);
    this.at += n;
    return this;
  }
}
