import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const byName = (entries: KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const bn = (p: string, c: number) => ['weight', 'bias', 'running_mean', 'running_var'].map((n) => e(`${p}.${n}`, [c]));

// review 12 F2: torchvision MobileNetV3 inverted residuals → timm names, the target listed sorted (a safetensors file):
// the expansion conv_pw [E, C, 1, 1] and the projection conv_pwl [C, E, 1, 1] share a signature (shapes up to the
// order of their dims) and were left unpaired as "the same tensors and shapes"; their shapes single each out
const blocks: [number, number][] = [[16, 64], [24, 72], [24, 72], [40, 120]];
const tv = blocks.flatMap(([c, x], i) => [
  e(`features.${i + 1}.block.0.0.weight`, [x, c, 1, 1]), ...bn(`features.${i + 1}.block.0.1`, x),
  e(`features.${i + 1}.block.1.0.weight`, [x, 1, 3, 3]), ...bn(`features.${i + 1}.block.1.1`, x),
  e(`features.${i + 1}.block.2.0.weight`, [c, x, 1, 1]), ...bn(`features.${i + 1}.block.2.1`, c),
]);
const timm = blocks.flatMap(([c, x], i) => [
  e(`blocks.${i}.0.conv_pw.weight`, [x, c, 1, 1]), ...bn(`blocks.${i}.0.bn1`, x),
  e(`blocks.${i}.0.conv_dw.weight`, [x, 1, 3, 3]), ...bn(`blocks.${i}.0.bn2`, x),
  e(`blocks.${i}.0.conv_pwl.weight`, [c, x, 1, 1]), ...bn(`blocks.${i}.0.bn3`, c),
]);
const truth = (k: string) =>
  k.replace(/^features\.(\d+)\.block\.(\d)\.(\d)\./, (_m, f: string, b: string, l: string) => `blocks.${Number(f) - 1}.0.${l === '0' ? ['conv_pw', 'conv_dw', 'conv_pwl'][Number(b)] : ['bn1', 'bn2', 'bn3'][Number(b)]}.`);

describe('look-alike conv kernels with their channels swapped are told apart by their shapes', () => {
  test('sorted target: every conv_pw / conv_pwl paired by shape, nothing left ambiguous', () => {
    const r = inferPlan({ source: tv, target: byName(timm) });
    expect(r.ambiguities).toEqual([]);
    for (const { key } of tv) expect(r.mapping[key]).toBe(truth(key));
  });
});
