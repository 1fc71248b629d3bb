import { expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/** What the emitters print is run in real Python and compared with what apply does to the same keys. */

export const PY = '/usr/bin/python3';
export const hasPython = existsSync(PY);

export const entry = (key: string): KeyEntry => ({ key, shape: [2], dtype: 'float32' });

/** apply's names: each output tensor's key, by the one source key it came from. */
export function applied(ops: readonly PlanOp[], keys: readonly string[]): Record<string, string> {
  const { outputs, errors } = applyOpsToKeys(ops, keys.map(entry));
  expect(errors).toEqual([]);
  const out: Record<string, string> = {};
  for (const o of outputs) if (o.recipe.kind === 'source') out[o.recipe.key] = o.key;
  return out;
}

/** Runs `script` (which defines remap(sd)) on {key: key} and returns {source key: new key}. */
export function inPython(script: string, keys: readonly string[]): Record<string, string> {
  const code = `${script}\nimport json, sys\nsd = {k: k for k in json.loads(sys.stdin.read())}\nprint(json.dumps({v: k for k, v in remap(sd).items()}))\n`;
  return JSON.parse(execFileSync(PY, ['-c', code], { input: JSON.stringify(keys), encoding: 'utf8' }));
}

/** A plan of `ops` whose mapping is apply's own. */
export function planOf(ops: PlanOp[], keys: readonly string[]): Plan {
  return makePlan({ file: 'ckpt.pt', size: 0, sha256: '', select: [] }, { file: 'model', keys: keys.length }, { ops, mapping: applied(ops, keys), unmapped: [] });
}
