import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

/**
 * explain on pastes of 200 KB and 5 MB (a giant key list: 50,000 missing and 50,000 unexpected keys),
 * run by the bundled CLI under a 512 MB heap: it answers, and does not run out of memory.
 */
let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('explain-large');
});
afterAll(() => tmp?.cleanup());

function paste(n: number): string {
  const missing = Array.from({ length: n }, (_, i) => `"encoder.layers.${i}.attn.q_proj.weight"`).join(', ');
  const unexpected = Array.from({ length: n }, (_, i) => `"module.encoder.layers.${i}.attn.q_proj.weight"`).join(', ');
  return `RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ${missing}. \n\tUnexpected key(s) in state_dict: ${unexpected}. \n`;
}

describe('explain of large pastes', () => {
  for (const [name, n] of [['200 KB', 2000], ['5 MB', 50_000]] as const) {
    it(`${name}: strip module., within a 512 MB heap`, () => {
      const file = join(tmp.dir, `${n}.txt`);
      writeFileSync(file, paste(n));
      const r = spawnSync(process.execPath, ['--max-old-space-size=512', join(repoRoot, 'bin/sdmatch.js'), 'explain', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/module\./);
    }, 300_000);
  }
});
