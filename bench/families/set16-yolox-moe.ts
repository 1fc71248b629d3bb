/**
 * The sixteenth family set (session 23): conversions no earlier set uses. MMDetection's YOLOX converter
 * (tools/model_converters/yolox2mmdet.py): the official YOLOX's darkN stages renumbered stageN-1, CSP layers' conv1 /
 * conv2 / conv3 → main_conv / short_conv / final_conv (the Bottlenecks inside keep conv1 / conv2: equal names, other
 * meanings), the PAFPN's lateral_conv0 / reduce_conv1 joined into one reduce_layers list, bu_conv2 / bu_conv1 into
 * downsamples in reverse order, C3_p4 / C3_p3 / C3_n3 / C3_n4 into top_down / bottom_up lists, head.stems moved into the
 * neck, the head's lists renamed — many equal-shaped siblings told apart by name and order; transformers v5's "mixtral"
 * conversion pattern (block_sparse_moe.gate → mlp.gate, w1 / w3 of each expert stacked along a new dim and concatenated
 * into mlp.experts.gate_up_proj, w2 stacked into down_proj); MMPretrain's TinyViT converter (tinyvit_to_mmpretrain.py:
 * substring renames c → conv2d and bn → bn2d inside every Conv2d_BN, layers → stages, norm_head → norm3, head → head.fc,
 * backbone. prefix; the attention_bias_idxs buffers the released checkpoints hold, which the model no longer keeps,
 * dropped); MMPretrain's CheXNet converter (chexnet_to_mmcls.py: a DenseNet-121 saved by PyTorch 0.3 with the
 * old dotted names norm.1 / conv.1 and no num_batches_tracked, denseblockN / denselayerN / transitionN renumbered from
 * zero, norm5 → transitions.3.0, the stem split off, 14-class classifier.0 → head.fc; mmpretrain registers every stage
 * before every transition, so the order changes too). Models at their real configurations, keys in state_dict order (a
 * v4 checkpoint as its safetensors files list it: sorted).
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module, type OwnTensor } from './modules.js';
import { byKey, type Truth } from './set9-common.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });

/** the truth of a script that renames each key on its own: source key → its new name, targets in the model's order */
function renamedBy(source: KeyEntry[], rename: (key: string) => string | null): Truth {
  const truth: Truth = {};
  for (const { key } of source) truth[key] = rename(key);
  return truth;
}

// ---------------------------------------------------------------------------------------------------------
// YOLOX (Megvii's official YOLOX → MMDetection's YOLOX)

const MMDET = 'open-mmlab/mmdetection';
const YOLOX_SCRIPT = 'tools/model_converters/yolox2mmdet.py';
const YOLOX_COMMIT = '06aa9a5714109afa0589b022baa9eaedf986c0c2';

/** BaseConv / ConvModule: a bias-free conv and its BatchNorm */
const baseConv = (cin: number, cout: number, k: number): Module => module([], [['conv', conv2d(cin, cout, k, false)], ['bn', batchNorm(cout)]]);
/** Bottleneck / DarknetBottleneck (expansion 1): a 1×1 then a 3×3 conv */
const bottleneck = (c: number): Module => module([], [['conv1', baseConv(c, c, 1)], ['conv2', baseConv(c, c, 3)]]);

/** CSPLayer (expansion 0.5): conv1, conv2, conv3 then the bottlenecks `m` (mmdet: main_conv, short_conv, final_conv, blocks) */
function cspLayer(cin: number, cout: number, n: number, mmdet: boolean): Module {
  const h = Math.floor(cout / 2);
  const names = mmdet ? ['main_conv', 'short_conv', 'final_conv', 'blocks'] : ['conv1', 'conv2', 'conv3', 'm'];
  return module([], [[names[0]!, baseConv(cin, h, 1)], [names[1]!, baseConv(cin, h, 1)], [names[2]!, baseConv(2 * h, cout, 1)], [names[3]!, indexed(range(n).map(() => bottleneck(h)))]]);
}

interface YoloxConfig { depth: number; width: number }

/**
 * YOLOX (yolox/models): YOLOPAFPN holding CSPDarknet as `backbone` (Focus stem, dark2 … dark5 each a stride-2 conv and
 * a CSPLayer, dark5 an SPPBottleneck between them), then lateral_conv0, C3_p4, reduce_conv1, C3_p3, bu_conv2, C3_n3,
 * bu_conv1, C3_n4 in that order; YOLOXHead registers cls_convs, reg_convs, cls_preds, reg_preds, obj_preds, stems (80
 * classes). MMDetection's CSPDarknet / YOLOXPAFPN / YOLOXHead hold the same tensors: stem, stage1 … stage4;
 * reduce_layers, top_down_blocks, downsamples, bottom_up_blocks, out_convs; multi_level_cls_convs, _reg_convs,
 * _conv_cls, _conv_reg, _conv_obj.
 */
function yolox(c: YoloxConfig, mmdet: boolean): Module {
  const bc = Math.floor(c.width * 64);
  const bd = Math.max(Math.round(c.depth * 3), 1);
  const n3 = Math.round(3 * c.depth);
  const w = (ch: number): number => Math.floor(ch * c.width);
  const spp = module([], [['conv1', baseConv(bc * 16, bc * 8, 1)], ['conv2', baseConv(bc * 32, bc * 16, 1)]]);
  const stage = (cin: number, cout: number, n: number, last: boolean): Module =>
    indexed(last ? [baseConv(cin, cout, 3), spp, cspLayer(cout, cout, n, mmdet)] : [baseConv(cin, cout, 3), cspLayer(cout, cout, n, mmdet)]);
  const stem = module([], [['conv', baseConv(12, bc, 3)]]);
  const stages: [string, Module][] = [
    [mmdet ? 'stage1' : 'dark2', stage(bc, bc * 2, bd, false)],
    [mmdet ? 'stage2' : 'dark3', stage(bc * 2, bc * 4, bd * 3, false)],
    [mmdet ? 'stage3' : 'dark4', stage(bc * 4, bc * 8, bd * 3, false)],
    [mmdet ? 'stage4' : 'dark5', stage(bc * 8, bc * 16, bd, true)],
  ];
  const darknet = module([], [['stem', stem], ...stages]);
  const [c3, c4, c5] = [w(256), w(512), w(1024)];
  const hw = w(256);
  const lateral = baseConv(c5, c4, 1);
  const reduce = baseConv(c4, c3, 1);
  const p4 = cspLayer(2 * c4, c4, n3, mmdet);
  const p3 = cspLayer(2 * c3, c3, n3, mmdet);
  const bu2 = baseConv(c3, c3, 3);
  const bu1 = baseConv(c4, c4, 3);
  const n3b = cspLayer(2 * c3, c4, n3, mmdet);
  const n4 = cspLayer(2 * c4, c5, n3, mmdet);
  const stems = [c3, c4, c5].map((ch) => baseConv(ch, hw, 1));
  const twoConvs = (): Module => indexed([baseConv(hw, hw, 3), baseConv(hw, hw, 3)]);
  const preds = (out: number): Module => indexed(range(3).map(() => conv2d(hw, out, 1)));
  const head: [string, Module][] = [
    [mmdet ? 'multi_level_cls_convs' : 'cls_convs', indexed(range(3).map(twoConvs))],
    [mmdet ? 'multi_level_reg_convs' : 'reg_convs', indexed(range(3).map(twoConvs))],
    [mmdet ? 'multi_level_conv_cls' : 'cls_preds', preds(80)],
    [mmdet ? 'multi_level_conv_reg' : 'reg_preds', preds(4)],
    [mmdet ? 'multi_level_conv_obj' : 'obj_preds', preds(1)],
  ];
  if (mmdet) {
    const neck = module([], [
      ['reduce_layers', indexed([lateral, reduce])],
      ['top_down_blocks', indexed([p4, p3])],
      ['downsamples', indexed([bu2, bu1])],
      ['bottom_up_blocks', indexed([n3b, n4])],
      ['out_convs', indexed(stems)],
    ]);
    return module([], [['backbone', darknet], ['neck', neck], ['bbox_head', module([], head)]]);
  }
  const pafpn = module([], [
    ['backbone', darknet], ['lateral_conv0', lateral], ['C3_p4', p4], ['reduce_conv1', reduce], ['C3_p3', p3],
    ['bu_conv2', bu2], ['C3_n3', n3b], ['bu_conv1', bu1], ['C3_n4', n4],
  ]);
  return module([], [['backbone', pafpn], ['head', module([], [...head, ['stems', indexed(stems)]])]]);
}

/**
 * yolox2mmdet.py's convert, rule by rule. Its `if 'stage4.1' in k: continue` drops the SPPBottleneck's keys instead of
 * only sparing them the CSP renames (mmdet's SPPBottleneck has the same conv1 / conv2 names, which the script would
 * otherwise have turned into main_conv / short_conv); the truth keeps those keys under the unchanged names the model
 * needs, which is what the rule guards.
 */
function yoloxConvert(key: string): string {
  let k = key;
  if (k.includes('backbone.backbone')) {
    k = k.replaceAll('backbone.backbone', 'backbone');
    for (const i of [1, 2, 3, 4]) {
      if (!k.includes(`dark${i + 1}`)) continue;
      k = k.replaceAll(`dark${i + 1}`, `stage${i}`);
      if (k.includes('.m.')) k = k.replaceAll('.m.', '.blocks.');
      else if (!k.includes('stage4.1')) k = k.replaceAll('conv1', 'main_conv').replaceAll('conv2', 'short_conv').replaceAll('conv3', 'final_conv');
      break;
    }
  } else if (k.includes('backbone')) {
    k = k.replaceAll('backbone', 'neck').replaceAll('lateral_conv', 'reduce_layers.').replaceAll('reduce_conv', 'reduce_layers.');
    k = k.replaceAll('bu_conv2', 'downsamples.0').replaceAll('bu_conv1', 'downsamples.1');
    if (k.includes('C3')) {
      k = k.replaceAll('C3_p4', 'top_down_blocks.0').replaceAll('C3_p3', 'top_down_blocks.1').replaceAll('C3_n3', 'bottom_up_blocks.0').replaceAll('C3_n4', 'bottom_up_blocks.1');
      if (k.includes('.m.')) k = k.replaceAll('.m.', '.blocks.');
      else k = k.replaceAll('conv1', 'main_conv').replaceAll('conv2', 'short_conv').replaceAll('conv3', 'final_conv');
    }
  }
  if (k.includes('head.stems')) k = k.replaceAll('head.stems', 'neck.out_convs');
  else if (k.includes('head')) {
    k = k.replaceAll('head', 'bbox_head').replaceAll('cls_convs', 'multi_level_cls_convs').replaceAll('reg_convs', 'multi_level_reg_convs');
    k = k.replaceAll('cls_preds', 'multi_level_conv_cls').replaceAll('reg_preds', 'multi_level_conv_reg').replaceAll('obj_preds', 'multi_level_conv_obj');
  }
  return k;
}

function yoloxFamily(name: string, model: string, c: YoloxConfig): Family {
  const source = stateDict(yolox(c, false), 'float32');
  const target = stateDict(yolox(c, true), 'float32');
  return {
    name,
    description: `${model} (depth ${c.depth}, width ${c.width}, 80 classes) official YOLOX → MMDetection YOLOX: backbone.backbone.darkN → backbone.stageN-1; the CSP layers' conv1 / conv2 / conv3 → main_conv / short_conv / final_conv and m → blocks (the bottlenecks inside keep conv1 / conv2, the SPP block between keeps its conv1 / conv2); lateral_conv0 / reduce_conv1 → neck.reduce_layers.0 / .1, bu_conv2 / bu_conv1 → neck.downsamples.0 / .1, C3_p4 / C3_p3 → top_down_blocks.0 / .1, C3_n3 / C3_n4 → bottom_up_blocks.0 / .1, head.stems → neck.out_convs (before the head in the target), the head's cls_convs / reg_convs / cls_preds / reg_preds / obj_preds → bbox_head.multi_level_*: many equal-shaped convs and BatchNorms decided by names and order.`,
    reference: `${MMDET} ${YOLOX_SCRIPT} convert (commit ${YOLOX_COMMIT})`,
    url: `https://github.com/${MMDET}/blob/${YOLOX_COMMIT}/${YOLOX_SCRIPT}`,
    source,
    target,
    truth: renamedBy(source, yoloxConvert),
    // backbone.backbone, darkN → stageN, .m., the stage4.1 guard, conv1 / conv2 / conv3 (CSP), backbone → neck,
    // lateral_conv, reduce_conv, bu_conv2, bu_conv1, C3_p4 / C3_p3 / C3_n3 / C3_n4, .m. / conv1 / conv2 / conv3 (neck),
    // head.stems, head → bbox_head and its five list renames
    patterns: 26,
  };
}

export const yoloxSToMmdet = (): Family => yoloxFamily('yolox-s-official-to-mmdet', 'YOLOX-s', { depth: 0.33, width: 0.5 });
export const yoloxMToMmdet = (): Family => yoloxFamily('yolox-m-official-to-mmdet', 'YOLOX-m', { depth: 0.67, width: 0.75 });
export const yoloxLToMmdet = (): Family => yoloxFamily('yolox-l-official-to-mmdet', 'YOLOX-l', { depth: 1.0, width: 1.0 });
export const yoloxXToMmdet = (): Family => yoloxFamily('yolox-x-official-to-mmdet', 'YOLOX-x', { depth: 1.33, width: 1.25 });
export const yoloxTinyToMmdet = (): Family => yoloxFamily('yolox-tiny-official-to-mmdet', 'YOLOX-tiny', { depth: 0.33, width: 0.375 });

// ---------------------------------------------------------------------------------------------------------
// Mixtral (MixtralForCausalLM, v4 → v5 through the "mixtral" pattern)

const CONVERSION_MAPPING = 'huggingface/transformers src/transformers/conversion_mapping.py _build_checkpoint_conversion_mapping (as stored: search-index file id 2696423957)';
const CONVERSION_MAPPING_URL = 'https://github.com/huggingface/transformers/blob/main/src/transformers/conversion_mapping.py';

interface MixtralConfig { layers: number; d: number; heads: number; kvHeads: number; ffn: number; experts: number; vocab: number }

/**
 * MixtralForCausalLM. v4: each decoder layer's self_attn (q / k / v / o_proj, no biases), block_sparse_moe (gate, a
 * Linear d → experts; experts.E.w1 / w2 / w3), input_layernorm, post_attention_layernorm. v5: the MoE block is `mlp`,
 * its router `gate` (a bare weight [experts, d]) then `experts` (MixtralExperts: gate_up_proj [experts, 2 × ffn, d],
 * down_proj [experts, d, ffn]).
 */
function mixtral(c: MixtralConfig, v5: boolean): Module {
  const hd = c.d / c.heads;
  const attention = module([], [
    ['q_proj', linear(c.d, c.heads * hd, false)], ['k_proj', linear(c.d, c.kvHeads * hd, false)],
    ['v_proj', linear(c.d, c.kvHeads * hd, false)], ['o_proj', linear(c.heads * hd, c.d, false)],
  ]);
  const expert = module([], [['w1', linear(c.d, c.ffn, false)], ['w2', linear(c.ffn, c.d, false)], ['w3', linear(c.d, c.ffn, false)]]);
  const moe = v5
    ? module([], [['gate', module([t('weight', [c.experts, c.d])])], ['experts', module([t('gate_up_proj', [c.experts, 2 * c.ffn, c.d]), t('down_proj', [c.experts, c.d, c.ffn])])]])
    : module([], [['gate', linear(c.d, c.experts, false)], ['experts', indexed(range(c.experts).map(() => expert))]]);
  const layer = module([], [['self_attn', attention], [v5 ? 'mlp' : 'block_sparse_moe', moe], ['input_layernorm', rmsNorm(c.d)], ['post_attention_layernorm', rmsNorm(c.d)]]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(() => layer))], ['norm', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

function mixtralFamily(name: string, model: string, c: MixtralConfig): Family {
  const source = stateDict(mixtral(c, false), 'bfloat16').sort(byKey);
  const target = stateDict(mixtral(c, true), 'bfloat16');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const joined: string[] = [];
  for (const l of range(c.layers)) {
    const from = `model.layers.${l}.block_sparse_moe`;
    const to = `model.layers.${l}.mlp`;
    truth[`${from}.gate.weight`] = `${to}.gate.weight`;
    const w = (e: number, p: string): string => `${from}.experts.${e}.${p}.weight`;
    for (const e of range(c.experts)) {
      truth[w(e, 'w1')] = `${to}.experts.gate_up_proj`;
      truth[w(e, 'w3')] = `${to}.experts.gate_up_proj`;
      truth[w(e, 'w2')] = `${to}.experts.down_proj`;
    }
    // MergeModulelist(dim=0) stacks each list along a new dim, Concatenate(dim=1) joins w1 (gate) then w3 (up)
    const stack = (p: string, shape: number[]): Recipe => ({ kind: 'concat', parts: range(c.experts).map((e) => ({ kind: 'reshape', of: src(w(e, p)), shape: [1, ...shape] })), dim: 0 });
    recipes[`${to}.experts.gate_up_proj`] = { kind: 'concat', parts: [stack('w1', [c.ffn, c.d]), stack('w3', [c.ffn, c.d])], dim: 1 };
    recipes[`${to}.experts.down_proj`] = stack('w2', [c.d, c.ffn]);
    joined.push(`${to}.experts.gate_up_proj`, `${to}.experts.down_proj`);
  }
  for (const { key } of source) if (!(key in truth)) truth[key] = key;
  return {
    name,
    description: `${model} (${c.layers} layers × ${c.d}, ${c.heads} heads / ${c.kvHeads} KV heads, ${c.experts} experts of MLP ${c.ffn}) v4 safetensors (sorted, experts one by one) → transformers v5 MixtralForCausalLM (state_dict order): block_sparse_moe → mlp; the router block_sparse_moe.gate → mlp.gate; per layer experts.E.w1 and w3 stacked along a new dim and concatenated (w1 first) into mlp.experts.gate_up_proj [${c.experts}, ${2 * c.ffn}, ${c.d}], w2 stacked into mlp.experts.down_proj [${c.experts}, ${c.d}, ${c.ffn}] (w1 and w3 of one expert have equal shapes); attention, norms, embeddings and lm_head keep their names.`,
    reference: `${CONVERSION_MAPPING} "mixtral"`,
    url: CONVERSION_MAPPING_URL,
    source,
    target,
    truth,
    recipes,
    joined,
    // the "mixtral" pattern: one WeightRenaming and two WeightConverters
    patterns: 3,
  };
}

/** mistralai/Mixtral-8x7B-v0.1: 32 layers, width 4096, 32 heads, 8 KV heads, MLP 14336, 8 experts, vocabulary 32000, untied */
export const MIXTRAL_8X7B: MixtralConfig = { layers: 32, d: 4096, heads: 32, kvHeads: 8, ffn: 14336, experts: 8, vocab: 32000 };
/** mistralai/Mixtral-8x22B-v0.1: 56 layers, width 6144, 48 heads, 8 KV heads, MLP 16384, 8 experts, vocabulary 32000, untied */
export const MIXTRAL_8X22B: MixtralConfig = { layers: 56, d: 6144, heads: 48, kvHeads: 8, ffn: 16384, experts: 8, vocab: 32000 };
export const mixtral8x7bToV5 = (): Family => mixtralFamily('mixtral-8x7b-v4-to-v5-fused-experts', 'mistralai/Mixtral-8x7B-v0.1', MIXTRAL_8X7B);
export const mixtral8x22bToV5 = (): Family => mixtralFamily('mixtral-8x22b-v4-to-v5-fused-experts', 'mistralai/Mixtral-8x22B-v0.1', MIXTRAL_8X22B);

// ---------------------------------------------------------------------------------------------------------
// TinyViT (microsoft/Cream TinyViT → MMPretrain's TinyViT)

const MMPRETRAIN = 'open-mmlab/mmpretrain';
const TINYVIT_SCRIPT = 'tools/model_converters/tinyvit_to_mmpretrain.py';
const TINYVIT_COMMIT = '9fe593e3e04b1258795c1020ec3fa29b867324bf';

/** Conv2d_BN: a Sequential of `c` (bias-free conv) and `bn` */
const conv2dBn = (cin: number, cout: number, k: number, groups = 1): Module => module([], [['c', module([t('weight', [cout, cin / groups, k, k])])], ['bn', batchNorm(cout)]]);

interface TinyVitConfig { dims: number[]; depths: number[]; heads: number[]; windows: number[] }

/**
 * TinyViT (TinyViT/models/tiny_vit.py): patch_embed.seq (Conv2d_BN 3 → d/2, GELU, Conv2d_BN d/2 → d); layers.0 a
 * ConvLayer of MBConvs (conv1 1×1 to 4d, conv2 depthwise 3×3, conv3 1×1 back); layers.1 … 3 BasicLayers of TinyViTBlocks
 * (attn: norm, qkv, proj, attention_biases [heads, window²] and, in the released checkpoints, the int64 buffer
 * attention_bias_idxs [window², window²]; mlp: norm, fc1, fc2;
 * local_conv a depthwise 3×3 Conv2d_BN); every layer but the last ends in a PatchMerging (conv1 1×1, conv2 depthwise 3×3,
 * conv3 1×1); norm_head, head (1000 classes).
 */
function tinyVit(c: TinyVitConfig, released: boolean): Module {
  const d = c.dims;
  // the released checkpoints were saved while attention_bias_idxs was a persistent buffer: the repository's own
  // _pretrained_filter_fn "filter out attention_bias_idxs" before loading them into today's model, which no longer has it
  const idxs = (ws: number): OwnTensor[] => (released ? [t('attention_bias_idxs', [ws * ws, ws * ws], 'int64')] : []);
  const mbconv = (dim: number): Module => module([], [['conv1', conv2dBn(dim, 4 * dim, 1)], ['conv2', conv2dBn(4 * dim, 4 * dim, 3, 4 * dim)], ['conv3', conv2dBn(4 * dim, dim, 1)]]);
  const merging = (dim: number, out: number): Module => module([], [['conv1', conv2dBn(dim, out, 1)], ['conv2', conv2dBn(out, out, 3, out)], ['conv3', conv2dBn(out, out, 1)]]);
  const block = (dim: number, heads: number, ws: number): Module => module([], [
    ['attn', module([t('attention_biases', [heads, ws * ws]), ...idxs(ws)], [['norm', affineNorm(dim)], ['qkv', linear(dim, 3 * dim)], ['proj', linear(dim, dim)]])],
    ['mlp', module([], [['norm', affineNorm(dim)], ['fc1', linear(dim, 4 * dim)], ['fc2', linear(4 * dim, dim)]])],
    ['local_conv', conv2dBn(dim, dim, 3, dim)],
  ]);
  const layers = range(4).map((i) => {
    const blocks = indexed(range(c.depths[i]!).map(() => (i === 0 ? mbconv(d[0]!) : block(d[i]!, c.heads[i]!, c.windows[i]!))));
    const children: [string, Module][] = [['blocks', blocks]];
    if (i < 3) children.push(['downsample', merging(d[i]!, d[i + 1]!)]);
    return module([], children);
  });
  return module([], [
    ['patch_embed', module([], [['seq', indexed([conv2dBn(3, d[0]! / 2, 3), null, conv2dBn(d[0]! / 2, d[0]!, 3)])]])],
    ['layers', indexed(layers)],
    ['norm_head', affineNorm(d[3]!)],
    ['head', linear(d[3]!, 1000)],
  ]);
}

/** tinyvit_to_mmpretrain.py's convert_weights: its mapping table applied in order as substring replacements, then head. → head.fc., the rest under backbone. */
function tinyVitConvert(key: string): string {
  const mapping: [string, string][] = [
    ['c.weight', 'conv2d.weight'], ['bn.weight', 'bn2d.weight'], ['bn.bias', 'bn2d.bias'], ['bn.running_mean', 'bn2d.running_mean'],
    ['bn.running_var', 'bn2d.running_var'], ['bn.num_batches_tracked', 'bn2d.num_batches_tracked'], ['layers', 'stages'], ['norm_head', 'norm3'],
  ];
  let k = key;
  for (const [from, to] of mapping) if (k.includes(from)) k = k.replaceAll(from, to);
  return k.startsWith('head.') ? `head.fc.${k.slice(5)}` : `backbone.${k}`;
}

function tinyVitFamily(name: string, model: string, c: TinyVitConfig): Family {
  const source = stateDict(tinyVit(c, true), 'float32');
  // mmpretrain's TinyViT holds the same modules in the same order under the converted names; its LeAttention's
  // attention_bias_idxs is not persistent, so the index buffers the script passes through are unexpected keys
  const target = stateDict(tinyVit(c, false), 'float32').map((e) => ({ ...e, key: tinyVitConvert(e.key) }));
  const truth = renamedBy(source, (k) => (k.endsWith('.attention_bias_idxs') ? null : tinyVitConvert(k)));
  return {
    name,
    description: `${model} (dims ${c.dims.join(' / ')}, depths ${c.depths.join(' / ')}) original TinyViT → MMPretrain ImageClassifier: inside every Conv2d_BN c → conv2d and bn → bn2d (a BatchNorm's four tensors and its conv's weight renamed by substring), layers → stages, norm_head → norm3, head → head.fc, everything else under backbone.; the int64 attention_bias_idxs buffers of the released checkpoint (window² × window², no longer persistent in either model) dropped; depthwise and 1×1 Conv2d_BNs of equal shapes in each MBConv, PatchMerging and block.`,
    reference: `${MMPRETRAIN} ${TINYVIT_SCRIPT} convert_weights (commit ${TINYVIT_COMMIT})`,
    url: `https://github.com/${MMPRETRAIN}/blob/${TINYVIT_COMMIT}/${TINYVIT_SCRIPT}`,
    source,
    target,
    truth,
    // the eight mapping entries, head → head.fc, backbone. prefix
    patterns: 10,
  };
}

export const tinyVit5mToMmpretrain = (): Family => tinyVitFamily('tinyvit-5m-original-to-mmpretrain', 'TinyViT-5M', { dims: [64, 128, 160, 320], depths: [2, 2, 6, 2], heads: [2, 4, 5, 10], windows: [7, 7, 14, 7] });
export const tinyVit11mToMmpretrain = (): Family => tinyVitFamily('tinyvit-11m-original-to-mmpretrain', 'TinyViT-11M', { dims: [64, 128, 256, 448], depths: [2, 2, 6, 2], heads: [2, 4, 8, 14], windows: [7, 7, 14, 7] });
export const tinyVit21mToMmpretrain = (): Family => tinyVitFamily('tinyvit-21m-original-to-mmpretrain', 'TinyViT-21M', { dims: [96, 192, 384, 576], depths: [2, 2, 6, 2], heads: [3, 6, 12, 18], windows: [7, 7, 14, 7] });

// ---------------------------------------------------------------------------------------------------------
// CheXNet (arnoweng/CheXNet's DenseNet-121, PyTorch 0.3 names → MMPretrain's DenseNet)

const CHEXNET_SCRIPT = 'tools/model_converters/chexnet_to_mmcls.py';
const CHEXNET_COMMIT = '562f8795786a7a259a6a28ffdf4016d204db87b4';
const DENSE_BLOCKS = [6, 12, 24, 16];

/**
 * DenseNet-121 (growth 32, bottleneck 4 × 32, 64 stem channels). The CheXNet checkpoint: torchvision's DenseNet of
 * PyTorch 0.3 wrapped as `densenet121` in DataParallel, its dense layers named norm.1 / conv.1 / norm.2 / conv.2, no
 * num_batches_tracked, classifier a Sequential(Linear(1024, 14), Sigmoid). MMPretrain's DenseNet: stem (conv, norm),
 * then every stage (block.J: norm1, conv1, norm2, conv2), then every transition (norm, conv; the last only a norm).
 */
function denseNet(mmpretrain: boolean): Module {
  const bn = (ch: number): Module => batchNorm(ch, mmpretrain);
  const conv = (cin: number, cout: number, k: number): Module => conv2d(cin, cout, k, false);
  const layer = (cin: number): Module =>
    mmpretrain
      ? module([], [['norm1', bn(cin)], ['conv1', conv(cin, 128, 1)], ['norm2', bn(128)], ['conv2', conv(128, 32, 3)]])
      // torchvision 0.2's _DenseLayer registers its modules under names with a dot in them: 'norm.1', 'relu.1', 'conv.1', …
      : module([], [['norm.1', bn(cin)], ['conv.1', conv(cin, 128, 1)], ['norm.2', bn(128)], ['conv.2', conv(128, 32, 3)]]);
  let ch = 64;
  const stages: Module[] = [];
  const transitions: Module[] = [];
  for (const [i, n] of DENSE_BLOCKS.entries()) {
    stages.push(module([], range(n).map((j) => [mmpretrain ? String(j) : `denselayer${j + 1}`, layer(ch + 32 * j)] as [string, Module])));
    ch += 32 * n;
    if (i < 3) {
      transitions.push(module([], [['norm', bn(ch)], ['conv', conv(ch, ch / 2, 1)]]));
      ch /= 2;
    } else transitions.push(indexed([bn(ch)]));
  }
  if (mmpretrain) {
    return module([], [
      ['backbone', module([], [['stem', indexed([conv(3, 64, 7), bn(64)])], ['stages', indexed(stages.map((s) => module([], [['block', s]])))], ['transitions', indexed(transitions)]])],
      ['head', module([], [['fc', linear(1024, 14)]])],
    ]);
  }
  // mmpretrain's block.J layers are children of the stage's `block` list; the original's denselayerJ children of denseblockI itself
  const features: [string, Module][] = [['conv0', conv(3, 64, 7)], ['norm0', bn(64)]];
  stages.forEach((s, i) => {
    features.push([`denseblock${i + 1}`, s]);
    if (i < 3) features.push([`transition${i + 1}`, transitions[i]!]);
  });
  features.push(['norm5', transitions[3]!.children[0]![1]]);
  return module([], [['module', module([], [['densenet121', module([], [['features', module([], features)], ['classifier', indexed([linear(1024, 14)])]])]])]]);
}

/** chexnet_to_mmcls.py's convert_densenet, rule by rule */
function chexnetConvert(key: string): string {
  let k = key.replaceAll('module.densenet121.features.', '').replaceAll('module.densenet121.classifier.0.', 'head.fc.');
  if (k.startsWith('head')) return k;
  if (k.startsWith('conv0')) k = k.replaceAll('conv0', 'stem.0');
  else if (k.startsWith('norm0')) k = k.replaceAll('norm0', 'stem.1');
  else if (k.startsWith('denseblock')) {
    k = k.replaceAll('conv.', 'conv').replaceAll('norm.', 'norm');
    for (const i of range(10)) if (k.startsWith(`denseblock${i + 1}.`)) { k = k.replaceAll(`denseblock${i + 1}.`, `stages.${i}.`); break; }
    for (const j of range(30)) if (k.includes(`denselayer${j + 1}.`)) { k = k.replaceAll(`denselayer${j + 1}.`, `block.${j}.`); break; }
  } else if (k.startsWith('transition')) {
    for (const i of range(10)) if (k.startsWith(`transition${i + 1}.`)) { k = k.replaceAll(`transition${i + 1}.`, `transitions.${i}.`); break; }
  } else if (k.startsWith('norm5')) k = k.replaceAll('norm5', 'transitions.3.0');
  return `backbone.${k}`;
}

export function chexnetToMmcls(): Family {
  const source = stateDict(denseNet(false), 'float32');
  return {
    name: 'chexnet-densenet121-to-mmcls',
    description: 'CheXNet (DenseNet-121, 14 findings; saved by PyTorch 0.3 inside DataParallel) → MMPretrain ImageClassifier DenseNet: module.densenet121.features. stripped, conv0 / norm0 → stem.0 / .1, the old dotted norm.1 / conv.1 / norm.2 / conv.2 → norm1 / conv1 / norm2 / conv2, denseblockN.denselayerM → stages.N-1.block.M-1, transitionN → transitions.N-1, norm5 → transitions.3.0, classifier.0 → head.fc; the target lists all stages before all transitions and has num_batches_tracked buffers the checkpoint lacks (left at their defaults).',
    reference: `${MMPRETRAIN} ${CHEXNET_SCRIPT} convert_densenet (commit ${CHEXNET_COMMIT})`,
    url: `https://github.com/${MMPRETRAIN}/blob/${CHEXNET_COMMIT}/${CHEXNET_SCRIPT}`,
    source,
    target: stateDict(denseNet(true), 'float32'),
    truth: renamedBy(source, chexnetConvert),
    // features. stripped, classifier.0 → head.fc, conv0, norm0, conv. and norm., denseblock, denselayer, transition, norm5, backbone. prefix
    patterns: 11,
  };
}
