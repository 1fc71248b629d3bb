/**
 * The eighth family set (session 15), language half: OLMo's original checkpoint into transformers and
 * transformers' OLMo into GGUF, Mistral's consolidated checkpoint into transformers, InternLM2 and a BERT
 * embedding model (BGE) into GGUF.
 * Models at their real configurations; a safetensors file (a GGUF writer's tensor list likewise) lists its
 * tensors sorted by name, so those sides are sorted (a sharded checkpoint is taken as one file).
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, type Module } from './modules.js';
import { ggufName } from './transformers-families.js';

type Truth = Record<string, string | string[] | null>;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const byName = (a: KeyEntry, b: KeyEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const src = (key: string): Recipe => ({ kind: 'source', key });
const LLAMA_CPP = 'ggml-org/llama.cpp convert_hf_to_gguf.py';
const TENSOR_MAP = 'gguf-py/gguf/tensor_mapping.py (as stored: search-index file id 140540567)';

/**
 * llama.cpp LlamaModel.permute(w, n_head, n_head_kv) as a recipe over `of` (rows = heads × head_dim):
 * reshape(heads, 2, head_dim / 2, cols).swapaxes(1, 2).reshape(rows, cols)
 */
function ggufPermute(of: Recipe, rows: number, cols: number, heads: number): Recipe {
  return { kind: 'reshape', of: { kind: 'transpose', of: { kind: 'reshape', of, shape: [heads, 2, rows / heads / 2, cols] }, dims: [0, 2, 1, 3] }, shape: [rows, cols] };
}

/** transformers' permute_for_rope(w, n_heads, rows, cols): view(heads, rows / heads / 2, 2, cols).transpose(1, 2).reshape(rows, cols) */
function hfPermute(of: Recipe, rows: number, cols: number, heads: number): Recipe {
  return { kind: 'reshape', of: { kind: 'transpose', of: { kind: 'reshape', of, shape: [heads, rows / heads / 2, 2, cols] }, dims: [0, 2, 1, 3] }, shape: [rows, cols] };
}

/** a Llama-style decoder as transformers holds it (OLMo / Mistral): model.embed_tokens, layers (self_attn, mlp, norms), model.norm, lm_head */
interface Decoder { layers: number; d: number; heads: number; kvHeads: number; ffn: number; vocab: number; norms: boolean }

function hfDecoder(c: Decoder): Module {
  const kv = (c.d / c.heads) * c.kvHeads;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, kv, false)], ['v_proj', linear(c.d, kv, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ...(c.norms ? [['input_layernorm', rmsNorm(c.d)], ['post_attention_layernorm', rmsNorm(c.d)]] as [string, Module][] : []),
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ...(c.norms ? [['norm', rmsNorm(c.d)] as [string, Module]] : [])])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// OLMo-1B (original model.pt → transformers)

/** allenai/OLMo-1B: 16 layers, d_model 2048, 16 heads (no GQA), mlp_ratio 8 (ff_proj 16384 = up + gate), embedding_size 50304, weight tying, non-parametric layer norms, no biases */
const OLMO_1B: Decoder = { layers: 16, d: 2048, heads: 16, kvHeads: 16, ffn: 8192, vocab: 50304, norms: false };

/** OLMo (ai2-olmo) model.pt: transformer.wte, transformer.blocks.N (attn_out, ff_out, att_proj, ff_proj: the order OLMoSequentialBlock registers them) */
function olmoOriginal(c: Decoder): Module {
  const block = (): Module => module([], [
    ['attn_out', linear(c.d, c.d, false)], ['ff_out', linear(c.ffn, c.d, false)], ['att_proj', linear(c.d, 3 * c.d, false)], ['ff_proj', linear(c.d, 2 * c.ffn, false)],
  ]);
  return module([], [['transformer', module([], [['wte', embedding(c.vocab, c.d)], ['blocks', indexed(range(c.layers).map(block))]])]]);
}

export function olmo1bToHF(): Family {
  const c = OLMO_1B;
  const source = stateDict(olmoOriginal(c), 'float32');
  const target = stateDict(hfDecoder(c), 'float32');
  const truth: Truth = { 'transformer.wte.weight': 'model.embed_tokens.weight' };
  const recipes: Record<string, Recipe> = {};
  const split = (from: string, to: string, start: number, size: number) => (recipes[to] = { kind: 'split', of: src(from), dim: 0, start, size, squeeze: false });
  for (const i of range(c.layers)) {
    const s = `transformer.blocks.${i}.`;
    const t = `model.layers.${i}.`;
    // torch.split(att_proj, [d, kv, kv]); torch.chunk(ff_proj, 2) → up, gate (up first)
    truth[`${s}att_proj.weight`] = ['q', 'k', 'v'].map((x) => `${t}self_attn.${x}_proj.weight`);
    ['q', 'k', 'v'].forEach((x, j) => split(`${s}att_proj.weight`, `${t}self_attn.${x}_proj.weight`, j * c.d, c.d));
    truth[`${s}ff_proj.weight`] = [`${t}mlp.up_proj.weight`, `${t}mlp.gate_proj.weight`];
    split(`${s}ff_proj.weight`, `${t}mlp.up_proj.weight`, 0, c.ffn);
    split(`${s}ff_proj.weight`, `${t}mlp.gate_proj.weight`, c.ffn, c.ffn);
    truth[`${s}attn_out.weight`] = `${t}self_attn.o_proj.weight`;
    truth[`${s}ff_out.weight`] = `${t}mlp.down_proj.weight`;
  }
  return {
    name: 'olmo-1b-original-to-hf',
    description: 'allenai OLMo-1B original model.pt → transformers OlmoForCausalLM: transformer.blocks.N → model.layers.N, fused att_proj split into q/k/v_proj (torch.split by [d, kv, kv]), fused ff_proj chunked into up_proj (first half) and gate_proj (second half), attn_out → o_proj, ff_out → down_proj, wte → embed_tokens, and lm_head tied to it (weight tying: the script copies wte into lm_head; the model ties them). OLMo-1B\'s layer norms have no parameters.',
    reference: 'huggingface/transformers src/transformers/models/olmo/convert_olmo_weights_to_hf.py write_model (commit 02b71586881f3ae6bb75d4d5091280a2c960cb8e)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/olmo/convert_olmo_weights_to_hf.py',
    source,
    target,
    truth,
    recipes,
    tied: { 'lm_head.weight': 'transformer.wte.weight' },
    // att_proj split, ff_proj chunk, attn_out, ff_out, wte, lm_head from wte
    patterns: 6,
  };
}

// ---------------------------------------------------------------------------------------------------------
// OLMo-1B-hf (transformers → GGUF)

export function olmo1bHFToGGUF(): Family {
  const c = OLMO_1B;
  // allenai/OLMo-1B-hf model.safetensors: lm_head is tied (not written), the norms have no tensors
  const source = stateDict(hfDecoder(c), 'float32').filter((e) => e.key !== 'lm_head.weight').sort(byName);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    // the Llama names of tensor_mapping.py (OLMo-1B-hf has no norm tensors and no lm_head to meet the rest)
    const name = ggufName(e.key);
    truth[e.key] = name;
    target.push({ ...e, key: name });
    // OlmoModel.modify_tensors: q and k rows permuted for llama.cpp's rotary layout (n_head = n_head_kv here)
    if (/\.(q|k)_proj\.weight$/.test(e.key)) recipes[name] = ggufPermute(src(e.key), e.shape![0]!, e.shape![1]!, c.heads);
  }
  return {
    name: 'olmo-1b-hf-to-gguf',
    description: 'allenai/OLMo-1B-hf safetensors (sorted by name, lm_head tied so absent, parameter-free norms) → llama.cpp GGUF (sorted): embed_tokens → token_embd, layers.N → blk.N with q/k/v/o_proj → attn_q/attn_k/attn_v/attn_output and gate/up/down_proj → ffn_gate/ffn_up/ffn_down; attn_q and attn_k rows permuted per head (LlamaModel.permute: same shape, a per-head reshape + swap + reshape), no output tensor (tied).',
    reference: `${LLAMA_CPP} OlmoModel.modify_tensors (as stored: search-index file id 52127375798) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target: target.sort(byName),
    truth,
    recipes,
    // 8 tensor names, q and k permutes
    patterns: 10,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mistral-7B-v0.1 (consolidated → transformers)

/** mistralai/Mistral-7B-v0.1 params.json: dim 4096, n_layers 32, head_dim 128, hidden_dim 14336, n_heads 32, n_kv_heads 8, vocab 32000 */
const MISTRAL_7B: Decoder = { layers: 32, d: 4096, heads: 32, kvHeads: 8, ffn: 14336, vocab: 32000, norms: true };

/** mistral-inference Transformer: tok_embeddings, layers.N (attention wq/wk/wv/wo, feed_forward w1/w2/w3, attention_norm, ffn_norm), norm, output */
function mistralConsolidated(c: Decoder): Module {
  const kv = (c.d / c.heads) * c.kvHeads;
  const layer = (): Module => module([], [
    ['attention', module([], [['wq', linear(c.d, c.d, false)], ['wk', linear(c.d, kv, false)], ['wv', linear(c.d, kv, false)], ['wo', linear(c.d, c.d, false)]])],
    ['feed_forward', module([], [['w1', linear(c.d, c.ffn, false)], ['w2', linear(c.ffn, c.d, false)], ['w3', linear(c.d, c.ffn, false)]])],
    ['attention_norm', rmsNorm(c.d)],
    ['ffn_norm', rmsNorm(c.d)],
  ]);
  return module([], [['tok_embeddings', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)], ['output', linear(c.d, c.vocab, false)]]);
}

/** convert_mistral_weights_to_hf.py STATE_DICT_MAPPING, first match wins */
const MISTRAL_MAP: [RegExp, string][] = [
  [/^output\.weight/, 'lm_head.weight'],
  [/^norm\.weight/, 'model.norm.weight'],
  [/^tok_embeddings\.weight/, 'model.embed_tokens.weight'],
  [/^layers\.(\d+)\.attention_norm\.weight/, 'model.layers.$1.input_layernorm.weight'],
  [/^layers\.(\d+)\.ffn_norm\.weight/, 'model.layers.$1.post_attention_layernorm.weight'],
  [/^layers\.(\d+)\.attention\.w(q|k|v|o)\.weight/, 'model.layers.$1.self_attn.$2_proj.weight'],
  [/^layers\.(\d+)\.feed_forward\.w1\.weight/, 'model.layers.$1.mlp.gate_proj.weight'],
  [/^layers\.(\d+)\.feed_forward\.w2\.weight/, 'model.layers.$1.mlp.down_proj.weight'],
  [/^layers\.(\d+)\.feed_forward\.w3\.weight/, 'model.layers.$1.mlp.up_proj.weight'],
];

export function mistral7bToHF(): Family {
  const c = MISTRAL_7B;
  // consolidated.safetensors: sorted by name
  const source = stateDict(mistralConsolidated(c), 'bfloat16').sort(byName);
  const target = stateDict(hfDecoder(c), 'bfloat16');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  for (const e of source) {
    const rule = MISTRAL_MAP.find(([re]) => re.test(e.key))!;
    const name = e.key.replace(rule[0], rule[1]);
    truth[e.key] = name;
    // convert_state_dict: q with n_heads, k with n_kv_heads, through permute_for_rope (same shape)
    if (name.endsWith('q_proj.weight')) recipes[name] = hfPermute(src(e.key), c.d, c.d, c.heads);
    if (name.endsWith('k_proj.weight')) recipes[name] = hfPermute(src(e.key), e.shape![0]!, c.d, c.kvHeads);
  }
  return {
    name: 'mistral-7b-v0.1-consolidated-to-hf',
    description: 'mistralai Mistral-7B-v0.1 consolidated safetensors (sorted by name) → transformers MistralForCausalLM: tok_embeddings / norm / output → model.embed_tokens / model.norm / lm_head, layers.N.attention.w{q,k,v,o} → self_attn.{q,k,v,o}_proj, feed_forward.w1/w2/w3 → mlp.gate/down/up_proj, attention_norm / ffn_norm → input / post_attention_layernorm; wq (32 heads) and wk (8 KV heads, GQA) rows permuted for the rotary half-split layout (same shape).',
    reference: 'huggingface/transformers src/transformers/models/mistral/convert_mistral_weights_to_hf.py STATE_DICT_MAPPING, permute_for_rope, convert_state_dict (commit 15ea02a2add1672acbeee158a9448720d6093de1)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/mistral/convert_mistral_weights_to_hf.py',
    source,
    target,
    truth,
    recipes,
    // 9 mapping rules, q and k permutes
    patterns: 11,
  };
}

// ---------------------------------------------------------------------------------------------------------
// InternLM2-chat-7B (transformers remote code → GGUF)

/** internlm/internlm2-chat-7b config: 32 layers, hidden 4096, 32 heads, 8 KV heads (4 q per group), intermediate 14336, vocab 92544, untied output */
const INTERNLM2_7B = { layers: 32, d: 4096, heads: 32, kvHeads: 8, ffn: 14336, vocab: 92544 };

/** modeling_internlm2.py InternLM2ForCausalLM: model.tok_embeddings, model.layers.N (attention.wqkv / wo, feed_forward w1 / w3 / w2, attention_norm, ffn_norm), model.norm, output */
function internlm2(c: typeof INTERNLM2_7B): Module {
  const hd = c.d / c.heads;
  const layer = (): Module => module([], [
    ['attention', module([], [['wqkv', linear(c.d, (c.heads + 2 * c.kvHeads) * hd, false)], ['wo', linear(c.d, c.d, false)]])],
    ['feed_forward', module([], [['w1', linear(c.d, c.ffn, false)], ['w3', linear(c.d, c.ffn, false)], ['w2', linear(c.ffn, c.d, false)]])],
    ['attention_norm', rmsNorm(c.d)],
    ['ffn_norm', rmsNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['tok_embeddings', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])],
    ['output', linear(c.d, c.vocab, false)],
  ]);
}

const INTERNLM2_GGUF: [RegExp, string][] = [
  [/^model\.tok_embeddings\./, 'token_embd.'],
  [/^model\.layers\.(\d+)\.attention\.wo\./, 'blk.$1.attn_output.'],
  [/^model\.layers\.(\d+)\.feed_forward\.w1\./, 'blk.$1.ffn_gate.'],
  [/^model\.layers\.(\d+)\.feed_forward\.w3\./, 'blk.$1.ffn_up.'],
  [/^model\.layers\.(\d+)\.feed_forward\.w2\./, 'blk.$1.ffn_down.'],
  [/^model\.layers\.(\d+)\.attention_norm\./, 'blk.$1.attn_norm.'],
  [/^model\.layers\.(\d+)\.ffn_norm\./, 'blk.$1.ffn_norm.'],
  [/^model\.norm\./, 'output_norm.'],
  [/^output\./, 'output.'],
];

export function internlm2ChatToGGUF(): Family {
  const c = INTERNLM2_7B;
  const hd = c.d / c.heads;
  const perGroup = c.heads / c.kvHeads;
  const kv = hd * c.kvHeads;
  const source = stateDict(internlm2(c), 'bfloat16').sort(byName);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    const m = /^model\.layers\.(\d+)\.attention\.wqkv\.weight$/.exec(e.key);
    if (m) {
      // qkv.reshape(groups, q_per_kv + 2, head_dim, d); q = [:, :q_per_kv], k = [:, -2], v = [:, -1]; q and k then permuted
      const grouped: Recipe = { kind: 'reshape', of: src(e.key), shape: [c.kvHeads, perGroup + 2, hd, c.d] };
      const q: Recipe = { kind: 'reshape', of: { kind: 'split', of: grouped, dim: 1, start: 0, size: perGroup, squeeze: false }, shape: [c.d, c.d] };
      const k: Recipe = { kind: 'reshape', of: { kind: 'split', of: grouped, dim: 1, start: perGroup, size: 1, squeeze: true }, shape: [kv, c.d] };
      const v: Recipe = { kind: 'reshape', of: { kind: 'split', of: grouped, dim: 1, start: perGroup + 1, size: 1, squeeze: true }, shape: [kv, c.d] };
      const names = ['attn_q', 'attn_k', 'attn_v'].map((x) => `blk.${m[1]}.${x}.weight`);
      truth[e.key] = names;
      recipes[names[0]!] = ggufPermute(q, c.d, c.d, c.heads);
      recipes[names[1]!] = ggufPermute(k, kv, c.d, c.kvHeads);
      recipes[names[2]!] = v;
      target.push({ ...e, key: names[0]!, shape: [c.d, c.d] }, { ...e, key: names[1]!, shape: [kv, c.d] }, { ...e, key: names[2]!, shape: [kv, c.d] });
      continue;
    }
    const rule = INTERNLM2_GGUF.find(([re]) => re.test(e.key))!;
    const name = e.key.replace(rule[0], rule[1]);
    truth[e.key] = name;
    target.push({ ...e, key: name });
  }
  return {
    name: 'internlm2-chat-7b-hf-to-gguf',
    description: 'internlm/internlm2-chat-7b safetensors (sorted by name) → llama.cpp GGUF (sorted): the GQA-interleaved wqkv ([Q0 Q1 Q2 Q3 K V] per KV group) split into attn_q / attn_k / attn_v through a (groups, q_per_kv + 2, head_dim, d) view, q and k then permuted per head for llama.cpp\'s rotary layout; tok_embeddings → token_embd, wo → attn_output, w1 / w3 / w2 → ffn_gate / ffn_up / ffn_down, attention_norm / ffn_norm → attn_norm / ffn_norm, model.norm → output_norm, output kept.',
    reference: `${LLAMA_CPP} InternLM2Model.modify_tensors (as stored: search-index file id 52168922472) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target: target.sort(byName),
    truth,
    recipes,
    // 9 tensor names, the wqkv split into three, q and k permutes
    patterns: 9 + 3 + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// BGE-small-en-v1.5 (transformers BertModel → GGUF)

/** BAAI/bge-small-en-v1.5 config: BertModel, 12 layers, hidden 384, 12 heads, intermediate 1536, vocab 30522, 512 positions, 2 token types */
const BGE_SMALL = { layers: 12, d: 384, ffn: 1536, vocab: 30522, positions: 512, types: 2 };

/** transformers BertModel: embeddings (word, position, token_type, LayerNorm), encoder.layer.N (attention.self q/k/v, attention.output dense + LayerNorm, intermediate.dense, output dense + LayerNorm), pooler.dense */
function bertModel(c: typeof BGE_SMALL): Module {
  const norm = (): Module => affineNorm(c.d);
  const layer = (): Module => module([], [
    ['attention', module([], [
      ['self', module([], [['query', linear(c.d, c.d)], ['key', linear(c.d, c.d)], ['value', linear(c.d, c.d)]])],
      ['output', module([], [['dense', linear(c.d, c.d)], ['LayerNorm', norm()]])],
    ])],
    ['intermediate', module([], [['dense', linear(c.d, c.ffn)]])],
    ['output', module([], [['dense', linear(c.ffn, c.d)], ['LayerNorm', norm()]])],
  ]);
  return module([], [
    ['embeddings', module([], [
      ['word_embeddings', embedding(c.vocab, c.d)], ['position_embeddings', embedding(c.positions, c.d)], ['token_type_embeddings', embedding(c.types, c.d)], ['LayerNorm', norm()],
    ])],
    ['encoder', module([], [['layer', indexed(range(c.layers).map(layer))]])],
    ['pooler', module([], [['dense', linear(c.d, c.d)]])],
  ]);
}

/** gguf-py tensor_mapping.py entries for BERT names (after BertModel.filter_tensors) */
const BERT_GGUF: [RegExp, string][] = [
  [/^embeddings\.word_embeddings\./, 'token_embd.'],
  [/^embeddings\.position_embeddings\./, 'position_embd.'],
  [/^embeddings\.token_type_embeddings\./, 'token_types.'],
  [/^embeddings\.LayerNorm\./, 'token_embd_norm.'],
  [/^encoder\.layer\.(\d+)\.attention\.self\.query\./, 'blk.$1.attn_q.'],
  [/^encoder\.layer\.(\d+)\.attention\.self\.key\./, 'blk.$1.attn_k.'],
  [/^encoder\.layer\.(\d+)\.attention\.self\.value\./, 'blk.$1.attn_v.'],
  [/^encoder\.layer\.(\d+)\.attention\.output\.dense\./, 'blk.$1.attn_output.'],
  [/^encoder\.layer\.(\d+)\.attention\.output\.LayerNorm\./, 'blk.$1.attn_output_norm.'],
  [/^encoder\.layer\.(\d+)\.intermediate\.dense\./, 'blk.$1.ffn_up.'],
  [/^encoder\.layer\.(\d+)\.output\.dense\./, 'blk.$1.ffn_down.'],
  [/^encoder\.layer\.(\d+)\.output\.LayerNorm\./, 'blk.$1.layer_output_norm.'],
];

export function bgeSmallToGGUF(): Family {
  const source = stateDict(bertModel(BGE_SMALL), 'float32').sort(byName);
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    // BertModel.filter_tensors: "we are only using BERT for embeddings so we don't need the pooling layer"
    if (e.key.startsWith('pooler.dense.')) { truth[e.key] = null; continue; }
    const rule = BERT_GGUF.find(([re]) => re.test(e.key))!;
    const name = e.key.replace(rule[0], rule[1]);
    truth[e.key] = name;
    target.push({ ...e, key: name });
  }
  return {
    name: 'bge-small-en-v1.5-bert-to-gguf',
    description: 'BAAI/bge-small-en-v1.5 safetensors (transformers BertModel, sorted by name, no position_ids buffer) → llama.cpp GGUF (sorted): word / position / token_type embeddings → token_embd / position_embd / token_types, embeddings.LayerNorm → token_embd_norm, encoder.layer.N → blk.N with attention.self.query/key/value → attn_q/k/v, attention.output.dense / LayerNorm → attn_output / attn_output_norm, intermediate.dense → ffn_up, output.dense / LayerNorm → ffn_down / layer_output_norm; the pooler dropped (embeddings only).',
    reference: `${LLAMA_CPP} BertModel.filter_tensors (as stored: search-index file id 52247393008) and ${TENSOR_MAP}`,
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target: target.sort(byName),
    truth,
    // 12 tensor names, the pooler drop
    patterns: 13,
  };
}
