/**
 * The eleventh family set's generators, checked without running the matcher (set 11 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared reshaped / split / joined, sizes); this file adds what
 * holds for set 11 in particular: the split, coverage of the target, the published parameter totals of the
 * models, and the names, stacks and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_11, HELD_OUT_11, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_11);
const { families, family } = set;

const params = (f: Family, side: 'source' | 'target'): number => f[side].reduce((a, e) => a + numel(e.shape!), 0);

describe('family set 11', () => {
  itHoldsItsSplit(set, HELD_OUT_11, {
    count: 12,
    // the split as committed with the set
    heldOut: [
      'deepseek-moe-16b-hf-to-gguf', 'deepseek-v2-lite-hf-to-gguf', 'deepseek-v2-lite-v4-to-v5-fused-experts', 'mambaout-tiny-original-to-timm',
      'mambaout-tiny-timm-to-hf-timm-wrapper', 'stablelm-2-12b-hf-to-gguf',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key and maps every source key', () => expectReachesEveryKey(f));
    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));
    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => expectRecipesBuildTheirTargets(f));
    it('keeps every parameter: both sides hold the same number of elements', () => expect(params(f, 'target')).toBe(params(f, 'source')));
  });

  it('matches the published parameter totals of the real models', () => {
    const totals: [string, number][] = [
      // EdgeNeXt-S 5.59 M (timm edgenext_small), MambaOut-Tiny 26.55 M (timm mambaout_tiny)
      ['edgenext-small-original-to-timm', 5_586_832],
      ['edgenext-small-original-to-mmpretrain', 5_586_832],
      ['mambaout-tiny-original-to-timm', 26_545_096],
      ['mambaout-tiny-timm-to-hf-timm-wrapper', 26_545_096],
      // DeepSeek-V2-Lite 15.7 B, deepseek-moe-16b 16.4 B, OLMo-2-1124-7B 7.30 B
      ['deepseek-v2-lite-hf-to-gguf', 15_706_484_224],
      ['deepseek-v2-lite-v4-to-v5-fused-experts', 15_706_484_224],
      ['deepseek-moe-16b-hf-to-gguf', 16_375_728_128],
      ['olmo2-1124-7b-hf-to-gguf', 7_298_617_344],
      // Qwen3-0.6B 0.6 B (0.44 B without the tied embedding), stablelm-2-12b 12.1 B, OLMoE-1B-7B 6.9 B, Phi-3.5-MoE 41.9 B
      ['qwen3-0.6b-hf-to-gguf', 596_049_920],
      ['stablelm-2-12b-hf-to-gguf', 12_143_185_920],
      ['olmoe-1b-7b-0924-v4-to-v5-fused-experts', 6_919_161_856],
      ['phi-3.5-moe-v4-to-v5-fused-experts', 41_873_153_344],
    ];
    for (const [name, total] of totals) expect(params(family(name), 'source'), name).toBe(total);
    expect(totals.map((t) => t[0]).sort()).toEqual(families.map(([n]) => n).sort());
    const qwen3 = family('qwen3-0.6b-hf-to-gguf');
    expect(params(qwen3, 'source') - numel(qwen3.source.find((e) => e.key === 'model.embed_tokens.weight')!.shape!)).toBe(440_467_456);
  });

  it('lists safetensors and GGUF sides sorted by name', () => {
    const sorted = (k: string[]): boolean => k.every((x, i) => i === 0 || k[i - 1]! < x);
    for (const [name, f] of families) {
      if (/gguf|v4-to-v5/.test(name)) expect(sorted(keys(f, 'source')), name).toBe(true);
      if (/gguf/.test(name)) expect(sorted(keys(f, 'target')), name).toBe(true);
    }
  });

  it('uses the names, stacks and value ops the reference code writes', () => {
    const timm = family('edgenext-small-original-to-timm').truth;
    expect(timm['downsample_layers.0.0.weight']).toBe('stem.0.weight');
    expect(timm['downsample_layers.2.1.weight']).toBe('stages.2.downsample.1.weight');
    expect(timm['stages.1.2.xca.qkv.weight']).toBe('stages.1.blocks.2.xca.qkv.weight');
    expect(timm['stages.0.0.pwconv2.bias']).toBe('stages.0.blocks.0.mlp.fc2.bias');
    expect(timm['norm.weight']).toBe('head.norm.weight');
    expect(timm['head.weight']).toBe('head.fc.weight');
    const mm = family('edgenext-small-original-to-mmpretrain').truth;
    expect(mm['stages.1.2.gamma_xca']).toBe('backbone.stages.1.2.gamma_csa');
    expect(mm['stages.1.2.pos_embd.token_projection.weight']).toBe('backbone.stages.1.2.pos_embed.proj.weight');
    expect(mm['stages.3.2.xca.temperature']).toBe('backbone.stages.3.2.csa.scale');
    expect(mm['stages.3.2.convs.2.weight']).toBe('backbone.stages.3.2.conv_modules.2.weight');
    expect(mm['norm.bias']).toBe('backbone.norm3.bias');
    expect(mm['head.bias']).toBe('head.fc.bias');
    const mo = family('mambaout-tiny-original-to-timm').truth;
    expect(mo['downsample_layers.0.norm2.weight']).toBe('stem.norm2.weight');
    expect(mo['downsample_layers.3.conv.weight']).toBe('stages.3.downsample.conv.weight');
    expect(mo['norm.weight']).toBe('head.norm.weight');
    expect(mo['head.norm.weight']).toBe('head.pre_logits.norm.weight');
    expect(mo['head.fc2.weight']).toBe('head.fc.weight');
    expect(family('mambaout-tiny-timm-to-hf-timm-wrapper').truth['head.fc.bias']).toBe('timm_model.head.fc.bias');

    const v2 = family('deepseek-v2-lite-hf-to-gguf');
    expect(v2.truth['model.layers.5.self_attn.kv_b_proj.weight']).toEqual(['blk.5.attn_k_b.weight', 'blk.5.attn_v_b.weight']);
    expect(v2.truth['model.layers.5.mlp.experts.63.down_proj.weight']).toBe('blk.5.ffn_down_exps.weight');
    expect(v2.truth['model.layers.5.mlp.shared_experts.up_proj.weight']).toBe('blk.5.ffn_up_shexp.weight');
    expect(v2.truth['model.layers.0.mlp.gate_proj.weight']).toBe('blk.0.ffn_gate.weight');
    expect(v2.truth['model.layers.1.mlp.gate.weight']).toBe('blk.1.ffn_gate_inp.weight');
    expect(v2.target.find((e) => e.key === 'blk.5.ffn_gate_exps.weight')!.shape).toEqual([64, 1408, 2048]);
    // k_b[h, r, j] = kv_b[h · 256 + j, r] (the nope rows, transposed); v_b[h, i, r] = kv_b[h · 256 + 128 + i, r]
    const kb = (h: number, r: number, j: number): number => (h * 512 + r) * 128 + j;
    const vb = (h: number, i: number, r: number): number => (h * 128 + i) * 512 + r;
    const kvb = (row: number, col: number): number => row * 512 + col;
    expect(sourceOf(v2, 'blk.5.attn_k_b.weight', kb(3, 7, 5))).toEqual(['model.layers.5.self_attn.kv_b_proj.weight', kvb(3 * 256 + 5, 7)]);
    expect(sourceOf(v2, 'blk.5.attn_v_b.weight', vb(3, 5, 7))).toEqual(['model.layers.5.self_attn.kv_b_proj.weight', kvb(3 * 256 + 128 + 5, 7)]);

    const v5 = family('deepseek-v2-lite-v4-to-v5-fused-experts');
    expect(v5.truth['model.layers.2.mlp.experts.7.up_proj.weight']).toBe('model.layers.2.mlp.experts.gate_up_proj');
    expect(v5.truth['model.layers.2.mlp.experts.7.down_proj.weight']).toBe('model.layers.2.mlp.experts.down_proj');
    expect(v5.target.find((e) => e.key === 'model.layers.2.mlp.experts.gate_up_proj')!.shape).toEqual([64, 2816, 2048]);

    const moe = family('deepseek-moe-16b-hf-to-gguf');
    // permute(w, 16, 16): reshape(16, 2, 64, 2048).swapaxes(1, 2), so row h · 128 + p · 2 + i of the result comes from row h · 128 + i · 64 + p
    expect(sourceOf(moe, 'blk.3.attn_q.weight', (2 * 128 + 5 * 2 + 1) * 2048 + 9)).toEqual(['model.layers.3.self_attn.q_proj.weight', (2 * 128 + 64 + 5) * 2048 + 9]);
    expect(moe.recipes!['blk.3.attn_v.weight']).toBeUndefined();

    const olmo2 = family('olmo2-1124-7b-hf-to-gguf').truth;
    expect(olmo2['model.layers.4.post_attention_layernorm.weight']).toBe('blk.4.post_attention_norm.weight');
    expect(olmo2['model.layers.4.post_feedforward_layernorm.weight']).toBe('blk.4.post_ffw_norm.weight');
    expect(olmo2['model.layers.4.self_attn.k_norm.weight']).toBe('blk.4.attn_k_norm.weight');
    const qwen3 = family('qwen3-0.6b-hf-to-gguf');
    expect(qwen3.truth['model.layers.4.self_attn.q_norm.weight']).toBe('blk.4.attn_q_norm.weight');
    expect(keys(qwen3, 'source')).not.toContain('lm_head.weight');
    expect(keys(qwen3, 'target')).not.toContain('output.weight');
    const st = family('stablelm-2-12b-hf-to-gguf');
    expect(st.truth['model.layers.9.self_attn.q_layernorm.norms.31.weight']).toBe('blk.9.attn_q_norm.weight');
    expect(st.truth['model.layers.9.self_attn.k_layernorm.norms.7.weight']).toBe('blk.9.attn_k_norm.weight');
    expect(st.target.find((e) => e.key === 'blk.9.attn_k_norm.weight')!.shape).toEqual([8, 160]);
    expect(keys(st, 'source').filter((k) => k.includes('post_attention_layernorm'))).toEqual([]);

    const olmoe = family('olmoe-1b-7b-0924-v4-to-v5-fused-experts');
    expect(olmoe.truth['model.layers.0.mlp.experts.0.gate_proj.weight']).toBe('model.layers.0.mlp.experts.gate_up_proj');
    expect(olmoe.truth['model.layers.0.mlp.gate.weight']).toBe('model.layers.0.mlp.gate.weight');
    expect(olmoe.joined).toHaveLength(32);
    const phi = family('phi-3.5-moe-v4-to-v5-fused-experts');
    expect(phi.truth['model.layers.31.block_sparse_moe.gate.weight']).toBe('model.layers.31.mlp.router.weight');
    expect(phi.truth['model.layers.31.block_sparse_moe.experts.15.w3.weight']).toBe('model.layers.31.mlp.experts.gate_up_proj');
    expect(phi.truth['model.layers.31.block_sparse_moe.experts.15.w2.weight']).toBe('model.layers.31.mlp.experts.down_proj');
    expect(phi.target.find((e) => e.key === 'model.layers.31.mlp.experts.gate_up_proj')!.shape).toEqual([16, 12800, 4096]);
  });
});
