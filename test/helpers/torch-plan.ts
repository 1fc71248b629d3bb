import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { inferPlan } from '../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { writeManifest } from '../../src/formats/manifest.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import type { Plan } from '../../src/plan/types.js';
import { validatePlan } from '../../src/plan/validate.js';
import { emitPython } from '../../src/report/emit-python.js';
import { runCli } from '../cli/capture-main.js';
import { runPython } from './torch.js';

/**
 * What the suites that judge plans by real PyTorch (test/python/trailing-ones, fused-experts,
 * test/apply/apply-v2) share: a checkpoint saved by torch from one model
 * class and its plan inferred against another's keys, `sdmatch apply` of it, the emitted Python script
 * run on it. Kept apart from helpers/torch.ts, which every torch suite imports, so that those need
 * not load the inference.
 */

/**
 * Python, for a suite's MODELS: `strict_equal(model, sd, want, same_keys)` loads `sd` into `model` with
 * strict=True (raising if torch refuses) and says 'equal' when every tensor of `want` equals the model's,
 * else 'DIFFERENT'; with `same_keys`, the model's keys must also be exactly `want`'s. The verdict every
 * plan-judging suite printed with its own copy of these lines.
 */
export const STRICT_EQUAL_PY = `
def strict_equal(m, sd, want, same_keys=False):
    m.load_state_dict(sd, strict=True)
    got = m.state_dict()
    if same_keys:
        assert sorted(got) == sorted(want), (sorted(got), sorted(want))
    return 'equal' if all(torch.equal(got[k], want[k]) for k in want) else 'DIFFERENT'
`;

/**
 * Python: `LM(tie=True)`, a small language model whose head is tied to its embedding (`lm_head.weight` is
 * `embed.weight`), or untied with `tie=False`: the model of the tie suites (review 24 F4, review 25 F7).
 */
export const TIED_LM_PY = `
import torch, torch.nn as nn, sys, os
class LM(nn.Module):
    def __init__(s, tie=True):
        super().__init__(); s.embed = nn.Embedding(50, 16); s.block = nn.Linear(16, 16); s.lm_head = nn.Linear(16, 50, bias=False)
        if tie: s.lm_head.weight = s.embed.weight
`;

/** Python, run with OUT WANT (two torch-saved files): every tensor of OUT equal to WANT's, OUT loading strict=True into a module of WANT's keys and shapes. */
export const FILE_VERDICT_PY = `
import torch, sys, torch.nn as nn
out, want = torch.load(sys.argv[1]), torch.load(sys.argv[2])
m = nn.Module()
for i, (k, v) in enumerate(want.items()):
    m.register_buffer(f'b{i}', torch.zeros_like(v))
names = {k: f'b{i}' for i, k in enumerate(want)}
assert sorted(out) == sorted(want), (sorted(set(out) ^ set(want)))
m.load_state_dict({names[k]: v for k, v in out.items()}, strict=True)
print('equal' if all(torch.equal(out[k], want[k]) for k in want) else 'DIFFERENT: ' + ' '.join(k for k in want if not torch.equal(out[k], want[k])))
`;

/** A checkpoint torch saved, the plan inferred for it (version 3, every key placed) and the plan's file. */
export interface TorchPlan {
  src: string;
  /** each side's state-dict keys and shapes, in state-dict order */
  sides: { source: [string, number[]][]; target: [string, number[]][] };
  result: ReturnType<typeof inferPlan>;
  plan: Plan;
  planPath: string;
}

/**
 * Saves the state dict `source` (a Python expression; `models` defines what it uses) to DIR/NAME.pt
 * with real torch, infers the plan against the keys and shapes of the state dict `target`, checks it
 * places every key, writes it to DIR/NAME.plan.json and checks it reads back with the same ops.
 * `targetLabel` names the plan's target: a manifest of the target's keys and shapes, written beside the plan.
 */
export function torchPlan(dir: string, name: string, models: string, source: string, target: string, targetLabel: string): TorchPlan {
  const src = join(dir, `${name}.pt`);
  const keysJson = join(dir, `${name}.keys.json`);
  runPython(
    `${models}
import json, sys
sd = ${source}
torch.save(sd, sys.argv[1])
tgt = ${target}
# the target's ties as a torch-written target checkpoint shows them: keys one storage holds
by_storage = {}
for k, v in tgt.items():
    if v.numel() > 0:
        by_storage.setdefault(v.storage().data_ptr(), []).append(k)
json.dump({'target': [[k, list(v.shape)] for k, v in tgt.items()], 'source': [[k, list(v.shape)] for k, v in sd.items()],
           'storages': [g for g in by_storage.values() if len(g) > 1]}, open(sys.argv[2], 'w'))
`,
    [src, keysJson],
  );
  const sides = JSON.parse(readFileSync(keysJson, 'utf8')) as { source: [string, number[]][]; target: [string, number[]][]; storages: string[][] };
  const entry = ([key, shape]: [string, number[]]): KeyEntry => ({ key, shape, dtype: 'float32' });
  const result = inferPlan({ source: sides.source.map(entry), target: sides.target.map(entry), options: { targetStorages: sides.storages } });
  expect(result.unmapped).toEqual([]);
  expect(result.leftover).toEqual([]);
  // the target as a manifest file beside the plan: apply checks its output against it (a target the plan names
  // that is not there is no success, exit 1)
  const targetFile = join(dir, `${name}.${targetLabel}.manifest.json`);
  writeFileSync(targetFile, writeManifest(sides.target.map(entry)));
  const plan = makePlan({ file: src, size: statSync(src).size, sha256: '', select: [] }, { file: targetFile, keys: sides.target.length }, result);
  expect(plan.version).toBe(3);
  const planPath = join(dir, `${name}.plan.json`);
  writeFileSync(planPath, planToJson(plan));
  expect(validatePlan(JSON.parse(readFileSync(planPath, 'utf8')), planPath).ops).toEqual(plan.ops);
  return { src, sides, result, plan, planPath };
}

/** `sdmatch apply SRC PLAN -o OUT [extra]`, expected to succeed without a word on stderr. */
export async function applyOk(src: string, planPath: string, out: string, extra: string[] = []): Promise<void> {
  const r = await runCli(['apply', src, planPath, '-o', out, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

/**
 * What real torch says of the file `apply` wrote: prints `judge`, a Python expression of `out` (the
 * written file, torch.load with weights_only=True) and `ref` (the checkpoint `ref` names: the source,
 * or what the output must equal), with `models` defined.
 */
export function appliedSays(models: string, out: string, ref: string, judge: string): string {
  return runPython(
    `${models}
import sys
out = torch.load(sys.argv[1], map_location='cpu', weights_only=True)
ref = torch.load(sys.argv[2], map_location='cpu')
print(${judge})
`,
    [out, ref],
  ).trim();
}

/**
 * The plan's emitted Python script (--emit python), written to DIR/NAME.py, run on `src` by real torch:
 * prints `judge`, a Python expression of `out` (what remap_state_dict returned) and `ref` (the
 * checkpoint `ref` names, the source by default), with `models` defined.
 */
export function emittedScriptSays(dir: string, name: string, plan: Plan, models: string, src: string, judge: string, ref = src): string {
  const script = join(dir, `${name}.py`);
  writeFileSync(script, emitPython(plan));
  return runPython(
    `${models}
import importlib.util, sys
spec = importlib.util.spec_from_file_location('fix', sys.argv[1])
fix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fix)
out = fix.remap_state_dict(torch.load(sys.argv[2], map_location='cpu'))
ref = torch.load(sys.argv[3], map_location='cpu')
print(${judge})
`,
    [script, src, ref],
  ).trim();
}

/** The Python of an explain report's "the fix, in Python" block, unindented (the suites that follow it in torch). */
export function fixPython(report: string): string {
  const lines = report.split('\n');
  const at = lines.indexOf('the fix, in Python');
  expect(at, report).toBeGreaterThan(0);
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l !== '' && !l.startsWith('  ')) break;
    body.push(l.slice(2));
  }
  return body.join('\n');
}
