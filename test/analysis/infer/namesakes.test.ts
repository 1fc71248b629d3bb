/**
 * Look-alikes named after a sibling whose counterpart is decided (namesakes.ts): MusicGen's audiocraft layer holds
 * `norm1`, `norm2` and `norm_cross`, HF's `self_attn_layer_norm`, `encoder_attn_layer_norm` and `final_layer_norm`,
 * all [d] norms defined in another order (names share nothing, order is no evidence: they were listed, never
 * guessed). `norm_cross` is named after `cross_attention`, which went to `encoder_attn`, whose own norm is
 * `encoder_attn_layer_norm`; then `norm1` and `norm2`, numbered, take the other two in their order.
 * The guard that a namesake carries every telling word is needed here too: `self_attn_layer_norm` shares `attn`
 * with `encoder_attn` (the self-attention's own keys were paired before, so `self_attn` is no sibling left).
 * A tuning family (set 7): truth from transformers' convert_musicgen_transformers.py.
 */
import { describe, expect, test } from 'vitest';
import { FAMILY_MAKERS_7, HELD_OUT_7 } from '../../../bench/families/index.js';
import { notAsTruth, tuningPlan } from '../../helpers/tuning-plan.js';

describe('look-alikes named after a sibling whose counterpart is decided', () => {
  test('MusicGen audiocraft → HF: every layer norm paired as the converter pairs it', () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_7, HELD_OUT_7, 'musicgen-small-audiocraft-to-hf');
    const norms = Object.keys(f.truth).filter((k) => /\.norm(1|2|_cross)\./.test(k));
    expect(norms.length).toBe(24 * 3 * 2);
    expect(notAsTruth(f, r, norms)).toEqual([]);
  });
});
