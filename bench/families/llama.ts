import type { Family } from './types.js';
import { embedding, indexed, linear, module, rmsNorm, stateDict, type Module } from './modules.js';
import { RenameRules } from './rules.js';
import { metaToHfRows } from './rope-recipes.js';
import type { Recipe } from '../../src/analysis/op-keys.js';

/** Meta's params.json fields that decide names and shapes. */
export interface LlamaParams {
  dim: number;
  nLayers: number;
  nHeads: number;
  /** grouped-query attention; absent = nHeads */
  nKvHeads?: number;
  vocabSize: number;
  multipleOf: number;
  ffnDimMultiplier?: number;
}

export const SMALL_LLAMA: LlamaParams = { dim: 64, nLayers: 3, nHeads: 4, nKvHeads: 2, vocabSize: 128, multipleOf: 32 };

/** FeedForward's hidden size: meta-llama model.py FeedForward.__init__ = transformers compute_intermediate_size */
export function llamaHiddenDim(p: LlamaParams): number {
  let hidden = Math.floor((2 * 4 * p.dim) / 3);
  if (p.ffnDimMultiplier !== undefined) hidden = Math.floor(p.ffnDimMultiplier * hidden);
  return p.multipleOf * Math.floor((hidden + p.multipleOf - 1) / p.multipleOf);
}

function dims(p: LlamaParams): { kv: number; hidden: number } {
  const headDim = p.dim / p.nHeads;
  return { kv: (p.nKvHeads ?? p.nHeads) * headDim, hidden: llamaHiddenDim(p) };
}

/** meta-llama/llama model.py Transformer: tok_embeddings, layers (attention, feed_forward, attention_norm, ffn_norm), norm, output */
function metaLlama(p: LlamaParams): Module {
  const { kv, hidden } = dims(p);
  const layer = (): Module =>
    module([], [
      ['attention', module([], [
        ['wq', linear(p.dim, p.dim, false)],
        ['wk', linear(p.dim, kv, false)],
        ['wv', linear(p.dim, kv, false)],
        ['wo', linear(p.dim, p.dim, false)],
      ])],
      ['feed_forward', module([], [
        ['w1', linear(p.dim, hidden, false)],
        ['w2', linear(hidden, p.dim, false)],
        ['w3', linear(p.dim, hidden, false)],
      ])],
      ['attention_norm', rmsNorm(p.dim)],
      ['ffn_norm', rmsNorm(p.dim)],
    ]);
  return module([], [
    ['tok_embeddings', embedding(p.vocabSize, p.dim)],
    ['layers', indexed(Array.from({ length: p.nLayers }, layer))],
    ['norm', rmsNorm(p.dim)],
    ['output', linear(p.dim, p.vocabSize, false)],
  ]);
}

/**
 * transformers modeling_llama.py LlamaForCausalLM (current versions: the rotary inv_freq buffer is not
 * persistent): model.embed_tokens, model.layers (self_attn q/k/v/o, mlp gate/up/down, input_layernorm,
 * post_attention_layernorm), model.norm, lm_head.
 */
function hfLlama(p: LlamaParams): Module {
  const { kv, hidden } = dims(p);
  const layer = (): Module =>
    module([], [
      ['self_attn', module([], [
        ['q_proj', linear(p.dim, p.dim, false)],
        ['k_proj', linear(p.dim, kv, false)],
        ['v_proj', linear(p.dim, kv, false)],
        ['o_proj', linear(p.dim, p.dim, false)],
      ])],
      ['mlp', module([], [
        ['gate_proj', linear(p.dim, hidden, false)],
        ['up_proj', linear(p.dim, hidden, false)],
        ['down_proj', linear(hidden, p.dim, false)],
      ])],
      ['input_layernorm', rmsNorm(p.dim)],
      ['post_attention_layernorm', rmsNorm(p.dim)],
    ]);
  return module([], [
    ['model', module([], [
      ['embed_tokens', embedding(p.vocabSize, p.dim)],
      ['layers', indexed(Array.from({ length: p.nLayers }, layer))],
      ['norm', rmsNorm(p.dim)],
    ])],
    ['lm_head', linear(p.dim, p.vocabSize, false)],
  ]);
}

export function llamaMetaToHF(params: LlamaParams = SMALL_LLAMA): Family {
  const source = stateDict(metaLlama(params), 'bfloat16');
  const target = stateDict(hfLlama(params), 'float32');
  // write_model's per-layer dict and final dict, as renames
  const rules = new RenameRules()
    .addAtStart('tok_embeddings.', 'model.embed_tokens.')
    .addAtStart('norm.', 'model.norm.')
    .addAtStart('output.', 'lm_head.')
    .addAtStart('layers.', 'model.layers.')
    .add('.attention.wq.', '.self_attn.q_proj.')
    .add('.attention.wk.', '.self_attn.k_proj.')
    .add('.attention.wv.', '.self_attn.v_proj.')
    .add('.attention.wo.', '.self_attn.o_proj.')
    .add('.feed_forward.w1.', '.mlp.gate_proj.')
    .add('.feed_forward.w2.', '.mlp.down_proj.')
    .add('.feed_forward.w3.', '.mlp.up_proj.')
    .add('.attention_norm.', '.input_layernorm.')
    .add('.ffn_norm.', '.post_attention_layernorm.');
  const truth: Record<string, string> = {};
  for (const { key } of source) truth[key] = rules.apply(key);
  // write_model: `permute(loaded[f"layers.{layer_i}.attention.wq.weight"], n_heads=n_heads)` and wk with
  // n_heads=num_key_value_heads, dim1=key_value_dim (convert_llama_weights_to_hf.py, num_shards == 1 branch)
  const { kv } = dims(params);
  const recipes: Record<string, Recipe> = {};
  for (const { key } of source) {
    const m = /^layers\.\d+\.attention\.w([qk])\.weight$/.exec(key);
    if (m) recipes[truth[key]!] = metaToHfRows({ kind: 'source', key }, m[1] === 'q' ? params.dim : kv, params.dim, m[1] === 'q' ? params.nHeads : params.nKvHeads ?? params.nHeads);
  }
  return {
    name: 'llama-meta-to-hf',
    description:
      `Meta Llama consolidated checkpoint (dim ${params.dim}, ${params.nLayers} layers, ${params.nHeads} heads, ` +
      `${params.nKvHeads ?? params.nHeads} kv heads) → transformers LlamaForCausalLM. Names and shapes map one-to-one; ` +
      'the convert script additionally permutes the rows of wq/wk for HF rotary (same shape, not a rename).',
    reference: 'huggingface/transformers src/transformers/models/llama/convert_llama_weights_to_hf.py write_model (num_shards == 1 branch)',
    source,
    target,
    truth,
    recipes,
    patterns: rules.usedCount(),
  };
}
