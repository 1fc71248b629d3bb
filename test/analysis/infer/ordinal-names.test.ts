/**
 * Numbered look-alikes against named ones (ordinal-names.ts). Review 17 F2: `layers.N.fc1`, `fc2` [8, 8] against
 * `layers.N.mlp.down`, `up`, `down` declared first, were paired by order at 0.85 — swapped in torch. The numbers
 * order one side only; the other side's names are roles and its order is its author's: listed, never guessed.
 * Names that say a place (`before_norm`, `after_norm`; `final_layer_norm`) still pair with the numbers.
 * Probes from tuning families (poolformer-s12 set 6, eva02 set 5, DETR set 3): the target's look-alikes swapped
 * in order, renamed to tokens that say nothing: nothing is then claimed by order.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { ordinalsOf, pairedByPlaces, pairingUndecided } from '../../../src/analysis/infer/ordinal-names.js';
import { FAMILY_MAKERS_3, FAMILY_MAKERS_5, FAMILY_MAKERS_6, HELD_OUT_3, HELD_OUT_5, HELD_OUT_6, type Family } from '../../../bench/families/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { claimedWrong, notAsTruth, tuningPlan } from '../../helpers/tuning-plan.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const linear = (p: string) => [e(`${p}.weight`, [8, 8]), e(`${p}.bias`, [8])];
const layers = (names: string[]) => [0, 1, 2, 3].flatMap((i) => names.flatMap((n) => linear(`layers.${i}.${n}`)));

describe('review 17 F2: numbers on one side against role words on the other', () => {
  test('fc1 / fc2 → mlp.down / mlp.up (down declared first): listed with candidates, not paired by order', () => {
    const r = inferPlan({ source: layers(['fc1', 'fc2']), target: layers(['mlp.down', 'mlp.up']) });
    for (const k of layers(['fc1', 'fc2']).map((x) => x.key)) expect(r.leftover, k).toContain(k);
    expect(r.ops.filter((o) => o.op === 'rename')).toEqual([]);
    const tie = r.ambiguities.find((a) => a.keys.includes('layers.0.fc1.weight'));
    expect(tie?.candidates).toEqual(expect.arrayContaining(['layers.0.mlp.down.weight', 'layers.0.mlp.up.weight']));
    expect(tie?.reason).toMatch(/numbered on one side only/);
  });

  test('names that say a place pair with the numbers, whichever is declared first', () => {
    for (const target of [['mlp.pre', 'mlp.post'], ['mlp.post', 'mlp.pre']]) {
      const r = inferPlan({ source: layers(['fc1', 'fc2']), target: layers(target) });
      expect(r.mapping['layers.2.fc1.weight']).toBe('layers.2.mlp.pre.weight');
      expect(r.mapping['layers.2.fc2.bias']).toBe('layers.2.mlp.post.bias');
    }
  });

  test('review 18 S02: fc1 / fc2 → in_proj / out_proj, out_proj declared first: paired by the places the names say', () => {
    const block = (i: number, names: string[]) => [e(`layers.${i}.norm.weight`, [8]), e(`layers.${i}.norm.bias`, [8]), ...names.flatMap((n) => linear(`layers.${i}.${n}`))];
    const r = inferPlan({ source: [0, 1].flatMap((i) => block(i, ['fc1', 'fc2'])), target: [0, 1].flatMap((i) => block(i, ['out_proj', 'in_proj'])) });
    expect(r.mapping['layers.1.fc1.weight']).toBe('layers.1.in_proj.weight');
    expect(r.mapping['layers.0.fc2.bias']).toBe('layers.0.out_proj.bias');
  });

  test('numbers on both sides still pair by number', () => {
    const r = inferPlan({ source: layers(['fc1', 'fc2']), target: layers(['mlp.lin1', 'mlp.lin2']) });
    expect(r.mapping['layers.1.fc2.weight']).toBe('layers.1.mlp.lin2.weight');
  });
});

describe('ordinalsOf, pairedByPlaces, pairingUndecided', () => {
  test('numbers after one stem, or letters of a run, in the last segment enumerate; role words do not', () => {
    expect(ordinalsOf(['fc1', 'fc2'])).toEqual([1, 2]);
    expect(ordinalsOf(['f.b', 'f.a'])).toEqual([98, 97]);
    expect(ordinalsOf(['mlp.down', 'mlp.up'])).toBeNull();
    expect(ordinalsOf(['conv1', 'bn2'])).toBeNull();
    expect(ordinalsOf(['f.a', 'f.c'])).toBeNull();
    expect(ordinalsOf(['f.a', 'f.c'], ['a', 'a_bn', 'b', 'b_bn', 'c', 'c_bn'])).toEqual([97, 99]);
    expect(ordinalsOf(['q', 'v'], ['k', 'o', 'q', 'v'])).toBeNull();
    expect(ordinalsOf(['zw', 'zx', 'zy'])).toBeNull();
  });

  test('the first-placed name takes the lowest number, the last-placed the highest, one left by elimination', () => {
    expect(pairedByPlaces([1, 2], ['after_norm', 'before_norm'])).toEqual([[0, 1], [1, 0]]);
    expect(pairedByPlaces([1, 2], ['self_attn_layer_norm', 'final_layer_norm'])).toEqual([[1, 1], [0, 0]]);
    // DETR's decoder: the final norm is placed, the two attentions' norms are not
    expect(pairedByPlaces([1, 2, 3], ['self_attn_layer_norm', 'encoder_attn_layer_norm', 'final_layer_norm'])).toEqual([[2, 2]]);
    expect(pairedByPlaces([1, 2], ['down', 'up'])).toBeNull();
    expect(pairedByPlaces([1, 2], ['pre_attn_norm', 'pre_mlp_norm'])).toBeNull();
  });

  test('a cost each row (or column) adds alike decides no pairing; one that crosses does', () => {
    expect(pairingUndecided([[1, 1], [1.5, 1.5]], 0.1)).toBe(true);
    expect(pairingUndecided([[1, 1.4], [1, 1.4]], 0.1)).toBe(true);
    expect(pairingUndecided([[0.2, 1], [1, 0.2]], 0.1)).toBe(false);
  });
});

/** every entry of a module named `a` (its keys `….a.…`) moved to just before its sibling `b`'s first */
function movedBefore(entries: readonly KeyEntry[], a: string, b: string): KeyEntry[] {
  const isA = (k: string) => k.includes(`.${a}.`);
  const parent = (k: string, n: string) => k.slice(0, k.indexOf(`.${n}.`));
  const held = new Map<string, KeyEntry[]>();
  for (const x of entries) if (isA(x.key)) (held.get(parent(x.key, a)) ?? held.set(parent(x.key, a), []).get(parent(x.key, a))!).push(x);
  const out: KeyEntry[] = [];
  for (const x of entries) {
    if (isA(x.key)) continue;
    if (x.key.includes(`.${b}.`)) {
      const mine = held.get(parent(x.key, b));
      if (mine) out.push(...mine);
      held.delete(parent(x.key, b));
    }
    out.push(x);
  }
  return [...out, ...[...held.values()].flat()];
}

/** the target's module names `from` replaced by opaque tokens (the truth follows), order kept */
function renamed(f: Family, names: Record<string, string>): Family {
  const re = (k: string) => k.replace(/\.([a-z_0-9]+)\./g, (m, n: string) => (names[n] ? `.${names[n]}.` : m));
  const truth: Family['truth'] = {};
  for (const [k, v] of Object.entries(f.truth)) truth[k] = v === null ? null : Array.isArray(v) ? v.map(re) : re(v);
  return { ...f, target: f.target.map((x) => ({ ...x, key: re(x.key) })), truth };
}

const keysMatching = (f: Family, re: RegExp) => Object.keys(f.truth).filter((k) => re.test(k));

describe('probes from tuning families: look-alikes swapped in order, renamed to tokens', () => {
  test('poolformer-s12 → HF: before_norm / after_norm pair with norm1 / norm2, after_norm declared first too', () => {
    for (const probe of [(f: Family) => f, (f: Family) => ({ ...f, target: movedBefore(f.target, 'after_norm', 'before_norm') })]) {
      const { f, r } = tuningPlan(FAMILY_MAKERS_6, HELD_OUT_6, 'poolformer-s12-original-to-hf', probe);
      expect(notAsTruth(f, r, keysMatching(f, /\.norm[12]\./))).toEqual([]);
    }
  });

  test('poolformer-s12 → HF, its norms renamed to tokens and swapped: nothing claimed by order', () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_6, HELD_OUT_6, 'poolformer-s12-original-to-hf', (g) => {
      const h = renamed(g, { before_norm: 'zeta', after_norm: 'kappa' });
      return { ...h, target: movedBefore(h.target, 'kappa', 'zeta') };
    });
    const norms = keysMatching(f, /\.norm[12]\./);
    expect(norms.length).toBeGreaterThan(0);
    expect(claimedWrong(f, r, norms)).toEqual([]);
  });

  test('eva02 → timm: w1 / w2 are fc1_g / fc1_x by their roles (EVA-02 SwiGLU beside ffn_ln), fc1_x declared first too', () => {
    for (const probe of [(f: Family) => f, (f: Family) => ({ ...f, target: movedBefore(f.target, 'fc1_x', 'fc1_g') })]) {
      const { f, r } = tuningPlan(FAMILY_MAKERS_5, HELD_OUT_5, 'eva02-base-p14-448-to-timm', probe);
      expect(notAsTruth(f, r, keysMatching(f, /\.mlp\.w[123]\./))).toEqual([]);
    }
  });

  test('eva02 → timm, fc1_g / fc1_x renamed to tokens and swapped: nothing claimed by order', () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_5, HELD_OUT_5, 'eva02-base-p14-448-to-timm', (g) => {
      const h = renamed(g, { fc1_g: 'zeta', fc1_x: 'kappa' });
      return { ...h, target: movedBefore(h.target, 'kappa', 'zeta') };
    });
    expect(claimedWrong(f, r, keysMatching(f, /\.mlp\.w[12]\./))).toEqual([]);
  });

  test('DETR → HF: every norm right; with the decoder\'s attention norms renamed to tokens and swapped, none claimed wrong', () => {
    const base = tuningPlan(FAMILY_MAKERS_3, HELD_OUT_3, 'detr-r50-original-to-hf');
    expect(notAsTruth(base.f, base.r, keysMatching(base.f, /layers\.\d+\.norm\d\./))).toEqual([]);
    const { f, r } = tuningPlan(FAMILY_MAKERS_3, HELD_OUT_3, 'detr-r50-original-to-hf', (g) => {
      const h = renamed(g, { self_attn_layer_norm: 'zeta', encoder_attn_layer_norm: 'kappa' });
      return { ...h, target: movedBefore(h.target, 'kappa', 'zeta') };
    });
    expect(claimedWrong(f, r, keysMatching(f, /layers\.\d+\.norm\d\./))).toEqual([]);
  });
});
