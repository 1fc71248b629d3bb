import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeManifest } from '../../src/formats/manifest.js';
import { llamaMetaToHF } from '../../bench/families/llama.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * `sdmatch plan --heads H/KV` (issue 11): the model's head counts, from its config, let the q/k renames between
 * Meta's and transformers' names be made with their rope row permute (a version-4 plan); without them those
 * renames are listed and the plan is no complete fix. A malformed value is a usage error naming the flag.
 */
const { dir, cleanup } = tempDir('plan-heads');
/** the layers of a Meta-named model (`layers.N.attention.wq.weight`): one q and one k weight each */
const layers = (entries: readonly { key: string }[]) => new Set(entries.map(({ key: k }) => /^layers\.(\d+)\./.exec(k)?.[1]).filter((x) => x !== undefined)).size;
afterAll(() => cleanup());

describe('plan --heads', () => {
  const f = llamaMetaToHF();
  const meta = join(dir, 'meta.json');
  const hf = join(dir, 'hf.json');
  writeFileSync(meta, writeManifest(f.source));
  writeFileSync(hf, writeManifest(f.target));

  it('with the head counts: every key placed, wq / wk permuted per head (4 heads, 2 key/value heads)', async () => {
    const out = join(dir, 'plan.json');
    const r = await runCli(['plan', meta, hf, '--heads', '4/2', '-o', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8'));
    expect(plan.version).toBe(4);
    expect(plan.unmapped).toEqual([]);
    expect(plan.ops.filter((o: { op: string }) => o.op === 'rope_permute')).toEqual([
      expect.objectContaining({ heads: 4, to: 'halves' }),
      expect.objectContaining({ heads: 4, kv_heads: 2, to: 'halves' }),
    ]);
  });

  it("the plan table counts each rope_permute's keys like other ops' (it showed `?`)", async () => {
    const r = await runCli(['plan', meta, hf, '--heads', '4/2', '--no-color']);
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s+rope_permute\s/.test(l));
    expect(rows).toHaveLength(2);
    // the columns: #, op, what, keys (one q or k weight per layer), confidence, evidence
    for (const row of rows) expect(row.split(/\s{2,}/).filter(Boolean)[3]).toBe(String(layers(f.source)));
  });

  it('without them: the q/k renames are listed and the plan says keys stay missing; a bad value is refused', async () => {
    const r = await runCli(['plan', meta, hf]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rope permute/);
    for (const bad of ['four', '4/3', '0']) {
      const u = await runCli(['plan', meta, hf, '--heads', bad]);
      expect(u.code).toBe(2);
      expect(u.stderr).toMatch(/--heads: /);
    }
  });
});
