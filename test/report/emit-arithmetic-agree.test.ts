import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { emitPython } from '../../src/report/emit-python.js';
import { emitMmengine } from '../../src/report/emit-mmengine.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan } from '../../src/plan/schema.js';
import { applied, entry, hasPython, inPython, planOf, PY } from './emit-agree.js';
import type { PlanOp } from '../../src/plan/types.js';
import { fastTier } from '../helpers/tier.js';

/**
 * What the emitters print does to the keys what `apply` does, judged by running the printed code in
 * real Python: index arithmetic that comes out negative or meets a capture that is no index leaves the
 * key as it is (apply's evaluateArithmetic gives null), in the emitted re.sub callables of --emit python
 * and --emit mmengine alike, and an op by pattern passes over such a key.
 */

describe.runIf(hasPython)('index arithmetic that is no index: emitted Python and MMEngine leave the key as apply does', () => {
  const keys = ['blocks.0.x', 'blocks.1.x', 'blocks.2.x', 'blocks.9.x', 'blocks.a.x', 'head.w'];
  const cases: [string, PlanOp][] = [
    ['negative after -1', { op: 'rename', pattern: '^blocks\\.(\\d+)\\.', replacement: 'layers.${1-1}.' }],
    ['negative before //', { op: 'rename', pattern: '^blocks\\.(\\d+)\\.', replacement: 'layers.${1-7//2}.' }],
    ['a capture that is no index', { op: 'rename', pattern: '^blocks\\.(\\w+)\\.', replacement: 'layers.${1+1}.' }],
  ];
  for (const [name, op] of cases) {
    test(`--emit python and --emit mmengine: ${name}`, () => {
      const want = applied([op], keys);
      const plan = planOf([op], keys);
      const code = emitPython(plan);
      const functions = code.slice(0, code.indexOf("\nif __name__ == '__main__':"));
      expect(inPython(`${functions}\nremap = remap_state_dict\n`, keys)).toEqual(want);
      const mm = `import re\n${emitMmengine(plan)}\ndef remap(sd):\n    for p, r in revise_keys:\n        sd = {re.sub(p, r, k): v for k, v in sd.items()}\n    return sd\n`;
      expect(inPython(mm, keys)).toEqual(want);
    });
  }
});

describe.runIf(hasPython && !fastTier)('ops by pattern pass over a key whose target has no index, in torch as in apply', () => {
  test('--emit python: a split by pattern to `${1-1}` leaves blocks.0 whole and cuts blocks.1', () => {
    const op: PlanOp = { op: 'split', pattern: '^blocks\\.(\\d+)\\.qkv$', dim: 0, sizes: [1, 1], targets: ['layers.${1-1}.q', 'layers.${1-1}.k'] };
    const keys = ['blocks.0.qkv', 'blocks.1.qkv'];
    const { outputs, errors } = applyOpsToKeys([op], keys.map(entry));
    expect(errors).toEqual([]);
    const plan = makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: 3 }, { ops: [op], mapping: {}, unmapped: [] });
    const code = emitPython(plan);
    const functions = code.slice(0, code.indexOf("\nif __name__ == '__main__':"));
    const out = execFileSync(PY, ['-c', `${functions}\nimport json\nprint(json.dumps(sorted(remap_state_dict({'blocks.0.qkv': torch.zeros(2), 'blocks.1.qkv': torch.zeros(2)}))))\n`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(outputs.map((o) => o.key).sort());
  });
});
