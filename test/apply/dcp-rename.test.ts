import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { isPyDict } from '../../src/formats/pickle/values.js';
import { readTensorBytes } from '../../src/formats/storage-copy.js';
import { applyPlan, dryRunApply } from '../../src/apply/apply.js';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { fileFingerprint, sourceFiles } from '../../src/plan/fingerprint.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';

const tmp = tempDir('dcp-rename');
afterAll(() => tmp.cleanup());
const truth = JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'dcp', 'truth.json'), 'utf8')) as Record<string, { items: Record<string, { sha256?: string }> }>;

let n = 0;
function copy(name: string): string {
  const to = join(tmp.dir, `${name}-${n++}`);
  cpSync(join(repoRoot, 'fixtures', 'dcp', name), to, { recursive: true });
  return to;
}

function planFor(dir: string, ops: PlanOp[], select: (string | number)[]): Plan {
  const src = openPlanSource(dir, select);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  return makePlan(
    { file: dir, size: src.checkpoint.size, sha256: fileFingerprint(sourceFiles(src.checkpoint, dir)).sha256, select },
    { file: 'model', keys: keys.length },
    { ops, mapping: applyOpsToKeys(ops, keys).mapping, unmapped: [] },
  );
}

const digest = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

describe('renaming a DCP checkpoint in place', () => {
  it('rewrites only .metadata: keys renamed and dropped, data files byte-identical, every tensor still torch\'s', () => {
    const dir = copy('uneven');
    const before = digest(dir);
    const ops: PlanOp[] = [{ op: 'add_prefix', prefix: 'net.' }, { op: 'drop', pattern: '^net\\.steps$', reason: 'test' }];
    const plan = planFor(dir, ops, ['model']);
    const preview = dryRunApply({ source: dir, plan, planFile: 'plan.json', out: dir, inPlace: true });
    expect(preview.notes.join('\n')).toMatch(/only .*\.metadata would be rewritten/);
    expect(digest(dir)).toEqual(before);

    const r = applyPlan({ source: join(dir, '__1_0.distcp'), plan, planFile: 'plan.json', out: dir, inPlace: true });
    expect(r.written.files).toEqual([join(dir, '.metadata')]);
    const after = digest(dir);
    for (const f of Object.keys(before)) {
      if (f === '.metadata') expect(after[f]).not.toBe(before[f]);
      else expect(after[f], f).toBe(before[f]);
    }
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());

    const c = openCheckpoint(dir);
    expect(c.safety.verdict).toBe('safe');
    const sd = c.stateDicts.find((s) => s.path.join('/') === 'model')!;
    expect(sd.keys).toEqual(['net.scale', 'net.embed.weight', 'net.fc1.weight', 'net.fc1.bias', 'net.norm.weight', 'net.norm.bias', 'net.fc2.weight', 'net.fc2.bias']);
    for (const t of c.tensors) {
      const key = t.path.join('.').replace(/^model\.net\./, 'model.');
      const want = truth['uneven']!.items[key]!.sha256;
      expect(createHash('sha256').update(readTensorBytes(t.info)).digest('hex'), key).toBe(want);
    }
    // the bytes items outside the state dict are kept
    expect(isPyDict(c.root) ? c.root.entries.map(([k]) => k) : []).toEqual(['model', 'step', 'config']);
  });

  it('a flat checkpoint (no nesting, old layout) is renamed the same way', () => {
    const dir = copy('old-layout');
    applyPlan({ source: dir, plan: planFor(dir, [{ op: 'rename', pattern: '^fc1\\.', replacement: 'first.' }], []), planFile: 'plan.json', out: join(dir, '.metadata'), inPlace: true });
    const keys = openCheckpoint(dir).stateDicts[0]!.keys;
    expect(keys).toContain('first.weight');
    expect(keys).not.toContain('fc1.weight');
  });

  it('refuses a plan that changes bytes, and a safetensors-serialized checkpoint, leaving everything as it was', () => {
    const dir = copy('row-sharded');
    const before = digest(dir);
    const t = planFor(dir, [{ op: 'transpose', key: 'fc1.weight', dims: [1, 0] }], ['model']);
    expect(() => applyPlan({ source: dir, plan: t, planFile: 'plan.json', out: dir, inPlace: true })).toThrow(/rewrites only its \.metadata: this plan changes tensor bytes/);
    const st = copy('safetensors');
    const stBefore = digest(st);
    const p = planFor(st, [{ op: 'add_prefix', prefix: 'net.' }], ['model']);
    let err: unknown;
    try {
      applyPlan({ source: st, plan: p, planFile: 'plan.json', out: st, inPlace: true });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).message).toMatch(/safetensors serialization keys tensors by name inside the data files/);
    expect(digest(dir)).toEqual(before);
    expect(digest(st)).toEqual(stBefore);
  });

  it('without --in-place a DCP directory is never the output', () => {
    const dir = copy('row-sharded');
    const plan = planFor(dir, [{ op: 'add_prefix', prefix: 'net.' }], ['model']);
    expect(() => applyPlan({ source: dir, plan, planFile: 'plan.json', out: dir })).toThrow(/is a folder/);
  });
});
