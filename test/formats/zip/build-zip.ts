import { deflateSync } from 'fflate';
import { crc32 } from '../../../src/formats/zip/crc32.js';

/** A test-only zip writer that can also write the broken archives the reader must refuse. */
export interface TestEntry {
  name: string;
  data?: Uint8Array;
  method?: 0 | 8;
  flags?: number;
  /** name written in the local header (defaults to name) */
  localName?: string;
  /** CRC written in both headers (defaults to the true CRC) */
  crc?: number;
  /** uncompressed size written in both headers (defaults to the true size) */
  declaredSize?: number;
  /** write 0xFFFFFFFF sizes/offset and a zip64 extra field in the central directory */
  zip64Extra?: boolean;
}

export interface BuildOptions {
  /** write a zip64 end record and locator (and saturate the 32-bit end record fields) */
  zip64?: boolean;
  comment?: string;
  /** entry count written in the end record (defaults to the true count) */
  declaredCount?: number;
  /** central directory offset written in the end record */
  declaredCdOffset?: number;
}

export function buildZip(entries: TestEntry[], opts: BuildOptions = {}): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  let pos = 0;
  const push = (b: Uint8Array): void => {
    parts.push(b);
    pos += b.length;
  };
  const central: Uint8Array[] = [];
  for (const e of entries) {
    const data = e.data ?? new Uint8Array(0);
    const method = e.method ?? 0;
    const body = method === 8 ? deflateSync(data) : data;
    const crc = e.crc ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const name = enc.encode(e.name);
    const localName = enc.encode(e.localName ?? e.name);
    const offset = pos;
    const lh = new DataView(new ArrayBuffer(30));
    lh.setUint32(0, 0x04034b50, true);
    lh.setUint16(4, 20, true);
    lh.setUint16(6, e.flags ?? 0, true);
    lh.setUint16(8, method, true);
    lh.setUint32(14, crc, true);
    lh.setUint32(18, body.length, true);
    lh.setUint32(22, size, true);
    lh.setUint16(26, localName.length, true);
    push(new Uint8Array(lh.buffer));
    push(localName);
    push(body);

    const extra = e.zip64Extra ? new Uint8Array(4 + 24) : new Uint8Array(0);
    if (e.zip64Extra) {
      const x = new DataView(extra.buffer);
      x.setUint16(0, 0x0001, true);
      x.setUint16(2, 24, true);
      x.setBigUint64(4, BigInt(size), true);
      x.setBigUint64(12, BigInt(body.length), true);
      x.setBigUint64(20, BigInt(offset), true);
    }
    const ch = new DataView(new ArrayBuffer(46));
    ch.setUint32(0, 0x02014b50, true);
    ch.setUint16(4, 20, true);
    ch.setUint16(6, 20, true);
    ch.setUint16(8, e.flags ?? 0, true);
    ch.setUint16(10, method, true);
    ch.setUint32(16, crc, true);
    ch.setUint32(20, e.zip64Extra ? 0xffffffff : body.length, true);
    ch.setUint32(24, e.zip64Extra ? 0xffffffff : size, true);
    ch.setUint16(28, name.length, true);
    ch.setUint16(30, extra.length, true);
    ch.setUint32(42, e.zip64Extra ? 0xffffffff : offset, true);
    central.push(new Uint8Array(ch.buffer), name, extra);
  }
  const cdOffset = pos;
  for (const c of central) push(c);
  const cdSize = pos - cdOffset;
  const count = opts.declaredCount ?? entries.length;
  const writtenCdOffset = opts.declaredCdOffset ?? cdOffset;
  if (opts.zip64) {
    const recPos = pos;
    const rec = new DataView(new ArrayBuffer(56));
    rec.setUint32(0, 0x06064b50, true);
    rec.setBigUint64(4, 44n, true);
    rec.setUint16(12, 45, true);
    rec.setUint16(14, 45, true);
    rec.setBigUint64(24, BigInt(count), true);
    rec.setBigUint64(32, BigInt(count), true);
    rec.setBigUint64(40, BigInt(cdSize), true);
    rec.setBigUint64(48, BigInt(writtenCdOffset), true);
    push(new Uint8Array(rec.buffer));
    const loc = new DataView(new ArrayBuffer(20));
    loc.setUint32(0, 0x07064b50, true);
    loc.setBigUint64(8, BigInt(recPos), true);
    loc.setUint32(16, 1, true);
    push(new Uint8Array(loc.buffer));
  }
  const comment = enc.encode(opts.comment ?? '');
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, opts.zip64 ? 0xffff : count & 0xffff, true);
  end.setUint16(10, opts.zip64 ? 0xffff : count & 0xffff, true);
  end.setUint32(12, opts.zip64 ? 0xffffffff : cdSize, true);
  end.setUint32(16, opts.zip64 ? 0xffffffff : writtenCdOffset, true);
  end.setUint16(20, comment.length, true);
  push(new Uint8Array(end.buffer));
  push(comment);

  const out = new Uint8Array(pos);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
