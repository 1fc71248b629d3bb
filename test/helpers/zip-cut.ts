/**
 * A copy of a small STORED zip checkpoint with one entry's bytes cut to `length`, every other entry as it
 * was: what a torch.save archive with a member cut short looks like (review 21 F6), a valid zip whose
 * directory agrees with its data.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { FileSource } from '../../src/formats/byte-source.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { ZipWriter } from '../../src/formats/zip/writer.js';

export function zipWithEntryCut(path: string, out: string, name: string, length: number): void {
  zipWithEntryRewritten(path, out, name, (data) => data.subarray(0, length));
}

/** The same copy with one entry's bytes replaced by what `rewrite` makes of them (a data.pkl edited, a member cut). */
export function zipWithEntryRewritten(path: string, out: string, name: string, rewrite: (data: Buffer) => Uint8Array): void {
  const src = new FileSource(path);
  let entries;
  try {
    entries = openZip(src).entries;
  } finally {
    src.close();
  }
  if (!entries.some((e) => e.name === name)) throw new Error(`zipWithEntryRewritten: no entry ${name} in ${path}`);
  const buf = readFileSync(path);
  const fd = openSync(out, 'w');
  try {
    const z = new ZipWriter(fd);
    for (const e of entries) {
      if (e.method !== 0) throw new Error(`zipWithEntryRewritten: ${e.name} is compressed`);
      const data = buf.subarray(e.dataOffset, e.dataOffset + e.size);
      z.addBytes(e.name, e.name === name ? rewrite(data) : data);
    }
    z.finish();
  } finally {
    closeSync(fd);
  }
}
