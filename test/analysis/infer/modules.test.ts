import { describe, expect, test } from 'vitest';
import { matchModules, MODULE_ALIGN_MAX_KEYS } from '../../../src/analysis/infer/modules.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

function pairsOf(source: KeyEntry[], target: KeyEntry[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of matchModules({ source: locate(source), target: locate(target) })) out[p.source] = p.target;
  return out;
}

/** a GroupNorm + conv block of `ch` channels */
const block = (prefix: string, ch: number, norm = 'norm', conv = 'conv'): KeyEntry[] => [
  e(`${prefix}.${norm}.weight`, [ch]),
  e(`${prefix}.${norm}.bias`, [ch]),
  e(`${prefix}.${conv}.weight`, [ch, ch, 3, 3]),
  e(`${prefix}.${conv}.bias`, [ch]),
];

describe('matchModules', () => {
  // issue 14: past the size where templates take over, a renumbered layout still needs module alignment
  // (templates carry indices over, so they paired LeViT's flat list into stages wrongly at 30,000 keys)
  const B = Math.ceil(MODULE_ALIGN_MAX_KEYS / 6) + 1;
  const widths = [8, 16, 24];
  const fc = (prefix: string, ch: number) => [e(`${prefix}.fc.weight`, [ch, ch]), e(`${prefix}.fc.bias`, [ch])];
  test('above the size cap, a flat block list regrouped into stages is aligned block by block', () => {
    const source = widths.flatMap((ch, s) => Array.from({ length: B }, (_, j) => fc(`blocks.${s * B + j}`, ch)).flat());
    const target = widths.flatMap((ch, s) => Array.from({ length: B }, (_, j) => fc(`stages.${s}.blocks.${j}`, ch)).flat());
    expect(source.length).toBeGreaterThan(MODULE_ALIGN_MAX_KEYS);
    const pairs = pairsOf(source, target);
    expect(Object.keys(pairs)).toHaveLength(source.length);
    expect(pairs[`blocks.${B + 7}.fc.weight`]).toBe('stages.1.blocks.7.fc.weight');
    expect(pairs[`blocks.${3 * B - 1}.fc.bias`]).toBe(`stages.2.blocks.${B - 1}.fc.bias`);
  });

  test('above the size cap, blocks that keep their numbers under new names are left to templates', () => {
    const source = widths.flatMap((ch, s) => Array.from({ length: B }, (_, j) => fc(`blocks.${s * B + j}`, ch)).flat());
    const target = widths.flatMap((ch, s) => Array.from({ length: B }, (_, j) => fc(`encoder.layer.${s * B + j}`, ch)).flat());
    expect(pairsOf(source, target)).toEqual({});
  });

  test('renumbered containers: the VAE decoder\'s up.i is up_blocks.(3 − i), look-alikes settled by the map', () => {
    // up.2 and up.3 have the same channels: only the reversal that up.0 and up.1 prove tells them apart
    const channels = [8, 16, 32, 32];
    const source = channels.flatMap((ch, i) => [...block(`decoder.up.${i}.block.0`, ch), ...block(`decoder.up.${i}.block.1`, ch)]);
    // diffusers lists up_blocks.0 (the lowest resolution, up.3's channels) first
    const target = [0, 1, 2, 3].flatMap((j) => {
      const ch = channels[3 - j]!;
      return [...block(`decoder.up_blocks.${j}.resnets.0`, ch, 'norm1', 'conv1'), ...block(`decoder.up_blocks.${j}.resnets.1`, ch, 'norm1', 'conv1')];
    });
    const pairs = pairsOf(source, target);
    expect(Object.keys(pairs)).toHaveLength(source.length);
    for (let i = 0; i < 4; i++) {
      expect(pairs[`decoder.up.${i}.block.1.conv.weight`]).toBe(`decoder.up_blocks.${3 - i}.resnets.1.conv1.weight`);
      expect(pairs[`decoder.up.${i}.block.0.norm.bias`]).toBe(`decoder.up_blocks.${3 - i}.resnets.0.norm1.bias`);
    }
  });

  test('a rare word outweighs order: middle_block is mid_block even where diffusers registers it last', () => {
    const source = [...block('input_blocks.1', 16), ...block('middle_block.1', 16), ...block('output_blocks.1', 16), ...block('output_blocks.2', 16)];
    const target = [...block('down_blocks.0', 16), ...block('up_blocks.0', 16), ...block('up_blocks.1', 16), ...block('mid_block.0', 16)];
    const pairs = pairsOf(source, target);
    expect(pairs['middle_block.1.conv.weight']).toBe('mid_block.0.conv.weight');
    expect(pairs['input_blocks.1.conv.weight']).toBe('down_blocks.0.conv.weight');
    expect(pairs['output_blocks.1.norm.weight']).toBe('up_blocks.0.norm.weight');
    expect(pairs['output_blocks.2.norm.weight']).toBe('up_blocks.1.norm.weight');
  });

  test('BatchNorm meets FrozenBN: the step counter is left out of signatures and unmatched', () => {
    const bn = (p: string, ch: number): KeyEntry[] => [
      e(`${p}.weight`, [ch]), e(`${p}.bias`, [ch]), e(`${p}.running_mean`, [ch]), e(`${p}.running_var`, [ch]),
      { key: `${p}.num_batches_tracked`, shape: [], dtype: 'int64' },
    ];
    const frozen = (p: string, ch: number) => bn(p, ch).slice(0, 4);
    // torchvision registers bn3 before downsample, detectron2 registers shortcut first
    const source = [e('layer.0.conv3.weight', [64, 16, 1, 1]), ...bn('layer.0.bn3', 64), e('layer.0.downsample.0.weight', [64, 32, 1, 1]), ...bn('layer.0.downsample.1', 64)];
    const target = [e('res.0.shortcut.weight', [64, 32, 1, 1]), ...frozen('res.0.shortcut.norm', 64), e('res.0.conv3.weight', [64, 16, 1, 1]), ...frozen('res.0.conv3.norm', 64)];
    const pairs = pairsOf(source, target);
    expect(pairs['layer.0.bn3.running_var']).toBe('res.0.conv3.norm.running_var');
    expect(pairs['layer.0.downsample.1.weight']).toBe('res.0.shortcut.norm.weight');
    expect(pairs['layer.0.bn3.num_batches_tracked']).toBeUndefined();
  });

  test('one tensor each: an exact shape beats a transposed one (Llama w2 is down_proj)', () => {
    const source = [e('ff.w1.weight', [32, 8]), e('ff.w2.weight', [8, 32]), e('ff.w3.weight', [32, 8])];
    const target = [e('mlp.gate_proj.weight', [32, 8]), e('mlp.up_proj.weight', [32, 8]), e('mlp.down_proj.weight', [8, 32])];
    expect(pairsOf(source, target)).toEqual({
      'ff.w1.weight': 'mlp.gate_proj.weight',
      'ff.w2.weight': 'mlp.down_proj.weight',
      'ff.w3.weight': 'mlp.up_proj.weight',
    });
  });
});
