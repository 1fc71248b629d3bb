import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectJsonChunks } from '../../src/report/inspect-model.js';
import { repoRoot } from '../helpers/corpus.js';
import { widened } from './widened.js';

describe('inspect --json of 2,000,000 tensors', () => {
  it('streams more text than one string can hold, a megabyte at a time', () => {
    const m = widened(join(repoRoot, 'fixtures/training/ddp.pt'), 2_000_000);
    let total = 0;
    let lines = 0;
    let largest = 0;
    let last = '';
    for (const piece of inspectJsonChunks(m)) {
      const chunk = typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8');
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
      for (let i = chunk.indexOf('{"path":'); i >= 0; i = chunk.indexOf('{"path":', i + 1)) lines++;
      last = chunk;
    }
    // more than V8's longest string (2^29 - 24 characters): as one string it could not be made
    expect(total).toBeGreaterThan(2 ** 29);
    expect(largest).toBeLessThan(2 << 20);
    // one record per tensor
    expect(lines).toBe(2_000_000);
    expect(last.trimEnd().endsWith('}')).toBe(true);
  }, 600_000);
});
