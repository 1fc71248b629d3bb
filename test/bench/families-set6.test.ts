/**
 * The sixth family set's generators, checked without running the matcher (set 6 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared transposed / reshaped / joined, sizes); this
 * file adds what holds for set 6 in particular: the split, coverage of the target, the published parameter
 * totals of the models, the key order of the writers, and the names and value ops the reference scripts write.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_6, HELD_OUT_6, type Family } from '../../bench/families/index.js';
import { expectSplitsKeepElements, familySet, itHoldsItsSplit, numel, shapeOf } from '../helpers/family-sets.js';
import { traceRecipe } from '../../bench/families/recipe-trace.js';

const set = familySet(FAMILY_MAKERS_6);
const { families, family } = set;

/** buffers, which published parameter counts leave out */
const BUFFER = /(\.running_mean|\.running_var|\.num_batches_tracked|\.relative_position_index|\.pe|\.attn\.bias|_float_tensor|^decoder\.version)$/;

/** parameters on one side; on the target a tied copy counts once */
function params(f: Family, side: 'source' | 'target'): number {
  const tied = new Set(Object.keys(f.tied ?? {}));
  return f[side].filter((e) => !BUFFER.test(e.key) && !(side === 'target' && tied.has(e.key))).reduce((a, e) => a + numel(e.shape!), 0);
}

describe('family set 6', () => {
  itHoldsItsSplit(set, HELD_OUT_6, {
    count: 14,
    // the split as committed with the set
    heldOut: [
      'baichuan2-7b-hf-to-gguf', 'beit-base-p16-224-unilm-to-hf', 'bloom-560m-hf-to-gguf', 'gpt2-124m-hf-to-gguf',
      'mlp-mixer-b16-timm-to-mmpretrain', 'resnet50-torchvision-to-mmcls', 'shufflenet-v2-x1-torchvision-to-mmpretrain',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key (by the truth or a declared tie) and maps every source key', () => {
      const reached = new Set<string>(Object.keys(f.tied ?? {}));
      for (const to of Object.values(f.truth)) for (const k of to === null ? [] : typeof to === 'string' ? [to] : to) reached.add(k);
      const unreached = f.target.map((e) => e.key).filter((k) => !reached.has(k));
      // the motion adapter builds its own sinusoidal tables; the script loads it with strict=False for them
      if (f.name === 'animatediff-v2-motion-module-to-diffusers') {
        expect(unreached).toHaveLength(21);
        for (const k of unreached) expect(k).toMatch(/\.transformer_blocks\.0\.pos_embed\.pe$/);
      } else expect(unreached).toEqual([]);
      expect(f.source.map((e) => e.key).filter((k) => !(k in f.truth))).toEqual([]);
    });

    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));

    it('declares ties only to source keys it maps, and recipes only for target keys it reaches', () => {
      for (const [to, from] of Object.entries(f.tied ?? {})) {
        expect(f.truth[from], `${to} ← ${from}`).toBeDefined();
        expect(f.target.some((e) => e.key === to), to).toBe(true);
      }
      const reached = new Set(Object.values(f.truth).flatMap((v) => (v === null ? [] : typeof v === 'string' ? [v] : v)));
      for (const key of Object.keys(f.recipes ?? {})) expect(reached.has(key), key).toBe(true);
    });

    it('builds each recipe\'s tensor in its target\'s shape', () => {
      const shapes = new Map(f.source.map((e) => [e.key, e.shape]));
      for (const [key, recipe] of Object.entries(f.recipes ?? {})) expect(traceRecipe(recipe, shapes)?.shape, key).toEqual(shapeOf(f, 'target', key));
    });
  });

  it('matches the published parameter totals of the real models', () => {
    // torchvision weight tables (num_params)
    expect(params(family('vgg16-bn-torchvision-to-mmpretrain'), 'source')).toBe(138_365_992);
    expect(params(family('mobilenet-v2-torchvision-to-mmpretrain'), 'source')).toBe(3_504_872);
    expect(params(family('shufflenet-v2-x1-torchvision-to-mmpretrain'), 'source')).toBe(2_278_604);
    expect(params(family('resnet50-torchvision-to-mmcls'), 'source')).toBe(25_557_032);
    // timm: mixer_b16_224 59.88 M, poolformer_s12 11.92 M, beit_base_patch16_224 86.53 M, davit_tiny 28.36 M, van_b0 4.1 M
    expect(params(family('mlp-mixer-b16-timm-to-mmpretrain'), 'source')).toBe(59_880_472);
    expect(Math.round(params(family('poolformer-s12-original-to-hf'), 'target') / 1e4)).toBe(1192);
    expect(Math.round(params(family('beit-base-p16-224-unilm-to-hf'), 'target') / 1e4)).toBe(8653);
    expect(Math.round(params(family('davit-tiny-msft-to-timm'), 'target') / 1e4)).toBe(2836);
    expect(Math.round(params(family('van-b0-original-to-mmpretrain'), 'source') / 1e5)).toBe(41);
    // transformers num_parameters(): bloom-560m, Baichuan2-7B, gpt2, xglm-564M
    expect(params(family('bloom-560m-hf-to-gguf'), 'source')).toBe(559_214_592);
    expect(params(family('baichuan2-7b-hf-to-gguf'), 'source')).toBe(7_505_973_248);
    expect(params(family('gpt2-124m-hf-to-gguf'), 'source')).toBe(124_439_808);
    expect(params(family('xglm-564m-fairseq-to-hf'), 'target')).toBe(564_463_616);
    // mm_sd_v15_v2.ckpt is a 1.82 GB float32 file: its tensors (sinusoidal tables included) at 4 bytes each
    const animatediff = family('animatediff-v2-motion-module-to-diffusers');
    expect(Math.round(animatediff.source.reduce((a, e) => a + numel(e.shape!), 0) * 4 / 1e7)).toBe(182);
    expect(params(animatediff, 'source')).toBe(params(animatediff, 'target'));
  });

  it('lists keys in the order their writers do', () => {
    // own parameters before children: PoolFormer's and BEiT's layer scales, VAN's too
    const pool = family('poolformer-s12-original-to-hf');
    expect(pool.source.map((e) => e.key).slice(2, 5)).toEqual(['network.0.0.layer_scale_1', 'network.0.0.layer_scale_2', 'network.0.0.norm1.weight']);
    const hfPool = pool.target.map((e) => e.key);
    // transformers registers all patch embeddings before the first block
    expect(hfPool.indexOf('poolformer.encoder.patch_embeddings.3.projection.bias')).toBeLessThan(hfPool.indexOf('poolformer.encoder.block.0.0.layer_scale_1'));
    const beit = family('beit-base-p16-224-unilm-to-hf').source.map((e) => e.key);
    expect(beit.indexOf('blocks.0.gamma_2')).toBeLessThan(beit.indexOf('blocks.0.norm1.weight'));
    expect(beit.indexOf('blocks.0.attn.relative_position_index')).toBeLessThan(beit.indexOf('blocks.0.attn.qkv.weight'));
    // the motion adapter registers its mid block first; the UNet-ordered checkpoint lists it last
    const ad = family('animatediff-v2-motion-module-to-diffusers');
    const at = (keys: string[], prefix: string) => keys.findIndex((k) => k.startsWith(prefix));
    const src = ad.source.map((e) => e.key);
    const tgt = ad.target.map((e) => e.key);
    expect(at(src, 'mid_block.')).toBeGreaterThan(at(src, 'up_blocks.'));
    expect(at(tgt, 'mid_block.')).toBe(0);
    expect(at(tgt, 'down_blocks.')).toBeLessThan(at(tgt, 'up_blocks.'));
    // DaViT: the original's patch_embeds all precede main_blocks; timm's downsample norm precedes its conv
    const davit = family('davit-tiny-msft-to-timm');
    expect(davit.source.map((e) => e.key).slice(0, 3)).toEqual(['patch_embeds.0.proj.weight', 'patch_embeds.0.proj.bias', 'patch_embeds.0.norm.weight']);
    const dt = davit.target.map((e) => e.key);
    expect(dt.indexOf('stages.1.downsample.norm.weight')).toBeLessThan(dt.indexOf('stages.1.downsample.conv.weight'));
    // fairseq registers the decoder's version buffer first; llama.cpp writes `output` right after token_embd
    expect(family('xglm-564m-fairseq-to-hf').source[0]!.key).toBe('decoder.version');
    expect(family('bloom-560m-hf-to-gguf').target.slice(0, 2).map((e) => e.key)).toEqual(['token_embd.weight', 'output.weight']);
    expect(family('baichuan2-7b-hf-to-gguf').target.slice(1, 4).map((e) => e.key)).toEqual(['blk.0.attn_q.weight', 'blk.0.attn_k.weight', 'blk.0.attn_v.weight']);
  });

  it('uses the names, drops and value ops the reference scripts write', () => {
    const vgg = family('vgg16-bn-torchvision-to-mmpretrain').truth;
    expect(vgg['features.40.weight']).toBe('backbone.features.16.conv.weight');
    expect(vgg['features.41.running_var']).toBe('backbone.features.16.bn.running_var');
    expect(vgg['features.7.bias']).toBe('backbone.features.3.conv.bias');
    expect(vgg['classifier.6.weight']).toBe('backbone.classifier.6.weight');
    const mbv2 = family('mobilenet-v2-torchvision-to-mmpretrain').truth;
    expect(mbv2['features.1.conv.2.weight']).toBe('backbone.layer1.0.conv.1.bn.weight');
    expect(mbv2['features.12.conv.3.bias']).toBe('backbone.layer5.1.conv.2.bn.bias');
    expect(mbv2['features.16.conv.1.0.weight']).toBe('backbone.layer6.2.conv.1.conv.weight');
    expect(mbv2['features.18.1.running_mean']).toBe('backbone.conv2.bn.running_mean');
    expect(mbv2['classifier.1.weight']).toBe('head.fc.weight');
    const shuffle = family('shufflenet-v2-x1-torchvision-to-mmpretrain').truth;
    expect(shuffle['stage3.0.branch1.2.weight']).toBe('backbone.layers.1.0.branch1.1.conv.weight');
    expect(shuffle['stage4.3.branch2.6.bias']).toBe('backbone.layers.2.3.branch2.2.bn.bias');
    expect(shuffle['conv5.1.weight']).toBe('backbone.layers.3.bn.weight');
    const mixer = family('mlp-mixer-b16-timm-to-mmpretrain').truth;
    expect(mixer['blocks.11.mlp_tokens.fc1.weight']).toBe('backbone.layers.11.token_mix.layers.0.0.weight');
    expect(mixer['norm.bias']).toBe('backbone.ln1.bias');
    expect(mixer['stem.proj.weight']).toBe('backbone.patch_embed.projection.weight');
    const van = family('van-b0-original-to-mmpretrain').truth;
    expect(van['block3.4.attn.spatial_gating_unit.conv_spatial.weight']).toBe('backbone.blocks3.4.attn.spatial_gating_unit.DW_D_conv.weight');
    expect(van['block1.0.mlp.dwconv.dwconv.bias']).toBe('backbone.blocks1.0.mlp.dwconv.bias');
    expect(van['norm4.weight']).toBe('backbone.norm4.weight');
    const pool = family('poolformer-s12-original-to-hf').truth;
    expect(pool['network.4.5.mlp.fc2.weight']).toBe('poolformer.encoder.block.2.5.output.conv2.weight');
    expect(pool['network.5.proj.bias']).toBe('poolformer.encoder.patch_embeddings.3.projection.bias');
    expect(pool['patch_embed.proj.weight']).toBe('poolformer.encoder.patch_embeddings.0.projection.weight');
    expect(pool['network.6.1.layer_scale_2']).toBe('poolformer.encoder.block.3.1.layer_scale_2');
    expect(pool['head.weight']).toBe('classifier.weight');
    const beit = family('beit-base-p16-224-unilm-to-hf');
    const a = 'beit.encoder.layer.7.attention.attention.';
    expect(beit.truth['blocks.7.attn.qkv.weight']).toEqual([`${a}query.weight`, `${a}key.weight`, `${a}value.weight`]);
    expect(beit.recipes?.[`${a}key.weight`]).toEqual({ kind: 'split', of: { kind: 'source', key: 'blocks.7.attn.qkv.weight' }, dim: 0, start: 768, size: 768, squeeze: false });
    expect(beit.truth['blocks.7.gamma_1']).toBe('beit.encoder.layer.7.lambda_1');
    expect(beit.truth['fc_norm.weight']).toBe('beit.pooler.layernorm.weight');
    const davit = family('davit-tiny-msft-to-timm').truth;
    expect(davit['patch_embeds.0.proj.weight']).toBe('stem.conv.weight');
    expect(davit['patch_embeds.2.proj.bias']).toBe('stages.2.downsample.conv.bias');
    expect(davit['main_blocks.2.2.1.cpe.1.proj.weight']).toBe('stages.2.blocks.2.1.cpe2.proj.weight');
    expect(davit['norms.weight']).toBe('head.norm.weight');
    expect(davit['head.bias']).toBe('head.fc.bias');
    const ad = family('animatediff-v2-motion-module-to-diffusers').truth;
    expect(ad['up_blocks.3.motion_modules.2.temporal_transformer.transformer_blocks.0.attention_blocks.1.to_out.0.weight'])
      .toBe('up_blocks.3.motion_modules.2.transformer_blocks.0.attn2.to_out.0.weight');
    expect(ad['mid_block.motion_modules.0.temporal_transformer.transformer_blocks.0.ff_norm.bias']).toBe('mid_block.motion_modules.0.transformer_blocks.0.norm3.bias');
    expect(ad['down_blocks.0.motion_modules.0.temporal_transformer.transformer_blocks.0.attention_blocks.0.pos_encoder.pe']).toBeNull();
    const bloom = family('bloom-560m-hf-to-gguf');
    expect(bloom.truth['word_embeddings.weight']).toEqual(['token_embd.weight', 'output.weight']);
    expect(bloom.truth['h.23.mlp.dense_4h_to_h.bias']).toBe('blk.23.ffn_down.bias');
    const qkv = bloom.recipes?.['blk.5.attn_qkv.weight'];
    expect(qkv?.kind).toBe('concat');
    expect(JSON.stringify(qkv)).toContain('[16,3,64,1024]');
    // row h·64 + i of the k block (j = 1) comes from row (h·3 + 1)·64 + i of the per-head interleaved source
    const bloomShapes = new Map(bloom.source.map((e) => [e.key, e.shape]));
    const traced = traceRecipe(qkv!, bloomShapes)!;
    expect(traced.at((1024 + 2 * 64 + 7) * 1024 + 3)).toEqual(['h.5.self_attention.query_key_value.weight', ((2 * 3 + 1) * 64 + 7) * 1024 + 3]);
    const baichuan = family('baichuan2-7b-hf-to-gguf');
    // llama.cpp's reverse permute: output row h·128 + 2b + a ← row h·128 + 64a + b of the third
    const tracedK = traceRecipe(baichuan.recipes!['blk.9.attn_k.weight']!, new Map(baichuan.source.map((e) => [e.key, e.shape])))!;
    expect(tracedK.at((3 * 128 + 2 * 5 + 1) * 4096 + 11)).toEqual(['model.layers.9.self_attn.W_pack.weight', (4096 + 3 * 128 + 64 + 5) * 4096 + 11]);
    expect(baichuan.truth['model.layers.9.self_attn.W_pack.weight']).toEqual(['blk.9.attn_q.weight', 'blk.9.attn_k.weight', 'blk.9.attn_v.weight']);
    expect(baichuan.recipes?.['blk.9.attn_v.weight']).toEqual({ kind: 'split', of: { kind: 'source', key: 'model.layers.9.self_attn.W_pack.weight' }, dim: 0, start: 8192, size: 4096, squeeze: false });
    expect(baichuan.recipes?.['blk.9.attn_k.weight']).toMatchObject({ kind: 'reshape', shape: [4096, 4096], of: { kind: 'transpose', dims: [0, 2, 1, 3] } });
    expect(baichuan.truth['model.layers.9.mlp.down_proj.weight']).toBe('blk.9.ffn_down.weight');
    const gpt2 = family('gpt2-124m-hf-to-gguf');
    expect(gpt2.truth['h.3.attn.bias']).toBeNull();
    expect(gpt2.truth['h.3.attn.c_proj.weight']).toBe('blk.3.attn_output.weight');
    expect(gpt2.transposed).toHaveLength(48);
    expect(gpt2.transposed).toContain('h.3.attn.c_proj.weight');
    expect(shapeOf(gpt2, 'target', 'blk.3.ffn_up.weight')).toEqual([3072, 768]);
    expect(gpt2.truth['h.3.attn.c_proj.bias']).toBe('blk.3.attn_output.bias');
    const xglm = family('xglm-564m-fairseq-to-hf');
    expect(xglm.truth['decoder.layers.20.self_attn.q_proj.bias']).toBe('model.layers.20.self_attn.q_proj.bias');
    for (const k of ['decoder.version', 'decoder.output_projection.weight', 'decoder.embed_positions._float_tensor']) expect(xglm.truth[k], k).toBeNull();
    expect(xglm.tied).toEqual({ 'lm_head.weight': 'decoder.embed_tokens.weight' });
    expect(family('resnet50-torchvision-to-mmcls').truth['layer4.2.bn3.num_batches_tracked']).toBe('backbone.layer4.2.bn3.num_batches_tracked');
  });
});

// ---- the torchvision sources against torchvision itself, when Debian's PyTorch is there ----

const TORCHVISION_DUMP = `
import json, torch, torchvision
torch.nn.init.kaiming_normal_ = torch.nn.init.normal_ = torch.nn.init.uniform_ = torch.nn.init.constant_ = lambda t, *a, **k: t
def dump(m):
    return [[k, list(v.shape), str(v.dtype).replace('torch.', '')] for k, v in m.state_dict().items()]
print(json.dumps({
    'vgg16-bn-torchvision-to-mmpretrain': dump(torchvision.models.vgg16_bn()),
    'mobilenet-v2-torchvision-to-mmpretrain': dump(torchvision.models.mobilenet_v2()),
    'shufflenet-v2-x1-torchvision-to-mmpretrain': dump(torchvision.models.shufflenet_v2_x1_0()),
}))
`;

function torchvisionKeys(): Record<string, [string, number[], string][]> | null {
  const run = spawnSync('/usr/bin/python3', ['-c', TORCHVISION_DUMP], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  if (run.status !== 0) {
    console.warn(`skipping torchvision comparison: /usr/bin/python3 with torchvision is not usable (${(run.stderr || String(run.error)).trim().split('\n').pop()})`);
    return null;
  }
  return JSON.parse(run.stdout) as Record<string, [string, number[], string][]>;
}

const real = torchvisionKeys();

describe.skipIf(real === null)('set 6 torchvision sources against torchvision', () => {
  it.each(Object.keys(real ?? {}))('%s: the source is torchvision\'s state_dict key for key, in order, with shapes and dtypes', (name) => {
    expect(family(name).source.map((e) => [e.key, e.shape, e.dtype])).toEqual(real![name]);
  });
});
