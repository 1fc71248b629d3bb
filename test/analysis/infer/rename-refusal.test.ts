import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const conv = (p: string, cout: number, cin: number, k: number): KeyEntry[] => [e(`${p}.weight`, [cout, cin, k, k]), e(`${p}.bias`, [cout])];
const bn = (p: string, c: number): KeyEntry[] => [e(`${p}.weight`, [c]), e(`${p}.bias`, [c]), e(`${p}.running_mean`, [c]), e(`${p}.running_var`, [c]), { key: `${p}.num_batches_tracked`, shape: [], dtype: 'int64' }];

/** test/python/head-kernel-backbone.full.test.ts's SegNet as key lists: an encoder whose last conv is named `fc`, then the model's head */
function segNet(name: string, kf: number): KeyEntry[] {
  return [
    ...conv(`${name}.conv1`, 8, 3, 3), ...bn(`${name}.bn1`, 8),
    ...[0, 1].flatMap((b) => [...conv(`${name}.blocks.${b}.mlp.fc1`, 16, 8, 1), ...conv(`${name}.blocks.${b}.mlp.fc2`, 8, 16, 1)]),
    ...conv(`${name}.fc`, 8, 8, kf),
    ...conv('head.0', 8, 8, 3), ...conv('head.2', 5, 8, 1),
  ];
}

/**
 * Session 23's 10bcd8be refused a rename of a few modules a quarter or more of which cannot hold their keys, and
 * dropped the refused keys on the floor: `backbone.` → `encoder.` with the backbone conv `fc` 3×3 → 1×1 (one module
 * of four of the rename) left `backbone.fc.weight` unpaired, and it was then planned as "a task head of another size:
 * drop" — a backbone layer re-initialised under the name of the model's head. A module a rename would place stays
 * placed (a listed shape mismatch: another configuration) unless something else claims it; never dropped.
 */
describe('a rename refused for modules that cannot hold their keys never leaves them to a drop', () => {
  test('a backbone conv named `fc` of another kernel under a renamed encoder: paired as a shape mismatch, not a head to drop', () => {
    const r = inferPlan({ source: segNet('backbone', 3), target: segNet('encoder', 1) });
    expect(r.mapping['backbone.fc.weight']).toBe('encoder.fc.weight');
    expect(r.mapping['backbone.fc.bias']).toBe('encoder.fc.bias');
    const dropped = r.ops.filter((o) => o.op === 'drop').map((o) => JSON.stringify(o));
    expect(dropped.filter((d) => d.includes('fc'))).toEqual([]);
    for (const k of ['conv1.weight', 'bn1.running_var', 'blocks.1.mlp.fc2.weight']) expect(r.mapping[`backbone.${k}`]).toBe(`encoder.${k}`);
  });
});
