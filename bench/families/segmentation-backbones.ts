import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { CONVNEXT_T, fbConvNeXt, swin, SWIN_T, unfoldOrder } from './swin-convnext.js';
import { timmViT } from './timm-vit.js';
import { RuleTrace } from './rules.js';

type Truth = Record<string, string | string[] | null>;

/**
 * MiT-B0 / PVTv2-B0 hyper-parameters (NVlabs/SegFormer mmseg/models/backbones/mix_transformer.py mit_b0,
 * whai362/PVT classification/pvt_v2.py pvt_v2_b0): dims 32-64-160-256, depths 2-2-2-2, spatial reduction 8-4-2-1.
 */
const MIT_B0 = { dims: [32, 64, 160, 256], depths: [2, 2, 2, 2], sr: [8, 4, 2, 1], mlp: [4, 4, 4, 4], classes: 1000 };
const PVT_V2_B0 = { ...MIT_B0, mlp: [8, 8, 4, 4] };
type PyramidConfig = typeof MIT_B0;

/** the original Attention: q, kv, proj, then sr (a strided conv) and its norm where the reduction ratio is > 1 */
function pyramidAttention(d: number, sr: number): Module {
  const children: [string, Module][] = [['q', linear(d, d)], ['kv', linear(d, 2 * d)], ['proj', linear(d, d)]];
  if (sr > 1) children.push(['sr', conv2d(d, d, sr)], ['norm', affineNorm(d)]);
  return module([], children);
}

/** the original Block (SegFormer's mix_transformer, PVT v2, GLPDepth): norm1, attn, norm2, mlp (fc1, dwconv.dwconv depthwise 3×3, fc2) */
export function pyramidBlock(d: number, sr: number, ratio: number): Module {
  const h = d * ratio;
  return module([], [
    ['norm1', affineNorm(d)],
    ['attn', pyramidAttention(d, sr)],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, h)], ['dwconv', module([], [['dwconv', module([t('weight', [h, 1, 3, 3]), t('bias', [h])])]])], ['fc2', linear(h, d)]])],
  ]);
}

/** OverlapPatchEmbed: proj (7×7 for the first stage, 3×3 after), norm */
function overlapPatchEmbed(inCh: number, d: number, first: boolean): Module {
  return module([], [['proj', conv2d(inCh, d, first ? 7 : 3)], ['norm', affineNorm(d)]]);
}

/**
 * MixVisionTransformer (SegFormer) registers patch_embed1-4, then block1, norm1, … block4, norm4, head;
 * PyramidVisionTransformerV2 registers them per stage: patch_embed1, block1, norm1, patch_embed2, …, head.
 */
function pyramidOriginal(c: PyramidConfig, perStage: boolean): Module {
  const embeds: [string, Module][] = c.dims.map((d, i) => [`patch_embed${i + 1}`, overlapPatchEmbed(i === 0 ? 3 : c.dims[i - 1]!, d, i === 0)]);
  const blocks: [string, Module][][] = c.dims.map((d, i) => [
    [`block${i + 1}`, indexed(Array.from({ length: c.depths[i]! }, () => pyramidBlock(d, c.sr[i]!, c.mlp[i]!)))],
    [`norm${i + 1}`, affineNorm(d)],
  ]);
  const children: [string, Module][] = perStage ? c.dims.flatMap((_, i) => [embeds[i]!, ...blocks[i]!]) : [...embeds, ...blocks.flat()];
  children.push(['head', linear(c.dims[3]!, c.classes)]);
  return module([], children);
}

/** transformers' SegFormer layer (GLPN's alike): layer_norm_1, attention (self: query, key, value, sr + layer_norm where sr > 1; output.dense), layer_norm_2, mlp (dense1, dwconv.dwconv, dense2) */
export function hfSegformerLayer(d: number, sr: number, ratio: number): Module {
  const h = d * ratio;
  const self: [string, Module][] = [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]];
  if (sr > 1) self.push(['sr', conv2d(d, d, sr)], ['layer_norm', affineNorm(d)]);
  return module([], [
    ['layer_norm_1', affineNorm(d)],
    ['attention', module([], [['self', module([], self)], ['output', module([], [['dense', linear(d, d)]])]])],
    ['layer_norm_2', affineNorm(d)],
    ['mlp', module([], [['dense1', linear(d, h)], ['dwconv', module([], [['dwconv', module([t('weight', [h, 1, 3, 3]), t('bias', [h])])]])], ['dense2', linear(h, d)]])],
  ]);
}

/** transformers SegformerForImageClassification: segformer.encoder (patch_embeddings.i, block.i.j, layer_norm.i), classifier */
function hfSegformer(c: PyramidConfig): Module {
  const encoder = module([], [
    ['patch_embeddings', indexed(c.dims.map((d, i) => module([], [['proj', conv2d(i === 0 ? 3 : c.dims[i - 1]!, d, i === 0 ? 7 : 3)], ['layer_norm', affineNorm(d)]])))],
    ['block', indexed(c.dims.map((d, i) => indexed(Array.from({ length: c.depths[i]! }, () => hfSegformerLayer(d, c.sr[i]!, c.mlp[i]!)))))],
    ['layer_norm', indexed(c.dims.map((d) => affineNorm(d)))],
  ]);
  return module([], [['segformer', module([], [['encoder', encoder]])], ['classifier', linear(c.dims[3]!, c.classes)]]);
}

/** transformers convert_segformer_original_to_pytorch.py rename_keys (encoder_only) then read_in_k_v, in order */
function segformerName(key: string): string | string[] {
  let k = key.startsWith('head') ? key : `segformer.encoder.${key}`;
  const at = (s: string) => k[k.indexOf(s) + s.length]!;
  if (k.includes('patch_embed')) { const i = at('patch_embed'); k = k.replace(`patch_embed${i}`, `patch_embeddings.${Number(i) - 1}`); }
  if (k.includes('norm')) k = k.split('norm').join('layer_norm');
  if (k.includes('segformer.encoder.layer_norm')) { const i = at('segformer.encoder.layer_norm'); k = k.replace(`layer_norm${i}`, `layer_norm.${Number(i) - 1}`); }
  k = k.replace('layer_norm1', 'layer_norm_1').replace('layer_norm2', 'layer_norm_2');
  if (k.includes('block')) { const i = at('block'); k = k.replace(`block${i}`, `block.${Number(i) - 1}`); }
  k = k.replace('attn.q', 'attention.self.query').replace('attn.proj', 'attention.output.dense').replace('attn', 'attention.self');
  k = k.replace('fc1', 'dense1').replace('fc2', 'dense2');
  if (k.startsWith('head')) k = k.replace('head', 'classifier');
  // read_in_k_v: kv [2C, C] → key = rows [:C], value = rows [C:]
  if (k.includes('.attention.self.kv.')) return ['key', 'value'].map((p) => k.replace('.attention.self.kv.', `.attention.self.${p}.`));
  return k;
}

export function segformerMitToHF(): Family {
  const source = stateDict(pyramidOriginal(MIT_B0, false), 'float32');
  const target = stateDict(hfSegformer(MIT_B0), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = segformerName(key);
  return {
    name: 'segformer-mit-b0-to-hf',
    description: 'SegFormer MiT-B0 ImageNet encoder (NVlabs/SegFormer) → transformers SegformerForImageClassification: patch_embedN/blockN/normN (1-based) → patch_embeddings.N-1 / block.N-1 / layer_norm.N-1 under segformer.encoder, norm → layer_norm, norm1/2 → layer_norm_1/2, attn.q → attention.self.query, attn.kv split into key and value, attn.proj → attention.output.dense, fc1/fc2 → dense1/dense2, head → classifier.',
    reference: 'huggingface/transformers src/transformers/models/segformer/convert_segformer_original_to_pytorch.py rename_keys (encoder_only) and read_in_k_v',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/segformer/convert_segformer_original_to_pytorch.py',
    source,
    target,
    truth,
    // prefix, patch_embed index, norm→layer_norm, layer_norm index, layer_norm_1, layer_norm_2, block index, query,
    // output.dense, attention.self, dense1, dense2, classifier, kv split
    patterns: 14,
  };
}

/** mmseg MixVisionTransformer: layers.i = [PatchEmbed (projection, norm), ModuleList of TransformerEncoderLayer, norm] */
function mmsegMit(c: PyramidConfig): Module {
  const layer = (d: number, sr: number, ratio: number): Module => {
    const h = d * ratio;
    const attn: [string, Module][] = [['attn', module([t('in_proj_weight', [3 * d, d]), t('in_proj_bias', [3 * d])], [['out_proj', linear(d, d)]])]];
    if (sr > 1) attn.push(['sr', conv2d(d, d, sr)], ['norm', affineNorm(d)]);
    return module([], [
      ['norm1', affineNorm(d)],
      ['attn', module([], attn)],
      ['norm2', affineNorm(d)],
      // MixFFN: Sequential(fc1 1×1 conv, pe_conv depthwise 3×3, act, drop, fc2 1×1 conv, drop)
      ['ffn', module([], [['layers', indexed([conv2d(d, h, 1), module([t('weight', [h, 1, 3, 3]), t('bias', [h])]), null, null, conv2d(h, d, 1)])]])],
    ]);
  };
  return module([], [['layers', indexed(c.dims.map((d, i) => indexed([
    module([], [['projection', conv2d(i === 0 ? 3 : c.dims[i - 1]!, d, i === 0 ? 7 : 3)], ['norm', affineNorm(d)]]),
    indexed(Array.from({ length: c.depths[i]! }, () => layer(d, c.sr[i]!, c.mlp[i]!))),
    affineNorm(d),
  ])))]]);
}

export function mitToMmseg(): Family {
  const source = stateDict(pyramidOriginal(MIT_B0, false), 'float32');
  const target = stateDict(mmsegMit(MIT_B0), 'float32');
  const truth: Truth = {};
  const reshaped: string[] = [];
  for (const { key } of source) {
    if (key.startsWith('head')) { truth[key] = null; continue; }
    const m = /^(patch_embed|block|norm)(\d)\.(.*)$/.exec(key)!;
    const stage = Number(m[2]) - 1;
    let rest = m[3]!;
    if (m[1] === 'patch_embed') { truth[key] = `layers.${stage}.0.${rest.replace('proj.', 'projection.')}`; continue; }
    if (m[1] === 'norm') { truth[key] = `layers.${stage}.2.${rest}`; continue; }
    if (/attn\.(q|kv)\./.test(rest)) rest = rest.replace(/attn\.(q|kv)\./, 'attn.attn.in_proj_');
    else if (rest.includes('attn.proj.')) rest = rest.replace('proj.', 'attn.out_proj.');
    else if (rest.includes('mlp.')) {
      if (/mlp\.fc[12]\.weight$/.test(rest)) reshaped.push(key);
      rest = rest.replace('mlp.', 'ffn.layers.').replace('fc1.', '0.').replace('dwconv.dwconv.', '1.').replace('fc2.', '4.');
    }
    truth[key] = `layers.${stage}.1.${rest}`;
  }
  return {
    name: 'mit-b0-to-mmseg',
    description: 'SegFormer MiT-B0 (NVlabs/SegFormer) → MMSegmentation MixVisionTransformer: patch_embedN/blockN/normN → layers.N-1.0/1/2 (1-based to 0-based, three kinds interleaved under one index), proj → projection, attn.q and attn.kv concatenated into attn.attn.in_proj_weight/bias, attn.proj → attn.attn.out_proj, mlp fc1/dwconv/fc2 → ffn.layers.0/1/4 with the Linear weights unsqueezed to 1×1 convs, head dropped.',
    reference: 'open-mmlab/mmsegmentation tools/model_converters/mit2mmseg.py convert_mit',
    url: 'https://github.com/open-mmlab/mmsegmentation/blob/main/tools/model_converters/mit2mmseg.py',
    source,
    target,
    truth,
    reshaped,
    joined: target.filter((e) => e.key.includes('in_proj_')).map((e) => e.key),
    // head skip, patch_embed index, projection, block index, q+kv concat, out_proj, mlp→ffn.layers, fc1→0, dwconv→1, fc2→4, 1×1 reshape, norm index
    patterns: 12,
  };
}

/** timm PyramidVisionTransformerV2: patch_embed, stages.i (downsample for i > 0, blocks, norm), head */
function timmPvtV2(c: PyramidConfig): Module {
  const block = (d: number, sr: number, ratio: number): Module => {
    const h = d * ratio;
    return module([], [
      ['norm1', affineNorm(d)],
      ['attn', pyramidAttention(d, sr)],
      ['norm2', affineNorm(d)],
      ['mlp', module([], [['fc1', linear(d, h)], ['dwconv', module([t('weight', [h, 1, 3, 3]), t('bias', [h])])], ['fc2', linear(h, d)]])],
    ]);
  };
  const stages = c.dims.map((d, i) => {
    const children: [string, Module][] = [];
    if (i > 0) children.push(['downsample', overlapPatchEmbed(c.dims[i - 1]!, d, false)]);
    children.push(['blocks', indexed(Array.from({ length: c.depths[i]! }, () => block(d, c.sr[i]!, c.mlp[i]!)))], ['norm', affineNorm(d)]);
    return module([], children);
  });
  return module([], [['patch_embed', overlapPatchEmbed(3, c.dims[0]!, true)], ['stages', indexed(stages)], ['head', linear(c.dims[3]!, c.classes)]]);
}

/** timm pvt_v2.py _checkpoint_filter_fn, rule by rule */
function pvtName(key: string): string {
  let k = key;
  if (k.startsWith('patch_embed')) {
    k = k.replace('patch_embed1', 'patch_embed').replace('patch_embed2', 'stages.1.downsample').replace('patch_embed3', 'stages.2.downsample').replace('patch_embed4', 'stages.3.downsample');
  }
  k = k.replace('dwconv.dwconv', 'dwconv');
  k = k.replace(/block(\d+).(\d+)/, (_m, a: string, b: string) => `stages.${Number(a) - 1}.blocks.${b}`);
  k = k.replace(/^norm(\d+)/, (_m, a: string) => `stages.${Number(a) - 1}.norm`);
  return k;
}

export function pvtV2ToTimm(): Family {
  const source = stateDict(pyramidOriginal(PVT_V2_B0, true), 'float32');
  const target = stateDict(timmPvtV2(PVT_V2_B0), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = pvtName(key);
  return {
    name: 'pvt-v2-b0-to-timm',
    description: 'PVTv2-B0 (whai362/PVT) → timm PyramidVisionTransformerV2: patch_embed1 → patch_embed, patch_embed2-4 → stages.1-3.downsample, blockN.J → stages.N-1.blocks.J, normN → stages.N-1.norm (1-based to 0-based), mlp.dwconv.dwconv → mlp.dwconv.',
    reference: 'huggingface/pytorch-image-models timm/models/pvt_v2.py _checkpoint_filter_fn',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/pvt_v2.py',
    source,
    target,
    truth,
    // patch_embed1, patch_embed2/3/4 (one rule each), dwconv, block, norm
    patterns: 7,
  };
}

/** PoolFormer-S12 (sail-sg/poolformer poolformer_s12): layers 2-2-6-2, dims 64-128-320-512, mlp ratio 4, layer scale */
const POOLFORMER_S12 = { depths: [2, 2, 6, 2], dims: [64, 128, 320, 512], classes: 1000 };

/** GroupNorm(1, C) */
const groupNorm1 = affineNorm;

/**
 * sail-sg/poolformer PoolFormer: patch_embed (proj 7×7), network = [stage0, PatchEmbed, stage1, PatchEmbed, stage2,
 * PatchEmbed, stage3] (blocks and downsamplings interleaved in one list), norm, head. PoolFormerBlock: own
 * layer_scale_1/2, norm1, token_mixer (pooling, no state), norm2, mlp (fc1, fc2 as 1×1 convs).
 */
function poolformer(c: typeof POOLFORMER_S12): Module {
  const block = (d: number): Module => module([t('layer_scale_1', [d]), t('layer_scale_2', [d])], [
    ['norm1', groupNorm1(d)], ['norm2', groupNorm1(d)], ['mlp', module([], [['fc1', conv2d(d, 4 * d, 1)], ['fc2', conv2d(4 * d, d, 1)]])],
  ]);
  const network: Module[] = [];
  c.dims.forEach((d, i) => {
    if (i > 0) network.push(module([], [['proj', conv2d(c.dims[i - 1]!, d, 3)]]));
    network.push(indexed(Array.from({ length: c.depths[i]! }, () => block(d))));
  });
  const last = c.dims[3]!;
  return module([], [['patch_embed', module([], [['proj', conv2d(3, c.dims[0]!, 7)]])], ['network', indexed(network)], ['norm', groupNorm1(last)], ['head', linear(last, c.classes)]]);
}

/** timm MetaFormer (poolformer_s12): stem.conv, stages.i (downsample.conv for i > 0, blocks.j), head (norm, fc) */
function timmMetaFormer(c: typeof POOLFORMER_S12): Module {
  const block = (d: number): Module => module([], [
    ['norm1', groupNorm1(d)], ['layer_scale1', module([t('scale', [d])])],
    ['norm2', groupNorm1(d)], ['mlp', module([], [['fc1', conv2d(d, 4 * d, 1)], ['fc2', conv2d(4 * d, d, 1)]])],
    ['layer_scale2', module([t('scale', [d])])],
  ]);
  const stages = c.dims.map((d, i) => {
    const children: [string, Module][] = [];
    if (i > 0) children.push(['downsample', module([], [['conv', conv2d(c.dims[i - 1]!, d, 3)]])]);
    children.push(['blocks', indexed(Array.from({ length: c.depths[i]! }, () => block(d)))]);
    return module([], children);
  });
  const last = c.dims[3]!;
  return module([], [['stem', module([], [['conv', conv2d(3, c.dims[0]!, 7)]])], ['stages', indexed(stages)], ['head', module([], [['norm', groupNorm1(last)], ['fc', linear(last, c.classes)]])]]);
}

/** timm metaformer.py checkpoint_filter_fn (poolformer v1 branch), rule by rule in its order */
function metaformerName(key: string): RuleTrace {
  return new RuleTrace(key)
    .step('layer_scale', (k) => k.replace(/layer_scale_([0-9]+)/g, 'layer_scale$1.scale'))
    .replace('network.1', 'downsample_layers.1')
    .replace('network.3', 'downsample_layers.2')
    .replace('network.5', 'downsample_layers.3')
    .replace('network.2', 'network.1')
    .replace('network.4', 'network.2')
    .replace('network.6', 'network.3')
    .replace('network', 'stages')
    .step('downsample_layers', (k) => k.replace(/downsample_layers.([0-9]+)/g, 'stages.$1.downsample'))
    .replace('downsample.proj', 'downsample.conv')
    .replace('patch_embed.proj', 'patch_embed.conv')
    .step('blocks', (k) => k.replace(/([0-9]+).([0-9]+)/g, '$1.blocks.$2'))
    .replace('stages.0.downsample', 'patch_embed')
    .replace('patch_embed', 'stem')
    .step('head', (k) => k.replace(/^head/, 'head.fc'))
    .step('norm', (k) => k.replace(/^norm/, 'head.norm'));
}

export function poolformerToTimm(): Family {
  const source = stateDict(poolformer(POOLFORMER_S12), 'float32');
  const target = stateDict(timmMetaFormer(POOLFORMER_S12), 'float32');
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    const r = metaformerName(key);
    truth[key] = r.key;
    for (const x of r.rules) used.add(x);
  }
  return {
    name: 'poolformer-s12-to-timm-metaformer',
    description: 'PoolFormer-S12 (sail-sg/poolformer) → timm MetaFormer: one flat `network` list interleaving 4 stages and 3 downsamplings (network.0-6) regrouped into stages.0-3 with downsample at the start of stages 1-3 (odd index → stages.(i+1)/2.downsample, even → stages.i/2.blocks), layer_scale_N → layer_scaleN.scale, patch_embed.proj → stem.conv, norm → head.norm, head → head.fc.',
    reference: 'huggingface/pytorch-image-models timm/models/metaformer.py checkpoint_filter_fn (is_poolformerv1)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/metaformer.py',
    source,
    target,
    truth,
    patterns: used.size,
  };
}

/** facebookresearch/ConvNeXt → transformers ConvNextForImageClassification (convert_convnext_to_pytorch.py rename_key, then the convnext. prefix) */
function hfConvNextName(key: string): string {
  let k = key;
  const ds: [string, string][] = [['downsample_layers.0.0', 'embeddings.patch_embeddings'], ['downsample_layers.0.1', 'embeddings.norm']];
  for (let s = 1; s < 4; s++) for (let j = 0; j < 2; j++) ds.push([`downsample_layers.${s}.${j}`, `stages.${s}.downsampling_layer.${j}`]);
  for (const [a, b] of ds) if (k.includes(a)) k = k.replace(a, b);
  if (k.includes('stages') && !k.includes('downsampling_layer')) k = `${k.slice(0, 'stages.0'.length)}.layers${k.slice('stages.0'.length)}`;
  k = k.replace('stages', 'encoder.stages').replace('norm', 'layernorm').replace('gamma', 'layer_scale_parameter').replace('head', 'classifier');
  return k.startsWith('classifier') ? k : `convnext.${k}`;
}

/** transformers ConvNextForImageClassification (ConvNeXt-T): convnext.embeddings, encoder.stages.S (downsampling_layer, layers.J), layernorm; classifier */
function hfConvNext(cfg: { depths: number[]; dims: number[] }): Module {
  const layer = (d: number): Module => module([t('layer_scale_parameter', [d])], [
    ['dwconv', module([t('weight', [d, 1, 7, 7]), t('bias', [d])])], ['layernorm', affineNorm(d)], ['pwconv1', linear(d, 4 * d)], ['pwconv2', linear(4 * d, d)],
  ]);
  const stages = cfg.depths.map((n, s) => {
    const children: [string, Module][] = [];
    if (s > 0) children.push(['downsampling_layer', indexed([affineNorm(cfg.dims[s - 1]!), conv2d(cfg.dims[s - 1]!, cfg.dims[s]!, 2)])]);
    children.push(['layers', indexed(Array.from({ length: n }, () => layer(cfg.dims[s]!)))]);
    return module([], children);
  });
  const last = cfg.dims[3]!;
  return module([], [
    ['convnext', module([], [
      ['embeddings', module([], [['patch_embeddings', conv2d(3, cfg.dims[0]!, 4)], ['layernorm', affineNorm(cfg.dims[0]!)]])],
      ['encoder', module([], [['stages', indexed(stages)]])],
      ['layernorm', affineNorm(last)],
    ])],
    ['classifier', linear(last, 1000)],
  ]);
}

export function convnextFbToHF(): Family {
  const source = stateDict(fbConvNeXt(CONVNEXT_T, false), 'float32');
  const target = stateDict(hfConvNext(CONVNEXT_T), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = hfConvNextName(key);
  return {
    name: 'convnext-fb-to-hf',
    description: 'ConvNeXt-T (facebookresearch/ConvNeXt) → transformers ConvNextForImageClassification: downsample_layers.0.0/0.1 → embeddings.patch_embeddings / embeddings.layernorm, downsample_layers.S.J → stages.S.downsampling_layer.J, stages.S.J → stages.S.layers.J, all under convnext.encoder, norm → layernorm, gamma → layer_scale_parameter, head → classifier.',
    reference: 'huggingface/transformers src/transformers/models/convnext/convert_convnext_to_pytorch.py rename_key',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/convnext/convert_convnext_to_pytorch.py',
    source,
    target,
    truth,
    // 8 downsample_layers rules, stages→layers insert, encoder., norm, gamma, head, convnext. prefix
    patterns: 14,
  };
}

/** MMSegmentation SwinTransformer (Swin-T): patch_embed (projection, norm), stages.S (blocks: norm1, attn.w_msa, norm2, ffn.layers.0.0 / 1; downsample: norm, reduction), norm0-3 */
function mmsegSwin(): Module {
  const c = SWIN_T;
  let res = c.img / c.patch;
  const stages = c.depths.map((depth, s) => {
    const dim = c.embed * 2 ** s;
    const ws = Math.min(c.window, res);
    const block = (): Module => module([], [
      ['norm1', affineNorm(dim)],
      ['attn', module([], [['w_msa', module([t('relative_position_bias_table', [(2 * ws - 1) ** 2, c.heads[s]!]), t('relative_position_index', [ws * ws, ws * ws], 'int64')], [['qkv', linear(dim, 3 * dim)], ['proj', linear(dim, dim)]])]])],
      ['norm2', affineNorm(dim)],
      ['ffn', module([], [['layers', indexed([indexed([linear(dim, 4 * dim)]), linear(4 * dim, dim)])]])],
    ]);
    const children: [string, Module][] = [['blocks', indexed(Array.from({ length: depth }, block))]];
    if (s < 3) children.push(['downsample', module([], [['norm', affineNorm(4 * dim)], ['reduction', linear(4 * dim, 2 * dim, false)]])]);
    res /= 2;
    return module([], children);
  });
  const children: [string, Module][] = [['patch_embed', module([], [['projection', conv2d(3, c.embed, c.patch)], ['norm', affineNorm(c.embed)]])], ['stages', indexed(stages)]];
  for (let i = 0; i < 4; i++) children.push([`norm${i}`, affineNorm(c.embed * 2 ** i)]);
  return module([], children);
}

export function swinToMmseg(): Family {
  const source = stateDict(swin(false), 'float32');
  const target = stateDict(mmsegSwin(), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  for (const { key, shape } of source) {
    if (key.startsWith('head')) { truth[key] = null; continue; }
    if (key.endsWith('attn_mask')) { truth[key] = null; continue; }
    if (key.startsWith('norm.')) continue; // the script keeps `norm.*`, which the mmseg model does not have (loaded non-strict)
    let k = key;
    if (k.startsWith('layers')) {
      if (k.includes('attn.')) k = k.replace('attn.', 'attn.w_msa.');
      else if (k.includes('mlp.fc1.')) k = k.replace('mlp.fc1.', 'ffn.layers.0.0.');
      else if (k.includes('mlp.fc2.')) k = k.replace('mlp.fc2.', 'ffn.layers.1.');
      k = k.replace('layers', 'stages');
    } else if (k.startsWith('patch_embed')) k = k.replace('proj', 'projection');
    truth[key] = k;
    // convert_swin's correct_unfold_reduction_order / correct_unfold_norm_order on every downsample key
    if (k.includes('downsample')) recipes[k] = unfoldOrder(key, shape!);
  }
  return {
    name: 'swin-ms-to-mmseg',
    description: 'Swin-T (microsoft/Swin-Transformer) → MMSegmentation SwinTransformer: layers → stages, attn → attn.w_msa, mlp.fc1 → ffn.layers.0.0, mlp.fc2 → ffn.layers.1, patch_embed.proj → projection, head and attn_mask dropped (the PatchMerging reduction/norm rows are reordered in place: same shapes, not a rename); the model\'s norm0-3 have no source and the final norm none in the model.',
    reference: 'open-mmlab/mmsegmentation tools/model_converters/swin2mmseg.py convert_swin',
    url: 'https://github.com/open-mmlab/mmsegmentation/blob/main/tools/model_converters/swin2mmseg.py',
    source,
    target,
    truth,
    recipes,
    // head skip, attn→attn.w_msa, fc1, fc2, layers→stages, proj→projection, attn_mask (kept by the script, dropped for strict)
    patterns: 7,
  };
}

/** transformers SwinForImageClassification (Swin-T) */
function hfSwin(): Module {
  const c = SWIN_T;
  let res = c.img / c.patch;
  const layers = c.depths.map((depth, s) => {
    const dim = c.embed * 2 ** s;
    const ws = Math.min(c.window, res);
    const block = (): Module => module([], [
      ['layernorm_before', affineNorm(dim)],
      ['attention', module([], [
        ['self', module([t('relative_position_bias_table', [(2 * ws - 1) ** 2, c.heads[s]!]), t('relative_position_index', [ws * ws, ws * ws], 'int64')], [['query', linear(dim, dim)], ['key', linear(dim, dim)], ['value', linear(dim, dim)]])],
        ['output', module([], [['dense', linear(dim, dim)]])],
      ])],
      ['layernorm_after', affineNorm(dim)],
      ['intermediate', module([], [['dense', linear(dim, 4 * dim)]])],
      ['output', module([], [['dense', linear(4 * dim, dim)]])],
    ]);
    const children: [string, Module][] = [['blocks', indexed(Array.from({ length: depth }, block))]];
    if (s < 3) children.push(['downsample', module([], [['reduction', linear(4 * dim, 2 * dim, false)], ['norm', affineNorm(4 * dim)]])]);
    res /= 2;
    return module([], children);
  });
  const last = c.embed * 8;
  return module([], [
    ['swin', module([], [
      ['embeddings', module([], [['patch_embeddings', module([], [['projection', conv2d(3, c.embed, c.patch)]])], ['norm', affineNorm(c.embed)]])],
      ['encoder', module([], [['layers', indexed(layers)]])],
      ['layernorm', affineNorm(last)],
    ])],
    ['classifier', linear(last, c.classes)],
  ]);
}

/** convert_swin_timm_to_pytorch.py rename_key */
function hfSwinName(key: string): string {
  let k = key;
  if (k.includes('patch_embed.proj')) k = k.replace('patch_embed.proj', 'embeddings.patch_embeddings.projection');
  if (k.includes('patch_embed.norm')) k = k.replace('patch_embed.norm', 'embeddings.norm');
  if (k.includes('layers')) k = `encoder.${k}`;
  if (k.includes('attn.proj')) k = k.replace('attn.proj', 'attention.output.dense');
  if (k.includes('attn')) k = k.replace('attn', 'attention.self');
  k = k.replace('norm1', 'layernorm_before').replace('norm2', 'layernorm_after').replace('mlp.fc1', 'intermediate.dense').replace('mlp.fc2', 'output.dense');
  if (k === 'norm.weight') k = 'layernorm.weight';
  if (k === 'norm.bias') k = 'layernorm.bias';
  return k.includes('head') ? k.replace('head', 'classifier') : `swin.${k}`;
}

export function swinToHF(): Family {
  const source = stateDict(swin(false), 'float32');
  const target = stateDict(hfSwin(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key.includes('mask')) truth[key] = null;
    else if (key.includes('qkv')) {
      const m = /^layers\.(\d+)\.blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key)!;
      truth[key] = ['query', 'key', 'value'].map((p) => `swin.encoder.layers.${m[1]}.blocks.${m[2]}.attention.self.${p}.${m[3]}`);
    } else truth[key] = hfSwinName(key);
  }
  return {
    name: 'swin-ms-to-hf',
    description: 'Swin-T (microsoft/Swin-Transformer layout) → transformers SwinForImageClassification: qkv split into query/key/value, attn.proj → attention.output.dense, attn → attention.self, norm1/2 → layernorm_before/after, mlp.fc1/fc2 → intermediate.dense/output.dense, patch_embed → embeddings, everything under swin. (layers under swin.encoder), norm → layernorm, head → classifier, attn_mask dropped.',
    reference: 'huggingface/transformers src/transformers/models/swin/convert_swin_timm_to_pytorch.py rename_key and convert_state_dict',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/swin/convert_swin_timm_to_pytorch.py',
    source,
    target,
    truth,
    // patch_embed.proj, patch_embed.norm, encoder., attn.proj, attn, norm1, norm2, fc1, fc2, norm, head, swin. prefix, qkv split, mask skip
    patterns: 14,
  };
}

/** MMSegmentation VisionTransformer (ViT-B/16, final_norm): cls_token, pos_embed, patch_embed.projection, layers.i (ln1, attn.attn in_proj/out_proj, ln2, ffn.layers.0.0 / 1), ln1 */
function mmsegViT(c: { d: number; depth: number; tokens: number; patch: number }): Module {
  const d = c.d;
  const layer = (): Module => module([], [
    ['ln1', affineNorm(d)],
    ['attn', module([], [['attn', module([t('in_proj_weight', [3 * d, d]), t('in_proj_bias', [3 * d])], [['out_proj', linear(d, d)]])]])],
    ['ln2', affineNorm(d)],
    ['ffn', module([], [['layers', indexed([indexed([linear(d, 4 * d)]), linear(4 * d, d)])]])],
  ]);
  return module([t('cls_token', [1, 1, d]), t('pos_embed', [1, c.tokens, d])], [
    ['patch_embed', module([], [['projection', conv2d(3, d, c.patch)]])],
    ['layers', indexed(Array.from({ length: c.depth }, layer))],
    ['ln1', affineNorm(d)],
  ]);
}

export function vitToMmseg(): Family {
  const cfg = { imgSize: 224, patchSize: 16, embedDim: 768, depth: 12, mlpRatio: 4, numClasses: 1000, preNorm: false };
  const source = stateDict(timmViT(cfg), 'float32');
  const target = stateDict(mmsegViT({ d: 768, depth: 12, tokens: 197, patch: 16 }), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key.startsWith('head')) { truth[key] = null; continue; }
    let k = key;
    if (k.startsWith('norm')) k = k.replace('norm.', 'ln1.');
    else if (k.startsWith('patch_embed')) k = k.replace('proj', 'projection');
    else if (k.startsWith('blocks')) {
      if (k.includes('norm')) k = k.replace('norm', 'ln');
      else if (k.includes('mlp.fc1')) k = k.replace('mlp.fc1', 'ffn.layers.0.0');
      else if (k.includes('mlp.fc2')) k = k.replace('mlp.fc2', 'ffn.layers.1');
      else if (k.includes('attn.qkv')) k = k.replace('attn.qkv.', 'attn.attn.in_proj_');
      else if (k.includes('attn.proj')) k = k.replace('attn.proj', 'attn.attn.out_proj');
      k = k.replace('blocks.', 'layers.');
    }
    truth[key] = k;
  }
  return {
    name: 'vit-timm-to-mmseg',
    description: 'timm ViT-B/16 (224 px) → MMSegmentation VisionTransformer: blocks → layers, norm1/2 → ln1/ln2, attn.qkv.weight/bias → attn.attn.in_proj_weight/bias (a `.` becomes `_`), attn.proj → attn.attn.out_proj, mlp.fc1/fc2 → ffn.layers.0.0/1, patch_embed.proj → projection, final norm → ln1 (the same name as the blocks\' first norm, one level up), head dropped.',
    reference: 'open-mmlab/mmsegmentation tools/model_converters/vit2mmseg.py convert_vit',
    url: 'https://github.com/open-mmlab/mmsegmentation/blob/main/tools/model_converters/vit2mmseg.py',
    source,
    target,
    truth,
    // head skip, norm→ln1, proj→projection, norm→ln, fc1, fc2, qkv→in_proj_, proj→out_proj, blocks→layers
    patterns: 9,
  };
}
