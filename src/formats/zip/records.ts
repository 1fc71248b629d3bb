import { FLAG_UTF8 } from './names.js';

/**
 * The zip records sdmatch writes, byte for byte, shared by the sequential writer and the appender so
 * both produce the same layout: STORED entries, sizes in the local header, data aligned by padding the
 * local extra field as PyTorch does (an `FB` field of `Z`s, caffe2's getPadding), zip64 fields only
 * where a value overflows.
 */
export const U32_MAX = 0xffffffff;
export const U16_MAX = 0xffff;
export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** 1980-01-01: entries carry no real date, so the output depends only on its content */
const DOS_DATE = 0x0021;

export interface EntryRecord {
  /** UTF-8 name */
  name: Uint8Array;
  /** offset of the local header */
  offset: number;
  size: number;
  crc: number;
}

/** The local header of a STORED entry whose data then starts on an `alignment` boundary. */
export function localHeader(e: EntryRecord, alignment: number): Uint8Array {
  const zip64 = e.size >= U32_MAX;
  // zip64 local extra carries both sizes (the spec requires both when either overflows)
  const zip64Len = zip64 ? 4 + 16 : 0;
  const unpadded = e.offset + LOCAL_HEADER_SIZE + e.name.length + zip64Len + 4;
  const padding = (alignment - (unpadded % alignment)) % alignment;
  const extraLen = zip64Len + 4 + padding;
  const h = new Record(LOCAL_HEADER_SIZE + e.name.length + extraLen);
  h.u32(0x04034b50).u16(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT).u16(FLAG_UTF8).u16(0).u16(0).u16(DOS_DATE)
    .u32(e.crc).u32(zip64 ? U32_MAX : e.size).u32(zip64 ? U32_MAX : e.size)
    .u16(e.name.length).u16(extraLen).raw(e.name);
  if (zip64) h.u16(0x0001).u16(16).u64(e.size).u64(e.size);
  h.u8(0x46).u8(0x42).u16(padding).fill(0x5a, padding);
  return h.bytes;
}

export function centralHeader(e: EntryRecord): Uint8Array {
  const bigSize = e.size >= U32_MAX;
  const bigOffset = e.offset >= U32_MAX;
  // zip64 extra fields appear in this fixed order, each only when its 32-bit field overflowed
  const zip64Len = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
  const extraLen = zip64Len ? 4 + zip64Len : 0;
  const h = new Record(CENTRAL_HEADER_SIZE + e.name.length + extraLen);
  h.u32(0x02014b50).u16(VERSION_ZIP64).u16(zip64Len ? VERSION_ZIP64 : VERSION_DEFAULT).u16(FLAG_UTF8).u16(0).u16(0).u16(DOS_DATE)
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

/** The zip64 end record and locator when anything overflows the classic fields, then the end record; `at` is where they start. */
export function endRecords(count: number, cdSize: number, cdStart: number, at: number): Uint8Array {
  const zip64 = count >= U16_MAX || cdSize >= U32_MAX || cdStart >= U32_MAX;
  const r = new Record((zip64 ? 56 + 20 : 0) + 22);
  if (zip64) {
    r.u32(0x06064b50).u64(44).u16(VERSION_ZIP64).u16(VERSION_ZIP64).u32(0).u32(0)
      .u64(count).u64(count).u64(cdSize).u64(cdStart);
    r.u32(0x07064b50).u32(0).u64(at).u32(1);
  }
  r.u32(0x06054b50).u16(0).u16(0)
    .u16(Math.min(count, U16_MAX)).u16(Math.min(count, U16_MAX))
    .u32(Math.min(cdSize, U32_MAX)).u32(Math.min(cdStart, U32_MAX)).u16(0);
  return r.bytes;
}

/** UTF-8 bytes of an entry name, refusing what a zip cannot hold. */
export function entryName(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length > U16_MAX) throw new Error(`zip entry name is ${bytes.length} bytes, the limit is 65535`);
  return bytes;
}

/** A little-endian record builder. */
class Record {
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
