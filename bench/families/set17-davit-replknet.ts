/**
 * The seventeenth family set (session 24): conversions no earlier set uses. MMPretrain's DaViT converter
 * (tools/model_converters/davit_to_mmpretrain.py): the original DaViT's two parallel lists patch_embeds.S and
 * main_blocks.S folded into one stages list, where patch_embeds.0 becomes the stem and patch_embeds.S (S > 0) becomes the
 * downsample at the end of the stage before it (stages.S-1.downsample: an index offset by one and a subtree moved after
 * the blocks), each block pair main_blocks.S.J.0 / .1 → stages.S.blocks.J.spatial_block / channel_block (an index folded
 * into a name), the cpe ModuleList .0 / .1 → cpe1 / cpe2, mlp.fc1 / fc2 → ffn.layers.0.0 / ffn.layers.1, the spatial
 * block's attn pushed one level down (attn.w_msa), norms → norm3, head → head.fc; MMPretrain's RepLKNet converter
 * (replknet_to_mmcls.py): stem / stages / transitions under backbone., the classifier's final BatchNorm moved into the
 * last stage (norm → backbone.stages.3.norm, listed before the transitions in the model, after them in the checkpoint),
 * head → head.fc, inside every block many equal-shaped 1×1 convs and BatchNorms (pw1, pw2 of the large-kernel block and
 * of its ConvFFN) that keep their names. Models at their real configurations, keys in state_dict order.
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { unfoldOrder } from './swin-convnext.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const MMPRETRAIN = 'open-mmlab/mmpretrain';

// ---------------------------------------------------------------------------------------------------------
// DaViT (dingmyu/davit → MMPretrain's DaViT)

const DAVIT_SCRIPT = 'tools/model_converters/davit_to_mmpretrain.py';
const DAVIT_COMMIT = '0979e785737baa0342a6be2917736a58669a1238';

interface DavitConfig { dims: number; depths: number[] }

/** ConvPosEnc.proj: a depthwise 3×3 conv with bias */
const posConv = (d: number): Module => module([], [['proj', module([t('weight', [d, 1, 3, 3]), t('bias', [d])])]]);

/**
 * The original DaViT (dingmyu/davit): patch_embeds.S (proj: 7×7 from 3 for S = 0, else 2×2 from the previous width;
 * norm: a LayerNorm of the output width for S = 0, of the input width after), main_blocks.S.J.{0: SpatialBlock,
 * 1: ChannelBlock} (cpe ModuleList of two ConvPosEnc, norm1, attn qkv / proj, norm2, mlp fc1 / fc2), norms, head.
 * MMPretrain's DaViT (mmpretrain/models/backbones/davit.py): patch_embed (projection, norm); stages.S: blocks.J.
 * spatial_block / channel_block (cpe1, norm1, attn (the spatial one a ShiftWindowMSA holding w_msa.qkv / proj), cpe2,
 * norm2, ffn.layers.0.0 / ffn.layers.1), then for S < 3 downsample (projection 2×2 to twice the width, norm of the
 * input width); norm3; ImageClassifier's head.fc.
 */
function davit(c: DavitConfig, mm: boolean): Module {
  const widths = range(4).map((s) => c.dims * 2 ** s);
  const mlp = (d: number): [string, Module] => (mm
    ? ['ffn', module([], [['layers', indexed([indexed([linear(d, 4 * d)]), linear(4 * d, d)])]])]
    : ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])]);
  const attn = (d: number): Module => module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]]);
  const block = (d: number, spatial: boolean): Module => (mm
    ? module([], [['cpe1', posConv(d)], ['norm1', affineNorm(d)], ['attn', spatial ? module([], [['w_msa', attn(d)]]) : attn(d)], ['cpe2', posConv(d)], ['norm2', affineNorm(d)], mlp(d)])
    : module([], [['cpe', indexed([posConv(d), posConv(d)])], ['norm1', affineNorm(d)], ['attn', attn(d)], ['norm2', affineNorm(d)], mlp(d)]));
  const last = widths[3]!;
  if (mm) {
    const stages = widths.map((d, s) => {
      const children: [string, Module][] = [['blocks', indexed(range(c.depths[s]!).map(() => module([], [['spatial_block', block(d, true)], ['channel_block', block(d, false)]])))]];
      if (s < 3) children.push(['downsample', module([], [['projection', conv2d(d, 2 * d, 2)], ['norm', affineNorm(d)]])]);
      return module([], children);
    });
    return module([], [
      ['backbone', module([], [['patch_embed', module([], [['projection', conv2d(3, c.dims, 7)], ['norm', affineNorm(c.dims)]])], ['stages', indexed(stages)], ['norm3', affineNorm(last)]])],
      ['head', module([], [['fc', linear(last, 1000)]])],
    ]);
  }
  return module([], [
    ['patch_embeds', indexed(widths.map((d, s) => module([], [
      ['proj', conv2d(s === 0 ? 3 : widths[s - 1]!, d, s === 0 ? 7 : 2)],
      ['norm', affineNorm(s === 0 ? d : widths[s - 1]!)],
    ])))],
    ['main_blocks', indexed(widths.map((d, s) => indexed(range(c.depths[s]!).map(() => indexed([block(d, true), block(d, false)])))))],
    ['norms', affineNorm(last)],
    ['head', linear(last, 1000)],
  ]);
}

/** davit_to_mmpretrain.py's convert_davit, rule by rule (its stage / block loop tests the old key and rewrites the new one) */
function davitConvert(k: string): string {
  let n: string;
  if (k.startsWith('patch_embeds.0')) n = k.replace('patch_embeds.0', 'patch_embed').replaceAll('proj', 'projection');
  else if (k.startsWith('patch_embeds')) {
    n = k;
    for (const s of [1, 2, 3]) if (k.startsWith(`patch_embeds.${s}`)) n = k.replace(`patch_embeds.${s}`, `stages.${s - 1}.downsample`);
    n = n.replaceAll('proj', 'projection');
  } else if (k.startsWith('main_blocks')) {
    n = k.replaceAll('main_blocks', 'stages');
    for (const s of range(4)) {
      for (const b of range(9)) {
        if (k.includes(`${s}.${b}.0`)) n = n.replaceAll(`${s}.${b}.0`, `${s}.blocks.${b}.spatial_block`);
        else if (k.includes(`${s}.${b}.1`)) n = n.replaceAll(`${s}.${b}.1`, `${s}.blocks.${b}.channel_block`);
      }
    }
    if (k.includes('cpe.0')) n = n.replaceAll('cpe.0', 'cpe1');
    else if (k.includes('cpe.1')) n = n.replaceAll('cpe.1', 'cpe2');
    if (k.includes('mlp')) n = n.replaceAll('mlp.fc1', 'ffn.layers.0.0').replaceAll('mlp.fc2', 'ffn.layers.1');
    if (n.includes('spatial_block.attn')) n = n.replaceAll('spatial_block.attn', 'spatial_block.attn.w_msa');
  } else if (k.startsWith('norms')) n = k.replaceAll('norms', 'norm3');
  else if (k.startsWith('head')) n = k.replaceAll('head', 'head.fc');
  else n = k;
  return n.startsWith('head') ? n : `backbone.${n}`;
}

function davitFamily(name: string, model: string, c: DavitConfig): Family {
  const source = stateDict(davit(c, false), 'float32');
  const truth: Record<string, string> = {};
  for (const { key } of source) truth[key] = davitConvert(key);
  return {
    name,
    description: `${model} (width ${c.dims}, depths ${c.depths.join(' / ')}) original DaViT (dingmyu/davit) → MMPretrain ImageClassifier DaViT: patch_embeds.0 → backbone.patch_embed and patch_embeds.S (S > 0) → stages.S-1.downsample (the downsampling that opens a stage in the checkpoint closes the stage before it in the model, after its blocks), proj → projection; main_blocks.S.J.0 / .1 → stages.S.blocks.J.spatial_block / channel_block; cpe.0 / cpe.1 → cpe1 / cpe2 (the model registers cpe2 after attn); mlp.fc1 / fc2 → ffn.layers.0.0 / ffn.layers.1; the spatial block's attn → attn.w_msa; norms → norm3; head → head.fc; everything but the head under backbone.; the spatial and the channel block of a pair hold tensors of equal shapes.`,
    reference: `${MMPRETRAIN} ${DAVIT_SCRIPT} convert_davit (commit ${DAVIT_COMMIT})`,
    url: `https://github.com/${MMPRETRAIN}/blob/${DAVIT_COMMIT}/${DAVIT_SCRIPT}`,
    source,
    target: stateDict(davit(c, true), 'float32'),
    truth,
    // patch_embeds.0 → patch_embed, patch_embeds.1 / .2 / .3 → stages.0 / 1 / 2.downsample, proj → projection, main_blocks → stages,
    // .0 → spatial_block, .1 → channel_block, cpe.0, cpe.1, mlp.fc1, mlp.fc2, attn → attn.w_msa, norms → norm3, head → head.fc, backbone. prefix
    patterns: 16,
  };
}

export const davitTinyToMmpretrain = (): Family => davitFamily('davit-tiny-original-to-mmpretrain', 'DaViT-T', { dims: 96, depths: [1, 1, 3, 1] });
export const davitSmallToMmpretrain = (): Family => davitFamily('davit-small-original-to-mmpretrain', 'DaViT-S', { dims: 96, depths: [1, 1, 9, 1] });
export const davitBaseToMmpretrain = (): Family => davitFamily('davit-base-original-to-mmpretrain', 'DaViT-B', { dims: 128, depths: [1, 1, 9, 1] });

// ---------------------------------------------------------------------------------------------------------
// RepLKNet (DingXiaoH/RepLKNet-pytorch → MMPretrain's RepLKNet)

const REPLK_SCRIPT = 'tools/model_converters/replknet_to_mmcls.py';
const REPLK_COMMIT = '7d11a5ab558b91e7f74efa308cc143d1da71bee3';

interface ReplkConfig { kernels: number[]; layers: number[]; channels: number[]; small: number | null; dwRatio: number }

/** conv_bn: a bias-free conv (`conv`) and its BatchNorm (`bn`); conv_bn_relu adds a stateless ReLU */
const convBn = (cin: number, cout: number, k: number, groups = 1): Module =>
  module([], [['conv', module([t('weight', [cout, cin / groups, k, k])])], ['bn', batchNorm(cout)]]);

/**
 * RepLKNet as both repositories write it (mmpretrain's replknet.py is a port of the original replknet.py): stem, a
 * ModuleList of four conv_bn_relu (3×3 stride 2, depthwise 3×3, 1×1, depthwise 3×3 stride 2); stages.S.blocks, a
 * ModuleList alternating RepLKBlock (pw1, pw2, large_kernel.lkb_origin and, unless the arch has none, large_kernel.
 * small_conv (5×5), prelkb_bn) and ConvFFN (preffn_bn, pw1, pw2); transitions.S (a 1×1 conv_bn_relu then a depthwise
 * 3×3 stride 2). The original classifier keeps its final BatchNorm as `norm` after the transitions (its stages' norm is
 * an Identity) and its Linear as `head`; mmpretrain builds the last stage with that norm (stages.3.norm, out_indices
 * (3,)) and ImageClassifier's LinearClsHead head.fc.
 */
function replknet(c: ReplkConfig, mm: boolean): Module {
  const ch = c.channels;
  const stem = indexed([convBn(3, ch[0]!, 3), convBn(ch[0]!, ch[0]!, 3, ch[0]!), convBn(ch[0]!, ch[0]!, 1), convBn(ch[0]!, ch[0]!, 3, ch[0]!)]);
  const lkBlock = (d: number, k: number): Module => {
    const dw = Math.trunc(d * c.dwRatio);
    const large: [string, Module][] = [['lkb_origin', convBn(dw, dw, k, dw)]];
    if (c.small !== null) large.push(['small_conv', convBn(dw, dw, c.small, dw)]);
    return module([], [['pw1', convBn(d, dw, 1)], ['pw2', convBn(dw, d, 1)], ['large_kernel', module([], large)], ['prelkb_bn', batchNorm(d)]]);
  };
  const ffn = (d: number): Module => module([], [['preffn_bn', batchNorm(d)], ['pw1', convBn(d, 4 * d, 1)], ['pw2', convBn(4 * d, d, 1)]]);
  const stages = ch.map((d, s) => {
    const children: [string, Module][] = [['blocks', indexed(range(c.layers[s]!).flatMap(() => [lkBlock(d, c.kernels[s]!), ffn(d)]))]];
    if (mm && s === 3) children.push(['norm', batchNorm(d)]);
    return module([], children);
  });
  const transitions = indexed(range(3).map((s) => indexed([convBn(ch[s]!, ch[s + 1]!, 1), convBn(ch[s + 1]!, ch[s + 1]!, 3, ch[s + 1]!)])));
  const last = ch[3]!;
  if (mm) {
    return module([], [
      ['backbone', module([], [['stem', stem], ['stages', indexed(stages)], ['transitions', transitions]])],
      ['head', module([], [['fc', linear(last, 1000)]])],
    ]);
  }
  return module([], [['stem', stem], ['stages', indexed(stages)], ['transitions', transitions], ['norm', batchNorm(last)], ['head', linear(last, 1000)]]);
}

/** replknet_to_mmcls.py's convert: each dotted segment replaced by what its first letters name, in the script's order */
function replknetConvert(key: string): string {
  const rules: [string, string][] = [['stem', 'backbone.stem'], ['stages', 'backbone.stages'], ['transitions', 'backbone.transitions'], ['norm', 'backbone.stages.3.norm'], ['head', 'head.fc']];
  let parts = key.split('.');
  for (const [prefix, to] of rules) parts = parts.map((p) => (p.startsWith(prefix) ? to : p));
  return parts.join('.');
}

function replknetFamily(name: string, model: string, c: ReplkConfig): Family {
  const source = stateDict(replknet(c, false), 'float32');
  const truth: Record<string, string> = {};
  for (const { key } of source) truth[key] = replknetConvert(key);
  return {
    name,
    description: `${model} (channels ${c.channels.join(' / ')}, kernels ${c.kernels.join(' / ')}, ${c.small === null ? 'no small kernel' : `small kernel ${c.small}`}, dw ratio ${c.dwRatio}, 1000 classes) original RepLKNet → MMPretrain ImageClassifier RepLKNet: stem / stages / transitions → backbone.stem / .stages / .transitions; the classifier's final BatchNorm norm → backbone.stages.3.norm (after the transitions in the checkpoint, before them in the model); head → head.fc. Every block alternates a large-kernel block and a ConvFFN whose pw1 / pw2 conv-BN pairs and leading BatchNorms share names and, within a stage, shapes of the other kind.`,
    reference: `${MMPRETRAIN} ${REPLK_SCRIPT} convert (commit ${REPLK_COMMIT})`,
    url: `https://github.com/${MMPRETRAIN}/blob/${REPLK_COMMIT}/${REPLK_SCRIPT}`,
    source,
    target: stateDict(replknet(c, true), 'float32'),
    truth,
    // the five segment rules: stem, stages, transitions, norm, head
    patterns: 5,
  };
}

/** mmpretrain's RepLKNet arch_settings '31B', '31L' and 'XL' (the original repo's create_RepLKNet31B / 31L / XL) */
export const REPLKNET_31B: ReplkConfig = { kernels: [31, 29, 27, 13], layers: [2, 2, 18, 2], channels: [128, 256, 512, 1024], small: 5, dwRatio: 1 };
export const REPLKNET_31L: ReplkConfig = { kernels: [31, 29, 27, 13], layers: [2, 2, 18, 2], channels: [192, 384, 768, 1536], small: 5, dwRatio: 1 };
export const REPLKNET_XL: ReplkConfig = { kernels: [27, 27, 27, 13], layers: [2, 2, 18, 2], channels: [256, 512, 1024, 2048], small: null, dwRatio: 1.5 };
export const replknet31bToMmpretrain = (): Family => replknetFamily('replknet-31b-original-to-mmpretrain', 'RepLKNet-31B', REPLKNET_31B);
export const replknet31lToMmpretrain = (): Family => replknetFamily('replknet-31l-original-to-mmpretrain', 'RepLKNet-31L', REPLKNET_31L);
export const replknetXlToMmpretrain = (): Family => replknetFamily('replknet-xl-original-to-mmpretrain', 'RepLKNet-XL', REPLKNET_XL);

// ---------------------------------------------------------------------------------------------------------
// RevViT (facebookresearch/SlowFast's reversible MViT in its ViT form → MMPretrain's RevVisionTransformer)

const REVVIT_SCRIPT = 'tools/model_converters/revvit_to_mmpretrain.py';
const REVVIT_COMMIT = '0979e785737baa0342a6be2917736a58669a1238';

interface RevVitConfig { dims: number; layers: number; ffn: number }

/**
 * SlowFast's MViT with MVIT.REV.ENABLE (slowfast/models/video_model_builder.py, reversible_mvit.py), as the RevViT
 * checkpoints hold it: pos_embed [1, 196, d] (no class token: "rev does not allow cls token"), patch_embed.proj (a
 * 16×16 conv), rev_backbone.layers.N (ReversibleBlock: F = AttentionSubBlock (norm, attn with separate q / k / v and
 * proj), G = MLPSubblock (norm, mlp fc1 / fc2)), the concat fusion's norm of width 2d, head.projection. MMPretrain's
 * RevVisionTransformer (mmpretrain/models/backbones/revvit.py): cls_token and pos_embed [1, 197, d] (one extra token),
 * patch_embed.projection, layers.N (ln1, attn.qkv / proj, ln2, ffn.layers.0.0 / layers.1), ln1 of width 2d;
 * ImageClassifier's head.fc.
 */
function revVit(c: RevVitConfig, mm: boolean): Module {
  const d = c.dims;
  const wide = 2 * d;
  if (mm) {
    const layer = module([], [
      ['ln1', affineNorm(d)], ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])], ['ln2', affineNorm(d)],
      ['ffn', module([], [['layers', indexed([indexed([linear(d, c.ffn)]), linear(c.ffn, d)])]])],
    ]);
    return module([], [
      ['backbone', module([t('cls_token', [1, 1, d]), t('pos_embed', [1, 197, d])], [
        ['patch_embed', module([], [['projection', conv2d(3, d, 16)]])], ['layers', indexed(range(c.layers).map(() => layer))], ['ln1', affineNorm(wide)],
      ])],
      ['head', module([], [['fc', linear(wide, 1000)]])],
    ]);
  }
  const layer = module([], [
    ['F', module([], [['norm', affineNorm(d)], ['attn', module([], [['q', linear(d, d)], ['k', linear(d, d)], ['v', linear(d, d)], ['proj', linear(d, d)]])]])],
    ['G', module([], [['norm', affineNorm(d)], ['mlp', module([], [['fc1', linear(d, c.ffn)], ['fc2', linear(c.ffn, d)]])]])],
  ]);
  return module([t('pos_embed', [1, 196, d])], [
    ['patch_embed', module([], [['proj', conv2d(3, d, 16)]])],
    ['rev_backbone', module([], [['layers', indexed(range(c.layers).map(() => layer))]])],
    ['norm', affineNorm(wide)],
    ['head', module([], [['projection', linear(wide, 1000)]])],
  ]);
}

/** revvit_to_mmpretrain.py's first loop (the per-key renames); the second loop concatenates q, k, v (below) */
function revVitRename(k: string): string {
  if (k.startsWith('head.projection')) return k.replace('head.projection', 'head.fc');
  let n = k;
  if (k.startsWith('patch_embed')) n = k.includes('proj.') ? k.replace('proj.', 'projection.') : k;
  else if (k.startsWith('rev_backbone')) {
    n = k.replace('rev_backbone.', '');
    if (k.includes('F.norm')) n = n.replace('F.norm', 'ln1');
    else if (k.includes('G.norm')) n = n.replace('G.norm', 'ln2');
    else if (k.includes('F.attn')) n = n.replace('F.attn', 'attn');
    else if (k.includes('G.mlp.fc1')) n = n.replace('G.mlp.fc1', 'ffn.layers.0.0');
    else if (k.includes('G.mlp.fc2')) n = n.replace('G.mlp.fc2', 'ffn.layers.1');
  } else if (k.startsWith('norm')) n = k.replace('norm', 'ln1');
  return n.startsWith('head') ? n : `backbone.${n}`;
}

function revVitFamily(name: string, model: string, c: RevVitConfig): Family {
  const source = stateDict(revVit(c, false), 'float32');
  const truth: Record<string, string> = {};
  const recipes: Record<string, Recipe> = {};
  const joined: string[] = [];
  for (const { key } of source) {
    // the script rebuilds pos_embed with a made-up class-token row (torch.cat of ones' mean and the source): no plan op
    // builds that from the checkpoint, so the key is out of scope (dropping it is not scored, mapping it anywhere is wrong)
    if (key === 'pos_embed') continue;
    const to = revVitRename(key);
    const fused = /\.attn\.[qkv]\.(weight|bias)$/.exec(to);
    if (!fused) {
      truth[key] = to;
      continue;
    }
    // its second loop: q, k, v of each layer, weight and bias, torch.cat(dim=0) into attn.qkv in that order
    const qkv = to.replace(/\.attn\.[qkv]\./, '.attn.qkv.');
    truth[key] = qkv;
    if (!(qkv in recipes)) {
      const part = (p: string): Recipe => ({ kind: 'source', key: key.replace(/\.attn\.[qkv]\./, `.attn.${p}.`) });
      recipes[qkv] = { kind: 'concat', parts: ['q', 'k', 'v'].map(part), dim: 0 };
      joined.push(qkv);
    }
  }
  return {
    name,
    description: `${model} (width ${c.dims}, ${c.layers} layers, MLP ${c.ffn}, concat fusion) SlowFast reversible ViT → MMPretrain ImageClassifier RevVisionTransformer: rev_backbone. stripped; per layer F.norm → ln1, G.norm → ln2, F.attn → attn with its separate q / k / v (weights and biases) concatenated along dim 0 into attn.qkv, G.mlp.fc1 / fc2 → ffn.layers.0.0 / ffn.layers.1; patch_embed.proj → projection; the fused stream's norm (width ${2 * c.dims}) → ln1 (a top-level ln1 beside every layer's ln1); head.projection → head.fc; backbone. prefix. Out of scope: pos_embed, which the script rebuilds with an added class-token row (the model's pos_embed [1, 197, ${c.dims}] and cls_token have no source of their shape).`,
    reference: `${MMPRETRAIN} ${REVVIT_SCRIPT} convert_revvit (commit ${REVVIT_COMMIT})`,
    url: `https://github.com/${MMPRETRAIN}/blob/${REVVIT_COMMIT}/${REVVIT_SCRIPT}`,
    source,
    target: stateDict(revVit(c, true), 'float32'),
    truth,
    recipes,
    joined,
    // head.projection, patch_embed proj., rev_backbone., F.norm, G.norm, F.attn, G.mlp.fc1, G.mlp.fc2, norm → ln1, backbone. prefix,
    // q / k / v weights → qkv.weight, q / k / v biases → qkv.bias, the pos_embed class-token row
    patterns: 13,
  };
}

/** mmpretrain's revvit configs: small as DeiT-S (384, 12 layers, MLP 1536), base as ViT-B (768, 12 layers, MLP 3072) */
export const revVitSmallToMmpretrain = (): Family => revVitFamily('revvit-small-slowfast-to-mmpretrain', 'RevViT-S', { dims: 384, layers: 12, ffn: 1536 });
export const revVitBaseToMmpretrain = (): Family => revVitFamily('revvit-base-slowfast-to-mmpretrain', 'RevViT-B', { dims: 768, layers: 12, ffn: 3072 });

// ---------------------------------------------------------------------------------------------------------
// MixMIM (Sense-X/MixMIM fine-tuned → MMPretrain's MixMIMTransformer)

const MIXMIM_SCRIPT = 'tools/model_converters/mixmim_to_mmpretrain.py';
const MIXMIM_COMMIT = '9fe593e3e04b1258795c1020ec3fa29b867324bf';

interface MixmimConfig { dims: number; depths: number[]; heads: number[] }
/** both models' window sizes at 224 px (stage resolutions 56 / 28 / 14 / 7; a window never exceeds its stage) */
const MIXMIM_WINDOWS = [14, 14, 14, 7];

/**
 * The fine-tuned MixMIM (Swin-like, timm parts): absolute_pos_embed [1, 3136, d] (an own parameter, so first),
 * patch_embed (proj 4×4, norm), layers.S.blocks.J (norm1, attn: relative_position_bias_table, the int64
 * relative_position_index buffer, qkv, proj; norm2, mlp fc1 / fc2), layers.S.downsample for S < 3 (timm's PatchMerging:
 * reduction Linear(4C, 2C, no bias) then norm LayerNorm(4C)), norm, head. MMPretrain's MixMIMTransformer
 * (mmpretrain/models/backbones/mixmim.py): absolute_pos_embed, patch_embed (projection, norm), layers.S.blocks.J (ln1,
 * attn with the same four tensors, ln2, ffn.layers.0.0 / layers.1), layers.S.downsample (mmcv's PatchMerging: norm
 * before reduction), norm; ImageClassifier's head.fc.
 */
function mixmim(c: MixmimConfig, mm: boolean): Module {
  const block = (d: number, heads: number, w: number): Module => module([], [
    [mm ? 'ln1' : 'norm1', affineNorm(d)],
    ['attn', module([t('relative_position_bias_table', [(2 * w - 1) ** 2, heads]), t('relative_position_index', [w * w, w * w], 'int64')], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    [mm ? 'ln2' : 'norm2', affineNorm(d)],
    mm ? ['ffn', module([], [['layers', indexed([indexed([linear(d, 4 * d)]), linear(4 * d, d)])]])] : ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
  ]);
  const layers = range(4).map((s) => {
    const d = c.dims * 2 ** s;
    const children: [string, Module][] = [['blocks', indexed(range(c.depths[s]!).map(() => block(d, c.heads[s]!, MIXMIM_WINDOWS[s]!)))]];
    const reduction: [string, Module] = ['reduction', linear(4 * d, 2 * d, false)];
    const norm: [string, Module] = ['norm', affineNorm(4 * d)];
    if (s < 3) children.push(['downsample', module([], mm ? [norm, reduction] : [reduction, norm])]);
    return module([], children);
  });
  const last = c.dims * 8;
  const body = module([t('absolute_pos_embed', [1, 56 * 56, c.dims])], [
    ['patch_embed', module([], [[mm ? 'projection' : 'proj', conv2d(3, c.dims, 4)], ['norm', affineNorm(c.dims)]])],
    ['layers', indexed(layers)],
    ['norm', affineNorm(last)],
  ]);
  if (mm) return module([], [['backbone', body], ['head', module([], [['fc', linear(last, 1000)]])]]);
  return module(body.tensors, [...body.children, ['head', linear(last, 1000)]]);
}

/** mixmim_to_mmpretrain.py's convert_mixmim key renames (its value changes are the recipes below) */
function mixmimRename(k: string): string {
  let n: string;
  if (k.startsWith('patch_embed')) n = k.replaceAll('proj', 'projection');
  else if (k.startsWith('layers')) {
    if (k.includes('norm1')) n = k.replaceAll('norm1', 'ln1');
    else if (k.includes('norm2')) n = k.replaceAll('norm2', 'ln2');
    else if (k.includes('mlp.fc1')) n = k.replaceAll('mlp.fc1', 'ffn.layers.0.0');
    else if (k.includes('mlp.fc2')) n = k.replaceAll('mlp.fc2', 'ffn.layers.1');
    else n = k;
  } else if (k.startsWith('head')) n = k.replaceAll('head.', 'head.fc.');
  else n = k;
  return n.startsWith('head') ? n : `backbone.${n}`;
}

function mixmimFamily(name: string, model: string, c: MixmimConfig): Family {
  const source = stateDict(mixmim(c, false), 'float32');
  const truth: Record<string, string> = {};
  const recipes: Record<string, Recipe> = {};
  for (const { key, shape } of source) {
    const to = mixmimRename(key);
    truth[key] = to;
    if (to.includes('downsample')) recipes[to] = unfoldOrder(key, shape!);
  }
  return {
    name,
    description: `${model} (width ${c.dims}, depths ${c.depths.join(' / ')}, windows ${MIXMIM_WINDOWS.join(' / ')}) fine-tuned MixMIM → MMPretrain ImageClassifier MixMIMTransformer: patch_embed proj → projection, per block norm1 / norm2 → ln1 / ln2 and mlp.fc1 / fc2 → ffn.layers.0.0 / ffn.layers.1 (attn and its relative-position table and index keep their names), head → head.fc, everything else under backbone.; each PatchMerging's reduction weight [2C, 4C] and norm [4C] keep their names and shapes but have their 4C axis reordered from timm's neighbour-block order to mmcv's unfold order (blocks 0, 2, 1, 3, then channel-major), and the model registers that norm before the reduction.`,
    reference: `${MMPRETRAIN} ${MIXMIM_SCRIPT} convert_mixmim (commit ${MIXMIM_COMMIT})`,
    url: `https://github.com/${MMPRETRAIN}/blob/${MIXMIM_COMMIT}/${MIXMIM_SCRIPT}`,
    source,
    target: stateDict(mixmim(c, true), 'float32'),
    truth,
    recipes,
    // proj → projection, norm1, norm2, mlp.fc1, mlp.fc2, head → head.fc, backbone. prefix, the reduction and the norm reorderings
    patterns: 9,
  };
}

/** mmpretrain's MixMIMTransformer arch_zoo 'base' and 'large' */
export const mixmimBaseToMmpretrain = (): Family => mixmimFamily('mixmim-base-original-to-mmpretrain', 'MixMIM-B', { dims: 128, depths: [2, 2, 18, 2], heads: [4, 8, 16, 32] });
export const mixmimLargeToMmpretrain = (): Family => mixmimFamily('mixmim-large-original-to-mmpretrain', 'MixMIM-L', { dims: 192, depths: [2, 2, 18, 2], heads: [6, 12, 24, 48] });
