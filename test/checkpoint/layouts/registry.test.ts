import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../../src/checkpoint/open.js';
import { claimLayout, isDirectory } from '../../../src/checkpoint/layouts/registry.js';
import { FormatError } from '../../../src/formats/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-layouts-'));

describe('directory layouts', () => {
  it('an unclaimed directory is one error naming it and what the layouts look for', () => {
    const empty = join(dir, 'plain');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.txt'), 'hello');
    let err: unknown;
    try {
      openCheckpoint(empty, { name: 'my/plain' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).toLine()).toMatch(/^my\/plain: is a directory, not a checkpoint sdmatch recognises/);
  });

  it('a missing path is not a directory: the file reader reports it', () => {
    expect(isDirectory(join(dir, 'nope'))).toBeNull();
    expect(() => openCheckpoint(join(dir, 'nope'))).toThrow(/no such file/);
  });

  it('an ordinary file is claimed by no layout', () => {
    const f = join(dir, 'weights.bin');
    writeFileSync(f, new Uint8Array([0x80, 0x02, 0x7d, 0x2e]));
    expect(claimLayout(f, false)).toBeNull();
    expect(openCheckpoint(f).format).toBe('pickle');
  });
});
