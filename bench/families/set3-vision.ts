import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { RuleTrace } from './rules.js';

/**
 * The third set of conversion families (session 5), vision and diffusion side: conversion code none of the
 * first 42 families uses. Each key list is rebuilt from the model definitions at a real configuration, in
 * state_dict order (or, for checkpoints that are not a state_dict, the order the file lists them).
 */

type Truth = Record<string, string | string[] | null>;

/** order of a listing sorted by name (npz, tf.train.list_variables) */
export const byKey = (a: KeyEntry, b: KeyEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

// ---------------------------------------------------------------------------------------------------------
// BiT (big_transfer) TF npz → timm ResNetV2

/** BiT-M R50x1: ResNet-50 v2 (pre-activation, GroupNorm + weight standardisation), ImageNet-21k head */
const BIT_R50X1 = { depths: [3, 4, 6, 3], widths: [256, 512, 1024, 2048], stem: 64, classes: 21843 };

/**
 * The BiT-M-R50x1.npz arrays (google-research/big_transfer, TF2 variable names under `resnet/`), sorted as
 * numpy lists an npz: conv kernels HWIO, GroupNorm gamma/beta, the head a 1×1 conv with bias.
 */
function bitNpz(c: typeof BIT_R50X1): KeyEntry[] {
  const out: KeyEntry[] = [];
  const add = (key: string, shape: number[]) => out.push({ key: `resnet/${key}`, shape, dtype: 'float32' });
  add('root_block/standardized_conv2d/kernel', [7, 7, 3, c.stem]);
  let inCh = c.stem;
  c.depths.forEach((n, s) => {
    const o = c.widths[s]!;
    const mid = o / 4;
    for (let b = 0; b < n; b++) {
      const p = `block${s + 1}/unit${String(b + 1).padStart(2, '0')}/`;
      const i = b === 0 ? inCh : o;
      add(`${p}a/group_norm/gamma`, [i]);
      add(`${p}a/group_norm/beta`, [i]);
      add(`${p}a/standardized_conv2d/kernel`, [1, 1, i, mid]);
      if (b === 0) add(`${p}a/proj/standardized_conv2d/kernel`, [1, 1, i, o]);
      add(`${p}b/group_norm/gamma`, [mid]);
      add(`${p}b/group_norm/beta`, [mid]);
      add(`${p}b/standardized_conv2d/kernel`, [3, 3, mid, mid]);
      add(`${p}c/group_norm/gamma`, [mid]);
      add(`${p}c/group_norm/beta`, [mid]);
      add(`${p}c/standardized_conv2d/kernel`, [1, 1, mid, o]);
    }
    inCh = o;
  });
  add('group_norm/gamma', [c.widths[3]!]);
  add('group_norm/beta', [c.widths[3]!]);
  add('head/conv2d/kernel', [1, 1, c.widths[3]!, c.classes]);
  add('head/conv2d/bias', [c.classes]);
  return out.sort(byKey);
}

/** timm ResNetV2 (preact, stem_type 'fixed'): stem.conv, stages.S.blocks.B (downsample.conv, norm1, conv1, norm2, conv2, norm3, conv3), norm, head.fc (1×1 conv) */
function timmResNetV2(c: typeof BIT_R50X1): Module {
  let inCh = c.stem;
  const stages = c.depths.map((n, s) => {
    const o = c.widths[s]!;
    const mid = o / 4;
    const blocks = Array.from({ length: n }, (_, b) => {
      const i = b === 0 ? inCh : o;
      const children: [string, Module][] = [];
      if (b === 0) children.push(['downsample', module([], [['conv', conv2d(i, o, 1, false)]])]);
      children.push(['norm1', affineNorm(i)], ['conv1', conv2d(i, mid, 1, false)], ['norm2', affineNorm(mid)], ['conv2', conv2d(mid, mid, 3, false)], ['norm3', affineNorm(mid)], ['conv3', conv2d(mid, o, 1, false)]);
      return module([], children);
    });
    inCh = o;
    return module([], [['blocks', indexed(blocks)]]);
  });
  return module([], [
    ['stem', module([], [['conv', conv2d(3, c.stem, 7, false)]])],
    ['stages', indexed(stages)],
    ['norm', affineNorm(c.widths[3]!)],
    ['head', module([], [['fc', conv2d(c.widths[3]!, c.classes, 1)]])],
  ]);
}

export function bitNpzToTimm(): Family {
  const source = bitNpz(BIT_R50X1);
  const truth: Truth = {};
  const transposed: string[] = [];
  const unitNames: Record<string, [string, string]> = { a: ['conv1', 'norm1'], b: ['conv2', 'norm2'], c: ['conv3', 'norm3'] };
  for (const { key, shape } of source) {
    const k = key.slice('resnet/'.length);
    let m: RegExpExecArray | null;
    if (k === 'root_block/standardized_conv2d/kernel') truth[key] = 'stem.conv.weight';
    else if ((m = /^group_norm\/(gamma|beta)$/.exec(k))) truth[key] = `norm.${m[1] === 'gamma' ? 'weight' : 'bias'}`;
    else if ((m = /^head\/conv2d\/(kernel|bias)$/.exec(k))) truth[key] = `head.fc.${m[1] === 'kernel' ? 'weight' : 'bias'}`;
    else if ((m = /^block(\d)\/unit(\d\d)\/a\/proj\/standardized_conv2d\/kernel$/.exec(k))) truth[key] = `stages.${+m[1]! - 1}.blocks.${+m[2]! - 1}.downsample.conv.weight`;
    else {
      m = /^block(\d)\/unit(\d\d)\/([abc])\/(group_norm\/gamma|group_norm\/beta|standardized_conv2d\/kernel)$/.exec(k)!;
      const [conv, norm] = unitNames[m[3]!]!;
      const leaf = m[4] === 'standardized_conv2d/kernel' ? `${conv}.weight` : `${norm}.${m[4]!.endsWith('gamma') ? 'weight' : 'bias'}`;
      truth[key] = `stages.${+m[1]! - 1}.blocks.${+m[2]! - 1}.${leaf}`;
    }
    // t2p: 4-d kernels HWIO → OIHW (transpose [3, 2, 0, 1]: for square kernels the reversed shape)
    if (shape!.length === 4) transposed.push(key);
  }
  return {
    name: 'bit-m-r50x1-npz-to-timm-resnetv2',
    description: 'Big Transfer BiT-M-R50x1.npz (TF variable names, sorted) → timm ResNetV2 (resnetv2_50x1_bit): resnet/blockS/unitUU (1-based, two digits) → stages.S−1.blocks.UU−1, a/b/c → conv1/2/3 and their pre-activation GroupNorms norm1/2/3 (gamma/beta → weight/bias), a/proj → downsample.conv, root_block → stem.conv, the final group_norm → norm, head/conv2d → head.fc (a 1×1 conv); every conv kernel HWIO → OIHW.',
    reference: 'huggingface/pytorch-image-models timm/models/resnetv2.py _load_weights (t2p, block_prefix = f"{prefix}block{i + 1}/unit{j + 1:02d}/")',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/main/timm/models/resnetv2.py',
    source,
    target: stateDict(timmResNetV2(BIT_R50X1), 'float32'),
    truth,
    transposed,
    // the script's copy_ statements: stem, norm gamma, norm beta, head kernel, head bias, a/b/c kernels (3),
    // a/b/c gamma (3), a/b/c beta (3), proj, plus t2p's HWIO → OIHW transpose
    patterns: 16,
  };
}

// ---------------------------------------------------------------------------------------------------------
// T2I-Adapter (TencentARC) → diffusers T2IAdapter

/** TencentARC t2iadapter_*_sd14v1: Adapter(cin=64*3, channels [320, 640, 1280, 1280], nums_rb=2, ksize=1, sk=True, use_conv=False) */
const T2I_SD14 = { cin: 192, channels: [320, 640, 1280, 1280], perStage: 2 };

/** T2I-Adapter ldm/modules/encoders/adapter.py Adapter: body (flat list of ResnetBlocks: in_conv when channels change, block1 3×3, block2 1×1), then conv_in */
function tencentAdapter(c: typeof T2I_SD14): Module {
  const body: Module[] = [];
  c.channels.forEach((ch, i) => {
    for (let j = 0; j < c.perStage; j++) {
      const inCh = i !== 0 && j === 0 ? c.channels[i - 1]! : ch;
      const children: [string, Module][] = [];
      if (inCh !== ch) children.push(['in_conv', conv2d(inCh, ch, 1)]);
      children.push(['block1', conv2d(ch, ch, 3)], ['block2', conv2d(ch, ch, 1)]);
      body.push(module([], children));
    }
  });
  return module([], [['body', indexed(body)], ['conv_in', conv2d(c.cin, c.channels[0]!, 3)]]);
}

/** diffusers T2IAdapter(FullAdapter): adapter.conv_in, adapter.body.S (in_conv when channels change, resnets.J: block1, block2) */
function diffusersAdapter(c: typeof T2I_SD14): Module {
  const body = c.channels.map((ch, i) => {
    const inCh = i === 0 ? ch : c.channels[i - 1]!;
    const children: [string, Module][] = [];
    if (inCh !== ch) children.push(['in_conv', conv2d(inCh, ch, 1)]);
    children.push(['resnets', indexed(Array.from({ length: c.perStage }, () => module([], [['block1', conv2d(ch, ch, 3)], ['block2', conv2d(ch, ch, 1)]])))]);
    return module([], children);
  });
  return module([], [['adapter', module([], [['conv_in', conv2d(c.cin, c.channels[0]!, 3)], ['body', indexed(body)]])]]);
}

export function t2iAdapterToDiffusers(): Family {
  const c = T2I_SD14;
  const source = stateDict(tencentAdapter(c), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    const m = /^body\.(\d+)\.(in_conv|block1|block2)\.(weight|bias)$/.exec(key);
    if (!m) { truth[key] = `adapter.${key}`; continue; }
    const i = +m[1]!;
    const s = Math.floor(i / c.perStage);
    truth[key] = m[2] === 'in_conv' ? `adapter.body.${s}.in_conv.${m[3]}` : `adapter.body.${s}.resnets.${i % c.perStage}.${m[2]}.${m[3]}`;
  }
  return {
    name: 't2i-adapter-sd14-to-diffusers',
    description: 'TencentARC T2I-Adapter for SD 1.4 (full adapter, 4 × 2 ResnetBlocks in one flat body list, conv_in registered last) → diffusers T2IAdapter: body.I → adapter.body.I//2.resnets.I%2 (stage regrouping with index arithmetic), the in_conv of body.2/body.4 → adapter.body.1/2.in_conv (body.6 has none: 1280 → 1280), conv_in → adapter.conv_in. Stages 2 and 3 are twins of the same shapes: only order separates them.',
    reference: 'huggingface/diffusers scripts/convert_original_t2i_adapter.py convert_adapter',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_original_t2i_adapter.py',
    source,
    target: stateDict(diffusersAdapter(c), 'float32'),
    truth,
    // written out key by key in the script; as patterns: the adapter. prefix (conv_in), body.{i} → body.{i//2}.resnets.{i%2}, body.{2s}.in_conv → body.{s}.in_conv
    patterns: 3,
  };
}

// ---------------------------------------------------------------------------------------------------------
// DETR (facebookresearch/detr) → transformers DetrForObjectDetection

/** DETR-R50: ResNet-50 backbone with FrozenBatchNorm2d, 6 + 6 layers of d 256, ffn 2048, 100 queries, 91 + 1 classes */
const DETR_R50 = { enc: 6, dec: 6, d: 256, ffn: 2048, queries: 100, classes: 92 };

/** FrozenBatchNorm2d (DETR's and transformers' DetrFrozenBatchNorm2d): buffers weight, bias, running_mean, running_var */
function frozenBN(c: number): Module {
  return module([t('weight', [c]), t('bias', [c]), t('running_mean', [c]), t('running_var', [c])]);
}

/** torchvision ResNet-50 body without avgpool / fc, BatchNorm frozen (conv1, bn1, layerL.B conv1-3/bn1-3, downsample.0/1) */
function frozenResNet50(): Module {
  const stages: [string, Module][] = [];
  let inCh = 64;
  [[3, 64], [4, 128], [6, 256], [3, 512]].forEach(([n, w], s) => {
    const o = w! * 4;
    stages.push([`layer${s + 1}`, indexed(Array.from({ length: n! }, (_, b) => {
      const i = b === 0 ? inCh : o;
      const children: [string, Module][] = [
        ['conv1', conv2d(i, w!, 1, false)], ['bn1', frozenBN(w!)], ['conv2', conv2d(w!, w!, 3, false)], ['bn2', frozenBN(w!)],
        ['conv3', conv2d(w!, o, 1, false)], ['bn3', frozenBN(o)],
      ];
      if (b === 0) children.push(['downsample', indexed([conv2d(i, o, 1, false), frozenBN(o)])]);
      return module([], children);
    }))]);
    inCh = o;
  });
  return module([], [['conv1', conv2d(3, 64, 7, false)], ['bn1', frozenBN(64)], ...stages]);
}

/** nn.MultiheadAttention: in_proj_weight, in_proj_bias (fused q, k, v), out_proj */
function torchMHA(d: number): Module {
  return module([t('in_proj_weight', [3 * d, d]), t('in_proj_bias', [3 * d])], [['out_proj', linear(d, d)]]);
}

/** facebookresearch/detr models/detr.py DETR: transformer, class_embed, bbox_embed (MLP), query_embed, input_proj, backbone (Joiner: 0.body) */
function detrOriginal(c: typeof DETR_R50): Module {
  const encLayer = (): Module => module([], [['self_attn', torchMHA(c.d)], ['linear1', linear(c.d, c.ffn)], ['linear2', linear(c.ffn, c.d)], ['norm1', affineNorm(c.d)], ['norm2', affineNorm(c.d)]]);
  const decLayer = (): Module => module([], [
    ['self_attn', torchMHA(c.d)], ['multihead_attn', torchMHA(c.d)], ['linear1', linear(c.d, c.ffn)], ['linear2', linear(c.ffn, c.d)],
    ['norm1', affineNorm(c.d)], ['norm2', affineNorm(c.d)], ['norm3', affineNorm(c.d)],
  ]);
  return module([], [
    ['transformer', module([], [
      ['encoder', module([], [['layers', indexed(Array.from({ length: c.enc }, encLayer))]])],
      ['decoder', module([], [['layers', indexed(Array.from({ length: c.dec }, decLayer))], ['norm', affineNorm(c.d)]])],
    ])],
    ['class_embed', linear(c.d, c.classes)],
    ['bbox_embed', module([], [['layers', indexed([linear(c.d, c.d), linear(c.d, c.d), linear(c.d, 4)])]])],
    ['query_embed', embedding(c.queries, c.d)],
    ['input_proj', conv2d(2048, c.d, 1)],
    ['backbone', indexed([module([], [['body', frozenResNet50()]])])],
  ]);
}

/** DetrAttention: k_proj, v_proj, q_proj, out_proj */
function detrAttention(d: number): Module {
  return module([], [['k_proj', linear(d, d)], ['v_proj', linear(d, d)], ['q_proj', linear(d, d)], ['out_proj', linear(d, d)]]);
}

/** transformers DetrForObjectDetection (timm backbone): model (backbone.conv_encoder.model, input_projection, query_position_embeddings, encoder, decoder), class_labels_classifier, bbox_predictor */
function hfDetr(c: typeof DETR_R50): Module {
  const encLayer = (): Module => module([], [['self_attn', detrAttention(c.d)], ['self_attn_layer_norm', affineNorm(c.d)], ['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)], ['final_layer_norm', affineNorm(c.d)]]);
  const decLayer = (): Module => module([], [
    ['self_attn', detrAttention(c.d)], ['self_attn_layer_norm', affineNorm(c.d)], ['encoder_attn', detrAttention(c.d)], ['encoder_attn_layer_norm', affineNorm(c.d)],
    ['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)], ['final_layer_norm', affineNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [
      ['backbone', module([], [['conv_encoder', module([], [['model', frozenResNet50()]])]])],
      ['input_projection', conv2d(2048, c.d, 1)],
      ['query_position_embeddings', embedding(c.queries, c.d)],
      ['encoder', module([], [['layers', indexed(Array.from({ length: c.enc }, encLayer))]])],
      ['decoder', module([], [['layers', indexed(Array.from({ length: c.dec }, decLayer))], ['layernorm', affineNorm(c.d)]])],
    ])],
    ['class_labels_classifier', linear(c.d, c.classes)],
    ['bbox_predictor', module([], [['layers', indexed([linear(c.d, c.d), linear(c.d, c.d), linear(c.d, 4)])]])],
  ]);
}

export function detrToHF(): Family {
  const c = DETR_R50;
  const source = stateDict(detrOriginal(c), 'float32');
  const truth: Truth = {};
  const layerNames: Record<string, string> = {
    'linear1': 'fc1', 'linear2': 'fc2', 'self_attn.out_proj': 'self_attn.out_proj', 'multihead_attn.out_proj': 'encoder_attn.out_proj',
  };
  const encNorms: Record<string, string> = { norm1: 'self_attn_layer_norm', norm2: 'final_layer_norm' };
  const decNorms: Record<string, string> = { norm1: 'self_attn_layer_norm', norm2: 'encoder_attn_layer_norm', norm3: 'final_layer_norm' };
  for (const { key } of source) {
    let m: RegExpExecArray | null;
    if (key.startsWith('backbone.0.body.')) truth[key] = `model.backbone.conv_encoder.model.${key.slice('backbone.0.body.'.length)}`;
    else if ((m = /^transformer\.(encoder|decoder)\.layers\.(\d+)\.(self_attn|multihead_attn)\.in_proj_(weight|bias)$/.exec(key))) {
      // read_in_q_k_v: rows [:256] → q, [256:512] → k, [-256:] → v
      const attn = m[3] === 'self_attn' ? 'self_attn' : 'encoder_attn';
      truth[key] = ['q_proj', 'k_proj', 'v_proj'].map((p) => `model.${m![1]}.layers.${m![2]}.${attn}.${p}.${m![4]}`);
    } else if ((m = /^transformer\.(encoder|decoder)\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(key))) {
      const norms = m[1] === 'encoder' ? encNorms : decNorms;
      truth[key] = `model.${m[1]}.layers.${m[2]}.${norms[m[3]!] ?? layerNames[m[3]!]}.${m[4]}`;
    } else if (key.startsWith('transformer.decoder.norm.')) truth[key] = key.replace('transformer.decoder.norm.', 'model.decoder.layernorm.');
    else if (key.startsWith('class_embed.')) truth[key] = key.replace('class_embed.', 'class_labels_classifier.');
    else if (key.startsWith('bbox_embed.')) truth[key] = key.replace('bbox_embed.', 'bbox_predictor.');
    else if (key === 'query_embed.weight') truth[key] = 'model.query_position_embeddings.weight';
    else truth[key] = key.replace('input_proj.', 'model.input_projection.');
  }
  return {
    name: 'detr-r50-original-to-hf',
    description: 'facebookresearch/detr DETR-R50 → transformers DetrForObjectDetection: backbone.0.body → model.backbone.conv_encoder.model (FrozenBN buffers kept), every nn.MultiheadAttention in_proj_weight/bias split in three (q, k, v) for encoder self-attention and decoder self- and cross-attention (multihead_attn → encoder_attn), linear1/2 → fc1/2, norm1/2/3 → the named layer norms (decoder norm2 → encoder_attn_layer_norm), transformer.decoder.norm → decoder.layernorm, input_proj/query_embed → input_projection/query_position_embeddings, class_embed/bbox_embed → class_labels_classifier/bbox_predictor outside the model. prefix.',
    reference: 'huggingface/transformers src/transformers/models/detr/convert_detr_original_pytorch_checkpoint_to_pytorch.py rename_keys, rename_backbone_keys, read_in_q_k_v',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/detr/convert_detr_original_pytorch_checkpoint_to_pytorch.py',
    source,
    target: stateDict(hfDetr(c), 'float32'),
    truth,
    // backbone prefix; encoder out_proj, linear1, linear2, norm1, norm2; decoder self out_proj, multihead out_proj,
    // linear1, linear2, norm1, norm2, norm3; input_proj, query_embed, decoder.norm, class_embed, bbox_embed;
    // three q/k/v splits; the model. prefix
    patterns: 22,
  };
}

// ---------------------------------------------------------------------------------------------------------
// FLUX.1 (black-forest-labs) → diffusers FluxTransformer2DModel

/** FLUX.1-schnell: 19 double + 38 single blocks, hidden 3072, 24 heads of 128, mlp ratio 4, no guidance embedder */
const FLUX_SCHNELL = { double: 19, single: 38, d: 3072, head: 128, mlp: 12288, inCh: 64, context: 4096, vec: 768 };

/** black-forest-labs/flux src/flux/model.py Flux (guidance_embed False) */
function bflFlux(c: typeof FLUX_SCHNELL): Module {
  const mlpEmbedder = (i: number): Module => module([], [['in_layer', linear(i, c.d)], ['out_layer', linear(c.d, c.d)]]);
  const qkNorm = (): Module => module([], [['query_norm', module([t('scale', [c.head])])], ['key_norm', module([t('scale', [c.head])])]]);
  const attn = (): Module => module([], [['qkv', linear(c.d, 3 * c.d)], ['norm', qkNorm()], ['proj', linear(c.d, c.d)]]);
  const mlp = (): Module => indexed([linear(c.d, c.mlp), null, linear(c.mlp, c.d)]);
  const mod = (n: number): Module => module([], [['lin', linear(c.d, n * c.d)]]);
  const double = (): Module => module([], [
    ['img_mod', mod(6)], ['img_attn', attn()], ['img_mlp', mlp()],
    ['txt_mod', mod(6)], ['txt_attn', attn()], ['txt_mlp', mlp()],
  ]);
  const single = (): Module => module([], [
    ['linear1', linear(c.d, 3 * c.d + c.mlp)], ['linear2', linear(c.d + c.mlp, c.d)], ['norm', qkNorm()], ['modulation', mod(3)],
  ]);
  return module([], [
    ['img_in', linear(c.inCh, c.d)],
    ['time_in', mlpEmbedder(256)],
    ['vector_in', mlpEmbedder(c.vec)],
    ['txt_in', linear(c.context, c.d)],
    ['double_blocks', indexed(Array.from({ length: c.double }, double))],
    ['single_blocks', indexed(Array.from({ length: c.single }, single))],
    ['final_layer', module([], [['linear', linear(c.d, c.inCh)], ['adaLN_modulation', indexed([null, linear(c.d, 2 * c.d)])]])],
  ]);
}

/** diffusers FluxTransformer2DModel */
function diffusersFlux(c: typeof FLUX_SCHNELL): Module {
  const rms = (): Module => module([t('weight', [c.head])]);
  const embedder = (i: number): Module => module([], [['linear_1', linear(i, c.d)], ['linear_2', linear(c.d, c.d)]]);
  const ff = (): Module => module([], [['net', indexed([module([], [['proj', linear(c.d, c.mlp)]]), null, linear(c.mlp, c.d)])]]);
  const block = (): Module => module([], [
    ['norm1', module([], [['linear', linear(c.d, 6 * c.d)]])],
    ['norm1_context', module([], [['linear', linear(c.d, 6 * c.d)]])],
    ['attn', module([], [
      ['norm_q', rms()], ['norm_k', rms()], ['to_q', linear(c.d, c.d)], ['to_k', linear(c.d, c.d)], ['to_v', linear(c.d, c.d)],
      ['add_k_proj', linear(c.d, c.d)], ['add_v_proj', linear(c.d, c.d)], ['add_q_proj', linear(c.d, c.d)],
      ['to_out', indexed([linear(c.d, c.d)])], ['to_add_out', linear(c.d, c.d)], ['norm_added_q', rms()], ['norm_added_k', rms()],
    ])],
    ['ff', ff()],
    ['ff_context', ff()],
  ]);
  const single = (): Module => module([], [
    ['norm', module([], [['linear', linear(c.d, 3 * c.d)]])],
    ['proj_mlp', linear(c.d, c.mlp)],
    ['proj_out', linear(c.d + c.mlp, c.d)],
    ['attn', module([], [['norm_q', rms()], ['norm_k', rms()], ['to_q', linear(c.d, c.d)], ['to_k', linear(c.d, c.d)], ['to_v', linear(c.d, c.d)]])],
  ]);
  return module([], [
    ['time_text_embed', module([], [['timestep_embedder', embedder(256)], ['text_embedder', embedder(c.vec)]])],
    ['context_embedder', linear(c.context, c.d)],
    ['x_embedder', linear(c.inCh, c.d)],
    ['transformer_blocks', indexed(Array.from({ length: c.double }, block))],
    ['single_transformer_blocks', indexed(Array.from({ length: c.single }, single))],
    ['norm_out', module([], [['linear', linear(c.d, 2 * c.d)]])],
    ['proj_out', linear(c.d, c.inCh)],
  ]);
}

export function fluxToDiffusers(): Family {
  const c = FLUX_SCHNELL;
  const source = stateDict(bflFlux(c), 'bfloat16');
  const fixed: Record<string, string> = {
    'time_in.in_layer': 'time_text_embed.timestep_embedder.linear_1', 'time_in.out_layer': 'time_text_embed.timestep_embedder.linear_2',
    'vector_in.in_layer': 'time_text_embed.text_embedder.linear_1', 'vector_in.out_layer': 'time_text_embed.text_embedder.linear_2',
    'txt_in': 'context_embedder', 'img_in': 'x_embedder', 'final_layer.linear': 'proj_out', 'final_layer.adaLN_modulation.1': 'norm_out.linear',
  };
  const inDouble: Record<string, string | string[]> = {
    'img_mod.lin': 'norm1.linear', 'txt_mod.lin': 'norm1_context.linear',
    'img_attn.qkv': ['attn.to_q', 'attn.to_k', 'attn.to_v'], 'txt_attn.qkv': ['attn.add_q_proj', 'attn.add_k_proj', 'attn.add_v_proj'],
    'img_attn.norm.query_norm': 'attn.norm_q', 'img_attn.norm.key_norm': 'attn.norm_k',
    'txt_attn.norm.query_norm': 'attn.norm_added_q', 'txt_attn.norm.key_norm': 'attn.norm_added_k',
    'img_mlp.0': 'ff.net.0.proj', 'img_mlp.2': 'ff.net.2', 'txt_mlp.0': 'ff_context.net.0.proj', 'txt_mlp.2': 'ff_context.net.2',
    'img_attn.proj': 'attn.to_out.0', 'txt_attn.proj': 'attn.to_add_out',
  };
  const inSingle: Record<string, string | string[]> = {
    'modulation.lin': 'norm.linear', 'linear1': ['attn.to_q', 'attn.to_k', 'attn.to_v', 'proj_mlp'],
    'norm.query_norm': 'attn.norm_q', 'norm.key_norm': 'attn.norm_k', 'linear2': 'proj_out',
  };
  const truth: Truth = {};
  for (const { key } of source) {
    const m = /^(double_blocks|single_blocks)\.(\d+)\.(.+)\.(weight|bias|scale)$/.exec(key);
    if (!m) {
      const leaf = key.slice(key.lastIndexOf('.') + 1);
      truth[key] = `${fixed[key.slice(0, key.lastIndexOf('.'))]}.${leaf}`;
      continue;
    }
    const [table, block] = m[1] === 'double_blocks' ? [inDouble, 'transformer_blocks'] : [inSingle, 'single_transformer_blocks'];
    const to = table[m[3]!]!;
    const leaf = m[4] === 'scale' ? 'weight' : m[4];
    truth[key] = typeof to === 'string' ? `${block}.${m[2]}.${to}.${leaf}` : to.map((x) => `${block}.${m[2]}.${x}.${leaf}`);
  }
  return {
    name: 'flux-schnell-bfl-to-diffusers',
    description: 'FLUX.1-schnell original (black-forest-labs) transformer → diffusers FluxTransformer2DModel: double_blocks → transformer_blocks with img/txt qkv split in three (to_q/k/v and add_q/k/v_proj), single_blocks → single_transformer_blocks with linear1 split into four unequal parts (q, k, v of 3072 rows, proj_mlp of 12288), QK RMSNorm scale → norm_q/k weight, modulation lin → norm linear, mlp Sequential indices → ff.net.0.proj / ff.net.2, time_in/vector_in/txt_in/img_in → the diffusers embedders, final_layer.adaLN_modulation.1 → norm_out.linear (its shift/scale halves swapped in place: same shape).',
    reference: 'huggingface/diffusers scripts/convert_flux_to_diffusers.py convert_flux_transformer_checkpoint_to_diffusers',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_flux_to_diffusers.py',
    source,
    target: stateDict(diffusersFlux(c), 'bfloat16'),
    truth,
    // time_in, vector_in, in_layer, out_layer, txt_in, img_in, double_blocks, img_mod, txt_mod, two qkv splits, four
    // double-block QK norms, img_mlp.0/.2, txt_mlp.0/.2, img/txt attn proj, single_blocks, modulation, linear1 split,
    // two single-block QK norms, linear2, final linear, adaLN_modulation (swap_scale_shift)
    patterns: 29,
  };
}

// ---------------------------------------------------------------------------------------------------------
// MAE (facebookresearch/mae) → transformers ViTMAEForPreTraining

/** MAE ViT-B/16 with its 8-layer 512-wide decoder (mae_visualize_vit_base.pth) */
const MAE_BASE = { layers: 12, d: 768, decLayers: 8, decD: 512, patches: 196, patch: 16 };

function timmBlock(d: number): Module {
  return module([], [
    ['norm1', affineNorm(d)], ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['norm2', affineNorm(d)], ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
  ]);
}

/** facebookresearch/mae models_mae.py MaskedAutoencoderViT (own parameters cls_token, pos_embed, mask_token, decoder_pos_embed first) */
function maeOriginal(c: typeof MAE_BASE): Module {
  const n = c.patches + 1;
  return module(
    [t('cls_token', [1, 1, c.d]), t('pos_embed', [1, n, c.d]), t('mask_token', [1, 1, c.decD]), t('decoder_pos_embed', [1, n, c.decD])],
    [
      ['patch_embed', module([], [['proj', conv2d(3, c.d, c.patch)]])],
      ['blocks', indexed(Array.from({ length: c.layers }, () => timmBlock(c.d)))],
      ['norm', affineNorm(c.d)],
      ['decoder_embed', linear(c.d, c.decD)],
      ['decoder_blocks', indexed(Array.from({ length: c.decLayers }, () => timmBlock(c.decD)))],
      ['decoder_norm', affineNorm(c.decD)],
      ['decoder_pred', linear(c.decD, c.patch * c.patch * 3)],
    ],
  );
}

function hfViTLayer(d: number): Module {
  return module([], [
    ['attention', module([], [
      ['attention', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])],
      ['output', module([], [['dense', linear(d, d)]])],
    ])],
    ['intermediate', module([], [['dense', linear(d, 4 * d)]])],
    ['output', module([], [['dense', linear(4 * d, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
  ]);
}

/** transformers ViTMAEForPreTraining: vit (embeddings, encoder.layer, layernorm), decoder (mask_token, decoder_pos_embed, decoder_embed, decoder_layers, decoder_norm, decoder_pred) */
function hfViTMAE(c: typeof MAE_BASE): Module {
  const n = c.patches + 1;
  return module([], [
    ['vit', module([], [
      ['embeddings', module([t('cls_token', [1, 1, c.d]), t('position_embeddings', [1, n, c.d])], [['patch_embeddings', module([], [['projection', conv2d(3, c.d, c.patch)]])]])],
      ['encoder', module([], [['layer', indexed(Array.from({ length: c.layers }, () => hfViTLayer(c.d)))]])],
      ['layernorm', affineNorm(c.d)],
    ])],
    ['decoder', module([t('mask_token', [1, 1, c.decD]), t('decoder_pos_embed', [1, n, c.decD])], [
      ['decoder_embed', linear(c.d, c.decD)],
      ['decoder_layers', indexed(Array.from({ length: c.decLayers }, () => hfViTLayer(c.decD)))],
      ['decoder_norm', affineNorm(c.decD)],
      ['decoder_pred', linear(c.decD, c.patch * c.patch * 3)],
    ])],
  ]);
}

/** convert_vit_mae_to_pytorch.py rename_key, rule by rule in its order (a rule counts when it changes the key) */
function maeRename(name: string): RuleTrace {
  const r = new RuleTrace(name);
  const when = (test: (k: string) => boolean, a: string, b: string) => r.step(`${a} → ${b}`, (k) => (test(k) ? k.split(a).join(b) : k));
  const has = (a: string) => (k: string) => k.includes(a);
  when(has('cls_token'), 'cls_token', 'vit.embeddings.cls_token');
  when(has('mask_token'), 'mask_token', 'decoder.mask_token');
  when(has('decoder_pos_embed'), 'decoder_pos_embed', 'decoder.decoder_pos_embed');
  when((k) => k.includes('pos_embed') && !k.includes('decoder'), 'pos_embed', 'vit.embeddings.position_embeddings');
  when(has('patch_embed.proj'), 'patch_embed.proj', 'vit.embeddings.patch_embeddings.projection');
  when(has('decoder_blocks'), 'decoder_blocks', 'decoder.decoder_layers');
  when(has('blocks'), 'blocks', 'vit.encoder.layer');
  when(has('attn.proj'), 'attn.proj', 'attention.output.dense');
  when(has('attn'), 'attn', 'attention.self');
  when(has('norm1'), 'norm1', 'layernorm_before');
  when(has('norm2'), 'norm2', 'layernorm_after');
  when(has('mlp.fc1'), 'mlp.fc1', 'intermediate.dense');
  when(has('mlp.fc2'), 'mlp.fc2', 'output.dense');
  when(has('decoder_embed'), 'decoder_embed', 'decoder.decoder_embed');
  when(has('decoder_norm'), 'decoder_norm', 'decoder.decoder_norm');
  when(has('decoder_pred'), 'decoder_pred', 'decoder.decoder_pred');
  when((k) => k.includes('norm.weight') && !k.includes('decoder') && !k.includes('fc'), 'norm.weight', 'vit.layernorm.weight');
  when((k) => k.includes('norm.bias') && !k.includes('decoder') && !k.includes('fc'), 'norm.bias', 'vit.layernorm.bias');
  return r;
}

export function maeToHF(): Family {
  const c = MAE_BASE;
  const source = stateDict(maeOriginal(c), 'float32');
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    const m = /^(blocks|decoder_blocks)\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key);
    if (m) {
      // convert_state_dict: val[:dim] → query, val[dim:2dim] → key, val[-dim:] → value
      const prefix = m[1] === 'blocks' ? 'vit.encoder.layer.' : 'decoder.decoder_layers.';
      truth[key] = ['query', 'key', 'value'].map((p) => `${prefix}${m[2]}.attention.attention.${p}.${m[3]}`);
      used.add(`qkv split (${m[1]})`);
      continue;
    }
    const r = maeRename(key);
    truth[key] = r.key;
    for (const x of r.rules) used.add(x);
  }
  return {
    name: 'mae-vit-base-to-hf-vitmae',
    description: 'facebookresearch/mae ViT-B/16 with decoder (mae_visualize_vit_base) → transformers ViTMAEForPreTraining: two stacks of the same block kind (12 × 768 encoder, 8 × 512 decoder) renamed into vit.encoder.layer and decoder.decoder_layers, each fused qkv split into attention.attention.query/key/value, norm1/2 → layernorm_before/after, mlp.fc1/fc2 → intermediate/output.dense, cls_token/pos_embed/patch_embed → vit.embeddings.*, mask_token/decoder_* → decoder.*, the encoder norm → vit.layernorm.',
    reference: 'huggingface/transformers src/transformers/models/vit_mae/convert_vit_mae_to_pytorch.py rename_key, convert_state_dict',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/vit_mae/convert_vit_mae_to_pytorch.py',
    source,
    target: stateDict(hfViTMAE(c), 'float32'),
    truth,
    // rename_key's rules that fire, and the qkv split of each stack
    patterns: used.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// EfficientNet-B0 pycls → MMDetection

/** pycls EfficientNet-B0 (configs/dds_baselines/effnet/EN-B0_dds_8gpu.yaml) */
const EN_B0 = {
  stem: 32, depths: [1, 2, 2, 3, 3, 4, 1], widths: [16, 24, 40, 80, 112, 192, 320], exp: [1, 6, 6, 6, 6, 6, 6],
  kernels: [3, 3, 5, 3, 5, 5, 3], se: 0.25, head: 1280, classes: 1000,
};

/** a depthwise conv: weight [channels, 1, k, k], no bias */
function depthwise(ch: number, k: number): Module {
  return module([t('weight', [ch, 1, k, k])]);
}

/** pycls/models/effnet.py EffNet: stem (conv, bn), sS (EffStage: bB MBConv: exp, exp_bn, dwise, dwise_bn, se.f_ex.0/2, lin_proj, lin_proj_bn), head (conv, conv_bn, fc) */
function pyclsEffNet(c: typeof EN_B0): Module {
  const stages: [string, Module][] = [];
  let wIn = c.stem;
  c.depths.forEach((d, s) => {
    const wOut = c.widths[s]!;
    const blocks: [string, Module][] = [];
    for (let b = 0; b < d; b++) {
      const wExp = Math.round(wIn * c.exp[s]!);
      const wSe = Math.round(wIn * c.se);
      const children: [string, Module][] = [];
      if (wExp !== wIn) children.push(['exp', conv2d(wIn, wExp, 1, false)], ['exp_bn', batchNorm(wExp)]);
      children.push(
        ['dwise', depthwise(wExp, c.kernels[s]!)], ['dwise_bn', batchNorm(wExp)],
        ['se', module([], [['f_ex', indexed([conv2d(wExp, wSe, 1), null, conv2d(wSe, wExp, 1)])]])],
        ['lin_proj', conv2d(wExp, wOut, 1, false)], ['lin_proj_bn', batchNorm(wOut)],
      );
      blocks.push([`b${b + 1}`, module([], children)]);
      wIn = wOut;
    }
    stages.push([`s${s + 1}`, module([], blocks)]);
  });
  return module([], [
    ['stem', module([], [['conv', conv2d(3, c.stem, 3, false)], ['bn', batchNorm(c.stem)]])],
    ...stages,
    ['head', module([], [['conv', conv2d(c.widths[6]!, c.head, 1, false)], ['conv_bn', batchNorm(c.head)], ['fc', linear(c.head, c.classes)]])],
  ]);
}

/** efficientnet2mmdet.py pycls_to_mmdet, applied as the script does: every table entry in order, each replacing all occurrences */
const PYCLS_TO_MMDET: [string, string][] = [
  ...Array.from({ length: 20 }, (_, i) => [`b${i}`, `${i - 1}`] as [string, string]),
  ...Array.from({ length: 20 }, (_, i) => [`s${i}`, `layer${i}`] as [string, string]),
  ['stem.conv', 'conv1'], ['stem.bn', 'bn1'], ['dwise.', 'depthwise_conv.conv.'], ['dwise_bn', 'depthwise_conv.bn'],
  ['lin_proj.', 'linear_conv.conv.'], ['lin_proj_bn', 'linear_conv.bn'], ['exp.', 'expand_conv.conv.'], ['exp_bn', 'expand_conv.bn'],
  ['se.f_ex.0', 'se.conv1.conv'], ['se.f_ex.2', 'se.conv2.conv'],
];

export function effnetPyclsToMmdet(): Family {
  const source = stateDict(pyclsEffNet(EN_B0), 'float32');
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    let k = e.key;
    let migrated = false;
    for (const [a, b] of PYCLS_TO_MMDET) {
      if (k.includes(a)) { migrated = true; k = k.split(a).join(b); }
    }
    // "Not migrated": the classifier head (conv, conv_bn, fc) is left out of the converted checkpoint
    if (!migrated) { truth[e.key] = null; continue; }
    truth[e.key] = k;
    target.push({ ...e, key: k });
  }
  return {
    name: 'efficientnet-b0-pycls-to-mmdet',
    description: 'pycls EfficientNet-B0 (stem, s1-s7 of b1..bN MBConv blocks, head) → the MMDetection EfficientNet backbone names the converter writes: bN → N−1 (1-based block names re-based), sS → layerS, stem.conv/bn → conv1/bn1, exp/dwise/lin_proj (+ _bn) → expand_conv/depthwise_conv/linear_conv .conv/.bn, se.f_ex.0/2 → se.conv1/conv2.conv; the head (conv, conv_bn, fc) is not migrated (dropped). The first block of s1 has no expansion (ratio 1), so block signatures differ within stage kinds.',
    reference: 'open-mmlab/mmdetection tools/model_converters/efficientnet2mmdet.py convert (pycls_to_mmdet)',
    url: 'https://github.com/open-mmlab/mmdetection/blob/main/tools/model_converters/efficientnet2mmdet.py',
    source,
    target,
    truth,
    // b{i} → {i−1} and s{i} → layer{i} (one comprehension each), the ten fixed entries, the head left out
    patterns: 13,
  };
}
