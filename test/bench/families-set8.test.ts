/**
 * The eighth family set's generators, checked without running the matcher (set 8 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared reshaped / split, sizes); this file adds what
 * holds for set 8 in particular: the split, coverage of the target, the published parameter totals of the
 * models, the key order of the writers, and the names, drops and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_8, HELD_OUT_8, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, shapeOf, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_8);
const { families, family } = set;

/** BatchNorm statistics, which published parameter counts leave out */
const BUFFER = /\.(running_mean|running_var|num_batches_tracked)$/;

function params(f: Family, side: 'source' | 'target', prefix = ''): number {
  return f[side].filter((e) => !BUFFER.test(e.key) && e.key.startsWith(prefix)).reduce((a, e) => a + numel(e.shape!), 0);
}

/** target keys no source key reaches, by the reference: tied copies, and what the script itself reports missing */
function unreachedByDesign(f: Family): Set<string> {
  const out = new Set(Object.keys(f.tied ?? {}));
  // convert_convnext_upernet_to_pytorch.py: assert missing_keys == ["backbone.convnext.layernorm.weight", "backbone.convnext.layernorm.bias"]
  if (f.name === 'upernet-convnext-tiny-mmseg-to-hf') for (const p of ['weight', 'bias']) out.add(`backbone.convnext.layernorm.${p}`);
  return out;
}

describe('family set 8', () => {
  itHoldsItsSplit(set, HELD_OUT_8, {
    count: 14,
    // the split as committed with the set
    heldOut: [
      'bit-m-r50x1-timm-to-hf', 'convnextv2-tiny-fb-to-hf', 'deit-base-distilled-p16-timm-to-hf', 'focalnet-tiny-srf-original-to-hf',
      'internlm2-chat-7b-hf-to-gguf', 'olmo-1b-hf-to-gguf', 'upernet-convnext-tiny-mmseg-to-hf',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key and maps every source key', () => expectReachesEveryKey(f, unreachedByDesign(f)));

    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));

    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => expectRecipesBuildTheirTargets(f));
  });

  it('matches the published parameter totals of the real models', () => {
    // timm / paper tables: deit_base_distilled 87.34 M, ViT-S/16 21.7 M (MSN's encoder), MiT-B4 encoder 60.8 M (SegFormer table 1),
    // FocalNet-T (SRF) 28.4 M, PVT-Tiny 13.2 M, ConvNeXt V2-T 28.6 M, resnetv2_50x1_bitm 25.5 M, UperNet ConvNeXt-T 60 M, DiT-XL/2 675 M
    expect(Math.round(params(family('deit-base-distilled-p16-timm-to-hf'), 'source') / 1e4)).toBe(8734);
    expect(Math.round(params(family('vit-msn-small-p16-original-to-hf'), 'target') / 1e5)).toBe(217);
    expect(Math.round(params(family('glpn-kitti-original-to-hf'), 'target', 'glpn.encoder.') / 1e5)).toBe(608);
    expect(Math.round(params(family('focalnet-tiny-srf-original-to-hf'), 'source') / 1e5)).toBe(284);
    expect(Math.round(params(family('pvt-tiny-original-to-hf'), 'source') / 1e5)).toBe(132);
    expect(params(family('convnextv2-tiny-fb-to-hf'), 'source')).toBe(28_635_496);
    expect(Math.round(params(family('bit-m-r50x1-timm-to-hf'), 'source') / 1e5)).toBe(255);
    expect(Math.round(params(family('upernet-convnext-tiny-mmseg-to-hf'), 'target') / 1e6)).toBe(60);
    expect(Math.round(params(family('dit-xl2-256-original-to-diffusers'), 'source') / 1e6)).toBe(675);
    // transformers num_parameters(): OLMo-1B-hf 1,176,764,416, Mistral-7B-v0.1 7,241,732,096, internlm2-chat-7b 7.74 B, bge-small-en-v1.5 33.4 M
    expect(params(family('olmo-1b-original-to-hf'), 'source')).toBe(1_176_764_416);
    expect(params(family('olmo-1b-hf-to-gguf'), 'source')).toBe(1_176_764_416);
    expect(params(family('mistral-7b-v0.1-consolidated-to-hf'), 'source')).toBe(7_241_732_096);
    expect(Math.round(params(family('internlm2-chat-7b-hf-to-gguf'), 'source') / 1e7)).toBe(774);
    expect(Math.round(params(family('bge-small-en-v1.5-bert-to-gguf'), 'source') / 1e5)).toBe(334);
    // MSN's projection head: 384 → 2048 → 2048 → 256 with two BatchNorms
    expect(shapeOf(family('vit-msn-small-p16-original-to-hf'), 'source', 'module.fc.fc3.weight')).toEqual([256, 2048]);
    // InternLM2's fused wqkv: 8 groups × (4 q + k + v) × 128 rows
    expect(shapeOf(family('internlm2-chat-7b-hf-to-gguf'), 'source', 'model.layers.0.attention.wqkv.weight')).toEqual([6144, 4096]);
  });

  it('lists keys in the order their writers do', () => {
    // own parameters before children: DeiT's tokens and pos_embed, PVT's four pos_embeds and cls_token, DiT's pos_embed
    expect(keys(family('deit-base-distilled-p16-timm-to-hf'), 'source').slice(0, 4)).toEqual(['cls_token', 'pos_embed', 'dist_token', 'patch_embed.proj.weight']);
    expect(keys(family('pvt-tiny-original-to-hf'), 'source').slice(0, 6)).toEqual(['pos_embed1', 'pos_embed2', 'pos_embed3', 'pos_embed4', 'cls_token', 'patch_embed1.proj.weight']);
    const pvtT = keys(family('pvt-tiny-original-to-hf'), 'target');
    expect(pvtT.slice(0, 2)).toEqual(['pvt.encoder.patch_embeddings.0.position_embeddings', 'pvt.encoder.patch_embeddings.0.projection.weight']);
    expect(family('dit-xl2-256-original-to-diffusers').source[0]!.key).toBe('pos_embed');
    // mix_transformer registers patch_embed1-4 first, then blockN / normN per stage; transformers groups by kind
    const glpn = keys(family('glpn-kitti-original-to-hf'), 'source');
    expect(glpn.indexOf('module.encoder.patch_embed4.norm.bias')).toBeLessThan(glpn.indexOf('module.encoder.block1.0.norm1.weight'));
    expect(glpn.indexOf('module.encoder.norm1.bias')).toBeLessThan(glpn.indexOf('module.encoder.block2.0.norm1.weight'));
    const glpnT = keys(family('glpn-kitti-original-to-hf'), 'target');
    expect(glpnT.indexOf('glpn.encoder.block.3.2.mlp.dense2.bias')).toBeLessThan(glpnT.indexOf('glpn.encoder.layer_norm.0.weight'));
    // ConvNeXt V2: every downsampling first in the original, inside its stage in transformers
    const cn = keys(family('convnextv2-tiny-fb-to-hf'), 'source');
    expect(cn.indexOf('downsample_layers.3.1.bias')).toBeLessThan(cn.indexOf('stages.0.0.dwconv.weight'));
    const cnT = keys(family('convnextv2-tiny-fb-to-hf'), 'target');
    expect(cnT.indexOf('convnextv2.encoder.stages.1.downsampling_layer.1.bias')).toBe(cnT.indexOf('convnextv2.encoder.stages.1.layers.0.dwconv.weight') - 1);
    // mmseg's heads build conv_seg first; transformers' FCN head adds its classifier last; mmcls ConvNeXt's gamma leads its block
    const up = keys(family('upernet-convnext-tiny-mmseg-to-hf'), 'source');
    expect(up[up.indexOf('auxiliary_head.conv_seg.bias') + 1]).toBe('auxiliary_head.convs.0.conv.weight');
    expect(up.indexOf('backbone.stages.0.0.gamma')).toBe(up.indexOf('backbone.stages.0.0.depthwise_conv.weight') - 1);
    expect(keys(family('upernet-convnext-tiny-mmseg-to-hf'), 'target').at(-1)).toBe('auxiliary_head.classifier.bias');
    // OLMo's block registers attn_out and ff_out before att_proj and ff_proj
    expect(keys(family('olmo-1b-original-to-hf'), 'source').slice(1, 5)).toEqual([
      'transformer.blocks.0.attn_out.weight', 'transformer.blocks.0.ff_out.weight', 'transformer.blocks.0.att_proj.weight', 'transformer.blocks.0.ff_proj.weight',
    ]);
    // safetensors and GGUF listings sorted by name: blk.10 before blk.2, layers.10 before layers.2
    const ol = keys(family('olmo-1b-hf-to-gguf'), 'target');
    expect(ol.indexOf('blk.10.attn_k.weight')).toBeLessThan(ol.indexOf('blk.2.attn_k.weight'));
    expect(keys(family('mistral-7b-v0.1-consolidated-to-hf'), 'source')[0]).toBe('layers.0.attention.wk.weight');
    expect(keys(family('mistral-7b-v0.1-consolidated-to-hf'), 'target')[0]).toBe('model.embed_tokens.weight');
    expect(keys(family('bge-small-en-v1.5-bert-to-gguf'), 'source')[0]).toBe('embeddings.LayerNorm.bias');
  });

  it('uses the names, drops and value ops the reference code writes', () => {
    const deit = family('deit-base-distilled-p16-timm-to-hf');
    expect(deit.truth['dist_token']).toBe('deit.embeddings.distillation_token');
    expect(deit.truth['head_dist.bias']).toBe('distillation_classifier.bias');
    expect(deit.truth['blocks.11.mlp.fc2.weight']).toBe('deit.encoder.layer.11.output.dense.weight');
    expect(deit.recipes?.['deit.encoder.layer.3.attention.attention.value.bias']).toEqual({ kind: 'split', of: { kind: 'source', key: 'blocks.3.attn.qkv.bias' }, dim: 0, start: 1536, size: 768, squeeze: false });

    const msn = family('vit-msn-small-p16-original-to-hf');
    expect(Object.entries(msn.truth).filter(([, v]) => v === null).map(([k]) => k)).toHaveLength(16);
    expect(msn.truth['module.fc.bn2.num_batches_tracked']).toBeNull();
    expect(msn.truth['module.norm.weight']).toBe('layernorm.weight');
    expect(msn.truth['module.blocks.5.attn.qkv.weight']).toEqual(['query', 'key', 'value'].map((x) => `encoder.layer.5.attention.attention.${x}.weight`));

    const glpn = family('glpn-kitti-original-to-hf');
    expect(glpn.truth['module.encoder.patch_embed3.proj.weight']).toBe('glpn.encoder.patch_embeddings.2.proj.weight');
    expect(glpn.truth['module.encoder.norm4.bias']).toBe('glpn.encoder.layer_norm.3.bias');
    expect(glpn.truth['module.encoder.block3.26.attn.norm.weight']).toBe('glpn.encoder.block.2.26.attention.self.layer_norm.weight');
    expect(glpn.truth['module.encoder.block1.0.norm2.bias']).toBe('glpn.encoder.block.0.0.layer_norm_2.bias');
    expect(glpn.truth['module.encoder.block2.7.mlp.dwconv.dwconv.weight']).toBe('glpn.encoder.block.1.7.mlp.dwconv.dwconv.weight');
    expect(glpn.truth['module.decoder.bot_conv.weight']).toBe('decoder.stages.0.convolution.weight');
    expect(glpn.truth['module.decoder.fusion3.conv1.1.running_var']).toBe('decoder.stages.3.fusion.convolutional_layer1.1.running_var');
    expect(glpn.truth['module.last_layer_depth.2.bias']).toBe('head.head.2.bias');
    expect(glpn.truth['module.encoder.block4.2.attn.kv.weight']).toEqual(['glpn.encoder.block.3.2.attention.self.key.weight', 'glpn.encoder.block.3.2.attention.self.value.weight']);
    expect(glpn.recipes?.['glpn.encoder.block.3.2.attention.self.value.weight']).toMatchObject({ kind: 'split', start: 512, size: 512 });

    const focal = family('focalnet-tiny-srf-original-to-hf');
    expect(focal.truth['layers.2.blocks.5.modulation.h.weight']).toBe('focalnet.encoder.stages.2.layers.5.modulation.projection_context.weight');
    expect(focal.truth['layers.0.downsample.proj.bias']).toBe('focalnet.encoder.stages.0.downsample.projection.bias');
    expect(focal.truth['layers.1.blocks.0.modulation.focal_layers.1.0.weight']).toBe('focalnet.encoder.stages.1.layers.0.modulation.focal_layers.1.0.weight');
    expect(focal.truth['patch_embed.norm.weight']).toBe('focalnet.embeddings.norm.weight');
    expect(focal.truth['norm.bias']).toBe('focalnet.layernorm.bias');
    expect(focal.truth['head.weight']).toBe('classifier.weight');

    const pvt = family('pvt-tiny-original-to-hf');
    expect(pvt.truth['cls_token']).toBe('pvt.encoder.patch_embeddings.3.cls_token');
    expect(pvt.truth['pos_embed4']).toBe('pvt.encoder.patch_embeddings.3.position_embeddings');
    expect(pvt.truth['block2.1.attn.sr.weight']).toBe('pvt.encoder.block.1.1.attention.self.sequence_reduction.weight');
    expect(pvt.truth['block4.0.attn.kv.bias']).toEqual(['pvt.encoder.block.3.0.attention.self.key.bias', 'pvt.encoder.block.3.0.attention.self.value.bias']);
    expect(keys(pvt, 'source')).not.toContain('block4.0.attn.sr.weight');

    const cn = family('convnextv2-tiny-fb-to-hf');
    expect(cn.truth['downsample_layers.0.1.weight']).toBe('convnextv2.embeddings.layernorm.weight');
    expect(cn.truth['downsample_layers.2.0.bias']).toBe('convnextv2.encoder.stages.2.downsampling_layer.0.bias');
    expect(cn.truth['stages.2.8.grn.gamma']).toBe('convnextv2.encoder.stages.2.layers.8.grn.weight');
    expect(cn.truth['stages.0.0.norm.bias']).toBe('convnextv2.encoder.stages.0.layers.0.layernorm.bias');
    expect(cn.truth['head.bias']).toBe('classifier.bias');

    const bit = family('bit-m-r50x1-timm-to-hf');
    expect(bit.truth['stages.3.blocks.0.downsample.conv.weight']).toBe('bit.encoder.stages.3.layers.0.downsample.conv.weight');
    expect(bit.truth['norm.weight']).toBe('bit.norm.weight');
    expect(bit.truth['head.fc.weight']).toBe('classifier.1.weight');
    expect(shapeOf(bit, 'source', 'head.fc.weight')).toEqual([1000, 2048, 1, 1]);
    expect(bit.reshaped).toEqual(['head.fc.weight']);

    const up = family('upernet-convnext-tiny-mmseg-to-hf');
    expect(up.truth['decode_head.psp_modules.3.1.bn.running_mean']).toBe('decode_head.psp_modules.3.1.batch_norm.running_mean');
    expect(up.truth['backbone.stages.2.8.gamma']).toBe('backbone.convnext.encoder.stages.2.layers.8.layer_scale_parameter');
    expect(up.truth['backbone.norm3.bias']).toBe('backbone.hidden_states_norms.3.bias');
    expect(up.truth['backbone.downsample_layers.1.1.weight']).toBe('backbone.convnext.encoder.stages.1.downsampling_layer.1.weight');
    expect(up.truth['auxiliary_head.conv_seg.weight']).toBe('auxiliary_head.classifier.weight');

    const dit = family('dit-xl2-256-original-to-diffusers');
    expect(dit.truth['t_embedder.mlp.2.bias']).toBe('t_embedder.linear_2.bias');
    expect(dit.truth['blocks.27.attn.proj.weight']).toBe('blocks.27.attn.to_out.0.weight');
    expect(dit.truth['blocks.0.adaLN_modulation.1.weight']).toBe('blocks.0.adaLN_modulation.1.weight');
    expect(dit.recipes?.['blocks.4.attn.to_k.bias']).toEqual({ kind: 'split', of: { kind: 'source', key: 'blocks.4.attn.qkv.bias' }, dim: 0, start: 1152, size: 1152, squeeze: false });

    // OLMo: torch.chunk(ff_proj, 2) gives up first, gate second; wte also feeds the tied lm_head
    const olmo = family('olmo-1b-original-to-hf');
    expect(olmo.truth['transformer.blocks.3.ff_proj.weight']).toEqual(['model.layers.3.mlp.up_proj.weight', 'model.layers.3.mlp.gate_proj.weight']);
    expect(olmo.recipes?.['model.layers.3.mlp.gate_proj.weight']).toMatchObject({ kind: 'split', start: 8192, size: 8192 });
    expect(olmo.truth['transformer.blocks.3.ff_out.weight']).toBe('model.layers.3.mlp.down_proj.weight');
    expect(olmo.tied).toEqual({ 'lm_head.weight': 'transformer.wte.weight' });

    // the rotary permutes: row r of head h in the target is row (r mod 2)·half + r/2 of that head in the source (llama.cpp),
    // and the inverse in transformers' permute_for_rope; both keep the shape
    const og = family('olmo-1b-hf-to-gguf');
    const cols = 2048;
    expect(sourceOf(og, 'blk.0.attn_q.weight', 1 * cols)).toEqual(['model.layers.0.self_attn.q_proj.weight', 64 * cols]);
    expect(sourceOf(og, 'blk.0.attn_k.weight', (128 + 2) * cols)).toEqual(['model.layers.0.self_attn.k_proj.weight', (128 + 1) * cols]);
    expect(og.recipes?.['blk.0.attn_v.weight']).toBeUndefined();
    const mi = family('mistral-7b-v0.1-consolidated-to-hf');
    expect(mi.truth['layers.7.feed_forward.w3.weight']).toBe('model.layers.7.mlp.up_proj.weight');
    expect(mi.truth['layers.7.attention_norm.weight']).toBe('model.layers.7.input_layernorm.weight');
    expect(sourceOf(mi, 'model.layers.0.self_attn.q_proj.weight', 64 * 4096)).toEqual(['layers.0.attention.wq.weight', 1 * 4096]);
    expect(sourceOf(mi, 'model.layers.0.self_attn.k_proj.weight', (7 * 128 + 65) * 4096)).toEqual(['layers.0.attention.wk.weight', (7 * 128 + 3) * 4096]);

    // InternLM2: per KV group 4 q heads, then k, then v; q and k then permuted
    const il = family('internlm2-chat-7b-hf-to-gguf');
    const w = 'model.layers.5.attention.wqkv.weight';
    expect(il.truth[w]).toEqual(['blk.5.attn_q.weight', 'blk.5.attn_k.weight', 'blk.5.attn_v.weight']);
    expect(sourceOf(il, 'blk.5.attn_v.weight', (128 + 3) * 4096)).toEqual([w, (6 * 128 + 5 * 128 + 3) * 4096]);
    expect(sourceOf(il, 'blk.5.attn_q.weight', (4 * 128) * 4096)).toEqual([w, (6 * 128) * 4096]);
    expect(sourceOf(il, 'blk.5.attn_k.weight', 1 * 4096)).toEqual([w, (4 * 128 + 64) * 4096]);
    expect(il.truth['model.layers.5.feed_forward.w3.weight']).toBe('blk.5.ffn_up.weight');
    expect(il.truth['output.weight']).toBe('output.weight');
    expect(il.truth['model.norm.weight']).toBe('output_norm.weight');

    const bge = family('bge-small-en-v1.5-bert-to-gguf');
    expect(bge.truth['pooler.dense.weight']).toBeNull();
    expect(bge.truth['pooler.dense.bias']).toBeNull();
    expect(bge.truth['embeddings.token_type_embeddings.weight']).toBe('token_types.weight');
    expect(bge.truth['encoder.layer.11.output.LayerNorm.bias']).toBe('blk.11.layer_output_norm.bias');
    expect(bge.truth['encoder.layer.0.attention.output.LayerNorm.weight']).toBe('blk.0.attn_output_norm.weight');
  });
});
