/**
 * Look-alikes named after a sibling whose counterpart is decided (namesakes.ts): MusicGen's audiocraft layer holds
 * `norm1`, `norm2` and `norm_cross`, HF's `self_attn_layer_norm`, `encoder_attn_layer_norm` and `final_layer_norm`,
 * all [d] norms defined in another order (names share nothing, order is no evidence: they were listed, never
 * guessed). `norm_cross` is named after `cross_attention`, which went to `encoder_attn`, whose own norm is
 * `encoder_attn_layer_norm`: paired. `norm1` and `norm2` name nothing; their numbers against the model's order of
 * definition would be order alone, so they stay listed (a probe below defines the final norm first).
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
