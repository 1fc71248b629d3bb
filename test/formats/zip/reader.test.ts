import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { FormatError } from '../../../src/formats/errors.js';
import {
  entryLocation,
  isZip,
  openZip,
  readEntry,
  readEntryPrefix,
  streamEntry,
  zipAnomalies,
  isUnsafeEntryName,
} from '../../../src/formats/zip/reader.js';
import { crc32 } from '../../../src/formats/zip/crc32.js';
import { buildZip, type TestEntry } from './build-zip.js';

const enc = new TextEncoder();
const open = (bytes: Uint8Array) => openZip(new BufferSource(bytes, 't.zip'));
const formatErrorOf = (fn: () => unknown): FormatError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
};

function patternBytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 17 + (i >> 7)) & 0xff;
  return b;
}

describe('openZip on well-formed archives', () => {
  const pkl = enc.encode('\x80\x02}q\x00.');
  const tensor = patternBytes(5000);
  const text = enc.encode('hello hello hello hello hello '.repeat(50));
  const bytes = buildZip(
    [
      { name: 'archive/data.pkl', data: pkl },
      { name: 'archive/data/0', data: tensor },
      { name: 'notes.txt', data: text, method: 8 },
      { name: 'archive/version', data: enc.encode('3\n') },
    ],
    { comment: 'made by a test' },
  );
  const zip = open(bytes);

  it('lists entries in central-directory order with sizes, CRCs and names', () => {
    expect(zip.entries.map((e) => e.name)).toEqual(['archive/data.pkl', 'archive/data/0', 'notes.txt', 'archive/version']);
    const t = zip.byName.get('archive/data/0')!;
    expect(t).toMatchObject({ method: 0, size: 5000, compressedSize: 5000, crc32: crc32(tensor), localName: 'archive/data/0' });
    expect(zip.byName.get('notes.txt')!.method).toBe(8);
    expect(zip.byName.get('notes.txt')!.compressedSize).toBeLessThan(text.length);
    expect(zip.zip64).toBe(false);
    expect(zip.comment).toBe('made by a test');
  });

  it('points dataOffset at the stored bytes', () => {
    const t = zip.byName.get('archive/data/0')!;
    expect(bytes.subarray(t.dataOffset, t.dataOffset + t.size)).toEqual(tensor);
    expect(t.dataOffset).toBe(t.localHeaderOffset + 30 + 'archive/data/0'.length);
  });

  it('reads stored and deflated entries, verifying CRCs when asked', () => {
    expect(readEntry(zip, zip.byName.get('archive/data.pkl')!, { verifyCrc: true })).toEqual(pkl);
    expect(readEntry(zip, zip.byName.get('notes.txt')!, { verifyCrc: true })).toEqual(text);
    expect(readEntry(zip, zip.byName.get('notes.txt')!)).toEqual(text);
  });

  it('streams entries in chunks and can stop early', () => {
    const chunks: Uint8Array[] = [];
    streamEntry(zip, zip.byName.get('notes.txt')!, (c) => void chunks.push(c));
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(text));
    expect(readEntryPrefix(zip, zip.byName.get('notes.txt')!, 11)).toEqual(text.subarray(0, 11));
    expect(readEntryPrefix(zip, zip.byName.get('archive/data/0')!, 4)).toEqual(tensor.subarray(0, 4));
  });

  it('describes storage locations without reading them', () => {
    const t = zip.byName.get('archive/data/0')!;
    expect(entryLocation(zip, t, 'model.pt')).toEqual({ kind: 'raw', file: 'model.pt', offset: t.dataOffset, length: 5000, crc32: t.crc32 });
    const d = zip.byName.get('notes.txt')!;
    expect(entryLocation(zip, d, 'model.pt')).toEqual({
      kind: 'deflate', file: 'model.pt', offset: d.dataOffset, compressedLength: d.compressedSize, length: text.length, entry: 'notes.txt',
    });
  });

  it('refuses to read an entry whole when it is larger than maxBytes', () => {
    const err = formatErrorOf(() => readEntry(zip, zip.byName.get('archive/data/0')!, { maxBytes: 1000 }));
    expect(err.message).toBe('zip entry "archive/data/0" is 5000 bytes, over the 1000-byte limit for reading it whole');
  });

  it('has no anomalies', () => {
    expect(zipAnomalies(zip)).toEqual([]);
  });
});

describe('openZip on edge cases of the format', () => {
  it('reads an empty archive (only an end record)', () => {
    const bytes = buildZip([]);
    expect(isZip(bytes)).toBe(true);
    expect(open(bytes).entries).toEqual([]);
  });

  it('finds the end record behind a comment that itself contains PK\\5\\6', () => {
    const zip = open(buildZip([{ name: 'a', data: enc.encode('x') }], { comment: 'fake PK\x05\x06 record inside' }));
    expect(zip.entries.map((e) => e.name)).toEqual(['a']);
    expect(zip.comment).toContain('fake');
  });

  it('decodes names as UTF-8 when flag 0x800 is set and as code page 437 otherwise', () => {
    const bytes = buildZip([{ name: 'é.npy', data: new Uint8Array(1), flags: 0x800 }]);
    expect(open(bytes).entries[0]!.name).toBe('é.npy');
    const noFlag = buildZip([{ name: 'é.npy', data: new Uint8Array(1) }]);
    // the UTF-8 bytes c3 a9 read as cp437, as Python's zipfile reads them
    expect(open(noFlag).entries[0]!.name).toBe('├⌐.npy');
  });

  it('reads zip64 extra fields for sizes and offsets', () => {
    const data = patternBytes(100);
    const zip = open(buildZip([{ name: 'big', data, zip64Extra: true }, { name: 'big2', data, method: 8, zip64Extra: true }], { zip64: true }));
    expect(zip.zip64).toBe(true);
    expect(zip.entries[0]).toMatchObject({ size: 100, compressedSize: 100, localHeaderOffset: 0 });
    expect(readEntry(zip, zip.entries[1]!, { verifyCrc: true })).toEqual(data);
  });

  it('reads a zip64 archive with more than 65,535 entries', () => {
    const n = 70_000;
    const entries: TestEntry[] = [];
    for (let i = 0; i < n; i++) entries.push({ name: `e/${i}` });
    const zip = open(buildZip(entries, { zip64: true }));
    expect(zip.zip64).toBe(true);
    expect(zip.entries.length).toBe(n);
    expect(zip.entries[n - 1]!.name).toBe(`e/${n - 1}`);
    expect(zip.byName.get('e/65536')!.size).toBe(0);
  });

  it('accepts a non-zip64 end record whose 16-bit count wrapped around', () => {
    const entries: TestEntry[] = [];
    for (let i = 0; i < 65_540; i++) entries.push({ name: String(i) });
    expect(open(buildZip(entries)).entries.length).toBe(65_540);
  });
});

describe('openZip on hostile and broken input', () => {
  const good = buildZip([{ name: 'data.pkl', data: enc.encode('\x80\x04K\x01.') }]);

  it('refuses files that are not zips', () => {
    expect(formatErrorOf(() => open(new Uint8Array(0))).message).toBe('not a zip archive: 0 bytes is too short for an end-of-central-directory record');
    const png = new Uint8Array(64).fill(0x41);
    expect(formatErrorOf(() => open(png)).message).toMatch(/^not a zip archive: no end-of-central-directory record/);
    expect(isZip(png)).toBe(false);
  });

  it('refuses truncated archives', () => {
    expect(formatErrorOf(() => open(good.subarray(0, good.length - 10))).message).toBe(
      `truncated zip: it starts as a zip archive but has no end-of-central-directory record (the file ends at ${good.length - 10} bytes)`,
    );
  });

  it('names the offset when the central directory lies past the end of the file', () => {
    const file = new Uint8Array(1_000_000);
    const eocd = buildZip([], { declaredCdOffset: 1_048_576 });
    file.set(eocd, file.length - eocd.length);
    expect(formatErrorOf(() => open(file)).message).toBe('truncated zip: central directory at 1048576 is past end of file (1000000 bytes)');
  });

  it('refuses entry data that runs past the end of the file', () => {
    const bytes = buildZip([{ name: 'x', data: new Uint8Array(10) }]);
    // claim a 4 GiB - 1 compressed size in the central directory
    const cd = bytes.length - 22 - 46 - 1;
    new DataView(bytes.buffer).setUint32(cd + 20, 0xfffffffe, true);
    expect(formatErrorOf(() => open(bytes)).message).toBe(`truncated zip: entry "x" data at 31 (4294967294 bytes) runs past end of file (${bytes.length} bytes)`);
  });

  it('reads the directory by its size whatever count the end record declares (as zipfile does), without allocating for the count, and says so', () => {
    const bytes = buildZip([{ name: 'a' }], { zip64: true, declaredCount: 2 ** 40 });
    const z = open(bytes);
    expect(z.entries.map((e) => e.name)).toEqual(['a']);
    expect(z.otherViews).toEqual(['bad zip: end record declares 1099511627776 entries but the central directory has only 47 bytes (miniz refuses it; zipfile reads the directory by its size)']);
    const short = open(buildZip([{ name: 'a' }], { declaredCount: 3 }));
    expect(short.otherViews![0]).toMatch(/declares 3 entries but the central directory has only 47 bytes/);
    const more = open(buildZip([{ name: 'a' }, { name: 'b' }], { declaredCount: 1 }));
    expect(more.entries).toHaveLength(2);
    expect(more.otherViews![0]).toMatch(/holds 2 entries but the end record declares 1 \(miniz reads the declared number/);
  });

  it('refuses a local header that is missing', () => {
    const bytes = buildZip([{ name: 'a', data: new Uint8Array(4) }]);
    bytes[0] = 0x51;
    expect(formatErrorOf(() => open(bytes)).message).toBe('bad zip: entry "a" has no local header at 0');
  });

  it('reports a CRC mismatch only when asked to verify', () => {
    const zip = open(buildZip([{ name: 'data.pkl', data: enc.encode('abc'), crc: 0x12345678 }]));
    const e = zip.entries[0]!;
    expect(readEntry(zip, e)).toEqual(enc.encode('abc'));
    expect(formatErrorOf(() => readEntry(zip, e, { verifyCrc: true })).message).toBe(
      `bad zip: CRC-32 mismatch in entry "data.pkl": stored 0x12345678, computed 0x${crc32(enc.encode('abc')).toString(16).padStart(8, '0')}`,
    );
  });

  it('refuses deflate data that inflates past its declared size, or is not deflate at all', () => {
    const bomb = open(buildZip([{ name: 'b', data: new Uint8Array(100_000), method: 8, declaredSize: 1000 }]));
    expect(formatErrorOf(() => readEntry(bomb, bomb.entries[0]!)).message).toBe('bad zip: entry "b" inflates past its declared size of 1000 bytes');
    const short = open(buildZip([{ name: 's', data: new Uint8Array(100), method: 8, declaredSize: 1000 }]));
    expect(formatErrorOf(() => readEntry(short, short.entries[0]!)).message).toBe('bad zip: entry "s" holds 100 bytes but declares 1000');
    const bytes = buildZip([{ name: 'j', data: new Uint8Array(50).fill(0xff), method: 8 }]);
    const zip = open(bytes);
    bytes.fill(0xff, zip.entries[0]!.dataOffset, zip.entries[0]!.dataOffset + zip.entries[0]!.compressedSize);
    expect(formatErrorOf(() => readEntry(zip, zip.entries[0]!)).message).toMatch(/^bad zip: entry "j" is not valid deflate data/);
  });

  it('keeps entries flagged encrypted, refuses to read them unless told, and then reads plaintext', () => {
    const payload = enc.encode('\x80\x04K\x01.');
    const zip = open(buildZip([{ name: 'model/config.pkl', data: payload, flags: 0x1 }]));
    const e = zip.entries[0]!;
    expect(e.flags & 1).toBe(1);
    expect(formatErrorOf(() => readEntry(zip, e)).message).toBe('zip entry "model/config.pkl" is encrypted (flag 0x1); PyTorch and numpy cannot read it');
    expect(formatErrorOf(() => entryLocation(zip, e, 'f')).message).toMatch(/is encrypted/);
    expect(readEntry(zip, e, { ignoreFlags: true })).toEqual(payload);
    expect(zipAnomalies(zip)).toEqual([{ kind: 'unreadable-flags', entry: 'model/config.pkl', flags: 1, detail: 'encrypted (flag 0x1)' }]);
  });

  it('names unsupported flag bits 0x20 and 0x40', () => {
    for (const [flag, words] of [[0x20, 'compressed patched data (flag 0x20)'], [0x40, 'strongly encrypted (flag 0x40)']] as const) {
      const zip = open(buildZip([{ name: 'p', data: new Uint8Array(3), flags: flag }]));
      expect(formatErrorOf(() => readEntry(zip, zip.entries[0]!)).message).toBe(`zip entry "p" is ${words}; PyTorch and numpy cannot read it`);
    }
  });

  it('exposes a local name that differs from the central one', () => {
    const zip = open(buildZip([{ name: 'data.pkl', localName: 'datap.kl', data: new Uint8Array(2) }]));
    expect(zip.entries[0]).toMatchObject({ name: 'data.pkl', localName: 'datap.kl' });
    expect(zipAnomalies(zip)).toEqual([{ kind: 'name-mismatch', entry: 'data.pkl', localName: 'datap.kl' }]);
  });

  it('flags path traversal and duplicate names; byName keeps the first', () => {
    const zip = open(
      buildZip([
        { name: '../evil.txt' },
        { name: 'a/data.pkl', data: enc.encode('first') },
        { name: 'a/data.pkl', data: enc.encode('second') },
      ]),
    );
    expect(readEntry(zip, zip.byName.get('a/data.pkl')!)).toEqual(enc.encode('first'));
    expect(zipAnomalies(zip)).toEqual([
      { kind: 'unsafe-path', entry: '../evil.txt' },
      { kind: 'duplicate-name', entry: 'a/data.pkl', count: 2 },
    ]);
    expect(['/etc/passwd', 'C:\\x', 'a/../../b', '..\\x'].every(isUnsafeEntryName)).toBe(true);
    expect(['a/b..c', '..a', 'archive/data/0'].some(isUnsafeEntryName)).toBe(false);
  });

  it('refuses compression methods other than stored and deflate', () => {
    const bytes = buildZip([{ name: 'z', data: new Uint8Array(4) }]);
    const cd = bytes.length - 22 - 46 - 1;
    new DataView(bytes.buffer).setUint16(cd + 10, 12, true);
    const zip = open(bytes);
    expect(formatErrorOf(() => readEntry(zip, zip.entries[0]!)).message).toBe('zip entry "z" uses compression method 12 (bzip2); only stored and deflate are supported');
    expect(zipAnomalies(zip)).toEqual([{ kind: 'unsupported-method', entry: 'z', method: 12 }]);
  });

  it('refuses a stored entry whose two sizes disagree (real ZipCrypto adds a 12-byte header)', () => {
    const bytes = buildZip([{ name: 'enc', data: new Uint8Array(27), declaredSize: 15, flags: 1 }]);
    const zip = open(bytes);
    expect(formatErrorOf(() => readEntry(zip, zip.entries[0]!, { ignoreFlags: true })).message).toBe(
      'bad zip: stored entry "enc" has 27 bytes but declares size 15 (it is really encrypted)',
    );
  });
});
