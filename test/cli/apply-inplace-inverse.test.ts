import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { fileFingerprint, sourceFiles } from '../../src/plan/fingerprint.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 25 F13a: `apply DCP INVERSE --in-place`, where the inverse plan's target is the DCP folder itself (the
 * checkpoint it undoes), was refused as "-o DCP would overwrite an input" though no -o was given. It is refused
 * with the option given and the way out (--target MODEL), and nothing changes.
 */
const tmp = tempDir('inplace-inverse');
afterAll(() => tmp.cleanup());

it('--in-place over the plan\'s own target: one line naming --in-place and --target, nothing rewritten', async () => {
  const dir = join(tmp.dir, 'dcp');
  cpSync(join(repoRoot, 'fixtures', 'dcp', 'row-sharded'), dir, { recursive: true });
  const src = openPlanSource(dir, ['model']);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  const ops: PlanOp[] = [{ op: 'add_prefix', prefix: 'net.' }];
  const plan = makePlan({ file: dir, size: src.checkpoint.size, sha256: fileFingerprint(sourceFiles(src.checkpoint, dir)).sha256, select: ['model'] }, { file: dir, keys: keys.length }, { ops, mapping: applyOpsToKeys(ops, keys).mapping, unmapped: [] });
  const planFile = join(tmp.dir, 'inverse.json');
  writeFileSync(planFile, planToJson(plan));
  const before = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('base64'));
  const r = await runCli(['apply', dir, planFile, '--in-place']);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(new RegExp(`^sdmatch: --in-place ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the plan's target is .* itself .*--target MODEL`));
  expect(r.stderr).not.toMatch(/-o /);
  expect(readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('base64'))).toEqual(before);
});
