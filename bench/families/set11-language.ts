/**
 * The eleventh family set (session 18), language half: llama.cpp's DeepSeek, DeepSeek-V2, OLMo 2, Qwen3 and StableLM
 * tensor code (transformers checkpoints into GGUF), and transformers' v5 checkpoint conversion mapping for MoE models
 * whose experts a v4 checkpoint lists one by one (OLMoE, Phi-3.5-MoE, DeepSeek-V2). Models at their real
 * configurations; a safetensors file (a GGUF writer's tensor list likewise) lists its tensors sorted by name, so those
 * sides are sorted (a sharded checkpoint is taken as one file); a v5 model's side is its state_dict order. GGUF shapes
 * are given in torch order (llama.cpp's ne order is the reverse; the names are what matter).
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';
import { byKey, renameFirst, type Truth } from './set9-common.js';
import { ggufPermute } from './set10-language.js';
import { GGUF_NAMES } from './transformers-families.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });
const LLAMA_CPP = 'ggml-org/llama.cpp convert_hf_to_gguf.py';
const TENSOR_MAP = 'gguf-py/gguf/tensor_mapping.py TensorNameMap (as stored: search-index file id 140540567)';
const CONVERSION_MAPPING = 'huggingface/transformers src/transformers/conversion_mapping.py _build_checkpoint_conversion_mapping (as stored: search-index file id 2696423957)';
const CONVERSION_MAPPING_URL = 'https://github.com/huggingface/transformers/blob/main/src/transformers/conversion_mapping.py';

/** tensor_mapping.py's Llama names (embeddings, norms, q/k/v/o, gate/up/down, lm_head), the MoE router entry of Mixtral left out */
const LLAMA_GGUF = GGUF_NAMES.filter(([re]) => !re.source.includes('block_sparse_moe'));
/** ATTN_Q_NORM / ATTN_K_NORM: self_attn.q_norm / k_norm (cohere olmoe chameleon olmo2, and Qwen3) */
const QK_NORM_GGUF: [RegExp, string][] = [
  [/^model\.layers\.(\d+)\.self_attn\.q_norm\./, 'blk.$1.attn_q_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_norm\./, 'blk.$1.attn_k_norm.'],
];
/** the MoE entries of DeepSeek's layers: router (FFN_GATE_INP), the experts as merged (FFN_*_EXP), the shared experts (FFN_*_SHEXP) */
const MOE_GGUF: [RegExp, string][] = [
  [/^model\.layers\.(\d+)\.mlp\.gate\./, 'blk.$1.ffn_gate_inp.'],
  [/^model\.layers\.(\d+)\.mlp\.experts\.\d+\.gate_proj\./, 'blk.$1.ffn_gate_exps.'],
  [/^model\.layers\.(\d+)\.mlp\.experts\.\d+\.up_proj\./, 'blk.$1.ffn_up_exps.'],
  [/^model\.layers\.(\d+)\.mlp\.experts\.\d+\.down_proj\./, 'blk.$1.ffn_down_exps.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_experts\.gate_proj\./, 'blk.$1.ffn_gate_shexp.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_experts\.up_proj\./, 'blk.$1.ffn_up_shexp.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_experts\.down_proj\./, 'blk.$1.ffn_down_shexp.'],
];

/** a gated MLP without biases: gate_proj, up_proj, down_proj */
const gatedMlp = (d: number, ffn: number): Module => module([], [['gate_proj', linear(d, ffn, false)], ['up_proj', linear(d, ffn, false)], ['down_proj', linear(ffn, d, false)]]);
const experts = (n: number, d: number, ffn: number): Module => indexed(range(n).map(() => gatedMlp(d, ffn)));
/** attention without biases and with RMSNorms on q and k (OLMo 2 / OLMoE over the width, Qwen3 per head) */
const qkNormAttention = (d: number, q: number, kv: number, norm: number): Module => module([], [
  ['q_proj', linear(d, q, false)], ['k_proj', linear(d, kv, false)], ['v_proj', linear(d, kv, false)], ['o_proj', linear(q, d, false)],
  ['q_norm', rmsNorm(norm)], ['k_norm', rmsNorm(norm)],
]);
/** a transformers causal LM: model (embed_tokens, layers, norm) and, unless tied, lm_head */
function causalLM(c: { vocab: number; d: number }, layers: Module[], norm: Module, lmHead: Module | null): Module {
  const model = module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(layers)], ['norm', norm]]);
  return module([], [['model', model], ...(lmHead ? [['lm_head', lmHead] as [string, Module]] : [])]);
}

/**
 * A sorted HF side renamed by a first-match table into a sorted GGUF side; keys whose GGUF name holds `_exps.` are
 * stacked (torch.stack(dim=0) over the layer's experts, as every MoE modify_tensors here does): the stack is one
 * target of shape [experts, ...], joined from the experts' keys.
 */
function ggufSide(source: KeyEntry[], table: readonly [RegExp, string][], expertCount = 0): { target: KeyEntry[]; truth: Truth; joined: string[] } {
  const truth: Truth = {};
  const target = new Map<string, KeyEntry>();
  for (const e of source) {
    const name = renameFirst(table, e.key);
    truth[e.key] = name;
    if (name.includes('_exps.')) {
      if (!target.has(name)) target.set(name, { ...e, key: name, shape: [expertCount, ...e.shape!] });
    } else target.set(name, { ...e, key: name });
  }
  const joined = [...target.keys()].filter((k) => k.includes('_exps.'));
  return { target: [...target.values()].sort(byKey), truth, joined };
}

// ---------------------------------------------------------------------------------------------------------
// DeepSeek-V2-Lite (DeepseekV2ForCausalLM → GGUF, DeepseekV2Model; → transformers v5 fused experts)

/**
 * deepseek-ai/DeepSeek-V2-Lite: 27 layers, width 2048, 16 heads with multi-head latent attention (no q LoRA: q_proj to
 * 16 × (128 + 64); kv_a_proj_with_mqa to 512 + 64, kv_a_layernorm 512, kv_b_proj 512 → 16 × (128 + 128)), the first
 * layer dense (MLP 10944), then 64 routed experts (MLP 1408) and 2 shared experts (2816) with a router, vocabulary 102400, untied
 */
const DSV2_LITE = { layers: 27, d: 2048, heads: 16, nope: 128, rope: 64, v: 128, kvLora: 512, ffn: 10944, experts: 64, expertFfn: 1408, shared: 2, dense: 1, vocab: 102400 };

/** the HF model (modeling_deepseek_v2: DeepseekV2MoE registers experts, gate, shared_experts) */
function deepseekV2Lite(c: typeof DSV2_LITE): Module {
  const attn = module([], [
    ['q_proj', linear(c.d, c.heads * (c.nope + c.rope), false)],
    ['kv_a_proj_with_mqa', linear(c.d, c.kvLora + c.rope, false)],
    ['kv_a_layernorm', rmsNorm(c.kvLora)],
    ['kv_b_proj', linear(c.kvLora, c.heads * (c.nope + c.v), false)],
    ['o_proj', linear(c.heads * c.v, c.d, false)],
  ]);
  const moe = module([], [
    ['experts', experts(c.experts, c.d, c.expertFfn)],
    ['gate', module([t('weight', [c.experts, c.d])])],
    ['shared_experts', gatedMlp(c.d, c.shared * c.expertFfn)],
  ]);
  const layer = (l: number): Module => module([], [
    ['self_attn', attn], ['mlp', l < c.dense ? gatedMlp(c.d, c.ffn) : moe], ['input_layernorm', rmsNorm(c.d)], ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return causalLM(c, range(c.layers).map(layer), rmsNorm(c.d), linear(c.d, c.vocab, false));
}

/** tensor_mapping.py entries DEEPSEEK2 meets, first match wins (k_b_proj / v_b_proj are the converter's halves of kv_b_proj) */
const DSV2_GGUF: [RegExp, string][] = [
  ...LLAMA_GGUF.filter(([re]) => !/(k|v)_proj/.test(re.source)),
  [/^model\.layers\.(\d+)\.self_attn\.kv_a_proj_with_mqa\./, 'blk.$1.attn_kv_a_mqa.'],
  [/^model\.layers\.(\d+)\.self_attn\.kv_a_layernorm\./, 'blk.$1.attn_kv_a_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_b_proj\./, 'blk.$1.attn_k_b.'],
  [/^model\.layers\.(\d+)\.self_attn\.v_b_proj\./, 'blk.$1.attn_v_b.'],
  ...MOE_GGUF,
];

export function deepseekV2LiteToGGUF(): Family {
  const c = DSV2_LITE;
  const source = stateDict(deepseekV2Lite(c), 'bfloat16').sort(byKey);
  const kvb = source.filter((e) => e.key.endsWith('kv_b_proj.weight'));
  const { target, truth, joined } = ggufSide(source.filter((e) => !e.key.endsWith('kv_b_proj.weight')), DSV2_GGUF, c.experts);
  // kv_b_proj: view(heads, nope + v, kv_lora), split along dim 1 into k_b (nope rows, then transposed(1, 2)) and v_b (v rows)
  const recipes: Record<string, Recipe> = {};
  for (const e of kvb) {
    const b = /^model\.layers\.(\d+)\./.exec(e.key)![1];
    const kb = `blk.${b}.attn_k_b.weight`;
    const vb = `blk.${b}.attn_v_b.weight`;
    const viewed: Recipe = { kind: 'reshape', of: src(e.key), shape: [c.heads, c.nope + c.v, c.kvLora] };
    recipes[kb] = { kind: 'transpose', of: { kind: 'split', of: viewed, dim: 1, start: 0, size: c.nope, squeeze: false }, dims: [0, 2, 1] };
    recipes[vb] = { kind: 'split', of: viewed, dim: 1, start: c.nope, size: c.v, squeeze: false };
    truth[e.key] = [kb, vb];
    target.push({ key: kb, shape: [c.heads, c.kvLora, c.nope], dtype: e.dtype }, { key: vb, shape: [c.heads, c.v, c.kvLora], dtype: e.dtype });
  }
  target.sort(byKey);
  return {
    name: 'deepseek-v2-lite-hf-to-gguf',
    description: 'deepseek-ai/DeepSeek-V2-Lite safetensors (sorted) → llama.cpp GGUF (sorted): the MLA kv_b_proj [4096, 512] viewed per head and split into attn_k_b (the 128 nope rows, transposed to [16, 512, 128]) and attn_v_b ([16, 128, 512]); kv_a_proj_with_mqa / kv_a_layernorm → attn_kv_a_mqa / attn_kv_a_norm; 64 routed experts per layer stacked into ffn_gate/up/down_exps, shared_experts → ffn_*_shexp, the router mlp.gate → ffn_gate_inp; layer 0 dense (ffn_gate/up/down); no q/k permute.',
    reference: `${LLAMA_CPP} DeepseekV2Model.modify_tensors (as stored: search-index file id 52127380104) and ${TENSOR_MAP} (ATTN_K_B / ATTN_V_B, newer than that stored copy: blk.N.attn_k_b / attn_v_b ↔ self_attn.k_b_proj / v_b_proj, as a stored reverse map lists them, search-index file id 62464093114)`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    recipes,
    joined,
    // the 21 table entries DeepSeek-V2-Lite meets, the kv_b split
    patterns: DSV2_GGUF.length + 1,
  };
}

/**
 * A v4 transformers MoE checkpoint (experts one by one, safetensors sorted) loaded into the v5 model (state_dict order)
 * through the "qwen2_moe" conversion pattern: mlp.experts.*.gate_proj + up_proj → mlp.experts.gate_up_proj
 * (MergeModulelist(dim=0) then Concatenate(dim=1): [experts, 2 × ffn, d]), mlp.experts.*.down_proj → mlp.experts.down_proj
 * (MergeModulelist(dim=0): [experts, d, ffn]); every other key unchanged. `fused` renames each expert key to its v5 tensor.
 */
function v5FusedExperts(source: KeyEntry[], target: KeyEntry[], fused: (key: string) => string | null): { truth: Truth; joined: string[] } {
  const truth: Truth = {};
  const joined = new Set<string>();
  for (const e of source) {
    const to = fused(e.key);
    if (to) joined.add(to);
    truth[e.key] = to ?? e.key;
  }
  const names = new Set(target.map((e) => e.key));
  for (const k of joined) if (!names.has(k)) throw new Error(`no v5 tensor ${k}`);
  return { truth, joined: [...joined] };
}

/** the v5 experts module: gate_up_proj [experts, 2 × ffn, d] and down_proj [experts, d, ffn], parameters without .weight */
const fusedExperts = (n: number, d: number, ffn: number): Module => module([t('gate_up_proj', [n, 2 * ffn, d]), t('down_proj', [n, d, ffn])]);
/** qwen2_moe's two WeightConverters as one rename of an expert key (null: not an expert key) */
const qwen2MoeFused = (k: string): string | null => {
  const m = /^(.*\.mlp\.experts)\.\d+\.(gate|up|down)_proj\.weight$/.exec(k);
  return m ? `${m[1]}.${m[2] === 'down' ? 'down_proj' : 'gate_up_proj'}` : null;
};

/** a family loaded through the "qwen2_moe" pattern, which `modelType` maps to: its two WeightConverters and nothing else */
function qwen2MoeV5(modelType: string, name: string, description: string, source: KeyEntry[], target: KeyEntry[]): Family {
  const { truth, joined } = v5FusedExperts(source, target, qwen2MoeFused);
  const reference = `${CONVERSION_MAPPING} "qwen2_moe" pattern (${modelType} → qwen2_moe in _MODEL_TO_CONVERSION_PATTERN)`;
  // the two WeightConverters
  return { name, description, reference, url: CONVERSION_MAPPING_URL, source, target, truth, joined, patterns: 2 };
}

export function deepseekV2LiteToV5(): Family {
  const c = DSV2_LITE;
  const source = stateDict(deepseekV2Lite(c), 'bfloat16').sort(byKey);
  // the v5 model: the same modules but for the experts, one DeepseekV2Experts module (gate_up_proj, down_proj) in the ModuleList's place
  const v4 = deepseekV2Lite(c);
  const fuse = (m: Module): Module => module(m.tensors, m.children.map(([n, ch]) => [n, n === 'experts' && ch.children.length === c.experts ? fusedExperts(c.experts, c.d, c.expertFfn) : fuse(ch)]));
  const target = stateDict(fuse(v4), 'bfloat16');
  return qwen2MoeV5('deepseek_v2', 'deepseek-v2-lite-v4-to-v5-fused-experts',
    'deepseek-ai/DeepSeek-V2-Lite v4 safetensors (sorted, 64 experts listed one by one) → transformers v5 DeepseekV2ForCausalLM (state_dict order): per MoE layer the experts\' gate_proj and up_proj stacked and concatenated into mlp.experts.gate_up_proj [64, 2816, 2048], down_proj stacked into mlp.experts.down_proj [64, 2048, 1408]; the router, shared experts, MLA attention and the dense first layer keep their names.',
    source, target);
}

// ---------------------------------------------------------------------------------------------------------
// DeepSeek-MoE-16B (DeepseekForCausalLM → GGUF, DeepseekModel)

/** deepseek-ai/deepseek-moe-16b-base: 28 layers, width 2048, 16 heads, the first layer dense (MLP 10944), then 64 routed experts (MLP 1408) and 2 shared (2816), vocabulary 102400, untied */
const DSMOE_16B = { layers: 28, d: 2048, heads: 16, ffn: 10944, experts: 64, expertFfn: 1408, shared: 2, dense: 1, vocab: 102400 };

const DSMOE_GGUF: [RegExp, string][] = [...LLAMA_GGUF, ...MOE_GGUF];

export function deepseekMoe16bToGGUF(): Family {
  const c = DSMOE_16B;
  // deepseek-ai modeling_deepseek.py (remote code): DeepseekAttention q/k/v/o_proj without biases; DeepseekMoE: experts, gate (MoEGate weight), shared_experts
  const moe = module([], [
    ['experts', experts(c.experts, c.d, c.expertFfn)],
    ['gate', module([t('weight', [c.experts, c.d])])],
    ['shared_experts', gatedMlp(c.d, c.shared * c.expertFfn)],
  ]);
  const attn = module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d, false)], ['o_proj', linear(c.d, c.d, false)]]);
  const layer = (l: number): Module => module([], [
    ['self_attn', attn], ['mlp', l < c.dense ? gatedMlp(c.d, c.ffn) : moe], ['input_layernorm', rmsNorm(c.d)], ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  const hf = causalLM(c, range(c.layers).map(layer), rmsNorm(c.d), linear(c.d, c.vocab, false));
  const source = stateDict(hf, 'bfloat16').sort(byKey);
  const { target, truth, joined } = ggufSide(source, DSMOE_GGUF, c.experts);
  // DeepseekModel.modify_tensors: q_proj and k_proj permuted per head (n_head = n_head_kv = 16)
  const recipes: Record<string, Recipe> = {};
  for (const e of source) {
    if (/\.(q|k)_proj\.weight$/.test(e.key)) recipes[truth[e.key] as string] = ggufPermute(src(e.key), c.d, c.d, c.heads);
  }
  return {
    name: 'deepseek-moe-16b-hf-to-gguf',
    description: 'deepseek-ai/deepseek-moe-16b-base safetensors (sorted) → llama.cpp GGUF (sorted): q_proj / k_proj permuted per head for rotary (16 heads, square), 64 routed experts per layer stacked into ffn_gate/up/down_exps, shared_experts → ffn_*_shexp, the router mlp.gate → ffn_gate_inp, the dense first layer → ffn_gate/up/down, Llama names elsewhere.',
    reference: `${LLAMA_CPP} DeepseekModel.modify_tensors, DeepseekModel.permute (as stored: search-index file id 52127380104) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    recipes,
    joined,
    // the 19 table entries DeepSeek-MoE meets, the q and k permutes
    patterns: DSMOE_GGUF.length + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// OLMo 2 7B (Olmo2ForCausalLM → GGUF, Olmo2Model)

/** allenai/OLMo-2-1124-7B: 32 layers, width 4096, 32 heads (no GQA), MLP 11008, q_norm / k_norm over the full width, norms after attention and MLP only, vocabulary 100352, untied */
const OLMO2_7B = { layers: 32, d: 4096, ffn: 11008, vocab: 100352 };

/** OLMO2's tensor list has ATTN_POST_NORM and FFN_POST_NORM, not FFN_NORM: post_attention_layernorm → post_attention_norm */
const OLMO2_GGUF: [RegExp, string][] = [
  ...LLAMA_GGUF.filter(([re]) => !re.source.includes('layernorm')),
  ...QK_NORM_GGUF,
  [/^model\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.post_attention_norm.'],
  [/^model\.layers\.(\d+)\.post_feedforward_layernorm\./, 'blk.$1.post_ffw_norm.'],
];

export function olmo2_7bToGGUF(): Family {
  const c = OLMO2_7B;
  const layer = (): Module => module([], [
    ['self_attn', qkNormAttention(c.d, c.d, c.d, c.d)],
    ['mlp', gatedMlp(c.d, c.ffn)],
    ['post_attention_layernorm', rmsNorm(c.d)],
    ['post_feedforward_layernorm', rmsNorm(c.d)],
  ]);
  const hf = causalLM(c, range(c.layers).map(layer), rmsNorm(c.d), linear(c.d, c.vocab, false));
  const source = stateDict(hf, 'float32').sort(byKey);
  const { target, truth } = ggufSide(source, OLMO2_GGUF);
  return {
    name: 'olmo2-1124-7b-hf-to-gguf',
    description: 'allenai/OLMo-2-1124-7B safetensors (sorted) → llama.cpp GGUF (sorted): Llama names for embeddings, attention and MLP, q_norm / k_norm → attn_q_norm / attn_k_norm, and the post-norms: post_attention_layernorm → post_attention_norm (not ffn_norm, as it is for Llama: OLMo 2 has no pre-norms) and post_feedforward_layernorm → post_ffw_norm. No permute (Olmo2Model keeps TextModel.modify_tensors).',
    reference: `${LLAMA_CPP} Olmo2Model (no tensor override; as stored: search-index file id 26483675480) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    // the 14 table entries OLMo 2 meets
    patterns: OLMO2_GGUF.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Qwen3-0.6B (Qwen3ForCausalLM → GGUF, Qwen3Model)

/** Qwen/Qwen3-0.6B: 28 layers, width 1024, 16 heads and 8 KV heads of 128 (q 2048 rows, k / v 1024), per-head q_norm / k_norm (128), MLP 3072, vocabulary 151936, tied embeddings (no lm_head saved) */
const QWEN3_06B = { layers: 28, d: 1024, q: 2048, kv: 1024, headDim: 128, ffn: 3072, vocab: 151936 };

const QWEN3_GGUF: [RegExp, string][] = [...LLAMA_GGUF.filter(([re]) => !re.source.includes('lm_head')), ...QK_NORM_GGUF];

export function qwen3_06bToGGUF(): Family {
  const c = QWEN3_06B;
  const layer = (): Module => module([], [
    ['self_attn', qkNormAttention(c.d, c.q, c.kv, c.headDim)],
    ['mlp', gatedMlp(c.d, c.ffn)],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  const hf = causalLM(c, range(c.layers).map(layer), rmsNorm(c.d), null);
  // tie_word_embeddings: save_pretrained leaves lm_head.weight out, and the converter writes no output tensor
  const source = stateDict(hf, 'bfloat16').sort(byKey);
  const { target, truth } = ggufSide(source, QWEN3_GGUF);
  return {
    name: 'qwen3-0.6b-hf-to-gguf',
    description: 'Qwen/Qwen3-0.6B safetensors (sorted, tied lm_head absent) → llama.cpp GGUF (sorted): Llama names (GQA: q 2048 rows from width 1024, k / v 1024; o_proj 2048 → 1024), the per-head RMSNorms q_norm / k_norm ([128] each) → attn_q_norm / attn_k_norm; no permute, no output tensor.',
    reference: `${LLAMA_CPP} Qwen3Model.modify_tensors → Qwen2Model (no q/k permute, no rerank head for the base model; as stored: search-index file id 26788178235) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    // the 13 table entries Qwen3 meets
    patterns: QWEN3_GGUF.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// StableLM 2 12B (StableLmForCausalLM → GGUF, StableLMModel)

/**
 * stabilityai/stablelm-2-12b: 40 layers, width 5120, 32 heads and 8 KV heads of 160, per-head LayerNorms (no bias) on q
 * and k (qk_layernorm), parallel residual (no post_attention_layernorm), LayerNorms with bias, MLP 13824, no q/k/v bias,
 * vocabulary 100352, untied
 */
const STABLELM2_12B = { layers: 40, d: 5120, heads: 32, kvHeads: 8, headDim: 160, ffn: 13824, vocab: 100352 };

const STABLELM_GGUF: [RegExp, string][] = [
  ...LLAMA_GGUF.filter(([re]) => !re.source.includes('post_attention_layernorm')),
  [/^model\.layers\.(\d+)\.self_attn\.q_layernorm\.norms\.\d+\./, 'blk.$1.attn_q_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_layernorm\.norms\.\d+\./, 'blk.$1.attn_k_norm.'],
];

export function stablelm2_12bToGGUF(): Family {
  const c = STABLELM2_12B;
  const perHead = (n: number): Module => module([], [['norms', indexed(range(n).map(() => affineNorm(c.headDim, false)))]]);
  const layer = (): Module => module([], [
    ['self_attn', module([], [
      ['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.kvHeads * c.headDim, false)], ['v_proj', linear(c.d, c.kvHeads * c.headDim, false)],
      ['o_proj', linear(c.d, c.d, false)], ['q_layernorm', perHead(c.heads)], ['k_layernorm', perHead(c.kvHeads)],
    ])],
    ['mlp', gatedMlp(c.d, c.ffn)],
    ['input_layernorm', affineNorm(c.d)],
  ]);
  const hf = causalLM(c, range(c.layers).map(layer), affineNorm(c.d), linear(c.d, c.vocab, false));
  const source = stateDict(hf, 'bfloat16').sort(byKey);
  // StableLMModel.modify_tensors: a layer's q_layernorm.norms.N.weight (N < heads) and k_layernorm.norms.N.weight (N < KV heads) stacked (torch.stack, dim 0)
  // into q_layernorm.weight / k_layernorm.weight, then named attn_q_norm / attn_k_norm
  const truth: Truth = {};
  const byName = new Map<string, KeyEntry>();
  for (const e of source) {
    const name = renameFirst(STABLELM_GGUF, e.key);
    truth[e.key] = name;
    const stacked = /_layernorm\.norms\./.test(e.key);
    if (!byName.has(name)) byName.set(name, stacked ? { ...e, key: name, shape: [name.includes('attn_q_norm') ? c.heads : c.kvHeads, c.headDim] } : { ...e, key: name });
  }
  const target = [...byName.values()].sort(byKey);
  return {
    name: 'stablelm-2-12b-hf-to-gguf',
    description: 'stabilityai/stablelm-2-12b safetensors (sorted) → llama.cpp GGUF (sorted): the per-head q / k LayerNorms (q_layernorm.norms.0–31, k_layernorm.norms.0–7, [160] each) stacked into attn_q_norm [32, 160] and attn_k_norm [8, 160]; LayerNorms with bias (input_layernorm → attn_norm, model.norm → output_norm), one norm per layer (parallel residual), Llama names for attention (GQA) and MLP, no permute.',
    reference: `${LLAMA_CPP} StableLMModel.modify_tensors, _stack_qk_norm (as stored: search-index file id 52030751582) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    joined: target.filter((e) => /attn_[qk]_norm\./.test(e.key)).map((e) => e.key),
    // the 13 table entries StableLM 2 meets, the two norm stacks
    patterns: STABLELM_GGUF.length + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// OLMoE-1B-7B and Phi-3.5-MoE (transformers v4 checkpoints → v5 fused experts)

/** allenai/OLMoE-1B-7B-0924: 16 layers, width 2048, 16 heads, q_norm / k_norm over the full width, 64 experts (MLP 1024) with a router, vocabulary 50304, untied */
const OLMOE_1B7B = { layers: 16, d: 2048, experts: 64, expertFfn: 1024, vocab: 50304 };

function olmoe(c: typeof OLMOE_1B7B, v5: boolean): Module {
  // modeling_olmoe: OlmoeAttention q/k/v/o_proj, q_norm, k_norm; OlmoeSparseMoeBlock gate then experts; input_layernorm, post_attention_layernorm
  const layer = (): Module => module([], [
    ['self_attn', qkNormAttention(c.d, c.d, c.d, c.d)],
    ['mlp', module([], [['gate', module([t('weight', [c.experts, c.d])])], ['experts', v5 ? fusedExperts(c.experts, c.d, c.expertFfn) : experts(c.experts, c.d, c.expertFfn)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return causalLM(c, range(c.layers).map(layer), rmsNorm(c.d), linear(c.d, c.vocab, false));
}

export function olmoe1b7bToV5(): Family {
  const c = OLMOE_1B7B;
  const source = stateDict(olmoe(c, false), 'float32').sort(byKey);
  const target = stateDict(olmoe(c, true), 'float32');
  return qwen2MoeV5('olmoe', 'olmoe-1b-7b-0924-v4-to-v5-fused-experts',
    'allenai/OLMoE-1B-7B-0924 v4 safetensors (sorted, 64 experts per layer listed one by one) → transformers v5 OlmoeForCausalLM (state_dict order): the experts\' gate_proj and up_proj stacked and concatenated into mlp.experts.gate_up_proj [64, 2048, 2048], down_proj stacked into mlp.experts.down_proj [64, 2048, 1024]; router (mlp.gate), attention with q_norm / k_norm and norms unchanged.',
    source, target);
}

/**
 * microsoft/Phi-3.5-MoE-instruct: 32 layers, width 4096, 32 heads and 8 KV heads (k / v 1024 rows), q/k/v/o biases,
 * LayerNorms with bias, 16 experts (w1 / w3 to 6400, w2 back) with a router, vocabulary 32064, an untied lm_head with a bias
 */
const PHIMOE = { layers: 32, d: 4096, kv: 1024, experts: 16, expertFfn: 6400, vocab: 32064 };

export function phi35MoeToV5(): Family {
  const c = PHIMOE;
  const attn = module([], [['q_proj', linear(c.d, c.d)], ['k_proj', linear(c.d, c.kv)], ['v_proj', linear(c.d, c.kv)], ['o_proj', linear(c.d, c.d)]]);
  const model = (moeName: string, moe: Module): Module => module([], [
    ['model', module([], [
      ['embed_tokens', embedding(c.vocab, c.d)],
      ['layers', indexed(range(c.layers).map(() => module([], [['self_attn', attn], [moeName, moe], ['input_layernorm', affineNorm(c.d)], ['post_attention_layernorm', affineNorm(c.d)]])))],
      ['norm', affineNorm(c.d)],
    ])],
    ['lm_head', linear(c.d, c.vocab)],
  ]);
  // v4 modeling_phimoe PhimoeSparseMoeBlock: gate (Linear without bias), experts (w1, w2, w3); v5: router, experts (gate_up_proj, down_proj) under mlp
  const v4Experts = indexed(range(c.experts).map(() => module([], [['w1', linear(c.d, c.expertFfn, false)], ['w2', linear(c.expertFfn, c.d, false)], ['w3', linear(c.d, c.expertFfn, false)]])));
  const source = stateDict(model('block_sparse_moe', module([], [['gate', linear(c.d, c.experts, false)], ['experts', v4Experts]])), 'bfloat16').sort(byKey);
  const target = stateDict(model('mlp', module([], [['router', linear(c.d, c.experts, false)], ['experts', fusedExperts(c.experts, c.d, c.expertFfn)]])), 'bfloat16');
  // "phimoe": WeightRenaming(".block_sparse_moe.gate", ".mlp.router"); experts.*.w1 + w3 → mlp.experts.gate_up_proj (MergeModulelist(dim=0), Concatenate(dim=1)); experts.*.w2 → mlp.experts.down_proj
  const { truth, joined } = v5FusedExperts(source, target, (k) => {
    const m = /^(.*)\.block_sparse_moe\.experts\.\d+\.(w[123])\.weight$/.exec(k);
    return m ? `${m[1]}.mlp.experts.${m[2] === 'w2' ? 'down_proj' : 'gate_up_proj'}` : null;
  });
  for (const k of Object.keys(truth)) if (k.includes('.block_sparse_moe.gate.')) truth[k] = k.replace('.block_sparse_moe.gate', '.mlp.router');
  return {
    name: 'phi-3.5-moe-v4-to-v5-fused-experts',
    description: 'microsoft/Phi-3.5-MoE-instruct v4 safetensors (sorted, 16 experts per layer listed one by one as w1 / w2 / w3) → transformers v5 PhimoeForCausalLM (state_dict order): block_sparse_moe.gate → mlp.router, experts.*.w1 and w3 stacked and concatenated (w1 first) into mlp.experts.gate_up_proj [16, 12800, 4096], w2 stacked into mlp.experts.down_proj [16, 4096, 6400]; attention (biases, GQA), LayerNorms and the lm_head unchanged.',
    reference: `${CONVERSION_MAPPING} "phimoe"`,
    url: CONVERSION_MAPPING_URL,
    source,
    target,
    truth,
    joined,
    // the WeightRenaming and the two WeightConverters
    patterns: 3,
  };
}
