/**
 * The fifteenth family set (session 22): conversions no earlier set uses, chosen for kinds sets 12–14 had little of
 * (set 14 had no MoE and no tied head). transformers v5's checkpoint conversion mapping for patterns no earlier
 * family loads through: "jamba" (Mamba and attention layers interleaved, every other feed-forward a 16-expert MoE whose
 * experts are stacked along a new dim and gate / up concatenated; the dense MLPs beside them keep their names) and
 * "ernie4_5_moe" (the qwen2_moe converters plus moe_statics moved under the router, 64 experts, shared experts, a tied
 * lm_head the 21B checkpoint does not hold); MMSegmentation's STDC converter (tools/model_converters/stdc2mmseg.py): a
 * flat `features` list regrouped into stages by a table of indices, conv_list → layers, avd_layer.0 / .1 →
 * avg_pool.conv / .bn, the classifier (fc, BatchNorm1d, linear) dropped, and the x2 … x32 aliases — the same modules
 * registered a second time, so every backbone tensor appears twice in the checkpoint (nets/stdcnet.py of STDC-Seg, read
 * in the stored fork pragatss/STDC-Seg @c888dc4) — dropped by the script's
 * `if 'x' in k` rule; timm's FastViT checkpoint filter (timm/models/fastvit.py checkpoint_filter_fn): ml-fastvit's flat
 * `network` list (block Sequentials, PatchEmbeds and a conditional positional encoding interleaved) regrouped into stages
 * by bisecting at the PatchEmbeds, the MobileOne branches renamed, bare layer-scale Parameters turned into
 * LayerScale2d.gamma. Models at their real configurations, keys in state_dict order (a v4 checkpoint as its
 * safetensors files list it: sorted).
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { batchNorm, conv1d, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';
import { byKey, type Truth } from './set9-common.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });

const TRANSFORMERS = 'huggingface/transformers';
const CONVERSION_MAPPING = `${TRANSFORMERS} src/transformers/conversion_mapping.py _build_checkpoint_conversion_mapping (as stored: search-index file id 2696423957)`;
const CONVERSION_MAPPING_URL = `https://github.com/${TRANSFORMERS}/blob/main/src/transformers/conversion_mapping.py`;

// ---------------------------------------------------------------------------------------------------------
// MoE experts, one by one (v4) and fused (v5: MixtralExperts)

/** a SwiGLU MLP without biases: gate_proj, up_proj, down_proj */
const swiglu = (d: number, ffn: number): Module => module([], [['gate_proj', linear(d, ffn, false)], ['up_proj', linear(d, ffn, false)], ['down_proj', linear(ffn, d, false)]]);
/** v5's experts module (MixtralExperts): gate_up_proj [experts, 2 × ffn, d], down_proj [experts, d, ffn], parameters without .weight */
const v5Experts = (n: number, d: number, ffn: number): Module => module([t('gate_up_proj', [n, 2 * ffn, d]), t('down_proj', [n, d, ffn])]);

/** expert e's tensor as one slice of a stack along a new dim 0 */
const stackPart = (key: string, shape: number[]): Recipe => ({ kind: 'reshape', of: src(key), shape: [1, ...shape] });

/**
 * The two WeightConverters every expert pattern here has, as truth and recipes: `<experts>.E.gate_proj` and
 * `.up_proj` → `<experts>.gate_up_proj` (MergeModulelist(dim=0) stacks each list, Concatenate(dim=1) joins gate then
 * up), `<experts>.E.down_proj` → `<experts>.down_proj` (MergeModulelist(dim=0)).
 */
function fuseExperts(truth: Truth, recipes: Record<string, Recipe>, joined: string[], to: string, n: number, d: number, ffn: number): void {
  const part = (e: number, p: string): string => `${to}.${e}.${p}_proj.weight`;
  for (const e of range(n)) {
    truth[part(e, 'gate')] = `${to}.gate_up_proj`;
    truth[part(e, 'up')] = `${to}.gate_up_proj`;
    truth[part(e, 'down')] = `${to}.down_proj`;
  }
  const stack = (p: string, shape: number[]): Recipe => ({ kind: 'concat', parts: range(n).map((e) => stackPart(part(e, p), shape)), dim: 0 });
  recipes[`${to}.gate_up_proj`] = { kind: 'concat', parts: [stack('gate', [ffn, d]), stack('up', [ffn, d])], dim: 1 };
  recipes[`${to}.down_proj`] = stack('down', [d, ffn]);
  joined.push(`${to}.gate_up_proj`, `${to}.down_proj`);
}

/**
 * A v4 checkpoint (its safetensors files list keys sorted) and the v5 model (state_dict order) of one definition: the
 * experts under each of `experts` fused, `renamed` as given, every other key unchanged.
 */
function v4ToV5(build: (v5: boolean) => Module, experts: string[], n: number, d: number, ffn: number, renamed: Truth = {}): Pick<Family, 'source' | 'target' | 'truth' | 'recipes' | 'joined'> {
  const source = stateDict(build(false), 'bfloat16').sort(byKey);
  const target = stateDict(build(true), 'bfloat16');
  const truth: Truth = { ...renamed };
  const recipes: Record<string, Recipe> = {};
  const joined: string[] = [];
  for (const at of experts) fuseExperts(truth, recipes, joined, at, n, d, ffn);
  for (const { key } of source) if (!(key in truth)) truth[key] = key;
  return { source, target, truth, recipes, joined };
}

/** a causal LM as transformers lays it out: model.embed_tokens, model.layers, the final norm, lm_head (absent when tied and not saved) */
function causalLM(vocab: number, d: number, layers: Module[], norm: [string, Module], lmHead: boolean): Module {
  const children: [string, Module][] = [['model', module([], [['embed_tokens', embedding(vocab, d)], ['layers', indexed(layers)], norm])]];
  if (lmHead) children.push(['lm_head', linear(d, vocab, false)]);
  return module([], children);
}

// ---------------------------------------------------------------------------------------------------------
// Jamba (JambaForCausalLM, v4 → v5 through the "jamba" pattern)

interface JambaConfig { layers: number; d: number; heads: number; kvHeads: number; ffn: number; experts: number; dtRank: number; vocab: number }

/**
 * JambaForCausalLM: attention in every 8th layer from 4 (attn_layer_period 8, offset 4), Mamba elsewhere; the
 * feed-forward a 16-expert MoE in every odd layer (expert_layer_period 2, offset 1), a dense MLP in the even ones.
 * JambaMambaMixer registers A_log and D itself (own parameters come first), then conv1d, in_proj, x_proj, dt_proj,
 * out_proj and the three RMSNorms over dt / B / C; d_state 16, d_conv 4, expand 2, conv bias, no projection bias.
 */
function jamba(c: JambaConfig, v5: boolean): Module {
  const inner = 2 * c.d;
  const headDim = c.d / c.heads;
  const mamba = module([t('A_log', [inner, 16]), t('D', [inner])], [
    ['conv1d', conv1d(1, inner, 4)],
    ['in_proj', linear(c.d, 2 * inner, false)],
    ['x_proj', linear(inner, c.dtRank + 32, false)],
    ['dt_proj', linear(c.dtRank, inner)],
    ['out_proj', linear(inner, c.d, false)],
    ['dt_layernorm', rmsNorm(c.dtRank)],
    ['b_layernorm', rmsNorm(16)],
    ['c_layernorm', rmsNorm(16)],
  ]);
  const attention = module([], [
    ['q_proj', linear(c.d, c.heads * headDim, false)], ['k_proj', linear(c.d, c.kvHeads * headDim, false)],
    ['v_proj', linear(c.d, c.kvHeads * headDim, false)], ['o_proj', linear(c.heads * headDim, c.d, false)],
  ]);
  const moe = module([], [['router', linear(c.d, c.experts, false)], ['experts', v5 ? v5Experts(c.experts, c.d, c.ffn) : indexed(range(c.experts).map(() => swiglu(c.d, c.ffn)))]]);
  const layer = (i: number): Module => module([], [
    i % 8 === 4 ? ['self_attn', attention] : ['mamba', mamba],
    ['feed_forward', i % 2 === 1 ? moe : swiglu(c.d, c.ffn)],
    ['input_layernorm', rmsNorm(c.d)],
    ['pre_ff_layernorm', rmsNorm(c.d)],
  ]);
  return causalLM(c.vocab, c.d, range(c.layers).map(layer), ['final_layernorm', rmsNorm(c.d)], true);
}

function jambaFamily(name: string, model: string, c: JambaConfig): Family {
  const moe = range(c.layers).filter((l) => l % 2 === 1).map((l) => `model.layers.${l}.feed_forward.experts`);
  const sides = v4ToV5((v5) => jamba(c, v5), moe, c.experts, c.d, c.ffn);
  const attn = range(c.layers).filter((l) => l % 8 === 4);
  return {
    name,
    description: `${model} (${c.layers} layers × ${c.d}; attention in layers ${attn.join(', ')}, Mamba mixers elsewhere; a ${c.experts}-expert MoE feed-forward in every odd layer, a dense MLP of the same widths in the even ones) v4 safetensors (sorted, experts one by one) → transformers v5 JambaForCausalLM (state_dict order): per MoE layer feed_forward.experts.E.gate_proj and up_proj stacked along a new dim and concatenated (gate first) into feed_forward.experts.gate_up_proj [${c.experts}, ${2 * c.ffn}, ${c.d}], down_proj stacked into feed_forward.experts.down_proj [${c.experts}, ${c.d}, ${c.ffn}]; the router, the dense MLPs (gate / up / down_proj of the experts' shapes) and every Mamba and attention tensor keep their names.`,
    reference: `${CONVERSION_MAPPING} "jamba"`,
    url: CONVERSION_MAPPING_URL,
    ...sides,
    // the "jamba" pattern's two WeightConverters
    patterns: 2,
  };
}

/** ai21labs/Jamba-v0.1: 32 layers, width 4096, 32 heads, 8 KV heads, MLP 14336, 16 experts, dt_rank 256, vocabulary 65536, untied */
export const JAMBA_V01: JambaConfig = { layers: 32, d: 4096, heads: 32, kvHeads: 8, ffn: 14336, experts: 16, dtRank: 256, vocab: 65536 };
/** ai21labs/AI21-Jamba-Large-1.5: 72 layers, width 8192, 64 heads, 8 KV heads, MLP 24576, 16 experts, dt_rank 512, vocabulary 65536, untied */
export const JAMBA_LARGE_15: JambaConfig = { layers: 72, d: 8192, heads: 64, kvHeads: 8, ffn: 24576, experts: 16, dtRank: 512, vocab: 65536 };

export const jambaV01ToV5 = (): Family => jambaFamily('jamba-v0.1-v4-to-v5-fused-experts', 'ai21labs/Jamba-v0.1', JAMBA_V01);
export const jambaLarge15ToV5 = (): Family => jambaFamily('jamba-1.5-large-v4-to-v5-fused-experts', 'ai21labs/AI21-Jamba-Large-1.5', JAMBA_LARGE_15);

// ---------------------------------------------------------------------------------------------------------
// ERNIE 4.5 MoE (Ernie4_5_MoeForCausalLM, v4 → v5 through the "ernie4_5_moe" pattern)

interface ErnieConfig { layers: number; d: number; heads: number; kvHeads: number; ffn: number; experts: number; expertFfn: number; shared: number; firstMoe: number; vocab: number; tied: boolean }

/**
 * Ernie4_5_MoeForCausalLM: Llama attention without biases, the MLP dense before moe_layer_start_index and a sparse MoE
 * block from there on. v4's block: moe_statics (e_score_correction_bias [1, experts], float32), gate (Linear), experts
 * (a ModuleList), shared_experts; v5's: gate (Ernie4_5_MoeTopKRouter: weight, then moe_statics), experts (fused),
 * shared_experts.
 */
function ernie(c: ErnieConfig, v5: boolean): Module {
  const headDim = c.d / c.heads;
  const attention = module([], [
    ['q_proj', linear(c.d, c.heads * headDim, false)], ['k_proj', linear(c.d, c.kvHeads * headDim, false)],
    ['v_proj', linear(c.d, c.kvHeads * headDim, false)], ['o_proj', linear(c.heads * headDim, c.d, false)],
  ]);
  const statics = module([t('e_score_correction_bias', [1, c.experts], 'float32')]);
  const gateWeight = t('weight', [c.experts, c.d], 'float32');
  const moeChildren: [string, Module][] = v5
    ? [['gate', module([gateWeight], [['moe_statics', statics]])], ['experts', v5Experts(c.experts, c.d, c.expertFfn)]]
    : [['moe_statics', statics], ['gate', module([gateWeight])], ['experts', indexed(range(c.experts).map(() => swiglu(c.d, c.expertFfn)))]];
  if (c.shared > 0) moeChildren.push(['shared_experts', swiglu(c.d, c.shared * c.expertFfn)]);
  const layer = (i: number): Module => module([], [
    ['self_attn', attention],
    ['mlp', i >= c.firstMoe ? module([], moeChildren) : swiglu(c.d, c.ffn)],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  // a tied lm_head is in the v5 model (state_dict lists it) but not in the saved v4 files
  return causalLM(c.vocab, c.d, range(c.layers).map(layer), ['norm', rmsNorm(c.d)], v5 || !c.tied);
}

function ernieFamily(name: string, model: string, c: ErnieConfig): Family {
  const mlps = range(c.layers).filter((l) => l >= c.firstMoe).map((l) => `model.layers.${l}.mlp`);
  // the WeightRenaming ernie4_5_moe adds to qwen2_moe's converters
  const statics = Object.fromEntries(mlps.map((mlp) => [`${mlp}.moe_statics.e_score_correction_bias`, `${mlp}.gate.moe_statics.e_score_correction_bias`]));
  const sides = v4ToV5((v5) => ernie(c, v5), mlps.map((mlp) => `${mlp}.experts`), c.experts, c.d, c.expertFfn, statics);
  const family: Family = {
    name,
    description: `${model} (${c.layers} layers × ${c.d}, ${c.heads} heads / ${c.kvHeads} KV heads; the first ${c.firstMoe === 1 ? 'layer' : `${c.firstMoe} layers`} a dense MLP ${c.ffn}, then ${c.experts} routed experts of ${c.expertFfn}${c.shared > 0 ? ` and ${c.shared} shared (one MLP of ${c.shared * c.expertFfn})` : ', no shared experts'}; vocabulary ${c.vocab}, ${c.tied ? 'lm_head tied to the embeddings' : 'untied'}) v4 safetensors (sorted, experts one by one${c.tied ? ', no lm_head' : ''}) → transformers v5 Ernie4_5_MoeForCausalLM (state_dict order): mlp.experts.E.gate_proj and up_proj stacked along a new dim and concatenated (gate first) into mlp.experts.gate_up_proj [${c.experts}, ${2 * c.expertFfn}, ${c.d}], down_proj stacked into mlp.experts.down_proj [${c.experts}, ${c.d}, ${c.expertFfn}], mlp.moe_statics.e_score_correction_bias moved under the router (mlp.gate.moe_statics.…); the router weight${c.shared > 0 ? ', the shared experts' : ''} and the dense MLP${c.firstMoe > 1 ? 's' : ''} keep their names${c.tied ? '; lm_head.weight, absent from the files, is tied to model.embed_tokens.weight' : ''}.`,
    reference: `${CONVERSION_MAPPING} "ernie4_5_moe" (qwen2_moe's converters + one WeightRenaming)`,
    url: CONVERSION_MAPPING_URL,
    ...sides,
    // qwen2_moe's two WeightConverters and the moe_statics WeightRenaming (the tie is the model's, not a rule)
    patterns: 3,
  };
  if (c.tied) family.tied = { 'lm_head.weight': 'model.embed_tokens.weight' };
  return family;
}

/** baidu/ERNIE-4.5-21B-A3B-PT: 28 layers, width 2560, 20 heads, 4 KV heads, dense MLP 12288 in layer 0, 64 experts of 1536 and 2 shared, vocabulary 103424, tied */
export const ERNIE_21B: ErnieConfig = { layers: 28, d: 2560, heads: 20, kvHeads: 4, ffn: 12288, experts: 64, expertFfn: 1536, shared: 2, firstMoe: 1, vocab: 103424, tied: true };
/** baidu/ERNIE-4.5-300B-A47B-PT: 54 layers, width 8192, 64 heads, 8 KV heads, dense MLP 28672 in layers 0–2, 64 experts of 3584, no shared experts, vocabulary 103424, untied */
export const ERNIE_300B: ErnieConfig = { layers: 54, d: 8192, heads: 64, kvHeads: 8, ffn: 28672, experts: 64, expertFfn: 3584, shared: 0, firstMoe: 3, vocab: 103424, tied: false };

export const ernie45_21bToV5 = (): Family => ernieFamily('ernie-4.5-21b-a3b-v4-to-v5-fused-experts', 'baidu/ERNIE-4.5-21B-A3B-PT', ERNIE_21B);
export const ernie45_300bToV5 = (): Family => ernieFamily('ernie-4.5-300b-a47b-v4-to-v5-fused-experts', 'baidu/ERNIE-4.5-300B-A47B-PT', ERNIE_300B);

// ---------------------------------------------------------------------------------------------------------
// STDC (MichaelFan01/STDC-Seg nets/stdcnet.py ImageNet checkpoints → MMSegmentation StdcNet, stdc2mmseg.py)

const MMSEG = 'open-mmlab/mmsegmentation';
const STDC_SCRIPT = 'tools/model_converters/stdc2mmseg.py';
const STDC_COMMIT = '2c9c7c3c0ddc4710c49dd9d080e456efdda80f99';

/** a conv without bias and its BatchNorm2d: ConvX (conv, bn) on the original side, ConvModule (conv, bn) on MMSegmentation's */
const convBn = (cin: number, cout: number, k: number, groups = 1): Module => module([], [['conv', module([t('weight', [cout, cin / groups, k, k])])], ['bn', batchNorm(cout)]]);

interface StdcConfig { layers: number[]; stageList: string[]; aliases: [string, number, number][] }

/**
 * CatBottleneck / STDCModule (block_num 4, 'cat'): conv_list / layers of ConvX(in, out/2, 1), (out/2, out/4, 3),
 * (out/4, out/8, 3), (out/8, out/8, 3); a stride-2 block adds avd_layer (depthwise 3×3 conv + BN; the original's a
 * Sequential, MMSegmentation's a ConvModule avg_pool), registered after the (then empty) conv_list.
 */
function stdcBlock(cin: number, cout: number, stride: number, mmseg: boolean): Module {
  const convs = indexed([convBn(cin, cout / 2, 1), convBn(cout / 2, cout / 4, 3), convBn(cout / 4, cout / 8, 3), convBn(cout / 8, cout / 8, 3)]);
  const children: [string, Module][] = [[mmseg ? 'layers' : 'conv_list', convs]];
  if (stride === 2) {
    const half = cout / 2;
    children.push(mmseg ? ['avg_pool', convBn(half, half, 3, half)] : ['avd_layer', indexed([module([t('weight', [half, 1, 3, 3])]), batchNorm(half)])]);
  }
  return module([], children);
}

/** the blocks of one original `features` list after its two stem ConvX: stage i opens with a stride-2 block from the previous width */
function stdcBlocks(layers: number[], mmseg: boolean): Module[][] {
  const base = 64;
  return layers.map((n, i) => range(n).map((j) => {
    const cout = base * 4 * 2 ** i;
    const cin = j > 0 ? cout : i === 0 ? base : cout / 2;
    return stdcBlock(cin, cout, j === 0 ? 2 : 1, mmseg);
  }));
}

/**
 * STDCNet813 / STDCNet1446 (base 64, block_num 4, type cat, 1000 classes, use_conv_last False): features (ConvX 3→32,
 * ConvX 32→64, then the blocks), conv_last (ConvX 1024→1024, 1×1), fc (Linear 1024→1024, no bias), bn
 * (BatchNorm1d), linear (Linear 1024→1000, no bias), and x2 / x4 / x8 / x16 / x32 = nn.Sequential(self.features[a:b]):
 * the same modules again, each slice a Sequential that keeps the features' own indices (x8.0.2.…, x8.0.3.…).
 */
function stdcOriginal(c: StdcConfig): Module {
  const flat: Module[] = [convBn(3, 32, 3), convBn(32, 64, 3), ...stdcBlocks(c.layers, false).flat()];
  const features = indexed(flat);
  const alias = (a: number, b: number): Module => indexed([module([], range(b - a).map((i) => [String(a + i), flat[a + i]!] as [string, Module]))]);
  return module([], [
    ['features', features],
    ['conv_last', convBn(1024, 1024, 1)],
    ['fc', linear(1024, 1024, false)],
    ['bn', batchNorm(1024)],
    ['linear', linear(1024, 1000, false)],
    ...c.aliases.map(([name, a, b]) => [name, alias(a, b)] as [string, Module]),
  ]);
}

/** MMSegmentation StdcNet (channels 32, 64, 256, 512, 1024, bottleneck 'cat', 4 convs, with_final_conv): stages 0 / 1 the stem ConvModules, 2–4 Sequentials of STDCModules, final_conv */
function stdcMmseg(c: StdcConfig): Module {
  const stages: Module[] = [convBn(3, 32, 3), convBn(32, 64, 3), ...stdcBlocks(c.layers, true).map((blocks) => indexed(blocks))];
  return module([], [['stages', indexed(stages)], ['final_conv', convBn(1024, 1024, 1)]]);
}

/** convert_stdc1 / convert_stdc2 on one key: the renames in the script's order, then its flag (null: not written) */
function stdcConvert(key: string, stageList: string[]): string | null {
  let k = key;
  let flag = false;
  if (k.startsWith('features.')) {
    const n = Number(k.split('.')[1]);
    k = k.replace(`features.${n}.`, `stages.${stageList[n]}.`);
    flag = true;
  }
  if (k.includes('conv_list')) { k = k.replace('conv_list', 'layers'); flag = true; }
  if (k.includes('avd_layer.')) {
    k = k.replace('avd_layer.0', 'avg_pool.conv').replace('avd_layer.1', 'avg_pool.bn');
    flag = true;
  }
  if (k.includes('conv_last')) { k = k.replace('conv_last', 'final_conv'); flag = true; }
  if (k.includes('x')) flag = false;
  return flag ? k : null;
}

function stdcFamily(name: string, model: string, c: StdcConfig, rules: number): Family {
  const source = stateDict(stdcOriginal(c), 'float32');
  const target = stateDict(stdcMmseg(c), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = stdcConvert(key, c.stageList);
  return {
    name,
    description: `${model} ImageNet checkpoint (STDC-Seg nets/stdcnet.py: one flat features list of ${2 + c.layers.reduce((a, b) => a + b, 0)} modules, conv_last, the classifier fc / bn / linear, and the x2 / x4 / x8 / x16 / x32 aliases of slices of features, so each backbone tensor is saved twice) → MMSegmentation StdcNet (with_final_conv): features.N → stages.S(.I) by the script's table (${c.stageList.join(', ')}), conv_list → layers, avd_layer.0 / .1 → avg_pool.conv / avg_pool.bn, conv_last → final_conv; every key holding an 'x' (the aliases) and the classifier dropped. Sibling convs and BatchNorms of equal shapes (layers.2 / layers.3, the blocks of a stage) are told apart by index only.`,
    reference: `${MMSEG} ${STDC_SCRIPT} convert_${name.startsWith('stdc1') ? 'stdc1' : 'stdc2'} (commit ${STDC_COMMIT})`,
    url: `https://github.com/${MMSEG}/blob/${STDC_COMMIT}/${STDC_SCRIPT}`,
    source, target, truth,
    patterns: rules,
  };
}

/** STDCNet813: layers [2, 2, 2]; x2 = features[:1], x4 = [1:2], x8 = [2:4], x16 = [4:6], x32 = [6:] */
const STDC1: StdcConfig = {
  layers: [2, 2, 2], stageList: ['0', '1', '2.0', '2.1', '3.0', '3.1', '4.0', '4.1'],
  aliases: [['x2', 0, 1], ['x4', 1, 2], ['x8', 2, 4], ['x16', 4, 6], ['x32', 6, 8]],
};
/** STDCNet1446: layers [4, 5, 3]; x2 = features[:1], x4 = [1:2], x8 = [2:6], x16 = [6:11], x32 = [11:] */
const STDC2: StdcConfig = {
  layers: [4, 5, 3], stageList: ['0', '1', '2.0', '2.1', '2.2', '2.3', '3.0', '3.1', '3.2', '3.3', '3.4', '4.0', '4.1', '4.2'],
  aliases: [['x2', 0, 1], ['x4', 1, 2], ['x8', 2, 6], ['x16', 6, 11], ['x32', 11, 14]],
};

// the features table, conv_list, avd_layer.0 / .1, conv_last, the 'x' drop (the script's other rules meet no key of a backbone checkpoint)
export const stdc1ToMmseg = (): Family => stdcFamily('stdc1-imagenet-to-mmseg', 'STDC1 (STDCNet813)', STDC1, 6);
export const stdc2ToMmseg = (): Family => stdcFamily('stdc2-imagenet-to-mmseg', 'STDC2 (STDCNet1446)', STDC2, 6);

// ---------------------------------------------------------------------------------------------------------
// FastViT (apple/ml-fastvit original checkpoints → timm FastVit, checkpoint_filter_fn)

const TIMM = 'huggingface/pytorch-image-models';
const FASTVIT_SCRIPT = 'timm/models/fastvit.py';

interface FastVitConfig { layers: number[]; dims: number[]; mlpRatio: number; attention: boolean }

/**
 * MobileOneBlock at train time: se (SEBlock reduce / expand, timm's SqueezeExcite fc1 / fc2, out/16 channels) first,
 * then the skip BatchNorm (rbr_skip / identity, when the width and resolution stay), the kxk conv + BN branches
 * (rbr_conv / conv_kxk) and the 1×1 scale branch (rbr_scale / conv_scale, for kernels over 1).
 */
function mobileOne(timm: boolean, cin: number, cout: number, k: number, stride: number, groups: number, o: { se?: boolean; scale?: boolean; branches?: number } = {}): Module {
  const children: [string, Module][] = [];
  if (o.se) {
    const rd = cout / 16;
    children.push(['se', module([], [[timm ? 'fc1' : 'reduce', module([t('weight', [rd, cout, 1, 1]), t('bias', [rd])])], [timm ? 'fc2' : 'expand', module([t('weight', [cout, rd, 1, 1]), t('bias', [cout])])]])]);
  }
  if (cin === cout && stride === 1) children.push([timm ? 'identity' : 'rbr_skip', batchNorm(cin)]);
  const branches = o.branches ?? 1;
  if (branches > 0) children.push([timm ? 'conv_kxk' : 'rbr_conv', indexed(range(branches).map(() => convBn(cin, cout, k, groups)))]);
  if (k > 1 && (o.scale ?? true)) children.push([timm ? 'conv_scale' : 'rbr_scale', convBn(cin, cout, 1, groups)]);
  return module([], children);
}

/** PatchEmbed: proj = ReparamLargeKernelConv (7×7 depthwise over the input width, + a 3×3: lkb_origin / large_conv, small_conv), then a 1×1 MobileOneBlock */
const patchEmbed = (timm: boolean, cin: number, cout: number): Module => module([], [['proj', indexed([
  module([], [[timm ? 'large_conv' : 'lkb_origin', convBn(cin, cout, 7, cin)], ['small_conv', convBn(cin, cout, 3, cin)]]),
  mobileOne(timm, cout, cout, 1, 1, 1),
])]]);

/** ConvFFN / ConvMlp: a 7×7 depthwise conv + BN, then the 1×1 fc1 / fc2 convs with biases */
const convFfn = (dim: number, hidden: number): Module => module([], [
  ['conv', convBn(dim, dim, 7, dim)], ['fc1', module([t('weight', [hidden, dim, 1, 1]), t('bias', [hidden])])], ['fc2', module([t('weight', [dim, hidden, 1, 1]), t('bias', [dim])])],
]);

/** a layer scale: the original's bare nn.Parameter (own parameters come before children), timm's LayerScale2d module (gamma) in registration order */
const scale = (dim: number): Module => module([t('gamma', [dim, 1, 1])]);

/** RepMixerBlock (token_mixer: RepMixer norm / mixer / layer_scale; convffn / mlp; layer_scale) or AttentionBlock (norm, token_mixer qkv / proj, layer_scale_1, convffn / mlp, layer_scale_2) */
function fastVitBlock(timm: boolean, dim: number, ratio: number, attention: boolean): Module {
  const ffn = convFfn(dim, dim * ratio);
  if (attention) {
    const norm = batchNorm(dim);
    const mixer = module([], [['qkv', linear(dim, 3 * dim, false)], ['proj', linear(dim, dim)]]);
    return timm
      ? module([], [['norm', norm], ['token_mixer', mixer], ['layer_scale_1', scale(dim)], ['mlp', ffn], ['layer_scale_2', scale(dim)]])
      : module([t('layer_scale_1', [dim, 1, 1]), t('layer_scale_2', [dim, 1, 1])], [['norm', norm], ['token_mixer', mixer], ['convffn', ffn]]);
  }
  const norm = mobileOne(timm, dim, dim, 3, 1, dim, { scale: false, branches: 0 });
  const mix = mobileOne(timm, dim, dim, 3, 1, dim);
  return timm
    ? module([], [['token_mixer', module([], [['norm', norm], ['mixer', mix], ['layer_scale', scale(dim)]])], ['mlp', ffn], ['layer_scale', scale(dim)]])
    : module([t('layer_scale', [dim, 1, 1])], [['token_mixer', module([t('layer_scale', [dim, 1, 1])], [['norm', norm], ['mixer', mix]])], ['convffn', ffn]]);
}

const fastVitStem = (timm: boolean, d: number): Module => indexed([mobileOne(timm, 3, d, 3, 2, 1), mobileOne(timm, d, d, 3, 2, d), mobileOne(timm, d, d, 1, 1, 1)]);
const fastVitBlocks = (timm: boolean, c: FastVitConfig, i: number): Module => indexed(range(c.layers[i]!).map(() => fastVitBlock(timm, c.dims[i]!, c.mlpRatio, c.attention && i === 3)));
const cpe = (dim: number, name: string): Module => module([], [[name, module([t('weight', [dim, 1, 7, 7]), t('bias', [dim])])]]);

/**
 * ml-fastvit's FastViT (classification, train time): patch_embed (the stem), network — one flat ModuleList: stage 0's
 * blocks, a PatchEmbed, stage 1's, a PatchEmbed, stage 2's, a PatchEmbed, (RepCPE `pe` for the SA / MA models), stage
 * 3's — conv_exp (a depthwise MobileOneBlock to twice the width with SE), head (Linear to 1000).
 */
function fastVitOriginal(c: FastVitConfig): Module {
  const network: Module[] = [];
  range(4).forEach((i) => {
    if (i === 3 && c.attention) network.push(cpe(c.dims[3]!, 'pe'));
    network.push(fastVitBlocks(false, c, i));
    if (i < 3) network.push(patchEmbed(false, c.dims[i]!, c.dims[i + 1]!));
  });
  const d = c.dims[3]!;
  return module([], [['patch_embed', fastVitStem(false, c.dims[0]!)], ['network', indexed(network)], ['conv_exp', mobileOne(false, d, 2 * d, 3, 1, d, { se: true })], ['head', linear(2 * d, 1000)]]);
}

/** timm FastVit: stem, stages (FastVitStage: downsample from stage 1 on, pos_emb (RepConditionalPosEnc pos_enc) where the model has one, blocks), final_conv, head (ClassifierHead fc) */
function fastVitTimm(c: FastVitConfig): Module {
  const stages = range(4).map((i) => {
    const children: [string, Module][] = [];
    if (i > 0) children.push(['downsample', patchEmbed(true, c.dims[i - 1]!, c.dims[i]!)]);
    if (i === 3 && c.attention) children.push(['pos_emb', cpe(c.dims[3]!, 'pos_enc')]);
    children.push(['blocks', fastVitBlocks(true, c, i)]);
    return module([], children);
  });
  const d = c.dims[3]!;
  return module([], [['stem', fastVitStem(true, c.dims[0]!)], ['stages', indexed(stages)], ['final_conv', mobileOne(true, d, 2 * d, 3, 1, d, { se: true })], ['head', module([], [['fc', linear(2 * d, 1000)]])]]);
}

/** checkpoint_filter_fn on one key of an original ImageNet checkpoint (no MobileCLIP prefix, a Linear head): the renames in order, then the flat network regrouped */
function fastVitFilter(key: string, stageEnds: number[]): string {
  let k = key;
  for (const [a, b] of [['patch_embed', 'stem'], ['rbr_conv', 'conv_kxk'], ['rbr_scale', 'conv_scale'], ['rbr_skip', 'identity'], ['conv_exp', 'final_conv'], ['lkb_origin', 'large_conv'], ['convffn', 'mlp'], ['se.reduce', 'se.fc1'], ['se.expand', 'se.fc2']] as const) k = k.replaceAll(a, b);
  k = k.replace(/layer_scale_([0-9])/g, 'layer_scale_$1.gamma');
  if (k.endsWith('layer_scale')) k = k.replace('layer_scale', 'layer_scale.gamma');
  k = k.replaceAll('dist_head', 'head_dist');
  if (k.startsWith('head.')) k = k.replace('head.', 'head.fc.');
  const m = /^network\.(\d+)/.exec(k);
  if (m) {
    const net = Number(m[1]);
    const stage = stageEnds.filter((e) => e <= net).length; // bisect.bisect_right
    const netPrefix = `network.${net}`;
    const stagePrefix = `stages.${stage}`;
    if (k.includes(`${netPrefix}.proj`)) k = k.replace(`${netPrefix}.proj`, `${stagePrefix}.downsample.proj`);
    else if (k.includes(`${netPrefix}.pe`)) k = k.replace(`${netPrefix}.pe`, `${stagePrefix}.pos_emb.pos_enc`);
    else k = k.replace(netPrefix, `${stagePrefix}.blocks`);
  }
  return k;
}

function fastVitFamily(name: string, model: string, c: FastVitConfig): Family {
  const source = stateDict(fastVitOriginal(c), 'float32');
  const target = stateDict(fastVitTimm(c), 'float32');
  // "find stage ends by locating downsample layers": the network indices of the PatchEmbeds
  const stageEnds = [...new Set(source.map((e) => /^(.*?)network\.(\d+)\.proj/.exec(e.key)).filter((m) => m !== null).map((m) => Number(m[2])))].sort((a, b) => a - b);
  const truth: Truth = {};
  for (const { key } of source) truth[key] = fastVitFilter(key, stageEnds);
  const flat = c.layers.length + 3 + (c.attention ? 1 : 0);
  return {
    name,
    description: `FastViT-${model} (depths ${c.layers.join(' / ')}, widths ${c.dims.join(' / ')}, MLP ×${c.mlpRatio}${c.attention ? ', RepMixer in stages 0–2 and attention after a conditional positional encoding in stage 3' : ', RepMixer everywhere'}) apple/ml-fastvit checkpoint → timm FastVit: the flat network list of ${flat} (block Sequentials, PatchEmbeds${c.attention ? ', a RepCPE' : ''} interleaved) regrouped by stage ends found at the PatchEmbeds (bisect): network.N.proj → stages.S.downsample.proj${c.attention ? ', network.N.pe → stages.S.pos_emb.pos_enc' : ''}, network.N.B → stages.S.blocks.B; patch_embed → stem, rbr_skip / rbr_conv / rbr_scale → identity / conv_kxk / conv_scale, lkb_origin → large_conv, convffn → mlp, se.reduce / expand → se.fc1 / fc2, conv_exp → final_conv, head → head.fc; the bare layer_scale${c.attention ? ' / layer_scale_1 / layer_scale_2' : ''} parameters → LayerScale2d .gamma (registered before the children in the original, after them in timm). Depthwise MobileOne branches of a RepMixer (norm: a skip BN only; mixer: skip BN, 3×3, 1×1) have equal-shaped BatchNorms told apart by name.`,
    reference: `${TIMM} ${FASTVIT_SCRIPT} checkpoint_filter_fn (as stored: search-index file id 24433054)`,
    url: `https://github.com/${TIMM}/blob/main/${FASTVIT_SCRIPT}`,
    source, target, truth,
    // the 13 string / regex renames the filter applies in order, the stage-end bisect, and its proj / pe / blocks cases
    patterns: 15,
  };
}

export const fastvitT8ToTimm = (): Family => fastVitFamily('fastvit-t8-original-to-timm', 'T8', { layers: [2, 2, 4, 2], dims: [48, 96, 192, 384], mlpRatio: 3, attention: false });
export const fastvitS12ToTimm = (): Family => fastVitFamily('fastvit-s12-original-to-timm', 'S12', { layers: [2, 2, 6, 2], dims: [64, 128, 256, 512], mlpRatio: 4, attention: false });
export const fastvitSa12ToTimm = (): Family => fastVitFamily('fastvit-sa12-original-to-timm', 'SA12', { layers: [2, 2, 6, 2], dims: [64, 128, 256, 512], mlpRatio: 4, attention: true });
export const fastvitMa36ToTimm = (): Family => fastVitFamily('fastvit-ma36-original-to-timm', 'MA36', { layers: [6, 6, 18, 6], dims: [76, 152, 304, 608], mlpRatio: 4, attention: true });
