import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const block = (p: string, c: number) => [e(`${p}.norm1.weight`, [c]), e(`${p}.attn.qkv.weight`, [3 * c, c]), e(`${p}.mlp.fc1.weight`, [4 * c, c])];
const merge = (p: string, c: number) => [e(`${p}.reduction.weight`, [2 * c, 4 * c]), e(`${p}.norm.weight`, [4 * c])];

describe('a submodule that moves to the next stage keeps its name but not its index', () => {
  // Microsoft's Swin ends stage i with the patch merging; timm (≥ 0.9) starts stage i + 1 with it
  const channels = [4, 8, 16];
  const source = channels.flatMap((c, i) => [...block(`layers.${i}.blocks.0`, c), ...(i < 2 ? merge(`layers.${i}.downsample`, c) : [])]);
  const target = channels.flatMap((c, i) => [...(i > 0 ? merge(`layers.${i}.downsample`, channels[i - 1]!) : []), ...block(`layers.${i}.blocks.0`, c)]);
  const r = inferPlan({ source, target });

  test('the same name with another shape does not pin it: layers.i.downsample is layers.(i+1).downsample', () => {
    expect(r.mapping['layers.0.downsample.reduction.weight']).toBe('layers.1.downsample.reduction.weight');
    expect(r.mapping['layers.1.downsample.norm.weight']).toBe('layers.2.downsample.norm.weight');
    expect(r.sizeMismatches).toEqual([]);
    expect(r.ops).toEqual([expect.objectContaining({ op: 'rename', pattern: '^layers\\.(\\d+)\\.downsample\\.', replacement: 'layers.${1+1}.downsample.' })]);
  });

  test('a model of another size keeps its same-named pairs, as size mismatches', () => {
    const wider = inferPlan({ source: block('layers.0.blocks.0', 4), target: block('layers.0.blocks.0', 8) });
    expect(wider.mapping['layers.0.blocks.0.attn.qkv.weight']).toBe('layers.0.blocks.0.attn.qkv.weight');
    expect(wider.sizeMismatches).toHaveLength(3);
  });
});
