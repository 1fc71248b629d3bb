import type { Family } from './types.js';
import { batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';

/**
 * RegNetX-400MF as pycls builds it (configs/dds_baselines/regnetx/RegNetX-400MF_dds_8gpu.yaml: DEPTH 22,
 * W0 24, WA 24.48, WM 2.54, GROUP_W 16 → depths 1-2-7-12, widths 32-64-160-384), stem width 32.
 */
const REGNETX_400MF = { depths: [1, 2, 7, 12], widths: [32, 64, 160, 384], groupW: 16, stem: 32 };

/**
 * facebookresearch/pycls pycls/models/anynet.py: stem (conv, bn), s1…s4 each b1…bN ResBottleneckBlock
 * (proj + bn when the shape changes, then f = BottleneckTransform a, a_bn, b, b_bn, c, c_bn), head.fc.
 */
function pyclsRegNet(): Module {
  const c = REGNETX_400MF;
  const stages: [string, Module][] = [];
  let wIn = c.stem;
  c.depths.forEach((d, s) => {
    const w = c.widths[s]!;
    const blocks: [string, Module][] = [];
    for (let b = 0; b < d; b++) {
      const inW = b === 0 ? wIn : w;
      const children: [string, Module][] = [];
      if (b === 0) children.push(['proj', conv2d(inW, w, 1, false)], ['bn', batchNorm(w)]);
      children.push(['f', module([], [
        ['a', conv2d(inW, w, 1, false)], ['a_bn', batchNorm(w)],
        ['b', module([t('weight', [w, c.groupW, 3, 3])])], ['b_bn', batchNorm(w)],
        ['c', conv2d(w, w, 1, false)], ['c_bn', batchNorm(w)],
      ])]);
      blocks.push([`b${b + 1}`, module([], children)]);
    }
    stages.push([`s${s + 1}`, module([], blocks)]);
    wIn = w;
  });
  return module([], [['stem', module([], [['conv', conv2d(3, c.stem, 3, false)], ['bn', batchNorm(c.stem)]])], ...stages, ['head', module([], [['fc', linear(wIn, 1000)]])]]);
}

/** open-mmlab/mmdetection mmdet/models/backbones/regnet.py (ResNet-style): conv1, bn1, layerS.J (conv1, bn1, conv2, bn2, conv3, bn3, downsample.0/1); no classifier */
function mmdetRegNet(): Module {
  const c = REGNETX_400MF;
  const layers: [string, Module][] = [];
  let wIn = c.stem;
  c.depths.forEach((d, s) => {
    const w = c.widths[s]!;
    layers.push([`layer${s + 1}`, indexed(Array.from({ length: d }, (_, b) => {
      const inW = b === 0 ? wIn : w;
      const children: [string, Module][] = [
        ['conv1', conv2d(inW, w, 1, false)], ['bn1', batchNorm(w)],
        ['conv2', module([t('weight', [w, c.groupW, 3, 3])])], ['bn2', batchNorm(w)],
        ['conv3', conv2d(w, w, 1, false)], ['bn3', batchNorm(w)],
      ];
      if (b === 0) children.push(['downsample', indexed([conv2d(inW, w, 1, false), batchNorm(w)])]);
      return module([], children);
    }))]);
    wIn = w;
  });
  return module([], [['conv1', conv2d(3, c.stem, 3, false)], ['bn1', batchNorm(c.stem)], ...layers]);
}

/** tools/model_converters/regnet2mmdet.py convert_stem / convert_head / convert_reslayer */
function regnet2mmdet(key: string): string | null {
  if (key.startsWith('stem.')) return key.replace('stem.conv', 'conv1').replace('stem.bn', 'bn1');
  if (key.startsWith('head.')) return null; // the script writes `fc.*`, which the backbone has not: a strict load drops it
  const parts = key.split('.');
  const [layer, block, mod] = parts as [string, string, string];
  const at = `layer${Number(layer.slice(1))}.${Number(block.slice(1)) - 1}`;
  const leaf = parts[parts.length - 1]!;
  if (mod === 'bn') return `${at}.downsample.1.${leaf}`;
  if (mod === 'proj') return `${at}.downsample.0.${leaf}`;
  const names: Record<string, string> = { a: 'conv1', a_bn: 'bn1', b: 'conv2', b_bn: 'bn2', c: 'conv3', c_bn: 'bn3' };
  return `${at}.${names[parts[3]!]}.${leaf}`;
}

export function regnetPyclsToMmdet(): Family {
  const source = stateDict(pyclsRegNet(), 'float32');
  const target = stateDict(mmdetRegNet(), 'float32');
  const truth: Record<string, string | null> = {};
  for (const { key } of source) truth[key] = regnet2mmdet(key);
  return {
    name: 'regnet-pycls-to-mmdet',
    description: 'RegNetX-400MF from pycls into the MMDetection RegNet backbone: sN.bM → layerN.{M-1} (indices inside names, re-based from 1 to 0), proj/bn → downsample.0/1, f.a…c_bn → conv1…bn3, stem → conv1/bn1, head dropped.',
    reference: 'open-mmlab/mmdetection tools/model_converters/regnet2mmdet.py (convert_stem, convert_head, convert_reslayer)',
    url: 'https://github.com/open-mmlab/mmdetection/blob/main/tools/model_converters/regnet2mmdet.py',
    source,
    target,
    truth,
    // stem.conv, stem.bn, head (dropped here), sN→layerN, bM→M-1, proj, bn, a, b, c, a_bn, b_bn, c_bn
    patterns: 13,
  };
}

/**
 * LeViT-128S (facebookresearch/LeViT levit.py specification['LeViT_128S']: C 128_256_384, D 16, N 4_6_8,
 * X 2_3_4, drop_path 0), 224 px. The original is one flat `blocks` Sequential: per stage depth ×
 * [Residual(Attention), Residual(MLP)], then Subsample (no state, but an index), AttentionSubsample and a
 * Residual(MLP); its Linear_BN modules are `c` + `bn` (BatchNorm1d); patch_embed is four Conv2d_BN at
 * indices 0, 2, 4, 6 with activations between; heads are BN_Linear (`bn`, `l`).
 */
export interface LevitConfig { dims: number[]; keyDim: number; heads: number[]; depths: number[]; mlpRatio: number; attnRatio: number; img: number }
export const LEVIT_128S: LevitConfig = { dims: [128, 256, 384], keyDim: 16, heads: [4, 6, 8], depths: [2, 3, 4], mlpRatio: 2, attnRatio: 2, img: 224 };

function points(res: number): number {
  // attention_biases has one column per distinct |dx|,|dy| offset on a res × res grid
  return res * res;
}

export function levitOriginal(c: LevitConfig): Module {
  const cbn = (i: number, o: number, k = 3): Module => module([], [['c', conv2d(i, o, k, false)], ['bn', batchNorm(o)]]);
  const lbn = (i: number, o: number): Module => module([], [['c', linear(i, o, false)], ['bn', batchNorm(o)]]);
  const blocks: (Module | null)[] = [];
  let res = c.img / 16;
  for (let s = 0; s < 3; s++) {
    const dim = c.dims[s]!;
    const h = c.heads[s]!;
    const dh = c.attnRatio * c.keyDim * h;
    for (let d = 0; d < c.depths[s]!; d++) {
      blocks.push(module([], [['m', module([t('attention_biases', [h, points(res)]), t('attention_bias_idxs', [res * res, res * res], 'int64')], [
        ['qkv', lbn(dim, dh + 2 * c.keyDim * h)],
        ['proj', indexed([null, lbn(dh, dim)])],
      ])]]));
      blocks.push(module([], [['m', indexed([lbn(dim, dim * c.mlpRatio), null, lbn(dim * c.mlpRatio, dim)])]]));
    }
    if (s < 2) {
      const out = c.dims[s + 1]!;
      const nh = dim / c.keyDim;
      const dhs = 4 * c.keyDim * nh;
      const resOut = Math.floor((res - 1) / 2) + 1;
      blocks.push(null); // Subsample: no state
      blocks.push(module([t('attention_biases', [nh, points(res)]), t('attention_bias_idxs', [resOut * resOut, res * res], 'int64')], [
        ['kv', lbn(dim, dhs + c.keyDim * nh)],
        ['q', indexed([null, lbn(dim, c.keyDim * nh)])],
        ['proj', indexed([null, lbn(dhs, out)])],
      ]));
      blocks.push(module([], [['m', indexed([lbn(out, out * 2), null, lbn(out * 2, out)])]]));
      res = resOut;
    }
  }
  const last = c.dims[2]!;
  const bnl = (): Module => module([], [['bn', batchNorm(last)], ['l', linear(last, 1000)]]);
  const dims = [3, c.dims[0]! / 8, c.dims[0]! / 4, c.dims[0]! / 2, c.dims[0]!];
  return module([], [
    ['patch_embed', indexed([cbn(dims[0]!, dims[1]!), null, cbn(dims[1]!, dims[2]!), null, cbn(dims[2]!, dims[3]!), null, cbn(dims[3]!, dims[4]!)])],
    ['blocks', indexed(blocks)],
    ['head', bnl()],
    ['head_dist', bnl()],
  ]);
}

/**
 * timm/models/levit.py LevitDistilled in conv mode (levit_conv_128s: use_conv=True): stem.conv1…conv4
 * (ConvNorm: `linear` Conv2d + `bn`), stages.S (downsample = LevitDownsample(attn_downsample, mlp) for
 * S > 0, blocks.J = LevitBlock(attn, mlp)), head/head_dist NormLinear (bn, linear). In conv mode every
 * LinearNorm is a 1×1 ConvNorm: weights [out, in, 1, 1]; attention_bias_idxs is not persistent.
 */
function levitTimmConv(c: LevitConfig): Module {
  const cn = (i: number, o: number, k = 1): Module => module([], [['linear', conv2d(i, o, k, false)], ['bn', batchNorm(o)]]);
  const mlp = (d: number, h: number): Module => module([], [['ln1', cn(d, h)], ['ln2', cn(h, d)]]);
  const stages: Module[] = [];
  let res = c.img / 16;
  for (let s = 0; s < 3; s++) {
    const dim = c.dims[s]!;
    const h = c.heads[s]!;
    const dh = c.attnRatio * c.keyDim * h;
    const children: [string, Module][] = [];
    if (s > 0) {
      const inDim = c.dims[s - 1]!;
      const nh = inDim / c.keyDim;
      const dhs = 4 * c.keyDim * nh;
      const before = s === 1 ? c.img / 16 : Math.floor((c.img / 16 - 1) / 2) + 1;
      children.push(['downsample', module([], [
        ['attn_downsample', module([t('attention_biases', [nh, points(before)])], [
          ['kv', cn(inDim, dhs + c.keyDim * nh)],
          ['q', module([], [['ln', cn(inDim, c.keyDim * nh)]])],
          ['proj', module([], [['ln', cn(dhs, dim)]])],
        ])],
        ['mlp', mlp(dim, dim * 2)],
      ])]);
    }
    children.push(['blocks', indexed(Array.from({ length: c.depths[s]! }, () => module([], [
      ['attn', module([t('attention_biases', [h, points(res)])], [['qkv', cn(dim, dh + 2 * c.keyDim * h)], ['proj', module([], [['ln', cn(dh, dim)]])]])],
      ['mlp', mlp(dim, dim * c.mlpRatio)],
    ])))]);
    stages.push(module([], children));
    res = Math.floor((res - 1) / 2) + 1;
  }
  const last = c.dims[2]!;
  const nl = (): Module => module([], [['bn', batchNorm(last)], ['linear', linear(last, 1000)]]);
  const d0 = c.dims[0]!;
  return module([], [
    ['stem', module([], [['conv1', cn(3, d0 / 8, 3)], ['conv2', cn(d0 / 8, d0 / 4, 3)], ['conv3', cn(d0 / 4, d0 / 2, 3)], ['conv4', cn(d0 / 2, d0, 3)]])],
    ['stages', indexed(stages)],
    ['head', nl()],
    ['head_dist', nl()],
  ]);
}

export function levitToTimmConv(config: LevitConfig = LEVIT_128S): Family {
  const source = stateDict(levitOriginal(config), 'float32');
  const target = stateDict(levitTimmConv(config), 'float32');
  // timm levit.py checkpoint_filter_fn: drop attention_bias_idxs, then zip the model's keys with the
  // checkpoint's in order, unsqueezing 2-D weights where the model has 4-D ones
  const kept = source.filter((e) => !e.key.endsWith('attention_bias_idxs'));
  if (kept.length !== target.length) throw new Error(`levit: ${kept.length} checkpoint tensors vs ${target.length} model tensors`);
  const truth: Record<string, string | null> = {};
  const reshaped: string[] = [];
  for (const e of source) if (e.key.endsWith('attention_bias_idxs')) truth[e.key] = null;
  kept.forEach((e, i) => {
    const tk = target[i]!;
    if (e.shape!.length === 2 && tk.shape!.length === 4) reshaped.push(e.key);
    else if (e.shape!.join() !== tk.shape!.join()) throw new Error(`levit: ${e.key} ${e.shape} vs ${tk.key} ${tk.shape}`);
    truth[e.key] = tk.key;
  });
  return {
    name: 'levit-to-timm-conv',
    description: 'LeViT-128S (facebookresearch/LeViT, one flat `blocks` list with Attention, MLP, a stateless Subsample, AttentionSubsample interleaved) into timm levit_conv_128s: blocks.N → stages.S.{blocks.J.attn|blocks.J.mlp|downsample.attn_downsample|downsample.mlp}, patch_embed.{0,2,4,6} → stem.conv{1..4}, c → linear, Linear weights unsqueezed to 1×1 convs, attention_bias_idxs dropped.',
    reference: 'huggingface/pytorch-image-models timm/models/levit.py checkpoint_filter_fn (zip by order, vb[:, :, None, None])',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/levit.py',
    source,
    target,
    truth,
    reshaped,
    // as a rename table: drop idxs; patch_embed.{2i} → stem.conv{i+1}; .c. → .linear.; head(.dist).l → .linear;
    // proj.1 / q.1 → proj.ln / q.ln;
    // blocks.N per stage: attention blocks, mlp blocks, attn_downsample, downsample mlp (one each);
    // m.0/m.2 → ln1/ln2; the 1×1 unsqueeze
    patterns: 11,
  };
}
