/**
 * Ninth family set (session 16), vision models: Depth Anything and Hiera from their original repositories
 * into transformers, and timm's EfficientNetV2 into mmpretrain. Each model at its real configuration in
 * state_dict order (own parameters before children, as torch writes them); the truth from the conversion
 * code named in `reference` (repository, path, commit read).
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { RuleTrace } from './rules.js';
import { splitRows, type Truth } from './set9-common.js';
import { dinov2Original, hfDinov2 } from './transformers-families.js';

/** Depth Anything small (depth_anything_vits14.pth): DINOv2 ViT-S/14 (12 blocks of 384, 518 px → 37 × 37 patches + CLS: the DINOv2 family's model), DPT head with 64 fusion features, reassemble widths 48 / 96 / 192 / 384 */
const DEPTH_ANYTHING_S = { layers: 12, d: 384, features: 64, widths: [48, 96, 192, 384] };

/** a ConvTranspose2d's weight is [in, out, k, k] */
function convTranspose(ch: number, k: number): Module {
  return module([t('weight', [ch, ch, k, k]), t('bias', [ch])]);
}

/** the resize of reassemble stage i: ×4 and ×2 transposed convs, identity, a stride-2 3×3 conv */
function resize(i: number, ch: number): Module | null {
  return [convTranspose(ch, 4), convTranspose(ch, 2), null, conv2d(ch, ch, 3)][i]!;
}

/** LiheYoung/Depth-Anything DPT_DINOv2: pretrained (facebookresearch dinov2 vits14: cls_token, pos_embed, mask_token, patch_embed, blocks with ls1/ls2, norm), depth_head (projects, resize_layers, scratch: layerN_rn, refinenet1-4, output_conv1, output_conv2) */
function depthAnythingOriginal(c: typeof DEPTH_ANYTHING_S): Module {
  const d = c.d;
  const f = c.features;
  const rcu = (): Module => module([], [['conv1', conv2d(f, f, 3)], ['conv2', conv2d(f, f, 3)]]);
  const fusion = (): Module => module([], [['out_conv', conv2d(f, f, 1)], ['resConfUnit1', rcu()], ['resConfUnit2', rcu()]]);
  return module([], [
    // facebookresearch dinov2 vits14 at 518 px, as the DINOv2 family builds it
    ['pretrained', dinov2Original()],
    ['depth_head', module([], [
      ['projects', indexed(c.widths.map((w) => conv2d(d, w, 1)))],
      ['resize_layers', indexed(c.widths.map((w, i) => resize(i, w)))],
      ['scratch', module([], [
        ...c.widths.map((w, i): [string, Module] => [`layer${i + 1}_rn`, conv2d(w, f, 3, false)]),
        ...[1, 2, 3, 4].map((i): [string, Module] => [`refinenet${i}`, fusion()]),
        ['output_conv1', conv2d(f, f / 2, 3)],
        ['output_conv2', indexed([conv2d(f / 2, 32, 3), null, conv2d(32, 1, 1)])],
      ])],
    ])],
  ]);
}

/** transformers DepthAnythingForDepthEstimation: backbone (Dinov2Backbone), neck (reassemble_stage, convs, fusion_stage), head (conv1-3) */
function depthAnythingHF(c: typeof DEPTH_ANYTHING_S): Module {
  const d = c.d;
  const f = c.features;
  const residual = (): Module => module([], [['convolution1', conv2d(f, f, 3)], ['convolution2', conv2d(f, f, 3)]]);
  const reassemble = (w: number, i: number): Module => {
    const r = resize(i, w);
    return module([], r ? [['projection', conv2d(d, w, 1)], ['resize', r]] : [['projection', conv2d(d, w, 1)]]);
  };
  return module([], [
    // Dinov2Backbone holds what Dinov2Model does (apply_layernorm: the final layernorm)
    ['backbone', hfDinov2()],
    ['neck', module([], [
      ['reassemble_stage', module([], [['layers', indexed(c.widths.map(reassemble))]])],
      ['convs', indexed(c.widths.map((w) => conv2d(w, f, 3, false)))],
      ['fusion_stage', module([], [['layers', indexed(c.widths.map(() => module([], [['projection', conv2d(f, f, 1)], ['residual_layer1', residual()], ['residual_layer2', residual()]])))]])],
    ])],
    ['head', module([], [['conv1', conv2d(f, f / 2, 3)], ['conv2', conv2d(f / 2, 32, 3)], ['conv3', conv2d(32, 1, 1)]])],
  ]);
}

export function depthAnythingSmallToHF(): Family {
  const c = DEPTH_ANYTHING_S;
  const source = stateDict(depthAnythingOriginal(c), 'float32');
  const target = stateDict(depthAnythingHF(c), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  // convert_depth_anything_to_hf.py create_rename_keys, then read_in_q_k_v (rows [:d], [d:2d], [-d:])
  const pairs: [string, string][] = [
    ['pretrained.cls_token', 'backbone.embeddings.cls_token'],
    ['pretrained.mask_token', 'backbone.embeddings.mask_token'],
    ['pretrained.pos_embed', 'backbone.embeddings.position_embeddings'],
    ['pretrained.patch_embed.proj', 'backbone.embeddings.patch_embeddings.projection'],
    ['pretrained.norm', 'backbone.layernorm'],
    ['depth_head.scratch.output_conv1', 'head.conv1'],
    ['depth_head.scratch.output_conv2.0', 'head.conv2'],
    ['depth_head.scratch.output_conv2.2', 'head.conv3'],
  ];
  const perBlock: [string, string][] = [
    ['ls1.gamma', 'layer_scale1.lambda1'], ['ls2.gamma', 'layer_scale2.lambda1'], ['norm1', 'norm1'], ['norm2', 'norm2'],
    ['mlp.fc1', 'mlp.fc1'], ['mlp.fc2', 'mlp.fc2'], ['attn.proj', 'attention.output.dense'],
  ];
  for (let i = 0; i < c.layers; i++) for (const [a, b] of perBlock) pairs.push([`pretrained.blocks.${i}.${a}`, `backbone.encoder.layer.${i}.${b}`]);
  for (let i = 0; i < 4; i++) {
    pairs.push([`depth_head.projects.${i}`, `neck.reassemble_stage.layers.${i}.projection`]);
    if (i !== 2) pairs.push([`depth_head.resize_layers.${i}`, `neck.reassemble_stage.layers.${i}.resize`]);
    pairs.push([`depth_head.scratch.layer${i + 1}_rn`, `neck.convs.${i}`]);
  }
  // "refinenet (tricky here)": mapping = {1: 3, 2: 2, 3: 1, 4: 0}
  for (let i = 1; i <= 4; i++) {
    const [s, n] = [`depth_head.scratch.refinenet${i}.`, `neck.fusion_stage.layers.${4 - i}.`];
    pairs.push([`${s}out_conv`, `${n}projection`]);
    for (const u of [1, 2]) for (const k of [1, 2]) pairs.push([`${s}resConfUnit${u}.conv${k}`, `${n}residual_layer${u}.convolution${k}`]);
  }
  const exact = new Map(pairs);
  for (const { key } of source) {
    const qkv = /^pretrained\.blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key);
    if (qkv) {
      splitRows(truth, recipes, key, ['query', 'key', 'value'].map((x) => `backbone.encoder.layer.${qkv[1]}.attention.attention.${x}.${qkv[2]}`), c.d);
      continue;
    }
    const dot = key.lastIndexOf('.');
    const whole = exact.get(key);
    truth[key] = whole ?? `${exact.get(key.slice(0, dot))!}${key.slice(dot)}`;
  }
  return {
    name: 'depth-anything-small-original-to-hf',
    description: 'LiheYoung Depth-Anything small (DINOv2 ViT-S/14 + DPT head) → transformers DepthAnythingForDepthEstimation: pretrained → backbone (cls/mask tokens and pos_embed under embeddings, blocks → encoder.layer, qkv split into query/key/value weight and bias, attn.proj → attention.output.dense, ls1/ls2.gamma → layer_scale1/2.lambda1, norm → layernorm), depth_head.projects/resize_layers → neck.reassemble_stage.layers.i.projection/resize (stage 2 has no resize), scratch.layerN_rn → neck.convs.N−1, scratch.refinenet1-4 → neck.fusion_stage.layers.3-0 (index reversed; out_conv → projection, resConfUnitK.convJ → residual_layerK.convolutionJ), output_conv1 / output_conv2.0 / .2 → head.conv1-3.',
    reference: 'huggingface/transformers src/transformers/models/depth_anything/convert_depth_anything_to_hf.py create_rename_keys, read_in_q_k_v (commit 13d23e06f715468fd504c579b018ef9b19685834)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/depth_anything/convert_depth_anything_to_hf.py',
    source,
    target,
    truth,
    recipes,
    // cls, mask, pos_embed, patch_embed; per block ls1, ls2, norm1, norm2, fc1, fc2, proj; norm; projects, resize_layers;
    // refinenet out_conv + 4 convs; layerN_rn; output_conv1, output_conv2.0, .2; qkv split
    patterns: 24,
  };
}

/** Hiera-Tiny-224 (mae_in1k_ft_in1k): width 96 doubling per stage, depths 1 / 2 / 7 / 2, 56 × 56 tokens after the 7×7 stride-4 patch conv, MLP ratio 4, 1000 classes */
const HIERA_T = { d: 96, depths: [1, 2, 7, 2], tokens: 56 * 56, classes: 1000 };

/** (dim in, dim out) of every block, flat: a stage's first block takes the previous width */
function hieraBlockDims(c: typeof HIERA_T): [number, number][] {
  const out: [number, number][] = [];
  let dim = c.d;
  c.depths.forEach((n, s) => {
    const dimOut = c.d * 2 ** s;
    for (let i = 0; i < n; i++) {
      out.push([dim, dimOut]);
      dim = dimOut;
    }
  });
  return out;
}

/** one Hiera block (both sides name its parts alike): norms, mask-unit attention qkv/proj, MLP, and a projection where the width changes */
function hieraBlock([dim, dimOut]: [number, number], names: { norm1: string; norm2: string }): Module {
  const children: [string, Module][] = [
    [names.norm1, affineNorm(dim)],
    ['attn', module([], [['qkv', linear(dim, 3 * dimOut)], ['proj', linear(dimOut, dimOut)]])],
    [names.norm2, affineNorm(dimOut)],
    ['mlp', module([], [['fc1', linear(dimOut, 4 * dimOut)], ['fc2', linear(4 * dimOut, dimOut)]])],
  ];
  if (dim !== dimOut) children.push(['proj', linear(dim, dimOut)]);
  return module([], children);
}

export function hieraTinyToHF(): Family {
  const c = HIERA_T;
  const dims = hieraBlockDims(c);
  const last = dims.at(-1)![1];
  // facebookresearch/hiera hiera.py Hiera: pos_embed (own parameter), patch_embed.proj, blocks (flat), norm, head.projection
  const original = module([t('pos_embed', [1, c.tokens, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, 7)]])],
    ['blocks', indexed(dims.map((x) => hieraBlock(x, { norm1: 'norm1', norm2: 'norm2' })))],
    ['norm', affineNorm(last)],
    ['head', module([], [['projection', linear(last, c.classes)]])],
  ]);
  // transformers HieraForImageClassification: hiera (embeddings, encoder.stages.S.layers.L, pooler.layernorm), classifier
  let at = 0;
  const stages = c.depths.map((n) => module([], [['layers', indexed(dims.slice(at, (at += n)).map((x) => hieraBlock(x, { norm1: 'layernorm_before', norm2: 'layernorm_after' })))]]));
  const hf = module([], [
    ['hiera', module([], [
      ['embeddings', module([t('position_embeddings', [1, c.tokens, c.d])], [['patch_embeddings', module([], [['projection', conv2d(3, c.d, 7)]])]])],
      ['encoder', module([], [['stages', indexed(stages)]])],
      ['pooler', module([], [['layernorm', affineNorm(last)]])],
    ])],
    ['classifier', linear(last, c.classes)],
  ]);
  const source = stateDict(original, 'float32');
  const target = stateDict(hf, 'float32');
  // convert_hiera_to_hf.py create_rename_keys(base_model=False, mae_model=False): a global block index walked through the stages
  const place: [number, number][] = [];
  c.depths.forEach((n, s) => { for (let l = 0; l < n; l++) place.push([s, l]); });
  const inBlock: Record<string, string> = { norm1: 'layernorm_before', norm2: 'layernorm_after', 'attn.qkv': 'attn.qkv', 'attn.proj': 'attn.proj', 'mlp.fc1': 'mlp.fc1', 'mlp.fc2': 'mlp.fc2', proj: 'proj' };
  const top: Record<string, string> = {
    'patch_embed.proj': 'hiera.embeddings.patch_embeddings.projection', norm: 'hiera.pooler.layernorm', 'head.projection': 'classifier',
  };
  const truth: Truth = { pos_embed: 'hiera.embeddings.position_embeddings' };
  for (const { key } of source) {
    if (key === 'pos_embed') continue;
    const m = /^blocks\.(\d+)\.(.+)\.(weight|bias)$/.exec(key);
    if (m) {
      const [s, l] = place[Number(m[1])]!;
      truth[key] = `hiera.encoder.stages.${s}.layers.${l}.${inBlock[m[2]!]!}.${m[3]}`;
      continue;
    }
    const dot = key.lastIndexOf('.');
    truth[key] = `${top[key.slice(0, dot)]!}${key.slice(dot)}`;
  }
  return {
    name: 'hiera-tiny-224-original-to-hf',
    description: 'facebookresearch Hiera-Tiny-224 (MAE-pretrained, fine-tuned on IN-1k) → transformers HieraForImageClassification: the 12 flat blocks regrouped into hiera.encoder.stages.S.layers.L by a running index over depths 1 / 2 / 7 / 2 (block 3 → stages.2.layers.0), norm1/norm2 → layernorm_before/layernorm_after, the width-changing first block of stages 1-3 keeps its proj, pos_embed → hiera.embeddings.position_embeddings, patch_embed.proj → patch_embeddings.projection, norm → hiera.pooler.layernorm, head.projection → classifier. The qkv stays fused.',
    reference: 'huggingface/transformers src/transformers/models/hiera/convert_hiera_to_hf.py create_rename_keys (commit 0d7e95d96b4e187c651e2b2406ed98ed40d74963)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/hiera/convert_hiera_to_hf.py',
    source,
    target,
    truth,
    // per block norm1, qkv, attn.proj, norm2, fc1, fc2, proj, and the stage regrouping; patch_embed, pos_embed, norm, head
    patterns: 12,
  };
}

/**
 * tf_efficientnetv2_s (timm, EfficientNetBuilder): stem 24, stages (block type, repeats, expansion, width,
 * squeeze-excite): cn ×2 e1 24, er ×4 e4 48, er ×4 e4 64, ir ×6 e4 128 se, ir ×9 e6 160 se, ir ×15 e6 256
 * se; head 1280, 1000 classes. SE reduces to a quarter of the block's input width.
 */
const EFFNETV2_S = {
  stem: 24, head: 1280, classes: 1000,
  stages: [['cn', 2, 1, 24], ['er', 4, 4, 48], ['er', 4, 4, 64], ['ir', 6, 4, 128], ['ir', 9, 6, 160], ['ir', 15, 6, 256]] as ['cn' | 'er' | 'ir', number, number, number][],
};

/** timm's blocks: ConvBnAct (conv, bn1), EdgeResidual (conv_exp, bn1, conv_pwl, bn2), InvertedResidual (conv_pw, bn1, conv_dw, bn2, se, conv_pwl, bn3) */
function timmEffnetBlock(kind: 'cn' | 'er' | 'ir', cin: number, exp: number, cout: number): Module {
  const mid = cin * exp;
  if (kind === 'cn') return module([], [['conv', conv2d(cin, cout, 3, false)], ['bn1', batchNorm(cout)]]);
  if (kind === 'er') return module([], [['conv_exp', conv2d(cin, mid, 3, false)], ['bn1', batchNorm(mid)], ['conv_pwl', conv2d(mid, cout, 1, false)], ['bn2', batchNorm(cout)]]);
  const rd = cin / 4;
  return module([], [
    ['conv_pw', conv2d(cin, mid, 1, false)], ['bn1', batchNorm(mid)],
    ['conv_dw', module([t('weight', [mid, 1, 3, 3])])], ['bn2', batchNorm(mid)],
    ['se', module([], [['conv_reduce', conv2d(mid, rd, 1)], ['conv_expand', conv2d(rd, mid, 1)]])],
    ['conv_pwl', conv2d(mid, cout, 1, false)], ['bn3', batchNorm(cout)],
  ]);
}

/** mmcv ConvModule: conv, bn */
const convModule = (conv: Module, ch: number): Module => module([], [['conv', conv], ['bn', batchNorm(ch)]]);

/** mmpretrain's blocks: ConvModule; EdgeResidual (conv1, conv2 ConvModules); InvertedResidual (expand_conv, depthwise_conv, se (conv1, conv2 ConvModules with bias), linear_conv) */
function mmEffnetBlock(kind: 'cn' | 'er' | 'ir', cin: number, exp: number, cout: number): Module {
  const mid = cin * exp;
  if (kind === 'cn') return convModule(conv2d(cin, cout, 3, false), cout);
  if (kind === 'er') return module([], [['conv1', convModule(conv2d(cin, mid, 3, false), mid)], ['conv2', convModule(conv2d(mid, cout, 1, false), cout)]]);
  const rd = cin / 4;
  return module([], [
    ['expand_conv', convModule(conv2d(cin, mid, 1, false), mid)],
    ['depthwise_conv', convModule(module([t('weight', [mid, 1, 3, 3])]), mid)],
    ['se', module([], [['conv1', module([], [['conv', conv2d(mid, rd, 1)]])], ['conv2', module([], [['conv', conv2d(rd, mid, 1)]])]])],
    ['linear_conv', convModule(conv2d(mid, cout, 1, false), cout)],
  ]);
}

function effnetStages(c: typeof EFFNETV2_S, make: typeof timmEffnetBlock): Module[] {
  let cin = c.stem;
  return c.stages.map(([kind, n, exp, cout]) => indexed(Array.from({ length: n }, (_, i) => {
    const m = make(kind, i === 0 ? cin : cout, exp, cout);
    if (i === n - 1) cin = cout;
    return m;
  })));
}

/** efficientnetv2_to_mmpretrain.py convert_from_efficientnetv2_timm, on one key (op = the head's layer index, 7 for -s) */
function effnetV2Name(key: string, op: number): RuleTrace {
  const r = new RuleTrace(key);
  if (!key.includes('blocks')) {
    return r.replace('conv_stem', 'backbone.layers.0.conv').replace('bn1', 'backbone.layers.0.bn')
      .replace('conv_head', `backbone.layers.${op}.conv`).replace('bn2', `backbone.layers.${op}.bn`).replace('classifier', 'head.fc');
  }
  const stage = Number(key[7]);
  // name[:7] + str(operator + 1) + name[8:], then blocks → backbone.layers
  r.step('blocks.S → backbone.layers.S+1', (k) => `${k.slice(0, 7)}${stage + 1}${k.slice(8)}`.replace('blocks', 'backbone.layers'));
  if (stage === 0) return r.replace('bn1', 'bn');
  if (stage < 3) return r.replace('conv_exp', 'conv1.conv').replace('conv_pwl', 'conv2.conv').replace('bn1', 'conv1.bn').replace('bn2', 'conv2.bn');
  return r.replace('conv_pwl', 'linear_conv.conv').replace('conv_pw', 'expand_conv.conv').replace('conv_dw', 'depthwise_conv.conv')
    .replace('bn1', 'expand_conv.bn').replace('bn2', 'depthwise_conv.bn').replace('bn3', 'linear_conv.bn')
    .replace('se.conv_reduce', 'se.conv1.conv').replace('se.conv_expand', 'se.conv2.conv');
}

export function efficientnetV2SToMmpretrain(): Family {
  const c = EFFNETV2_S;
  const last = c.stages.at(-1)![3];
  const timm = module([], [
    ['conv_stem', conv2d(3, c.stem, 3, false)], ['bn1', batchNorm(c.stem)],
    ['blocks', indexed(effnetStages(c, timmEffnetBlock))],
    ['conv_head', conv2d(last, c.head, 1, false)], ['bn2', batchNorm(c.head)],
    ['classifier', linear(c.head, c.classes)],
  ]);
  const op = c.stages.length + 1;
  const mm = module([], [
    ['backbone', module([], [['layers', indexed([
      convModule(conv2d(3, c.stem, 3, false), c.stem),
      ...effnetStages(c, mmEffnetBlock),
      convModule(conv2d(last, c.head, 1, false), c.head),
    ])]])],
    ['head', module([], [['fc', linear(c.head, c.classes)]])],
  ]);
  const source = stateDict(timm, 'float32');
  const target = stateDict(mm, 'float32');
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    const r = effnetV2Name(key, op);
    truth[key] = r.key;
    // the same text rule means a different thing per block kind: count it per branch
    const branch = !key.includes('blocks') ? 'top' : Number(key[7]) === 0 ? 'cn' : Number(key[7]) < 3 ? 'er' : 'ir';
    for (const x of r.rules) used.add(x.startsWith('blocks.S') ? x : `${branch}:${x}`);
  }
  return {
    name: 'efficientnetv2-s-timm-to-mmpretrain',
    description: 'timm tf_efficientnetv2_s → mmpretrain EfficientNetV2 (arch s) in an ImageClassifier: the stem conv_stem/bn1 and head conv_head/bn2 become backbone.layers.0 and backbone.layers.7 ConvModules (conv, bn), blocks.S.B → backbone.layers.S+1.B (the stage digit rewritten in place), and inside each stage kind its own names: ConvBnAct bn1 → bn; EdgeResidual conv_exp/bn1 → conv1.conv/bn, conv_pwl/bn2 → conv2.conv/bn; InvertedResidual conv_pw/bn1 → expand_conv, conv_dw/bn2 → depthwise_conv, conv_pwl/bn3 → linear_conv, se.conv_reduce/conv_expand → se.conv1/conv2.conv; classifier → head.fc. The same source name (bn1, bn2, conv_pwl) lands on a different target name per stage kind.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/efficientnetv2_to_mmpretrain.py convert_from_efficientnetv2_timm (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/main/tools/model_converters/efficientnetv2_to_mmpretrain.py',
    source,
    target,
    truth,
    patterns: used.size,
  };
}

/** Swin2SR ClassicalSR ×2 (Swin2SR_ClassicalSR_X2_64.pth): width 180, 6 residual groups of 6 SwinV2 blocks (6 heads, window 8, MLP ratio 2) on 64 × 64 inputs, 1×1 patches, pixel-shuffle head with 64 features */
const SWIN2SR_X2 = { d: 180, groups: 6, depth: 6, heads: 6, window: 8, grid: 64, features: 64 };

/** mv-lab/swin2sr network_swin2sr.py Swin2SR (upsampler 'pixelshuffle', resi_connection '1conv') */
function swin2srOriginal(c: typeof SWIN2SR_X2): Module {
  const d = c.d;
  const w = c.window;
  const windows = (c.grid / w) ** 2;
  const block = (i: number): Module => module(i % 2 === 1 ? [t('attn_mask', [windows, w * w, w * w])] : [], [
    ['norm1', affineNorm(d)],
    ['attn', module([
      t('logit_scale', [c.heads, 1, 1]), t('q_bias', [d]), t('v_bias', [d]),
      t('relative_coords_table', [1, 2 * w - 1, 2 * w - 1, 2]), t('relative_position_index', [w * w, w * w], 'int64'),
    ], [
      ['cpb_mlp', indexed([linear(2, 512), null, linear(512, c.heads, false)])],
      ['qkv', linear(d, 3 * d, false)],
      ['proj', linear(d, d)],
    ])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 2 * d)], ['fc2', linear(2 * d, d)]])],
  ]);
  const rstb = (): Module => module([], [
    ['residual_group', module([], [['blocks', indexed(Array.from({ length: c.depth }, (_, i) => block(i)))]])],
    ['conv', conv2d(d, d, 3)],
    ['patch_embed', module([], [['proj', conv2d(d, d, 1)]])],
  ]);
  return module([], [
    ['conv_first', conv2d(3, d, 3)],
    ['patch_embed', module([], [['proj', conv2d(d, d, 1)], ['norm', affineNorm(d)]])],
    ['layers', indexed(Array.from({ length: c.groups }, rstb))],
    ['norm', affineNorm(d)],
    ['conv_after_body', conv2d(d, d, 3)],
    ['conv_before_upsample', indexed([conv2d(d, c.features, 3)])],
    ['upsample', indexed([conv2d(c.features, 4 * c.features, 3)])],
    ['conv_last', conv2d(c.features, 3, 3)],
  ]);
}

/** transformers Swin2SRForImageSuperResolution: swin2sr (first_convolution, embeddings, encoder.stages, layernorm, conv_after_body), upsample (PixelShuffleUpsampler); the attention's coordinate tables are non-persistent buffers */
function swin2srHF(c: typeof SWIN2SR_X2): Module {
  const d = c.d;
  const layer = (): Module => module([], [
    ['attention', module([], [
      ['self', module([t('logit_scale', [c.heads, 1, 1])], [
        ['continuous_position_bias_mlp', indexed([linear(2, 512), null, linear(512, c.heads, false)])],
        ['query', linear(d, d)], ['key', linear(d, d, false)], ['value', linear(d, d)],
      ])],
      ['output', module([], [['dense', linear(d, d)]])],
    ])],
    ['layernorm_before', affineNorm(d)],
    ['intermediate', module([], [['dense', linear(d, 2 * d)]])],
    ['output', module([], [['dense', linear(2 * d, d)]])],
    ['layernorm_after', affineNorm(d)],
  ]);
  const stage = (): Module => module([], [
    ['layers', indexed(Array.from({ length: c.depth }, layer))],
    ['conv', conv2d(d, d, 3)],
    ['patch_embed', module([], [['projection', conv2d(d, d, 1)]])],
  ]);
  return module([], [
    ['swin2sr', module([], [
      ['first_convolution', conv2d(3, d, 3)],
      ['embeddings', module([], [['patch_embeddings', module([], [['projection', conv2d(d, d, 1)], ['layernorm', affineNorm(d)]])]])],
      ['encoder', module([], [['stages', indexed(Array.from({ length: c.groups }, stage))]])],
      ['layernorm', affineNorm(d)],
      ['conv_after_body', conv2d(d, d, 3)],
    ])],
    ['upsample', module([], [
      ['conv_before_upsample', conv2d(d, c.features, 3)],
      ['upsample', module([], [['convolution_0', conv2d(c.features, 4 * c.features, 3)]])],
      ['final_convolution', conv2d(c.features, 3, 3)],
    ])],
  ]);
}

/** convert_swin2sr_original_to_pytorch.py rename_key for the pixelshuffle upsampler, one `if … in name` at a time */
function swin2srName(key: string): RuleTrace {
  const r = new RuleTrace(key);
  if (key.includes('patch_embed.proj') && !key.includes('layers')) r.replace('patch_embed.proj', 'embeddings.patch_embeddings.projection');
  for (const [a, b] of [
    ['patch_embed.norm', 'embeddings.patch_embeddings.layernorm'], ['layers', 'encoder.stages'], ['residual_group.blocks', 'layers'],
    ['attn.proj', 'attention.output.dense'], ['attn', 'attention.self'], ['norm1', 'layernorm_before'], ['norm2', 'layernorm_after'],
    ['mlp.fc1', 'intermediate.dense'], ['mlp.fc2', 'output.dense'], ['q_bias', 'query.bias'], ['k_bias', 'key.bias'], ['v_bias', 'value.bias'],
    ['cpb_mlp', 'continuous_position_bias_mlp'], ['patch_embed.proj', 'patch_embed.projection'],
  ] as [string, string][]) r.replace(a, b);
  r.step('norm → layernorm', (k) => (k === 'norm.weight' ? 'layernorm.weight' : k === 'norm.bias' ? 'layernorm.bias' : k));
  r.replace('conv_first', 'first_convolution');
  const k = r.key;
  if (['upsample', 'conv_before_upsample', 'conv_bicubic', 'conv_up', 'conv_hr', 'conv_last', 'aux'].some((x) => k.includes(x))) {
    r.replace('conv_last', 'final_convolution').replace('conv_before_upsample.0', 'conv_before_upsample').replace('upsample.0', 'upsample.convolution_0').replace('upsample.2', 'upsample.convolution_1');
    return r.step('upsample. prefix', (x) => `upsample.${x}`);
  }
  return r.step('swin2sr. prefix', (x) => `swin2sr.${x}`);
}

export function swin2srClassicalX2ToHF(): Family {
  const c = SWIN2SR_X2;
  const source = stateDict(swin2srOriginal(c), 'float32');
  const target = stateDict(swin2srHF(c), 'float32');
  const targets = new Set(target.map((e) => e.key));
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const used = new Set<string>();
  for (const { key } of source) {
    const qkv = /^layers\.(\d+)\.residual_group\.blocks\.(\d+)\.attn\.qkv\.weight$/.exec(key);
    if (qkv) {
      // convert_state_dict: val[:dim], val[dim:2 dim], val[-dim:] into query / key / value
      splitRows(truth, recipes, key, ['query', 'key', 'value'].map((x) => `swin2sr.encoder.stages.${qkv[1]}.layers.${qkv[2]}.attention.self.${x}.weight`), c.d);
      used.add('qkv split');
      continue;
    }
    const r = swin2srName(key);
    // attn_mask (→ …self_mask) and the coordinate tables are left over as unexpected keys the script allows: dropped
    truth[key] = targets.has(r.key) ? r.key : null;
    for (const x of r.rules) used.add(x);
  }
  return {
    name: 'swin2sr-classical-x2-original-to-hf',
    description: 'mv-lab Swin2SR ClassicalSR ×2 → transformers Swin2SRForImageSuperResolution: layers.N.residual_group.blocks.M → swin2sr.encoder.stages.N.layers.M (and the group\'s conv / patch_embed.proj → stages.N.conv / patch_embed.projection), SwinV2 attention qkv split into query/key/value with q_bias/v_bias → query.bias/value.bias (key has no bias), attn.proj → attention.output.dense, cpb_mlp → continuous_position_bias_mlp, norm1/norm2 → layernorm_before/after, mlp.fc1/fc2 → intermediate.dense/output.dense, conv_first → first_convolution, the top patch_embed → embeddings.patch_embeddings, everything of the body under swin2sr., the pixel-shuffle head under upsample. (conv_before_upsample.0 → conv_before_upsample, upsample.0 → upsample.convolution_0, conv_last → final_convolution); the shifted blocks\' attn_mask buffers and every relative_coords_table / relative_position_index buffer dropped (HF keeps them non-persistent).',
    reference: 'huggingface/transformers src/transformers/models/swin2sr/convert_swin2sr_original_to_pytorch.py rename_key, convert_state_dict (commit 080f7943bb8243a6ae8a74a7189afb7ab88f5021)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/swin2sr/convert_swin2sr_original_to_pytorch.py',
    source,
    target,
    truth,
    recipes,
    // the rename_key rules that fire, the qkv split, and the allowed leftovers (attn_mask, coordinate tables) dropped
    patterns: used.size + 1,
  };
}
