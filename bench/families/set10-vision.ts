/**
 * Tenth family set (session 17), vision models: timm's PiT and XCiT checkpoint filters, mmpretrain's HorNet,
 * Twins, CLIP and ViG converters, mmsegmentation's BEiT converter and mmdetection's Detectron ResNet converter.
 * Each model at its real configuration in state_dict order (own parameters and buffers before children, as
 * torch writes them); the truth from the conversion code named in `reference` (repository, path, commit read).
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { byKey, rows, type Truth } from './set9-common.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const mlp = (d: number, hidden: number): Module => module([], [['fc1', linear(d, hidden)], ['fc2', linear(hidden, d)]]);
/** timm's vision_transformer Block: norm1, attn (qkv, proj), norm2, mlp */
const vitBlock = (d: number, hidden: number, qkvBias = true): Module =>
  module([], [['norm1', affineNorm(d)], ['attn', module([], [['qkv', linear(d, 3 * d, qkvBias)], ['proj', linear(d, d)]])], ['norm2', affineNorm(d)], ['mlp', mlp(d, hidden)]]);
/** a depthwise conv: weight [ch, 1, k, k] */
const dwConv = (ch: number, k: number, bias = true): Module => module([t('weight', [ch, 1, k, k]), ...(bias ? [t('bias', [ch])] : [])]);
/** a grouped conv: weight [out, in / groups, k, k] */
const groupConv = (cin: number, cout: number, k: number, groups: number): Module => module([t('weight', [cout, cin / groups, k, k]), t('bias', [cout])]);
/** the key each source key becomes, in source order (for converters whose output is the target checkpoint) */
function renameAll(source: { key: string }[], rename: (k: string) => string | null): Truth {
  const truth: Truth = {};
  for (const { key } of source) truth[key] = rename(key);
  return truth;
}

// ---------------------------------------------------------------------------------------------------------
// PiT-S (naver-ai/pit → timm)

/** pit_s_224: patch 16, stride 8 (27 × 27 tokens), base dim 48, heads 3 / 6 / 12 (widths 144 / 288 / 576), depths 2 / 6 / 4, MLP ratio 4, 1000 classes */
const PIT_S = { patch: 16, grid: 27, dims: [144, 288, 576], depths: [2, 6, 4], classes: 1000 };

/** ConvHeadPooling: a depthwise-grouped stride-2 3×3 conv to the next width and a Linear for the class token */
const pitPool = (a: number, b: number): Module => module([], [['conv', groupConv(a, b, 3, a)], ['fc', linear(a, b)]]);

export function pitSToTimm(): Family {
  const c = PIT_S;
  const d0 = c.dims[0]!;
  const last = c.dims.at(-1)!;
  const stage = (i: number, pool: boolean): Module => module([], [
    ['blocks', indexed(range(c.depths[i]!).map(() => vitBlock(c.dims[i]!, 4 * c.dims[i]!)))],
    ...(pool ? [['pool', pitPool(c.dims[i]!, c.dims[i + 1]!)] as [string, Module]] : []),
  ]);
  const own = [t('pos_embed', [1, d0, c.grid, c.grid]), t('cls_token', [1, 1, d0])];
  // naver-ai/pit pit.py PoolingTransformer: pos_embed, patch_embed.conv, cls_token, transformers (ModuleList of Transformer: blocks), pools (ModuleList of conv_head_pooling), norm, head
  const original = module(own, [
    ['patch_embed', module([], [['conv', conv2d(3, d0, c.patch)]])],
    ['transformers', indexed(range(3).map((i) => stage(i, false)))],
    ['pools', indexed(range(2).map((i) => pitPool(c.dims[i]!, c.dims[i + 1]!)))],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
  ]);
  // timm pit.py (the stored commit): each Transformer holds blocks then its pool
  const timm = module(own, [
    ['patch_embed', module([], [['conv', conv2d(3, d0, c.patch)]])],
    ['transformers', indexed(range(3).map((i) => stage(i, i < 2)))],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
  ]);
  const source = stateDict(original, 'float32');
  // checkpoint_filter_fn: p_blocks = re.compile(r'pools\.(\d)\.'); k = p_blocks.sub(lambda exp: f'transformers.{int(exp.group(1))}.pool.', k)
  const truth = renameAll(source, (k) => k.replace(/pools\.(\d)\./, (_m, i: string) => `transformers.${Number(i)}.pool.`));
  return {
    name: 'pit-s-224-naver-to-timm',
    description: 'naver-ai PiT-S (PoolingTransformer) → timm PoolingVisionTransformer: the two top-level pooling layers pools.N move into the stage they follow, as transformers.N.pool (pools.0.conv → transformers.0.pool.conv, pools.1.fc → transformers.1.pool.fc); every other key is unchanged. The pooling conv is depthwise-grouped (weight [out, 1, 3, 3]).',
    reference: 'huggingface/pytorch-image-models timm/models/pit.py checkpoint_filter_fn (commit 07d952c7a78ea0353361624825a4ca514a89f46d)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/07d952c7a78ea0353361624825a4ca514a89f46d/timm/models/pit.py',
    source,
    target: stateDict(timm, 'float32'),
    truth,
    // one regex substitution
    patterns: 1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// XCiT-Tiny-12/16 (facebookresearch/xcit → timm)

/** xcit_tiny_12_p16_224: width 192, 12 XCA blocks, 4 heads, 2 class-attention blocks, MLP ratio 4, qkv bias, 1000 classes */
const XCIT_T12 = { d: 192, depth: 12, heads: 4, caDepth: 2, classes: 1000 };

/** ConvPatchEmbed (patch 16): four stride-2 conv3x3 (Conv2d without bias + BatchNorm) at 1/8, 1/4, 1/2, 1 of the width, GELUs between */
function xcitPatchEmbed(d: number): Module {
  const widths = [3, d / 8, d / 4, d / 2, d];
  return module([], [['proj', indexed(range(7).map((i) => (i % 2 ? null : module([], [['0', conv2d(widths[i / 2]!, widths[i / 2 + 1]!, 3, false)], ['1', batchNorm(widths[i / 2 + 1]!)]]))))]]);
}

/**
 * XCABlock: the official code registers norm1, attn, norm2, mlp, norm3, local_mp and then gamma1, gamma2, gamma3;
 * timm registers gamma1, gamma3, gamma2 and norm1, attn, norm3, local_mp, norm2, mlp (the order the forward uses them)
 */
function xcaBlock(d: number, heads: number, official: boolean): Module {
  const part: Record<string, Module> = {
    norm1: affineNorm(d),
    attn: module([t('temperature', [heads, 1, 1])], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]]),
    norm3: affineNorm(d),
    local_mp: module([], [['conv1', dwConv(d, 3)], ['bn', batchNorm(d)], ['conv2', dwConv(d, 3)]]),
    norm2: affineNorm(d),
    mlp: mlp(d, 4 * d),
  };
  const order = official ? ['norm1', 'attn', 'norm2', 'mlp', 'norm3', 'local_mp'] : ['norm1', 'attn', 'norm3', 'local_mp', 'norm2', 'mlp'];
  const gammas = official ? ['gamma1', 'gamma2', 'gamma3'] : ['gamma1', 'gamma3', 'gamma2'];
  return module(gammas.map((g) => t(g, [d])), order.map((n): [string, Module] => [n, part[n]!]));
}

/** ClassAttentionBlock: layer scales, norm1, attention (official: fused qkv; timm's ClassAttn: q, k, v), norm2, mlp */
function classAttnBlock(d: number, fused: boolean): Module {
  const attn = fused
    ? module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])
    : module([], [['q', linear(d, d)], ['k', linear(d, d)], ['v', linear(d, d)], ['proj', linear(d, d)]]);
  return module([t('gamma1', [d]), t('gamma2', [d])], [['norm1', affineNorm(d)], ['attn', attn], ['norm2', affineNorm(d)], ['mlp', mlp(d, 4 * d)]]);
}

export function xcitTiny12ToTimm(): Family {
  const c = XCIT_T12;
  const d = c.d;
  const posEmbed = module([], [['token_projection', conv2d(64, d, 1)]]);
  // facebookresearch/xcit xcit.py XCiT: cls_token, patch_embed, blocks, cls_attn_blocks, norm, head, pos_embeder (registered last)
  const official = module([t('cls_token', [1, 1, d])], [
    ['patch_embed', xcitPatchEmbed(d)],
    ['blocks', indexed(range(c.depth).map(() => xcaBlock(d, c.heads, true)))],
    ['cls_attn_blocks', indexed(range(c.caDepth).map(() => classAttnBlock(d, true)))],
    ['norm', affineNorm(d)],
    ['head', linear(d, c.classes)],
    ['pos_embeder', posEmbed],
  ]);
  // timm xcit.py Xcit: cls_token, patch_embed, pos_embed, blocks, cls_attn_blocks, norm, head
  const timm = module([t('cls_token', [1, 1, d])], [
    ['patch_embed', xcitPatchEmbed(d)],
    ['pos_embed', posEmbed],
    ['blocks', indexed(range(c.depth).map(() => xcaBlock(d, c.heads, false)))],
    ['cls_attn_blocks', indexed(range(c.caDepth).map(() => classAttnBlock(d, false)))],
    ['norm', affineNorm(d)],
    ['head', linear(d, c.classes)],
  ]);
  const source = stateDict(official, 'float32');
  const target = stateDict(timm, 'float32');
  const truth: Truth = {};
  const recipes: Family['recipes'] = {};
  for (const { key } of source) {
    // checkpoint_filter_fn: qkv_weight.reshape(3, -1, D)[j] → q / k / v (bias likewise), in the class-attention blocks only
    const m = /^cls_attn_blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key);
    if (m) {
      const parts = ['q', 'k', 'v'].map((s) => `cls_attn_blocks.${m[1]}.attn.${s}.${m[2]}`);
      truth[key] = parts;
      parts.forEach((p, j) => (recipes[p] = rows(key, j * d, d)));
      continue;
    }
    truth[key] = key.replace('pos_embeder.', 'pos_embed.');
  }
  return {
    name: 'xcit-tiny-12-p16-official-to-timm',
    description: 'facebookresearch XCiT-Tiny-12/16 → timm Xcit: pos_embeder → pos_embed, and the fused qkv of the two class-attention blocks split into q / k / v (weights and biases, reshape(3, -1, D)); the 12 XCA blocks keep their names (fused qkv, temperatures, LPI convs, gamma1 / gamma2 / gamma3) though timm registers them in another order (gamma3 and norm3 / local_mp before gamma2 and norm2 / mlp).',
    reference: 'huggingface/pytorch-image-models timm/models/xcit.py checkpoint_filter_fn (commit 0d4c04f3497fcb3987174a43ab4836564e8ecd54)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/0d4c04f3497fcb3987174a43ab4836564e8ecd54/timm/models/xcit.py',
    source,
    target,
    truth,
    recipes,
    // pos_embeder rename, qkv weight split, qkv bias split
    patterns: 3,
  };
}

// ---------------------------------------------------------------------------------------------------------
// HorNet-T 7×7 (raoyongming/HorNet → mmpretrain)

/** hornet_tiny_7x7: base width 64 (64 / 128 / 256 / 512), depths 2 / 3 / 18 / 2, gnconv orders 2 / 3 / 4 / 5 with a 7×7 depthwise conv, 1000 classes */
const HORNET_T = { dims: [64, 128, 256, 512], depths: [2, 3, 18, 2], orders: [2, 3, 4, 5], classes: 1000 };

/** gnconv(dim, order): proj_in 1×1 to 2·dim, a 7×7 depthwise conv over sum(dims), proj_out, and order − 1 pointwise convs between the widths dim / 2^(order−1) … dim */
function gnconv(dim: number, order: number, pws: string): Module {
  const dims = range(order).map((i) => dim / 2 ** i).reverse();
  const sum = dims.reduce((a, b) => a + b, 0);
  return module([], [
    ['proj_in', conv2d(dim, 2 * dim, 1)], ['dwconv', dwConv(sum, 7)], ['proj_out', conv2d(dim, dim, 1)],
    [pws, indexed(range(order - 1).map((i) => conv2d(dims[i]!, dims[i + 1]!, 1)))],
  ]);
}

export function hornetTinyToMmpretrain(): Family {
  const c = HORNET_T;
  const downsample = indexed(range(4).map((i) => (i === 0
    ? indexed([conv2d(3, c.dims[0]!, 4), affineNorm(c.dims[0]!)])
    : indexed([affineNorm(c.dims[i - 1]!), conv2d(c.dims[i - 1]!, c.dims[i]!, 2)]))));
  const last = c.dims[3]!;
  // raoyongming/HorNet hornet.py Block: gamma1, gamma2 (own parameters), norm1, gnconv (pws), norm2, pwconv1, pwconv2
  const block = (s: number): Module => module([t('gamma1', [c.dims[s]!]), t('gamma2', [c.dims[s]!])], [
    ['norm1', affineNorm(c.dims[s]!)], ['gnconv', gnconv(c.dims[s]!, c.orders[s]!, 'pws')], ['norm2', affineNorm(c.dims[s]!)],
    ['pwconv1', linear(c.dims[s]!, 4 * c.dims[s]!)], ['pwconv2', linear(4 * c.dims[s]!, c.dims[s]!)],
  ]);
  const original = module([], [
    ['downsample_layers', downsample],
    ['stages', indexed(range(4).map((s) => indexed(range(c.depths[s]!).map(() => block(s)))))],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
  ]);
  // mmpretrain HorNet (backbone): downsample_layers, stages (HorNetBlock: norm1, gnconv with projs, norm2, pwconv1, pwconv2, gamma1 / gamma2 LayerScale modules), norm3; LinearClsHead fc
  const mmBlock = (s: number): Module => module([], [
    ['norm1', affineNorm(c.dims[s]!)], ['gnconv', gnconv(c.dims[s]!, c.orders[s]!, 'projs')], ['norm2', affineNorm(c.dims[s]!)],
    ['pwconv1', linear(c.dims[s]!, 4 * c.dims[s]!)], ['pwconv2', linear(4 * c.dims[s]!, c.dims[s]!)],
    ['gamma1', module([t('weight', [c.dims[s]!])])], ['gamma2', module([t('weight', [c.dims[s]!])])],
  ]);
  const mm = module([], [
    ['backbone', module([], [
      ['downsample_layers', downsample],
      ['stages', indexed(range(4).map((s) => indexed(range(c.depths[s]!).map(() => mmBlock(s)))))],
      ['norm3', affineNorm(last)],
    ])],
    ['head', module([], [['fc', linear(last, c.classes)]])],
  ]);
  const source = stateDict(original, 'float32');
  // convert_hornet: head. → head.fc.; norm. → norm3.; gnconv.pws → gnconv.projs; gamma1 → gamma1.weight; gamma2 → gamma2.weight; backbone. on all but the head
  const truth = renameAll(source, (k) => {
    if (k.startsWith('head')) return k.replace('head.', 'head.fc.');
    let n = k;
    if (k.startsWith('norm')) n = k.replace('norm.', 'norm3.');
    else if (k.includes('gnconv.pws')) n = k.replace('gnconv.pws', 'gnconv.projs');
    else if (k.includes('gamma1')) n = k.replace('gamma1', 'gamma1.weight');
    else if (k.includes('gamma2')) n = k.replace('gamma2', 'gamma2.weight');
    return `backbone.${n}`;
  });
  return {
    name: 'hornet-tiny-7x7-original-to-mmpretrain',
    description: 'raoyongming HorNet-T (7×7) → mmpretrain ImageClassifier(HorNet): the layer-scale parameters gamma1 / gamma2 become LayerScale modules (gamma1 → gamma1.weight, and they move from first to last in each block), gnconv.pws → gnconv.projs, the final norm → norm3, the head → head.fc, backbone. before everything else.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/hornet2mmpretrain.py convert_hornet (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/9fe593e3e04b1258795c1020ec3fa29b867324bf/tools/model_converters/hornet2mmpretrain.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // head, norm, pws, gamma1, gamma2, the backbone prefix
    patterns: 6,
  };
}

// ---------------------------------------------------------------------------------------------------------
// BEiT-B/16 (microsoft/unilm → mmsegmentation)

/** beit_base_patch16_224_pt22k_ft22k: width 768, 12 blocks, 12 heads, relative position bias per block (14 × 14 window: 27² + 3 = 732 rows), layer scale, mean pooling (fc_norm), 21,841 classes */
const BEIT_B = { d: 768, layers: 12, heads: 12, window: 14, classes: 21841 };

function beitBlock(c: typeof BEIT_B, names: { norm1: string; norm2: string; ffn: (d: number) => Module; ffnName: string }): Module {
  const tokens = c.window * c.window + 1;
  const tableRows = (2 * c.window - 1) ** 2 + 3;
  return module([t('gamma_1', [c.d]), t('gamma_2', [c.d])], [
    [names.norm1, affineNorm(c.d)],
    ['attn', module(
      [t('q_bias', [c.d]), t('v_bias', [c.d]), t('relative_position_bias_table', [tableRows, c.heads]), t('relative_position_index', [tokens, tokens], 'int64')],
      [['qkv', linear(c.d, 3 * c.d, false)], ['proj', linear(c.d, c.d)]],
    )],
    [names.norm2, affineNorm(c.d)],
    [names.ffnName, names.ffn(c.d)],
  ]);
}

export function beitBaseToMmseg(): Family {
  const c = BEIT_B;
  const patch = module([], [['proj', conv2d(3, c.d, 16)]]);
  // microsoft/unilm beit modeling_finetune.py VisionTransformer: cls_token, patch_embed.proj, blocks, fc_norm, head (norm is Identity with mean pooling)
  const original = module([t('cls_token', [1, 1, c.d])], [
    ['patch_embed', patch],
    ['blocks', indexed(range(c.layers).map(() => beitBlock(c, { norm1: 'norm1', norm2: 'norm2', ffnName: 'mlp', ffn: (d) => mlp(d, 4 * d) })))],
    ['fc_norm', affineNorm(c.d)],
    ['head', linear(c.d, c.classes)],
  ]);
  // mmsegmentation BEiT (backbone): cls_token, patch_embed.projection, layers (BEiTTransformerEncoderLayer: gamma_1, gamma_2, ln1, attn, ln2, ffn.layers.0.0 / ffn.layers.1)
  const ffn = (d: number): Module => module([], [['layers', module([], [['0', module([], [['0', linear(d, 4 * d)]])], ['1', linear(4 * d, d)]])]]);
  const mm = module([], [['backbone', module([t('cls_token', [1, 1, c.d])], [
    ['patch_embed', module([], [['projection', conv2d(3, c.d, 16)]])],
    ['layers', indexed(range(c.layers).map(() => beitBlock(c, { norm1: 'ln1', norm2: 'ln2', ffnName: 'ffn', ffn })))],
  ])]]);
  const source = stateDict(original, 'float32');
  // convert_beit: blocks → layers, then norm → ln, or mlp.fc1 / mlp.fc2 → ffn.layers.0.0 / ffn.layers.1; patch_embed.proj → patch_embed.projection; fc_norm and head skipped; backbone. on the rest
  const truth = renameAll(source, (k) => {
    if (k.startsWith('fc_norm') || k.startsWith('head')) return null;
    let n = k;
    if (k.startsWith('blocks')) {
      n = k.replace('blocks', 'layers');
      if (n.includes('norm')) n = n.replace('norm', 'ln');
      else if (n.includes('mlp.fc1')) n = n.replace('mlp.fc1', 'ffn.layers.0.0');
      else if (n.includes('mlp.fc2')) n = n.replace('mlp.fc2', 'ffn.layers.1');
    } else if (k.startsWith('patch_embed')) n = k.replace('patch_embed.proj', 'patch_embed.projection');
    return `backbone.${n}`;
  });
  return {
    name: 'beit-base-p16-pt22k-ft22k-unilm-to-mmseg',
    description: 'microsoft/unilm BEiT-B/16 (pt22k-ft22k) → mmsegmentation BEiT backbone: blocks → backbone.layers, norm1 / norm2 → ln1 / ln2, mlp.fc1 / mlp.fc2 → ffn.layers.0.0 / ffn.layers.1, patch_embed.proj → patch_embed.projection; the 21,841-class head and its fc_norm are dropped. gamma_1 / gamma_2, q_bias / v_bias, the relative position tables and index buffers keep their names.',
    reference: 'open-mmlab/mmsegmentation tools/model_converters/beit2mmseg.py convert_beit (commit 0ca30ef84579ce4c62aa3aac1ab3769672b389bc)',
    url: 'https://github.com/open-mmlab/mmsegmentation/blob/0ca30ef84579ce4c62aa3aac1ab3769672b389bc/tools/model_converters/beit2mmseg.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // blocks, norm, fc1, fc2, patch_embed, the skip of fc_norm / head, the backbone prefix
    patterns: 7,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Twins-PCPVT-S (Meituan-AutoML/Twins → mmpretrain)

/** pcpvt_small: widths 64 / 128 / 320 / 512, heads 1 / 2 / 5 / 8, MLP ratios 8 / 8 / 4 / 4, depths 3 / 4 / 6 / 3, spatial reduction 8 / 4 / 2 / 1, qkv bias, 1000 classes */
const PCPVT_S = { dims: [64, 128, 320, 512], mlp: [8, 8, 4, 4], depths: [3, 4, 6, 3], sr: [8, 4, 2, 1], patch: [4, 2, 2, 2], classes: 1000 };

export function twinsPcpvtSToMmpretrain(): Family {
  const c = PCPVT_S;
  const inCh = (i: number): number => (i === 0 ? 3 : c.dims[i - 1]!);
  const patchEmbed = (i: number, proj: string): Module => module([], [[proj, conv2d(inCh(i), c.dims[i]!, c.patch[i]!)], ['norm', affineNorm(c.dims[i]!)]]);
  /** Twins' Attention registers q, kv, proj (then sr, norm); mmpretrain's GlobalSubsampledAttention inherits proj from MultiheadAttention (its qkv deleted) and adds q, kv after it */
  const attn = (i: number, projFirst: boolean): Module => {
    const d = c.dims[i]!;
    const qkv: [string, Module][] = [['q', linear(d, d)], ['kv', linear(d, 2 * d)]];
    const children: [string, Module][] = projFirst ? [['proj', linear(d, d)], ...qkv] : [...qkv, ['proj', linear(d, d)]];
    if (c.sr[i]! > 1) children.push(['sr', conv2d(d, d, c.sr[i]!)], ['norm', affineNorm(d)]);
    return module([], children);
  };
  const block = (i: number, ffn: (d: number, h: number) => Module, projFirst: boolean): Module => {
    const d = c.dims[i]!;
    return module([], [['norm1', affineNorm(d)], ['attn', attn(i, projFirst)], ['norm2', affineNorm(d)], ...ffn(d, d * c.mlp[i]!).children]);
  };
  const timmMlp = (d: number, h: number): Module => module([], [['mlp', mlp(d, h)]]);
  const mmFfn = (d: number, h: number): Module => module([], [['ffn', module([], [['layers', module([], [['0', module([], [['0', linear(d, h)]])], ['1', linear(h, d)]])]])]]);
  const posCnn = (i: number, seq: boolean): Module => module([], [['proj', seq ? indexed([dwConv(c.dims[i]!, 3)]) : dwConv(c.dims[i]!, 3)]]);
  const last = c.dims[3]!;
  // Meituan-AutoML Twins gvt.py CPVTV2 (PyramidVisionTransformer without pos_embeds / cls_token): patch_embeds, blocks, norm, head, pos_block (PosCNN: proj = Sequential(depthwise conv))
  const original = module([], [
    ['patch_embeds', indexed(range(4).map((i) => patchEmbed(i, 'proj')))],
    ['blocks', indexed(range(4).map((i) => indexed(range(c.depths[i]!).map(() => block(i, timmMlp, false)))))],
    ['norm', affineNorm(last)],
    ['head', linear(last, c.classes)],
    ['pos_block', indexed(range(4).map((i) => posCnn(i, true)))],
  ]);
  // mmpretrain PCPVT (norm_after_stage [F, F, F, T]): patch_embeds (projection, norm), stages (registered before it is filled: GSAEncoderLayer norm1, attn proj / q / kv / sr / norm, norm2, ffn), position_encodings (proj), norm_after_stage3; head.fc
  const mm = module([], [
    ['backbone', module([], [
      ['patch_embeds', indexed(range(4).map((i) => patchEmbed(i, 'projection')))],
      ['stages', indexed(range(4).map((i) => indexed(range(c.depths[i]!).map(() => block(i, mmFfn, true)))))],
      ['position_encodings', indexed(range(4).map((i) => posCnn(i, false)))],
      ['norm_after_stage3', affineNorm(last)],
    ])],
    ['head', module([], [['fc', linear(last, c.classes)]])],
  ]);
  const source = stateDict(original, 'float32');
  // convert_twins: head. → head.fc.; patch_embeds proj. → projection.; blocks → stages (mlp.fc1 / mlp.fc2 → ffn.layers.0.0 / ffn.layers.1); pos_block → position_encodings (proj.0. → proj.); norm → norm_after_stage3; backbone. on all but the head
  const truth = renameAll(source, (k) => {
    if (k.startsWith('head')) return k.replace('head.', 'head.fc.');
    let n = k;
    if (k.startsWith('patch_embeds')) n = k.includes('proj.') ? k.replace('proj.', 'projection.') : k;
    else if (k.startsWith('blocks')) {
      const s = k.split('blocks').join('stages');
      n = s.includes('mlp.fc1') ? s.replace('mlp.fc1', 'ffn.layers.0.0') : s.includes('mlp.fc2') ? s.replace('mlp.fc2', 'ffn.layers.1') : s;
      n = n.replace('blocks.', 'layers.');
    } else if (k.startsWith('pos_block')) {
      n = k.replace('pos_block', 'position_encodings');
      if (n.includes('proj.0.')) n = n.replace('proj.0.', 'proj.');
    } else if (k.startsWith('norm')) n = k.replace('norm', 'norm_after_stage3');
    return `backbone.${n}`;
  });
  return {
    name: 'twins-pcpvt-s-original-to-mmpretrain',
    description: 'Meituan-AutoML Twins-PCPVT-S (CPVTV2) → mmpretrain PCPVT: blocks.S.B → stages.S.B, mlp.fc1 / mlp.fc2 → ffn.layers.0.0 / ffn.layers.1, patch_embeds.N.proj → projection, pos_block.N.proj.0 (a Sequential\'s only conv) → position_encodings.N.proj, the final norm → norm_after_stage3, head → head.fc, backbone. on the rest. The attention keeps q, kv (fused), and the spatial-reduction conv and norm of the first three stages.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/twins2mmpretrain.py convert_twins (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/9fe593e3e04b1258795c1020ec3fa29b867324bf/tools/model_converters/twins2mmpretrain.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // head, patch_embeds proj, blocks → stages, fc1, fc2, pos_block, proj.0, norm, backbone prefix
    patterns: 9,
  };
}

// ---------------------------------------------------------------------------------------------------------
// CLIP ViT-B/16 (timm → mmpretrain)

/** vit_base_patch16_clip_224.openai_ft_in1k: width 768, 12 blocks, patch conv without bias, a pre-norm, 1000 classes */
const CLIP_B16 = { d: 768, layers: 12, grid: 14, classes: 1000 };

export function clipB16TimmToMmpretrain(): Family {
  const c = CLIP_B16;
  const d = c.d;
  const own = [t('cls_token', [1, 1, d]), t('pos_embed', [1, c.grid * c.grid + 1, d])];
  // timm VisionTransformer (pre_norm=True): cls_token, pos_embed, patch_embed.proj, norm_pre, blocks, norm, head
  const timm = module(own, [
    ['patch_embed', module([], [['proj', conv2d(3, d, 16, false)]])],
    ['norm_pre', affineNorm(d)],
    ['blocks', indexed(range(c.layers).map(() => vitBlock(d, 4 * d)))],
    ['norm', affineNorm(d)],
    ['head', linear(d, c.classes)],
  ]);
  const ffn = module([], [['layers', module([], [['0', module([], [['0', linear(d, 4 * d)]])], ['1', linear(4 * d, d)]])]]);
  const layer = module([], [['ln1', affineNorm(d)], ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])], ['ln2', affineNorm(d)], ['ffn', ffn]]);
  // mmpretrain VisionTransformer (pre_norm=True, final_norm): cls_token, pos_embed, patch_embed.projection, layers, then pre_norm (built after the layers), ln1; VisionTransformerClsHead layers.head
  const mm = module([], [
    ['backbone', module(own, [
      ['patch_embed', module([], [['projection', conv2d(3, d, 16, false)]])],
      ['layers', indexed(range(c.layers).map(() => layer))],
      ['pre_norm', affineNorm(d)],
      ['ln1', affineNorm(d)],
    ])],
    ['head', module([], [['layers', module([], [['head', linear(d, c.classes)]])]])],
  ]);
  const source = stateDict(timm, 'float32');
  // convert_clip: head. → head.layers.head.; patch_embed proj. → projection.; norm_pre → pre_norm; blocks. → layers. (norm1 / norm2 → ln1 / ln2, mlp.fc1 / fc2 → ffn.layers.0.0 / ffn.layers.1); norm → ln1; backbone. on all but the head
  const truth = renameAll(source, (k) => {
    if (k.startsWith('head')) return k.replace('head.', 'head.layers.head.');
    let n = k;
    if (k.startsWith('patch_embed')) n = k.includes('proj.') ? k.replace('proj.', 'projection.') : k;
    else if (k.startsWith('norm_pre')) n = k.replace('norm_pre', 'pre_norm');
    else if (k.startsWith('blocks')) {
      n = k.replace('blocks.', 'layers.');
      if (k.includes('norm1')) n = n.replace('norm1', 'ln1');
      else if (k.includes('norm2')) n = n.replace('norm2', 'ln2');
      else if (k.includes('mlp.fc1')) n = n.replace('mlp.fc1', 'ffn.layers.0.0');
      else if (k.includes('mlp.fc2')) n = n.replace('mlp.fc2', 'ffn.layers.1');
    } else if (k.startsWith('norm')) n = k.replace('norm', 'ln1');
    return `backbone.${n}`;
  });
  return {
    name: 'clip-vit-b16-timm-to-mmpretrain',
    description: 'timm vit_base_patch16_clip_224 (OpenAI CLIP, fine-tuned on IN-1k) → mmpretrain VisionTransformer + VisionTransformerClsHead: norm_pre → pre_norm, blocks → layers with norm1 / norm2 → ln1 / ln2 and mlp.fc1 / fc2 → ffn.layers.0.0 / ffn.layers.1, the final norm → ln1 (the same name as every layer\'s first norm, at the top), patch_embed.proj → projection, head → head.layers.head, backbone. before the rest.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/clip_to_mmpretrain.py convert_clip (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/9fe593e3e04b1258795c1020ec3fa29b867324bf/tools/model_converters/clip_to_mmpretrain.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // head, patch_embed, norm_pre, blocks, norm1, norm2, fc1, fc2, norm, backbone prefix
    patterns: 10,
  };
}

// ---------------------------------------------------------------------------------------------------------
// ViG-S and Pyramid ViG-S (huawei-noah Efficient-AI-Backbones → mmpretrain)

/** Grapher (mr conv, batch norm, bias): fc1 (1×1 conv + BN), graph_conv.gconv.nn (grouped 1×1 conv of 2·C → 2·C in 4 groups + BN), fc2 (1×1 conv + BN); a fixed relative_pos parameter first where given */
function grapher(ch: number, relativePos: number[] | null): Module {
  return module(relativePos ? [t('relative_pos', relativePos)] : [], [
    ['fc1', indexed([conv2d(ch, ch, 1), batchNorm(ch)])],
    ['graph_conv', module([], [['gconv', module([], [['nn', indexed([groupConv(2 * ch, 2 * ch, 1, 4), batchNorm(2 * ch)])]])]])],
    ['fc2', indexed([conv2d(2 * ch, ch, 1), batchNorm(ch)])],
  ]);
}

/** FFN: fc1 (1×1 conv to 4·C + BN), fc2 (1×1 conv back + BN) */
const vigFfn = (ch: number): Module => module([], [['fc1', indexed([conv2d(ch, 4 * ch, 1), batchNorm(4 * ch)])], ['fc2', indexed([conv2d(4 * ch, ch, 1), batchNorm(ch)])]]);

/** the stem's convs: 3×3 convs with BatchNorm, an activation after all but the last */
function vigStem(widths: number[]): Module {
  const items: (Module | null)[] = [];
  widths.slice(1).forEach((w, i) => {
    if (i > 0) items.push(null);
    items.push(conv2d(widths[i]!, w, 3), batchNorm(w));
  });
  return indexed(items);
}

/** the prediction head: 1×1 conv to 1024, BN, act, dropout, 1×1 conv to the classes (mmpretrain: Linear, BatchNorm1d, Linear) */
function vigPrediction(ch: number, classes: number): Module {
  return indexed([conv2d(ch, 1024, 1), batchNorm(1024), null, null, conv2d(1024, classes, 1)]);
}
const vigHead = (ch: number, classes: number): Module => module([], [['fc1', linear(ch, 1024)], ['bn', batchNorm(1024)], ['fc2', linear(1024, classes)]]);

/** the rename shared by convert_vig and convert_pvig for the stem, position embedding and head (prediction.0 / .4 squeezed to Linear weights) */
function vigCommon(k: string): string | undefined {
  if (k.includes('pos_embed')) return k.replace('pos_embed', 'backbone.pos_embed');
  if (k.includes('stem')) return k.replace('stem.convs', 'backbone.stem');
  if (k.includes('prediction.0')) return k.replace('prediction.0', 'head.fc1');
  if (k.includes('prediction.1')) return k.replace('prediction.1', 'head.bn');
  if (k.includes('prediction.4')) return k.replace('prediction.4', 'head.fc2');
  return undefined;
}
const vigSqueezed = (f: { source: { key: string; shape: number[] | null }[] }): string[] =>
  f.source.filter((e) => /^prediction\.[04]\.weight$/.test(e.key)).map((e) => e.key);

/** pvig_s_224_gelu: widths 80 / 160 / 400 / 640, blocks 2 / 2 / 6 / 2, reduce ratios 4 / 2 / 1 / 1, 56 × 56 after the stem, relative positions, 1000 classes */
const PVIG_S = { dims: [80, 160, 400, 640], blocks: [2, 2, 6, 2], reduce: [4, 2, 1, 1], grid: 56, classes: 1000 };

export function pvigSToMmpretrain(): Family {
  const c = PVIG_S;
  const rel = (i: number): number[] => {
    const n = (c.grid / 2 ** i) ** 2;
    return [1, n, n / c.reduce[i]! ** 2];
  };
  const block = (i: number): Module => indexed([grapher(c.dims[i]!, rel(i)), vigFfn(c.dims[i]!)]);
  const down = (i: number): Module => indexed([conv2d(c.dims[i - 1]!, c.dims[i]!, 3), batchNorm(c.dims[i]!)]);
  const flat: Module[] = [];
  c.blocks.forEach((n, i) => {
    if (i > 0) flat.push(module([], [['conv', down(i)]]));
    for (let j = 0; j < n; j++) flat.push(block(i));
  });
  const last = c.dims[3]!;
  // Efficient-AI-Backbones vig_pytorch pyramid_vig.py DeepGCN: pos_embed, stem.convs, backbone (flat ModuleList: Seq(Grapher, FFN) blocks and Downsample.conv between stages), prediction
  const original = module([t('pos_embed', [1, c.dims[0]!, c.grid, c.grid])], [
    ['stem', module([], [['convs', vigStem([3, c.dims[0]! / 2, c.dims[0]!, c.dims[0]!])]])],
    ['backbone', indexed(flat)],
    ['prediction', vigPrediction(last, c.classes)],
  ]);
  // mmpretrain PyramidVig: pos_embed, stem, stages (stage S: its downsample as item 0 for S > 0, then the blocks); VigClsHead fc1, bn, fc2
  const mm = module([], [
    ['backbone', module([t('pos_embed', [1, c.dims[0]!, c.grid, c.grid])], [
      ['stem', vigStem([3, c.dims[0]! / 2, c.dims[0]!, c.dims[0]!])],
      ['stages', indexed(c.blocks.map((n, i) => indexed([...(i > 0 ? [down(i)] : []), ...range(n).map(() => block(i))])))],
    ])],
    ['head', vigHead(last, c.classes)],
  ]);
  const source = stateDict(original, 'float32');
  // convert_pvig: a running stage index (bumped at each downsample's 0.weight) and the flat index of the stage's downsample, subtracted from each block's
  let stage = 0;
  let stageBlocks = 0;
  const truth = renameAll(source, (k) => {
    const common = vigCommon(k);
    if (common !== undefined) return common;
    if (/^backbone\.\d+\.conv/.test(k)) {
      if (k.endsWith('0.weight')) stage += 1;
      stageBlocks = Number(k.split('.')[1]);
      return `backbone.stages.${stage}.0.${k.split('.').slice(3).join('.')}`;
    }
    const block = Number(k.split('.')[1]) - stageBlocks;
    return `backbone.stages.${stage}.${block}.${k.split('.').slice(2).join('.')}`;
  });
  const f: Family = {
    name: 'pvig-s-original-to-mmpretrain',
    description: 'huawei-noah Pyramid ViG-S → mmpretrain PyramidVig: the flat backbone list (blocks and the stride-2 downsample convs between stages) regrouped into stages.S.B by a running stage index and the downsample\'s flat index (backbone.2.conv.0 → stages.1.0.0, backbone.3.0.fc1 → stages.1.1.0.fc1, backbone.14.1.fc2 → stages.3.2.1.fc2), stem.convs → backbone.stem, pos_embed → backbone.pos_embed, and the 1×1-conv prediction head into Linear / BatchNorm1d / Linear (prediction.0 / .4 weights squeezed).',
    reference: 'open-mmlab/mmpretrain tools/model_converters/vig_to_mmpretrain.py convert_pvig (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/0979e785737baa0342a6be2917736a58669a1238/tools/model_converters/vig_to_mmpretrain.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // pos_embed, stem, downsample regroup, block regroup, prediction.0 (squeeze), .1, .4 (squeeze)
    patterns: 7,
  };
  f.reshaped = vigSqueezed(f);
  return f;
}

/** vig_s_224_gelu: width 320, 16 blocks, 14 × 14 tokens, no relative positions, 1000 classes */
const VIG_S = { ch: 320, blocks: 16, grid: 14, classes: 1000 };

export function vigSToMmpretrain(): Family {
  const c = VIG_S;
  const block = (): Module => indexed([grapher(c.ch, null), vigFfn(c.ch)]);
  const stem = vigStem([3, c.ch / 8, c.ch / 4, c.ch / 2, c.ch, c.ch]);
  // Efficient-AI-Backbones vig_pytorch vig.py DeepGCN: pos_embed, stem.convs, backbone (Seq(Grapher, FFN) × 16), prediction
  const original = module([t('pos_embed', [1, c.ch, c.grid, c.grid])], [
    ['stem', module([], [['convs', stem]])],
    ['backbone', indexed(range(c.blocks).map(block))],
    ['prediction', vigPrediction(c.ch, c.classes)],
  ]);
  // mmpretrain Vig: pos_embed, stem, blocks; VigClsHead
  const mm = module([], [
    ['backbone', module([t('pos_embed', [1, c.ch, c.grid, c.grid])], [['stem', stem], ['blocks', indexed(range(c.blocks).map(block))]])],
    ['head', vigHead(c.ch, c.classes)],
  ]);
  const source = stateDict(original, 'float32');
  // convert_vig: pos_embed, stem.convs → backbone.stem, backbone → backbone.blocks, prediction.0 / .1 / .4 → head.fc1 / bn / fc2
  const truth = renameAll(source, (k) => vigCommon(k) ?? k.replace('backbone', 'backbone.blocks'));
  const f: Family = {
    name: 'vig-s-original-to-mmpretrain',
    description: 'huawei-noah ViG-S (isotropic) → mmpretrain Vig: backbone.N → backbone.blocks.N, stem.convs → backbone.stem, pos_embed → backbone.pos_embed, and the 1×1-conv prediction head into Linear / BatchNorm1d / Linear (prediction.0 / .4 weights squeezed from [out, in, 1, 1] to [out, in]).',
    reference: 'open-mmlab/mmpretrain tools/model_converters/vig_to_mmpretrain.py convert_vig (commit 0979e785737baa0342a6be2917736a58669a1238)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/0979e785737baa0342a6be2917736a58669a1238/tools/model_converters/vig_to_mmpretrain.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // pos_embed, stem, backbone, prediction.0 (squeeze), .1, .4 (squeeze)
    patterns: 6,
  };
  f.reshaped = vigSqueezed(f);
  return f;
}

// ---------------------------------------------------------------------------------------------------------
// ResNet-50 (Detectron R-50.pkl caffe blobs → mmdetection)

/** ResNet-50: stem 64, bottleneck stages of 3 / 4 / 6 / 3 blocks, widths 64 / 128 / 256 / 512 (× 4 out), an ImageNet fc1000 the converter leaves out */
const R50 = { blocks: [3, 4, 6, 3], widths: [64, 128, 256, 512], classes: 1000 };

export function detectronR50ToMmdet(): Family {
  const c = R50;
  // the caffe side: conv weights as `_w`, AffineChannel scale / bias as `_bn_s` / `_bn_b` (no statistics); a pickled dict, listed sorted
  const source: KeyEntry[] = [];
  const push = (key: string, shape: number[]): void => void source.push({ key, shape, dtype: 'float32' });
  const convBn = (name: string, shape: number[]): void => {
    push(`${name}_w`, shape);
    push(`${name}_bn_s`, [shape[0]!]);
    push(`${name}_bn_b`, [shape[0]!]);
  };
  push('conv1_w', [64, 3, 7, 7]);
  push('res_conv1_bn_s', [64]);
  push('res_conv1_bn_b', [64]);
  // mmdet ResNet: conv1, bn1, layerN (Bottleneck: conv1, bn1, conv2, bn2, conv3, bn3, downsample.0 / .1)
  const layers: [string, Module][] = [];
  let cin = 64;
  c.blocks.forEach((n, s) => {
    const w = c.widths[s]!;
    const blocks: Module[] = [];
    for (let j = 0; j < n; j++) {
      const r = `res${s + 2}_${j}`;
      if (j === 0) convBn(`${r}_branch1`, [4 * w, cin, 1, 1]);
      convBn(`${r}_branch2a`, [w, j === 0 ? cin : 4 * w, 1, 1]);
      convBn(`${r}_branch2b`, [w, w, 3, 3]);
      convBn(`${r}_branch2c`, [4 * w, w, 1, 1]);
      blocks.push(module([], [
        ['conv1', conv2d(j === 0 ? cin : 4 * w, w, 1, false)], ['bn1', batchNorm(w)], ['conv2', conv2d(w, w, 3, false)], ['bn2', batchNorm(w)],
        ['conv3', conv2d(w, 4 * w, 1, false)], ['bn3', batchNorm(4 * w)],
        ...(j === 0 ? [['downsample', indexed([conv2d(cin, 4 * w, 1, false), batchNorm(4 * w)])] as [string, Module]] : []),
      ]));
    }
    layers.push([`layer${s + 1}`, indexed(blocks)]);
    cin = 4 * w;
  });
  push('fc1000_w', [c.classes, cin]);
  push('fc1000_b', [c.classes]);
  source.sort(byKey);
  const mm = module([], [['conv1', conv2d(3, 64, 7, false)], ['bn1', batchNorm(64)], ...layers]);
  // convert: conv1 → conv1, res_conv1_bn → bn1, res{i+1}_{j}_branch1 → layer{i}.{j}.downsample.0 / _bn → .1, branch2{a,b,c} → conv{k+1} / bn{k+1}; _s → weight, _b → bias; running_mean / running_var made (zeros / ones), fc1000 not converted
  const truth: Truth = {};
  for (const { key } of source) {
    if (key.startsWith('fc1000')) {
      truth[key] = null;
      continue;
    }
    const suffix = key.endsWith('_w') || key.endsWith('_s') ? 'weight' : 'bias';
    const base = key.slice(0, -2);
    let name: string;
    if (base === 'conv1') name = 'conv1';
    else if (base === 'res_conv1_bn') name = 'bn1';
    else {
      const m = /^res(\d)_(\d+)_branch(1|2[abc])(_bn)?$/.exec(base)!;
      const at = `layer${Number(m[1]) - 1}.${m[2]}.`;
      if (m[3] === '1') name = `${at}downsample.${m[4] ? 1 : 0}`;
      else name = `${at}${m[4] ? 'bn' : 'conv'}${'abc'.indexOf(m[3]![1]!) + 1}`;
    }
    truth[key] = `${name}.${suffix}`;
  }
  return {
    name: 'resnet50-detectron-caffe-to-mmdet',
    description: 'Detectron (caffe2) R-50.pkl blobs (sorted) → mmdetection ResNet-50: res{S}_{j}_branch2{a,b,c} → layer{S−1}.j.conv1/2/3 with their _bn AffineChannels → bn1/2/3 (_s → weight, _b → bias), branch1 → downsample.0 / .1, conv1 / res_conv1_bn → conv1 / bn1; running_mean / running_var are created by the converter (no source) and num_batches_tracked is left out; fc1000 is not converted.',
    reference: 'open-mmlab/mmdetection tools/model_converters/detectron2pytorch.py convert, convert_bn, convert_conv_fc (commit 19bceba56284d440278e80cfde1d95460330ccbb)',
    url: 'https://github.com/open-mmlab/mmdetection/blob/19bceba56284d440278e80cfde1d95460330ccbb/tools/model_converters/detectron2pytorch.py',
    source,
    target: stateDict(mm, 'float32'),
    truth,
    // conv1, res_conv1_bn, branch1, branch1_bn, branch2 conv, branch2 bn, _s → weight, _b → bias
    patterns: 8,
  };
}
