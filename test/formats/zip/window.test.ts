import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/formats/byte-source.js';
import { FormatError } from '../../../src/formats/errors.js';
import { WindowedReader } from '../../../src/formats/zip/window.js';

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** a file whose byte at i is (i * 7 + 3) & 255: every window's content is checkable */
function patterned(size: number): { path: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 255;
  const path = join(dir, `f${size}.bin`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** counts how windows were fetched: fresh reads (a new buffer each) or reads into a given buffer */
function counted(src: FileSource): { reads: number; into: Set<ArrayBufferLike> } {
  const seen = { reads: 0, into: new Set<ArrayBufferLike>() };
  const read = src.read.bind(src);
  const readInto = src.readInto.bind(src);
  src.read = (o, l) => {
    seen.reads++;
    return read(o, l);
  };
  src.readInto = (o, into) => {
    seen.into.add(into.buffer);
    readInto(o, into);
  };
  return seen;
}

describe('FileSource.readInto', () => {
  it('gives the bytes read gives, into the caller\'s buffer, and refuses a range past the end', () => {
    const { path, bytes } = patterned(10_000);
    const src = new FileSource(path);
    try {
      const into = new Uint8Array(300);
      src.readInto(1234, into);
      expect(into).toEqual(src.read(1234, 300));
      expect(into).toEqual(bytes.subarray(1234, 1534));
      expect(() => src.readInto(9_900, new Uint8Array(101))).toThrow(FormatError);
    } finally {
      src.close();
    }
  });
});

describe('WindowedReader over a local file', () => {
  it('reads its windows into two buffers used in turn, not a fresh buffer per window, a view staying good across one refill', () => {
    const { path, bytes } = patterned(1 << 18);
    const src = new FileSource(path);
    try {
      const seen = counted(src);
      const w = new WindowedReader(src, 4096);
      // 64 windows' worth of small reads in file order, as listArchive reads local headers
      for (let at = 0; at + 40 <= bytes.length; at += 1000) expect(w.read(at, 40)).toEqual(bytes.subarray(at, at + 40));
      // a name inside the current window, then an extra field past it (a refill): the name's view still holds its bytes
      const named = w.read(8000, 90); // a refill: the window is 8000..12096
      const past = w.read(12_000, 200); // past that window: a refill into the other buffer
      expect(named).toEqual(bytes.subarray(8000, 8090));
      expect(past).toEqual(bytes.subarray(12_000, 12_200));
      expect(seen.reads).toBe(0);
      expect(seen.into.size).toBe(2);
      // longer than the window: read as a range of its own; past the end: the truncation error
      expect(w.read(100, 10_000)).toEqual(bytes.subarray(100, 10_100));
      expect(seen.reads).toBe(1);
      expect(() => w.read(bytes.length - 5, 10)).toThrow(FormatError);
    } finally {
      src.close();
    }
  });
});
