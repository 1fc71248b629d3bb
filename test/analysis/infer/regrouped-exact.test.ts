import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

/**
 * SAM's mask-decoder MLPs (transformers convert_sam_to_hf.py): the original `MLP.layers.{0,1,2}` is
 * SamFeedForward's `proj_in`, `layers.0`, `proj_out`. The exact name `layers.0` on both sides is another
 * tensor: the model holds fewer `layers` and adds named ends beside them. Such same-name pairs wait for
 * structure, which pairs the sequence by order and shapes (all 20 of sam-vit-b's misses in tuning5).
 */
describe('same names in a sequence the model split into named ends and a shorter middle', () => {
  const C = 16;
  const OUT = 4;
  const mlp = (p: string, names: string[]) => names.flatMap((n, i) => {
    const shape = i === names.length - 1 ? [OUT, C] : [C, C];
    return [e(`${p}.${n}.weight`, shape), e(`${p}.${n}.bias`, [shape[0]!])];
  });
  const heads = [0, 1, 2].map((h) => `mask_decoder.output_hypernetworks_mlps.${h}`);
  const source = [e('mask_decoder.iou_token.weight', [4, C]), ...heads.flatMap((p) => mlp(p, ['layers.0', 'layers.1', 'layers.2']))];
  const target = [e('mask_decoder.iou_token.weight', [4, C]), ...heads.flatMap((p) => mlp(p, ['proj_in', 'layers.0', 'proj_out']))];

  test('original `layers.0..2` → `proj_in`, `layers.0`, `proj_out`: the same name `layers.0` is not the same tensor', () => {
    const r = inferPlan({ source, target });
    for (const p of heads) {
      for (const leaf of ['weight', 'bias']) {
        expect(r.mapping[`${p}.layers.0.${leaf}`]).toBe(`${p}.proj_in.${leaf}`);
        expect(r.mapping[`${p}.layers.1.${leaf}`]).toBe(`${p}.layers.0.${leaf}`);
        expect(r.mapping[`${p}.layers.2.${leaf}`]).toBe(`${p}.proj_out.${leaf}`);
      }
    }
  });
});

/**
 * A model container that keeps some of the checkpoint's own numbers past a gap is not a regrouped
 * sequence: keys cut short by a fixed 7 characters (`layer_list.0.cl` saved as `ist.0.cl`, tuning2
 * 12wang3-rrl-17) beside keys that loaded by name (`ist.1.w`, `ist.2.w` on both sides). Deferring those
 * exact pairs left the fixed-cut rule a key it could not explain, and the whole cut went undecided.
 */
describe('a container the model numbers past a gap keeps its exact pairs', () => {
  const cut = ['layer_list.0.cl', 'layer_list.1.con_layer.W', 'layer_list.2.fc1.weight', 'union2.con_layer.W'];
  const both = ['ist.1.w', 'ist.2.w', 'w'];
  const source = [...cut.map((k) => e(k.slice(7), [1, 8])), ...both.map((k) => e(k, [8, 8]))];
  const target = [...cut.map((k) => e(k, [1, 8])), ...both.map((k) => e(k, [8, 8]))];

  test('the exact pairs stand and every cut key is paired back', () => {
    const r = inferPlan({ source, target });
    for (const k of both) expect(r.mapping[k]).toBe(k);
    for (const k of cut) expect(r.mapping[k.slice(7)]).toBe(k);
  });
});
