import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { asPythonDict, emitHf, hfKeyMapping } from '../../src/report/emit-hf.js';
import { inferPlan } from '../../src/analysis/infer/index.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/**
 * What the emitters print does to the keys what `apply` does, judged by running the printed code in
 * real Python: the transformers key_mapping read as the dict literal it is (a repeated pattern keeps
 * its first place and its last value).
 */

const PY = '/usr/bin/python3';
const hasPython = existsSync(PY);

const entry = (key: string): KeyEntry => ({ key, shape: [2], dtype: 'float32' });

/** apply's names: each output tensor's key, by the one source key it came from. */
function applied(ops: readonly PlanOp[], keys: readonly string[]): Record<string, string> {
  const { outputs, errors } = applyOpsToKeys(ops, keys.map(entry));
  expect(errors).toEqual([]);
  const out: Record<string, string> = {};
  for (const o of outputs) if (o.recipe.kind === 'source') out[o.recipe.key] = o.key;
  return out;
}

/** Runs `script` (which defines remap(sd)) on {key: key} and returns {source key: new key}. */
function inPython(script: string, keys: readonly string[]): Record<string, string> {
  const code = `${script}\nimport json, sys\nsd = {k: k for k in json.loads(sys.stdin.read())}\nprint(json.dumps({v: k for k, v in remap(sd).items()}))\n`;
  return JSON.parse(execFileSync(PY, ['-c', code], { input: JSON.stringify(keys), encoding: 'utf8' }));
}

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

function planOf(ops: PlanOp[], keys: readonly string[]): Plan {
  return makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: keys.length }, { ops, mapping: applied(ops, keys), unmapped: [] });
}

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
