import { constants, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileInKernel } from '../../src/apply/copy-file.js';
import { tempDir } from '../helpers/torch.js';

let tmp: { dir: string; cleanup: () => void };
let source: string;
const SIZE = 48 << 20;
beforeAll(() => {
  tmp = tempDir('copy-file');
  source = join(tmp.dir, 'source.bin');
  const data = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i += 4096) data[i] = (i >>> 12) & 0xff;
  writeFileSync(source, data);
});
afterAll(() => tmp?.cleanup());

describe('copyFileInKernel', () => {
  it('copies the bytes, on this thread without a progress callback', () => {
    const out = join(tmp.dir, 'plain.bin');
    copyFileInKernel(source, out, constants.COPYFILE_EXCL);
    expect(readFileSync(out).equals(readFileSync(source))).toBe(true);
  });

  it('copies the bytes on a worker while reporting sizes that only grow and never pass the source', () => {
    const out = join(tmp.dir, 'progress.bin');
    const seen: number[] = [];
    copyFileInKernel(source, out, constants.COPYFILE_EXCL, (n) => seen.push(n), 1);
    expect(readFileSync(out).equals(readFileSync(source))).toBe(true);
    for (let i = 0; i < seen.length; i++) {
      expect(seen[i]).toBeGreaterThanOrEqual(i > 0 ? seen[i - 1]! : 0);
      expect(seen[i]).toBeLessThanOrEqual(SIZE);
    }
  });

  it('throws what copyFileSync throws, with its code, from the worker too', () => {
    const existing = join(tmp.dir, 'existing.bin');
    writeFileSync(existing, 'x');
    for (const progress of [undefined, () => {}]) {
      expect(() => copyFileInKernel(source, existing, constants.COPYFILE_EXCL, progress)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
      expect(() => copyFileInKernel(join(tmp.dir, 'missing.bin'), join(tmp.dir, 'never.bin'), 0, progress)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    }
    expect(readFileSync(existing, 'utf8')).toBe('x');
  });
});
