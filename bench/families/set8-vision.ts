/**
 * The eighth family set (session 15), vision half: conversions from public code none of the earlier sets
 * uses, each model rebuilt at its real configuration in state_dict order (own tensors before children, as
 * torch writes them), each truth taken from the conversion code named in `reference` (repository, path,
 * commit read).
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { RuleTrace } from './rules.js';
import { hfSegformerLayer, pyramidBlock } from './segmentation-backbones.js';

type Truth = Record<string, string | string[] | null>;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const split0 = (key: string, start: number, size: number): Recipe => ({ kind: 'split', of: { kind: 'source', key }, dim: 0, start, size, squeeze: false });

/** Truth and patterns from a per-key rename (a RuleTrace per key); `skip` keys are left to the caller */
function traced(source: KeyEntry[], rename: (key: string) => RuleTrace, skip: (key: string) => boolean = () => false): { truth: Truth; used: Set<string> } {
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    if (skip(key)) continue;
    const r = rename(key);
    truth[key] = r.key;
    for (const x of r.rules) used.add(x);
  }
  return { truth, used };
}

/** a fused [n·d, …] weight and bias split into n parts of d rows: truth entries and slice recipes */
function splitRows(truth: Truth, recipes: Record<string, Recipe>, from: string, to: string[], d: number): void {
  truth[from] = to;
  to.forEach((k, i) => (recipes[k] = split0(from, i * d, d)));
}

// ---------------------------------------------------------------------------------------------------------
// DeiT-B distilled (timm → transformers)

/** deit_base_distilled_patch16_224: 12 layers, 768, 12 heads, mlp 3072, 1000 classes, cls + dist tokens */
const DEIT_B = { layers: 12, d: 768, mlp: 3072, classes: 1000, patches: 196 };

/** timm VisionTransformerDistilled: own cls_token, pos_embed, dist_token; patch_embed.proj; blocks; norm; head; head_dist */
/** a timm / DeiT / MSN ViT block: norm1, attn (qkv, proj), norm2, mlp (fc1, fc2) */
function vitBlock(d: number, mlp: number): Module {
  return module([], [
    ['norm1', affineNorm(d)],
    ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, mlp)], ['fc2', linear(mlp, d)]])],
  ]);
}

/** a transformers ViT layer (ViT, DeiT, ViT-MSN): attention (attention: query, key, value; output.dense), intermediate, output, layernorm_before / after */
function hfVitLayer(d: number, mlp: number): Module {
  return module([], [
    ['attention', module([], [
      ['attention', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])],
      ['output', module([], [['dense', linear(d, d)]])],
    ])],
    ['intermediate', module([], [['dense', linear(d, mlp)]])],
    ['output', module([], [['dense', linear(mlp, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
  ]);
}

/** the per-layer (old, new) pairs create_rename_keys writes for a timm-style ViT, under `from` / `to` prefixes */
function vitLayerRenames(layers: number, from: string, to: string): Map<string, string> {
  const leaf: [string, string][] = [
    ['norm1', 'layernorm_before'], ['attn.proj', 'attention.output.dense'], ['norm2', 'layernorm_after'],
    ['mlp.fc1', 'intermediate.dense'], ['mlp.fc2', 'output.dense'],
  ];
  const table = new Map<string, string>();
  for (const i of range(layers)) for (const [a, b] of leaf) for (const p of ['weight', 'bias']) table.set(`${from}blocks.${i}.${a}.${p}`, `${to}encoder.layer.${i}.${b}.${p}`);
  return table;
}

/** read_in_q_k_v: a timm qkv weight or bias under `from` → query / key / value rows under `to`; false for another key */
function vitQkv(truth: Truth, recipes: Record<string, Recipe>, key: string, from: string, to: string, d: number): boolean {
  const m = key.startsWith(from) ? /^blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key.slice(from.length)) : null;
  if (!m) return false;
  const at = `${to}encoder.layer.${m[1]}.attention.attention.`;
  splitRows(truth, recipes, key, ['query', 'key', 'value'].map((x) => `${at}${x}.${m[2]}`), d);
  return true;
}

function timmDeitDistilled(c: typeof DEIT_B): Module {
  const block = (): Module => vitBlock(c.d, c.mlp);
  return module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.patches + 2, c.d]), t('dist_token', [1, 1, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, 16)]])],
    ['blocks', indexed(range(c.layers).map(block))],
    ['norm', affineNorm(c.d)],
    ['head', linear(c.d, c.classes)],
    ['head_dist', linear(c.d, c.classes)],
  ]);
}

/** transformers DeiTForImageClassificationWithTeacher (no pooler): deit.embeddings, encoder.layer, layernorm; cls_classifier; distillation_classifier */
function hfDeitWithTeacher(c: typeof DEIT_B): Module {
  const layer = (): Module => hfVitLayer(c.d, c.mlp);
  return module([], [
    ['deit', module([], [
      ['embeddings', module([t('cls_token', [1, 1, c.d]), t('distillation_token', [1, 1, c.d]), t('position_embeddings', [1, c.patches + 2, c.d])], [
        ['patch_embeddings', module([], [['projection', conv2d(3, c.d, 16)]])],
      ])],
      ['encoder', module([], [['layer', indexed(range(c.layers).map(layer))]])],
      ['layernorm', affineNorm(c.d)],
    ])],
    ['cls_classifier', linear(c.d, c.classes)],
    ['distillation_classifier', linear(c.d, c.classes)],
  ]);
}

export function deitBaseDistilledToHF(): Family {
  const c = DEIT_B;
  const source = stateDict(timmDeitDistilled(c), 'float32');
  const target = stateDict(hfDeitWithTeacher(c), 'float32');
  // create_rename_keys (base_model=False), then read_in_q_k_v
  const table = new Map<string, string>([
    ['cls_token', 'deit.embeddings.cls_token'], ['dist_token', 'deit.embeddings.distillation_token'],
    ['patch_embed.proj.weight', 'deit.embeddings.patch_embeddings.projection.weight'], ['patch_embed.proj.bias', 'deit.embeddings.patch_embeddings.projection.bias'],
    ['pos_embed', 'deit.embeddings.position_embeddings'],
    ['norm.weight', 'deit.layernorm.weight'], ['norm.bias', 'deit.layernorm.bias'],
    ['head.weight', 'cls_classifier.weight'], ['head.bias', 'cls_classifier.bias'],
    ['head_dist.weight', 'distillation_classifier.weight'], ['head_dist.bias', 'distillation_classifier.bias'],
  ]);
  for (const [a, b] of vitLayerRenames(c.layers, '', 'deit.')) table.set(a, b);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  for (const { key } of source) if (!vitQkv(truth, recipes, key, '', 'deit.', c.d)) truth[key] = table.get(key)!;
  return {
    name: 'deit-base-distilled-p16-timm-to-hf',
    description: 'timm deit_base_distilled_patch16_224 → transformers DeiTForImageClassificationWithTeacher: blocks.N → deit.encoder.layer.N (norm1/norm2 → layernorm_before/after, attn.proj → attention.output.dense, mlp.fc1/fc2 → intermediate.dense/output.dense), fused attn.qkv split into query/key/value, cls/dist tokens and pos_embed under deit.embeddings (dist_token → distillation_token), head / head_dist → cls_classifier / distillation_classifier.',
    reference: 'huggingface/transformers src/transformers/models/deit/convert_deit_timm_to_pytorch.py create_rename_keys, read_in_q_k_v (commit 09cb93d8890401636f6abd80b763671e755aa025)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/deit/convert_deit_timm_to_pytorch.py',
    source,
    target,
    truth,
    recipes,
    // 10 per-layer renames, 5 embedding renames, norm ×2, two heads ×2, qkv weight + bias splits
    patterns: 10 + 5 + 2 + 4 + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// ViT-MSN S/16 (facebookresearch/msn target encoder → transformers ViTMSNModel)

/** vits16_800ep: ViT-S/16 (12 layers, 384, 6 heads, mlp 1536) under DDP's module., with MSN's projection head (2048 hidden, BatchNorm, 256 out) */
const MSN_S16 = { layers: 12, d: 384, mlp: 1536, patches: 196, hidden: 2048, out: 256 };

/** msn src/deit.py VisionTransformer as msn_train.py builds it: own cls_token, pos_embed; patch_embed.proj; blocks; norm; fc (fc1, bn1, fc2, bn2, fc3) */
function msnTargetEncoder(c: typeof MSN_S16): Module {
  return module([], [['module', module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.patches + 1, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, 16)]])],
    ['blocks', indexed(range(c.layers).map(() => vitBlock(c.d, c.mlp)))],
    ['norm', affineNorm(c.d)],
    ['fc', module([], [['fc1', linear(c.d, c.hidden)], ['bn1', batchNorm(c.hidden)], ['fc2', linear(c.hidden, c.hidden)], ['bn2', batchNorm(c.hidden)], ['fc3', linear(c.hidden, c.out)]])],
  ])]]);
}

/** transformers ViTMSNModel (no pooler): embeddings (own cls_token, position_embeddings; patch_embeddings.projection), encoder.layer, layernorm */
function hfVitMsn(c: typeof MSN_S16): Module {
  return module([], [
    ['embeddings', module([t('cls_token', [1, 1, c.d]), t('position_embeddings', [1, c.patches + 1, c.d])], [['patch_embeddings', module([], [['projection', conv2d(3, c.d, 16)]])]])],
    ['encoder', module([], [['layer', indexed(range(c.layers).map(() => hfVitLayer(c.d, c.mlp)))]])],
    ['layernorm', affineNorm(c.d)],
  ]);
}

export function vitMsnSmallToHF(): Family {
  const c = MSN_S16;
  const source = stateDict(msnTargetEncoder(c), 'float32');
  const target = stateDict(hfVitMsn(c), 'float32');
  // create_rename_keys(base_model=True): the vit. prefix stripped; remove_projection_head drops module.fc.*
  const table = vitLayerRenames(c.layers, 'module.', '');
  for (const [a, b] of [
    ['module.cls_token', 'embeddings.cls_token'], ['module.patch_embed.proj.weight', 'embeddings.patch_embeddings.projection.weight'],
    ['module.patch_embed.proj.bias', 'embeddings.patch_embeddings.projection.bias'], ['module.pos_embed', 'embeddings.position_embeddings'],
    ['module.norm.weight', 'layernorm.weight'], ['module.norm.bias', 'layernorm.bias'],
  ] as [string, string][]) table.set(a, b);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  for (const { key } of source) {
    if (key.startsWith('module.fc.')) truth[key] = null;
    else if (!vitQkv(truth, recipes, key, 'module.', '', c.d)) truth[key] = table.get(key)!;
  }
  return {
    name: 'vit-msn-small-p16-original-to-hf',
    description: 'facebookresearch/msn vits16_800ep target encoder (DDP module. prefix) → transformers ViTMSNModel: module.blocks.N → encoder.layer.N (norm1/2 → layernorm_before/after, attn.proj → attention.output.dense, mlp.fc1/2 → intermediate.dense / output.dense), fused attn.qkv split into query/key/value, cls_token / pos_embed / patch_embed → embeddings.*, norm → layernorm; the pre-training projection head module.fc (three Linears and two BatchNorms with their statistics) dropped.',
    reference: 'huggingface/transformers src/transformers/models/vit_msn/convert_msn_to_pytorch.py create_rename_keys(base_model=True), read_in_q_k_v, remove_projection_head (commit 003875d501b6650510da1aa5cb5875724d1ffd5c)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/vit_msn/convert_msn_to_pytorch.py',
    source,
    target,
    truth,
    recipes,
    // 10 per-layer renames, 4 embedding renames, norm ×2, qkv weight + bias splits, the projection head drop
    patterns: 10 + 4 + 2 + 2 + 1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// GLPN (original GLPDepth, MiT-b4 encoder, DataParallel prefix → transformers)

/** GLPN-KITTI: MiT-b4 (hidden 64/128/320/512, depths 3/8/27/3, heads 1/2/5/8, sr 8/4/2/1, mlp ×4), decoder width 64 */
const GLPN = { dims: [64, 128, 320, 512], depths: [3, 8, 27, 3], sr: [8, 4, 2, 1], patch: [7, 3, 3, 3], mlp: 4, decoder: 64 };

/** depthwise k×k convolution: weight [c, 1, k, k] */
function dwConv(c: number, k: number, bias = true): Module {
  return module(bias ? [t('weight', [c, 1, k, k]), t('bias', [c])] : [t('weight', [c, 1, k, k])]);
}

/** SelectiveFeatureFusion: conv1 / conv2 (Conv2d + BatchNorm2d + ReLU), conv3 (Conv2d → 2 maps) */
function fusion(c: number, prefix: string): Module {
  return module([], [
    [`${prefix}1`, indexed([conv2d(2 * c, c, 3), batchNorm(c)])],
    [`${prefix}2`, indexed([conv2d(c, c / 2, 3), batchNorm(c / 2)])],
    [`${prefix}3`, conv2d(c / 2, 2, 3)],
  ]);
}

/** GLPDepth's GLPDepth model as saved through DataParallel: module.encoder (mit_b4), module.decoder, module.last_layer_depth */
function glpDepth(c: typeof GLPN): Module {
  const enc: [string, Module][] = [];
  c.dims.forEach((d, i) => enc.push([`patch_embed${i + 1}`, module([], [['proj', conv2d(i === 0 ? 3 : c.dims[i - 1]!, d, c.patch[i]!)], ['norm', affineNorm(d)]])]));
  c.dims.forEach((d, i) => {
    enc.push([`block${i + 1}`, indexed(range(c.depths[i]!).map(() => pyramidBlock(d, c.sr[i]!, c.mlp)))]);
    enc.push([`norm${i + 1}`, affineNorm(d)]);
  });
  const w = c.decoder;
  return module([], [['module', module([], [
    ['encoder', module([], enc)],
    ['decoder', module([], [
      ['bot_conv', conv2d(c.dims[3]!, w, 1)], ['skip_conv1', conv2d(c.dims[2]!, w, 1)], ['skip_conv2', conv2d(c.dims[1]!, w, 1)],
      ['fusion1', fusion(w, 'conv')], ['fusion2', fusion(w, 'conv')], ['fusion3', fusion(w, 'conv')],
    ])],
    ['last_layer_depth', indexed([conv2d(w, w, 3), null, conv2d(w, 1, 3)])],
  ])]]);
}

/** transformers GLPNForDepthEstimation: glpn.encoder (patch_embeddings, block, layer_norm), decoder.stages (convolution, fusion), head.head */
function hfGLPN(c: typeof GLPN): Module {
  const w = c.decoder;
  const rev = [...c.dims].reverse();
  return module([], [
    ['glpn', module([], [['encoder', module([], [
      ['patch_embeddings', indexed(c.dims.map((d, i) => module([], [['proj', conv2d(i === 0 ? 3 : c.dims[i - 1]!, d, c.patch[i]!)], ['layer_norm', affineNorm(d)]])))],
      ['block', indexed(c.dims.map((d, i) => indexed(range(c.depths[i]!).map(() => hfSegformerLayer(d, c.sr[i]!, c.mlp)))))],
      ['layer_norm', indexed(c.dims.map((d) => affineNorm(d)))],
    ])]])],
    // stage 0 has no fusion; the last stage (64 → 64) no 1×1 convolution
    ['decoder', module([], [['stages', indexed(rev.map((d, i) => module([], [
      ...(d !== w ? [['convolution', conv2d(d, w, 1)] as [string, Module]] : []),
      ...(i > 0 ? [['fusion', fusion(w, 'convolutional_layer')] as [string, Module]] : []),
    ])))]])],
    ['head', module([], [['head', indexed([conv2d(w, w, 3), null, conv2d(w, 1, 3)])]])],
  ]);
}

/** convert_glpn_to_pytorch.py rename_keys, the `if … in key` chain in order (only the rules that can fire on GLPDepth) */
function glpnName(key: string): RuleTrace {
  const at = (k: string, p: string) => k[k.indexOf(p) + p.length]!;
  return new RuleTrace(key)
    .step('module.encoder', (k) => (k.startsWith('module.encoder') ? k.replace('module.encoder', 'glpn.encoder') : k))
    .step('module.decoder', (k) => (k.startsWith('module.decoder') ? k.replace('module.decoder', 'decoder.stages') : k))
    .step('patch_embedN', (k) => (k.includes('patch_embed') ? k.split(`patch_embed${at(k, 'patch_embed')}`).join(`patch_embeddings.${Number(at(k, 'patch_embed')) - 1}`) : k))
    .replace('norm', 'layer_norm')
    .step('encoder layer_normN', (k) => (k.includes('glpn.encoder.layer_norm') ? k.split(`layer_norm${at(k, 'glpn.encoder.layer_norm')}`).join(`layer_norm.${Number(at(k, 'glpn.encoder.layer_norm')) - 1}`) : k))
    .replace('layer_norm1', 'layer_norm_1')
    .replace('layer_norm2', 'layer_norm_2')
    .step('blockN', (k) => (k.includes('block') ? k.split(`block${at(k, 'block')}`).join(`block.${Number(at(k, 'block')) - 1}`) : k))
    .replace('attn.q', 'attention.self.query')
    .replace('attn.proj', 'attention.output.dense')
    .replace('attn', 'attention.self')
    .replace('fc1', 'dense1')
    .replace('fc2', 'dense2')
    .replace('bot_conv', '0.convolution')
    .replace('skip_conv1', '1.convolution')
    .replace('skip_conv2', '2.convolution')
    .replace('fusion1', '1.fusion')
    .replace('fusion2', '2.fusion')
    .replace('fusion3', '3.fusion')
    .step('fusion conv', (k) => (k.includes('fusion') && k.includes('conv') ? k.split('conv').join('convolutional_layer') : k))
    .step('module.last_layer_depth', (k) => (k.startsWith('module.last_layer_depth') ? k.replace('module.last_layer_depth', 'head.head') : k));
}

export function glpnKittiToHF(): Family {
  const c = GLPN;
  const source = stateDict(glpDepth(c), 'float32');
  const target = stateDict(hfGLPN(c), 'float32');
  const { truth, used } = traced(source, glpnName, (k) => /\.attn\.kv\.(weight|bias)$/.test(k));
  const recipes: Record<string, Recipe> = {};
  // read_in_k_v: kv rows [0, d) → key, [d, 2d) → value
  for (const { key } of source) {
    const m = /^module\.encoder\.block(\d)\.(\d+)\.attn\.kv\.(weight|bias)$/.exec(key);
    if (!m) continue;
    const i = Number(m[1]) - 1;
    const at = `glpn.encoder.block.${i}.${m[2]}.attention.self.`;
    splitRows(truth, recipes, key, [`${at}key.${m[3]}`, `${at}value.${m[3]}`], c.dims[i]!);
  }
  return {
    name: 'glpn-kitti-original-to-hf',
    description: 'GLPDepth (KITTI, MiT-b4 encoder) saved through DataParallel → transformers GLPNForDepthEstimation: module.encoder → glpn.encoder with patch_embedN / blockN / normN → patch_embeddings.N−1 / block.N−1 / layer_norm.N−1 (index arithmetic inside a name), norm → layer_norm(_1/_2), attn.q/kv/proj → attention.self.query / key+value (fused kv split) / attention.output.dense, fc1/fc2 → dense1/dense2; module.decoder → decoder.stages with bot_conv / skip_conv1 / skip_conv2 → 0/1/2.convolution, fusionN → N.fusion (conv → convolutional_layer), last_layer_depth → head.head.',
    reference: 'huggingface/transformers src/transformers/models/glpn/convert_glpn_to_pytorch.py rename_keys, read_in_k_v (commit 1001bb00bfeeac965908cdb4ab5c3d7ebe0c774f)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/glpn/convert_glpn_to_pytorch.py',
    source,
    target,
    truth,
    recipes,
    // the rules that fired, and read_in_k_v's weight and bias splits
    patterns: used.size + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// FocalNet-T (SRF, original → transformers)

/** focalnet_tiny_srf: embed 96, depths 2/2/6/2, focal levels 2, focal window 3 (kernels 3, 5), mlp ×4, 1000 classes */
const FOCALNET_T = { dims: [96, 192, 384, 768], depths: [2, 2, 6, 2], levels: 2, window: 3, mlp: 4, classes: 1000 };

function focalBlock(d: number, c: typeof FOCALNET_T, n: { f: string; h: string; proj: string }): Module {
  return module([], [
    ['norm1', affineNorm(d)],
    ['modulation', module([], [
      [n.f, linear(d, 2 * d + c.levels + 1)],
      [n.h, conv2d(d, d, 1)],
      [n.proj, linear(d, d)],
      ['focal_layers', indexed(range(c.levels).map((k) => indexed([dwConv(d, 2 * k + c.window, false)])))],
    ])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, c.mlp * d)], ['fc2', linear(c.mlp * d, d)]])],
  ]);
}

/** microsoft/FocalNet classification/focalnet.py FocalNet: patch_embed (proj, norm), layers.S (blocks, downsample), norm, head */
function originalFocalNet(c: typeof FOCALNET_T): Module {
  const names = { f: 'f', h: 'h', proj: 'proj' };
  return module([], [
    ['patch_embed', module([], [['proj', conv2d(3, c.dims[0]!, 4)], ['norm', affineNorm(c.dims[0]!)]])],
    ['layers', indexed(c.dims.map((d, s) => module([], [
      ['blocks', indexed(range(c.depths[s]!).map(() => focalBlock(d, c, names)))],
      ...(s < 3 ? [['downsample', module([], [['proj', conv2d(d, 2 * d, 2)], ['norm', affineNorm(2 * d)]])] as [string, Module]] : []),
    ])))],
    ['norm', affineNorm(c.dims[3]!)],
    ['head', linear(c.dims[3]!, c.classes)],
  ]);
}

/** transformers FocalNetForImageClassification: focalnet.embeddings, encoder.stages.S (layers, downsample), layernorm; classifier */
function hfFocalNet(c: typeof FOCALNET_T): Module {
  const names = { f: 'projection_in', h: 'projection_context', proj: 'projection_out' };
  return module([], [
    ['focalnet', module([], [
      ['embeddings', module([], [['patch_embeddings', module([], [['projection', conv2d(3, c.dims[0]!, 4)]])], ['norm', affineNorm(c.dims[0]!)]])],
      ['encoder', module([], [['stages', indexed(c.dims.map((d, s) => module([], [
        ['layers', indexed(range(c.depths[s]!).map(() => focalBlock(d, c, names)))],
        ...(s < 3 ? [['downsample', module([], [['projection', conv2d(d, 2 * d, 2)], ['norm', affineNorm(2 * d)]])] as [string, Module]] : []),
      ])))]])],
      ['layernorm', affineNorm(c.dims[3]!)],
    ])],
    ['classifier', linear(c.dims[3]!, c.classes)],
  ]);
}

/** convert_focalnet_to_hf_format.py rename_key, in order */
function focalnetName(key: string): RuleTrace {
  return new RuleTrace(key)
    .replace('patch_embed.proj', 'embeddings.patch_embeddings.projection')
    .replace('patch_embed.norm', 'embeddings.norm')
    .step('encoder. prefix', (k) => (k.includes('layers') ? `encoder.${k}` : k))
    .replace('encoder.layers', 'encoder.stages')
    .replace('downsample.proj', 'downsample.projection')
    .replace('blocks', 'layers')
    .step('modulation.f', (k) => (/modulation\.f\.(weight|bias)/.test(k) ? k.split('modulation.f').join('modulation.projection_in') : k))
    .step('modulation.h', (k) => (/modulation\.h\.(weight|bias)/.test(k) ? k.split('modulation.h').join('modulation.projection_context') : k))
    .step('modulation.proj', (k) => (/modulation\.proj\.(weight|bias)/.test(k) ? k.split('modulation.proj').join('modulation.projection_out') : k))
    .step('norm.weight', (k) => (k === 'norm.weight' ? 'layernorm.weight' : k))
    .step('norm.bias', (k) => (k === 'norm.bias' ? 'layernorm.bias' : k))
    .step('head / focalnet. prefix', (k) => (k.includes('head') ? k.split('head').join('classifier') : `focalnet.${k}`));
}

export function focalnetTinyToHF(): Family {
  const c = FOCALNET_T;
  const source = stateDict(originalFocalNet(c), 'float32');
  const target = stateDict(hfFocalNet(c), 'float32');
  const { truth, used } = traced(source, focalnetName);
  return {
    name: 'focalnet-tiny-srf-original-to-hf',
    description: 'microsoft/FocalNet focalnet_tiny_srf → transformers FocalNetForImageClassification: patch_embed → embeddings (proj → patch_embeddings.projection, norm → embeddings.norm), layers.S → encoder.stages.S, blocks → layers, downsample.proj → downsample.projection, modulation f / h / proj → projection_in / projection_context (a 1×1 conv) / projection_out, top norm → layernorm, head → classifier, everything else under focalnet.',
    reference: 'huggingface/transformers src/transformers/models/focalnet/convert_focalnet_to_hf_format.py rename_key (commit 0173d4fa7e414a00c0889717942848cf9502c64e)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/focalnet/convert_focalnet_to_hf_format.py',
    source,
    target,
    truth,
    patterns: used.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// PVT-Tiny (v1, original → transformers)

/** pvt_tiny: dims 64/128/320/512, depths 2/2/2/2, heads 1/2/5/8, mlp 8/8/4/4, sr 8/4/2/1, patch 4 then 2, 224² input */
const PVT_T = { dims: [64, 128, 320, 512], depths: [2, 2, 2, 2], mlp: [8, 8, 4, 4], sr: [8, 4, 2, 1], tokens: [3136, 784, 196, 50], classes: 1000 };

function pvtBlock(d: number, sr: number, mlp: number, hf: boolean): Module {
  const self: [string, Module][] = hf
    ? [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]]
    : [['q', linear(d, d)], ['kv', linear(d, 2 * d)], ['proj', linear(d, d)]];
  if (sr > 1) self.push([hf ? 'sequence_reduction' : 'sr', conv2d(d, d, sr)], [hf ? 'layer_norm' : 'norm', affineNorm(d)]);
  return module([], [
    [hf ? 'layer_norm_1' : 'norm1', affineNorm(d)],
    hf ? ['attention', module([], [['self', module([], self)], ['output', module([], [['dense', linear(d, d)]])]])] : ['attn', module([], self)],
    [hf ? 'layer_norm_2' : 'norm2', affineNorm(d)],
    ['mlp', module([], [[hf ? 'dense1' : 'fc1', linear(d, mlp * d)], [hf ? 'dense2' : 'fc2', linear(mlp * d, d)]])],
  ]);
}

/** whai362/PVT classification/pvt.py PyramidVisionTransformer: own pos_embed1-4 and cls_token first, then patch_embedN / blockN per stage, norm, head */
function originalPvt(c: typeof PVT_T): Module {
  const children: [string, Module][] = [];
  c.dims.forEach((d, i) => {
    children.push([`patch_embed${i + 1}`, module([], [['proj', conv2d(i === 0 ? 3 : c.dims[i - 1]!, d, i === 0 ? 4 : 2)], ['norm', affineNorm(d)]])]);
    children.push([`block${i + 1}`, indexed(range(c.depths[i]!).map(() => pvtBlock(d, c.sr[i]!, c.mlp[i]!, false)))]);
  });
  children.push(['norm', affineNorm(c.dims[3]!)], ['head', linear(c.dims[3]!, c.classes)]);
  return module([...c.dims.map((d, i) => t(`pos_embed${i + 1}`, [1, c.tokens[i]!, d])), t('cls_token', [1, 1, c.dims[3]!])], children);
}

/** transformers PvtForImageClassification: pvt.encoder (patch_embeddings.N with position_embeddings [+ cls_token], block, layer_norm); classifier */
function hfPvt(c: typeof PVT_T): Module {
  return module([], [
    ['pvt', module([], [['encoder', module([], [
      ['patch_embeddings', indexed(c.dims.map((d, i) => module(
        [t('position_embeddings', [1, c.tokens[i]!, d]), ...(i === 3 ? [t('cls_token', [1, 1, d])] : [])],
        [['projection', conv2d(i === 0 ? 3 : c.dims[i - 1]!, d, i === 0 ? 4 : 2)], ['layer_norm', affineNorm(d)]],
      )))],
      ['block', indexed(c.dims.map((d, i) => indexed(range(c.depths[i]!).map(() => pvtBlock(d, c.sr[i]!, c.mlp[i]!, true)))))],
      ['layer_norm', affineNorm(c.dims[3]!)],
    ])]])],
    ['classifier', linear(c.dims[3]!, c.classes)],
  ]);
}

export function pvtTinyToHF(): Family {
  const c = PVT_T;
  const source = stateDict(originalPvt(c), 'float32');
  const target = stateDict(hfPvt(c), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  // create_rename_keys: exact (old, new) pairs per stage and block; read_in_k_v on the renamed kv
  const leaf: Record<string, string> = {
    'attn.q': 'attention.self.query', 'attn.norm': 'attention.self.layer_norm', 'attn.sr': 'attention.self.sequence_reduction',
    'attn.proj': 'attention.output.dense', norm1: 'layer_norm_1', norm2: 'layer_norm_2', 'mlp.fc1': 'mlp.dense1', 'mlp.fc2': 'mlp.dense2',
  };
  for (const { key } of source) {
    let m: RegExpExecArray | null;
    if ((m = /^pos_embed(\d)$/.exec(key))) truth[key] = `pvt.encoder.patch_embeddings.${Number(m[1]) - 1}.position_embeddings`;
    else if ((m = /^patch_embed(\d)\.(proj|norm)\.(weight|bias)$/.exec(key))) truth[key] = `pvt.encoder.patch_embeddings.${Number(m[1]) - 1}.${m[2] === 'proj' ? 'projection' : 'layer_norm'}.${m[3]}`;
    else if ((m = /^block(\d)\.(\d+)\.attn\.kv\.(weight|bias)$/.exec(key))) {
      const i = Number(m[1]) - 1;
      const at = `pvt.encoder.block.${i}.${m[2]}.attention.self.`;
      splitRows(truth, recipes, key, [`${at}key.${m[3]}`, `${at}value.${m[3]}`], c.dims[i]!);
    } else if ((m = /^block(\d)\.(\d+)\.(.+)\.(weight|bias)$/.exec(key))) truth[key] = `pvt.encoder.block.${Number(m[1]) - 1}.${m[2]}.${leaf[m[3]!]!}.${m[4]}`;
    else truth[key] = ({ cls_token: 'pvt.encoder.patch_embeddings.3.cls_token', 'norm.weight': 'pvt.encoder.layer_norm.weight', 'norm.bias': 'pvt.encoder.layer_norm.bias', 'head.weight': 'classifier.weight', 'head.bias': 'classifier.bias' } as Record<string, string>)[key]!;
  }
  return {
    name: 'pvt-tiny-original-to-hf',
    description: 'whai362/PVT v1 pvt_tiny → transformers PvtForImageClassification: per-stage own pos_embedN / patch_embedN / blockN → pvt.encoder.patch_embeddings.N−1 (position_embeddings, projection, layer_norm) and block.N−1, the last stage\'s cls_token into patch_embeddings.3, attn.q → query, fused attn.kv split into key/value, attn.sr/norm → sequence_reduction/layer_norm, norm1/2 → layer_norm_1/2, fc1/2 → dense1/2, norm → pvt.encoder.layer_norm, head → classifier.',
    reference: 'huggingface/transformers src/transformers/models/pvt/convert_pvt_to_pytorch.py create_rename_keys, read_in_k_v (commit 001f85b38fb432858ace93f18622f07cec46d874)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/pvt/convert_pvt_to_pytorch.py',
    source,
    target,
    truth,
    recipes,
    // pos_embed, patch proj/norm (weight, bias), 8 block leaves × (weight, bias), kv split ×2, cls_token, norm ×2, head ×2
    patterns: 1 + 4 + 16 + 2 + 1 + 2 + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// ConvNeXt V2-T (original → transformers)

/** convnextv2_tiny_1k_224: dims 96/192/384/768, depths 3/3/9/3, GRN in every block, 1000 classes */
const CNV2_T = { dims: [96, 192, 384, 768], depths: [3, 3, 9, 3], classes: 1000 };

function v2Block(d: number, n: { norm: string; grn: [string, string] }): Module {
  return module([], [
    ['dwconv', dwConv(d, 7)],
    [n.norm, affineNorm(d)],
    ['pwconv1', linear(d, 4 * d)],
    ['grn', module([t(n.grn[0], [1, 1, 1, 4 * d]), t(n.grn[1], [1, 1, 1, 4 * d])])],
    ['pwconv2', linear(4 * d, d)],
  ]);
}

/** facebookresearch/ConvNeXt-V2 models/convnextv2.py ConvNeXtV2: downsample_layers (stem + 3), stages, norm, head */
function originalConvNextV2(c: typeof CNV2_T): Module {
  const n = { norm: 'norm', grn: ['gamma', 'beta'] as [string, string] };
  return module([], [
    ['downsample_layers', indexed(c.dims.map((d, i) => (i === 0 ? indexed([conv2d(3, d, 4), affineNorm(d)]) : indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, d, 2)]))))],
    ['stages', indexed(c.dims.map((d, i) => indexed(range(c.depths[i]!).map(() => v2Block(d, n)))))],
    ['norm', affineNorm(c.dims[3]!)],
    ['head', linear(c.dims[3]!, c.classes)],
  ]);
}

/** transformers ConvNextV2ForImageClassification: convnextv2.embeddings, encoder.stages.S (downsampling_layer, layers), layernorm; classifier */
function hfConvNextV2(c: typeof CNV2_T): Module {
  const n = { norm: 'layernorm', grn: ['weight', 'bias'] as [string, string] };
  return module([], [
    ['convnextv2', module([], [
      ['embeddings', module([], [['patch_embeddings', conv2d(3, c.dims[0]!, 4)], ['layernorm', affineNorm(c.dims[0]!)]])],
      ['encoder', module([], [['stages', indexed(c.dims.map((d, i) => module([], [
        ...(i > 0 ? [['downsampling_layer', indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, d, 2)])] as [string, Module]] : []),
        ['layers', indexed(range(c.depths[i]!).map(() => v2Block(d, n)))],
      ])))]])],
      ['layernorm', affineNorm(c.dims[3]!)],
    ])],
    ['classifier', linear(c.dims[3]!, c.classes)],
  ]);
}

/** convert_convnextv2_to_pytorch.py rename_key, then the convnextv2. prefix on everything but the classifier */
function convnextV2Name(key: string): RuleTrace {
  const r = new RuleTrace(key).replace('downsample_layers.0.0', 'embeddings.patch_embeddings').replace('downsample_layers.0.1', 'embeddings.norm');
  for (const i of [1, 2, 3]) for (const j of [0, 1]) r.replace(`downsample_layers.${i}.${j}`, `stages.${i}.downsampling_layer.${j}`);
  return r
    .step('stages.S.layers', (k) => (k.includes('stages') && !k.includes('downsampling_layer') ? `${k.slice(0, 'stages.0'.length)}.layers${k.slice('stages.0'.length)}` : k))
    .replace('gamma', 'weight')
    .replace('beta', 'bias')
    .replace('stages', 'encoder.stages')
    .replace('norm', 'layernorm')
    .replace('head', 'classifier')
    .step('convnextv2. prefix', (k) => (k.startsWith('classifier') ? k : `convnextv2.${k}`));
}

export function convnextV2TinyToHF(): Family {
  const c = CNV2_T;
  const source = stateDict(originalConvNextV2(c), 'float32');
  const target = stateDict(hfConvNextV2(c), 'float32');
  const { truth, used } = traced(source, convnextV2Name);
  return {
    name: 'convnextv2-tiny-fb-to-hf',
    description: 'facebookresearch ConvNeXt-V2 tiny (1k, 224) → transformers ConvNextV2ForImageClassification: the flat downsample_layers list split into embeddings (0.0 → patch_embeddings, 0.1 → layernorm) and each later stage\'s downsampling_layer, stages.S.B → encoder.stages.S.layers.B, GRN gamma/beta → weight/bias, norm → layernorm, head → classifier, convnextv2. prefix.',
    reference: 'huggingface/transformers src/transformers/models/convnextv2/convert_convnextv2_to_pytorch.py rename_key, convert_convnextv2_checkpoint (commit 09cb93d8890401636f6abd80b763671e755aa025)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/convnextv2/convert_convnextv2_to_pytorch.py',
    source,
    target,
    truth,
    patterns: used.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// BiT-M R50x1 (timm ResNetV2 → transformers Bit)

/** resnetv2_50x1_bitm: pre-activation bottlenecks, widths 256/512/1024/2048 (mid ¼), blocks 3/4/6/3, GroupNorm, conv head */
const BIT_R50 = { blocks: [3, 4, 6, 3], out: [256, 512, 1024, 2048], classes: 1000 };

function preActStage(inCh: number, out: number, n: number, layers: string): Module {
  const mid = out / 4;
  return module([], [[layers, indexed(range(n).map((b) => module([], [
    ...(b === 0 ? [['downsample', module([], [['conv', module([t('weight', [out, inCh, 1, 1])])]])] as [string, Module]] : []),
    ['norm1', affineNorm(b === 0 ? inCh : out)],
    ['conv1', module([t('weight', [mid, b === 0 ? inCh : out, 1, 1])])],
    ['norm2', affineNorm(mid)],
    ['conv2', module([t('weight', [mid, mid, 3, 3])])],
    ['norm3', affineNorm(mid)],
    ['conv3', module([t('weight', [out, mid, 1, 1])])],
  ])))]]);
}

/** timm ResNetV2 (preact): stem.conv, stages.S.blocks.B, norm, head.fc (a 1×1 conv) */
function timmResNetV2(c: typeof BIT_R50): Module {
  return module([], [
    ['stem', module([], [['conv', module([t('weight', [64, 3, 7, 7])])]])],
    ['stages', indexed(c.out.map((o, s) => preActStage(s === 0 ? 64 : c.out[s - 1]!, o, c.blocks[s]!, 'blocks')))],
    ['norm', affineNorm(2048)],
    ['head', module([], [['fc', conv2d(2048, c.classes, 1)]])],
  ]);
}

/** transformers BitForImageClassification: bit.embedder.convolution, bit.encoder.stages.S.layers.B, bit.norm; classifier.1 (Linear) */
function hfBit(c: typeof BIT_R50): Module {
  return module([], [
    ['bit', module([], [
      ['embedder', module([], [['convolution', module([t('weight', [64, 3, 7, 7])])]])],
      ['encoder', module([], [['stages', indexed(c.out.map((o, s) => preActStage(s === 0 ? 64 : c.out[s - 1]!, o, c.blocks[s]!, 'layers')))]])],
      ['norm', affineNorm(2048)],
    ])],
    ['classifier', indexed([null, linear(2048, c.classes)])],
  ]);
}

/** convert_bit_to_pytorch.py rename_key, in order */
function bitName(key: string): RuleTrace {
  return new RuleTrace(key)
    .replace('stem.conv', 'bit.embedder.convolution')
    .replace('blocks', 'layers')
    .replace('head.fc', 'classifier.1')
    .step('bit. + norm', (k) => (k.startsWith('norm') ? `bit.${k}` : k))
    .step('bit.encoder. prefix', (k) => (!k.includes('bit') && !k.includes('classifier') ? `bit.encoder.${k}` : k));
}

export function bitR50x1ToHF(): Family {
  const c = BIT_R50;
  const source = stateDict(timmResNetV2(c), 'float32');
  const target = stateDict(hfBit(c), 'float32');
  const { truth, used } = traced(source, bitName);
  return {
    name: 'bit-m-r50x1-timm-to-hf',
    description: 'timm resnetv2_50x1_bitm (pre-activation, weight-standardised convs, GroupNorm) → transformers BitForImageClassification: stem.conv → bit.embedder.convolution, stages.S.blocks.B → bit.encoder.stages.S.layers.B (downsample.conv kept), norm → bit.norm, head.fc (a 1×1 conv [1000, 2048, 1, 1]) → classifier.1 (a Linear: squeezed to [1000, 2048]).',
    reference: 'huggingface/transformers src/transformers/models/bit/convert_bit_to_pytorch.py rename_key, convert_bit_checkpoint (val.squeeze() for head; commit 05879ae754384b82a0995d511a422b61397bf043)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/bit/convert_bit_to_pytorch.py',
    source,
    target,
    truth,
    reshaped: ['head.fc.weight'],
    recipes: { 'classifier.1.weight': { kind: 'reshape', of: { kind: 'source', key: 'head.fc.weight' }, shape: [c.classes, 2048] } },
    // the rename rules that fired, and the head squeeze
    patterns: used.size + 1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// UperNet + ConvNeXt-T (mmsegmentation → transformers)

/** upernet_convnext_tiny_fp16_512x512_160k_ade20k: ConvNeXt-T (mmcls) backbone, UPerHead 512 channels, FCN auxiliary 256 on stage 3, 150 classes */
const UPERNET_CNT = { dims: [96, 192, 384, 768], depths: [3, 3, 9, 3], channels: 512, aux: 256, classes: 150, pools: 4 };

/** mmcv ConvModule (conv without bias + BatchNorm) under mmseg's `bn` or transformers' `batch_norm` */
function convModule(i: number, o: number, k: number, bn: string): Module {
  return module([], [['conv', conv2d(i, o, k, false)], [bn, batchNorm(o)]]);
}

function uperHeads(c: typeof UPERNET_CNT, bn: string, hf: boolean): [string, Module][] {
  const seg = hf ? 'classifier' : 'conv_seg';
  const decode: [string, Module][] = [
    ['psp_modules', indexed(range(c.pools).map(() => indexed([null, convModule(c.dims[3]!, c.channels, 1, bn)])))],
    ['bottleneck', convModule(c.dims[3]! + c.pools * c.channels, c.channels, 3, bn)],
    ['lateral_convs', indexed(c.dims.slice(0, 3).map((d) => convModule(d, c.channels, 1, bn)))],
    ['fpn_convs', indexed(c.dims.slice(0, 3).map(() => convModule(c.channels, c.channels, 3, bn)))],
    ['fpn_bottleneck', convModule(4 * c.channels, c.channels, 3, bn)],
  ];
  const aux: [string, Module][] = [['convs', indexed([convModule(c.dims[2]!, c.aux, 3, bn)])]];
  // mmseg's BaseDecodeHead builds conv_seg before the head's own layers; transformers adds the classifier first in UperNetHead, last in UperNetFCNHead
  return [
    ['decode_head', module([], [[seg, conv2d(c.channels, c.classes, 1)], ...decode])],
    ['auxiliary_head', module([], hf ? [...aux, [seg, conv2d(c.aux, c.classes, 1)]] : [[seg, conv2d(c.aux, c.classes, 1)], ...aux])],
  ];
}

/** mmseg EncoderDecoder: backbone (mmcls ConvNeXt: downsample_layers, stages with own gamma, norm0-3), decode_head (UPerHead), auxiliary_head (FCNHead) */
function mmsegUperConvNext(c: typeof UPERNET_CNT): Module {
  const block = (d: number): Module => module([t('gamma', [d])], [
    ['depthwise_conv', dwConv(d, 7)], ['norm', affineNorm(d)], ['pointwise_conv1', linear(d, 4 * d)], ['pointwise_conv2', linear(4 * d, d)],
  ]);
  return module([], [
    ['backbone', module([], [
      ['downsample_layers', indexed(c.dims.map((d, i) => (i === 0 ? indexed([conv2d(3, d, 4), affineNorm(d)]) : indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, d, 2)]))))],
      ['stages', indexed(c.dims.map((d, i) => indexed(range(c.depths[i]!).map(() => block(d)))))],
      ...c.dims.map((d, i) => [`norm${i}`, affineNorm(d)] as [string, Module]),
    ])],
    ...uperHeads(c, 'bn', false),
  ]);
}

/** transformers UperNetForSemanticSegmentation with the ConvNextBackbone of the script's day (backbone.convnext.*, hidden_states_norms.N) */
function hfUperConvNext(c: typeof UPERNET_CNT): Module {
  const layer = (d: number): Module => module([t('layer_scale_parameter', [d])], [
    ['dwconv', dwConv(d, 7)], ['layernorm', affineNorm(d)], ['pwconv1', linear(d, 4 * d)], ['pwconv2', linear(4 * d, d)],
  ]);
  return module([], [
    ['backbone', module([], [
      ['convnext', module([], [
        ['embeddings', module([], [['patch_embeddings', conv2d(3, c.dims[0]!, 4)], ['layernorm', affineNorm(c.dims[0]!)]])],
        ['encoder', module([], [['stages', indexed(c.dims.map((d, i) => module([], [
          ...(i > 0 ? [['downsampling_layer', indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, d, 2)])] as [string, Module]] : []),
          ['layers', indexed(range(c.depths[i]!).map(() => layer(d)))],
        ])))]])],
        ['layernorm', affineNorm(c.dims[3]!)],
      ])],
      ['hidden_states_norms', indexed(c.dims.map((d) => affineNorm(d)))],
    ])],
    ...uperHeads(c, 'batch_norm', true),
  ]);
}

export function upernetConvnextTinyToHF(): Family {
  const c = UPERNET_CNT;
  const source = stateDict(mmsegUperConvNext(c), 'float32');
  const target = stateDict(hfUperConvNext(c), 'float32');
  // the bn → batch_norm pass over every key, then create_rename_keys' exact pairs
  const table = new Map<string, string>([
    ['backbone.downsample_layers.0.0.weight', 'backbone.convnext.embeddings.patch_embeddings.weight'], ['backbone.downsample_layers.0.0.bias', 'backbone.convnext.embeddings.patch_embeddings.bias'],
    ['backbone.downsample_layers.0.1.weight', 'backbone.convnext.embeddings.layernorm.weight'], ['backbone.downsample_layers.0.1.bias', 'backbone.convnext.embeddings.layernorm.bias'],
    ['decode_head.conv_seg.weight', 'decode_head.classifier.weight'], ['decode_head.conv_seg.bias', 'decode_head.classifier.bias'],
    ['auxiliary_head.conv_seg.weight', 'auxiliary_head.classifier.weight'], ['auxiliary_head.conv_seg.bias', 'auxiliary_head.classifier.bias'],
  ]);
  const leaves: [string, string][] = [['depthwise_conv.weight', 'dwconv.weight'], ['depthwise_conv.bias', 'dwconv.bias'], ['norm.weight', 'layernorm.weight'], ['norm.bias', 'layernorm.bias'],
    ['pointwise_conv1.weight', 'pwconv1.weight'], ['pointwise_conv1.bias', 'pwconv1.bias'], ['pointwise_conv2.weight', 'pwconv2.weight'], ['pointwise_conv2.bias', 'pwconv2.bias']];
  c.dims.forEach((_, i) => {
    for (const j of range(c.depths[i]!)) {
      table.set(`backbone.stages.${i}.${j}.gamma`, `backbone.convnext.encoder.stages.${i}.layers.${j}.layer_scale_parameter`);
      for (const [a, b] of leaves) table.set(`backbone.stages.${i}.${j}.${a}`, `backbone.convnext.encoder.stages.${i}.layers.${j}.${b}`);
    }
    if (i > 0) for (const s of ['0.weight', '0.bias', '1.weight', '1.bias']) table.set(`backbone.downsample_layers.${i}.${s}`, `backbone.convnext.encoder.stages.${i}.downsampling_layer.${s}`);
    for (const p of ['weight', 'bias']) table.set(`backbone.norm${i}.${p}`, `backbone.hidden_states_norms.${i}.${p}`);
  });
  const truth: Truth = {};
  for (const { key } of source) {
    const k = key.split('bn').join('batch_norm');
    truth[key] = table.get(k) ?? k;
  }
  return {
    name: 'upernet-convnext-tiny-mmseg-to-hf',
    description: 'mmsegmentation UperNet + ConvNeXt-T (ADE20K) → transformers UperNetForSemanticSegmentation: ConvModule bn → batch_norm everywhere; the backbone\'s flat downsample_layers split into convnext.embeddings and each later stage\'s downsampling_layer, stages.S.B → convnext.encoder.stages.S.layers.B (gamma → layer_scale_parameter, depthwise_conv / pointwise_conv1/2 → dwconv / pwconv1/2, norm → layernorm), out-index norms normS → hidden_states_norms.S, conv_seg → classifier in both heads (first in mmseg\'s heads, last in the FCN auxiliary head of transformers). The backbone\'s final convnext.layernorm has no source (the script loads non-strictly and expects exactly those two keys missing).',
    reference: 'huggingface/transformers src/transformers/models/upernet/convert_convnext_upernet_to_pytorch.py create_rename_keys, convert_upernet_checkpoint (commit 09c76bea234ed1239b220f95ab318f2e7023e8a1)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/upernet/convert_convnext_upernet_to_pytorch.py',
    source,
    target,
    truth,
    // bn → batch_norm, stem ×4, 9 block leaves, downsample ×4, hidden norms ×2, conv_seg ×4
    patterns: 1 + 4 + 9 + 4 + 2 + 4,
  };
}
