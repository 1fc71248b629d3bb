import { expect, it } from 'vitest';
import { moduleTree } from '../../src/checkpoint/module-tree.js';

const layer = (i: number, d = 4) => [
  { key: `encoder.layers.${i}.attn.weight`, shape: [d, d] },
  { key: `encoder.layers.${i}.attn.bias`, shape: [d] },
];

it('builds the module hierarchy with counts and collapses runs of identical numbered siblings', () => {
  const keys = [{ key: 'embed.weight', shape: [10, 4] }, ...[0, 1, 2].flatMap((i) => layer(i)), ...layer(3, 8), { key: 'head.weight', shape: null }];
  const root = moduleTree(keys);
  expect(root.tensorCount).toBe(10);
  expect(root.elements).toBeNull(); // head.weight has no shape
  const enc = root.children.find((c) => c.name === 'encoder')!;
  expect(enc.elements).toBe(3 * 20 + 72);
  const layers = enc.children[0]!;
  expect(layers.children.map((c) => c.name)).toEqual(['0-2', '3']);
  const run = layers.children[0]!;
  expect(run).toMatchObject({ path: 'encoder.layers.0', tensorCount: 6, elements: 60, repeat: { count: 3, first: 0, last: 2, elementsEach: 20 } });
  expect(run.children[0]!.tensors.map((t) => t.name)).toEqual(['weight', 'bias']);
  expect(layers.children[1]!.repeat).toBeNull();
});

it('does not collapse non-consecutive numbers or different structures', () => {
  const root = moduleTree([{ key: 'f.0.weight', shape: [1] }, { key: 'f.2.weight', shape: [1] }, { key: 'g.0.weight', shape: [1] }, { key: 'g.1.bias', shape: [1] }]);
  expect(root.children[0]!.children.map((c) => c.name)).toEqual(['0', '2']);
  expect(root.children[1]!.children.map((c) => c.name)).toEqual(['0', '1']);
});
