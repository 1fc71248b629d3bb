/**
 * Editing a small zip checkpoint in place the way a different torch.save would have written it: new
 * bytes for one entry (same length) with every CRC-32 that describes them brought up to date (the
 * local header, the data descriptor miniz writes after the data, the central directory), so the result
 * is a valid archive that differs from the original in content only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { FileSource } from '../../src/formats/byte-source.js';
import { locateCentralDirectory } from '../../src/formats/zip/end-record.js';
import { crc32, openZip } from '../../src/formats/zip/reader.js';

const CENTRAL_SIG = 0x02014b50;
const DESCRIPTOR_SIG = 0x08074b50;

/** Rewrites entry `name`'s bytes through `mutate` (which must keep their length); `crc` overrides the recorded CRC-32. */
export function editZipEntry(path: string, name: string, mutate: (data: Uint8Array) => void, opts: { crc?: number } = {}): void {
  const src = new FileSource(path);
  let zip;
  let cd;
  try {
    zip = openZip(src);
    cd = locateCentralDirectory(src);
  } finally {
    src.close();
  }
  const buf = readFileSync(path);
  const index = zip.entries.findIndex((e) => e.name === name);
  if (index < 0) throw new Error(`editZipEntry: no entry ${name} in ${path}`);
  const e = zip.entries[index]!;
  if (e.method !== 0) throw new Error(`editZipEntry: ${name} is compressed`);
  const data = buf.subarray(e.dataOffset, e.dataOffset + e.size);
  mutate(data);
  const crc = opts.crc ?? crc32(data);
  buf.writeUInt32LE(crc >>> 0, e.localHeaderOffset + 14);
  const after = e.dataOffset + e.compressedSize;
  if (e.flags & 0x8) buf.writeUInt32LE(crc >>> 0, buf.readUInt32LE(after) === DESCRIPTOR_SIG ? after + 4 : after);
  let pos = cd.offset;
  for (let i = 0; i < zip.entries.length; i++) {
    if (buf.readUInt32LE(pos) !== CENTRAL_SIG) throw new Error(`editZipEntry: no central record at ${pos}`);
    if (i === index) buf.writeUInt32LE(crc >>> 0, pos + 16);
    pos += 46 + buf.readUInt16LE(pos + 28) + buf.readUInt16LE(pos + 30) + buf.readUInt16LE(pos + 32);
  }
  writeFileSync(path, buf);
}
