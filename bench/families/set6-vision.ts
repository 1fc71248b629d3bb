import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { torchvisionResNet } from './torchvision-models.js';

/**
 * Set 6, vision: torchvision / timm / original-repository checkpoints converted by mmpretrain's
 * tools/model_converters and transformers' convert_* scripts. Each model is rebuilt at its real
 * configuration in state_dict order; each truth is the script's own mapping, applied key by key.
 */

type Truth = Record<string, string | string[] | null>;

const MMPRETRAIN = 'https://github.com/open-mmlab/mmpretrain/blob/main/tools/model_converters/';

/** a grouped convolution without bias (depthwise when groups = channels) */
function gconv(inCh: number, outCh: number, k: number, groups: number): Module {
  return module([t('weight', [outCh, inCh / groups, k, k])]);
}

/** torch.nn.Sequential(conv, bn) as torchvision's Conv2dNormActivation registers it (the activation has no state) */
function convBn(inCh: number, outCh: number, k: number, groups = 1): Module {
  return indexed([gconv(inCh, outCh, k, groups), batchNorm(outCh)]);
}

/** mmcv ConvModule(conv, bn) without conv bias */
function convModule(inCh: number, outCh: number, k: number, groups = 1): Module {
  return module([], [['conv', gconv(inCh, outCh, k, groups)], ['bn', batchNorm(outCh)]]);
}

// ---------------------------------------------------------------------------------------------------
// VGG16-BN: torchvision → mmpretrain

/** torchvision vgg16_bn cfg "D": conv widths, 'M' = max pool */
const VGG16 = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'] as const;

/** torchvision/models/vgg.py make_layers(batch_norm=True): conv, bn, relu per width, a pool per 'M'; classifier 0/3/6 */
function torchvisionVgg16Bn(): Module {
  const items: (Module | null)[] = [];
  let inCh = 3;
  for (const v of VGG16) {
    if (v === 'M') items.push(null);
    else {
      items.push(conv2d(inCh, v, 3), batchNorm(v), null);
      inCh = v;
    }
  }
  return module([], [
    ['features', indexed(items)],
    ['classifier', indexed([linear(512 * 7 * 7, 4096), null, null, linear(4096, 4096), null, null, linear(4096, 1000)])],
  ]);
}

/** mmpretrain models/backbones/vgg.py VGG(depth=16, norm_cfg=BN, num_classes=1000): features = ConvModule(conv with bias, bn) per width, MaxPool per stage */
function mmpretrainVgg16Bn(): Module {
  const items: (Module | null)[] = [];
  let inCh = 3;
  for (const v of VGG16) {
    if (v === 'M') items.push(null);
    else {
      items.push(module([], [['conv', conv2d(inCh, v, 3)], ['bn', batchNorm(v)]]));
      inCh = v;
    }
  }
  return module([], [['backbone', module([], [
    ['features', indexed(items)],
    ['classifier', indexed([linear(512 * 7 * 7, 4096), null, null, linear(4096, 4096), null, null, linear(4096, 1000)])],
  ])]]);
}

/** vgg_to_mmpretrain.py get_layer_maps(16, with_bn=True) and convert */
function vggRename(key: string): string {
  const idxs = [0, 3, 7, 10, 14, 17, 20, 24, 27, 30, 34, 37, 40];
  const maps: Record<'conv' | 'bn', Map<number, number>> = { conv: new Map(), bn: new Map() };
  let next = 0;
  idxs.forEach((idx, i) => {
    next = i === 0 ? idx : next + Math.trunc((idx - idxs[i - 1]!) / 2);
    maps.conv.set(idx, next);
    maps.bn.set(idx + 1, next);
  });
  if (key.includes('features')) {
    const [, layer, leaf] = key.split('.') as [string, string, string];
    let out = `backbone.${key}`;
    for (const kind of ['conv', 'bn'] as const) {
      const n = maps[kind].get(Number(layer));
      if (n !== undefined) out = `backbone.features.${n}.${kind}.${leaf}`;
    }
    return out;
  }
  if (key.includes('classifier')) return `backbone.${key}`;
  return key;
}

export function vgg16BnToMmpretrain(): Family {
  const source = stateDict(torchvisionVgg16Bn(), 'float32');
  const target = stateDict(mmpretrainVgg16Bn(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = vggRename(key);
  return {
    name: 'vgg16-bn-torchvision-to-mmpretrain',
    description: 'torchvision vgg16_bn into mmpretrain VGG-16 (BN): one flat `features` Sequential of conv, bn, relu and pools, where each conv and its bn become one ConvModule: features.{conv idx} → backbone.features.{new idx}.conv, features.{conv idx + 1} → backbone.features.{new idx}.bn, new idx advancing by half the gap (3 → 1, 4 → 2 across a pool); classifier → backbone.classifier.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/vgg_to_mmpretrain.py get_layer_maps, convert (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: `${MMPRETRAIN}vgg_to_mmpretrain.py`,
    source,
    target,
    truth,
    // the conv index map, the bn index map, backbone. on features / classifier
    patterns: 3,
  };
}

// ---------------------------------------------------------------------------------------------------
// MobileNetV2: torchvision → mmpretrain

/** torchvision mobilenet_v2 inverted residual setting (t, c, n, s) */
const MBV2 = [[1, 16, 1], [6, 24, 2], [6, 32, 3], [6, 64, 4], [6, 96, 3], [6, 160, 3], [6, 320, 1]] as const;

/** the blocks of MobileNetV2 in order: input width, expansion, output width */
function mbv2Blocks(): { inCh: number; t: number; out: number }[] {
  const out: { inCh: number; t: number; out: number }[] = [];
  let inCh = 32;
  for (const [t, c, n] of MBV2) {
    for (let i = 0; i < n; i++) {
      out.push({ inCh, t, out: c });
      inCh = c;
    }
  }
  return out;
}

/** torchvision/models/mobilenetv2.py: features.0 stem, features.1-17 InvertedResidual (`conv` Sequential), features.18 last conv, classifier.1 */
function torchvisionMobileNetV2(): Module {
  const feats: Module[] = [convBn(3, 32, 3)];
  for (const b of mbv2Blocks()) {
    const hidden = b.inCh * b.t;
    const layers: Module[] = [];
    if (b.t !== 1) layers.push(convBn(b.inCh, hidden, 1));
    layers.push(convBn(hidden, hidden, 3, hidden), gconv(hidden, b.out, 1, 1), batchNorm(b.out));
    feats.push(module([], [['conv', indexed(layers)]]));
  }
  feats.push(convBn(320, 1280, 1));
  return module([], [['features', indexed(feats)], ['classifier', indexed([null, linear(1280, 1000)])]]);
}

/** mmpretrain models/backbones/mobilenet_v2.py: conv1, layer1-7 of InvertedResidual (`conv` of ConvModules), conv2; heads LinearClsHead fc */
function mmpretrainMobileNetV2(): Module {
  const blocks = mbv2Blocks();
  const layers: [string, Module][] = [];
  let at = 0;
  MBV2.forEach(([, , n], s) => {
    layers.push([`layer${s + 1}`, indexed(blocks.slice(at, at + n).map((b) => {
      const hidden = b.inCh * b.t;
      const mods: Module[] = [];
      if (b.t !== 1) mods.push(convModule(b.inCh, hidden, 1));
      mods.push(convModule(hidden, hidden, 3, hidden), convModule(hidden, b.out, 1));
      return module([], [['conv', indexed(mods)]]);
    }))]);
    at += n;
  });
  return module([], [
    ['backbone', module([], [['conv1', convModule(3, 32, 3)], ...layers, ['conv2', convModule(320, 1280, 1)]])],
    ['head', module([], [['fc', linear(1280, 1000)]])],
  ]);
}

/** mobilenetv2_to_mmpretrain.py convert_conv1 / convert_conv5 / convert_head / convert_block, in the order convert() tries them */
function mbv2Rename(key: string): string {
  if (key.includes('features.0')) return key.includes('features.0.0') ? key.replace('features.0.0', 'backbone.conv1.conv') : key.replace('features.0.1', 'backbone.conv1.bn');
  if (key.includes('classifier')) return key.replace('classifier.1', 'head.fc');
  if (key.includes('features.18')) return key.includes('features.18.0') ? key.replace('features.18.0', 'backbone.conv2.conv') : key.replace('features.18.1', 'backbone.conv2.bn');
  const id = Number(key.split('.')[1]);
  const starts = [1, 2, 4, 7, 11, 14, 17, 18];
  const stage = starts.findIndex((s, i) => id >= s && id < starts[i + 1]!) + 1;
  let k = key.replace(`features.${id}`, `backbone.layer${stage}.${id - starts[stage - 1]!}`);
  const swaps: [string, string][] = stage === 1
    ? [['conv.0.0', 'conv.0.conv'], ['conv.0.1', 'conv.0.bn'], ['conv.1', 'conv.1.conv'], ['conv.2', 'conv.1.bn']]
    : [['conv.0.0', 'conv.0.conv'], ['conv.0.1', 'conv.0.bn'], ['conv.1.0', 'conv.1.conv'], ['conv.1.1', 'conv.1.bn'], ['conv.2', 'conv.2.conv'], ['conv.3', 'conv.2.bn']];
  const hit = swaps.find(([from]) => k.includes(from));
  if (!hit) throw new Error(`mobilenet_v2: unsupported key ${key}`);
  k = k.replace(hit[0], hit[1]);
  return k;
}

export function mobilenetV2ToMmpretrain(): Family {
  const source = stateDict(torchvisionMobileNetV2(), 'float32');
  const target = stateDict(mmpretrainMobileNetV2(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = mbv2Rename(key);
  return {
    name: 'mobilenet-v2-torchvision-to-mmpretrain',
    description: 'torchvision mobilenet_v2 into mmpretrain MobileNetV2: the flat features.0-18 regrouped into conv1, layer1-7 (features.N → layerS.{N - first of S}: 1 | 2-3 | 4-6 | 7-10 | 11-13 | 14-16 | 17) and conv2; inside each block the conv Sequential re-indexed (conv.1.0 → conv.1.conv, conv.3 → conv.2.bn; the expansion-1 block differs), classifier.1 → head.fc.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/mobilenetv2_to_mmpretrain.py convert_conv1, convert_conv5, convert_head, convert_block (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: `${MMPRETRAIN}mobilenetv2_to_mmpretrain.py`,
    source,
    target,
    truth,
    // conv1 conv/bn, conv2 conv/bn, head, the block index map, 4 layer1 swaps, 6 other swaps
    patterns: 2 + 2 + 1 + 1 + 4 + 6,
  };
}

// ---------------------------------------------------------------------------------------------------
// ShuffleNetV2 x1.0: torchvision → mmpretrain

const SHUFFLE_REPEATS = [4, 8, 4];
const SHUFFLE_WIDTHS = [24, 116, 232, 464, 1024];

/** torchvision/models/shufflenetv2.py shufflenet_v2_x1_0: conv1, stage2-4 of InvertedResidual (branch1 only when stride 2), conv5, fc */
function torchvisionShuffleNetV2(): Module {
  const stages: [string, Module][] = [];
  let inCh = SHUFFLE_WIDTHS[0]!;
  SHUFFLE_REPEATS.forEach((n, s) => {
    const out = SHUFFLE_WIDTHS[s + 1]!;
    const bf = out / 2;
    stages.push([`stage${s + 2}`, indexed(Array.from({ length: n }, (_, b) => {
      const children: [string, Module][] = [];
      if (b === 0) children.push(['branch1', indexed([gconv(inCh, inCh, 3, inCh), batchNorm(inCh), gconv(inCh, bf, 1, 1), batchNorm(bf), null])]);
      const first = b === 0 ? inCh : bf;
      children.push(['branch2', indexed([gconv(first, bf, 1, 1), batchNorm(bf), null, gconv(bf, bf, 3, bf), batchNorm(bf), gconv(bf, bf, 1, 1), batchNorm(bf), null])]);
      return module([], children);
    }))]);
    inCh = out;
  });
  return module([], [
    ['conv1', convBn(3, 24, 3)],
    ...stages,
    ['conv5', convBn(464, 1024, 1)],
    ['fc', linear(1024, 1000)],
  ]);
}

/** mmpretrain models/backbones/shufflenet_v2.py: conv1, layers.0-2 of InvertedResidual (branch1 / branch2 of ConvModules), layers.3 the last ConvModule */
function mmpretrainShuffleNetV2(): Module {
  const layers: Module[] = [];
  let inCh = SHUFFLE_WIDTHS[0]!;
  SHUFFLE_REPEATS.forEach((n, s) => {
    const out = SHUFFLE_WIDTHS[s + 1]!;
    const bf = out / 2;
    layers.push(indexed(Array.from({ length: n }, (_, b) => {
      const children: [string, Module][] = [];
      if (b === 0) children.push(['branch1', indexed([convModule(inCh, inCh, 3, inCh), convModule(inCh, bf, 1)])]);
      children.push(['branch2', indexed([convModule(b === 0 ? inCh : bf, bf, 1), convModule(bf, bf, 3, bf), convModule(bf, bf, 1)])]);
      return module([], children);
    })));
    inCh = out;
  });
  layers.push(convModule(464, 1024, 1));
  return module([], [
    ['backbone', module([], [['conv1', convModule(3, 24, 3)], ['layers', indexed(layers)]])],
    ['head', module([], [['fc', linear(1024, 1000)]])],
  ]);
}

/** shufflenetv2_to_mmpretrain.py: convert() dispatches on 'conv1', 'fc', a leading 's', 'conv5' in that order */
function shuffleRename(key: string): string {
  if (key.includes('conv1')) return key.includes('conv1.0') ? key.replace('conv1.0', 'backbone.conv1.conv') : key.replace('conv1.1', 'backbone.conv1.bn');
  if (key.includes('fc')) return key.replace('fc', 'head.fc');
  if (key.startsWith('s')) {
    const [layer, , branch] = key.split('.') as [string, string, string];
    let k = key.replace(layer, `backbone.layers.${Number(layer.at(-1)) - 2}`);
    const swaps: Record<string, [string, string][]> = {
      branch1: [['branch1.0', 'branch1.0.conv'], ['branch1.1', 'branch1.0.bn'], ['branch1.2', 'branch1.1.conv'], ['branch1.3', 'branch1.1.bn']],
      branch2: [['branch2.0', 'branch2.0.conv'], ['branch2.1', 'branch2.0.bn'], ['branch2.3', 'branch2.1.conv'], ['branch2.4', 'branch2.1.bn'], ['branch2.5', 'branch2.2.conv'], ['branch2.6', 'branch2.2.bn']],
    };
    const hit = swaps[branch]?.find(([from]) => k.includes(from));
    if (!hit) throw new Error(`shufflenet_v2: unsupported key ${key}`);
    k = k.replace(hit[0], hit[1]);
    return k;
  }
  return key.includes('conv5.0') ? key.replace('conv5.0', 'backbone.layers.3.conv') : key.replace('conv5.1', 'backbone.layers.3.bn');
}

export function shufflenetV2ToMmpretrain(): Family {
  const source = stateDict(torchvisionShuffleNetV2(), 'float32');
  const target = stateDict(mmpretrainShuffleNetV2(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = shuffleRename(key);
  return {
    name: 'shufflenet-v2-x1-torchvision-to-mmpretrain',
    description: 'torchvision shufflenet_v2_x1_0 into mmpretrain ShuffleNetV2: stage2-4 → backbone.layers.0-2 (the number inside the name re-based by 2), conv5 → backbone.layers.3 (a sibling module moved into the stage list), conv1 → backbone.conv1; branch Sequentials of conv, bn, relu re-indexed into ConvModules (branch2.3 → branch2.1.conv, branch2.6 → branch2.2.bn), fc → head.fc.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/shufflenetv2_to_mmpretrain.py convert_conv1, convert_conv5, convert_head, convert_block (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: `${MMPRETRAIN}shufflenetv2_to_mmpretrain.py`,
    source,
    target,
    truth,
    // conv1 conv/bn, conv5 conv/bn, head, stageN → layers.N-2, 4 branch1 swaps, 6 branch2 swaps
    patterns: 2 + 2 + 1 + 1 + 4 + 6,
  };
}

// ---------------------------------------------------------------------------------------------------
// MLP-Mixer B/16: timm → mmpretrain

/** timm/models/mlp_mixer.py mixer_b16_224: stem.proj, 12 MixerBlocks (norm1, mlp_tokens, norm2, mlp_channels), norm, head */
function timmMixerB16(): Module {
  const d = 768;
  const tokens = 196;
  return module([], [
    ['stem', module([], [['proj', conv2d(3, d, 16)]])],
    ['blocks', indexed(Array.from({ length: 12 }, () => module([], [
      ['norm1', affineNorm(d)],
      ['mlp_tokens', module([], [['fc1', linear(tokens, 384)], ['fc2', linear(384, tokens)]])],
      ['norm2', affineNorm(d)],
      ['mlp_channels', module([], [['fc1', linear(d, 3072)], ['fc2', linear(3072, d)]])],
    ])))],
    ['norm', affineNorm(d)],
    ['head', linear(d, 1000)],
  ]);
}

/** mmpretrain models/backbones/mlp_mixer.py MlpMixer (arch 'b'): patch_embed.projection, layers.N (ln1, token_mix FFN, ln2, channel_mix FFN), ln1; LinearClsHead fc */
function mmpretrainMixerB16(): Module {
  const d = 768;
  const ffn = (i: number, h: number): Module => module([], [['layers', indexed([indexed([linear(i, h)]), linear(h, i)])]]);
  return module([], [
    ['backbone', module([], [
      ['patch_embed', module([], [['projection', conv2d(3, d, 16)]])],
      ['layers', indexed(Array.from({ length: 12 }, () => module([], [
        ['ln1', affineNorm(d)], ['token_mix', ffn(196, 384)], ['ln2', affineNorm(d)], ['channel_mix', ffn(d, 3072)],
      ])))],
      ['ln1', affineNorm(d)],
    ])],
    ['head', module([], [['fc', linear(d, 1000)]])],
  ]);
}

/** mlpmixer_to_mmpretrain.py convert_weights: substring replacements in dict order, then head. / backbone. */
function mixerRename(key: string): string {
  const mapping: [string, string][] = [
    ['stem', 'patch_embed'], ['proj', 'projection'], ['mlp_tokens.fc1', 'token_mix.layers.0.0'], ['mlp_tokens.fc2', 'token_mix.layers.1'],
    ['mlp_channels.fc1', 'channel_mix.layers.0.0'], ['mlp_channels.fc2', 'channel_mix.layers.1'], ['norm1', 'ln1'], ['norm2', 'ln2'], ['norm.', 'ln1.'], ['blocks', 'layers'],
  ];
  let k = key;
  for (const [from, to] of mapping) if (k.includes(from)) k = k.replace(from, to);
  return k.startsWith('head.') ? `head.fc.${k.slice(5)}` : `backbone.${k}`;
}

export function mixerB16ToMmpretrain(): Family {
  const source = stateDict(timmMixerB16(), 'float32');
  const target = stateDict(mmpretrainMixerB16(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = mixerRename(key);
  return {
    name: 'mlp-mixer-b16-timm-to-mmpretrain',
    description: 'timm mixer_b16_224 into mmpretrain MlpMixer: blocks → backbone.layers, norm1/norm2 → ln1/ln2, mlp_tokens / mlp_channels fc1 → token_mix / channel_mix layers.0.0 (one level deeper) and fc2 → layers.1, stem.proj → patch_embed.projection, the final norm → backbone.ln1 (the same leaf name as each block\'s first norm), head → head.fc.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/mlpmixer_to_mmpretrain.py convert_weights (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: `${MMPRETRAIN}mlpmixer_to_mmpretrain.py`,
    source,
    target,
    truth,
    // the 10 mapping entries, head.fc, backbone.
    patterns: 12,
  };
}

// ---------------------------------------------------------------------------------------------------
// ResNet-50: torchvision → mmcls

export function resnet50ToMmcls(): Family {
  const source = stateDict(torchvisionResNet(50), 'float32');
  const truth: Truth = {};
  const target = source.map((e) => {
    const key = e.key.startsWith('fc') ? `head.${e.key}` : `backbone.${e.key}`;
    truth[e.key] = key;
    return { ...e, key };
  });
  return {
    name: 'resnet50-torchvision-to-mmcls',
    description: 'torchvision resnet50 into an mmcls ImageClassifier (ResNet backbone with the same module names, LinearClsHead): everything but fc under backbone., fc under head.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/torchvision_to_mmcls.py convert_resnet (commit def6d0a2562c999983bd3575278bf57eb89f67ea)',
    url: `${MMPRETRAIN}torchvision_to_mmcls.py`,
    source,
    target,
    truth,
    patterns: 2,
  };
}

// ---------------------------------------------------------------------------------------------------
// PoolFormer-S12: sail-sg original → transformers

const POOLFORMER_S12 = { depths: [2, 2, 6, 2], widths: [64, 128, 320, 512], mlpRatio: 4 };

/**
 * sail-sg/poolformer models/poolformer.py poolformer_s12: patch_embed (7×7 stride 4), then one flat
 * `network` ModuleList: stage 0 blocks, a downsampling PatchEmbed, stage 1 blocks, …; norm, head.
 * PoolFormerBlock registers norm1, token_mixer (no state), norm2, mlp (fc1, fc2 1×1 convs), then the
 * layer_scale_1 / layer_scale_2 Parameters (own parameters come first in its state_dict).
 */
function originalPoolFormer(): Module {
  const c = POOLFORMER_S12;
  const network: Module[] = [];
  c.depths.forEach((n, s) => {
    const d = c.widths[s]!;
    network.push(indexed(Array.from({ length: n }, () => module([t('layer_scale_1', [d]), t('layer_scale_2', [d])], [
      ['norm1', affineNorm(d)], ['norm2', affineNorm(d)],
      ['mlp', module([], [['fc1', conv2d(d, d * c.mlpRatio, 1)], ['fc2', conv2d(d * c.mlpRatio, d, 1)]])],
    ]))));
    if (s < 3) network.push(module([], [['proj', conv2d(d, c.widths[s + 1]!, 3)]]));
  });
  return module([], [
    ['patch_embed', module([], [['proj', conv2d(3, c.widths[0]!, 7)]])],
    ['network', indexed(network)],
    ['norm', affineNorm(c.widths[3]!)],
    ['head', linear(c.widths[3]!, 1000)],
  ]);
}

/**
 * transformers models/poolformer/modeling_poolformer.py PoolFormerForImageClassification:
 * poolformer.encoder.patch_embeddings.S.projection, poolformer.encoder.block.S.J (PoolFormerLayer:
 * pooling, output.conv1/conv2, before_norm, after_norm, then layer_scale_1/2 Parameters), norm, classifier.
 */
function hfPoolFormer(): Module {
  const c = POOLFORMER_S12;
  const embeds = c.widths.map((d, s) => module([], [['projection', conv2d(s === 0 ? 3 : c.widths[s - 1]!, d, s === 0 ? 7 : 3)]]));
  const blocks = c.depths.map((n, s) => {
    const d = c.widths[s]!;
    return indexed(Array.from({ length: n }, () => module([t('layer_scale_1', [d]), t('layer_scale_2', [d])], [
      ['output', module([], [['conv1', conv2d(d, d * c.mlpRatio, 1)], ['conv2', conv2d(d * c.mlpRatio, d, 1)]])],
      ['before_norm', affineNorm(d)], ['after_norm', affineNorm(d)],
    ])));
  });
  return module([], [
    ['poolformer', module([], [['encoder', module([], [['patch_embeddings', indexed(embeds)], ['block', indexed(blocks)]])]])],
    ['norm', affineNorm(c.widths[3]!)],
    ['classifier', linear(c.widths[3]!, 1000)],
  ]);
}

/** convert_poolformer_original_to_pytorch.py rename_keys, run over the keys in checkpoint order (its offsets count the embeddings seen so far) */
function poolformerRenames(keys: string[]): Truth {
  const truth: Truth = {};
  let total = 0;
  let offset = 0;
  const withOffset = (key: string, original: string, renamed: string): string => {
    const find = original.split('.')[0]!;
    const parts = key.split('.');
    const at = parts.indexOf(find);
    const block = Number(parts[at - 2]);
    const layer = Number(parts[at - 1]);
    return key.replace(`${block}.${layer}.${original}`, `block.${block - offset}.${layer}.${renamed}`);
  };
  for (const original of keys) {
    let key = original;
    if (key.startsWith('network')) key = key.replace('network', 'poolformer.encoder');
    if (key.includes('proj')) {
      if (key.endsWith('bias') && !key.includes('patch_embed')) offset += 1;
      key = key.replace(key.slice(0, key.indexOf('proj')), `patch_embeddings.${total}.`);
      key = key.replace('proj', 'projection');
      if (key.endsWith('bias')) total += 1;
    }
    if (key.includes('patch_embeddings')) key = `poolformer.encoder.${key}`;
    if (key.includes('mlp.fc1')) key = withOffset(key, 'mlp.fc1', 'output.conv1');
    if (key.includes('mlp.fc2')) key = withOffset(key, 'mlp.fc2', 'output.conv2');
    if (key.includes('norm1')) key = withOffset(key, 'norm1', 'before_norm');
    if (key.includes('norm2')) key = withOffset(key, 'norm2', 'after_norm');
    if (key.includes('layer_scale_1')) key = withOffset(key, 'layer_scale_1', 'layer_scale_1');
    if (key.includes('layer_scale_2')) key = withOffset(key, 'layer_scale_2', 'layer_scale_2');
    if (key.includes('head')) key = key.replace('head', 'classifier');
    truth[original] = key;
  }
  return truth;
}

export function poolformerS12ToHF(): Family {
  const source = stateDict(originalPoolFormer(), 'float32');
  const target = stateDict(hfPoolFormer(), 'float32');
  return {
    name: 'poolformer-s12-original-to-hf',
    description: 'PoolFormer-S12 (sail-sg, one flat `network` list interleaving the four stages\' block lists with three downsampling patch embeddings) into transformers PoolFormerForImageClassification: network.{0,2,4,6}.J → poolformer.encoder.block.{0,1,2,3}.J (index minus the embeddings seen before), patch_embed / network.{1,3,5} → poolformer.encoder.patch_embeddings.{0..3}.projection, mlp.fc1/fc2 → output.conv1/conv2, norm1/norm2 → before_norm/after_norm, head → classifier.',
    reference: 'huggingface/transformers src/transformers/models/poolformer/convert_poolformer_original_to_pytorch.py rename_keys, replace_key_with_offset (commit 09cb93d8890401636f6abd80b763671e755aa025)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/poolformer/convert_poolformer_original_to_pytorch.py',
    source,
    target,
    truth: poolformerRenames(source.map((e) => e.key)),
    // network → encoder, proj → patch_embeddings.N.projection (+ prefix), the block offset, fc1, fc2, norm1, norm2, layer_scale_1, layer_scale_2, head
    patterns: 10,
  };
}

// ---------------------------------------------------------------------------------------------------
// BEiT-base/16 224 (ImageNet-22k → 1k): unilm → transformers

const BEIT_BASE = { layers: 12, d: 768, heads: 12, ffn: 3072, window: 14 };

/** unilm beit/modeling_finetune.py VisionTransformer (use_rel_pos_bias, use_mean_pooling, init_values 0.1): no abs pos_embed, a relative-position table per block, fc_norm */
function unilmBeit(): Module {
  const c = BEIT_BASE;
  const table = (2 * c.window - 1) ** 2 + 3;
  const tokens = c.window * c.window + 1;
  return module([t('cls_token', [1, 1, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, 16)]])],
    ['blocks', indexed(Array.from({ length: c.layers }, () => module([t('gamma_1', [c.d]), t('gamma_2', [c.d])], [
      ['norm1', affineNorm(c.d)],
      ['attn', module([t('q_bias', [c.d]), t('v_bias', [c.d]), t('relative_position_bias_table', [table, c.heads]), t('relative_position_index', [tokens, tokens], 'int64')], [
        ['qkv', linear(c.d, 3 * c.d, false)], ['proj', linear(c.d, c.d)],
      ])],
      ['norm2', affineNorm(c.d)],
      ['mlp', module([], [['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)]])],
    ])))],
    ['fc_norm', affineNorm(c.d)],
    ['head', linear(c.d, 1000)],
  ]);
}

/** transformers models/beit/modeling_beit.py BeitForImageClassification (use_relative_position_bias, use_mean_pooling; relative_position_index a persistent buffer, as the script's strict load needs) */
function hfBeit(): Module {
  const c = BEIT_BASE;
  const table = (2 * c.window - 1) ** 2 + 3;
  const tokens = c.window * c.window + 1;
  return module([], [
    ['beit', module([], [
      ['embeddings', module([t('cls_token', [1, 1, c.d])], [['patch_embeddings', module([], [['projection', conv2d(3, c.d, 16)]])]])],
      ['encoder', module([], [['layer', indexed(Array.from({ length: c.layers }, () => module([t('lambda_1', [c.d]), t('lambda_2', [c.d])], [
        ['attention', module([], [
          ['attention', module([], [
            ['query', linear(c.d, c.d)], ['key', linear(c.d, c.d, false)], ['value', linear(c.d, c.d)],
            ['relative_position_bias', module([t('relative_position_bias_table', [table, c.heads]), t('relative_position_index', [tokens, tokens], 'int64')])],
          ])],
          ['output', module([], [['dense', linear(c.d, c.d)]])],
        ])],
        ['intermediate', module([], [['dense', linear(c.d, c.ffn)]])],
        ['output', module([], [['dense', linear(c.ffn, c.d)]])],
        ['layernorm_before', affineNorm(c.d)],
        ['layernorm_after', affineNorm(c.d)],
      ])))]])],
      ['pooler', module([], [['layernorm', affineNorm(c.d)]])],
    ])],
    ['classifier', linear(c.d, 1000)],
  ]);
}

export function beitBaseToHF(): Family {
  const c = BEIT_BASE;
  const source = stateDict(unilmBeit(), 'float32');
  const target = stateDict(hfBeit(), 'float32');
  const truth: Truth = {
    cls_token: 'beit.embeddings.cls_token',
    'patch_embed.proj.weight': 'beit.embeddings.patch_embeddings.projection.weight',
    'patch_embed.proj.bias': 'beit.embeddings.patch_embeddings.projection.bias',
    'fc_norm.weight': 'beit.pooler.layernorm.weight',
    'fc_norm.bias': 'beit.pooler.layernorm.bias',
    'head.weight': 'classifier.weight',
    'head.bias': 'classifier.bias',
  };
  const recipes: Record<string, Recipe> = {};
  for (let i = 0; i < c.layers; i++) {
    const s = `blocks.${i}.`;
    const l = `beit.encoder.layer.${i}.`;
    const a = `${l}attention.attention.`;
    Object.assign(truth, {
      [`${s}norm1.weight`]: `${l}layernorm_before.weight`, [`${s}norm1.bias`]: `${l}layernorm_before.bias`,
      [`${s}attn.proj.weight`]: `${l}attention.output.dense.weight`, [`${s}attn.proj.bias`]: `${l}attention.output.dense.bias`,
      [`${s}norm2.weight`]: `${l}layernorm_after.weight`, [`${s}norm2.bias`]: `${l}layernorm_after.bias`,
      [`${s}mlp.fc1.weight`]: `${l}intermediate.dense.weight`, [`${s}mlp.fc1.bias`]: `${l}intermediate.dense.bias`,
      [`${s}mlp.fc2.weight`]: `${l}output.dense.weight`, [`${s}mlp.fc2.bias`]: `${l}output.dense.bias`,
      // read_in_q_k_v: rows [0, D) query, [D, 2D) key, the last D value; q_bias / v_bias as they are (key has no bias)
      [`${s}attn.qkv.weight`]: [`${a}query.weight`, `${a}key.weight`, `${a}value.weight`],
      [`${s}attn.q_bias`]: `${a}query.bias`,
      [`${s}attn.v_bias`]: `${a}value.bias`,
      [`${s}gamma_1`]: `${l}lambda_1`,
      [`${s}gamma_2`]: `${l}lambda_2`,
      [`${s}attn.relative_position_bias_table`]: `${a}relative_position_bias.relative_position_bias_table`,
      [`${s}attn.relative_position_index`]: `${a}relative_position_bias.relative_position_index`,
    });
    ['query', 'key', 'value'].forEach((p, j) => {
      recipes[`${a}${p}.weight`] = { kind: 'split', of: { kind: 'source', key: `${s}attn.qkv.weight` }, dim: 0, start: j * c.d, size: c.d, squeeze: false };
    });
  }
  return {
    name: 'beit-base-p16-224-unilm-to-hf',
    description: 'BEiT-base/16 224 (microsoft/unilm, fine-tuned 22k → 1k: relative position bias per block, mean pooling) into transformers BeitForImageClassification: blocks.N → beit.encoder.layer.N, the fused bias-less qkv split into query / key / value with the separate q_bias / v_bias (key gets none), gamma_1/2 → lambda_1/2, the per-block relative position table and index moved one level down, norm1/norm2/mlp.fc1/fc2/attn.proj → layernorm_before/after, intermediate.dense, output.dense, attention.output.dense; fc_norm → beit.pooler.layernorm, head → classifier.',
    reference: 'huggingface/transformers src/transformers/models/beit/convert_beit_unilm_to_pytorch.py create_rename_keys, read_in_q_k_v (commit 001f85b38fb432858ace93f18622f07cec46d874)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/beit/convert_beit_unilm_to_pytorch.py',
    source,
    target,
    truth,
    recipes,
    // 10 per-layer renames, the qkv split, q_bias, v_bias, gamma_1, gamma_2, table, index, cls_token, patch_embed w/b as one, fc_norm, head
    patterns: 10 + 1 + 2 + 2 + 2 + 1 + 1 + 1 + 1,
  };
}

// ---------------------------------------------------------------------------------------------------
// VAN-B0: Visual-Attention-Network original → mmpretrain

const VAN_B0 = { widths: [32, 64, 160, 256], mlpRatios: [8, 8, 4, 4], depths: [3, 3, 5, 2] };

/** a depthwise convolution with bias */
const dwconv = (c: number, k: number): Module => module([t('weight', [c, 1, k, k]), t('bias', [c])]);

/**
 * Visual-Attention-Network/VAN-Classification models/van.py van_b0: per stage patch_embed{i} (proj, BN),
 * block{i} (Block: layer_scale_1/2 Parameters first, then norm1 BN, attn (proj_1, spatial_gating_unit
 * conv0 / conv_spatial / conv1, proj_2), norm2 BN, mlp (fc1, dwconv.dwconv, fc2)), norm{i} LayerNorm; head.
 * `leaf` names the module-level differences of mmpretrain's VAN (models/backbones/van.py).
 */
function van(mm: boolean): Module {
  const c = VAN_B0;
  const stages: [string, Module][] = [];
  c.widths.forEach((d, s) => {
    const inCh = s === 0 ? 3 : c.widths[s - 1]!;
    const h = d * c.mlpRatios[s]!;
    stages.push([`patch_embed${s + 1}`, module([], [[mm ? 'projection' : 'proj', conv2d(inCh, d, s === 0 ? 7 : 3)], ['norm', batchNorm(d)]])]);
    stages.push([mm ? `blocks${s + 1}` : `block${s + 1}`, indexed(Array.from({ length: c.depths[s]! }, () => module([t('layer_scale_1', [d]), t('layer_scale_2', [d])], [
      ['norm1', batchNorm(d)],
      ['attn', module([], [
        ['proj_1', conv2d(d, d, 1)],
        ['spatial_gating_unit', module([], [[mm ? 'DW_conv' : 'conv0', dwconv(d, 5)], [mm ? 'DW_D_conv' : 'conv_spatial', dwconv(d, 7)], ['conv1', conv2d(d, d, 1)]])],
        ['proj_2', conv2d(d, d, 1)],
      ])],
      ['norm2', batchNorm(d)],
      ['mlp', module([], [['fc1', conv2d(d, h, 1)], ['dwconv', mm ? dwconv(h, 3) : module([], [['dwconv', dwconv(h, 3)]])], ['fc2', conv2d(h, d, 1)]])],
    ])))]);
    stages.push([`norm${s + 1}`, affineNorm(d)]);
  });
  if (!mm) return module([], [...stages, ['head', linear(256, 1000)]]);
  return module([], [['backbone', module([], stages)], ['head', module([], [['fc', linear(256, 1000)]])]]);
}

/** van2mmpretrain.py convert_van */
function vanRename(k: string): string {
  if (k.startsWith('head')) return k.replace('head.', 'head.fc.');
  let n = k;
  if (k.startsWith('patch_embed')) {
    if (k.includes('proj.')) n = k.replace('proj.', 'projection.');
  } else if (k.startsWith('block')) {
    n = k.replace('block', 'blocks');
    if (n.includes('attn.spatial_gating_unit')) n = n.replace('conv0', 'DW_conv').replace('conv_spatial', 'DW_D_conv');
    if (n.includes('dwconv.dwconv')) n = n.replace('dwconv.dwconv', 'dwconv');
  }
  return `backbone.${n}`;
}

export function vanB0ToMmpretrain(): Family {
  const source = stateDict(van(false), 'float32');
  const target = stateDict(van(true), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = vanRename(key);
  return {
    name: 'van-b0-original-to-mmpretrain',
    description: 'VAN-B0 (Visual-Attention-Network) into mmpretrain VAN: blockN → backbone.blocksN (a name stem changed with its number kept), the large-kernel attention\'s conv0 / conv_spatial → DW_conv / DW_D_conv, mlp.dwconv.dwconv → mlp.dwconv (one level removed), patch_embedN.proj → projection, everything else under backbone., head → head.fc.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/van2mmpretrain.py convert_van (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: `${MMPRETRAIN}van2mmpretrain.py`,
    source,
    target,
    truth,
    // head.fc, proj → projection, block → blocks, conv0, conv_spatial, dwconv.dwconv, backbone.
    patterns: 7,
  };
}

// ---------------------------------------------------------------------------------------------------
// DaViT-Tiny: Microsoft (dingmyu/davit) checkpoint → timm

const DAVIT_TINY = { depths: [1, 1, 3, 1], widths: [96, 192, 384, 768], mlpRatio: 4 };

/** a depthwise 3×3 convolution with bias (ConvPosEnc.proj) */
const cpe = (d: number): Module => module([], [['proj', dwconv(d, 3)]]);

/**
 * The original DaViT (dingmyu/davit, as timm first ported it): patch_embeds.S (proj, then a LayerNorm of
 * the output width for S = 0 and of the input width after), main_blocks.S.J.{0: SpatialBlock, 1:
 * ChannelBlock} (cpe ModuleList of two ConvPosEnc first, norm1, attn qkv / proj, norm2, mlp fc1 / fc2),
 * norms, head (Linear).
 */
function msftDavit(): Module {
  const c = DAVIT_TINY;
  const block = (d: number): Module => module([], [
    ['cpe', indexed([cpe(d), cpe(d)])],
    ['norm1', affineNorm(d)],
    ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, d * c.mlpRatio)], ['fc2', linear(d * c.mlpRatio, d)]])],
  ]);
  return module([], [
    ['patch_embeds', indexed(c.widths.map((d, s) => module([], [
      ['proj', conv2d(s === 0 ? 3 : c.widths[s - 1]!, d, s === 0 ? 7 : 2)],
      ['norm', affineNorm(s === 0 ? d : c.widths[s - 1]!)],
    ])))],
    ['main_blocks', indexed(c.depths.map((n, s) => indexed(Array.from({ length: n }, () => indexed([block(c.widths[s]!), block(c.widths[s]!)])))))],
    ['norms', affineNorm(768)],
    ['head', linear(768, 1000)],
  ]);
}

/**
 * timm/models/davit.py DaVit (davit_tiny): stem (conv, norm), stages.S (downsample: norm then conv, for S > 0;
 * blocks.J.{0,1}: cpe1, norm1, attn, cpe2, norm2, mlp), head (NormMlpClassifierHead: norm, fc).
 */
function timmDavit(): Module {
  const c = DAVIT_TINY;
  const block = (d: number): Module => module([], [
    ['cpe1', cpe(d)],
    ['norm1', affineNorm(d)],
    ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['cpe2', cpe(d)],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, d * c.mlpRatio)], ['fc2', linear(d * c.mlpRatio, d)]])],
  ]);
  return module([], [
    ['stem', module([], [['conv', conv2d(3, 96, 7)], ['norm', affineNorm(96)]])],
    ['stages', indexed(c.depths.map((n, s) => {
      const d = c.widths[s]!;
      const children: [string, Module][] = [];
      if (s > 0) children.push(['downsample', module([], [['norm', affineNorm(c.widths[s - 1]!)], ['conv', conv2d(c.widths[s - 1]!, d, 2)]])]);
      children.push(['blocks', indexed(Array.from({ length: n }, () => indexed([block(d), block(d)])))]);
      return module([], children);
    }))],
    ['head', module([], [['norm', affineNorm(768)], ['fc', linear(768, 1000)]])],
  ]);
}

/** davit.py checkpoint_filter_fn: two index-keeping regex renames, then six str.replace calls in order */
function davitRename(key: string): string {
  return key
    .replace(/patch_embeds.([0-9]+)/g, 'stages.$1.downsample')
    .replace(/main_blocks.([0-9]+)/g, 'stages.$1.blocks')
    .replaceAll('downsample.proj', 'downsample.conv')
    .replaceAll('stages.0.downsample', 'stem')
    .replaceAll('head.', 'head.fc.')
    .replaceAll('norms.', 'head.norm.')
    .replaceAll('cpe.0', 'cpe1')
    .replaceAll('cpe.1', 'cpe2');
}

export function davitTinyToTimm(): Family {
  const source = stateDict(msftDavit(), 'float32');
  const target = stateDict(timmDavit(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = davitRename(key);
  return {
    name: 'davit-tiny-msft-to-timm',
    description: 'DaViT-Tiny (Microsoft checkpoint: patch_embeds.S and main_blocks.S as two parallel lists) into timm DaVit: both lists merged into stages.S (patch_embeds.S → stages.S.downsample with proj → conv; patch_embeds.0 → stem), main_blocks.S → stages.S.blocks, the cpe ModuleList .0 / .1 → cpe1 / cpe2 (an index folded into the name), norms → head.norm, head → head.fc; timm registers each downsample\'s norm before its conv and cpe2 after attn.',
    reference: 'huggingface/pytorch-image-models timm/models/davit.py checkpoint_filter_fn (commit 850a4e243a17594fd852d2809a5a1f804872fd42)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/davit.py',
    source,
    target,
    truth,
    // patch_embeds, main_blocks, downsample.proj, stem, head.fc, head.norm, cpe1, cpe2
    patterns: 8,
  };
}
