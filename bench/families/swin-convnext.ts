import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';

/** Swin-T as published: embed 96, depths 2-2-6-2, heads 3-6-12-24, window 7, 224 px, patch 4 (microsoft/Swin-Transformer configs/swin/swin_tiny_patch4_window7_224.yaml) */
export const SWIN_T = { embed: 96, depths: [2, 2, 6, 2], heads: [3, 6, 12, 24], window: 7, img: 224, patch: 4, classes: 1000 };

function swinBlock(dim: number, heads: number, window: number, resolution: number, shifted: boolean, timm: boolean): Module {
  const ws = Math.min(window, resolution);
  const shift = shifted && resolution > window;
  const attnOwn = [t('relative_position_bias_table', [(2 * ws - 1) ** 2, heads])];
  // the original registers relative_position_index as a persistent buffer; timm makes it non-persistent
  if (!timm) attnOwn.push(t('relative_position_index', [ws * ws, ws * ws], 'int64'));
  const attn = module(attnOwn, [['qkv', linear(dim, 3 * dim)], ['proj', linear(dim, dim)]]);
  // attn_mask: a persistent buffer in the original (None, so absent, without a shift); non-persistent in timm
  const own = !timm && shift ? [t('attn_mask', [(resolution / ws) ** 2, ws * ws, ws * ws])] : [];
  return module(own, [
    ['norm1', affineNorm(dim)],
    ['attn', attn],
    ['norm2', affineNorm(dim)],
    ['mlp', module([], [['fc1', linear(dim, 4 * dim)], ['fc2', linear(4 * dim, dim)]])],
  ]);
}

/**
 * microsoft/Swin-Transformer models/swin_transformer.py SwinTransformer: patch_embed, layers.S (blocks, then
 * PatchMerging `downsample` at the END of stages 0-2: reduction then norm), norm, head.
 * timm/models/swin_transformer.py (0.9+): layers.S (PatchMerging `downsample` at the START of stages 1-3:
 * norm then reduction; blocks), norm, head.fc.
 */
export function swin(timm: boolean): Module {
  const c = SWIN_T;
  const layers: Module[] = [];
  let res = c.img / c.patch;
  for (let s = 0; s < 4; s++) {
    const dim = c.embed * 2 ** s;
    const blocks = indexed(Array.from({ length: c.depths[s]! }, (_, j) => swinBlock(dim, c.heads[s]!, c.window, res, j % 2 === 1, timm)));
    const children: [string, Module][] = [];
    if (timm && s > 0) {
      const inDim = dim / 2;
      children.push(['downsample', module([], [['norm', affineNorm(4 * inDim)], ['reduction', linear(4 * inDim, dim, false)]])]);
    }
    children.push(['blocks', blocks]);
    if (!timm && s < 3) children.push(['downsample', module([], [['reduction', linear(4 * dim, 2 * dim, false)], ['norm', affineNorm(4 * dim)]])]);
    layers.push(module([], children));
    res /= 2;
  }
  const last = c.embed * 8;
  return module([], [
    ['patch_embed', module([], [['proj', conv2d(3, c.embed, c.patch)], ['norm', affineNorm(c.embed)]])],
    ['layers', indexed(layers)],
    ['norm', affineNorm(last)],
    ['head', timm ? module([], [['fc', linear(last, c.classes)]]) : linear(last, c.classes)],
  ]);
}

export function swinToTimm(): Family {
  const source = stateDict(swin(false), 'float32');
  const target = stateDict(swin(true), 'float32');
  const truth: Record<string, string | null> = {};
  for (const { key } of source) {
    if (key.endsWith('relative_position_index') || key.endsWith('attn_mask')) truth[key] = null;
    else truth[key] = key.replace(/^layers\.(\d+)\.downsample/, (_m, s: string) => `layers.${Number(s) + 1}.downsample`).replace(/^head\./, 'head.fc.');
  }
  return {
    name: 'swin-ms-to-timm',
    description: 'Swin-T from microsoft/Swin-Transformer into timm 0.9+ SwinTransformer: PatchMerging moves from the end of stage S to the start of stage S+1 (index offset), head → head.fc, relative_position_index and attn_mask buffers dropped.',
    reference: 'huggingface/pytorch-image-models timm/models/swin_transformer.py checkpoint_filter_fn (old_weights branch)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/swin_transformer.py',
    source,
    target,
    truth,
    // skip relative_position_index, skip attn_mask, re.sub layers.(\d+).downsample → +1, head. → head.fc.
    patterns: 4,
  };
}

/** ConvNeXt-T (depths 3-3-9-3, dims 96…768) and ConvNeXt-V2-Atto (2-2-6-2, 40…320), facebookresearch/ConvNeXt(-V2) */
export interface ConvNeXtConfig { depths: number[]; dims: number[] }
export const CONVNEXT_T: ConvNeXtConfig = { depths: [3, 3, 9, 3], dims: [96, 192, 384, 768] };
const CONVNEXTV2_ATTO = { depths: [2, 2, 6, 2], dims: [40, 80, 160, 320] };

/**
 * facebookresearch/ConvNeXt models/convnext.py ConvNeXt: downsample_layers (0: stem conv+LN, i: LN+conv),
 * stages.S.J Blocks (own gamma, dwconv, norm, pwconv1, pwconv2), norm, head. V2
 * (facebookresearch/ConvNeXt-V2 models/convnextv2.py Block): no gamma, a GRN (gamma, beta [1,1,1,4C])
 * between pwconv1 and pwconv2.
 */
export function fbConvNeXt(cfg: { depths: number[]; dims: number[] }, v2: boolean): Module {
  const ds: Module[] = [module([], [['0', conv2d(3, cfg.dims[0]!, 4)], ['1', affineNorm(cfg.dims[0]!)]])];
  for (let i = 1; i < 4; i++) ds.push(module([], [['0', affineNorm(cfg.dims[i - 1]!)], ['1', conv2d(cfg.dims[i - 1]!, cfg.dims[i]!, 2)]]));
  const block = (d: number): Module => {
    const children: [string, Module][] = [
      ['dwconv', module([t('weight', [d, 1, 7, 7]), t('bias', [d])])],
      ['norm', affineNorm(d)],
      ['pwconv1', linear(d, 4 * d)],
    ];
    if (v2) children.push(['grn', module([t('gamma', [1, 1, 1, 4 * d]), t('beta', [1, 1, 1, 4 * d])])]);
    children.push(['pwconv2', linear(4 * d, d)]);
    return module(v2 ? [] : [t('gamma', [d])], children);
  };
  const stages = cfg.depths.map((n, s) => indexed(Array.from({ length: n }, () => block(cfg.dims[s]!))));
  const last = cfg.dims[3]!;
  return module([], [['downsample_layers', indexed(ds)], ['stages', indexed(stages)], ['norm', affineNorm(last)], ['head', linear(last, 1000)]]);
}

/** timm/models/convnext.py ConvNeXt (conv_mlp=False): stem, stages.S (downsample, blocks.J), norm_pre=Identity, head (norm, fc) */
function timmConvNeXt(cfg: { depths: number[]; dims: number[] }, v2: boolean): Module {
  const block = (d: number): Module => {
    const mlp: [string, Module][] = [['fc1', linear(d, 4 * d)]];
    if (v2) mlp.push(['grn', affineNorm(4 * d)]);
    mlp.push(['fc2', linear(4 * d, d)]);
    return module(v2 ? [] : [t('gamma', [d])], [
      ['conv_dw', module([t('weight', [d, 1, 7, 7]), t('bias', [d])])],
      ['norm', affineNorm(d)],
      ['mlp', module([], mlp)],
    ]);
  };
  const stages = cfg.depths.map((n, s) => {
    const children: [string, Module][] = [];
    if (s > 0) children.push(['downsample', module([], [['0', affineNorm(cfg.dims[s - 1]!)], ['1', conv2d(cfg.dims[s - 1]!, cfg.dims[s]!, 2)]])]);
    children.push(['blocks', indexed(Array.from({ length: n }, () => block(cfg.dims[s]!)))]);
    return module([], children);
  });
  const last = cfg.dims[3]!;
  return module([], [
    ['stem', module([], [['0', conv2d(3, cfg.dims[0]!, 4)], ['1', affineNorm(cfg.dims[0]!)]])],
    ['stages', indexed(stages)],
    ['head', module([], [['norm', affineNorm(last)], ['fc', linear(last, 1000)]])],
  ]);
}

/** timm convnext.py checkpoint_filter_fn, rule by rule, in its order */
function convnextFilter(key: string): { key: string; rules: Set<string> } {
  const rules = new Set<string>();
  let k = key;
  const step = (name: string, next: string) => {
    if (next !== k) rules.add(name);
    k = next;
  };
  step('stem', k.replace('downsample_layers.0.', 'stem.'));
  step('stages', k.replace(/stages\.([0-9]+)\.([0-9]+)/, 'stages.$1.blocks.$2'));
  step('downsample', k.replace(/downsample_layers\.([0-9]+)\.([0-9]+)/, 'stages.$1.downsample.$2'));
  step('dwconv', k.replace('dwconv', 'conv_dw'));
  step('pwconv', k.replace('pwconv', 'mlp.fc'));
  if (k.includes('grn')) {
    step('grn.beta', k.replace('grn.beta', 'mlp.grn.bias'));
    step('grn.gamma', k.replace('grn.gamma', 'mlp.grn.weight'));
  }
  step('head', k.replace('head.', 'head.fc.'));
  if (k.startsWith('norm.')) step('norm', k.replace('norm', 'head.norm'));
  return { key: k, rules };
}

function convnextFamily(v2: boolean, cfg: ConvNeXtConfig = v2 ? CONVNEXTV2_ATTO : CONVNEXT_T): Family {
  const source = stateDict(fbConvNeXt(cfg, v2), 'float32');
  const target = stateDict(timmConvNeXt(cfg, v2), 'float32');
  const truth: Record<string, string> = {};
  const reshaped: string[] = [];
  const used = new Set<string>();
  for (const { key } of source) {
    const r = convnextFilter(key);
    truth[key] = r.key;
    for (const x of r.rules) used.add(x);
    if (key.includes('grn.')) reshaped.push(key);
  }
  return {
    name: v2 ? 'convnextv2-fb-to-timm' : 'convnext-fb-to-timm',
    description: v2
      ? 'ConvNeXt-V2-Atto (facebookresearch/ConvNeXt-V2) into timm: downsample_layers regrouped into stages (stage 0 → stem), stages.S.J → stages.S.blocks.J, GRN gamma/beta [1,1,1,C] → mlp.grn.weight/bias [C] (reshape), head → head.fc, norm → head.norm.'
      : 'ConvNeXt-T (facebookresearch/ConvNeXt) into timm: downsample_layers.0 → stem, downsample_layers.S → stages.S.downsample, stages.S.J → stages.S.blocks.J, dwconv → conv_dw, pwconv → mlp.fc, head → head.fc, norm → head.norm.',
    reference: 'huggingface/pytorch-image-models timm/models/convnext.py checkpoint_filter_fn',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/convnext.py',
    source,
    target,
    truth,
    ...(reshaped.length ? { reshaped } : {}),
    patterns: used.size,
  };
}

export const convnextToTimm = (config?: ConvNeXtConfig): Family => convnextFamily(false, config);
export const convnextV2ToTimm = (): Family => convnextFamily(true);

/**
 * correct_unfold_reduction_order / correct_unfold_norm_order: timm's PatchMerging concatenates the four 2×2 neighbours
 * as (0,0), (1,0), (0,1), (1,1) blocks of C; mmcv's nn.Unfold interleaves them channel by channel in the order
 * (0,0), (0,1), (1,0), (1,1). The input axis of 4C is regrouped [4, C] → blocks 0, 2, 1, 3 → transposed to [C, 4] →
 * flattened: equal shapes, other element order.
 */
export function unfoldOrder(key: string, shape: number[]): Recipe {
  const inner = shape[shape.length - 1]! / 4;
  const lead = shape.slice(0, -1);
  const grouped: Recipe = { kind: 'reshape', of: { kind: 'source', key }, shape: [...lead, 4, inner] };
  const dim = lead.length;
  const regrouped: Recipe = { kind: 'concat', parts: [0, 2, 1, 3].map((start) => ({ kind: 'split', of: grouped, dim, start, size: 1, squeeze: false })), dim };
  const dims = lead.length === 1 ? [0, 2, 1] : [1, 0];
  return { kind: 'reshape', of: { kind: 'transpose', of: regrouped, dims }, shape };
}
