import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { proposeRenames } from '../../../src/analysis/infer/rename-candidates.js';
import { levitToTimmConv } from '../../../bench/families/regnet-levit.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const D = 8;
const L = 3;

/**
 * Review 10 F8: where the bare head rule (`^blk\.` → `model.layers.`) would also move a key with no
 * place in the model (a stacked expert tensor left unpaired), which no rename may touch, the plan fell
 * back to one literal rename per key (18 ops for Grok's two layers). The head with the module after it
 * (`^blk\.(\d+)\.attn\.` → `model.layers.$1.attn.`) touches only keys on their way: one rule per module.
 */
describe('renames: a head rule one module deeper where the bare head would move a key with no place', () => {
  test('per-layer modules renamed under a new head, beside an unpaired tensor: one op per module, none per key', () => {
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    for (let l = 0; l < L; l++) {
      source.push(e(`blk.${l}.attn.q_proj.weight`, [D, D]), e(`blk.${l}.attn.k_proj.weight`, [D / 2, D]), e(`blk.${l}.mlp.fc.weight`, [2 * D, D]), e(`blk.${l}.stacked_exps.weight`, [3, 5, D]));
      // `up` has no source: the stacked tensor stays unpaired (not dropped), as Grok's `ffn_up_exps` did
      target.push(e(`model.layers.${l}.attn.q_proj.weight`, [D, D]), e(`model.layers.${l}.attn.k_proj.weight`, [D / 2, D]), e(`model.layers.${l}.mlp.fc.weight`, [2 * D, D]), e(`model.layers.${l}.mlp.up.weight`, [5, D]));
    }
    const r = inferPlan({ source, target });
    expect(r.leftover).toEqual([0, 1, 2].map((l) => `blk.${l}.stacked_exps.weight`));
    for (let l = 0; l < L; l++) {
      expect(r.mapping[`blk.${l}.attn.k_proj.weight`]).toBe(`model.layers.${l}.attn.k_proj.weight`);
      expect(r.mapping[`blk.${l}.mlp.fc.weight`]).toBe(`model.layers.${l}.mlp.fc.weight`);
    }
    const renames = r.ops.filter((o) => o.op === 'rename');
    // no literal rename of one layer's key
    for (const o of renames) expect('pattern' in o ? o.pattern : '').not.toMatch(/^\^blk\\\.\d/);
    expect(renames.length).toBeLessThanOrEqual(2);
  });
});

/**
 * The deeper head is for heads that name one member of every block (past its index) or move keys into or out
 * of a container; where the head ends in one module renamed to one (LeViT's `m` → `attn`) the segment rule
 * renames every child at once, and a deeper head per child (`…m\.proj\.`, `…m\.qkv\.`) splits it: LeViT's plan
 * went 20 → 23 ops (over its 22) when the deeper head was proposed there too.
 */
describe('renames: no deeper head where the head ends in one module renamed to one', () => {
  const proposed = (c: string, t: string) => {
    const out: string[] = [];
    proposeRenames(c.split('.'), t.split('.'), (cand) => out.push(`${cand.pattern} → ${cand.replacement}`));
    return out;
  };
  test('`m` → `attn` with `proj` next: the segment rule, no head through `proj`', () => {
    const got = proposed('stages.0.blocks.1.m.proj.1.weight', 'stages.0.blocks.1.attn.proj.ln.weight');
    expect(got).toContain('(^|\\.)m\\. → $1attn.');
    expect(got.filter((x) => x.includes('m\\.proj'))).toEqual([]);
  });
  test('past an index, and out of a container, the deeper head is still proposed', () => {
    expect(proposed('blk.0.attn.k_proj.weight', 'model.layers.0.attn.k_proj.weight')).toContain('^blk\\.(\\d+)\\.attn\\. → model.layers.$1.attn.');
    expect(proposed('encoder.lm_head.dense.weight', 'lm_head.dense.weight')).toContain('^encoder\\.lm_head\\. → lm_head.');
  });
  test('LeViT-128S into timm: within 2 × its 11 rules (20 ops, as before the deeper head)', () => {
    const f = levitToTimmConv();
    const r = inferPlan({ source: f.source, target: f.target });
    expect(r.ops.length).toBeLessThanOrEqual(20);
  });
});
