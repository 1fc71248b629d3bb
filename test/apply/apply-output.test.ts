import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/torch.js';

// the background flushing is a thread costing ~20-40 ms of CPU to start: counted, not started
const started: string[] = [];
vi.mock('../../src/apply/writeback.js', () => ({
  startWriteback: (path: string) => {
    started.push(path);
    return { stop: () => {} };
  },
}));
const { AtomicOutput, WRITEBACK_MIN_BYTES } = await import('../../src/apply/apply-output.js');

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('atomic-output');
});
afterAll(() => tmp?.cleanup());

describe('AtomicOutput', () => {
  it('flushes in the background only an output large enough for it to shorten the fsync (issue 14: apply\'s fixed cost); the output is durable either way', () => {
    const cases: [number | undefined, boolean, boolean][] = [
      // expected bytes, sync, background flushing
      [3_000, true, false],
      [WRITEBACK_MIN_BYTES - 1, true, false],
      [WRITEBACK_MIN_BYTES, true, true],
      [2.4e9, true, true],
      [undefined, true, true],
      [2.4e9, false, false],
    ];
    for (const [expectedBytes, sync, flushed] of cases) {
      started.length = 0;
      const path = join(tmp.dir, `out-${expectedBytes}-${sync}.pt`);
      const out = new AtomicOutput(path, 'file', { sync, ...(expectedBytes !== undefined ? { expectedBytes } : {}) });
      writeFileSync(out.temp, 'bytes');
      out.commit();
      expect(started, `${expectedBytes} bytes, sync ${sync}`).toEqual(flushed ? [out.temp] : []);
      expect(readFileSync(path, 'utf8')).toBe('bytes');
      expect(existsSync(out.temp)).toBe(false);
    }
  });
});
