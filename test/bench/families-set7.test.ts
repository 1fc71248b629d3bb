/**
 * The seventh family set's generators, checked without running the matcher (set 7 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared transposed / reshaped / joined, sizes); this
 * file adds what holds for set 7 in particular: the split, coverage of the target, the published parameter
 * totals of the models, the key order of the writers, and the names, drops and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_7, HELD_OUT_7, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, shapeOf } from '../helpers/family-sets.js';
import { traceRecipe } from '../../bench/families/recipe-trace.js';

const set = familySet(FAMILY_MAKERS_7);
const { families, family } = set;

/** buffers, which published parameter counts leave out (EnCodec's codebooks are counted apart below) */
const BUFFER = /(\.running_mean|\.running_var|\.num_batches_tracked|attention_bias_idxs|relative_position_index|relative_coords_table|attn_mask|inv_freq|^pos_embed|y_embedding|\._?codebook\.\w+)$/;

function params(f: Family, side: 'source' | 'target'): number {
  return f[side].filter((e) => !BUFFER.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);
}

describe('family set 7', () => {
  itHoldsItsSplit(set, HELD_OUT_7, {
    count: 14,
    // the split as committed with the set
    heldOut: [
      'convnext-tiny-fb-to-mmpretrain', 'encodec-24khz-original-to-hf', 'phi3-mini-4k-hf-to-gguf', 'pixart-alpha-xl2-1024ms-to-diffusers',
      'starcoder2-3b-hf-to-gguf', 'swinv2-tiny-w8-timm-to-hf', 'tinyvit-5m-cream-to-timm',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key and maps every source key', () => expectReachesEveryKey(f));

    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));

    it('gives every split part a recipe that builds its target\'s shape from its own source', () => {
      const shapes = new Map(f.source.map((e) => [e.key, e.shape]));
      for (const [from, to] of Object.entries(f.truth)) {
        if (!Array.isArray(to)) continue;
        for (const key of to) {
          const recipe = f.recipes?.[key];
          expect(recipe, key).toMatchObject({ kind: 'split', of: { kind: 'source', key: from }, dim: 0 });
          expect(traceRecipe(recipe!, shapes)?.shape, key).toEqual(shapeOf(f, 'target', key));
        }
      }
    });
  });

  it('matches the published parameter totals of the real models', () => {
    // model cards / timm tables: yolos-small 30.7 M, swinv2_tiny_window8_256 28.35 M, convnext_tiny 28,589,128,
    // levit_128s 7.78 M, efficientformer_l1 12.29 M, CvT-13 20.0 M, tiny_vit_5m_224 5.39 M
    expect(Math.round(params(family('yolos-small-original-to-hf'), 'target') / 1e5)).toBe(307);
    expect(Math.round(params(family('swinv2-tiny-w8-timm-to-hf'), 'source') / 1e4)).toBe(2835);
    expect(params(family('convnext-tiny-fb-to-mmpretrain'), 'source')).toBe(28_589_128);
    expect(Math.round(params(family('levit-128s-original-to-mmpretrain'), 'target') / 1e4)).toBe(778);
    expect(Math.round(params(family('efficientformer-l1-snap-to-timm'), 'target') / 1e4)).toBe(1229);
    expect(Math.round(params(family('cvt-13-microsoft-to-hf'), 'source') / 1e5)).toBe(200);
    expect(Math.round(params(family('tinyvit-5m-cream-to-timm'), 'target') / 1e4)).toBe(539);
    // PixArt-α: 0.6 B (the paper's XL/2); EnCodec 24 kHz: 23.3 M tensors in the hub file, codebooks included
    expect(Math.round(params(family('pixart-alpha-xl2-1024ms-to-diffusers'), 'target') / 1e8)).toBe(6);
    const encodec = family('encodec-24khz-original-to-hf');
    expect(Math.round(encodec.target.reduce((a, e) => a + numel(e.shape!), 0) / 1e5)).toBe(233);
    // transformers num_parameters(): chatglm3-6b, starcoder2-3b 3.03 B, Phi-3-mini 3.82 B, c4ai-command-r-v01 35 B
    expect(params(family('chatglm3-6b-hf-to-gguf'), 'source')).toBe(6_243_584_000);
    expect(Math.round(params(family('starcoder2-3b-hf-to-gguf'), 'source') / 1e7)).toBe(303);
    expect(params(family('phi3-mini-4k-hf-to-gguf'), 'source')).toBe(3_821_079_552);
    expect(Math.round(params(family('command-r-v01-hf-to-gguf'), 'source') / 1e9)).toBe(35);
    // MusicGen small: 4 codebooks of 2048 (+1 special) over 24 layers of 1024 with cross-attention
    const musicgen = family('musicgen-small-audiocraft-to-hf');
    expect(shapeOf(musicgen, 'source', 'emb.3.weight')).toEqual([2049, 1024]);
    expect(shapeOf(musicgen, 'target', 'decoder.lm_heads.3.weight')).toEqual([2048, 1024]);
    expect(keys(musicgen, 'source').filter((k) => k.endsWith('in_proj_weight'))).toHaveLength(48);
  });

  it('lists keys in the order their writers do', () => {
    // own tensors before children: ConvNeXt's gamma, EfficientFormer's layer scales, a shifted Swin V2 block's mask
    const cn = keys(family('convnext-tiny-fb-to-mmpretrain'), 'source');
    expect(cn.slice(cn.indexOf('stages.0.0.gamma'), cn.indexOf('stages.0.0.gamma') + 2)).toEqual(['stages.0.0.gamma', 'stages.0.0.dwconv.weight']);
    expect(cn.indexOf('downsample_layers.3.1.bias')).toBeLessThan(cn.indexOf('stages.0.0.gamma'));
    const ef = keys(family('efficientformer-l1-snap-to-timm'), 'source');
    expect(ef.indexOf('network.0.0.layer_scale_2')).toBeLessThan(ef.indexOf('network.0.0.mlp.fc1.weight'));
    expect(ef.indexOf('network.0.0.mlp.fc2.weight')).toBeLessThan(ef.indexOf('network.0.0.mlp.norm1.weight'));
    const eft = keys(family('efficientformer-l1-snap-to-timm'), 'target');
    expect(eft.indexOf('stages.0.blocks.0.mlp.norm1.weight')).toBeLessThan(eft.indexOf('stages.0.blocks.0.mlp.fc2.weight'));
    expect(eft.indexOf('stages.0.blocks.0.ls1.gamma')).toBeLessThan(eft.indexOf('stages.0.blocks.0.mlp.fc1.weight'));
    const sw = keys(family('swinv2-tiny-w8-timm-to-hf'), 'source');
    expect(sw.indexOf('layers.0.blocks.1.attn_mask')).toBe(sw.indexOf('layers.0.blocks.1.attn.logit_scale') - 1);
    expect(sw.indexOf('layers.0.blocks.1.norm2.bias')).toBeLessThan(sw.indexOf('layers.0.downsample.reduction.weight'));
    // TinyViT's trailing downsample and timm's leading one fall on the same positions
    const tv = family('tinyvit-5m-cream-to-timm');
    expect(keys(tv, 'source').indexOf('layers.0.downsample.conv1.c.weight')).toBe(keys(tv, 'target').indexOf('stages.1.downsample.conv1.conv.weight'));
    // PixArt's pos_embed buffer leads its checkpoint; diffusers' top-level scale_shift_table leads the model
    expect(family('pixart-alpha-xl2-1024ms-to-diffusers').source[0]!.key).toBe('pos_embed');
    expect(family('pixart-alpha-xl2-1024ms-to-diffusers').target[0]!.key).toBe('scale_shift_table');
    // encodec registers encoder, quantizer, decoder; transformers encoder, decoder, quantizer
    const enc = family('encodec-24khz-original-to-hf');
    const first = (k: string[], p: string): number => k.findIndex((x) => x.startsWith(p));
    expect(first(keys(enc, 'source'), 'quantizer.')).toBeLessThan(first(keys(enc, 'source'), 'decoder.'));
    expect(first(keys(enc, 'target'), 'quantizer.')).toBeGreaterThan(first(keys(enc, 'target'), 'decoder.'));
    // GGUF: the safetensors listing is sorted by name, so blk.10 follows blk.1 and ChatGLM's output comes last
    const sc = keys(family('starcoder2-3b-hf-to-gguf'), 'target');
    expect(sc[0]).toBe('token_embd.weight');
    expect(sc.indexOf('blk.10.attn_k.bias')).toBeLessThan(sc.indexOf('blk.2.attn_k.bias'));
    expect(keys(family('chatglm3-6b-hf-to-gguf'), 'target').at(-1)).toBe('output.weight');
    expect(keys(family('phi3-mini-4k-hf-to-gguf'), 'source').slice(1, 3)).toEqual(['model.layers.0.self_attn.o_proj.weight', 'model.layers.0.self_attn.qkv_proj.weight']);
  });

  it('uses the names, drops and value ops the reference code writes', () => {
    const yolos = family('yolos-small-original-to-hf');
    expect(yolos.truth['backbone.mid_pos_embed']).toBe('vit.encoder.mid_position_embeddings');
    expect(yolos.truth['backbone.det_token']).toBe('vit.embeddings.detection_tokens');
    expect(yolos.truth['backbone.blocks.3.attn.proj.bias']).toBe('vit.encoder.layer.3.attention.output.dense.bias');
    expect(yolos.truth['backbone.norm.bias']).toBe('vit.layernorm.bias');
    expect(yolos.truth['class_embed.layers.2.weight']).toBe('class_labels_classifier.layers.2.weight');
    const y = 'vit.encoder.layer.11.attention.attention.';
    expect(yolos.truth['backbone.blocks.11.attn.qkv.bias']).toEqual([`${y}query.bias`, `${y}key.bias`, `${y}value.bias`]);
    expect(yolos.recipes?.[`${y}value.bias`]).toEqual({ kind: 'split', of: { kind: 'source', key: 'backbone.blocks.11.attn.qkv.bias' }, dim: 0, start: 768, size: 384, squeeze: false });

    const sw = family('swinv2-tiny-w8-timm-to-hf');
    expect(sw.truth['layers.2.blocks.5.attn_mask']).toBeNull();
    expect(Object.values(sw.truth).filter((v) => v === null)).toHaveLength(5);
    const s = 'swinv2.encoder.layers.1.blocks.0.attention.self.';
    expect(sw.truth['layers.1.blocks.0.attn.q_bias']).toBe(`${s}query.bias`);
    expect(sw.truth['layers.1.blocks.0.attn.v_bias']).toBe(`${s}value.bias`);
    expect(sw.truth['layers.1.blocks.0.attn.qkv.weight']).toEqual([`${s}query.weight`, `${s}key.weight`, `${s}value.weight`]);
    expect(sw.truth['layers.1.blocks.0.attn.cpb_mlp.2.weight']).toBe(`${s}continuous_position_bias_mlp.2.weight`);
    expect(sw.truth['layers.0.downsample.norm.bias']).toBe('swinv2.encoder.layers.0.downsample.norm.bias');
    expect(sw.truth['norm.weight']).toBe('swinv2.layernorm.weight');
    expect(sw.truth['head.bias']).toBe('classifier.bias');

    const cn = family('convnext-tiny-fb-to-mmpretrain').truth;
    expect(cn['stages.2.8.pwconv2.bias']).toBe('backbone.stages.2.8.pointwise_conv2.bias');
    expect(cn['stages.0.0.norm.weight']).toBe('backbone.stages.0.0.norm.weight');
    expect(cn['norm.weight']).toBe('backbone.norm3.weight');
    expect(cn['downsample_layers.3.1.weight']).toBe('backbone.downsample_layers.3.1.weight');
    expect(cn['head.weight']).toBe('head.fc.weight');

    const lv = family('levit-128s-original-to-mmpretrain').truth;
    expect(lv['patch_embed.6.c.weight']).toBe('backbone.patch_embed.patch_embed.6.conv.weight');
    expect(lv['blocks.3.m.2.c.weight']).toBe('backbone.stages.0.3.block.linear2.linear.weight');
    expect(lv['blocks.5.kv.c.weight']).toBe('backbone.stages.1.0.kv.linear.weight');
    expect(lv['blocks.5.attention_bias_idxs']).toBe('backbone.stages.1.0.attention_bias_idxs');
    expect(lv['blocks.7.m.qkv.bn.bias']).toBe('backbone.stages.1.2.block.qkv.bn.bias');
    expect(lv['blocks.14.q.1.c.weight']).toBe('backbone.stages.2.0.q.1.linear.weight');
    expect(lv['blocks.23.m.0.bn.running_var']).toBe('backbone.stages.2.9.block.linear1.bn.running_var');
    expect(lv['head_dist.l.bias']).toBe('head.head_dist.linear.bias');

    const ef = family('efficientformer-l1-snap-to-timm').truth;
    expect(ef['patch_embed.4.running_mean']).toBe('stem.norm2.running_mean');
    expect(ef['network.1.proj.weight']).toBe('stages.1.downsample.conv.weight');
    expect(ef['network.5.norm.bias']).toBe('stages.3.downsample.norm.bias');
    expect(ef['network.4.5.layer_scale_2']).toBe('stages.2.blocks.5.ls2.gamma');
    expect(ef['network.6.4.token_mixer.attention_biases']).toBe('stages.3.blocks.4.token_mixer.attention_biases');
    expect(ef['dist_head.weight']).toBe('head_dist.weight');

    const cvt = family('cvt-13-microsoft-to-hf').truth;
    expect(cvt['stage2.cls_token']).toBe('cvt.encoder.stages.2.cls_token');
    expect(cvt['stage0.patch_embed.norm.bias']).toBe('cvt.encoder.stages.0.embedding.convolution_embeddings.normalization.bias');
    expect(cvt['stage1.blocks.1.attn.conv_proj_v.bn.num_batches_tracked'])
      .toBe('cvt.encoder.stages.1.layers.1.attention.attention.convolution_projection_value.convolution_projection.normalization.num_batches_tracked');
    expect(cvt['stage2.blocks.9.attn.proj_k.weight']).toBe('cvt.encoder.stages.2.layers.9.attention.attention.projection_key.weight');
    expect(cvt['stage2.blocks.9.mlp.fc2.bias']).toBe('cvt.encoder.stages.2.layers.9.output.dense.bias');

    const tv = family('tinyvit-5m-cream-to-timm').truth;
    expect(tv['patch_embed.seq.2.bn.bias']).toBe('patch_embed.conv2.bn.bias');
    expect(tv['layers.0.downsample.conv2.c.weight']).toBe('stages.1.downsample.conv2.conv.weight');
    expect(tv['layers.3.blocks.1.local_conv.c.weight']).toBe('stages.3.blocks.1.local_conv.conv.weight');
    expect(tv['norm_head.weight']).toBe('head.norm_head.weight');
    expect(tv['head.bias']).toBe('head.fc.bias');

    const px = family('pixart-alpha-xl2-1024ms-to-diffusers');
    expect(px.truth.pos_embed).toBeNull();
    expect(px.truth['y_embedder.y_embedding']).toBeNull();
    const b = 'transformer_blocks.27.attn2.';
    expect(px.truth['blocks.27.cross_attn.kv_linear.bias']).toEqual([`${b}to_k.bias`, `${b}to_v.bias`]);
    expect(px.recipes?.[`${b}to_v.weight`]).toEqual({ kind: 'split', of: { kind: 'source', key: 'blocks.27.cross_attn.kv_linear.weight' }, dim: 0, start: 1152, size: 1152, squeeze: false });
    expect(px.truth['blocks.0.attn.qkv.weight']).toEqual(['to_q', 'to_k', 'to_v'].map((x) => `transformer_blocks.0.attn1.${x}.weight`));
    expect(px.truth['blocks.4.scale_shift_table']).toBe('transformer_blocks.4.scale_shift_table');
    expect(px.truth['blocks.4.mlp.fc1.weight']).toBe('transformer_blocks.4.ff.net.0.proj.weight');
    expect(px.truth['final_layer.scale_shift_table']).toBe('scale_shift_table');
    expect(px.truth['csize_embedder.mlp.2.weight']).toBe('adaln_single.emb.resolution_embedder.linear_2.weight');
    expect(px.truth['t_block.1.bias']).toBe('adaln_single.linear.bias');
    expect(px.truth['y_embedder.y_proj.fc1.weight']).toBe('caption_projection.linear_1.weight');

    const mg = family('musicgen-small-audiocraft-to-hf').truth;
    const d = 'decoder.model.decoder.layers.23.encoder_attn.';
    expect(mg['transformer.layers.23.cross_attention.in_proj_weight']).toEqual([`${d}q_proj.weight`, `${d}k_proj.weight`, `${d}v_proj.weight`]);
    expect(mg['emb.3.weight']).toBe('decoder.model.decoder.embed_tokens.3.weight');
    expect(mg['transformer.layers.0.norm_cross.weight']).toBe('decoder.model.decoder.layers.0.encoder_attn_layer_norm.weight');
    expect(mg['transformer.layers.0.linear2.weight']).toBe('decoder.model.decoder.layers.0.fc2.weight');
    expect(mg['out_norm.bias']).toBe('decoder.model.decoder.layer_norm.bias');
    expect(mg['linears.2.weight']).toBe('decoder.lm_heads.2.weight');
    expect(mg['condition_provider.conditioners.description.output_proj.bias']).toBe('enc_to_dec_proj.bias');

    const ec = family('encodec-24khz-original-to-hf');
    expect(ec.truth['encoder.model.13.lstm.weight_hh_l1']).toBe('encoder.layers.13.lstm.weight_hh_l1');
    expect(ec.truth['encoder.model.10.shortcut.conv.conv.weight_v']).toBe('encoder.layers.10.shortcut.conv.weight_v');
    expect(ec.truth['decoder.model.12.convtr.convtr.weight_g']).toBe('decoder.layers.12.conv.weight_g');
    expect(shapeOf(ec, 'source', 'decoder.model.12.convtr.convtr.weight_g')).toEqual([64, 1, 1]);
    expect(ec.truth['quantizer.vq.layers.31._codebook.embed_avg']).toBe('quantizer.layers.31.codebook.embed_avg');

    const glm = family('chatglm3-6b-hf-to-gguf');
    expect(glm.truth['transformer.rotary_pos_emb.inv_freq']).toBeNull();
    expect(glm.truth['transformer.encoder.layers.0.self_attention.query_key_value.bias']).toBe('blk.0.attn_qkv.bias');
    expect(glm.truth['transformer.encoder.layers.27.mlp.dense_h_to_4h.weight']).toBe('blk.27.ffn_up.weight');
    expect(shapeOf(glm, 'target', 'blk.27.ffn_up.weight')).toEqual([27392, 4096]);
    expect(glm.truth['transformer.encoder.final_layernorm.weight']).toBe('output_norm.weight');
    expect(glm.truth['transformer.output_layer.weight']).toBe('output.weight');

    const sc = family('starcoder2-3b-hf-to-gguf');
    expect(sc.truth['model.layers.29.mlp.c_fc.bias']).toBe('blk.29.ffn_up.bias');
    expect(sc.truth['model.layers.29.mlp.c_proj.weight']).toBe('blk.29.ffn_down.weight');
    expect(sc.truth['model.norm.bias']).toBe('output_norm.bias');
    expect(keys(sc, 'target')).not.toContain('output.weight');

    const phi = family('phi3-mini-4k-hf-to-gguf');
    expect(phi.truth['model.layers.3.self_attn.qkv_proj.weight']).toBe('blk.3.attn_qkv.weight');
    expect(phi.truth['model.layers.3.mlp.gate_up_proj.weight']).toBe('blk.3.ffn_up.weight');
    expect(shapeOf(phi, 'target', 'blk.3.ffn_up.weight')).toEqual([16384, 3072]);
    expect(phi.truth['lm_head.weight']).toBe('output.weight');

    const cr = family('command-r-v01-hf-to-gguf');
    expect(cr.truth['model.layers.39.input_layernorm.weight']).toBe('blk.39.attn_norm.weight');
    expect(cr.truth['model.layers.39.mlp.gate_proj.weight']).toBe('blk.39.ffn_gate.weight');
    expect(keys(cr, 'target').some((k) => k.includes('ffn_norm') || k === 'output.weight')).toBe(false);
  });
});
