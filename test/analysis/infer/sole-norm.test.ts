import { describe, expect, it } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { matchSoleNorms } from '../../../src/analysis/infer/sole-norm.js';
import { locate } from '../../../src/analysis/infer/types.js';

const k = (key: string) => ({ key, shape: null, dtype: null });
const bn = (m: string, counter = true) => ['weight', 'bias', 'running_mean', 'running_var', ...(counter ? ['num_batches_tracked'] : [])].map((l) => `${m}.${l}`);
const pool = (source: string[], target: string[]) => ({ source: locate(source.map(k)), target: locate(target.map(k)) });

describe('a normalisation layer renamed on its own (fast-reid heads.bnneck → heads.bottleneck.0)', () => {
  it('pairs the one BatchNorm left in a container on each side, leaf by leaf', () => {
    const pairs = matchSoleNorms(pool(bn('heads.bnneck'), bn('heads.bottleneck.0')));
    expect(pairs.map((p) => [p.source, p.target])).toEqual(bn('heads.bnneck').map((s, i) => [s, bn('heads.bottleneck.0')[i]]));
  });

  it('shapes known and unlike (another width): not the same layer', () => {
    const sized = (keys: string[], c: number) => locate(keys.map((key) => ({ key, shape: key.endsWith('num_batches_tracked') ? [] : [c], dtype: 'float32' as const })));
    expect(matchSoleNorms({ source: sized(bn('heads.bnneck'), 256), target: sized(bn('heads.bottleneck.0'), 2048) })).toEqual([]);
    expect(matchSoleNorms({ source: sized(bn('heads.bnneck'), 256), target: sized(bn('heads.bottleneck.0'), 256) }).length).toBe(5);
  });

  it('from an error text alone (names only), inference renames it', () => {
    const r = inferPlan({ source: bn('heads.bnneck').map(k), target: bn('heads.bottleneck.0').map(k), options: { partial: true } });
    expect(r.mapping['heads.bnneck.running_var']).toBe('heads.bottleneck.0.running_var');
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
  });

  it('two candidates on a side: nothing to choose by, nothing paired', () => {
    expect(matchSoleNorms(pool([...bn('heads.bnneck'), ...bn('heads.bn2')], bn('heads.bottleneck.0')))).toEqual([]);
  });

  it('a weight and a bias alone (any linear layer) are not enough', () => {
    expect(matchSoleNorms(pool(['heads.fc.weight', 'heads.fc.bias'], ['heads.cls.weight', 'heads.cls.bias']))).toEqual([]);
  });

  it('another top-level container is another part of the model: not paired', () => {
    expect(matchSoleNorms(pool(bn('neck.bn'), bn('heads.bottleneck.0')))).toEqual([]);
  });

  it('other parameters (an affine-free norm against an affine one): not the same layer', () => {
    expect(matchSoleNorms(pool(['heads.bnneck.running_mean', 'heads.bnneck.running_var'], bn('heads.bottleneck.0')))).toEqual([]);
  });
});
