import { closeSync, copyFileSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { FormatError } from '../../../src/formats/errors.js';
import { rewriteTail, tailLayout, type AppendedEntry } from '../../../src/formats/zip/append.js';
import { locateCentralDirectory } from '../../../src/formats/zip/end-record.js';
import { openZip, readEntry, type ZipArchive, type ZipEntry } from '../../../src/formats/zip/reader.js';
import { ZipWriter } from '../../../src/formats/zip/writer.js';
import { tempDir } from '../../helpers/torch.js';
import { python, ROOT } from '../../python/python.js';
import { buildZip } from './build-zip.js';
import { seededBytes } from '../../helpers/bytes.js';

/** Python's zipfile, the independent reader: CRCs of every listed entry, and the names in order. */
const TESTZIP = `
import sys, json, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({'bad': z.testzip(), 'names': z.namelist()}))
`;

function pythonZip(path: string): { bad: string | null; names: string[] } {
  const r = python(['-c', TESTZIP, path]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { bad: string | null; names: string[] };
}


let tmp: ReturnType<typeof tempDir>;
beforeAll(() => (tmp = tempDir('zip-append')));
afterAll(() => tmp.cleanup());

function writeZip(path: string, entries: [string, Uint8Array][]): void {
  const fd = openSync(path, 'w');
  try {
    const z = new ZipWriter(fd);
    for (const [name, data] of entries) z.addBytes(name, data);
    z.finish();
  } finally {
    closeSync(fd);
  }
}

/** Copies `source` to `out` and rewrites the copy's tail; the source archive stays open only meanwhile. */
function appendCopy(source: string, out: string, keepWhich: (e: ZipEntry) => boolean, added: AppendedEntry[]) {
  copyFileSync(source, out);
  const src = new FileSource(source);
  const zip = openZip(src);
  const fd = openSync(out, 'r+');
  try {
    return { zip, cdOffset: locateCentralDirectory(src).offset, ...rewriteTail(fd, zip, zip.entries.filter(keepWhich), added) };
  } finally {
    closeSync(fd);
    src.close();
  }
}

function listed(path: string): { zip: ZipArchive; names: string[]; close: () => void } {
  const src = new FileSource(path);
  const zip = openZip(src);
  return { zip, names: zip.entries.map((e) => e.name), close: () => src.close() };
}

const ENTRIES: [string, Uint8Array][] = [
  ['arc/data.pkl', seededBytes(300, 1)],
  ['arc/data/0', seededBytes(5000, 2)],
  ['arc/data/1', seededBytes(77, 3)],
  ['arc/version', new TextEncoder().encode('3\n')],
];

describe('rewriteTail', () => {
  it('lists the new entries first, keeps the others in place with their CRCs, and leaves a dropped entry unlisted', () => {
    const source = join(tmp.dir, 'four.zip');
    writeZip(source, ENTRIES);
    const out = join(tmp.dir, 'four-appended.zip');
    const pkl = seededBytes(1234, 9);
    const r = appendCopy(source, out, (e) => e.name !== 'arc/data.pkl', [{ name: 'arc/data.pkl', data: pkl }]);

    // the old data.pkl comes first in the file: its bytes stay, no directory lists them
    expect(r.orphans).toEqual([{ name: 'arc/data.pkl', bytes: r.zip.entries[1]!.localHeaderOffset }]);
    expect(r.keepUntil).toBe(r.cdOffset);
    expect(r.size).toBe(statSync(out).size);

    const o = listed(out);
    try {
      expect(o.names).toEqual(['arc/data.pkl', 'arc/data/0', 'arc/data/1', 'arc/version']);
      const [fresh, ...kept] = o.zip.entries;
      expect(fresh!.dataOffset % 64).toBe(0);
      expect(fresh!.localHeaderOffset).toBe(r.keepUntil);
      expect(readEntry(o.zip, fresh!, { verifyCrc: true })).toEqual(pkl);
      for (const e of kept) {
        const before = r.zip.byName.get(e.name)!;
        expect([e.localHeaderOffset, e.dataOffset, e.crc32, e.size]).toEqual([before.localHeaderOffset, before.dataOffset, before.crc32, before.size]);
        expect(readEntry(o.zip, e, { verifyCrc: true })).toEqual(ENTRIES.find(([n]) => n === e.name)![1]);
      }
    } finally {
      o.close();
    }
    expect(pythonZip(out)).toEqual({ bad: null, names: ['arc/data.pkl', 'arc/data/0', 'arc/data/1', 'arc/version'] });
  });

  it('copies the kept central-directory records byte for byte (miniz\'s fields included)', () => {
    const source = join(ROOT, 'fixtures/training/ddp.pt');
    const out = join(tmp.dir, 'ddp-verbatim.pt');
    appendCopy(source, out, (e) => e.name !== 'ddp/data/3', [{ name: 'ddp/extra', data: seededBytes(10, 4) }]);
    const records = (path: string): Buffer[] => {
      const src = new FileSource(path);
      try {
        const cd = locateCentralDirectory(src);
        const all = Buffer.from(src.read(cd.offset, cd.size));
        const out: Buffer[] = [];
        for (let at = 0; at < all.length; ) {
          const n = 46 + all.readUInt16LE(at + 28) + all.readUInt16LE(at + 30) + all.readUInt16LE(at + 32);
          out.push(all.subarray(at, at + n));
          at += n;
        }
        return out;
      } finally {
        src.close();
      }
    };
    const before = records(source);
    const after = records(out);
    // miniz's own fields (version 0, the data-descriptor flag 0x8) are what a re-encoding would lose
    expect(before.every((r) => r.readUInt16LE(6) === 0 && (r.readUInt16LE(8) & 0x8) !== 0)).toBe(true);
    expect(after.slice(1)).toEqual(before.filter((r) => !r.includes(Buffer.from('ddp/data/3'))));
    expect(after[0]!.includes(Buffer.from('ddp/extra'))).toBe(true);
  });

  it('truncates away dropped entries that follow the last kept one', () => {
    const source = join(tmp.dir, 'last.zip');
    writeZip(source, [...ENTRIES.slice(1), ['arc/data.pkl', seededBytes(4000, 5)]]);
    const out = join(tmp.dir, 'last-appended.zip');
    const r = appendCopy(source, out, (e) => e.name !== 'arc/data.pkl', [{ name: 'arc/data.pkl', data: seededBytes(20, 6) }]);
    expect(r.orphans).toEqual([]);
    expect(r.keepUntil).toBe(r.zip.byName.get('arc/data.pkl')!.localHeaderOffset);
    expect(statSync(out).size).toBeLessThan(statSync(source).size);
    expect(pythonZip(out)).toEqual({ bad: null, names: ['arc/data.pkl', 'arc/data/0', 'arc/data/1', 'arc/version'] });
  });

  it('keeps the data descriptors miniz writes after each entry (a torch 1.13 archive)', () => {
    const source = join(ROOT, 'fixtures/training/ddp.pt');
    const out = join(tmp.dir, 'ddp-appended.pt');
    const r = appendCopy(source, out, (e) => !e.name.endsWith('/data.pkl'), [{ name: 'ddp/data.pkl', data: seededBytes(100, 7) }]);
    expect(r.zip.entries.every((e) => (e.flags & 0x8) !== 0)).toBe(true);
    const py = pythonZip(out);
    expect(py.bad).toBeNull();
    expect(py.names).toEqual(['ddp/data.pkl', ...r.zip.entries.map((e) => e.name).filter((n) => n !== 'ddp/data.pkl')]);
    // everything before the new tail is the source's bytes, untouched
    expect(Buffer.from(readFileSync(out)).subarray(0, r.keepUntil).equals(Buffer.from(readFileSync(source)).subarray(0, r.keepUntil))).toBe(true);
  });

  it('writes zip64 end records when the entry count needs them', () => {
    const source = join(tmp.dir, 'many.zip');
    const many: [string, Uint8Array][] = Array.from({ length: 0xffff }, (_, i) => [`m/${i}`, new Uint8Array([i & 0xff])]);
    writeZip(source, many.slice(0, 0xfffe));
    const out = join(tmp.dir, 'many-appended.zip');
    appendCopy(source, out, () => true, [{ name: 'm/new', data: new Uint8Array([1, 2]) }]);
    const o = listed(out);
    try {
      expect(o.zip.zip64).toBe(true);
      expect(o.names.length).toBe(0xffff);
      expect(o.names[0]).toBe('m/new');
    } finally {
      o.close();
    }
  });

  it('refuses to list a name twice, and entries that overlap (a crafted archive)', () => {
    const source = join(tmp.dir, 'dup.zip');
    writeZip(source, ENTRIES);
    expect(() => appendCopy(source, join(tmp.dir, 'dup-out.zip'), () => true, [{ name: 'arc/version', data: new Uint8Array(1) }])).toThrow(/listed twice/);

    // two directory records naming one local entry: the second "entry" overlaps the first
    const crafted = buildZip([{ name: 'a', data: seededBytes(100, 1) }, { name: 'b', data: seededBytes(100, 2) }]);
    const cd = Buffer.from(crafted).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    new DataView(crafted.buffer, crafted.byteOffset).setUint32(cd + 42, 0, true);
    new DataView(crafted.buffer, crafted.byteOffset).setUint16(cd + 28, 1, true);
    const path = join(tmp.dir, 'overlap.zip');
    writeFileSync(path, crafted);
    const src = new FileSource(path);
    try {
      const zip = openZip(src);
      expect(() => tailLayout(zip, zip.entries)).toThrow(FormatError);
      expect(() => tailLayout(zip, zip.entries)).toThrow(/overlaps the next entry/);
    } finally {
      src.close();
    }
  });
});
