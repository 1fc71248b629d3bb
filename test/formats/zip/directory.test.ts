import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { FLAG_UTF8 } from '../../../src/formats/zip/names.js';
import { describeUnreadableFlags, FLAG_UNREADABLE } from '../../../src/formats/zip/anomalies.js';
import { isUnsafeEntryName, openZip, zipAnomalies, type ZipAnomaly, type ZipArchive } from '../../../src/formats/zip/reader.js';
import { findTorchRecord } from '../../../src/formats/torch/archive.js';
import { buildZip, type TestEntry } from './build-zip.js';

/**
 * The directory's columns answer on name bytes what the reader used to answer on decoded names
 * (issue 14). These archives hold the names where bytes and strings could part: non-ASCII names with
 * and without the UTF-8 flag (code page 437), unsafe paths, near misses of them, names listed twice,
 * local names that differ. Each answer is compared with the same question asked of `entries`' strings.
 */

const open = (entries: TestEntry[]): ZipArchive => openZip(new BufferSource(buildZip(entries), 't.zip'));

/** zipAnomalies as it was written over entry objects and strings (the reference) */
function anomaliesOnStrings(zip: ZipArchive): ZipAnomaly[] {
  const out: ZipAnomaly[] = [];
  for (const e of zip.entries) {
    if (e.flags & FLAG_UNREADABLE) out.push({ kind: 'unreadable-flags', entry: e.name, flags: e.flags, detail: describeUnreadableFlags(e.flags) });
    if (e.localName !== e.name) out.push({ kind: 'name-mismatch', entry: e.name, localName: e.localName });
    if (isUnsafeEntryName(e.name) || (e.localName !== e.name && isUnsafeEntryName(e.localName))) out.push({ kind: 'unsafe-path', entry: e.name });
    if (e.method !== 0 && e.method !== 8) out.push({ kind: 'unsupported-method', entry: e.name, method: e.method });
  }
  const counts = new Map<string, number>();
  for (const e of zip.entries) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  for (const [name, n] of counts) if (n > 1) out.push({ kind: 'duplicate-name', entry: name, count: n });
  return out;
}

const UTF8 = FLAG_UTF8;
const names: TestEntry[] = [
  { name: 'archive/data.pkl', flags: UTF8 },
  { name: 'archive/data/0', flags: UTF8 },
  { name: 'archive/data/01', flags: UTF8 },
  { name: 'archive/data/7', flags: 0 },
  { name: '../evil.pkl', flags: UTF8 },
  { name: 'a/../../b', flags: UTF8 },
  { name: 'a..b/c..', flags: UTF8 },
  { name: 'C:/x', flags: UTF8 },
  { name: '1:x', flags: UTF8 },
  { name: '\\abs', flags: UTF8 },
  { name: 'ü/data.pkl', flags: UTF8 },
  { name: 'ü/data.pkl', flags: 0 }, // the same bytes read as code page 437: another name
  { name: 'x/y/data.pkl', flags: UTF8, localName: 'x/y/other.pkl' },
  { name: 'weights.PKL', flags: UTF8 | 0x1 },
];

describe('ZipDirectory answers on bytes what the names say', () => {
  it('anomalies (non-ASCII names present: duplicates are read on strings)', () => {
    const zip = open([...names, { name: 'ü/data.pkl', flags: UTF8 }]);
    expect(zip.dir.allAscii()).toBe(false);
    expect(sortAnomalies(zipAnomalies(zip))).toEqual(sortAnomalies(anomaliesOnStrings(zip)));
    expect(zipAnomalies(zip).filter((a) => a.kind === 'duplicate-name')).toEqual([{ kind: 'duplicate-name', entry: 'ü/data.pkl', count: 2 }]);
  });

  it('anomalies of ASCII names: duplicates on bytes, with and without one', () => {
    const ascii = names.filter((e) => /^[\x00-\x7f]*$/.test(e.name));
    const once = open(ascii);
    expect(once.dir.allAscii()).toBe(true);
    expect(once.dir.hasDuplicateAsciiNames()).toBe(false);
    expect(sortAnomalies(zipAnomalies(once))).toEqual(sortAnomalies(anomaliesOnStrings(once)));
    const twice = open([...ascii, { name: 'a..b/c..', flags: 0 }]);
    expect(twice.dir.hasDuplicateAsciiNames()).toBe(true);
    expect(sortAnomalies(zipAnomalies(twice))).toEqual(sortAnomalies(anomaliesOnStrings(twice)));
  });

  it('find and entryAt agree with byName and entries, one object per member', () => {
    const zip = open(names);
    const first = zip.entryAt(3);
    for (const e of names) {
      const i = zip.find(e.name);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(zip.entryAt(i)).toBe(zip.byName.get(zip.entryAt(i).name));
    }
    expect(zip.find('archive/data/1')).toBe(-1);
    expect(zip.find('ü/data.pk')).toBe(-1);
    expect(zip.entries[3]).toBe(first);
    // the code page 437 reading of the UTF-8 bytes of ü is another name, found by that name only
    const cp437 = zip.entries[11]!.name;
    expect(cp437).not.toBe('ü/data.pkl');
    expect(zip.find(cp437)).toBe(11);
    expect(zip.find('ü/data.pkl')).toBe(10);
  });

  it('the torch record is the first X/data.pkl one folder deep, by its name', () => {
    expect(findTorchRecord(open(names))?.prefix).toBe('archive/');
    expect(findTorchRecord(open(names.slice(4)))?.prefix).toBe('ü/');
    expect(findTorchRecord(open([{ name: 'x/y/data.pkl' }, { name: '/data.pkl' }, { name: 'data.pkl' }]))).toMatchObject({ prefix: '', dataPkl: { name: 'data.pkl' } });
  });
});

function sortAnomalies(a: ZipAnomaly[]): string[] {
  return a.map((x) => JSON.stringify(x)).sort();
}
