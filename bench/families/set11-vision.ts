/**
 * Eleventh family set (session 18), vision models: timm's EdgeNeXt and MambaOut checkpoint filters, mmpretrain's
 * EdgeNeXt converter and transformers' timm_wrapper conversion mapping. Each model at its real configuration in
 * state_dict order (own parameters and buffers before children, as torch writes them); the truth from the
 * conversion code named in `reference` (repository, path, commit read).
 */
import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import type { Truth } from './set9-common.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** a depthwise conv with bias: weight [ch, 1, k, k] */
const dwConv = (ch: number, k: number): Module => module([t('weight', [ch, 1, k, k]), t('bias', [ch])]);
/** the key each source key becomes, in source order (for converters whose output is the target checkpoint) */
function renameAll(source: { key: string }[], rename: (k: string) => string | null): Truth {
  const truth: Truth = {};
  for (const { key } of source) truth[key] = rename(key);
  return truth;
}

// ---------------------------------------------------------------------------------------------------------
// EdgeNeXt-S (mmaaz60/EdgeNeXt → timm, → mmpretrain)

/**
 * edgenext_small: widths 48 / 96 / 160 / 304, depths 3 / 3 / 9 / 3, one SDTA block closing stages 1–3, conv kernels
 * 3 / 5 / 7 / 9, SDTA scales 2 / 2 / 3 / 4, 8 heads, positional encoding in stage 1's SDTA only, MLP ratio 4, layer scale, 1000 classes
 */
const EDGENEXT_S = { dims: [48, 96, 160, 304], depths: [3, 3, 9, 3], global: [0, 1, 1, 1], kernels: [3, 5, 7, 9], scales: [2, 2, 3, 4], heads: 8, posEmb: [false, true, false, false], classes: 1000 };

/** the SDTA's depthwise 3×3 convs: scales − 1 of them (1 when scales is 1) over ceil(dim / scales) channels */
function sdtaConvs(dim: number, scales: number): Module {
  const width = Math.max(Math.ceil(dim / scales), Math.floor(dim / scales));
  return indexed(range(Math.max(1, scales - 1)).map(() => dwConv(width, 3)));
}

/**
 * The original EdgeNeXt's state_dict, mmaaz60/EdgeNeXt models/model.py (EdgeNeXt: downsample_layers (the stem, then
 * LayerNorm + 2×2 conv per stage), stages, norm, head; ConvEncoder: gamma, dwconv, norm, pwconv1, pwconv2; SDTAEncoder:
 * gamma_xca, gamma, convs, pos_embd.token_projection, norm_xca, xca (temperature, qkv, proj), norm, pwconv1, pwconv2).
 * `names` renames the block parts for the targets that keep this layout (mmpretrain).
 */
function edgenextBlocks(c: typeof EDGENEXT_S, s: number, n: Record<string, string>): Module {
  const d = c.dims[s]!;
  const conv = (): Module => module([t('gamma', [d])], [
    [n.dwconv!, dwConv(d, c.kernels[s]!)], ['norm', affineNorm(d)], [n.pwconv1!, linear(d, 4 * d)], [n.pwconv2!, linear(4 * d, d)],
  ]);
  const sdta = (): Module => module([t(`gamma_${n.xca!}`, [d]), t('gamma', [d])], [
    [n.convs!, sdtaConvs(d, c.scales[s]!)],
    ...(c.posEmb[s] ? [[n.pos_embd!, module([], [[n.token_projection!, conv2d(64, d, 1)]])] as [string, Module]] : []),
    [`norm_${n.xca!}`, affineNorm(d)],
    [n.xca!, module([t(n.temperature!, [c.heads, 1, 1])], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['norm', affineNorm(d)], [n.pwconv1!, linear(d, 4 * d)], [n.pwconv2!, linear(4 * d, d)],
  ]);
  return indexed(range(c.depths[s]!).map((j) => (j > c.depths[s]! - c.global[s]! - 1 ? sdta() : conv())));
}

const ORIGINAL_NAMES = { dwconv: 'dwconv', pwconv1: 'pwconv1', pwconv2: 'pwconv2', xca: 'xca', convs: 'convs', token_projection: 'token_projection', pos_embd: 'pos_embd', temperature: 'temperature' };

function edgenextDownsample(c: typeof EDGENEXT_S): Module {
  return indexed(range(4).map((i) => (i === 0
    ? indexed([conv2d(3, c.dims[0]!, 4), affineNorm(c.dims[0]!)])
    : indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, c.dims[i]!, 2)]))));
}

function edgenextOriginal(c: typeof EDGENEXT_S): Module {
  return module([], [
    ['downsample_layers', edgenextDownsample(c)],
    ['stages', indexed(range(4).map((s) => edgenextBlocks(c, s, ORIGINAL_NAMES)))],
    ['norm', affineNorm(c.dims[3]!)],
    ['head', linear(c.dims[3]!, c.classes)],
  ]);
}

export function edgenextSmallToTimm(): Family {
  const c = EDGENEXT_S;
  // timm edgenext.py EdgeNeXt: stem (conv, LayerNorm2d), stages (EdgeNeXtStage: downsample for stages 1–3, blocks), norm_pre (Identity), head (NormMlpClassifierHead: norm, fc)
  const timmBlocks = (s: number): Module => {
    const d = c.dims[s]!;
    const mlp = module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]]);
    const conv = (): Module => module([t('gamma', [d])], [['conv_dw', dwConv(d, c.kernels[s]!)], ['norm', affineNorm(d)], ['mlp', mlp]]);
    const sdta = (): Module => module([t('gamma_xca', [d]), t('gamma', [d])], [
      ['convs', sdtaConvs(d, c.scales[s]!)],
      ...(c.posEmb[s] ? [['pos_embd', module([], [['token_projection', conv2d(64, d, 1)]])] as [string, Module]] : []),
      ['norm_xca', affineNorm(d)],
      ['xca', module([t('temperature', [c.heads, 1, 1])], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
      ['norm', affineNorm(d)], ['mlp', mlp],
    ]);
    return indexed(range(c.depths[s]!).map((j) => (j > c.depths[s]! - c.global[s]! - 1 ? sdta() : conv())));
  };
  const timm = module([], [
    ['stem', indexed([conv2d(3, c.dims[0]!, 4), affineNorm(c.dims[0]!)])],
    ['stages', indexed(range(4).map((s) => module([], [
      ...(s > 0 ? [['downsample', indexed([affineNorm(c.dims[s - 1]!), conv2d(c.dims[s - 1]!, c.dims[s]!, 2)])] as [string, Module]] : []),
      ['blocks', timmBlocks(s)],
    ])))],
    ['head', module([], [['norm', affineNorm(c.dims[3]!)], ['fc', linear(c.dims[3]!, c.classes)]])],
  ]);
  const source = stateDict(edgenextOriginal(c), 'float32');
  // checkpoint_filter_fn, in its order: downsample_layers.0. → stem.; stages.S.B → stages.S.blocks.B; downsample_layers.S.I → stages.S.downsample.I;
  // dwconv → conv_dw; pwconv → mlp.fc; head. → head.fc.; a leading norm. → head.norm. (2-D tensors reshaped to the model's shape: Linear weights, unchanged)
  const truth = renameAll(source, (key) => {
    let k = key.replace('downsample_layers.0.', 'stem.');
    k = k.replace(/stages.([0-9]+).([0-9]+)/, 'stages.$1.blocks.$2');
    k = k.replace(/downsample_layers.([0-9]+).([0-9]+)/, 'stages.$1.downsample.$2');
    k = k.replace('dwconv', 'conv_dw').replace('pwconv', 'mlp.fc').replace('head.', 'head.fc.');
    if (k.startsWith('norm.')) k = k.replace('norm', 'head.norm');
    return k;
  });
  return {
    name: 'edgenext-small-original-to-timm',
    description: 'mmaaz60 EdgeNeXt-S → timm EdgeNeXt: the stem (downsample_layers.0) becomes stem, the other downsample layers move into the stage they open (downsample_layers.S.I → stages.S.downsample.I, so they come after stage S − 1 in the target), stage blocks gain a .blocks level, dwconv → conv_dw, pwconv1 / pwconv2 → mlp.fc1 / mlp.fc2 (also in the SDTA blocks), the final norm → head.norm, the head → head.fc. Layer scales gamma / gamma_xca, the XCA temperature and the per-stage SDTA split convs keep their names.',
    reference: 'huggingface/pytorch-image-models timm/models/edgenext.py checkpoint_filter_fn (commit 03fa149147b1695dc7ebce06737623d39b7dd34f)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/03fa149147b1695dc7ebce06737623d39b7dd34f/timm/models/edgenext.py',
    source,
    target: stateDict(timm, 'float32'),
    truth,
    // stem, stages, downsample, dwconv, pwconv, head, norm
    patterns: 7,
  };
}

export function edgenextSmallToMmpretrain(): Family {
  const c = EDGENEXT_S;
  const mmNames = { dwconv: 'depthwise_conv', pwconv1: 'pointwise_conv1', pwconv2: 'pointwise_conv2', xca: 'csa', convs: 'conv_modules', token_projection: 'proj', pos_embd: 'pos_embed', temperature: 'scale' };
  // mmpretrain EdgeNeXt backbone (downsample_layers, stages of ConvNeXtBlock / SDTAEncoder, norm3 for out index 3) under ImageClassifier's backbone., LinearClsHead head.fc
  const mm = module([], [
    ['backbone', module([], [
      ['downsample_layers', edgenextDownsample(c)],
      ['stages', indexed(range(4).map((s) => edgenextBlocks(c, s, mmNames)))],
      ['norm3', affineNorm(c.dims[3]!)],
    ])],
    ['head', module([], [['fc', linear(c.dims[3]!, c.classes)]])],
  ]);
  const source = stateDict(edgenextOriginal(c), 'float32');
  // convert_weights: each keyword of `mapping` replaced where it occurs; norm.weight / norm.bias (exact) → norm3.*; head. → head.fc., all else under backbone.
  const mapping = Object.entries(mmNames);
  const truth = renameAll(source, (key) => {
    let k = key;
    for (const [from, to] of mapping) if (k.includes(from)) k = k.replace(from, to);
    if (k === 'norm.weight') k = 'norm3.weight';
    if (k === 'norm.bias') k = 'norm3.bias';
    return k.startsWith('head.') ? `head.fc.${k.slice(5)}` : `backbone.${k}`;
  });
  return {
    name: 'edgenext-small-original-to-mmpretrain',
    description: 'mmaaz60 EdgeNeXt-S → mmpretrain ImageClassifier(EdgeNeXt): keyword renames inside the blocks (dwconv → depthwise_conv, pwconv1 / pwconv2 → pointwise_conv1 / pointwise_conv2, xca → csa so norm_xca / gamma_xca → norm_csa / gamma_csa, convs → conv_modules, pos_embd.token_projection → pos_embed.proj, temperature → scale), the final norm → norm3, backbone. before all but the head, head → head.fc. Module order unchanged.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/edgenext_to_mmpretrain.py convert_weights (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/0979e785737baa0342a6be2917736a58669a1238/tools/model_converters/edgenext_to_mmpretrain.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // eight keyword renames, the exact norm rename (two keys), the head and the backbone prefix
    patterns: 11,
  };
}

// ---------------------------------------------------------------------------------------------------------
// MambaOut-Tiny (yuweihao/MambaOut → timm; timm → transformers TimmWrapper)

/** mambaout_tiny: widths 96 / 192 / 384 / 576, depths 3 / 3 / 9 / 3, gated CNN blocks (expansion 8/3, 7×7 depthwise conv over all channels), MLP head of ratio 4, 1000 classes */
const MAMBAOUT_T = { dims: [96, 192, 384, 576], depths: [3, 3, 9, 3], classes: 1000 };

/** GatedCNNBlock / GatedConvBlock: norm, fc1 (to 2 × hidden), conv (depthwise 7×7 over the channels), fc2 */
function gatedBlock(d: number): Module {
  const hidden = Math.floor((8 / 3) * d);
  return module([], [['norm', affineNorm(d)], ['fc1', linear(d, 2 * hidden)], ['conv', dwConv(d, 7)], ['fc2', linear(hidden, d)]]);
}

function mambaoutTimm(c: typeof MAMBAOUT_T): Module {
  const d0 = c.dims[0]!;
  const last = c.dims[3]!;
  // timm mambaout.py MambaOut: stem (conv1, norm1, conv2, norm2), stages (MambaOutStage: downsample (conv, norm) for stages 1–3, blocks), head (MlpHead: norm, pre_logits (fc, norm), fc)
  return module([], [
    ['stem', module([], [['conv1', conv2d(3, d0 / 2, 3)], ['norm1', affineNorm(d0 / 2)], ['conv2', conv2d(d0 / 2, d0, 3)], ['norm2', affineNorm(d0)]])],
    ['stages', indexed(range(4).map((s) => module([], [
      ...(s > 0 ? [['downsample', module([], [['conv', conv2d(c.dims[s - 1]!, c.dims[s]!, 3)], ['norm', affineNorm(c.dims[s]!)]])] as [string, Module]] : []),
      ['blocks', indexed(range(c.depths[s]!).map(() => gatedBlock(c.dims[s]!)))],
    ])))],
    ['head', module([], [
      ['norm', affineNorm(last)],
      ['pre_logits', module([], [['fc', linear(last, 4 * last)], ['norm', affineNorm(4 * last)]])],
      ['fc', linear(4 * last, c.classes)],
    ])],
  ]);
}

export function mambaoutTinyToTimm(): Family {
  const c = MAMBAOUT_T;
  const d0 = c.dims[0]!;
  const last = c.dims[3]!;
  // yuweihao/MambaOut models/mambaout.py MambaOut: downsample_layers (StemLayer: conv1, norm1, conv2, norm2; DownsampleLayer: conv, norm), stages, norm, head (MlpHead: fc1, norm, fc2)
  const original = module([], [
    ['downsample_layers', indexed(range(4).map((i) => (i === 0
      ? module([], [['conv1', conv2d(3, d0 / 2, 3)], ['norm1', affineNorm(d0 / 2)], ['conv2', conv2d(d0 / 2, d0, 3)], ['norm2', affineNorm(d0)]])
      : module([], [['conv', conv2d(c.dims[i - 1]!, c.dims[i]!, 3)], ['norm', affineNorm(c.dims[i]!)]]))))],
    ['stages', indexed(range(4).map((s) => indexed(range(c.depths[s]!).map(() => gatedBlock(c.dims[s]!)))))],
    ['norm', affineNorm(last)],
    ['head', module([], [['fc1', linear(last, 4 * last)], ['norm', affineNorm(4 * last)], ['fc2', linear(4 * last, c.classes)]])],
  ]);
  const source = stateDict(original, 'float32');
  // checkpoint_filter_fn: downsample_layers.0. → stem.; stages.S.B → stages.S.blocks.B; downsample_layers.S → stages.S.downsample;
  // a leading norm. → head.norm.; in the head fc1 → pre_logits.fc, norm → pre_logits.norm, fc2 → fc
  const truth = renameAll(source, (key) => {
    let k = key.replace('downsample_layers.0.', 'stem.');
    k = k.replace(/stages.([0-9]+).([0-9]+)/, 'stages.$1.blocks.$2');
    k = k.replace(/downsample_layers.([0-9]+)/, 'stages.$1.downsample');
    if (k.startsWith('norm.')) k = k.replace('norm.', 'head.norm.');
    else if (k.startsWith('head.')) k = k.replace('head.fc1.', 'head.pre_logits.fc.').replace('head.norm.', 'head.pre_logits.norm.').replace('head.fc2.', 'head.fc.');
    return k;
  });
  return {
    name: 'mambaout-tiny-original-to-timm',
    description: 'yuweihao MambaOut-Tiny → timm MambaOut: downsample_layers.0 → stem, downsample_layers.S → stages.S.downsample (into the stage it opens), stage blocks gain a .blocks level, the final norm → head.norm while the head\'s own norm → head.pre_logits.norm (one name handed on to another tensor), head.fc1 → head.pre_logits.fc, head.fc2 → head.fc.',
    reference: 'huggingface/pytorch-image-models timm/models/mambaout.py checkpoint_filter_fn (commit 7479d451a6dfd8af27f941b8e82a7402461fae80)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/7479d451a6dfd8af27f941b8e82a7402461fae80/timm/models/mambaout.py',
    source,
    target: stateDict(mambaoutTimm(c), 'float32'),
    truth,
    // stem, stages, downsample, norm, head fc1, head norm, head fc2
    patterns: 7,
  };
}

export function mambaoutTinyTimmToHFWrapper(): Family {
  const source = stateDict(mambaoutTimm(MAMBAOUT_T), 'float32');
  // WeightRenaming(source_patterns=r"(.+)", target_patterns=r"timm_model.\1"): TimmWrapperForImageClassification holds the whole timm model (its classifier too)
  const truth = renameAll(source, (k) => `timm_model.${k}`);
  return {
    name: 'mambaout-tiny-timm-to-hf-timm-wrapper',
    description: 'timm MambaOut-Tiny (mambaout_tiny.in1k) → transformers TimmWrapperForImageClassification: every key under timm_model., classifier included; nothing else changes.',
    reference: 'huggingface/transformers src/transformers/conversion_mapping.py "timm_wrapper" WeightRenaming (as stored: search-index file id 2696423957)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/conversion_mapping.py',
    source,
    target: source.map((e) => ({ ...e, key: `timm_model.${e.key}` })),
    truth,
    // one WeightRenaming
    patterns: 1,
  };
}
