import { linkSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sameFile } from '../../src/formats/same-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-same-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('one file under any name: the same path spelled otherwise, a symlink, a hard link; not another file, nor a path that does not exist', () => {
  const a = join(dir, 'a.pt');
  writeFileSync(a, 'a');
  writeFileSync(join(dir, 'b.pt'), 'a');
  symlinkSync(a, join(dir, 'sym.pt'));
  linkSync(a, join(dir, 'hard.pt'));
  expect(sameFile(a, join(dir, 'sub', '..', 'a.pt'))).toBe(true);
  expect(sameFile(join(dir, 'sym.pt'), a)).toBe(true);
  expect(sameFile(a, join(dir, 'hard.pt'))).toBe(true);
  expect(sameFile(a, join(dir, 'b.pt'))).toBe(false);
  expect(sameFile(a, join(dir, 'absent.pt'))).toBe(false);
  // a path not yet written is still the same file as itself
  expect(sameFile(join(dir, 'absent.pt'), join(dir, '.', 'absent.pt'))).toBe(true);
});
