import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from './capture-main.js';
import { STRICT_EQUAL_PY } from '../helpers/torch-plan.js';
import { describeWithTorch, runPython, tempDir, torchPython } from '../helpers/torch.js';

/**
 * Review 14 F5/F13: a source that is itself tied (torch.save of a tied model: one storage under both
 * names), planned against a manifest that lists the same tie under a prefix. The prefix alone is the
 * fix; the tie is not a conflict (two different tensors into one storage) but one tensor under its two
 * names. Before: every non-first member was dropped "no counterpart in the model" and copied back at
 * 0.85 (a guess), N/2 drop+copy pairs for N tied keys. Judged by real torch: strict=True, tensors equal.
 */
const MODELS = `
import torch, torch.nn as nn
class Tied(nn.Module):
    def __init__(s, n=1):
        super().__init__()
        s.blocks = nn.ModuleList(nn.Linear(6, 6) for _ in range(n))
        s.embed = nn.Embedding(12, 6)
        s.lm_head = nn.Linear(6, 12, bias=False)
        s.lm_head.weight = s.embed.weight
        # each block's weight also registered under a second name (a tie inside every block)
        for b in s.blocks:
            b.alias = b.weight
class Wrap(nn.Module):
    def __init__(s, n=1):
        super().__init__()
        s.model = Tied(n)
${STRICT_EQUAL_PY}`;

const SCRIPT = join(__dirname, '../../python/sdmatch_manifest.py');

describeWithTorch('a tied source planned against the same tied model under a prefix (real torch)', () => {
  let tmp: ReturnType<typeof tempDir>;
  const at = (f: string) => join(tmp.dir, f);
  beforeAll(() => {
    tmp = tempDir('tiedsource');
    writeFileSync(at('tiedsrc.py'), MODELS);
    for (const n of [1, 40]) {
      runPython(`${MODELS}\nimport sys\ntorch.manual_seed(${n})\ntorch.save(Tied(${n}).state_dict(), sys.argv[1])`, [at(`src${n}.pt`)]);
      execFileSync(torchPython!, [SCRIPT, 'module', 'tiedsrc:Wrap', '--kwargs', JSON.stringify({ n }), '-o', at(`wrap${n}.json`)], { cwd: tmp.dir, stdio: 'pipe' });
    }
  });
  afterAll(() => tmp.cleanup());

  for (const n of [1, 40]) {
    it(`${n} block(s): one add_prefix, no drop, no copy, no guess; torch loads it strict=True, tensors equal, ties kept`, async () => {
      expect(JSON.parse(readFileSync(at(`wrap${n}.json`), 'utf8')).tied).toHaveLength(n + 1);
      const plan = await runCli(['plan', at(`src${n}.pt`), at(`wrap${n}.json`), '-o', at(`plan${n}.json`)]);
      expect(plan.code, plan.stdout).toBe(0);
      expect(plan.stdout).not.toMatch(/guess|no counterpart/);
      expect(JSON.parse(readFileSync(at(`plan${n}.json`), 'utf8')).ops.map((o: { op: string }) => o.op)).toEqual(['add_prefix']);
      const applied = await runCli(['apply', at(`src${n}.pt`), at(`plan${n}.json`), '-o', at(`out${n}.pt`)]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).not.toMatch(/not verified/);
      const said = runPython(`${MODELS}
import sys
src, out = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = Wrap(${n})
print(strict_equal(m, out, {'model.' + k: v for k, v in src.items()}, same_keys=True), m.model.lm_head.weight is m.model.embed.weight)`, [at(`src${n}.pt`), at(`out${n}.pt`)]);
      expect(said.trim()).toBe('equal True');
    });
  }
});
