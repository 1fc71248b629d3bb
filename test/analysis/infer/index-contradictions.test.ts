import { describe, expect, test } from 'vitest';
import { contradictedIndices } from '../../../src/analysis/infer/index-contradictions.js';

/** LDM `output_blocks.i` -> diffusers `up_blocks.{i//3}.resnets.{i%3}` (convert_ldm_unet_checkpoint), for the blocks listed */
const unet = (swaps: Record<number, number> = {}) =>
  new Map(
    Array.from({ length: 12 }, (_, i) => {
      const j = swaps[i] ?? i;
      return [`output_blocks.${i}.0.in_layers.0.weight`, `up_blocks.${Math.floor(j / 3)}.resnets.${j % 3}.norm1.weight`] as [string, string];
    }),
  );
const all = () => true;

describe('contradictedIndices: look-alike blocks whose order crossed inside one sequence', () => {
  test('SD UNet with levels of equal width: output_blocks 2<->6 and 5<->7 crossed are re-paired by the rule the other 8 follow', () => {
    const r = contradictedIndices(unet({ 2: 6, 6: 2, 5: 7, 7: 5 }), all);
    expect(r.map((x) => [x.source, x.to])).toEqual([
      ['output_blocks.2.0.in_layers.0.weight', 'up_blocks.0.resnets.2.norm1.weight'],
      ['output_blocks.5.0.in_layers.0.weight', 'up_blocks.1.resnets.2.norm1.weight'],
      ['output_blocks.6.0.in_layers.0.weight', 'up_blocks.2.resnets.0.norm1.weight'],
      ['output_blocks.7.0.in_layers.0.weight', 'up_blocks.2.resnets.1.norm1.weight'],
    ]);
    expect(r[0]!.rule).toBe('`output_blocks.{i}.0.in_layers.0.weight` → `up_blocks.{i//3}.resnets.{i%3}.norm1.weight`');
    expect([r[0]!.follow, r[0]!.of]).toEqual([8, 12]);
    // nothing where every pair follows the rule, or where shapes say the re-pair does not fit
    expect(contradictedIndices(unet(), all)).toEqual([]);
    expect(contradictedIndices(unet({ 2: 6, 6: 2, 5: 7, 7: 5 }), () => false)).toEqual([]);
  });

  test('stages of uneven depth flattened into one list (blocks.i -> stages.s.blocks.j, depths 3, 3, 9, 3): no rule to read, nothing moved', () => {
    const depths = [3, 3, 9, 3];
    const goals = new Map<string, string>();
    let i = 0;
    depths.forEach((d, s) => {
      for (let j = 0; j < d; j++) goals.set(`blocks.${i++}.conv.weight`, `stages.${s}.blocks.${j}.conv.weight`);
    });
    expect(contradictedIndices(goals, all)).toEqual([]);
  });

  test('a rule the crossing breaks only as often as it holds decides nothing; layers that shift decide at once', () => {
    expect(contradictedIndices(unet({ 0: 6, 6: 0, 1: 7, 7: 1, 2: 8, 8: 2, 3: 9, 9: 3 }), all)).toEqual([]);
    const layers = new Map(Array.from({ length: 40 }, (_, i) => [`h.${i}.attn.weight`, `model.layers.${i}.self_attn.weight`] as [string, string]));
    expect(contradictedIndices(layers, all)).toEqual([]);
  });
});
