/**
 * The seventh family set, vision half (session 14): conversions none of the earlier sets uses, each rebuilt
 * from the model definitions at a real configuration (the key order is what `model.state_dict()` writes) and
 * each truth taken from the conversion code named in `reference` (repository, path, commit read).
 */
import type { Family } from './types.js';
import { sliceRecipes } from './set7-split.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { LEVIT_128S, levitOriginal, type LevitConfig } from './regnet-levit.js';

type Truth = Record<string, string | string[] | null>;

/** YOLOS-S (yolos_s_200_pre): ViT-S 12 × 384, 6 heads, 1536 ffn, 100 detection tokens, 512 × 864 position grid, mid position embeddings, COCO 91 labels + no-object */
const YOLOS_S = { d: 384, layers: 12, ffn: 1536, det: 100, grid: (512 / 16) * (864 / 16), labels: 91 };

/** a DETR-style MLP: layers.0 … layers.{n-1} */
function mlpHead(d: number, out: number, n = 3): Module {
  return module([], [['layers', indexed(Array.from({ length: n }, (_, i) => linear(d, i === n - 1 ? out : d)))]]);
}

/**
 * hustvl/YOLOS models/detector.py Detector: backbone (its VisionTransformer after finetune_det: cls_token and
 * pos_embed from __init__, then det_token and mid_pos_embed added), class_embed and bbox_embed MLPs
 */
function yolosOriginal(): Module {
  const c = YOLOS_S;
  const seq = 1 + c.grid + c.det;
  const block = (): Module => module([], [
    ['norm1', affineNorm(c.d)],
    ['attn', module([], [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)]])],
    ['norm2', affineNorm(c.d)],
    ['mlp', module([], [['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)]])],
  ]);
  return module([], [
    ['backbone', module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, seq, c.d]), t('det_token', [1, c.det, c.d]), t('mid_pos_embed', [c.layers - 1, 1, seq, c.d])], [
      ['patch_embed', module([], [['proj', conv2d(3, c.d, 16)]])],
      ['blocks', indexed(Array.from({ length: c.layers }, block))],
      ['norm', affineNorm(c.d)],
    ])],
    ['class_embed', mlpHead(c.d, c.labels + 1)],
    ['bbox_embed', mlpHead(c.d, 4)],
  ]);
}

/** transformers YolosForObjectDetection (modeling_yolos.py): vit (embeddings, encoder with mid_position_embeddings, layernorm), class_labels_classifier, bbox_predictor */
function hfYolos(): Module {
  const c = YOLOS_S;
  const seq = 1 + c.grid + c.det;
  const layer = (): Module => module([], [
    ['attention', module([], [
      ['attention', module([], [['query', linear(c.d, c.d)], ['key', linear(c.d, c.d)], ['value', linear(c.d, c.d)]])],
      ['output', module([], [['dense', linear(c.d, c.d)]])],
    ])],
    ['intermediate', module([], [['dense', linear(c.d, c.ffn)]])],
    ['output', module([], [['dense', linear(c.ffn, c.d)]])],
    ['layernorm_before', affineNorm(c.d)],
    ['layernorm_after', affineNorm(c.d)],
  ]);
  return module([], [
    ['vit', module([], [
      ['embeddings', module([t('cls_token', [1, 1, c.d]), t('detection_tokens', [1, c.det, c.d]), t('position_embeddings', [1, seq, c.d])], [
        ['patch_embeddings', module([], [['projection', conv2d(3, c.d, 16)]])],
      ])],
      ['encoder', module([t('mid_position_embeddings', [c.layers - 1, 1, seq, c.d])], [['layer', indexed(Array.from({ length: c.layers }, layer))]])],
      ['layernorm', affineNorm(c.d)],
    ])],
    ['class_labels_classifier', mlpHead(c.d, c.labels + 1)],
    ['bbox_predictor', mlpHead(c.d, 4)],
  ]);
}

/** convert_yolos_to_pytorch.py rename_key, in its order (each test on the name as the earlier ones left it) */
const YOLOS_RENAMES: [string, string][] = [
  ['backbone', 'vit'], ['cls_token', 'embeddings.cls_token'], ['det_token', 'embeddings.detection_tokens'],
  ['mid_pos_embed', 'encoder.mid_position_embeddings'], ['pos_embed', 'embeddings.position_embeddings'],
  ['patch_embed.proj', 'embeddings.patch_embeddings.projection'], ['blocks', 'encoder.layer'], ['attn.proj', 'attention.output.dense'],
  ['attn', 'attention.self'], ['norm1', 'layernorm_before'], ['norm2', 'layernorm_after'], ['mlp.fc1', 'intermediate.dense'],
  ['mlp.fc2', 'output.dense'], ['class_embed', 'class_labels_classifier'], ['bbox_embed', 'bbox_predictor'], ['vit.norm', 'vit.layernorm'],
];

function renameInOrder(key: string, renames: [string, string][]): string {
  let name = key;
  for (const [from, to] of renames) if (name.includes(from)) name = name.replace(from, to);
  return name;
}

export function yolosSmallToHF(): Family {
  const source = stateDict(yolosOriginal(), 'float32');
  const target = stateDict(hfYolos(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    const qkv = /^backbone\.blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key);
    truth[key] = qkv
      ? ['query', 'key', 'value'].map((x) => `vit.encoder.layer.${qkv[1]}.attention.attention.${x}.${qkv[2]}`)
      : renameInOrder(key, YOLOS_RENAMES);
  }
  return {
    name: 'yolos-small-original-to-hf',
    description: 'YOLOS-S (hustvl/YOLOS detector: a DeiT-S backbone with 100 detection tokens and mid-layer position embeddings, two 3-layer MLP heads) → transformers YolosForObjectDetection: backbone → vit, det_token → embeddings.detection_tokens, mid_pos_embed → encoder.mid_position_embeddings, blocks → encoder.layer with ViT leaf names, fused attn.qkv split into query/key/value, class_embed / bbox_embed → class_labels_classifier / bbox_predictor.',
    reference: 'huggingface/transformers src/transformers/models/yolos/convert_yolos_to_pytorch.py rename_key, convert_state_dict (commit 01080c629600d4ff3121446bb4f4a2e240c2cf41)',
    url: 'https://github.com/huggingface/transformers/blob/01080c629600d4ff3121446bb4f4a2e240c2cf41/src/transformers/models/yolos/convert_yolos_to_pytorch.py',
    source,
    target,
    truth,
    recipes: sliceRecipes(truth, target),
    // the 16 replacements of rename_key and the qkv split of convert_state_dict
    patterns: 17,
  };
}

/**
 * swinv2_tiny_window8_256 (embed 96, depths 2-2-6-2, heads 3-6-12-24, window 8, 256 px) as timm 0.6 built it
 * when the converter was written: layers.N = blocks then downsample (PatchMerging: reduction, norm over
 * 2C); each block registers attn_mask as a buffer (a tensor in shifted blocks, None elsewhere; no shift in
 * the last stage, whose 8 × 8 map is one window); WindowAttention: logit_scale, q_bias, v_bias,
 * relative_coords_table, relative_position_index, cpb_mlp (Linear 2→512, ReLU, Linear 512→heads no bias),
 * qkv without bias, proj.
 */
const SWINV2_T = { embed: 96, depths: [2, 2, 6, 2], heads: [3, 6, 12, 24], window: 8, img: 256, patch: 4, classes: 1000, cpb: 512 };

function swinv2Stages(named: 'timm' | 'hf'): Module[] {
  const c = SWINV2_T;
  const w = c.window;
  const table = t('relative_coords_table', [1, 2 * w - 1, 2 * w - 1, 2]);
  const index = t('relative_position_index', [w * w, w * w], 'int64');
  return c.depths.map((depth, s) => {
    const dim = c.embed * 2 ** s;
    const heads = c.heads[s]!;
    const res = c.img / c.patch / 2 ** s;
    const cpb = indexed([linear(2, c.cpb), null, linear(c.cpb, heads, false)]);
    const blocks = Array.from({ length: depth }, (_, b) => {
      const shifted = b % 2 === 1 && res > w;
      if (named === 'timm') {
        return module(shifted ? [t('attn_mask', [(res / w) ** 2, w * w, w * w])] : [], [
          ['attn', module([t('logit_scale', [heads, 1, 1]), t('q_bias', [dim]), t('v_bias', [dim]), table, index], [
            ['cpb_mlp', cpb], ['qkv', linear(dim, 3 * dim, false)], ['proj', linear(dim, dim)],
          ])],
          ['norm1', affineNorm(dim)],
          ['mlp', module([], [['fc1', linear(dim, 4 * dim)], ['fc2', linear(4 * dim, dim)]])],
          ['norm2', affineNorm(dim)],
        ]);
      }
      return module([], [
        ['attention', module([], [
          ['self', module([t('logit_scale', [heads, 1, 1]), table, index], [
            ['continuous_position_bias_mlp', cpb], ['query', linear(dim, dim)], ['key', linear(dim, dim, false)], ['value', linear(dim, dim)],
          ])],
          ['output', module([], [['dense', linear(dim, dim)]])],
        ])],
        ['layernorm_before', affineNorm(dim)],
        ['intermediate', module([], [['dense', linear(dim, 4 * dim)]])],
        ['output', module([], [['dense', linear(4 * dim, dim)]])],
        ['layernorm_after', affineNorm(dim)],
      ]);
    });
    const children: [string, Module][] = [['blocks', indexed(blocks)]];
    if (s < c.depths.length - 1) children.push(['downsample', module([], [['reduction', linear(4 * dim, 2 * dim, false)], ['norm', affineNorm(2 * dim)]])]);
    return module([], children);
  });
}

function timmSwinv2(): Module {
  const c = SWINV2_T;
  const last = c.embed * 2 ** (c.depths.length - 1);
  return module([], [
    ['patch_embed', module([], [['proj', conv2d(3, c.embed, c.patch)], ['norm', affineNorm(c.embed)]])],
    ['layers', indexed(swinv2Stages('timm'))],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
  ]);
}

/**
 * transformers Swinv2ForImageClassification as the converter's version registered it (relative_coords_table
 * and relative_position_index persistent, which later versions made non-persistent): Swinv2Stage = blocks then
 * downsample, Swinv2SelfAttention = logit_scale, the two tables, continuous_position_bias_mlp, query, key
 * (no bias), value
 */
function hfSwinv2(): Module {
  const c = SWINV2_T;
  const last = c.embed * 2 ** (c.depths.length - 1);
  return module([], [
    ['swinv2', module([], [
      ['embeddings', module([], [['patch_embeddings', module([], [['projection', conv2d(3, c.embed, c.patch)]])], ['norm', affineNorm(c.embed)]])],
      ['encoder', module([], [['layers', indexed(swinv2Stages('hf'))]])],
      ['layernorm', affineNorm(last)],
    ])],
    ['classifier', linear(last, c.classes)],
  ]);
}

/** convert_swinv2_timm_to_pytorch.py rename_key before its last step (the head / swinv2. prefix) */
const SWINV2_RENAMES: [string, string][] = [
  ['patch_embed.proj', 'embeddings.patch_embeddings.projection'], ['patch_embed.norm', 'embeddings.norm'],
  ['attn.proj', 'attention.output.dense'], ['attn', 'attention.self'], ['norm1', 'layernorm_before'], ['norm2', 'layernorm_after'],
  ['mlp.fc1', 'intermediate.dense'], ['mlp.fc2', 'output.dense'], ['q_bias', 'query.bias'], ['k_bias', 'key.bias'], ['v_bias', 'value.bias'],
  ['cpb_mlp', 'continuous_position_bias_mlp'],
];

function swinv2RenameKey(key: string): string {
  let name = key.startsWith('patch_embed') ? renameInOrder(key, SWINV2_RENAMES.slice(0, 2)) : key;
  if (name.includes('layers')) name = `encoder.${name}`;
  name = renameInOrder(name, SWINV2_RENAMES.slice(2));
  if (name === 'norm.weight') name = 'layernorm.weight';
  if (name === 'norm.bias') name = 'layernorm.bias';
  return name.includes('head') ? name.replace('head', 'classifier') : `swinv2.${name}`;
}

export function swinv2TinyToHF(): Family {
  const source = stateDict(timmSwinv2(), 'float32');
  const target = stateDict(hfSwinv2(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key.includes('mask')) {
      truth[key] = null; // convert_state_dict skips the shifted-window masks: the model computes its own
      continue;
    }
    const qkv = /^layers\.(\d+)\.blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key);
    truth[key] = qkv
      ? ['query', 'key', 'value'].map((x) => `swinv2.encoder.layers.${qkv[1]}.blocks.${qkv[2]}.attention.self.${x}.${qkv[3]}`)
      : swinv2RenameKey(key);
  }
  return {
    name: 'swinv2-tiny-w8-timm-to-hf',
    description: 'Swin V2 tiny (window 8, 256 px) from timm into transformers Swinv2ForImageClassification: layers → encoder.layers, attn → attention.self with the bias-less fused qkv split into query / key / value weights and the separate q_bias / v_bias → query.bias / value.bias (the key has no bias), cpb_mlp → continuous_position_bias_mlp, norm1/norm2/mlp → layernorm_before/after, intermediate/output, shifted-window attn_mask buffers dropped, norm → layernorm, head → classifier, everything else under swinv2.',
    reference: 'huggingface/transformers src/transformers/models/swinv2/convert_swinv2_timm_to_pytorch.py rename_key, convert_state_dict (commit 0d7e95d96b4e187c651e2b2406ed98ed40d74963)',
    url: 'https://github.com/huggingface/transformers/blob/0d7e95d96b4e187c651e2b2406ed98ed40d74963/src/transformers/models/swinv2/convert_swinv2_timm_to_pytorch.py',
    source,
    target,
    truth,
    recipes: sliceRecipes(truth, target),
    // rename_key: 15 replacements and 2 exact names, the head / swinv2. branch; convert_state_dict: mask skip, qkv split
    patterns: 20,
  };
}

/** ConvNeXt-T (facebookresearch/ConvNeXt models/convnext.py: depths 3-3-9-3, dims 96-192-384-768) */
const CONVNEXT_T = { depths: [3, 3, 9, 3], dims: [96, 192, 384, 768], classes: 1000 };

/**
 * The original ConvNeXt and mmpretrain's ConvNeXt share the skeleton (downsample_layers, stages of blocks
 * whose layer-scale `gamma` is an own parameter, so first in each block); they differ in the block's leaf
 * names, the final norm and the head
 */
function convnextModel(leaf: { dw: string; pw1: string; pw2: string; norm: string }, head: (d: number) => [string, Module][], prefix: string): Module {
  const c = CONVNEXT_T;
  const down = c.dims.map((d, i) => (i === 0 ? indexed([conv2d(3, d, 4), affineNorm(d)]) : indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, d, 2)])));
  const stages = c.depths.map((depth, i) => {
    const d = c.dims[i]!;
    return indexed(Array.from({ length: depth }, () => module([t('gamma', [d])], [
      [leaf.dw, module([t('weight', [d, 1, 7, 7]), t('bias', [d])])], ['norm', affineNorm(d)], [leaf.pw1, linear(d, 4 * d)], [leaf.pw2, linear(4 * d, d)],
    ])));
  });
  const last = c.dims[c.dims.length - 1]!;
  const body = module([], [['downsample_layers', indexed(down)], ['stages', indexed(stages)], [leaf.norm, affineNorm(last)]]);
  return prefix ? module([], [[prefix, body], ...head(last)]) : module([], [...body.children, ...head(last)]);
}

export function convnextTinyToMmpretrain(): Family {
  const c = CONVNEXT_T;
  const source = stateDict(convnextModel({ dw: 'dwconv', pw1: 'pwconv1', pw2: 'pwconv2', norm: 'norm' }, (d) => [['head', linear(d, c.classes)]], ''), 'float32');
  // mmpretrain ImageClassifier: backbone ConvNeXt (out_indices 3 → norm3) and LinearClsHead fc
  const target = stateDict(convnextModel({ dw: 'depthwise_conv', pw1: 'pointwise_conv1', pw2: 'pointwise_conv2', norm: 'norm3' }, (d) => [['head', module([], [['fc', linear(d, c.classes)]])]], 'backbone'), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    // convert_convnext: head → head.fc; in stages dwconv → depthwise_conv, pwconv → pointwise_conv; norm → norm3; the rest under backbone.
    let k: string;
    if (key.startsWith('head')) {
      truth[key] = key.replace('head.', 'head.fc.');
      continue;
    } else if (key.startsWith('stages')) k = key.includes('dwconv') ? key.replace('dwconv', 'depthwise_conv') : key.includes('pwconv') ? key.replace('pwconv', 'pointwise_conv') : key;
    else if (key.startsWith('norm')) k = key.replace('norm', 'norm3');
    else k = key;
    truth[key] = `backbone.${k}`;
  }
  return {
    name: 'convnext-tiny-fb-to-mmpretrain',
    description: 'ConvNeXt-T from the facebookresearch release into mmpretrain ImageClassifier: everything under backbone., dwconv → depthwise_conv and pwconv1/2 → pointwise_conv1/2 inside the stages (the per-block norm keeps its name), the final norm → norm3 (the out-index norm), head → head.fc.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/convnext_to_mmpretrain.py convert_convnext (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/0979e785737baa0342a6be2917736a58669a1238/tools/model_converters/convnext_to_mmpretrain.py',
    source,
    target,
    truth,
    // head → head.fc, dwconv, pwconv, norm → norm3, backbone. prefix
    patterns: 5,
  };
}

/**
 * mmpretrain LeViT (mmpretrain/models/backbones/levit.py) at levit-128s: patch_embed.patch_embed.{0,2,4,6}
 * (conv, bn); stages.S = per stage its residual blocks (`block`: an attention with attention_biases /
 * attention_bias_idxs, qkv and proj.1 as linear + bn, or an MLP linear1 / linear2), the stages after the first
 * led by the attention subsample (kv, q.1, proj.1) and its residual MLP; LeViTClsHead head / head_dist (bn, linear)
 */
function mmpretrainLevit(c: LevitConfig): Module {
  const lbn = (i: number, o: number): Module => module([], [['linear', linear(i, o, false)], ['bn', batchNorm(o)]]);
  const residualMlp = (d: number, h: number): Module => module([], [['block', module([], [['linear1', lbn(d, h)], ['linear2', lbn(h, d)]])]]);
  const stages: Module[] = [];
  let res = c.img / 16;
  for (let s = 0; s < 3; s++) {
    const dim = c.dims[s]!;
    const h = c.heads[s]!;
    const dh = c.attnRatio * c.keyDim * h;
    const items: Module[] = [];
    if (s > 0) {
      const inDim = c.dims[s - 1]!;
      const nh = inDim / c.keyDim;
      const dhs = 4 * c.keyDim * nh;
      const resIn = res;
      res = Math.floor((res - 1) / 2) + 1;
      items.push(module([t('attention_biases', [nh, resIn * resIn]), t('attention_bias_idxs', [res * res, resIn * resIn], 'int64')], [
        ['kv', lbn(inDim, dhs + c.keyDim * nh)], ['q', indexed([null, lbn(inDim, c.keyDim * nh)])], ['proj', indexed([null, lbn(dhs, dim)])],
      ]));
      items.push(residualMlp(dim, dim * 2));
    }
    for (let d = 0; d < c.depths[s]!; d++) {
      items.push(module([], [['block', module([t('attention_biases', [h, res * res]), t('attention_bias_idxs', [res * res, res * res], 'int64')], [
        ['qkv', lbn(dim, dh + 2 * c.keyDim * h)], ['proj', indexed([null, lbn(dh, dim)])],
      ])]]));
      items.push(residualMlp(dim, dim * c.mlpRatio));
    }
    stages.push(indexed(items));
  }
  const last = c.dims[2]!;
  const bnl = (): Module => module([], [['bn', batchNorm(last)], ['linear', linear(last, 1000)]]);
  const cbn = (i: number, o: number): Module => module([], [['conv', conv2d(i, o, 3, false)], ['bn', batchNorm(o)]]);
  const d0 = c.dims[0]!;
  return module([], [
    ['backbone', module([], [
      ['patch_embed', module([], [['patch_embed', indexed([cbn(3, d0 / 8), null, cbn(d0 / 8, d0 / 4), null, cbn(d0 / 4, d0 / 2), null, cbn(d0 / 2, d0)])]])],
      ['stages', indexed(stages)],
    ])],
    ['head', module([], [['head', bnl()], ['head_dist', bnl()]])],
  ]);
}

/** levit2mmpretrain.py convert_levit, statement for statement (a running stage / first-block index over the flat blocks) */
function levit2mmpretrain(keys: string[]): Truth {
  const truth: Truth = {};
  let stage = 0;
  let block = 0;
  let change = true;
  for (const k of keys) {
    let nk: string;
    if (k.startsWith('head_dist')) {
      truth[k] = k.replace('head_dist.', 'head.head_dist.').replace('.l.', '.linear.');
      continue;
    } else if (k.startsWith('head')) {
      truth[k] = k.replace('head.', 'head.head.').replace('.l.', '.linear.');
      continue;
    } else if (k.startsWith('patch_embed')) {
      nk = k.replace('patch_embed.', 'patch_embed.patch_embed.').replace('.c.', '.conv.');
    } else if (k.startsWith('blocks')) {
      const strs = k.split('.');
      nk = k;
      if (k.includes('.m.')) {
        nk = nk.replace('.m.0', '.m.linear1').replace('.m.2', '.m.linear2').replace('.m.', '.block.');
        change = true;
      } else if (change) {
        stage += 1;
        block = Number(strs[1]);
        change = false;
      }
      nk = nk.replace(`blocks.${strs[1]}.`, `stages.${stage}.${Number(strs[1]) - block}.`).replace('.c.', '.linear.');
    } else nk = k;
    truth[k] = `backbone.${nk}`;
  }
  return truth;
}

export function levit128sToMmpretrain(config: LevitConfig = LEVIT_128S): Family {
  const source = stateDict(levitOriginal(config), 'float32');
  const target = stateDict(mmpretrainLevit(config), 'float32');
  return {
    name: 'levit-128s-original-to-mmpretrain',
    description: 'LeViT-128S from facebookresearch/LeViT (one flat `blocks` list: residual attention and MLP blocks, a stateless Subsample, the attention subsample) into mmpretrain LeViT: blocks.N → backbone.stages.S.J, where a block without `.m.` (the attention subsample) opens the next stage and J counts from it; .m. → .block., m.0 / m.2 → linear1 / linear2, .c. → .linear. (.conv. in the patch embedding), head / head_dist → head.head / head.head_dist with .l. → .linear.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/levit2mmpretrain.py convert_levit (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/0979e785737baa0342a6be2917736a58669a1238/tools/model_converters/levit2mmpretrain.py',
    source,
    target,
    truth: levit2mmpretrain(source.map((e) => e.key)),
    // head_dist, head, .l., patch_embed + .c. → .conv., m.0, m.2, .m., the stage / block index, .c. → .linear., backbone.
    patterns: 10,
  };
}

/** EfficientFormer-L1 (snap-research/EfficientFormer: widths 48-96-224-448, depths 3-2-6-4, one attention block at the end, distilled head) */
const EFFICIENTFORMER_L1 = { widths: [48, 96, 224, 448], depths: [3, 2, 6, 4], vit: 1, classes: 1000, keyDim: 32, heads: 8, attnRatio: 4, res: 7 };

function efficientformerAttention(dim: number): Module {
  const c = EFFICIENTFORMER_L1;
  const n = c.res * c.res;
  const dh = c.attnRatio * c.keyDim * c.heads;
  return module([t('attention_biases', [c.heads, n]), t('attention_bias_idxs', [n, n], 'int64')], [['qkv', linear(dim, dh + 2 * c.keyDim * c.heads)], ['proj', linear(dh, dim)]]);
}

/** models/efficientformer.py: patch_embed stem (conv, bn, relu, conv, bn, relu), network = stage, Embedding, stage, … (Meta4D: layer_scale_1/2, mlp fc1, fc2, norm1, norm2; Flat; Meta3D: layer_scale_1/2, norm1, token_mixer, norm2, mlp) */
function efficientformerOriginal(): Module {
  const c = EFFICIENTFORMER_L1;
  const network: Module[] = [];
  c.depths.forEach((depth, i) => {
    const d = c.widths[i]!;
    const blocks: (Module | null)[] = [];
    for (let b = 0; b < depth; b++) {
      const scales = [t('layer_scale_1', [d]), t('layer_scale_2', [d])];
      if (i === 3 && depth - b <= c.vit) {
        blocks.push(module(scales, [['norm1', affineNorm(d)], ['token_mixer', efficientformerAttention(d)], ['norm2', affineNorm(d)], ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])]]));
      } else {
        blocks.push(module(scales, [['mlp', module([], [['fc1', conv2d(d, 4 * d, 1)], ['fc2', conv2d(4 * d, d, 1)], ['norm1', batchNorm(4 * d)], ['norm2', batchNorm(d)]])]]));
        if (i === 3 && depth - b - 1 === c.vit) blocks.push(null); // Flat
      }
    }
    network.push(indexed(blocks));
    if (i < c.depths.length - 1) network.push(module([], [['proj', conv2d(d, c.widths[i + 1]!, 3)], ['norm', batchNorm(c.widths[i + 1]!)]]));
  });
  const last = c.widths[3]!;
  const w0 = c.widths[0]!;
  return module([], [
    ['patch_embed', indexed([conv2d(3, w0 / 2, 3), batchNorm(w0 / 2), null, conv2d(w0 / 2, w0, 3), batchNorm(w0)])],
    ['network', indexed(network)],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
    ['dist_head', linear(last, c.classes)],
  ]);
}

/** timm/models/efficientformer.py EfficientFormer: stem (conv1, norm1, conv2, norm2), stages.S (downsample conv / norm, blocks: MetaBlock2d ls1, mlp fc1 norm1 fc2 norm2, ls2; Flat; MetaBlock1d norm1, token_mixer, norm2, mlp, ls1, ls2), norm, head, head_dist */
function timmEfficientformer(): Module {
  const c = EFFICIENTFORMER_L1;
  const gamma = (d: number): Module => module([t('gamma', [d])]);
  const stages = c.depths.map((depth, i) => {
    const d = c.widths[i]!;
    const blocks: (Module | null)[] = [];
    for (let b = 0; b < depth; b++) {
      const remain = depth - b - 1;
      if (i === 3 && c.vit > remain) {
        blocks.push(module([], [['norm1', affineNorm(d)], ['token_mixer', efficientformerAttention(d)], ['norm2', affineNorm(d)], ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])], ['ls1', gamma(d)], ['ls2', gamma(d)]]));
      } else {
        blocks.push(module([], [['ls1', gamma(d)], ['mlp', module([], [['fc1', conv2d(d, 4 * d, 1)], ['norm1', batchNorm(4 * d)], ['fc2', conv2d(4 * d, d, 1)], ['norm2', batchNorm(d)]])], ['ls2', gamma(d)]]));
        if (i === 3 && c.vit === remain) blocks.push(null); // Flat
      }
    }
    const children: [string, Module][] = [];
    if (i > 0) children.push(['downsample', module([], [['conv', conv2d(c.widths[i - 1]!, d, 3)], ['norm', batchNorm(d)]])]);
    children.push(['blocks', indexed(blocks)]);
    return module([], children);
  });
  const last = c.widths[3]!;
  const w0 = c.widths[0]!;
  return module([], [
    ['stem', module([], [['conv1', conv2d(3, w0 / 2, 3)], ['norm1', batchNorm(w0 / 2)], ['conv2', conv2d(w0 / 2, w0, 3)], ['norm2', batchNorm(w0)]])],
    ['stages', indexed(stages)],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
    ['head_dist', linear(last, c.classes)],
  ]);
}

/** _checkpoint_filter_fn, statement for statement: the stage index steps at each downsample's proj.weight */
function efficientformerFilter(keys: string[]): Truth {
  const truth: Truth = {};
  let stage = 0;
  for (const key of keys) {
    let k = key;
    if (k.startsWith('patch_embed')) {
      k = k.replace('patch_embed.0', 'stem.conv1').replace('patch_embed.1', 'stem.norm1').replace('patch_embed.3', 'stem.conv2').replace('patch_embed.4', 'stem.norm2');
    }
    if (/^network\.(\d+)\.proj\.weight/.test(k)) stage += 1;
    k = k.replace(/network.(\d+).(\d+)/, `stages.${stage}.blocks.$2`);
    k = k.replace(/network.(\d+).proj/, `stages.${stage}.downsample.conv`);
    k = k.replace(/network.(\d+).norm/, `stages.${stage}.downsample.norm`);
    k = k.replace(/layer_scale_([0-9])/, 'ls$1.gamma');
    truth[key] = k.replace('dist_head', 'head_dist');
  }
  return truth;
}

export function efficientformerL1ToTimm(): Family {
  const source = stateDict(efficientformerOriginal(), 'float32');
  const target = stateDict(timmEfficientformer(), 'float32');
  const truth = efficientformerFilter(source.map((e) => e.key));
  // the layer scales are [dim] on both sides (LayerScale2d reshapes in forward), so no value op
  return {
    name: 'efficientformer-l1-snap-to-timm',
    description: 'EfficientFormer-L1 from snap-research (patch_embed Sequential, one flat `network` list alternating stages and downsampling Embeddings, layer_scale_1/2 as block parameters, dist_head) into timm efficientformer_l1: patch_embed.{0,1,3,4} → stem.conv1/norm1/conv2/norm2, network.N.J → stages.S.blocks.J and network.N.proj / norm → stages.S.downsample.conv / norm with S counted by the downsamplings seen, layer_scale_i → lsi.gamma, dist_head → head_dist.',
    reference: 'huggingface/pytorch-image-models timm/models/efficientformer.py _checkpoint_filter_fn (commit 086bd55a94dbebaf1e1b511ee04e753c81874106); the source model snap-research/EfficientFormer models/efficientformer.py (commit 0fd00b2a137a7bf6f36e049c55c352d8c63e5fe5)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/086bd55a94dbebaf1e1b511ee04e753c81874106/timm/models/efficientformer.py',
    source,
    target,
    truth,
    // four stem replacements, the stage counter with the blocks / proj / norm substitutions, layer_scale, dist_head
    patterns: 9,
  };
}

/** CvT-13 (microsoft/CvT cls_cvt.py, cvt-13-224x224: depths 1-2-10, dims 64-192-384, heads 1-3-6, patch 7/3/3, dw_bn projections, a cls token in the last stage) */
const CVT_13 = { depths: [1, 2, 10], dims: [64, 192, 384], patch: [7, 3, 3], classes: 1000 };

/** one CvT attention block in either naming: the depthwise conv + BatchNorm projections of q, k, v, their linear projections, the output projection, the MLP and the two norms */
function cvtStages(hf: boolean): Module[] {
  const c = CVT_13;
  return c.depths.map((depth, s) => {
    const d = c.dims[s]!;
    const inCh = s === 0 ? 3 : c.dims[s - 1]!;
    const dw = (): Module => module([], [[hf ? 'convolution' : 'conv', module([t('weight', [d, 1, 3, 3])])], [hf ? 'normalization' : 'bn', batchNorm(d)]]);
    const block = (): Module => (hf
      ? module([], [
        ['attention', module([], [
          ['attention', module([], [
            ...(['query', 'key', 'value'] as const).map((x): [string, Module] => [`convolution_projection_${x}`, module([], [['convolution_projection', dw()]])]),
            ...(['query', 'key', 'value'] as const).map((x): [string, Module] => [`projection_${x}`, linear(d, d)]),
          ])],
          ['output', module([], [['dense', linear(d, d)]])],
        ])],
        ['intermediate', module([], [['dense', linear(d, 4 * d)]])],
        ['output', module([], [['dense', linear(4 * d, d)]])],
        ['layernorm_before', affineNorm(d)],
        ['layernorm_after', affineNorm(d)],
      ])
      : module([], [
        ['norm1', affineNorm(d)],
        ['attn', module([], [
          ['conv_proj_q', dw()], ['conv_proj_k', dw()], ['conv_proj_v', dw()],
          ['proj_q', linear(d, d)], ['proj_k', linear(d, d)], ['proj_v', linear(d, d)], ['proj', linear(d, d)],
        ])],
        ['norm2', affineNorm(d)],
        ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
      ]));
    const own = s === c.depths.length - 1 ? [t('cls_token', [1, 1, d])] : [];
    const embed = hf
      ? module([], [['convolution_embeddings', module([], [['projection', conv2d(inCh, d, c.patch[s]!)], ['normalization', affineNorm(d)]])]])
      : module([], [['proj', conv2d(inCh, d, c.patch[s]!)], ['norm', affineNorm(d)]]);
    return module(own, [[hf ? 'embedding' : 'patch_embed', embed], [hf ? 'layers' : 'blocks', indexed(Array.from({ length: depth }, block))]]);
  });
}

/** the original ConvolutionalVisionTransformer: stage0 … stage2, norm, head */
function cvtOriginal(): Module {
  const last = CVT_13.dims[2]!;
  return module([], [...cvtStages(false).map((m, s): [string, Module] => [`stage${s}`, m]), ['norm', affineNorm(last)], ['head', linear(last, CVT_13.classes)]]);
}

/** transformers CvtForImageClassification: cvt.encoder.stages.S (cls_token, embedding.convolution_embeddings, layers), layernorm, classifier */
function hfCvt(): Module {
  const last = CVT_13.dims[2]!;
  return module([], [['cvt', module([], [['encoder', module([], [['stages', indexed(cvtStages(true))]])]])], ['layernorm', affineNorm(last)], ['classifier', linear(last, CVT_13.classes)]]);
}

/** convert_cvt_original_pytorch_checkpoint_to_pytorch.py: the (hf, original) pairs of embeddings(idx), attention(idx, cnt), cls_token(idx) and final() */
function cvtPairs(): [string, string][] {
  const pairs: [string, string][] = [];
  const bn = ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked'];
  CVT_13.depths.forEach((depth, idx) => {
    const st = `cvt.encoder.stages.${idx}`;
    if (idx === CVT_13.depths.length - 1) pairs.push([`${st}.cls_token`, 'stage2.cls_token']);
    for (const [hf, orig] of [['projection', 'proj'], ['normalization', 'norm']]) for (const w of ['weight', 'bias']) pairs.push([`${st}.embedding.convolution_embeddings.${hf}.${w}`, `stage${idx}.patch_embed.${orig}.${w}`]);
    for (let cnt = 0; cnt < depth; cnt++) {
      const hl = `${st}.layers.${cnt}`;
      const ob = `stage${idx}.blocks.${cnt}`;
      for (const [x, q] of [['query', 'q'], ['key', 'k'], ['value', 'v']]) {
        const cp = `${hl}.attention.attention.convolution_projection_${x}.convolution_projection`;
        pairs.push([`${cp}.convolution.weight`, `${ob}.attn.conv_proj_${q}.conv.weight`]);
        for (const b of bn) pairs.push([`${cp}.normalization.${b}`, `${ob}.attn.conv_proj_${q}.bn.${b}`]);
      }
      for (const [x, q] of [['query', 'q'], ['key', 'k'], ['value', 'v']]) for (const w of ['weight', 'bias']) pairs.push([`${hl}.attention.attention.projection_${x}.${w}`, `${ob}.attn.proj_${q}.${w}`]);
      for (const [hf, orig] of [['attention.output.dense', 'attn.proj'], ['intermediate.dense', 'mlp.fc1'], ['output.dense', 'mlp.fc2'], ['layernorm_before', 'norm1'], ['layernorm_after', 'norm2']]) {
        for (const w of ['weight', 'bias']) pairs.push([`${hl}.${hf}.${w}`, `${ob}.${orig}.${w}`]);
      }
    }
  });
  pairs.push(['layernorm.weight', 'norm.weight'], ['layernorm.bias', 'norm.bias'], ['classifier.weight', 'head.weight'], ['classifier.bias', 'head.bias']);
  return pairs;
}

export function cvt13ToHF(): Family {
  const source = stateDict(cvtOriginal(), 'float32');
  const target = stateDict(hfCvt(), 'float32');
  const truth: Truth = {};
  for (const [hf, orig] of cvtPairs()) truth[orig] = hf;
  return {
    name: 'cvt-13-microsoft-to-hf',
    description: 'CvT-13 from microsoft/CvT (stage0…stage2, each patch_embed + blocks with conv_proj_q/k/v (depthwise conv + BatchNorm), proj_q/k/v, proj, mlp; a cls token in stage2) → transformers CvtForImageClassification: stageN → cvt.encoder.stages.N, patch_embed.proj / norm → embedding.convolution_embeddings.projection / normalization, blocks.J → layers.J, conv_proj_x.conv / bn → attention.attention.convolution_projection_{query,key,value}.convolution_projection.convolution / normalization, proj_x → projection_{query,key,value}, attn.proj → attention.output.dense, mlp.fc1 / fc2 → intermediate.dense / output.dense, norm1 / norm2 → layernorm_before / after, norm / head → layernorm / classifier.',
    reference: 'huggingface/transformers src/transformers/models/cvt/convert_cvt_original_pytorch_checkpoint_to_pytorch.py embeddings, attention, cls_token, final (commit 0c654085fb6ab4312e84c904035190a4277596a1)',
    url: 'https://github.com/huggingface/transformers/blob/0c654085fb6ab4312e84c904035190a4277596a1/src/transformers/models/cvt/convert_cvt_original_pytorch_checkpoint_to_pytorch.py',
    source,
    target,
    truth,
    // the module renames the pair tables spell out: stage / blocks, patch proj, patch norm, conv_proj q/k/v × conv / bn,
    // proj_q/k/v, attn.proj, fc1, fc2, norm1, norm2, cls_token, norm, head
    patterns: 20,
  };
}

/** TinyViT-5M (tiny_vit_5m_224: dims 64-128-160-320, depths 2-2-6-2, heads 2-4-5-10, windows 7-7-14-7, MBConv expansion 4, mlp 4, local conv 3) */
const TINYVIT_5M = { dims: [64, 128, 160, 320], depths: [2, 2, 6, 2], heads: [2, 4, 5, 10], windows: [7, 7, 14, 7], classes: 1000 };

/**
 * TinyViT in either naming: microsoft/Cream TinyViT/models/tiny_vit.py (Conv2d_BN children `c` / `bn`,
 * patch_embed.seq.{0,2}, layers.N = blocks then the PatchMerging downsample into the next width,
 * norm_head, head) or timm's port (ConvNorm `conv` / `bn`, patch_embed.conv1/2, stages.N = the downsample
 * into this width then blocks, head.norm_head / head.fc). The attention_bias_idxs buffers are non-persistent
 * on both sides.
 */
function tinyVit(timm: boolean): Module {
  const c = TINYVIT_5M;
  const cbn = (i: number, o: number, k: number, depthwise = false): Module => module([], [[timm ? 'conv' : 'c', module([t('weight', [o, depthwise ? 1 : i, k, k])])], ['bn', batchNorm(o)]]);
  const merging = (i: number, o: number): Module => module([], [['conv1', cbn(i, o, 1)], ['conv2', cbn(o, o, 3, true)], ['conv3', cbn(o, o, 1)]]);
  const blocksOf = (s: number): Module => {
    const d = c.dims[s]!;
    if (s === 0) return indexed(Array.from({ length: c.depths[0]! }, () => module([], [['conv1', cbn(d, 4 * d, 1)], ['conv2', cbn(4 * d, 4 * d, 3, true)], ['conv3', cbn(4 * d, d, 1)]])));
    const w = c.windows[s]!;
    return indexed(Array.from({ length: c.depths[s]! }, () => module([], [
      ['attn', module([t('attention_biases', [c.heads[s]!, w * w])], [['norm', affineNorm(d)], ['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
      ['mlp', module([], [['norm', affineNorm(d)], ['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
      ['local_conv', cbn(d, d, 3, true)],
    ])));
  };
  const d0 = c.dims[0]!;
  const last = c.dims[c.dims.length - 1]!;
  if (timm) {
    const stages = c.dims.map((_, s) => module([], [...(s > 0 ? [['downsample', merging(c.dims[s - 1]!, c.dims[s]!)] as [string, Module]] : []), ['blocks', blocksOf(s)]]));
    return module([], [
      ['patch_embed', module([], [['conv1', cbn(3, d0 / 2, 3)], ['conv2', cbn(d0 / 2, d0, 3)]])],
      ['stages', indexed(stages)],
      ['head', module([], [['norm_head', affineNorm(last)], ['fc', linear(last, c.classes)]])],
    ]);
  }
  const layers = c.dims.map((_, s) => module([], [['blocks', blocksOf(s)], ...(s < c.dims.length - 1 ? [['downsample', merging(c.dims[s]!, c.dims[s + 1]!)] as [string, Module]] : [])]));
  return module([], [
    ['patch_embed', module([], [['seq', indexed([cbn(3, d0 / 2, 3), null, cbn(d0 / 2, d0, 3)])]])],
    ['layers', indexed(layers)],
    ['norm_head', affineNorm(last)],
    ['head', linear(last, c.classes)],
  ]);
}

export function tinyVit5mToTimm(): Family {
  const source = stateDict(tinyVit(false), 'float32');
  const target = stateDict(tinyVit(true), 'float32');
  // checkpoint_filter_fn: the i-th checkpoint tensor becomes the model's i-th key (idxs skipped; none is saved);
  // attention_biases would be resampled to the model's window, which is the checkpoint's here
  if (source.length !== target.length) throw new Error(`tiny_vit: ${source.length} checkpoint tensors vs ${target.length} model tensors`);
  const truth: Truth = {};
  source.forEach((e, i) => {
    const tk = target[i]!;
    if (e.shape!.join() !== tk.shape!.join()) throw new Error(`tiny_vit: ${e.key} ${e.shape} vs ${tk.key} ${tk.shape}`);
    truth[e.key] = tk.key;
  });
  return {
    name: 'tinyvit-5m-cream-to-timm',
    description: 'TinyViT-5M from microsoft/Cream into timm tiny_vit_5m_224, zipped by order: patch_embed.seq.0/2 → patch_embed.conv1/conv2, each Conv2d_BN `.c` → `.conv`, layers.N.blocks → stages.N.blocks, and every layer\'s trailing PatchMerging downsample (layers.N.downsample) → the leading downsample of the next stage (stages.{N+1}.downsample), norm_head / head → head.norm_head / head.fc.',
    reference: 'huggingface/pytorch-image-models timm/models/tiny_vit.py checkpoint_filter_fn (commit 097d6a8d0b1568a9964054b1e4a1e095dbd54eb1); the source model microsoft/Cream TinyViT/models/tiny_vit.py (commit 1a5757b212d0393d48f3b2183614ead22a32a842)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/097d6a8d0b1568a9964054b1e4a1e095dbd54eb1/timm/models/tiny_vit.py',
    source,
    target,
    truth,
    // as a rename table: seq.0 / seq.2 → conv1 / conv2, .c. → .conv., layers → stages, layers.N.downsample → stages.{N+1}.downsample, norm_head, head
    patterns: 6,
  };
}
