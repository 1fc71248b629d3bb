import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, type Module } from './modules.js';

type Truth = Record<string, string | string[] | null>;

const src = (key: string): Recipe => ({ kind: 'source', key });

/** where the llama.cpp converter was read: the search index gave the file without its commit */
const LLAMA_CPP = 'ggml-org/llama.cpp convert_hf_to_gguf.py (as stored: search-index file id 93300740)';

// ---------------------------------------------------------------------------------------------------
// BLOOM-560m: transformers → GGUF

/** bigscience/bloom-560m config: 24 layers, hidden 1024, 16 heads, vocab 250880; the hub checkpoint's BloomModel names (no `transformer.`), lm_head tied and absent */
const BLOOM_560M = { layers: 24, d: 1024, heads: 16, vocab: 250880 };

function hfBloom(): Module {
  const c = BLOOM_560M;
  return module([], [
    ['word_embeddings', embedding(c.vocab, c.d)],
    ['word_embeddings_layernorm', affineNorm(c.d)],
    ['h', indexed(Array.from({ length: c.layers }, () => module([], [
      ['input_layernorm', affineNorm(c.d)],
      ['self_attention', module([], [['query_key_value', linear(c.d, 3 * c.d)], ['dense', linear(c.d, c.d)]])],
      ['post_attention_layernorm', affineNorm(c.d)],
      ['mlp', module([], [['dense_h_to_4h', linear(c.d, 4 * c.d)], ['dense_4h_to_h', linear(4 * c.d, c.d)]])],
    ])))],
    ['ln_f', affineNorm(c.d)],
  ]);
}

/** gguf-py tensor_mapping.py names for MODEL_ARCH.BLOOM */
const BLOOM_GGUF: [RegExp, string][] = [
  [/^word_embeddings\./, 'token_embd.'],
  [/^word_embeddings_layernorm\./, 'token_embd_norm.'],
  [/^h\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^h\.(\d+)\.self_attention\.query_key_value\./, 'blk.$1.attn_qkv.'],
  [/^h\.(\d+)\.self_attention\.dense\./, 'blk.$1.attn_output.'],
  [/^h\.(\d+)\.post_attention_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^h\.(\d+)\.mlp\.dense_h_to_4h\./, 'blk.$1.ffn_up.'],
  [/^h\.(\d+)\.mlp\.dense_4h_to_h\./, 'blk.$1.ffn_down.'],
  [/^ln_f\./, 'output_norm.'],
];

function mapped(table: [RegExp, string][], key: string): string {
  for (const [re, to] of table) if (re.test(key)) return key.replace(re, to);
  throw new Error(`no gguf name for ${key}`);
}

/** BloomModel.modify_tensors: the per-head interleaved [q_h, k_h, v_h] rows regrouped into [all q; all k; all v] */
function bloomQkv(key: string, weight: boolean): Recipe {
  const { d, heads } = BLOOM_560M;
  const per = d / heads;
  const shape = weight ? [heads, 3, per, d] : [heads, 3, per];
  return {
    kind: 'concat',
    dim: 0,
    parts: [0, 1, 2].map((j) => ({
      kind: 'reshape',
      of: { kind: 'split', of: { kind: 'reshape', of: src(key), shape }, dim: 1, start: j, size: 1, squeeze: true },
      shape: weight ? [d, d] : [d],
    })),
  };
}

export function bloomHFToGGUF(): Family {
  const source = stateDict(hfBloom(), 'float16');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    const name = mapped(BLOOM_GGUF, e.key);
    target.push({ ...e, key: name });
    truth[e.key] = name;
    const qkv = /^h\.\d+\.self_attention\.query_key_value\.(weight|bias)$/.exec(e.key);
    if (qkv) recipes[name] = bloomQkv(e.key, qkv[1] === 'weight');
    // no lm_head.weight / output.weight among the checkpoint's tensors: the embedding is written again as `output`
    if (e.key === 'word_embeddings.weight') {
      target.push({ ...e, key: 'output.weight' });
      truth[e.key] = [name, 'output.weight'];
    }
  }
  return {
    name: 'bloom-560m-hf-to-gguf',
    description: 'BLOOM-560m (transformers) → llama.cpp GGUF: word_embeddings → token_embd (and written a second time as `output`, the tied head), word_embeddings_layernorm → token_embd_norm, h.N.* → blk.N.{attn_norm, attn_qkv, attn_output, ffn_norm, ffn_up, ffn_down}, ln_f → output_norm; each fused query_key_value (stored per head as q, k, v rows) reordered into all-q, all-k, all-v rows: same name pattern, same shape, different values.',
    reference: `${LLAMA_CPP} BloomModel.modify_tensors and gguf-py/gguf/tensor_mapping.py`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    tied: { 'output.weight': 'word_embeddings.weight' },
    recipes,
    // the 9 tensor-map names, the qkv weight and bias reorders, the output copy
    patterns: 9 + 2 + 1,
  };
}

// ---------------------------------------------------------------------------------------------------
// Baichuan2-7B: transformers (trust_remote_code) → GGUF

/** baichuan-inc/Baichuan2-7B-Base config: 32 layers, hidden 4096, 32 heads, intermediate 11008, vocab 125696 */
const BAICHUAN2_7B = { layers: 32, d: 4096, heads: 32, ffn: 11008, vocab: 125696 };

/** modeling_baichuan.py BaichuanForCausalLM: model.embed_tokens, layers.N (self_attn.W_pack, o_proj; mlp gate_proj, down_proj, up_proj; input_layernorm, post_attention_layernorm), norm, lm_head (NormHead) */
function hfBaichuan(): Module {
  const c = BAICHUAN2_7B;
  return module([], [
    ['model', module([], [
      ['embed_tokens', embedding(c.vocab, c.d)],
      ['layers', indexed(Array.from({ length: c.layers }, () => module([], [
        ['self_attn', module([], [['W_pack', linear(c.d, 3 * c.d, false)], ['o_proj', linear(c.d, c.d, false)]])],
        ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)], ['up_proj', linear(c.d, c.ffn, false)]])],
        ['input_layernorm', rmsNorm(c.d)],
        ['post_attention_layernorm', rmsNorm(c.d)],
      ])))],
      ['norm', rmsNorm(c.d)],
    ])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

const BAICHUAN_GGUF: [RegExp, string][] = [
  [/^model\.embed_tokens\./, 'token_embd.'],
  [/^model\.layers\.(\d+)\.self_attn\.o_proj\./, 'blk.$1.attn_output.'],
  [/^model\.layers\.(\d+)\.mlp\.gate_proj\./, 'blk.$1.ffn_gate.'],
  [/^model\.layers\.(\d+)\.mlp\.down_proj\./, 'blk.$1.ffn_down.'],
  [/^model\.layers\.(\d+)\.mlp\.up_proj\./, 'blk.$1.ffn_up.'],
  [/^model\.layers\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^model\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^model\.norm\./, 'output_norm.'],
  [/^lm_head\./, 'output.'],
];

/** BaichuanModel._reverse_hf_permute_part: third `part` of W_pack's rows, then (q and k) each head's rotary halves interleaved */
function baichuanPart(key: string, part: number, permute: boolean): Recipe {
  const { d, heads } = BAICHUAN2_7B;
  const rows: Recipe = { kind: 'split', of: src(key), dim: 0, start: part * d, size: d, squeeze: false };
  if (!permute) return rows;
  const split: Recipe = { kind: 'reshape', of: rows, shape: [heads, 2, d / heads / 2, d] };
  return { kind: 'reshape', of: { kind: 'transpose', of: split, dims: [0, 2, 1, 3] }, shape: [d, d] };
}

export function baichuan2HFToGGUF(): Family {
  const source = stateDict(hfBaichuan(), 'bfloat16');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const target: KeyEntry[] = [];
  const { d } = BAICHUAN2_7B;
  for (const e of source) {
    const m = /^model\.layers\.(\d+)\.self_attn\.W_pack\.weight$/.exec(e.key);
    if (m) {
      const names = ['attn_q', 'attn_k', 'attn_v'].map((n) => `blk.${m[1]}.${n}.weight`);
      names.forEach((n, j) => {
        target.push({ key: n, shape: [d, d], dtype: e.dtype });
        recipes[n] = baichuanPart(e.key, j, j < 2);
      });
      truth[e.key] = names;
      continue;
    }
    const name = mapped(BAICHUAN_GGUF, e.key);
    target.push({ ...e, key: name });
    truth[e.key] = name;
  }
  return {
    name: 'baichuan2-7b-hf-to-gguf',
    description: 'Baichuan2-7B-Base (transformers remote code) → llama.cpp GGUF: each fused W_pack split into thirds, q and k rows permuted per head back to the interleaved rotary layout (reshape [32, 2, 64, 4096], swap dims 1 and 2), v as is → blk.N.attn_q/k/v; o_proj, gate/down/up_proj (listed gate, down, up as Baichuan registers them), the two norms → attn_output, ffn_gate/down/up, attn_norm, ffn_norm; embed_tokens / norm / lm_head → token_embd / output_norm / output.',
    reference: `${LLAMA_CPP} BaichuanModel.modify_tensors, _reverse_hf_permute_part, _reverse_hf_part and gguf-py/gguf/tensor_mapping.py`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    recipes,
    // the 9 tensor-map names, W_pack → q (permuted), k (permuted), v
    patterns: 9 + 3,
  };
}

// ---------------------------------------------------------------------------------------------------
// GPT-2 (124M): transformers → GGUF

/** openai-community/gpt2: 12 layers, n_embd 768, n_ctx 1024, vocab 50257 */
const GPT2_124M = { layers: 12, d: 768, ctx: 1024, vocab: 50257 };

/**
 * The hub checkpoint of GPT2Model (names without `transformer.`; lm_head tied and absent): wte, wpe, h.N
 * (ln_1, attn with its causal-mask buffer `bias` [1, 1, n_ctx, n_ctx] first (a float tensor in the 2019 file), then the Conv1D c_attn / c_proj
 * stored [in, out]; ln_2, mlp c_fc / c_proj), ln_f.
 */
function hfGpt2(): KeyEntry[] {
  const { layers, d, ctx, vocab } = GPT2_124M;
  const conv1d = (i: number, o: number): Module => module([{ name: 'weight', shape: [i, o] }, { name: 'bias', shape: [o] }]);
  const root = module([], [
    ['wte', embedding(vocab, d)],
    ['wpe', embedding(ctx, d)],
    ['h', indexed(Array.from({ length: layers }, () => module([], [
      ['ln_1', affineNorm(d)],
      ['attn', module([{ name: 'bias', shape: [1, 1, ctx, ctx] }], [['c_attn', conv1d(d, 3 * d)], ['c_proj', conv1d(d, d)]])],
      ['ln_2', affineNorm(d)],
      ['mlp', module([], [['c_fc', conv1d(d, 4 * d)], ['c_proj', conv1d(4 * d, d)]])],
    ])))],
    ['ln_f', affineNorm(d)],
  ]);
  return stateDict(root, 'float32');
}

const GPT2_GGUF: [RegExp, string][] = [
  [/^wte\./, 'token_embd.'],
  [/^wpe\./, 'position_embd.'],
  [/^h\.(\d+)\.ln_1\./, 'blk.$1.attn_norm.'],
  [/^h\.(\d+)\.attn\.c_attn\./, 'blk.$1.attn_qkv.'],
  [/^h\.(\d+)\.attn\.c_proj\./, 'blk.$1.attn_output.'],
  [/^h\.(\d+)\.ln_2\./, 'blk.$1.ffn_norm.'],
  [/^h\.(\d+)\.mlp\.c_fc\./, 'blk.$1.ffn_up.'],
  [/^h\.(\d+)\.mlp\.c_proj\./, 'blk.$1.ffn_down.'],
  [/^ln_f\./, 'output_norm.'],
];

export function gpt2HFToGGUF(): Family {
  const source = hfGpt2();
  const truth: Truth = {};
  const transposed: string[] = [];
  const target: KeyEntry[] = [];
  for (const e of source) {
    // GPT2Model.modify_tensors: the mask buffers are not needed; Conv1D weights transposed to [out, in]
    if (e.key.endsWith('.attn.bias') || e.key.endsWith('.attn.masked_bias')) {
      truth[e.key] = null;
      continue;
    }
    const name = mapped(GPT2_GGUF, e.key);
    const flip = ['.c_attn.weight', '.c_proj.weight', '.c_fc.weight'].some((s) => e.key.endsWith(s));
    if (flip) transposed.push(e.key);
    target.push({ ...e, key: name, shape: flip ? [...e.shape!].reverse() : e.shape });
    truth[e.key] = name;
    // "GPT2 output is tied to (same as) wte": token_embd written a second time as output
    if (name === 'token_embd.weight') {
      target.push({ ...e, key: 'output.weight' });
      truth[e.key] = [name, 'output.weight'];
    }
  }
  return {
    name: 'gpt2-124m-hf-to-gguf',
    description: 'GPT-2 124M (transformers hub checkpoint) → llama.cpp GGUF: wte / wpe → token_embd / position_embd, h.N.* → blk.N.{attn_norm, attn_qkv, attn_output, ffn_norm, ffn_up, ffn_down}, ln_f → output_norm; the four Conv1D weights per block transposed (attn.c_proj is square: its shape says nothing), the causal-mask buffers dropped, the embedding written again as output.',
    reference: `${LLAMA_CPP} GPT2Model.modify_tensors and gguf-py/gguf/tensor_mapping.py`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    transposed,
    tied: { 'output.weight': 'wte.weight' },
    // the 9 tensor-map names, the mask drop, the Conv1D transpose, the output copy
    patterns: 9 + 1 + 1 + 1,
  };
}

// ---------------------------------------------------------------------------------------------------
// XGLM-564M: fairseq → transformers

/** facebook/xglm-564M: 24 layers, d 1024, 16 heads, ffn 4096, vocab 256008 */
const XGLM_564M = { layers: 24, d: 1024, ffn: 4096, vocab: 256008 };

/** fairseq's attention and the transformers copy of it both register k_proj, v_proj, q_proj, out_proj */
function xglmLayer(d: number, ffn: number): Module {
  return module([], [
    ['self_attn', module([], [['k_proj', linear(d, d)], ['v_proj', linear(d, d)], ['q_proj', linear(d, d)], ['out_proj', linear(d, d)]])],
    ['self_attn_layer_norm', affineNorm(d)],
    ['fc1', linear(d, ffn)],
    ['fc2', linear(ffn, d)],
    ['final_layer_norm', affineNorm(d)],
  ]);
}

/**
 * fairseq TransformerLanguageModel (decoder only, normalize_before): decoder.version (a buffer registered
 * first), embed_tokens, embed_positions._float_tensor (sinusoidal), layers.N, layer_norm, and
 * output_projection (shares the embedding's storage, saved under its own name).
 */
function fairseqXglm(): KeyEntry[] {
  const c = XGLM_564M;
  const dec = module([], [
    ['embed_tokens', embedding(c.vocab, c.d)],
    ['embed_positions', module([{ name: '_float_tensor', shape: [1] }])],
    ['layers', indexed(Array.from({ length: c.layers }, () => xglmLayer(c.d, c.ffn)))],
    ['layer_norm', affineNorm(c.d)],
    ['output_projection', module([{ name: 'weight', shape: [c.vocab, c.d] }])],
  ]);
  return [{ key: 'decoder.version', shape: [1], dtype: 'float32' }, ...stateDict(dec, 'float32', 'decoder.')];
}

/** transformers XGLMForCausalLM: model.embed_tokens, model.layers.N, model.layer_norm (the sinusoidal table is not persistent), lm_head tied to embed_tokens */
function hfXglm(): Module {
  const c = XGLM_564M;
  return module([], [
    ['model', module([], [
      ['embed_tokens', embedding(c.vocab, c.d)],
      ['layers', indexed(Array.from({ length: c.layers }, () => xglmLayer(c.d, c.ffn)))],
      ['layer_norm', affineNorm(c.d)],
    ])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

export function xglmFairseqToHF(): Family {
  const source = fairseqXglm();
  const target = stateDict(hfXglm(), 'float32');
  const ignored = new Set(['decoder.version', 'decoder.output_projection.weight', '_float_tensor', 'decoder.embed_positions._float_tensor']);
  const truth: Truth = {};
  for (const { key } of source) truth[key] = ignored.has(key) ? null : key.replace('decoder', 'model');
  return {
    name: 'xglm-564m-fairseq-to-hf',
    description: 'XGLM-564M (fairseq decoder-only checkpoint) into transformers XGLMForCausalLM: decoder. → model. on every kept key; the version buffer, the sinusoidal table\'s _float_tensor and the saved output_projection dropped; lm_head rebuilt from (tied to) the embedding.',
    reference: 'huggingface/transformers src/transformers/models/xglm/convert_xglm_original_ckpt_to_trfms.py remove_ignore_keys_, convert_fairseq_xglm_checkpoint_from_disk, make_linear_from_emb (commit 0ec1ddd85efc4468fef37f25a372fb12b6e01ee5)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/xglm/convert_xglm_original_ckpt_to_trfms.py',
    source,
    target,
    truth,
    tied: { 'lm_head.weight': 'decoder.embed_tokens.weight' },
    // the four ignored keys, decoder → model, the lm_head tie
    patterns: 4 + 1 + 1,
  };
}
