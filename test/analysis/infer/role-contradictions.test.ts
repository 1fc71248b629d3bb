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
