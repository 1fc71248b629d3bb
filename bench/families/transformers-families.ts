import type { Family } from './types.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import { hfToGgufRows } from './rope-recipes.js';
import { affineNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { openaiClip, type ClipConfig } from './clip-timm.js';

type Truth = Record<string, string | string[] | null>;

/** transformers Conv1D(nf, nx): weight [nx, nf] */
function conv1D(nf: number, nx: number): Module {
  return module([t('weight', [nx, nf]), t('bias', [nf])]);
}

/** transformers GPT2LMHeadModel (current: attn.bias / masked_bias are not persistent); lm_head is tied to wte and listed */
function hfGPT2(c: { layers: number; d: number; vocab: number; positions: number }): Module {
  const n = c.d;
  const block = (): Module => module([], [
    ['ln_1', affineNorm(n)],
    ['attn', module([], [['c_attn', conv1D(3 * n, n)], ['c_proj', conv1D(n, n)]])],
    ['ln_2', affineNorm(n)],
    ['mlp', module([], [['c_fc', conv1D(4 * n, n)], ['c_proj', conv1D(n, 4 * n)]])],
  ]);
  return module([], [
    ['transformer', module([], [['wte', embedding(c.vocab, n)], ['wpe', embedding(c.positions, n)], ['h', indexed(Array.from({ length: c.layers }, block))], ['ln_f', affineNorm(n)]])],
    ['lm_head', linear(n, c.vocab, false)],
  ]);
}

/** Megatron-LM GPT-2 345M (examples/pretrain_gpt.sh: 24 layers, hidden 1024, 16 heads, seq 1024, padded vocab 50304) */
const MEGATRON_345M = { layers: 24, d: 1024, vocab: 50304, positions: 1024 };

/** Megatron-LM language_model (checkpoint version 3): embedding.{word,position}_embeddings, encoder.layers.N (input_layernorm, self_attention.query_key_value/dense, post_attention_layernorm, mlp.dense_h_to_4h/4h_to_h), encoder.final_layernorm; no output layer (it reuses the word embeddings) */
function megatronGPT(c: typeof MEGATRON_345M): Module {
  const n = c.d;
  const layer = (): Module => module([], [
    ['input_layernorm', affineNorm(n)],
    ['self_attention', module([], [['query_key_value', linear(n, 3 * n)], ['dense', linear(n, n)]])],
    ['post_attention_layernorm', affineNorm(n)],
    ['mlp', module([], [['dense_h_to_4h', linear(n, 4 * n)], ['dense_4h_to_h', linear(4 * n, n)]])],
  ]);
  return module([], [['language_model', module([], [
    ['embedding', module([], [['word_embeddings', embedding(c.vocab, n)], ['position_embeddings', embedding(c.positions, n)]])],
    ['encoder', module([], [['layers', indexed(Array.from({ length: c.layers }, layer))], ['final_layernorm', affineNorm(n)]])],
  ])]]);
}

export function megatronGPT2ToHF(): Family {
  const c = MEGATRON_345M;
  const source = stateDict(megatronGPT(c), 'float16');
  const target = stateDict(hfGPT2(c), 'float32');
  const names: Record<string, string> = {
    'input_layernorm': 'ln_1', 'self_attention.query_key_value': 'attn.c_attn', 'self_attention.dense': 'attn.c_proj',
    'post_attention_layernorm': 'ln_2', 'mlp.dense_h_to_4h': 'mlp.c_fc', 'mlp.dense_4h_to_h': 'mlp.c_proj',
  };
  const truth: Truth = {};
  const transposed: string[] = [];
  for (const { key } of source) {
    if (key === 'language_model.embedding.word_embeddings.weight') truth[key] = ['transformer.wte.weight', 'lm_head.weight'];
    else if (key === 'language_model.embedding.position_embeddings.weight') truth[key] = 'transformer.wpe.weight';
    else if (key.startsWith('language_model.encoder.final_layernorm.')) truth[key] = key.replace('language_model.encoder.final_layernorm.', 'transformer.ln_f.');
    else {
      const m = /^language_model\.encoder\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(key)!;
      truth[key] = `transformer.h.${m[1]}.${names[m[2]!]}.${m[3]}`;
      if (m[3] === 'weight' && !m[2]!.endsWith('layernorm')) transposed.push(key);
    }
  }
  return {
    name: 'megatron-gpt2-to-hf',
    description: 'Megatron-LM GPT-2 345M → transformers GPT2LMHeadModel: embeddings → wte/wpe, layers → h, layernorms → ln_1/ln_2/ln_f, query_key_value/dense/dense_h_to_4h/dense_4h_to_h → Conv1D c_attn/c_proj/c_fc/c_proj (weights transposed, c_proj square), lm_head tied to the word embeddings. (The script also reorders qkv rows for old checkpoint versions: same shape, not a rename.)',
    reference: 'huggingface/transformers src/transformers/models/megatron_gpt2/convert_megatron_gpt2_checkpoint.py convert_megatron_checkpoint',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/megatron_gpt2/convert_megatron_gpt2_checkpoint.py',
    source,
    target,
    truth,
    transposed,
    tied: { 'lm_head.weight': 'language_model.embedding.word_embeddings.weight' },
    // wte, wpe, layers→h, ln_1, ln_2, ln_f, c_attn, attn c_proj, c_fc, mlp c_proj, transpose of Linear weights, lm_head = wte
    patterns: 12,
  };
}

/** RoBERTa-base (fairseq roberta.base: 12 layers, 768, 3072 ffn, vocab 50265, 514 positions) */
const ROBERTA_BASE = { layers: 12, d: 768, ffn: 3072, vocab: 50265, positions: 514 };

/** fairseq RobertaModel: encoder.sentence_encoder (TransformerEncoder: version buffer, embed_tokens, embed_positions, layernorm_embedding, layers: self_attn k/v/q/out_proj, self_attn_layer_norm, fc1, fc2, final_layer_norm), encoder.lm_head (weight, bias, dense, layer_norm) */
function fairseqRoberta(c: typeof ROBERTA_BASE): Module {
  const d = c.d;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['k_proj', linear(d, d)], ['v_proj', linear(d, d)], ['q_proj', linear(d, d)], ['out_proj', linear(d, d)]])],
    ['self_attn_layer_norm', affineNorm(d)],
    ['fc1', linear(d, c.ffn)],
    ['fc2', linear(c.ffn, d)],
    ['final_layer_norm', affineNorm(d)],
  ]);
  return module([], [['encoder', module([], [
    ['sentence_encoder', module([t('version', [1])], [
      ['embed_tokens', embedding(c.vocab, d)],
      ['embed_positions', embedding(c.positions, d)],
      ['layernorm_embedding', affineNorm(d)],
      ['layers', indexed(Array.from({ length: c.layers }, layer))],
    ])],
    ['lm_head', module([t('weight', [c.vocab, d]), t('bias', [c.vocab])], [['dense', linear(d, d)], ['layer_norm', affineNorm(d)]])],
  ])]]);
}

/** transformers BERT-family encoder layer: attention.self.query/key/value, attention.output.dense/LayerNorm, intermediate.dense, output.dense/LayerNorm */
function bertLayer(d: number, ffn: number, ln: (n: number) => Module = affineNorm): Module {
  return module([], [
    ['attention', module([], [
      ['self', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])],
      ['output', module([], [['dense', linear(d, d)], ['LayerNorm', ln(d)]])],
    ])],
    ['intermediate', module([], [['dense', linear(d, ffn)]])],
    ['output', module([], [['dense', linear(ffn, d)], ['LayerNorm', ln(d)]])],
  ]);
}

/** transformers RobertaForMaskedLM: roberta (embeddings, encoder; no pooler), lm_head (bias, dense, layer_norm, decoder.weight, decoder.bias = bias) */
function hfRobertaMLM(c: typeof ROBERTA_BASE): Module {
  const d = c.d;
  return module([], [
    ['roberta', module([], [
      ['embeddings', module([], [['word_embeddings', embedding(c.vocab, d)], ['position_embeddings', embedding(c.positions, d)], ['token_type_embeddings', embedding(1, d)], ['LayerNorm', affineNorm(d)]])],
      ['encoder', module([], [['layer', indexed(Array.from({ length: c.layers }, () => bertLayer(d, c.ffn)))]])],
    ])],
    ['lm_head', module([t('bias', [c.vocab])], [['dense', linear(d, d)], ['layer_norm', affineNorm(d)], ['decoder', linear(d, c.vocab)]])],
  ]);
}

export function robertaFairseqToHF(): Family {
  const c = ROBERTA_BASE;
  const source = stateDict(fairseqRoberta(c), 'float16');
  const target = stateDict(hfRobertaMLM(c), 'float32');
  const layerNames: Record<string, string> = {
    'self_attn.q_proj': 'attention.self.query', 'self_attn.k_proj': 'attention.self.key', 'self_attn.v_proj': 'attention.self.value',
    'self_attn.out_proj': 'attention.output.dense', 'self_attn_layer_norm': 'attention.output.LayerNorm',
    'fc1': 'intermediate.dense', 'fc2': 'output.dense', 'final_layer_norm': 'output.LayerNorm',
  };
  const fixed: Truth = {
    'encoder.sentence_encoder.version': null,
    'encoder.sentence_encoder.embed_tokens.weight': 'roberta.embeddings.word_embeddings.weight',
    'encoder.sentence_encoder.embed_positions.weight': 'roberta.embeddings.position_embeddings.weight',
    'encoder.sentence_encoder.layernorm_embedding.weight': 'roberta.embeddings.LayerNorm.weight',
    'encoder.sentence_encoder.layernorm_embedding.bias': 'roberta.embeddings.LayerNorm.bias',
    'encoder.lm_head.weight': 'lm_head.decoder.weight',
    'encoder.lm_head.bias': ['lm_head.bias', 'lm_head.decoder.bias'],
  };
  const truth: Truth = {};
  for (const { key } of source) {
    if (key in fixed) truth[key] = fixed[key]!;
    else if (key.startsWith('encoder.lm_head.')) truth[key] = key.slice('encoder.'.length);
    else {
      const m = /^encoder\.sentence_encoder\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(key)!;
      truth[key] = `roberta.encoder.layer.${m[1]}.${layerNames[m[2]!]}.${m[3]}`;
    }
  }
  return {
    name: 'roberta-fairseq-to-hf',
    description: 'fairseq RoBERTa-base → transformers RobertaForMaskedLM: sentence_encoder → roberta.embeddings/encoder, k/v/q_proj (registered k, v, q: same shapes, only names tell) → key/value/query, out_proj/fc1/fc2 and the layer norms renamed, lm_head.weight → lm_head.decoder.weight, lm_head.bias feeds lm_head.bias and the tied decoder.bias, the version buffer dropped; token_type_embeddings has no source (the script writes zeros).',
    reference: 'huggingface/transformers src/transformers/models/roberta/convert_roberta_original_pytorch_checkpoint_to_pytorch.py',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/roberta/convert_roberta_original_pytorch_checkpoint_to_pytorch.py',
    source,
    target,
    truth,
    tied: { 'lm_head.decoder.bias': 'encoder.lm_head.bias' },
    // word/position embeddings, emb LayerNorm, layers→encoder.layer, query, key, value, out_proj, self_attn_layer_norm,
    // fc1, fc2, final_layer_norm, lm_head dense/layer_norm, decoder.weight, bias (+ tied decoder.bias); version dropped
    patterns: 16,
  };
}

/** BERT-base uncased (12 layers, 768, 3072, vocab 30522, 512 positions, 2 token types) */
const BERT_BASE = { layers: 12, d: 768, ffn: 3072, vocab: 30522, positions: 512 };

/** pytorch-pretrained-bert (≤ 0.4) BertLayerNorm: parameters named gamma and beta */
function legacyLayerNorm(n: number): Module {
  return module([t('gamma', [n]), t('beta', [n])]);
}

/** BertForPreTraining: bert (embeddings, encoder, pooler), cls.predictions (bias, transform, decoder), cls.seq_relationship */
function bertForPreTraining(c: typeof BERT_BASE, legacy: boolean): Module {
  const d = c.d;
  const ln = legacy ? legacyLayerNorm : affineNorm;
  return module([], [
    ['bert', module([], [
      ['embeddings', module([], [['word_embeddings', embedding(c.vocab, d)], ['position_embeddings', embedding(c.positions, d)], ['token_type_embeddings', embedding(2, d)], ['LayerNorm', ln(d)]])],
      ['encoder', module([], [['layer', indexed(Array.from({ length: c.layers }, () => bertLayer(d, c.ffn, ln)))]])],
      ['pooler', module([], [['dense', linear(d, d)]])],
    ])],
    ['cls', module([], [
      ['predictions', module([t('bias', [c.vocab])], [
        ['transform', module([], [['dense', linear(d, d)], ['LayerNorm', ln(d)]])],
        // legacy: decoder = Linear(bias=False) sharing the word embeddings; current: decoder.bias is tied to `bias`
        ['decoder', linear(d, c.vocab, !legacy)],
      ])],
      ['seq_relationship', linear(d, 2)],
    ])],
  ]);
}

export function bertLegacyGammaBeta(): Family {
  const source = stateDict(bertForPreTraining(BERT_BASE, true), 'float32');
  const target = stateDict(bertForPreTraining(BERT_BASE, false), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key === 'cls.predictions.bias') truth[key] = ['cls.predictions.bias', 'cls.predictions.decoder.bias'];
    else truth[key] = key.replace(/\.gamma$/, '.weight').replace(/\.beta$/, '.bias');
  }
  return {
    name: 'bert-legacy-gamma-beta',
    description: 'A BERT-base pre-training checkpoint from pytorch-pretrained-bert (LayerNorm.gamma / LayerNorm.beta) into the current transformers BertForPreTraining: gamma → weight, beta → bias, and the decoder bias the current model ties to cls.predictions.bias.',
    reference: 'huggingface/transformers src/transformers/modeling_utils.py _fix_state_dict_key_on_load / _fix_key (gamma → weight, beta → bias); BertLMPredictionHead ties decoder.bias',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/modeling_utils.py',
    source,
    target,
    truth,
    tied: { 'cls.predictions.decoder.bias': 'cls.predictions.bias' },
    patterns: 3,
  };
}

/** Llama-2-7B (32 layers, 4096, 32 heads, 11008 ffn, vocab 32000) and the transformers LlamaForCausalLM module tree */
const LLAMA2_7B = { layers: 32, d: 4096, kv: 4096, ffn: 11008, vocab: 32000, qkvBias: false, tie: false };
/** Qwen2-0.5B (24 layers, 896, 14 heads / 2 kv heads of 64, 4864 ffn, vocab 151936, tie_word_embeddings) */
const QWEN2_05B = { layers: 24, d: 896, kv: 128, ffn: 4864, vocab: 151936, qkvBias: true, tie: true };

function hfLlamaLike(c: typeof LLAMA2_7B, moe?: { experts: number }): Module {
  const d = c.d;
  const mlp = (): Module => module([], [['gate_proj', linear(d, c.ffn, false)], ['up_proj', linear(d, c.ffn, false)], ['down_proj', linear(c.ffn, d, false)]]);
  const experts = (n: number): Module => module([], [
    ['gate', linear(d, n, false)],
    ['experts', indexed(Array.from({ length: n }, () => module([], [['w1', linear(d, c.ffn, false)], ['w2', linear(c.ffn, d, false)], ['w3', linear(d, c.ffn, false)]])))],
  ]);
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(d, d, c.qkvBias)], ['k_proj', linear(d, c.kv, c.qkvBias)], ['v_proj', linear(d, c.kv, c.qkvBias)], ['o_proj', linear(d, d, false)]])],
    moe ? ['block_sparse_moe', experts(moe.experts)] : ['mlp', mlp()],
    ['input_layernorm', affineNorm(d, false)],
    ['post_attention_layernorm', affineNorm(d, false)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', affineNorm(d, false)]])],
    ['lm_head', linear(d, c.vocab, false)],
  ]);
}

export function savedTiedEmbeddings(): Family {
  const c = QWEN2_05B;
  const target = stateDict(hfLlamaLike(c), 'bfloat16');
  const source = target.filter((e) => e.key !== 'lm_head.weight');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = key === 'model.embed_tokens.weight' ? ['model.embed_tokens.weight', 'lm_head.weight'] : key;
  return {
    name: 'qwen2-tied-lm-head',
    description: 'Qwen2-0.5B (tie_word_embeddings) saved with save_pretrained / safetensors, which stores a tied tensor once: the file lacks lm_head.weight, and a plain load_state_dict(strict=True) into Qwen2ForCausalLM misses it. The fix ties lm_head.weight to model.embed_tokens.weight.',
    reference: 'huggingface/transformers src/transformers/modeling_utils.py save_pretrained (removes tied duplicates, _tied_weights_keys = ["lm_head.weight"]) and tie_weights',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/modeling_utils.py',
    source,
    target,
    truth,
    tied: { 'lm_head.weight': 'model.embed_tokens.weight' },
    patterns: 1,
  };
}

/** llama.cpp gguf-py/gguf/tensor_mapping.py names for the Llama family (MODEL_TENSOR.*), as convert_hf_to_gguf.py writes them */
export const GGUF_NAMES: [RegExp, string][] = [
  [/^model\.embed_tokens\./, 'token_embd.'],
  [/^model\.norm\./, 'output_norm.'],
  [/^lm_head\./, 'output.'],
  [/^model\.layers\.(\d+)\.self_attn\.q_proj\./, 'blk.$1.attn_q.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_proj\./, 'blk.$1.attn_k.'],
  [/^model\.layers\.(\d+)\.self_attn\.v_proj\./, 'blk.$1.attn_v.'],
  [/^model\.layers\.(\d+)\.self_attn\.o_proj\./, 'blk.$1.attn_output.'],
  [/^model\.layers\.(\d+)\.mlp\.gate_proj\./, 'blk.$1.ffn_gate.'],
  [/^model\.layers\.(\d+)\.mlp\.up_proj\./, 'blk.$1.ffn_up.'],
  [/^model\.layers\.(\d+)\.mlp\.down_proj\./, 'blk.$1.ffn_down.'],
  [/^model\.layers\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^model\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^model\.layers\.(\d+)\.block_sparse_moe\.gate\./, 'blk.$1.ffn_gate_inp.'],
];

export function ggufName(key: string): string {
  for (const [re, to] of GGUF_NAMES) if (re.test(key)) return key.replace(re, to);
  throw new Error(`no gguf name for ${key}`);
}

/** The GGUF side as a key list in torch shape order (llama.cpp's ne order is the reverse; the names are what matter here) */
function ggufLlama(c: typeof LLAMA2_7B, experts?: number): { key: string; shape: number[] }[] {
  const d = c.d;
  const out: { key: string; shape: number[] }[] = [{ key: 'token_embd.weight', shape: [c.vocab, d] }];
  for (let l = 0; l < c.layers; l++) {
    const b = `blk.${l}.`;
    out.push({ key: `${b}attn_q.weight`, shape: [d, d] }, { key: `${b}attn_k.weight`, shape: [c.kv, d] }, { key: `${b}attn_v.weight`, shape: [c.kv, d] }, { key: `${b}attn_output.weight`, shape: [d, d] });
    if (experts) {
      out.push({ key: `${b}ffn_gate_inp.weight`, shape: [experts, d] });
      out.push({ key: `${b}ffn_gate_exps.weight`, shape: [experts, c.ffn, d] }, { key: `${b}ffn_down_exps.weight`, shape: [experts, d, c.ffn] }, { key: `${b}ffn_up_exps.weight`, shape: [experts, c.ffn, d] });
    } else {
      out.push({ key: `${b}ffn_gate.weight`, shape: [c.ffn, d] }, { key: `${b}ffn_up.weight`, shape: [c.ffn, d] }, { key: `${b}ffn_down.weight`, shape: [d, c.ffn] });
    }
    out.push({ key: `${b}attn_norm.weight`, shape: [d] }, { key: `${b}ffn_norm.weight`, shape: [d] });
  }
  out.push({ key: 'output_norm.weight', shape: [d] }, { key: 'output.weight', shape: [c.vocab, d] });
  return out;
}

/**
 * q_proj / k_proj rows as llama.cpp writes them: LlamaModel (registered for LlamaForCausalLM, MistralForCausalLM
 * and MixtralForCausalLM) modify_tensors permutes `q_proj.weight` with (n_head, n_head) and `k_proj.weight` with
 * (n_head, n_kv_head) (convert_hf_to_gguf.py LlamaModel.permute). These two families' truths named only the
 * tensors until session 20: a plain rename then counted right though it loads every q/k row in the wrong place.
 */
function llamaCppRopeRows(source: readonly KeyEntry[], truth: Truth, heads: number, kvHeads: number): Record<string, Recipe> {
  const recipes: Record<string, Recipe> = {};
  for (const e of source) {
    const m = /\.self_attn\.([qk])_proj\.weight$/.exec(e.key);
    const to = truth[e.key];
    if (m && typeof to === 'string') recipes[to] = hfToGgufRows({ kind: 'source', key: e.key }, e.shape![0]!, e.shape![1]!, m[1] === 'q' ? heads : kvHeads);
  }
  return recipes;
}

export function llamaHFToGGUF(): Family {
  const c = LLAMA2_7B;
  const source = stateDict(hfLlamaLike(c), 'float16');
  const target = ggufLlama(c).map((e) => ({ ...e, dtype: 'float16' as const }));
  const truth: Truth = {};
  for (const { key } of source) truth[key] = ggufName(key);
  return {
    recipes: llamaCppRopeRows(source, truth, 32, 32),
    name: 'llama-hf-to-gguf-names',
    description: 'Llama-2-7B transformers names → llama.cpp GGUF tensor names (token_embd, blk.N.attn_q/k/v/output, ffn_gate/up/down, attn_norm, ffn_norm, output_norm, output). llama.cpp also permutes q/k rows for its rotary layout: same shape, not a rename.',
    reference: 'ggml-org/llama.cpp gguf-py/gguf/tensor_mapping.py (TensorNameMap) and convert_hf_to_gguf.py LlamaModel',
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/gguf-py/gguf/tensor_mapping.py',
    source,
    target,
    truth,
    patterns: 12,
  };
}

/** Mixtral-8x7B (32 layers, 4096, 8 kv heads of 128, 8 experts of 14336, vocab 32000) */
const MIXTRAL_8X7B = { layers: 32, d: 4096, kv: 1024, ffn: 14336, vocab: 32000, qkvBias: false, tie: false };

export function mixtralHFToGGUF(): Family {
  const c = MIXTRAL_8X7B;
  const source = stateDict(hfLlamaLike(c, { experts: 8 }), 'bfloat16');
  const target = ggufLlama(c, 8).map((e) => ({ ...e, dtype: 'bfloat16' as const }));
  const truth: Truth = {};
  const stacked = { w1: 'ffn_gate_exps', w2: 'ffn_down_exps', w3: 'ffn_up_exps' } as Record<string, string>;
  for (const { key } of source) {
    const m = /^model\.layers\.(\d+)\.block_sparse_moe\.experts\.\d+\.(w[123])\.weight$/.exec(key);
    truth[key] = m ? `blk.${m[1]}.${stacked[m[2]!]}.weight` : ggufName(key);
  }
  return {
    // 32 heads of 128, 8 key/value heads
    recipes: llamaCppRopeRows(source, truth, 32, 8),
    name: 'mixtral-hf-to-gguf-stacked-experts',
    description: 'Mixtral-8x7B transformers checkpoint → llama.cpp GGUF names: per-expert w1/w2/w3 stacked along a new leading dim into blk.N.ffn_gate_exps/ffn_down_exps/ffn_up_exps, the router gate → ffn_gate_inp, the rest as for Llama.',
    reference: 'ggml-org/llama.cpp convert_hf_to_gguf.py LlamaModel.modify_tensors (torch.stack of experts, dim=0) and gguf-py/gguf/tensor_mapping.py',
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    joined: target.filter((e) => e.key.includes('_exps.')).map((e) => e.key),
    // the 11 Llama names that occur (no ffn_gate/up/down), ffn_gate_inp, three stacks
    patterns: 9 + 1 + 3 + 3,
  };
}

export function mixtralV4ToV5(): Family {
  const c = MIXTRAL_8X7B;
  const e = 8;
  const source = stateDict(hfLlamaLike(c, { experts: e }), 'bfloat16');
  const target: { key: string; shape: number[]; dtype: 'bfloat16' }[] = [];
  for (const s of source) {
    const m = /^(model\.layers\.\d+\.)block_sparse_moe\.(.*)$/.exec(s.key);
    if (!m) target.push({ key: s.key, shape: s.shape!, dtype: 'bfloat16' });
    else if (m[2] === 'gate.weight') {
      target.push({ key: `${m[1]}mlp.gate.weight`, shape: s.shape!, dtype: 'bfloat16' });
      target.push({ key: `${m[1]}mlp.experts.gate_up_proj`, shape: [e, 2 * c.ffn, c.d], dtype: 'bfloat16' });
      target.push({ key: `${m[1]}mlp.experts.down_proj`, shape: [e, c.d, c.ffn], dtype: 'bfloat16' });
    }
  }
  const truth: Truth = {};
  for (const { key } of source) {
    const m = /^(model\.layers\.\d+\.)block_sparse_moe\.(?:experts\.\d+\.(w[123])\.weight|gate\.weight)$/.exec(key);
    if (!m) truth[key] = key;
    else if (!m[2]) truth[key] = `${m[1]}mlp.gate.weight`;
    else truth[key] = `${m[1]}mlp.experts.${m[2] === 'w2' ? 'down_proj' : 'gate_up_proj'}`;
  }
  return {
    name: 'mixtral-v4-to-v5-fused-experts',
    description: 'A Mixtral-8x7B checkpoint in transformers v4 layout loaded into the v5 model: block_sparse_moe.gate → mlp.gate; experts.*.w1 and w3 stacked over experts then concatenated along dim 1 into mlp.experts.gate_up_proj [8, 2×14336, 4096]; w2 stacked into mlp.experts.down_proj.',
    reference: 'huggingface/transformers src/transformers/conversion_mapping.py "mixtral" (WeightRenaming, WeightConverter with MergeModulelist(dim=0) + Concatenate(dim=1))',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/conversion_mapping.py',
    source,
    target,
    truth,
    joined: target.filter((e) => e.key.endsWith('_proj')).map((e) => e.key),
    patterns: 3,
  };
}

/** LLaVA-1.5-7B: Vicuna-7B language model + 2-layer MLP projector 1024 → 4096; the HF model also holds the CLIP ViT-L/14-336 tower */
export function llavaToHF(): Family {
  const c = LLAMA2_7B;
  const lm = hfLlamaLike(c);
  const projector = indexed([linear(1024, c.d), null, linear(c.d, c.d)]);
  // the original checkpoint: model.* (with mm_projector under model), lm_head
  const source = stateDict(module([], [['model', module([], [...lm.children[0]![1].children, ['mm_projector', projector]])], ['lm_head', linear(c.d, c.vocab, false)]]), 'float16');
  const vis = 1024;
  const clipLayer = (): Module => module([], [
    ['self_attn', module([], [['k_proj', linear(vis, vis)], ['v_proj', linear(vis, vis)], ['q_proj', linear(vis, vis)], ['out_proj', linear(vis, vis)]])],
    ['layer_norm1', affineNorm(vis)],
    ['mlp', module([], [['fc1', linear(vis, 4096)], ['fc2', linear(4096, vis)]])],
    ['layer_norm2', affineNorm(vis)],
  ]);
  const visionTower = module([], [['vision_model', module([], [
    ['embeddings', module([t('class_embedding', [vis])], [['patch_embedding', conv2d(3, vis, 14, false)], ['position_embedding', embedding(577, vis)]])],
    ['pre_layrnorm', affineNorm(vis)],
    ['encoder', module([], [['layers', indexed(Array.from({ length: 24 }, clipLayer))]])],
    ['post_layernorm', affineNorm(vis)],
  ])]]);
  const target = stateDict(module([], [
    ['vision_tower', visionTower],
    ['multi_modal_projector', module([], [['linear_1', linear(1024, c.d)], ['linear_2', linear(c.d, c.d)]])],
    ['language_model', lm],
  ]), 'float16');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key.startsWith('model.mm_projector.')) truth[key] = key.replace('model.mm_projector.0.', 'multi_modal_projector.linear_1.').replace('model.mm_projector.2.', 'multi_modal_projector.linear_2.');
    else truth[key] = `language_model.${key}`;
  }
  return {
    name: 'llava-original-to-hf',
    description: 'LLaVA-1.5-7B original checkpoint (model.*, model.mm_projector.0/2, lm_head) → transformers LlavaForConditionalGeneration (4.4x layout): language model under language_model., projector → multi_modal_projector.linear_1/2; the CLIP vision tower has no source in this file.',
    reference: 'huggingface/transformers src/transformers/models/llava/convert_llava_weights_to_hf.py KEYS_TO_MODIFY_MAPPING',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/llava/convert_llava_weights_to_hf.py',
    source,
    target,
    truth,
    // mm_projector → multi_modal_projector, model → language_model.model, lm_head → language_model.lm_head, .0 → linear_1, .2 → linear_2
    patterns: 5,
  };
}

/** PEFT LoRA (r 16, target q_proj, v_proj: PEFT's default for llama) on Llama-2-7B */
export function peftAdapterName(): Family {
  const c = LLAMA2_7B;
  const r = 16;
  const source: { key: string; shape: number[]; dtype: 'float32' }[] = [];
  const target: { key: string; shape: number[]; dtype: 'float32' }[] = [];
  const truth: Truth = {};
  for (let l = 0; l < c.layers; l++) {
    for (const m of ['q_proj', 'v_proj']) {
      const at = `base_model.model.model.layers.${l}.self_attn.${m}.`;
      for (const [ab, shape] of [['lora_A', [r, c.d]], ['lora_B', [m === 'q_proj' ? c.d : c.kv, r]]] as const) {
        source.push({ key: `${at}${ab}.weight`, shape: [...shape], dtype: 'float32' });
        target.push({ key: `${at}${ab}.default.weight`, shape: [...shape], dtype: 'float32' });
        truth[`${at}${ab}.weight`] = `${at}${ab}.default.weight`;
      }
    }
  }
  return {
    name: 'peft-lora-adapter-name',
    description: 'A PEFT LoRA adapter file (adapter_model.safetensors: lora_A.weight / lora_B.weight, the adapter name stripped) loaded straight into the PeftModel\'s LoRA parameters, which carry the adapter name (lora_A.default.weight).',
    reference: 'huggingface/peft src/peft/utils/save_and_load.py get_peft_model_state_dict (removes the adapter name) / set_peft_model_state_dict (inserts it)',
    url: 'https://github.com/huggingface/peft/blob/main/src/peft/utils/save_and_load.py',
    source,
    target,
    truth,
    patterns: 1,
  };
}

/** timm ViT-B/16 (vit_base_patch16_224: 12 × 768, 3072, 1000 classes); `layers` other than 12 only for the scale bench */
function timmViTB16(layers: number): Module {
  const d = 768;
  const block = (): Module => module([], [
    ['norm1', affineNorm(d)],
    ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
  ]);
  return module([t('cls_token', [1, 1, d]), t('pos_embed', [1, 197, d])], [
    ['patch_embed', module([], [['proj', conv2d(3, d, 16)]])],
    ['blocks', indexed(Array.from({ length: layers }, block))],
    ['norm', affineNorm(d)],
    ['head', linear(d, 1000)],
  ]);
}

/** transformers ViTForImageClassification: vit (embeddings, encoder.layer, layernorm; no pooler), classifier */
function hfViT(layers: number): Module {
  const d = 768;
  const layer = (): Module => module([], [
    ['attention', module([], [['attention', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])], ['output', module([], [['dense', linear(d, d)]])]])],
    ['intermediate', module([], [['dense', linear(d, 4 * d)]])],
    ['output', module([], [['dense', linear(4 * d, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
  ]);
  return module([], [
    ['vit', module([], [
      ['embeddings', module([t('cls_token', [1, 1, d]), t('position_embeddings', [1, 197, d])], [['patch_embeddings', module([], [['projection', conv2d(3, d, 16)]])]])],
      ['encoder', module([], [['layer', indexed(Array.from({ length: layers }, layer))]])],
      ['layernorm', affineNorm(d)],
    ])],
    ['classifier', linear(d, 1000)],
  ]);
}

export function timmViTToHF(layers = 12): Family {
  const source = stateDict(timmViTB16(layers), 'float32');
  const target = stateDict(hfViT(layers), 'float32');
  const names: Record<string, string> = { norm1: 'layernorm_before', 'attn.proj': 'attention.output.dense', norm2: 'layernorm_after', 'mlp.fc1': 'intermediate.dense', 'mlp.fc2': 'output.dense' };
  const fixed: Record<string, string> = {
    cls_token: 'vit.embeddings.cls_token', pos_embed: 'vit.embeddings.position_embeddings',
    'patch_embed.proj.weight': 'vit.embeddings.patch_embeddings.projection.weight', 'patch_embed.proj.bias': 'vit.embeddings.patch_embeddings.projection.bias',
    'norm.weight': 'vit.layernorm.weight', 'norm.bias': 'vit.layernorm.bias', 'head.weight': 'classifier.weight', 'head.bias': 'classifier.bias',
  };
  const truth: Truth = {};
  for (const { key } of source) {
    if (key in fixed) {
      truth[key] = fixed[key]!;
      continue;
    }
    const m = /^blocks\.(\d+)\.(.+)\.(weight|bias)$/.exec(key)!;
    const at = `vit.encoder.layer.${m[1]}.`;
    truth[key] = m[2] === 'attn.qkv' ? ['query', 'key', 'value'].map((x) => `${at}attention.attention.${x}.${m[3]}`) : `${at}${names[m[2]!]}.${m[3]}`;
  }
  return {
    name: 'timm-vit-to-hf-vit',
    description: 'timm ViT-B/16 → transformers ViTForImageClassification: fused attn.qkv split into query/key/value (weight and bias), norm1/norm2 → layernorm_before/after, mlp.fc1/fc2 → intermediate.dense/output.dense, embeddings and head renamed.',
    reference: 'huggingface/transformers src/transformers/models/vit/convert_vit_timm_to_pytorch.py create_rename_keys, read_in_q_k_v',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/vit/convert_vit_timm_to_pytorch.py',
    source,
    target,
    truth,
    // cls_token, pos_embed, patch proj, norm1, attn.proj, norm2, fc1, fc2, norm, head, blocks → encoder.layer, qkv split
    patterns: 12,
  };
}

/** DINOv2 ViT-S/14 (dinov2_vits14: 12 × 384, 6 heads, 1536 ffn, 518 px → 37 × 37 patches + cls, LayerScale) */
export function dinov2Original(): Module {
  const d = 384;
  const block = (): Module => module([], [
    ['norm1', affineNorm(d)],
    ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['ls1', module([t('gamma', [d])])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
    ['ls2', module([t('gamma', [d])])],
  ]);
  return module([t('cls_token', [1, 1, d]), t('pos_embed', [1, 1370, d]), t('mask_token', [1, d])], [
    ['patch_embed', module([], [['proj', conv2d(3, d, 14)]])],
    ['blocks', indexed(Array.from({ length: 12 }, block))],
    ['norm', affineNorm(d)],
  ]);
}

/** transformers Dinov2Model: embeddings (cls_token, mask_token, position_embeddings, patch_embeddings.projection), encoder.layer.N (norm1, attention, layer_scale1, norm2, mlp, layer_scale2), layernorm */
export function hfDinov2(): Module {
  const d = 384;
  const layer = (): Module => module([], [
    ['norm1', affineNorm(d)],
    ['attention', module([], [['attention', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])], ['output', module([], [['dense', linear(d, d)]])]])],
    ['layer_scale1', module([t('lambda1', [d])])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
    ['layer_scale2', module([t('lambda1', [d])])],
  ]);
  return module([], [
    ['embeddings', module([t('cls_token', [1, 1, d]), t('mask_token', [1, d]), t('position_embeddings', [1, 1370, d])], [['patch_embeddings', module([], [['projection', conv2d(3, d, 14)]])]])],
    ['encoder', module([], [['layer', indexed(Array.from({ length: 12 }, layer))]])],
    ['layernorm', affineNorm(d)],
  ]);
}

export function dinov2ToHF(): Family {
  const source = stateDict(dinov2Original(), 'float32');
  const target = stateDict(hfDinov2(), 'float32');
  const names: Record<string, string> = { norm1: 'norm1', norm2: 'norm2', 'attn.proj': 'attention.output.dense', 'mlp.fc1': 'mlp.fc1', 'mlp.fc2': 'mlp.fc2', 'ls1.gamma': 'layer_scale1.lambda1', 'ls2.gamma': 'layer_scale2.lambda1' };
  const fixed: Record<string, string> = {
    cls_token: 'embeddings.cls_token', mask_token: 'embeddings.mask_token', pos_embed: 'embeddings.position_embeddings',
    'patch_embed.proj.weight': 'embeddings.patch_embeddings.projection.weight', 'patch_embed.proj.bias': 'embeddings.patch_embeddings.projection.bias',
    'norm.weight': 'layernorm.weight', 'norm.bias': 'layernorm.bias',
  };
  const truth: Truth = {};
  for (const { key } of source) {
    if (key in fixed) {
      truth[key] = fixed[key]!;
      continue;
    }
    const m = /^blocks\.(\d+)\.(.+?)(?:\.(weight|bias))?$/.exec(key)!;
    const at = `encoder.layer.${m[1]}.`;
    if (m[2] === 'attn.qkv') truth[key] = ['query', 'key', 'value'].map((x) => `${at}attention.attention.${x}.${m[3]}`);
    else truth[key] = `${at}${names[m[2]!]}${m[3] ? `.${m[3]}` : ''}`;
  }
  return {
    name: 'dinov2-to-hf',
    description: 'DINOv2 ViT-S/14 (facebookresearch/dinov2) → transformers Dinov2Model: blocks → encoder.layer, fused qkv split into query/key/value, LayerScale ls1/ls2.gamma → layer_scale1/2.lambda1, attn.proj → attention.output.dense, embeddings and final norm renamed.',
    reference: 'huggingface/transformers src/transformers/models/dinov2/convert_dinov2_to_hf.py create_rename_keys, read_in_q_k_v',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/dinov2/convert_dinov2_to_hf.py',
    source,
    target,
    truth,
    // cls, mask, pos, patch proj, blocks, norm1, norm2, fc1, fc2, ls1, ls2, attn.proj, norm, qkv split
    patterns: 14,
  };
}

/** OpenAI CLIP ViT-B/32 (clip/model.py build_model: embed 512, 224 px, patch 32, width 768 × 12; text 512 × 12, ctx 77, vocab 49408) */
const CLIP_B32: ClipConfig = { embedDim: 512, imageResolution: 224, visionPatchSize: 32, visionWidth: 768, visionLayers: 12, contextLength: 77, vocabSize: 49408, transformerWidth: 512, transformerLayers: 12 };

/** transformers CLIPModel: logit_scale (own), text_model, vision_model, visual_projection, text_projection */
function hfClip(c: ClipConfig): Module {
  const encoder = (w: number, n: number): Module => module([], [['layers', indexed(Array.from({ length: n }, () => module([], [
    ['self_attn', module([], [['k_proj', linear(w, w)], ['v_proj', linear(w, w)], ['q_proj', linear(w, w)], ['out_proj', linear(w, w)]])],
    ['layer_norm1', affineNorm(w)],
    ['mlp', module([], [['fc1', linear(w, 4 * w)], ['fc2', linear(4 * w, w)]])],
    ['layer_norm2', affineNorm(w)],
  ])))]]);
  const tw = c.transformerWidth;
  const vw = c.visionWidth;
  const grid = c.imageResolution / c.visionPatchSize;
  return module([t('logit_scale', [])], [
    ['text_model', module([], [
      ['embeddings', module([], [['token_embedding', embedding(c.vocabSize, tw)], ['position_embedding', embedding(c.contextLength, tw)]])],
      ['encoder', encoder(tw, c.transformerLayers)],
      ['final_layer_norm', affineNorm(tw)],
    ])],
    ['vision_model', module([], [
      ['embeddings', module([t('class_embedding', [vw])], [['patch_embedding', conv2d(3, vw, c.visionPatchSize, false)], ['position_embedding', embedding(grid * grid + 1, vw)]])],
      ['pre_layrnorm', affineNorm(vw)],
      ['encoder', encoder(vw, c.visionLayers)],
      ['post_layernorm', affineNorm(vw)],
    ])],
    ['visual_projection', linear(vw, c.embedDim, false)],
    ['text_projection', linear(tw, c.embedDim, false)],
  ]);
}

export function openaiClipToHF(): Family {
  const c = CLIP_B32;
  const source = stateDict(openaiClip(c), 'float16');
  const target = stateDict(hfClip(c), 'float32');
  const layerNames: Record<string, string> = { 'attn.out_proj': 'self_attn.out_proj', ln_1: 'layer_norm1', ln_2: 'layer_norm2', 'mlp.c_fc': 'mlp.fc1', 'mlp.c_proj': 'mlp.fc2' };
  const fixed: Record<string, string> = {
    positional_embedding: 'text_model.embeddings.position_embedding.weight', text_projection: 'text_projection.weight', logit_scale: 'logit_scale',
    'token_embedding.weight': 'text_model.embeddings.token_embedding.weight', 'ln_final.weight': 'text_model.final_layer_norm.weight', 'ln_final.bias': 'text_model.final_layer_norm.bias',
    'visual.class_embedding': 'vision_model.embeddings.class_embedding', 'visual.positional_embedding': 'vision_model.embeddings.position_embedding.weight',
    'visual.proj': 'visual_projection.weight', 'visual.conv1.weight': 'vision_model.embeddings.patch_embedding.weight',
    'visual.ln_pre.weight': 'vision_model.pre_layrnorm.weight', 'visual.ln_pre.bias': 'vision_model.pre_layrnorm.bias',
    'visual.ln_post.weight': 'vision_model.post_layernorm.weight', 'visual.ln_post.bias': 'vision_model.post_layernorm.bias',
  };
  const truth: Truth = {};
  for (const { key } of source) {
    if (key in fixed) {
      truth[key] = fixed[key]!;
      continue;
    }
    const m = /^(visual\.)?transformer\.resblocks\.(\d+)\.(.+)$/.exec(key)!;
    const at = `${m[1] ? 'vision_model' : 'text_model'}.encoder.layers.${m[2]}.`;
    const rest = m[3]!;
    if (rest.startsWith('attn.in_proj_')) {
      const leaf = rest.endsWith('weight') ? 'weight' : 'bias';
      truth[key] = ['q_proj', 'k_proj', 'v_proj'].map((x) => `${at}self_attn.${x}.${leaf}`);
    } else {
      const mm = /^(.+)\.(weight|bias)$/.exec(rest)!;
      truth[key] = `${at}${layerNames[mm[1]!]}.${mm[2]}`;
    }
  }
  return {
    name: 'openai-clip-to-hf-clip',
    description: 'OpenAI CLIP ViT-B/32 → transformers CLIPModel: attn.in_proj_weight/bias split into q/k/v_proj, resblocks → encoder.layers, ln_1/2 → layer_norm1/2, c_fc/c_proj → fc1/fc2, text_projection [512, 512] transposed into text_projection.weight (square: shapes cannot tell), visual.proj transposed into visual_projection.weight, embeddings renamed.',
    reference: 'huggingface/transformers src/transformers/models/clip/convert_clip_original_pytorch_to_hf.py (copy_attn_layer, copy_mlp, copy_linear, copy_encoder, copy_text_model_and_projection, copy_vison_model_and_projection)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/clip/convert_clip_original_pytorch_to_hf.py',
    source,
    target,
    truth,
    transposed: ['text_projection', 'visual.proj'],
    // token/positional embedding, ln_final, text_projection(T), logit_scale, resblocks→layers (text, vision), ln_1, ln_2, c_fc, c_proj,
    // out_proj, in_proj split, conv1, class_embedding, visual positional, ln_pre, ln_post, proj(T)
    patterns: 19,
  };
}
