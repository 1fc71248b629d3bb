/**
 * The ninth family set's generators, checked without running the matcher (set 9 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared reshaped / split, sizes); this file adds what
 * holds for set 9 in particular: the split, coverage of the target, the published parameter totals of the
 * models, the key order of the writers, and the names, drops and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_9, HELD_OUT_9, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, shapeOf, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_9);
const { families, family } = set;

/** BatchNorm statistics and the other buffers, which published parameter counts leave out */
const BUFFER = /\.(running_mean|running_var|num_batches_tracked|attn_mask|relative_coords_table|relative_position_index|y_embedding)$|\.attn\.bias$/;

function params(f: Family, side: 'source' | 'target', prefix = ''): number {
  return f[side].filter((e) => !BUFFER.test(e.key) && e.key.startsWith(prefix)).reduce((a, e) => a + numel(e.shape!), 0);
}

/** target keys no source key reaches, by the reference: tied copies, and what the script itself lets go missing */
function unreachedByDesign(f: Family): Set<string> {
  const out = new Set(Object.keys(f.tied ?? {}));
  // convert_suno_to_hf.py: missing_keys = {k for k in missing_keys if not k.endswith(".attn.bias")}
  if (f.name === 'bark-small-semantic-suno-to-hf') for (const e of f.target) if (e.key.endsWith('.attn.bias')) out.add(e.key);
  return out;
}

describe('family set 9', () => {
  itHoldsItsSplit(set, HELD_OUT_9, {
    count: 13,
    // the split as committed with the set
    heldOut: [
      'bark-small-semantic-suno-to-hf', 'efficientnetv2-s-timm-to-mmpretrain', 'gemma-2-2b-hf-to-gguf', 'ltx-video-2b-v0.9-original-to-diffusers',
      'olmoe-1b-7b-0924-hf-to-gguf', 'qwen2-vl-2b-legacy-to-current-hf', 'sana-1600m-1024px-original-to-diffusers',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key and maps every source key', () => expectReachesEveryKey(f, unreachedByDesign(f)));

    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));

    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => expectRecipesBuildTheirTargets(f));
  });

  it('matches the published parameter totals of the real models', () => {
    // Depth-Anything-Small 24.8 M, Hiera-T 28 M (27.9 M in timm), tf_efficientnetv2_s 21,458,488 (timm), Swin2SR classical ×2 12.1 M (hub)
    expect(Math.round(params(family('depth-anything-small-original-to-hf'), 'target') / 1e5)).toBe(248);
    expect(Math.round(params(family('hiera-tiny-224-original-to-hf'), 'source') / 1e5)).toBe(279);
    expect(params(family('efficientnetv2-s-timm-to-mmpretrain'), 'source')).toBe(21_458_488);
    expect(Math.round(params(family('swin2sr-classical-x2-original-to-hf'), 'target') / 1e5)).toBe(121);
    // diffusers: Sana 1600M 1,604,462,752 (the script prints it), HunyuanDiT 1.5 B, LTX-Video 2B 1.9 B, Würstchen v2 prior 1.0 B
    expect(params(family('sana-1600m-1024px-original-to-diffusers'), 'target')).toBe(1_604_462_752);
    expect(Math.round(params(family('hunyuan-dit-v1.2-original-to-diffusers'), 'target') / 1e8)).toBe(15);
    expect(Math.round(params(family('ltx-video-2b-v0.9-original-to-diffusers'), 'target') / 1e8)).toBe(19);
    expect(Math.round(params(family('wuerstchen-v2-prior-original-to-diffusers'), 'target') / 1e8)).toBe(10);
    // transformers num_parameters(): Qwen2-VL-2B-Instruct 2,208,985,600, OLMoE-1B-7B-0924 6,919,161,856, gemma-2-2b 2,614,341,888; DBRX 132 B
    expect(params(family('qwen2-vl-2b-legacy-to-current-hf'), 'source')).toBe(2_208_985_600);
    expect(params(family('olmoe-1b-7b-0924-hf-to-gguf'), 'source')).toBe(6_919_161_856);
    expect(params(family('gemma-2-2b-hf-to-gguf'), 'source')).toBe(2_614_341_888);
    expect(Math.round(params(family('dbrx-base-hf-to-gguf'), 'source') / 1e9)).toBe(132);
    // Bark small semantic: 12 layers of 768 without biases, 129,600 text tokens in, 10,048 semantic tokens out
    expect(shapeOf(family('bark-small-semantic-suno-to-hf'), 'source', '_orig_mod.transformer.wte.weight')).toEqual([129_600, 768]);
    expect(shapeOf(family('bark-small-semantic-suno-to-hf'), 'source', '_orig_mod.lm_head.weight')).toEqual([10_048, 768]);
    expect(keys(family('bark-small-semantic-suno-to-hf'), 'source').filter((k) => k.endsWith('.bias'))).toEqual([]);
  });

  it('lists keys in the order their writers do', () => {
    // own parameters before children: Depth Anything's DINOv2 tokens, Hiera's pos_embed, Sana's and LTX's top scale_shift_table, HunyuanDiT's padding
    expect(keys(family('depth-anything-small-original-to-hf'), 'source').slice(0, 4)).toEqual(['pretrained.cls_token', 'pretrained.pos_embed', 'pretrained.mask_token', 'pretrained.patch_embed.proj.weight']);
    expect(keys(family('depth-anything-small-original-to-hf'), 'target').slice(0, 3)).toEqual(['backbone.embeddings.cls_token', 'backbone.embeddings.mask_token', 'backbone.embeddings.position_embeddings']);
    expect(keys(family('hiera-tiny-224-original-to-hf'), 'source')[0]).toBe('pos_embed');
    expect(keys(family('sana-1600m-1024px-original-to-diffusers'), 'target')[0]).toBe('scale_shift_table');
    expect(keys(family('sana-1600m-1024px-original-to-diffusers'), 'source')).toContain('y_embedder.y_embedding');
    const sanaT = keys(family('sana-1600m-1024px-original-to-diffusers'), 'target');
    expect(sanaT[sanaT.indexOf('transformer_blocks.3.scale_shift_table') + 1]).toBe('transformer_blocks.3.attn1.to_q.weight');
    expect(keys(family('hunyuan-dit-v1.2-original-to-diffusers'), 'source')[0]).toBe('text_embedding_padding');
    // nn.MultiheadAttention: in_proj_weight, in_proj_bias, then out_proj
    const w = keys(family('wuerstchen-v2-prior-original-to-diffusers'), 'source');
    expect(w.slice(w.indexOf('blocks.2.attention.attn.in_proj_weight'), w.indexOf('blocks.2.attention.attn.in_proj_weight') + 4)).toEqual([
      'blocks.2.attention.attn.in_proj_weight', 'blocks.2.attention.attn.in_proj_bias', 'blocks.2.attention.attn.out_proj.weight', 'blocks.2.attention.attn.out_proj.bias',
    ]);
    // Swin2SR: a shifted block's attn_mask buffer leads it; the attention's own parameters, then its buffers, then cpb_mlp and qkv
    const s2 = keys(family('swin2sr-classical-x2-original-to-hf'), 'source');
    expect(s2[s2.indexOf('layers.0.residual_group.blocks.1.norm1.weight') - 1]).toBe('layers.0.residual_group.blocks.1.attn_mask');
    expect(s2).not.toContain('layers.0.residual_group.blocks.0.attn_mask');
    const a = s2.indexOf('layers.2.residual_group.blocks.3.attn.logit_scale');
    expect(s2.slice(a, a + 6).map((k) => k.split('.').at(-1))).toEqual(['logit_scale', 'q_bias', 'v_bias', 'relative_coords_table', 'relative_position_index', 'weight']);
    // safetensors listings sorted by name: layers.10 before layers.2; GGUF in the order the converter reads them
    const ltx = keys(family('ltx-video-2b-v0.9-original-to-diffusers'), 'source');
    expect(ltx[0]).toBe('model.diffusion_model.adaln_single.emb.timestep_embedder.linear_1.bias');
    expect(ltx.indexOf('model.diffusion_model.transformer_blocks.10.ff.net.2.bias')).toBeLessThan(ltx.indexOf('model.diffusion_model.transformer_blocks.2.attn1.k_norm.weight'));
    expect(keys(family('qwen2-vl-2b-legacy-to-current-hf'), 'source')[0]).toBe('model.embed_tokens.weight');
    expect(keys(family('qwen2-vl-2b-legacy-to-current-hf'), 'target')[0]).toBe('model.visual.patch_embed.proj.weight');
    expect(keys(family('qwen2-vl-2b-legacy-to-current-hf'), 'target').at(-1)).toBe('lm_head.weight');
    // OLMoE: a layer's three stacks come out when its last expert tensor (experts.9.up_proj, sorted) is read, before mlp.gate
    const ol = keys(family('olmoe-1b-7b-0924-hf-to-gguf'), 'target');
    expect(ol.slice(ol.indexOf('blk.0.attn_norm.weight'), ol.indexOf('blk.0.attn_norm.weight') + 6)).toEqual([
      'blk.0.attn_norm.weight', 'blk.0.ffn_down_exps.weight', 'blk.0.ffn_gate_exps.weight', 'blk.0.ffn_up_exps.weight', 'blk.0.ffn_gate_inp.weight', 'blk.0.ffn_norm.weight',
    ]);
    expect(keys(family('dbrx-base-hf-to-gguf'), 'source')[0]).toBe('lm_head.weight');
    expect(keys(family('gemma-2-2b-hf-to-gguf'), 'target')).not.toContain('output.weight');
  });

  it('uses the names, drops and value ops the reference code writes', () => {
    const da = family('depth-anything-small-original-to-hf');
    expect(da.truth['depth_head.scratch.refinenet1.resConfUnit2.conv1.bias']).toBe('neck.fusion_stage.layers.3.residual_layer2.convolution1.bias');
    expect(da.truth['depth_head.scratch.refinenet4.out_conv.weight']).toBe('neck.fusion_stage.layers.0.projection.weight');
    expect(da.truth['depth_head.resize_layers.3.weight']).toBe('neck.reassemble_stage.layers.3.resize.weight');
    expect(keys(da, 'source')).not.toContain('depth_head.resize_layers.2.weight');
    expect(da.truth['depth_head.scratch.layer4_rn.weight']).toBe('neck.convs.3.weight');
    expect(da.truth['depth_head.scratch.output_conv2.2.bias']).toBe('head.conv3.bias');
    expect(da.truth['pretrained.blocks.7.ls2.gamma']).toBe('backbone.encoder.layer.7.layer_scale2.lambda1');
    expect(da.recipes?.['backbone.encoder.layer.7.attention.attention.value.bias']).toEqual({ kind: 'split', of: { kind: 'source', key: 'pretrained.blocks.7.attn.qkv.bias' }, dim: 0, start: 768, size: 384, squeeze: false });

    const hi = family('hiera-tiny-224-original-to-hf');
    expect(hi.truth['blocks.0.norm1.weight']).toBe('hiera.encoder.stages.0.layers.0.layernorm_before.weight');
    expect(hi.truth['blocks.3.proj.weight']).toBe('hiera.encoder.stages.2.layers.0.proj.weight');
    expect(hi.truth['blocks.11.mlp.fc2.bias']).toBe('hiera.encoder.stages.3.layers.1.mlp.fc2.bias');
    expect(keys(hi, 'source')).not.toContain('blocks.4.proj.weight');
    expect(shapeOf(hi, 'source', 'blocks.3.attn.qkv.weight')).toEqual([3 * 384, 192]);
    expect(hi.truth['head.projection.bias']).toBe('classifier.bias');

    const ef = family('efficientnetv2-s-timm-to-mmpretrain');
    expect(ef.truth['blocks.0.1.bn1.running_var']).toBe('backbone.layers.1.1.bn.running_var');
    expect(ef.truth['blocks.2.0.bn1.weight']).toBe('backbone.layers.3.0.conv1.bn.weight');
    expect(ef.truth['blocks.5.14.bn1.weight']).toBe('backbone.layers.6.14.expand_conv.bn.weight');
    expect(ef.truth['blocks.4.3.conv_pwl.weight']).toBe('backbone.layers.5.3.linear_conv.conv.weight');
    expect(ef.truth['blocks.1.2.conv_pwl.weight']).toBe('backbone.layers.2.2.conv2.conv.weight');
    expect(ef.truth['blocks.3.0.se.conv_expand.bias']).toBe('backbone.layers.4.0.se.conv2.conv.bias');
    expect(ef.truth['bn2.num_batches_tracked']).toBe('backbone.layers.7.bn.num_batches_tracked');
    expect(ef.truth['classifier.weight']).toBe('head.fc.weight');

    const s2 = family('swin2sr-classical-x2-original-to-hf');
    expect(s2.truth['layers.5.residual_group.blocks.4.attn.q_bias']).toBe('swin2sr.encoder.stages.5.layers.4.attention.self.query.bias');
    expect(s2.truth['layers.5.residual_group.blocks.4.attn.cpb_mlp.2.weight']).toBe('swin2sr.encoder.stages.5.layers.4.attention.self.continuous_position_bias_mlp.2.weight');
    expect(s2.truth['layers.1.patch_embed.proj.weight']).toBe('swin2sr.encoder.stages.1.patch_embed.projection.weight');
    expect(s2.truth['patch_embed.proj.weight']).toBe('swin2sr.embeddings.patch_embeddings.projection.weight');
    expect(s2.truth['conv_before_upsample.0.weight']).toBe('upsample.conv_before_upsample.weight');
    expect(s2.truth['upsample.0.bias']).toBe('upsample.upsample.convolution_0.bias');
    expect(s2.truth['conv_last.weight']).toBe('upsample.final_convolution.weight');
    expect(s2.truth['norm.bias']).toBe('swin2sr.layernorm.bias');
    expect(s2.truth['layers.0.residual_group.blocks.1.attn_mask']).toBeNull();
    expect(s2.truth['layers.0.residual_group.blocks.0.attn.relative_position_index']).toBeNull();
    expect(Object.values(s2.truth).filter((v) => v === null)).toHaveLength(6 * (6 * 2 + 3));
    expect(s2.truth['layers.3.residual_group.blocks.2.attn.qkv.weight']).toEqual(['query', 'key', 'value'].map((x) => `swin2sr.encoder.stages.3.layers.2.attention.self.${x}.weight`));

    const sana = family('sana-1600m-1024px-original-to-diffusers');
    expect(sana.truth['y_embedder.y_embedding']).toBeNull();
    expect(sana.truth['final_layer.scale_shift_table']).toBe('scale_shift_table');
    expect(sana.truth['blocks.19.mlp.point_conv.conv.weight']).toBe('transformer_blocks.19.ff.conv_point.weight');
    expect(sana.truth['blocks.4.cross_attn.kv_linear.bias']).toEqual(['transformer_blocks.4.attn2.to_k.bias', 'transformer_blocks.4.attn2.to_v.bias']);
    expect(sana.recipes?.['transformer_blocks.4.attn1.to_v.weight']).toMatchObject({ kind: 'split', start: 4480, size: 2240 });

    // HunyuanDiT: norm2 and norm3 change places; the final modulation's halves are swapped (row 0 of the target is row 1408 of the source)
    const hy = family('hunyuan-dit-v1.2-original-to-diffusers');
    expect(hy.truth['blocks.7.norm2.weight']).toBe('blocks.7.norm3.weight');
    expect(hy.truth['blocks.7.norm3.bias']).toBe('blocks.7.norm2.bias');
    expect(hy.truth['blocks.7.default_modulation.1.weight']).toBe('blocks.7.norm1.linear.weight');
    expect(hy.truth['blocks.7.norm1.weight']).toBe('blocks.7.norm1.norm.weight');
    expect(hy.truth['blocks.25.skip_linear.weight']).toBe('blocks.25.skip_linear.weight');
    expect(keys(hy, 'source')).not.toContain('blocks.20.skip_norm.weight');
    expect(hy.truth['blocks.7.attn2.kv_proj.weight']).toEqual(['blocks.7.attn2.to_k.weight', 'blocks.7.attn2.to_v.weight']);
    expect(shapeOf(hy, 'target', 'blocks.7.attn2.to_k.weight')).toEqual([1408, 1024]);
    expect(hy.truth['pooler.positional_embedding']).toBe('time_extra_emb.pooler.positional_embedding');
    expect(sourceOf(hy, 'norm_out.linear.weight', 0)).toEqual(['final_layer.adaLN_modulation.1.weight', 1408 * 1408]);
    expect(sourceOf(hy, 'norm_out.linear.bias', 1408)).toEqual(['final_layer.adaLN_modulation.1.bias', 0]);

    const ltx = family('ltx-video-2b-v0.9-original-to-diffusers');
    expect(ltx.truth['model.diffusion_model.transformer_blocks.5.attn2.q_norm.weight']).toBe('transformer_blocks.5.attn2.norm_q.weight');
    expect(ltx.truth['model.diffusion_model.patchify_proj.bias']).toBe('proj_in.bias');
    expect(ltx.truth['model.diffusion_model.adaln_single.linear.weight']).toBe('time_embed.linear.weight');
    expect(ltx.truth['model.diffusion_model.transformer_blocks.5.ff.net.0.proj.weight']).toBe('transformer_blocks.5.ff.net.0.proj.weight');

    const wu = family('wuerstchen-v2-prior-original-to-diffusers');
    expect(wu.truth['blocks.95.attention.attn.in_proj_bias']).toEqual(['q', 'k', 'v'].map((x) => `blocks.95.attention.to_${x}.bias`));
    expect(wu.truth['blocks.95.attention.attn.out_proj.weight']).toBe('blocks.95.attention.to_out.0.weight');
    expect(wu.truth['blocks.93.channelwise.2.gamma']).toBe('blocks.93.channelwise.2.gamma');
    expect(wu.recipes?.['blocks.2.attention.to_k.weight']).toMatchObject({ kind: 'split', start: 1536, size: 1536 });

    const bark = family('bark-small-semantic-suno-to-hf');
    expect(bark.truth['_orig_mod.transformer.h.11.attn.c_proj.weight']).toBe('layers.11.attn.out_proj.weight');
    expect(bark.truth['_orig_mod.transformer.h.11.mlp.c_proj.weight']).toBe('layers.11.mlp.out_proj.weight');
    expect(bark.truth['_orig_mod.transformer.wpe.weight']).toBe('position_embeds_layer.weight');
    expect(bark.truth['_orig_mod.transformer.ln_f.weight']).toBe('layernorm_final.weight');
    expect(bark.truth['_orig_mod.lm_head.weight']).toBe('lm_head.weight');

    const qw = family('qwen2-vl-2b-legacy-to-current-hf');
    expect(qw.truth['visual.merger.mlp.2.bias']).toBe('model.visual.merger.mlp.2.bias');
    expect(qw.truth['model.layers.27.self_attn.k_proj.bias']).toBe('model.language_model.layers.27.self_attn.k_proj.bias');
    expect(qw.tied).toEqual({ 'lm_head.weight': 'model.embed_tokens.weight' });

    // DBRX: w1 / v1 viewed as [16, 10752, 6144]; w2 also permuted (0, 2, 1): target [e, i, j] is source row e × 10752 + j, column i
    const db = family('dbrx-base-hf-to-gguf');
    expect(db.truth['transformer.blocks.3.ffn.experts.mlp.w2']).toBe('blk.3.ffn_down_exps.weight');
    expect(db.truth['transformer.blocks.3.norm_attn_norm.norm_2.weight']).toBe('blk.3.attn_output_norm.weight');
    expect(shapeOf(db, 'target', 'blk.3.ffn_down_exps.weight')).toEqual([16, 6144, 10_752]);
    expect(sourceOf(db, 'blk.3.ffn_down_exps.weight', 1)).toEqual(['transformer.blocks.3.ffn.experts.mlp.w2', 6144]);
    expect(sourceOf(db, 'blk.3.ffn_gate_exps.weight', 6144)).toEqual(['transformer.blocks.3.ffn.experts.mlp.w1', 6144]);

    const oe = family('olmoe-1b-7b-0924-hf-to-gguf');
    expect(oe.truth['model.layers.15.mlp.experts.63.down_proj.weight']).toBe('blk.15.ffn_down_exps.weight');
    expect(oe.truth['model.layers.15.self_attn.k_norm.weight']).toBe('blk.15.attn_k_norm.weight');
    expect(oe.joined).toHaveLength(16 * 3);
    expect(shapeOf(oe, 'target', 'blk.15.ffn_down_exps.weight')).toEqual([64, 2048, 1024]);

    const ge = family('gemma-2-2b-hf-to-gguf');
    expect(ge.truth['model.layers.25.pre_feedforward_layernorm.weight']).toBe('blk.25.ffn_norm.weight');
    expect(ge.truth['model.layers.25.post_attention_layernorm.weight']).toBe('blk.25.post_attention_norm.weight');
    expect(ge.truth['model.layers.25.post_feedforward_layernorm.weight']).toBe('blk.25.post_ffw_norm.weight');
  });
});
