import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRange, readRange } from '../../src/formats/storage-copy.js';
import type { ByteLocation } from '../../src/formats/tensor.js';

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-gather-'));
const file = join(dir, 'bytes.bin');
const data = Uint8Array.from({ length: 256 }, (_, i) => i);
writeFileSync(file, data);

/** What a gather location must read as, computed the slow obvious way. */
function expected(loc: Extract<ByteLocation, { kind: 'gather' }>): number[] {
  const out: number[] = [];
  for (let r = 0; r < loc.rows; r++) for (const p of loc.parts) for (let i = 0; i < p.rowBytes; i++) out.push(data[p.offset + r * p.rowBytes + i]!);
  return out;
}

function read(loc: ByteLocation, start: number, length: number, bufSize: number): number[] {
  const out: number[] = [];
  copyRange(loc, (c) => out.push(...c), { start, length, bufSize });
  return out;
}

describe('gather locations', () => {
  // a column-split merge: 5 rows of 3 bytes from one piece and 2 from another
  const columns: Extract<ByteLocation, { kind: 'gather' }> = {
    kind: 'gather', rows: 5, length: 25, parts: [{ file, offset: 10, rowBytes: 3 }, { file, offset: 100, rowBytes: 2 }],
  };
  // a flat concatenation: one row, three ranges
  const flat: Extract<ByteLocation, { kind: 'gather' }> = {
    kind: 'gather', rows: 1, length: 19, parts: [{ file, offset: 200, rowBytes: 7 }, { file, offset: 3, rowBytes: 4 }, { file, offset: 50, rowBytes: 8 }],
  };

  it('reads rows of parts in order, batched or row by row, whole or any sub-range', () => {
    for (const loc of [columns, flat]) {
      const want = expected(loc);
      for (const bufSize of [1, 4, 7, 13, 4096]) {
        for (const [start, length] of [[0, loc.length], [1, loc.length - 2], [6, 9], [loc.length - 1, 1], [4, 0]] as const) {
          expect(read(loc, start, length, bufSize), `buf ${bufSize} range ${start}+${length}`).toEqual(want.slice(start, start + length));
        }
      }
      expect([...readRange(loc, 0, loc.length)]).toEqual(want);
    }
  });

  it('refuses a location whose rows do not add up, and parts past the end of their file', () => {
    expect(() => read({ ...columns, length: 24 }, 0, 24, 64)).toThrow(/5 rows of 5/);
    expect(() => read({ kind: 'gather', rows: 1, length: 8, parts: [{ file, offset: 250, rowBytes: 8 }] }, 0, 8, 64)).toThrow(/truncated/);
  });
});
