import { describe, expect, test } from 'vitest';
import { contradictedRoles } from '../../../src/analysis/infer/role-contradictions.js';

/** Review 12 F1: LDM's `in_layers.2` is diffusers' `conv1` in every resnet; a pair sending it to `conv2` is contradicted. */
const resnet = (i: number, b: number, r: number): [string, string][] => [
  [`input_blocks.${i}.0.in_layers.2.weight`, `down_blocks.${b}.resnets.${r}.conv1.weight`],
  [`input_blocks.${i}.0.out_layers.3.weight`, `down_blocks.${b}.resnets.${r}.conv2.weight`],
];

describe('pairs the other pairs contradict on a numbered role name', () => {
  test('in_layers.2 is conv1 in every block: the one pair that makes it conv2 is withdrawn, the rest stand', () => {
    const goals = new Map<string, string>([...resnet(1, 0, 0), ...resnet(2, 0, 1), ...resnet(4, 1, 0), ...resnet(5, 1, 1), ['input_blocks.11.0.in_layers.2.weight', 'down_blocks.3.resnets.0.conv2.weight']]);
    const c = contradictedRoles(goals);
    expect(c.map((x) => x.source)).toEqual(['input_blocks.11.0.in_layers.2.weight']);
    expect(c[0]!.usual).toBe('conv1');
  });

  test('roles each met on one numbered name, and names without digits, are untouched', () => {
    const goals = new Map<string, string>([...resnet(1, 0, 0), ...resnet(2, 0, 1), ['blocks.0.attn.weight', 'layers.0.self_attn.weight'], ['blocks.1.attn.weight', 'layers.1.cross_attn.weight']]);
    expect(contradictedRoles(goals)).toEqual([]);
  });

  test('no clear majority (one against one): nothing is called a contradiction', () => {
    const goals = new Map<string, string>([
      ['a.0.conv.weight', 'b.0.conv1.weight'],
      ['a.1.conv.weight', 'b.1.conv2.weight'],
    ]);
    expect(contradictedRoles(goals)).toEqual([]);
  });
});

describe('a role whose pairs split over numbered names that neither a majority nor the indices decide (review 12 F1, SD UNet of equal widths)', () => {
  test('in_layers.2 sent to conv1 in 3 resnets and to conv2 in 5 (order crossed look-alikes of one shape): every one of them is withdrawn, listed', () => {
    const conv = (i: number, b: number, r: number, n: number): [string, string] => [`input_blocks.${i}.0.in_layers.2.weight`, `down_blocks.${b}.resnets.${r}.conv${n}.weight`];
    const goals = new Map<string, string>([conv(1, 0, 0, 1), conv(2, 0, 1, 2), conv(4, 1, 0, 1), conv(5, 1, 1, 2), conv(7, 2, 0, 2), conv(8, 2, 1, 1), conv(10, 3, 0, 2), conv(11, 3, 1, 2)]);
    const c = contradictedRoles(goals);
    expect(c.map((x) => x.source).sort()).toEqual([...goals.keys()].sort());
    expect(c[0]!.split).toBe('`conv2` ×5, `conv1` ×3');
  });

  test('names the indices give stand, however they split: torchvision layer{s+1} for stage s (stages of 3 and 4 blocks), conv{i+1} for block i', () => {
    const stages = new Map<string, string>();
    [3, 4].forEach((d, s) => {
      for (let j = 0; j < d; j++) stages.set(`stages.${s}.blocks.${j}.conv.weight`, `layer${s + 1}.${j}.conv.weight`);
    });
    expect(contradictedRoles(stages)).toEqual([]);
    const shifted = new Map<string, string>(Array.from({ length: 5 }, (_, i) => [`a.${i}.conv.weight`, `b.${i}.conv${i + 1}.weight`] as [string, string]));
    expect(contradictedRoles(shifted)).toEqual([]);
  });
});

describe('a parameter a block holds itself is its own role (tuning7 efficientformer-l1: `layer_scale_1` right after the block index)', () => {
  const ls = (stage: number, block: number, to: number, n: number): [string, string] => [`network.${stage}.${block}.layer_scale_${n}`, `stages.${to}.blocks.${block}.ls${n === 1 ? 1 : 2}.gamma`];
  test('layer_scale_1 sent to ls1 in 4 blocks and to ls2 in 2 (single keys of one shape whose order crossed): every one withdrawn, listed', () => {
    const goals = new Map<string, string>([
      ls(0, 0, 0, 1), ls(0, 1, 0, 1), ls(0, 2, 0, 1), ls(4, 2, 2, 1),
      [`network.2.0.layer_scale_1`, 'stages.1.blocks.0.ls2.gamma'], [`network.2.1.layer_scale_1`, 'stages.1.blocks.1.ls2.gamma'],
      ls(0, 0, 0, 2), ls(0, 1, 0, 2), ls(0, 2, 0, 2),
    ]);
    const c = contradictedRoles(goals);
    expect(c.map((x) => x.source).sort()).toEqual(['network.0.0.layer_scale_1', 'network.0.1.layer_scale_1', 'network.0.2.layer_scale_1', 'network.2.0.layer_scale_1', 'network.2.1.layer_scale_1', 'network.4.2.layer_scale_1']);
    expect(c[0]!.split).toBe('`ls1` ×4, `ls2` ×2');
  });
  test('with a clear majority only the pairs against it are withdrawn; a module\'s own weight keeps its module\'s role', () => {
    const goals = new Map<string, string>([ls(0, 0, 0, 1), ls(0, 1, 0, 1), ls(0, 2, 0, 1), ['network.2.0.layer_scale_1', 'stages.1.blocks.0.ls2.gamma'], ['network.2.0.weight', 'stages.1.blocks.0.conv1.weight'], ['network.2.1.weight', 'stages.1.blocks.1.conv1.weight']]);
    expect(contradictedRoles(goals).map((x) => [x.source, x.usual])).toEqual([['network.2.0.layer_scale_1', 'ls1']]);
  });
});
