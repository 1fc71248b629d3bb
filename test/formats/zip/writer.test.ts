import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { openZip } from '../../../src/formats/zip/reader.js';
import { crc32 } from '../../../src/formats/zip/crc32.js';
import { ZipWriter } from '../../../src/formats/zip/writer.js';
import { describeWithTorch, runPython, tempDir } from '../../helpers/torch.js';
import { seededBytes } from '../../helpers/bytes.js';

/** Python's zipfile as the independent reader: names, sizes, CRCs (testzip), data offsets. */
const INSPECT = `
import zipfile, struct, sys, json, zlib
z = zipfile.ZipFile(sys.argv[1])
out = {'bad_crc': z.testzip(), 'entries': []}
with open(sys.argv[1], 'rb') as f:
    for i in z.infolist()[:int(sys.argv[2]) if len(sys.argv) > 2 else None]:
        f.seek(i.header_offset)
        h = f.read(30)
        n, e = struct.unpack('<HH', h[26:30])
        f.seek(i.header_offset + 30 + n)
        extra = f.read(e)
        out['entries'].append({'name': i.filename, 'size': i.file_size, 'data_offset': i.header_offset + 30 + n + e,
                               'crc': i.CRC, 'method': i.compress_type, 'extra_id': extra[:2].decode('latin1')})
out['count'] = len(z.infolist())
print(json.dumps(out))
`;

interface Inspected {
  bad_crc: string | null;
  count: number;
  entries: { name: string; size: number; data_offset: number; crc: number; method: number; extra_id: string }[];
}

function writeZip(path: string, body: (z: ZipWriter) => void): void {
  const fd = openSync(path, 'w');
  try {
    const z = new ZipWriter(fd);
    body(z);
    z.finish();
  } finally {
    closeSync(fd);
  }
}


describe('ZipWriter', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => (tmp = tempDir('zip-writer')));
  afterAll(() => tmp.cleanup());

  it('refuses entries whose streamed size differs from the declared one', () => {
    const fd = openSync(join(tmp.dir, 'short.zip'), 'w');
    const z = new ZipWriter(fd);
    expect(() => z.addEntry('a', 10, (sink) => sink(new Uint8Array(5)))).toThrow(/5 bytes written, 10 declared/);
    expect(() => z.addEntry('b', 2, (sink) => sink(new Uint8Array(3)))).toThrow(/more than the declared/);
    closeSync(fd);
  });

  it('refuses a name written twice and writes after finish', () => {
    const fd = openSync(join(tmp.dir, 'twice.zip'), 'w');
    const z = new ZipWriter(fd);
    z.addBytes('a', new Uint8Array(1));
    expect(() => z.addBytes('a', new Uint8Array(1))).toThrow(/twice/);
    z.finish();
    expect(() => z.addBytes('b', new Uint8Array(1))).toThrow(/finished/);
    closeSync(fd);
  });

  it('pads every local header with an FB extra field so data starts on 64 bytes', () => {
    const path = join(tmp.dir, 'layout.zip');
    writeZip(path, (z) => {
      z.addBytes('archive/data.pkl', seededBytes(751, 1));
      z.addBytes('archive/data/0', seededBytes(24, 2));
    });
    const b = readFileSync(path);
    // first local header: 30 bytes + 16-byte name + FB field; data at 64
    expect(b.readUInt32LE(0)).toBe(0x04034b50);
    expect(b.readUInt16LE(26)).toBe(16);
    const extraLen = b.readUInt16LE(28);
    expect(30 + 16 + extraLen).toBe(64);
    expect(b.subarray(46, 48).toString('latin1')).toBe('FB');
    expect(b.readUInt16LE(48)).toBe(extraLen - 4);
    expect(b.subarray(50, 64).every((x) => x === 0x5a)).toBe(true);
    expect(Buffer.compare(b.subarray(64, 64 + 751), Buffer.from(seededBytes(751, 1)))).toBe(0);
  });

  it("reads back with sdmatch's zip reader: names, sizes, CRCs, aligned data offsets", () => {
    const path = join(tmp.dir, 'reread.zip');
    const payloads = [seededBytes(0, 1), seededBytes(1, 2), seededBytes(200_000, 3), seededBytes(63, 4)];
    writeZip(path, (z) => {
      payloads.forEach((p, i) => {
        if (i % 2) z.addBytes(`a/data/${i}`, p);
        else z.addEntry(`a/data/${i}`, p.length, (sink) => { for (let at = 0; at < p.length; at += 7000) sink(p.subarray(at, at + 7000)); });
      });
    });
    const src = new FileSource(path);
    try {
      const zip = openZip(src);
      expect(zip.zip64).toBe(false);
      expect(zip.entries.map((e) => e.name)).toEqual(payloads.map((_, i) => `a/data/${i}`));
      zip.entries.forEach((e, i) => {
        expect(e.method).toBe(0);
        expect(e.size).toBe(payloads[i]!.length);
        expect(e.crc32).toBe(crc32(payloads[i]!));
        expect(e.dataOffset % 64).toBe(0);
        expect(src.read(e.dataOffset, e.size)).toEqual(payloads[i]);
      });
    } finally {
      src.close();
    }
  });
});

describeWithTorch('ZipWriter, read back by Python zipfile', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => (tmp = tempDir('zip-writer-py')));
  afterAll(() => tmp.cleanup());

  it('writes stored entries with correct CRCs, streamed in any chunking, aligned to 64', () => {
    const path = join(tmp.dir, 'a.zip');
    const big = seededBytes(3 << 20, 7);
    writeZip(path, (z) => {
      z.addBytes('r/data.pkl', seededBytes(100, 3));
      z.addEntry('r/data/0', big.length, (sink) => {
        // mixed chunk sizes: small ones go through the write buffer, big ones straight to the file
        let at = 0;
        for (const n of [1, 10, 70_000, 1 << 20, 5]) {
          sink(big.subarray(at, at + n));
          at += n;
        }
        sink(big.subarray(at));
      });
      z.addEntry('r/data/1', 0, () => {});
      z.addEntry('r/dätä/ü', 5, (sink) => sink(Uint8Array.from([1, 2, 3, 4, 5])));
      z.addBytes('r/version', new TextEncoder().encode('3\n'));
    });
    const r = JSON.parse(runPython(INSPECT, [path])) as Inspected;
    expect(r.bad_crc).toBeNull();
    expect(r.entries.map((e) => e.name)).toEqual(['r/data.pkl', 'r/data/0', 'r/data/1', 'r/dätä/ü', 'r/version']);
    expect(r.entries.map((e) => e.size)).toEqual([100, 3 << 20, 0, 5, 2]);
    for (const e of r.entries) {
      expect(e.data_offset % 64, e.name).toBe(0);
      expect(e.method).toBe(0);
      expect(e.extra_id).toBe('FB');
    }
    const data = readFileSync(path);
    const e0 = r.entries[1]!;
    expect(Buffer.compare(data.subarray(e0.data_offset, e0.data_offset + big.length), Buffer.from(big))).toBe(0);
  });

  it('switches to zip64 end records past 65,535 entries', () => {
    const path = join(tmp.dir, 'many.zip');
    const n = 70_000;
    writeZip(path, (z) => {
      for (let i = 0; i < n; i++) z.addBytes(`m/data/${i}`, Uint8Array.of(i & 0xff, (i >> 8) & 0xff));
    });
    const r = JSON.parse(runPython(INSPECT, [path, '3'])) as Inspected;
    expect(r.count).toBe(n);
    expect(r.bad_crc).toBeNull();
    const b = readFileSync(path);
    expect(b.readUInt32LE(b.length - 22)).toBe(0x06054b50);
    expect(b.readUInt16LE(b.length - 22 + 10)).toBe(0xffff);
    expect(b.readUInt32LE(b.length - 22 - 20)).toBe(0x07064b50);
  });

  // writes 4 GiB to disk: opt in with SDMATCH_SLOW_TESTS=1
  it.runIf(process.env.SDMATCH_SLOW_TESTS === '1')('writes zip64 sizes and offsets for entries of 4 GiB and beyond', () => {
    const path = join(tmp.dir, 'huge.zip');
    const size = 2 ** 32 + 100;
    const chunk = seededBytes(4 << 20, 9);
    writeZip(path, (z) => {
      z.addEntry('h/data/0', size, (sink) => {
        for (let left = size; left > 0; left -= chunk.length) sink(left >= chunk.length ? chunk : chunk.subarray(0, left));
      });
      z.addBytes('h/version', new TextEncoder().encode('3\n'));
    });
    const r = JSON.parse(runPython(`
import zipfile, sys, json, zlib
z = zipfile.ZipFile(sys.argv[1])
i = z.getinfo('h/data/0')
print(json.dumps({'size': i.file_size, 'version': z.read('h/version').decode(), 'offset': z.getinfo('h/version').header_offset}))`, [path])) as { size: number; version: string; offset: number };
    expect(r.size).toBe(size);
    expect(r.version).toBe('3\n');
    expect(r.offset).toBeGreaterThan(2 ** 32);
  }, 600_000);
});
