/**
 * Look-alikes named after a sibling whose counterpart is decided (namesakes.ts): MusicGen's audiocraft layer holds
 * `norm1`, `norm2` and `norm_cross`, HF's `self_attn_layer_norm`, `encoder_attn_layer_norm` and `final_layer_norm`,
 * all [d] norms defined in another order (names share nothing, order is no evidence: they were listed, never
 * guessed). `norm_cross` is named after `cross_attention`, which went to `encoder_attn`, whose own norm is
 * `encoder_attn_layer_norm`: paired. `norm1` and `norm2` name nothing; their numbers against the model's order of
 * definition would be order alone (a probe below defines the final norm first). What places them is the word the
 * other side's name says (ordinal-names.ts, DETR's rule): `final` is the last, `norm2`; `norm1` is what it leaves.
 * Without such a word (a probe renames `final_layer_norm` to `ffn_layer_norm`) they stay listed.
 * The guard that a namesake carries every telling word is needed here too: `self_attn_layer_norm` shares `attn`
 * with `encoder_attn` (the self-attention's own keys were paired before, so `self_attn` is no sibling left).
 * A tuning family (set 7): truth from transformers' convert_musicgen_transformers.py.
 */
import { describe, expect, test } from 'vitest';
import { FAMILY_MAKERS_7, HELD_OUT_7, type Family } from '../../../bench/families/index.js';
import { claimedWrong, notAsTruth, tuningPlan } from '../../helpers/tuning-plan.js';

const NAME = 'musicgen-small-audiocraft-to-hf';
const norms = (f: Family, re: RegExp) => Object.keys(f.truth).filter((k) => re.test(k));

describe('look-alikes named after a sibling whose counterpart is decided', () => {
  test('MusicGen audiocraft → HF: every norm_cross is the encoder attention\'s norm; no layer norm is paired wrong', () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_7, HELD_OUT_7, NAME);
    const cross = norms(f, /\.norm_cross\./);
    expect(cross.length).toBe(24 * 2);
    expect(notAsTruth(f, r, cross)).toEqual([]);
    expect(claimedWrong(f, r, norms(f, /\.norm[12]\./))).toEqual([]);
  });

  test('probe: the model defines its final norm before the self-attention\'s: still nothing paired by order', () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_7, HELD_OUT_7, NAME, (g) => ({ ...g, target: movedAfter(g.target, 'self_attn_layer_norm', 'final_layer_norm') }));
    expect(notAsTruth(f, r, norms(f, /\.norm_cross\./))).toEqual([]);
    expect(claimedWrong(f, r, norms(f, /\.norm[12]\./))).toEqual([]);
    // placed by `final`, not by order: right in either order of definition
    expect(notAsTruth(f, r, norms(f, /\.norm[12]\./))).toEqual([]);
  });

  test('norm1 and norm2, once norm_cross is placed, are read by the place `final` says: final_layer_norm is norm2, self_attn_layer_norm the one left', () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_7, HELD_OUT_7, NAME);
    const numbered = norms(f, /\.norm[12]\./);
    expect(numbered.length).toBe(24 * 4);
    expect(notAsTruth(f, r, numbered)).toEqual([]);
  });

  test('probe: no name of the other side says a place (`final_layer_norm` renamed `ffn_layer_norm`): norm1 and norm2 stay listed', () => {
    const renamed = (g: Family): Family => ({ ...g, target: g.target.map((e) => ({ ...e, key: e.key.replace('.final_layer_norm.', '.ffn_layer_norm.') })), truth: Object.fromEntries(Object.entries(g.truth).map(([k, v]) => [k, typeof v === 'string' ? v.replace('.final_layer_norm.', '.ffn_layer_norm.') : v])) });
    const { f, r } = tuningPlan(FAMILY_MAKERS_7, HELD_OUT_7, NAME, renamed);
    const numbered = norms(f, /\.norm[12]\./);
    expect(claimedWrong(f, r, numbered)).toEqual([]);
    expect(numbered.filter((k) => r.mapping[k] !== undefined && !r.leftover.includes(k))).toEqual([]);
  });
});

/** every module named `a` moved to just after its sibling `b` (the keys of one parent), the rest in order */
function movedAfter(entries: Family['target'], a: string, b: string): Family['target'] {
  const out: Family['target'] = [];
  let held: Family['target'] = [];
  for (const e of entries) {
    if (e.key.includes(`.${a}.`)) {
      held.push(e);
      continue;
    }
    out.push(e);
    if (e.key.includes(`.${b}.`) && e.key.endsWith('.bias') && held.length > 0) {
      out.push(...held);
      held = [];
    }
  }
  return [...out, ...held];
}
