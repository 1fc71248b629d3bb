/**
 * The tenth family set (session 17), language half: transformers' Phi-2, Qwen2 and Granite-MoE checkpoints into
 * GGUF by llama.cpp's converter. Models at their real configurations; a safetensors file (a GGUF writer's tensor
 * list likewise) lists its tensors sorted by name, so both sides are sorted (a sharded checkpoint is taken as one
 * file). GGUF shapes are given in torch order (llama.cpp's ne order is the reverse; the names are what matter).
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';
import { byKey, renameFirst, type Truth } from './set9-common.js';
import { GGUF_NAMES } from './transformers-families.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });
const LLAMA_CPP = 'ggml-org/llama.cpp convert_hf_to_gguf.py';
const TENSOR_MAP = 'gguf-py/gguf/tensor_mapping.py TensorNameMap (as stored: search-index file id 140540567)';

/** llama.cpp LlamaModel.permute(w, n_head, n_head_kv): reshape(heads, 2, rows / heads / 2, cols).swapaxes(1, 2).reshape(rows, cols) */
export function ggufPermute(of: Recipe, rows: number, cols: number, heads: number): Recipe {
  return { kind: 'reshape', of: { kind: 'transpose', of: { kind: 'reshape', of, shape: [heads, 2, rows / heads / 2, cols] }, dims: [0, 2, 1, 3] }, shape: [rows, cols] };
}

/** a sorted HF side renamed by a first-match table into a sorted GGUF side (same shapes) */
function ggufSide(source: KeyEntry[], table: readonly [RegExp, string][]): { target: KeyEntry[]; truth: Truth } {
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    const name = renameFirst(table, e.key);
    truth[e.key] = name;
    target.push({ ...e, key: name });
  }
  return { target: target.sort(byKey), truth };
}

// ---------------------------------------------------------------------------------------------------------
// Phi-2 (PhiForCausalLM → GGUF, Phi2Model)

/** microsoft/phi-2: 32 layers, width 2560, 32 heads, MLP 10240, vocabulary 51200, LayerNorms and biases throughout, an untied lm_head with a bias */
const PHI2 = { layers: 32, d: 2560, ffn: 10240, vocab: 51200 };

/** tensor_mapping.py entries PHI2 meets, first match wins (the converter has no tensor override for Phi2Model) */
const PHI2_GGUF: [RegExp, string][] = [
  [/^model\.embed_tokens\./, 'token_embd.'],
  [/^model\.final_layernorm\./, 'output_norm.'],
  [/^lm_head\./, 'output.'],
  [/^model\.layers\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.q_proj\./, 'blk.$1.attn_q.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_proj\./, 'blk.$1.attn_k.'],
  [/^model\.layers\.(\d+)\.self_attn\.v_proj\./, 'blk.$1.attn_v.'],
  [/^model\.layers\.(\d+)\.self_attn\.dense\./, 'blk.$1.attn_output.'],
  [/^model\.layers\.(\d+)\.mlp\.fc1\./, 'blk.$1.ffn_up.'],
  [/^model\.layers\.(\d+)\.mlp\.fc2\./, 'blk.$1.ffn_down.'],
];

export function phi2ToGGUF(): Family {
  const c = PHI2;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d)], ['k_proj', linear(c.d, c.d)], ['v_proj', linear(c.d, c.d)], ['dense', linear(c.d, c.d)]])],
    ['mlp', module([], [['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)]])],
    ['input_layernorm', affineNorm(c.d)],
  ]);
  const hf = module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['final_layernorm', affineNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab)],
  ]);
  const source = stateDict(hf, 'float32').sort(byKey);
  const { target, truth } = ggufSide(source, PHI2_GGUF);
  return {
    name: 'phi-2-hf-to-gguf',
    description: 'microsoft/phi-2 safetensors (sorted by name) → llama.cpp GGUF (sorted): embed_tokens → token_embd, layers.N → blk.N with input_layernorm → attn_norm (weight and bias: one norm per layer, parallel attention and MLP), q/k/v_proj → attn_q/attn_k/attn_v, self_attn.dense → attn_output, mlp.fc1 / fc2 → ffn_up / ffn_down, final_layernorm → output_norm, lm_head (with a bias) → output. No permute, no split.',
    reference: `${LLAMA_CPP} Phi2Model (as stored: search-index file id 51878483406; no tensor override) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    // the ten table entries Phi-2 meets
    patterns: 10,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Qwen2-0.5B (Qwen2ForCausalLM → GGUF, Qwen2Model)

/** Qwen/Qwen2-0.5B: 24 layers, width 896, 14 heads and 2 KV heads (head 64), MLP 4864, vocabulary 151936, q/k/v biases, tied embeddings (no lm_head saved) */
const QWEN2_05B = { layers: 24, d: 896, kv: 128, ffn: 4864, vocab: 151936 };

/** Qwen2 meets the Llama family's tensor_mapping.py names (embed, norms, q/k/v/o, gate/up/down; no lm_head saved) */
const QWEN2_GGUF = GGUF_NAMES;

export function qwen2_05bToGGUF(): Family {
  const c = QWEN2_05B;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d)], ['k_proj', linear(c.d, c.kv)], ['v_proj', linear(c.d, c.kv)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  const hf = module([], [['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])]]);
  // tie_word_embeddings: save_pretrained leaves lm_head.weight out, and the converter writes no output tensor
  const source = stateDict(hf, 'bfloat16').sort(byKey);
  const { target, truth } = ggufSide(source, QWEN2_GGUF);
  return {
    name: 'qwen2-0.5b-hf-to-gguf',
    description: 'Qwen/Qwen2-0.5B safetensors (sorted by name, tied lm_head absent) → llama.cpp GGUF (sorted): embed_tokens → token_embd, layers.N → blk.N with q/k/v_proj (weights and biases, GQA: k / v 128 rows) → attn_q/attn_k/attn_v, o_proj → attn_output, gate/up/down_proj → ffn_gate/ffn_up/ffn_down, input_layernorm / post_attention_layernorm → attn_norm / ffn_norm, model.norm → output_norm; no permute (Qwen2Model is not a LlamaModel), no output tensor.',
    reference: `${LLAMA_CPP} Qwen2Model.modify_tensors (as stored: search-index file id 54945480918; no q/k permute) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    // the eleven table entries Qwen2 meets
    patterns: 11,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Granite-3.0-1B-A400M (GraniteMoeForCausalLM → GGUF, GraniteMoeModel)

/** ibm-granite/granite-3.0-1b-a400m-base: 24 layers, width 1024, 16 heads and 8 KV heads, 32 experts of MLP width 512 (input_linear holds gate and up: 2 × 512 rows), vocabulary 49155, tied embeddings, no biases */
const GRANITE_MOE_1B = { layers: 24, d: 1024, heads: 16, kvHeads: 8, experts: 32, ffn: 512, vocab: 49155 };

/** the Llama names plus the two GraniteMoe entries of tensor_mapping.py (router.layer → FFN_GATE_INP, output_linear → FFN_DOWN_EXP) */
const GRANITE_GGUF: [RegExp, string][] = [
  ...GGUF_NAMES,
  [/^model\.layers\.(\d+)\.block_sparse_moe\.router\.layer\./, 'blk.$1.ffn_gate_inp.'],
  [/^model\.layers\.(\d+)\.block_sparse_moe\.output_linear\./, 'blk.$1.ffn_down_exps.'],
];

export function graniteMoe1bToGGUF(): Family {
  const c = GRANITE_MOE_1B;
  const hd = c.d / c.heads;
  const kv = hd * c.kvHeads;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, kv, false)], ['v_proj', linear(c.d, kv, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['block_sparse_moe', module([], [
      ['input_linear', module([t('weight', [c.experts, 2 * c.ffn, c.d])])],
      ['output_linear', module([t('weight', [c.experts, c.d, c.ffn])])],
      ['router', module([], [['layer', linear(c.d, c.experts, false)]])],
    ])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  const hf = module([], [['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])]]);
  const source = stateDict(hf, 'bfloat16').sort(byKey);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    // GraniteMoeModel.modify_tensors: input_linear split along dim -2 into gate (first ffn rows) and up (the rest)
    const m = /^model\.layers\.(\d+)\.block_sparse_moe\.input_linear\.weight$/.exec(e.key);
    if (m) {
      const parts = ['gate', 'up'].map((p) => `blk.${m[1]}.ffn_${p}_exps.weight`);
      truth[e.key] = parts;
      parts.forEach((p, i) => {
        recipes[p] = { kind: 'split', of: src(e.key), dim: 1, start: i * c.ffn, size: c.ffn, squeeze: false };
        target.push({ ...e, key: p, shape: [c.experts, c.ffn, c.d] });
      });
      continue;
    }
    const name = renameFirst(GRANITE_GGUF, e.key);
    truth[e.key] = name;
    target.push({ ...e, key: name });
    // LlamaModel.modify_tensors (undo_permute): q with n_head, k with n_head_kv
    if (e.key.endsWith('q_proj.weight')) recipes[name] = ggufPermute(src(e.key), c.d, c.d, c.heads);
    if (e.key.endsWith('k_proj.weight')) recipes[name] = ggufPermute(src(e.key), kv, c.d, c.kvHeads);
  }
  return {
    name: 'granite-3.0-1b-a400m-hf-to-gguf',
    description: 'ibm-granite granite-3.0-1b-a400m safetensors (sorted, tied lm_head absent) → llama.cpp GGUF (sorted): each layer\'s stacked-expert input_linear [32, 1024, 1024] split along dim 1 into ffn_gate_exps (first 512 rows of every expert) and ffn_up_exps, output_linear → ffn_down_exps, router.layer → ffn_gate_inp, attention and norms under their Llama GGUF names with attn_q / attn_k rows permuted per head (GQA: k with 8 heads, same shape); no output tensor.',
    reference: `${LLAMA_CPP} GraniteMoeModel.modify_tensors (as stored: search-index file id 26517445826) → LlamaModel.modify_tensors (permute) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target: target.sort(byKey),
    truth,
    recipes,
    // ten table entries, the input_linear split, the q and k permutes
    patterns: 13,
  };
}
