/**
 * The seventh family set, language half (session 14): transformers checkpoints converted to llama.cpp GGUF by
 * architectures none of the earlier sets uses, each rebuilt from the transformers model at its released
 * configuration. The GGUF side lists tensors in the order convert_hf_to_gguf.py writes them: it walks each
 * safetensors file's tensors as safe_open lists them, sorted by name.
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';

type Truth = Record<string, string | string[] | null>;

const LLAMA_CPP = 'ggml-org/llama.cpp convert_hf_to_gguf.py';
const TENSOR_MAP = 'gguf-py/gguf/tensor_mapping.py TensorNameMap (commit 0024aa7417efd50a7c2a79e049dfbbbceb0beaaf)';
const TENSOR_MAP_URL = 'https://github.com/ggml-org/llama.cpp/blob/0024aa7417efd50a7c2a79e049dfbbbceb0beaaf/gguf-py/gguf/tensor_mapping.py';

/**
 * The GGUF side of a conversion: every source key the converter keeps, renamed by `rename` (null: filtered
 * out), in the sorted order of the safetensors listing; shapes and dtypes unchanged (GGUF stores the reverse
 * dimension order, the names are what a remap has to find)
 */
function ggufSide(source: KeyEntry[], rename: (key: string) => string | null): { target: KeyEntry[]; truth: Truth } {
  const truth: Truth = {};
  for (const { key } of source) truth[key] = rename(key);
  const target = [...source]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .flatMap((e) => (truth[e.key] === null ? [] : [{ ...e, key: truth[e.key] as string }]));
  return { target, truth };
}

/** a block-name table: `{bid}` in the transformers name stands for the layer index, as in TensorNameMap */
function blockRenamer(top: Record<string, string>, block: Record<string, string>, prefix: RegExp): (key: string) => string {
  return (key) => {
    const m = /^(.*)\.(weight|bias)$/.exec(key);
    if (!m) throw new Error(`no leaf in ${key}`);
    if (m[1]! in top) return `${top[m[1]!]}.${m[2]}`;
    const b = prefix.exec(m[1]!);
    if (!b || !(b[2]! in block)) throw new Error(`no GGUF name for ${key}`);
    return `blk.${b[1]}.${block[b[2]!]}.${m[2]}`;
  };
}

/** ChatGLM3-6B (THUDM/chatglm3-6b config: 28 layers of 4096, 32 heads, 2 multi-query groups of 128, ffn 13696 (SwiGLU, fused), padded vocab 65024, qkv bias) */
const CHATGLM3_6B = { d: 4096, layers: 28, heads: 32, groups: 2, kv: 128, ffn: 13696, vocab: 65024 };

/** modeling_chatglm.py ChatGLMForConditionalGeneration: transformer (embedding, rotary_pos_emb with its inv_freq buffer, encoder.layers (input_layernorm, self_attention query_key_value + dense, post_attention_layernorm, mlp dense_h_to_4h (gate and up fused) + dense_4h_to_h), final_layernorm, output_layer) */
function chatglmHF(): Module {
  const c = CHATGLM3_6B;
  const qkv = c.d + 2 * c.groups * c.kv;
  const layer = (): Module => module([], [
    ['input_layernorm', rmsNorm(c.d)],
    ['self_attention', module([], [['query_key_value', linear(c.d, qkv)], ['dense', linear(c.d, c.d, false)]])],
    ['post_attention_layernorm', rmsNorm(c.d)],
    ['mlp', module([], [['dense_h_to_4h', linear(c.d, 2 * c.ffn, false)], ['dense_4h_to_h', linear(c.ffn, c.d, false)]])],
  ]);
  return module([], [['transformer', module([], [
    ['embedding', module([], [['word_embeddings', embedding(c.vocab, c.d)]])],
    // RotaryEmbedding(kv_channels // 2): inv_freq over half of the 64 rotary dims
    ['rotary_pos_emb', module([t('inv_freq', [c.kv / 4])])],
    ['encoder', module([], [['layers', indexed(Array.from({ length: c.layers }, layer))], ['final_layernorm', rmsNorm(c.d)]])],
    ['output_layer', linear(c.d, c.vocab, false)],
  ])]]);
}

export function chatglm3ToGGUF(): Family {
  const source = stateDict(chatglmHF(), 'float16');
  const names = blockRenamer(
    { 'embedding.word_embeddings': 'token_embd', 'encoder.final_layernorm': 'output_norm', output_layer: 'output' },
    {
      input_layernorm: 'attn_norm', 'self_attention.query_key_value': 'attn_qkv', 'self_attention.dense': 'attn_output',
      post_attention_layernorm: 'ffn_norm', 'mlp.dense_h_to_4h': 'ffn_up', 'mlp.dense_4h_to_h': 'ffn_down',
    },
    /^encoder\.layers\.(\d+)\.(.+)$/,
  );
  // filter_tensors: drop the rotary inv_freq, strip `transformer.`, then TensorNameMap
  const { target, truth } = ggufSide(source, (key) => (key.endsWith('.rotary_pos_emb.inv_freq') ? null : names(key.replace(/^transformer\./, ''))));
  return {
    name: 'chatglm3-6b-hf-to-gguf',
    description: 'ChatGLM3-6B transformers checkpoint → llama.cpp GGUF: transformer. stripped, rotary_pos_emb.inv_freq dropped, embedding.word_embeddings → token_embd, encoder.layers.N → blk.N with the fused query_key_value kept whole as attn_qkv and the fused SwiGLU dense_h_to_4h kept whole as ffn_up, dense → attn_output, dense_4h_to_h → ffn_down, the two RMSNorms → attn_norm / ffn_norm, final_layernorm → output_norm, output_layer → output.',
    reference: `${LLAMA_CPP} ChatGLMModel.filter_tensors (as stored: search-index file id 52216758707) and ${TENSOR_MAP}`,
    url: TENSOR_MAP_URL,
    source,
    target,
    truth,
    // inv_freq drop, prefix strip, token_embd, output_norm, output, six block names
    patterns: 11,
  };
}

/** StarCoder2-3B (bigcode/starcoder2-3b config: 30 layers of 3072, 24 heads, 2 kv heads of 128, ffn 12288, vocab 49152, biases everywhere, LayerNorm, tied embeddings) */
const STARCODER2_3B = { d: 3072, layers: 30, kv: 256, ffn: 12288, vocab: 49152 };

/** modeling_starcoder2.py Starcoder2ForCausalLM as save_pretrained writes it (the tied lm_head left out) */
function starcoder2HF(): Module {
  const c = STARCODER2_3B;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d)], ['k_proj', linear(c.d, c.kv)], ['v_proj', linear(c.d, c.kv)], ['o_proj', linear(c.d, c.d)]])],
    ['mlp', module([], [['c_fc', linear(c.d, c.ffn)], ['c_proj', linear(c.ffn, c.d)]])],
    ['input_layernorm', affineNorm(c.d)],
    ['post_attention_layernorm', affineNorm(c.d)],
  ]);
  return module([], [['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', affineNorm(c.d)]])]]);
}

/** the llama-hf names TensorNameMap shares across architectures (model.layers.{bid}.…) */
const HF_BLOCK: Record<string, string> = {
  input_layernorm: 'attn_norm', 'self_attn.q_proj': 'attn_q', 'self_attn.k_proj': 'attn_k', 'self_attn.v_proj': 'attn_v',
  'self_attn.o_proj': 'attn_output', post_attention_layernorm: 'ffn_norm', 'mlp.gate_proj': 'ffn_gate', 'mlp.up_proj': 'ffn_up', 'mlp.down_proj': 'ffn_down',
};
const HF_TOP: Record<string, string> = { 'model.embed_tokens': 'token_embd', 'model.norm': 'output_norm', lm_head: 'output' };
const HF_LAYER = /^model\.layers\.(\d+)\.(.+)$/;

export function starcoder2ToGGUF(): Family {
  const source = stateDict(starcoder2HF(), 'bfloat16');
  const { target, truth } = ggufSide(source, blockRenamer(HF_TOP, { ...HF_BLOCK, 'mlp.c_fc': 'ffn_up', 'mlp.c_proj': 'ffn_down' }, HF_LAYER));
  return {
    name: 'starcoder2-3b-hf-to-gguf',
    description: 'StarCoder2-3B transformers checkpoint (tied embeddings: no lm_head saved; biased projections and LayerNorms) → llama.cpp GGUF: model.embed_tokens → token_embd, model.layers.N → blk.N, self_attn.q/k/v/o_proj → attn_q/k/v/output (weight and bias), mlp.c_fc / c_proj → ffn_up / ffn_down, input / post_attention_layernorm → attn_norm / ffn_norm, model.norm → output_norm; no output tensor (llama.cpp reuses token_embd).',
    reference: `${LLAMA_CPP} StarCoder2Model (model_arch only, no tensor override; as stored: search-index file id 57592419318) and ${TENSOR_MAP}`,
    url: TENSOR_MAP_URL,
    source,
    target,
    truth,
    // token_embd, output_norm, attn_norm, attn_q, attn_k, attn_v, attn_output, ffn_norm, ffn_up, ffn_down
    patterns: 10,
  };
}

/** Phi-3-mini-4k-instruct (32 layers of 3072, 32 heads, ffn 8192, vocab 32064, fused qkv_proj and gate_up_proj, untied lm_head, 4k context: no rope factor tensors) */
const PHI3_MINI = { d: 3072, layers: 32, ffn: 8192, vocab: 32064 };

/** modeling_phi3.py Phi3ForCausalLM: Phi3Attention registers o_proj before qkv_proj; Phi3MLP gate_up_proj, down_proj */
function phi3HF(): Module {
  const c = PHI3_MINI;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['o_proj', linear(c.d, c.d, false)], ['qkv_proj', linear(c.d, 3 * c.d, false)]])],
    ['mlp', module([], [['gate_up_proj', linear(c.d, 2 * c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

export function phi3MiniToGGUF(): Family {
  const source = stateDict(phi3HF(), 'bfloat16');
  const { target, truth } = ggufSide(source, blockRenamer(HF_TOP, { ...HF_BLOCK, 'self_attn.qkv_proj': 'attn_qkv', 'mlp.gate_up_proj': 'ffn_up' }, HF_LAYER));
  return {
    name: 'phi3-mini-4k-hf-to-gguf',
    description: 'Phi-3-mini-4k transformers checkpoint → llama.cpp GGUF: the fused self_attn.qkv_proj kept whole as attn_qkv and the fused mlp.gate_up_proj kept whole as ffn_up (llama.cpp splits them at run time), o_proj → attn_output, down_proj → ffn_down, the RMSNorms → attn_norm / ffn_norm, embed_tokens / norm / lm_head → token_embd / output_norm / output.',
    reference: `${LLAMA_CPP} Phi3MiniModel (no tensor override; generate_extra_tensors returns without long_factor, as for the 4k context; as stored: search-index file id 61269846409) and ${TENSOR_MAP}`,
    url: TENSOR_MAP_URL,
    source,
    target,
    truth,
    // token_embd, output_norm, output, attn_norm, attn_qkv, attn_output, ffn_norm, ffn_up, ffn_down
    patterns: 9,
  };
}

/** c4ai-command-r-v01 (40 layers of 8192, 64 heads, 64 kv heads, ffn 22528, vocab 256000, weight-only LayerNorm, one norm per layer (parallel attention and MLP), tied embeddings) */
const COMMAND_R = { d: 8192, layers: 40, ffn: 22528, vocab: 256000 };

/** modeling_cohere.py CohereForCausalLM as saved (tied lm_head left out): CohereDecoderLayer self_attn, mlp, input_layernorm */
function cohereHF(): Module {
  const c = COMMAND_R;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
  ]);
  return module([], [['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(c.d)]])]]);
}

export function commandRToGGUF(): Family {
  const source = stateDict(cohereHF(), 'float16');
  const { target, truth } = ggufSide(source, blockRenamer(HF_TOP, HF_BLOCK, HF_LAYER));
  return {
    name: 'command-r-v01-hf-to-gguf',
    description: 'Command-R v01 (Cohere, 35 B) transformers checkpoint → llama.cpp GGUF: llama-hf block names (q/k/v/o_proj → attn_q/k/v/output, gate/up/down_proj → ffn_gate/up/down) with one input_layernorm per layer → attn_norm and no ffn_norm (parallel block), embed_tokens → token_embd, norm → output_norm, no output tensor (tied, reused from token_embd).',
    reference: `${LLAMA_CPP} CommandR2Model (no tensor override; as stored: search-index file id 61437737313) and ${TENSOR_MAP}`,
    url: TENSOR_MAP_URL,
    source,
    target,
    truth,
    // token_embd, output_norm, attn_norm, attn_q, attn_k, attn_v, attn_output, ffn_gate, ffn_up, ffn_down
    patterns: 10,
  };
}
