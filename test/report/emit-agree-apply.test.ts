import { describe, expect, test } from 'vitest';
import { asPythonDict, emitHf, hfKeyMapping } from '../../src/report/emit-hf.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import { makePlan } from '../../src/plan/schema.js';
import { applied, entry, hasPython, inPython, planOf } from './emit-agree.js';

/**
 * What the emitters print does to the keys what `apply` does, judged by running the printed code in
 * real Python: the transformers key_mapping read as the dict literal it is (a repeated pattern keeps
 * its first place and its last value).
 */

const TRANSFORMERS = `import re
def remap(sd):
    out = {}
    for k, v in sd.items():
        nk = k
        for p, r in key_mapping.items():  # transformers: the first pattern that matches, re.subn
            nk, n = re.subn(p, r, k)
            if n > 0:
                break
        out[nk] = v
    return out
`;

describe('--emit hf: one entry per pattern', () => {
  // blocks.1,2 shift down to layers.0,1 while blocks.0 stays (the reviewer's s2.pt / t2.pt)
  const source = ['blocks.0.x', 'blocks.1.x', 'blocks.2.x'].map(entry);
  const target = ['blocks.0.x', 'layers.0.x', 'layers.1.x'].map(entry);
  const inferred = inferPlan({ source, target });
  const plan = makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: 3 }, inferred);

  test('a shifted index gives no pattern twice, and the dict the text spells maps every key as apply does', () => {
    expect(plan.mapping['blocks.2.x']).toBe('layers.1.x');
    const { entries } = hfKeyMapping(plan);
    expect(new Set(entries.map((e) => e.pattern)).size).toBe(entries.length);
    expect(asPythonDict(entries)).toEqual(entries);
  });

  test('asPythonDict: a repeated pattern keeps its first position and takes the last value', () => {
    const d = asPythonDict([
      { pattern: 'a', replacement: '1' },
      { pattern: 'b', replacement: '2' },
      { pattern: 'a', replacement: '3' },
    ]);
    expect(d).toEqual([
      { pattern: 'a', replacement: '3' },
      { pattern: 'b', replacement: '2' },
    ]);
  });

  test.runIf(hasPython)('the printed key_mapping, run with transformers\' loop, gives apply\'s keys', () => {
    const keys = source.map((s) => s.key);
    expect(inPython(`${TRANSFORMERS}${emitHf(plan)}`, keys)).toEqual(applied(plan.ops, keys));
    // the same with the pattern widened to every index, as a hand-edited plan has it
    const wide = planOf([{ op: 'rename', pattern: '^blocks\\.([12])\\.', replacement: 'layers.${1-1}.' }, { op: 'rename', pattern: '^blocks\\.(\\d+)\\.y', replacement: 'layers.${1+5}.y' }], [...keys, 'blocks.0.y', 'blocks.1.y']);
    const all = [...keys, 'blocks.0.y', 'blocks.1.y'];
    expect(inPython(`${TRANSFORMERS}${emitHf(wide)}`, all)).toEqual(applied(wide.ops, all));
  });
});
