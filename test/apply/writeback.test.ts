import { mkdirSync, readdirSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWriteback } from '../../src/apply/writeback.js';
import { tempDir } from '../helpers/torch.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('writeback');
});
afterAll(() => tmp?.cleanup());

/** The paths this process (all its threads) holds open under `dir`. */
function openUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) out.push(target);
    } catch {
      // closed meanwhile
    }
  }
  return out.sort();
}

/** Waits (blocking, as apply does) until `ok()` or the time is up. */
function waitFor(ok: () => boolean, ms = 10_000): boolean {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) return false;
    Atomics.wait(cell, 0, 0, 10);
  }
  return true;
}

describe.runIf(process.platform === 'linux')('startWriteback', () => {
  it('finds a file created after it started, holds it while running, and lets go on stop', () => {
    const file = join(tmp.dir, 'out.bin');
    const w = startWriteback(file);
    writeFileSync(file, new Uint8Array(1 << 20));
    expect(waitFor(() => openUnder(tmp.dir).includes(file))).toBe(true);
    w.stop();
    expect(openUnder(tmp.dir)).toEqual([]);
  });

  it('follows the path when the file under it is replaced', () => {
    const file = join(tmp.dir, 'replaced.bin');
    writeFileSync(file, 'first');
    const w = startWriteback(file);
    expect(waitFor(() => openUnder(tmp.dir).includes(file))).toBe(true);
    writeFileSync(`${file}.new`, 'second');
    // rename over it: the old inode is gone, the worker must reopen the path
    renameSync(`${file}.new`, file);
    expect(waitFor(() => openUnder(tmp.dir).every((p) => p === file))).toBe(true);
    w.stop();
    expect(openUnder(tmp.dir)).toEqual([]);
  });

  it('watches every file of a folder of shards', () => {
    const dir = join(tmp.dir, 'shards');
    const w = startWriteback(dir);
    mkdirSync(dir);
    const names = ['a-00001-of-00002.bin', 'a-00002-of-00002.bin'].map((n) => join(dir, n));
    for (const n of names) writeFileSync(n, new Uint8Array(4096));
    expect(waitFor(() => names.every((n) => openUnder(dir).includes(n)))).toBe(true);
    w.stop();
    expect(openUnder(dir)).toEqual([]);
  });

  // a stop() that waited for a worker that had ended (or never began) would hang past the test's timeout
  it('stops when the path never appeared, and stopping twice is harmless', { timeout: 20_000 }, () => {
    const w = startWriteback(join(tmp.dir, 'never'));
    w.stop();
    w.stop();
    expect(openUnder(tmp.dir)).toEqual([]);
  });
});
