/**
 * The nineteenth family set (session 26), part two: Apple's ml-cvnets MobileViT (v1) ImageNet checkpoints →
 * transformers' MobileViTForImageClassification, by convert_mlcvnets_to_pytorch.py, which no earlier set uses, at the
 * three sizes the script converts for classification (S, XS, XXS). Index arithmetic (layer_1…layer_5 → encoder.layer.0…4),
 * a Sequential level removed everywhere (ConvLayer's `.block.`), the first two stages' blocks moved under `.layer.J`
 * while the later stages' first block becomes a named `downsampling_layer` (the script's `.{i}.{j}.` rewrites), a
 * ModuleList of transformer encoders whose last item (a LayerNorm at global_rep.N, N the depth) leaves the list,
 * Sequential indices of pre_norm_mha / pre_norm_ffn named (0 → layernorm_before, 1.out_proj → attention.output.dense,
 * 4 → output.dense), the fused qkv_proj split in three row blocks, and classifier.fc → classifier. Widths from
 * ml-cvnets' config/mobilevit.py (v1 "small", "x_small", "xx_small"), which the script's hidden_sizes /
 * neck_hidden_sizes repeat; both sides hold BatchNorm's num_batches_tracked.
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { splitRows, type Truth } from './set9-common.js';
import { makeDivisible } from './set19-keras-efficientnet.js';

const MOBILEVIT_SCRIPT = 'src/transformers/models/mobilevit/convert_mlcvnets_to_pytorch.py';
const MOBILEVIT_COMMIT = '01080c629600d4ff3121446bb4f4a2e240c2cf41';

interface MobileViTConfig {
  /** conv_1, layer_1 … layer_5 outputs and the 1×1 expansion before the classifier (the script's neck_hidden_sizes) */
  neck: [number, number, number, number, number, number, number];
  /** transformer widths of layer_3 … layer_5 (hidden_sizes); the FFN is twice as wide */
  hidden: [number, number, number];
  /** MobileNetV2 blocks' expansion ratio (mv_expand_ratio) */
  expand: number;
}

/** transformer depths of layer_3 … layer_5 and MobileNetV2 blocks of layer_1, layer_2 (the same at every size) */
const DEPTHS = [2, 4, 3];
const MV2_BLOCKS = [1, 3];

const SIZES: Record<'s' | 'xs' | 'xxs', MobileViTConfig> = {
  s: { neck: [16, 32, 64, 96, 128, 160, 640], hidden: [144, 192, 240], expand: 4 },
  xs: { neck: [16, 32, 48, 64, 80, 96, 384], hidden: [96, 120, 144], expand: 4 },
  xxs: { neck: [16, 16, 24, 48, 64, 80, 320], hidden: [64, 80, 96], expand: 2 },
};

// ---- ml-cvnets: ConvLayer = block (Sequential: conv, norm, act); InvertedResidual = block (exp_1x1, conv_3x3, red_1x1)

const cvConv = (cin: number, cout: number, k: number, norm = true, groups = 1): Module => {
  const children: [string, Module][] = [['conv', module([t('weight', [cout, cin / groups, k, k])])]];
  if (norm) children.push(['norm', batchNorm(cout)]);
  return module([], [['block', module([], children)]]);
};

function cvInvertedResidual(cin: number, cout: number, expand: number): Module {
  const mid = makeDivisible(Math.round(cin * expand));
  const children: [string, Module][] = [];
  if (expand !== 1) children.push(['exp_1x1', cvConv(cin, mid, 1)]);
  children.push(['conv_3x3', cvConv(mid, mid, 3, true, mid)], ['red_1x1', cvConv(mid, cout, 1)]);
  return module([], [['block', module([], children)]]);
}

function cvTransformerEncoder(d: number): Module {
  return module([], [
    ['pre_norm_mha', indexed([affineNorm(d), module([], [['qkv_proj', linear(d, 3 * d)], ['out_proj', linear(d, d)]])])],
    ['pre_norm_ffn', indexed([affineNorm(d), linear(d, 2 * d), null, null, linear(2 * d, d)])],
  ]);
}

function cvMobileViT(c: MobileViTConfig): Module {
  const children: [string, Module][] = [['conv_1', cvConv(3, c.neck[0], 3)]];
  for (let i = 0; i < 5; i++) {
    const cin = c.neck[i]!;
    const cout = c.neck[i + 1]!;
    if (i < 2) {
      children.push([`layer_${i + 1}`, indexed(Array.from({ length: MV2_BLOCKS[i]! }, (_, j) => cvInvertedResidual(j === 0 ? cin : cout, cout, c.expand)))]);
      continue;
    }
    const d = c.hidden[i - 2]!;
    const depth = DEPTHS[i - 2]!;
    const block = module([], [
      ['local_rep', module([], [['conv_3x3', cvConv(cout, cout, 3)], ['conv_1x1', cvConv(cout, d, 1, false)]])],
      ['global_rep', indexed([...Array.from({ length: depth }, () => cvTransformerEncoder(d)), affineNorm(d)])],
      ['conv_proj', cvConv(d, cout, 1)],
      ['fusion', cvConv(2 * cout, cout, 3)],
    ]);
    children.push([`layer_${i + 1}`, indexed([cvInvertedResidual(cin, cout, c.expand), block])]);
  }
  children.push(['conv_1x1_exp', cvConv(c.neck[5], c.neck[6], 1)], ['classifier', module([], [['fc', linear(c.neck[6], 1000)]])]);
  return module([], children);
}

// ---- transformers: MobileViTConvLayer = convolution, normalization; MobileViTLayer = downsampling_layer, conv_kxk, conv_1x1, transformer, layernorm, conv_projection, fusion

const hfConv = (cin: number, cout: number, k: number, norm = true, groups = 1): Module => {
  const children: [string, Module][] = [['convolution', module([t('weight', [cout, cin / groups, k, k])])]];
  if (norm) children.push(['normalization', batchNorm(cout)]);
  return module([], children);
};

function hfInvertedResidual(cin: number, cout: number, expand: number): Module {
  const mid = makeDivisible(Math.round(cin * expand));
  return module([], [['expand_1x1', hfConv(cin, mid, 1)], ['conv_3x3', hfConv(mid, mid, 3, true, mid)], ['reduce_1x1', hfConv(mid, cout, 1)]]);
}

function hfTransformerLayer(d: number): Module {
  return module([], [
    ['attention', module([], [
      ['attention', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])],
      ['output', module([], [['dense', linear(d, d)]])],
    ])],
    ['intermediate', module([], [['dense', linear(d, 2 * d)]])],
    ['output', module([], [['dense', linear(2 * d, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
  ]);
}

function hfMobileViT(c: MobileViTConfig): Module {
  const layers: Module[] = [];
  for (let i = 0; i < 5; i++) {
    const cin = c.neck[i]!;
    const cout = c.neck[i + 1]!;
    if (i < 2) {
      layers.push(module([], [['layer', indexed(Array.from({ length: MV2_BLOCKS[i]! }, (_, j) => hfInvertedResidual(j === 0 ? cin : cout, cout, c.expand)))]]));
      continue;
    }
    const d = c.hidden[i - 2]!;
    layers.push(module([], [
      ['downsampling_layer', hfInvertedResidual(cin, cout, c.expand)],
      ['conv_kxk', hfConv(cout, cout, 3)],
      ['conv_1x1', hfConv(cout, d, 1, false)],
      ['transformer', module([], [['layer', indexed(Array.from({ length: DEPTHS[i - 2]! }, () => hfTransformerLayer(d)))]])],
      ['layernorm', affineNorm(d)],
      ['conv_projection', hfConv(d, cout, 1)],
      ['fusion', hfConv(2 * cout, cout, 3)],
    ]));
  }
  return module([], [
    ['mobilevit', module([], [['conv_stem', hfConv(3, c.neck[0], 3)], ['encoder', module([], [['layer', indexed(layers)]])], ['conv_1x1_exp', hfConv(c.neck[5], c.neck[6], 1)]])],
    ['classifier', linear(c.neck[6], 1000)],
  ]);
}

/** the script's rename_key(name, base_model=False), step by step in its order */
function renameKey(key: string): string {
  let name = key;
  const sub = (from: string, to: string): void => {
    if (name.includes(from)) name = name.split(from).join(to);
  };
  for (let i = 1; i < 6; i++) sub(`layer_${i}.`, `encoder.layer.${i - 1}.`);
  sub('conv_1.', 'conv_stem.');
  sub('.block.', '.');
  sub('exp_1x1', 'expand_1x1');
  sub('red_1x1', 'reduce_1x1');
  sub('.local_rep.conv_3x3.', '.conv_kxk.');
  sub('.local_rep.conv_1x1.', '.conv_1x1.');
  sub('.norm.', '.normalization.');
  sub('.conv.', '.convolution.');
  sub('.conv_proj.', '.conv_projection.');
  for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) sub(`.${i}.${j}.`, `.${i}.layer.${j}.`);
  for (let i = 2; i < 6; i++) {
    for (let j = 0; j < 4; j++) {
      if (!name.includes(`.${i}.${j}.`)) continue;
      sub(`.${i}.${j}.`, `.${i}.`);
      sub('expand_1x1', 'downsampling_layer.expand_1x1');
      sub('conv_3x3', 'downsampling_layer.conv_3x3');
      sub('reduce_1x1', 'downsampling_layer.reduce_1x1');
    }
  }
  for (let i = 2; i < 5; i++) {
    sub(`.global_rep.${i}.weight`, '.layernorm.weight');
    sub(`.global_rep.${i}.bias`, '.layernorm.bias');
  }
  sub('.global_rep.', '.transformer.');
  sub('.pre_norm_mha.0.', '.layernorm_before.');
  sub('.pre_norm_mha.1.out_proj.', '.attention.output.dense.');
  sub('.pre_norm_ffn.0.', '.layernorm_after.');
  sub('.pre_norm_ffn.1.', '.intermediate.dense.');
  sub('.pre_norm_ffn.4.', '.output.dense.');
  sub('.transformer.', '.transformer.layer.');
  if (name.includes('classifier.fc.')) return name.replace('classifier.fc.', 'classifier.');
  return `mobilevit.${name}`;
}

function mobileVitFamily(size: 's' | 'xs' | 'xxs'): Family {
  const c = SIZES[size];
  const source = stateDict(cvMobileViT(c), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  for (const { key } of source) {
    // convert_state_dict: qkv_proj rows [:dim], [dim:2dim], [-dim:] → query / key / value of the same transformer layer
    const qkv = /^layer_(\d)\.1\.global_rep\.(\d+)\.pre_norm_mha\.1\.qkv_proj\.(weight|bias)$/.exec(key);
    if (qkv) {
      const at = `mobilevit.encoder.layer.${Number(qkv[1]) - 1}.transformer.layer.${qkv[2]}.attention.attention.`;
      splitRows(truth, recipes, key, ['query', 'key', 'value'].map((p) => `${at}${p}.${qkv[3]}`), c.hidden[Number(qkv[1]) - 3]!);
      continue;
    }
    truth[key] = renameKey(key);
  }
  const label = { s: 'small', xs: 'x-small', xxs: 'xx-small' }[size];
  return {
    name: `mobilevit-${size}-mlcvnets-to-hf`,
    description: `apple/mobilevit-${label} (ml-cvnets MobileViT v1, ImageNet) → MobileViTForImageClassification: layer_1…layer_5 → mobilevit.encoder.layer.0…4, ConvLayer's block.conv / block.norm → convolution / normalization (a level removed everywhere), conv_1 → conv_stem, the MobileNetV2 stages' blocks I.J → I.layer.J with exp_1x1 / red_1x1 → expand_1x1 / reduce_1x1, the MobileViT stages' first block → downsampling_layer and their second block's parts lifted one level (local_rep.conv_3x3 / conv_1x1 → conv_kxk / conv_1x1, global_rep.N → transformer.layer.N, the LayerNorm after the ${DEPTHS.join(' / ')} encoders (global_rep.${DEPTHS.join(' / ')}) → layernorm, conv_proj → conv_projection), pre_norm_mha.0 / .1.out_proj → layernorm_before / attention.output.dense, pre_norm_ffn.0 / .1 / .4 → layernorm_after / intermediate.dense / output.dense, each qkv_proj [${c.hidden.map((d) => 3 * d).join(' / ')}, d] split into query / key / value rows, classifier.fc → classifier, mobilevit. prefix.`,
    reference: `huggingface/transformers ${MOBILEVIT_SCRIPT} rename_key, convert_state_dict (commit ${MOBILEVIT_COMMIT}); apple/ml-cvnets cvnets/models/classification/mobilevit.py and config/mobilevit.py (v1)`,
    url: `https://github.com/huggingface/transformers/blob/${MOBILEVIT_COMMIT}/${MOBILEVIT_SCRIPT}`,
    source,
    target: stateDict(hfMobileViT(c), 'float32'),
    truth,
    recipes,
    // rename_key's rewrites: layer_i, conv_1, .block., exp_1x1, red_1x1, local_rep ×2, .norm., .conv., .conv_proj., .{i}.{j}. for
    // i < 2, for i ≥ 2 with the three downsampling_layer moves, global_rep.{i}.weight / .bias, .global_rep., pre_norm_mha ×2,
    // pre_norm_ffn ×3, .transformer., classifier.fc, the mobilevit. prefix (25); the qkv split (1)
    patterns: 26,
  };
}

export const mobilevitSToHF = (): Family => mobileVitFamily('s');
export const mobilevitXsToHF = (): Family => mobileVitFamily('xs');
export const mobilevitXxsToHF = (): Family => mobileVitFamily('xxs');
