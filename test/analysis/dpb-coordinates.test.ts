import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-main.js';
import { bufferRule } from '../../src/analysis/key-roles.js';

/**
 * CrossFormer's dynamic-position-bias coordinates (`biases`, a buffer beside `relative_position_index`) under an
 * attention module named `attention` as well as `attn`: the robust probe's layer-words rename of cheerss/CrossFormer#9
 * (tuning10) left `attention.biases` unexpected (exit 1) where `attn.biases` is dropped as the constant it is.
 */
const CROSSFORMER = (attn: string) =>
  `unexpected keys: ['norm.weight', 'norm.bias', 'head.weight', 'head.bias', 'layers.0.blocks.0.${attn}.biases', 'layers.0.blocks.0.${attn}.relative_position_index', 'layers.0.blocks.1.${attn}.biases', .....`;

describe('DPB coordinates under either attention name', () => {
  it('`attention.biases` is the same buffer as `attn.biases`; a bias elsewhere is not', () => {
    expect(bufferRule('layers.0.blocks.0.attention.biases')?.what).toContain('dynamic-position-bias');
    expect(bufferRule('layers.0.blocks.0.attn.biases')?.what).toContain('dynamic-position-bias');
    expect(bufferRule('layers.0.mlp.biases')).toBeNull();
  });

  it('explain drops the coordinates under `attention` as under `attn`', async () => {
    for (const attn of ['attn', 'attention']) {
      const out = JSON.parse((await runCli(['explain', '-', '--json'], { stdin: CROSSFORMER(attn) })).stdout) as { plan: { mapping: Record<string, unknown> } };
      expect(out.plan.mapping[`layers.0.blocks.0.${attn}.biases`], attn).toBeNull();
      expect(out.plan.mapping[`layers.0.blocks.1.${attn}.biases`], attn).toBeNull();
    }
  });
});
