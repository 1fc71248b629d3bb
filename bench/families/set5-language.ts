import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';
import { RuleTrace } from './rules.js';

/**
 * The fifth set of conversion families (session 7), language side: conversion code none of the first 54
 * families uses, collected and split by someone who changes no matching code. Each key list is rebuilt
 * from the model definitions at the real configuration, in state_dict order (for a file that is not a
 * state_dict, the order its writer lists the tensors in). The reference of each family names the public
 * repository, path and the commit that was read.
 */

type Truth = Record<string, string | string[] | null>;

/** 0 … n − 1 */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------------------------------------------------
// Gemma (google/gemma_pytorch) → transformers GemmaForCausalLM

/** gemma-2b: 18 layers, hidden 2048, 8 query heads and 1 key/value head of 256, MLP 16384, vocab 256000, max_seq_len 8192 */
const GEMMA_2B = { layers: 18, d: 2048, heads: 8, kv: 1, headDim: 256, ffn: 16384, vocab: 256000, maxSeq: 8192 };

/**
 * gemma_pytorch gemma/model.py GemmaForCausalLM as its .ckpt holds it (`model_state_dict`): the freqs_cis
 * buffer (complex, [2 × max_seq_len, head_dim / 2], a root buffer so first), embedder, model.layers
 * (self_attn.qkv_proj fused, o_proj; mlp gate/up/down; the two RMSNorms after them), model.norm
 */
function gemmaPytorch(c: typeof GEMMA_2B): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [['qkv_proj', linear(c.d, (c.heads + 2 * c.kv) * c.headDim, false)], ['o_proj', linear(c.heads * c.headDim, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return module([t('freqs_cis', [2 * c.maxSeq, c.headDim / 2], 'complex64')], [
    ['embedder', embedding(c.vocab, c.d)],
    ['model', module([], [['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])],
  ]);
}

/** transformers GemmaForCausalLM: q/k/v/o_proj, mlp, input / post_attention_layernorm; lm_head tied to embed_tokens */
function hfGemma(c: typeof GEMMA_2B): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [
      ['q_proj', linear(c.d, c.heads * c.headDim, false)], ['k_proj', linear(c.d, c.kv * c.headDim, false)],
      ['v_proj', linear(c.d, c.kv * c.headDim, false)], ['o_proj', linear(c.heads * c.headDim, c.d, false)],
    ])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

export function gemmaPytorchToHF(): Family {
  const c = GEMMA_2B;
  const source = stateDict(gemmaPytorch(c), 'bfloat16');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key === 'freqs_cis') truth[key] = null;
    else if (key === 'embedder.weight') truth[key] = ['model.embed_tokens.weight', 'lm_head.weight'];
    else if (key.includes('qkv_proj')) truth[key] = ['q_proj', 'k_proj', 'v_proj'].map((p) => key.replace('qkv_proj', p));
    else truth[key] = key;
  }
  return {
    name: 'gemma-2b-pytorch-to-hf',
    description: 'gemma_pytorch Gemma-2B checkpoint → transformers GemmaForCausalLM: each fused self_attn.qkv_proj [2560, 2048] split in three unequal row blocks (8 query heads of 256 → q_proj [2048, 2048], the single key head and the single value head → k_proj / v_proj [256, 2048]: multi-query attention), embedder.weight → model.embed_tokens.weight and also lm_head.weight (tied), the freqs_cis rotary buffer (complex64) popped; every other key keeps its name.',
    reference: 'huggingface/transformers src/transformers/models/gemma/convert_gemma_weights_to_hf.py write_model (commit 123d72c27312dc36ffff2f649da063c28b90f3cc)',
    url: 'https://github.com/huggingface/transformers/blob/123d72c27312dc36ffff2f649da063c28b90f3cc/src/transformers/models/gemma/convert_gemma_weights_to_hf.py',
    source,
    target: stateDict(hfGemma(c), 'bfloat16'),
    truth,
    tied: { 'lm_head.weight': 'embedder.weight' },
    // the qkv_proj split, LAYER_NAME_MAPPING's embedder rename, the lm_head copy of it, the freqs_cis pop
    patterns: 4,
  };
}

// ---------------------------------------------------------------------------------------------------------
// RWKV-4 (BlinkDL RWKV-LM) → transformers RwkvForCausalLM

/** RWKV-4-Pile-169M: 12 layers, n_embd 768, ffn 4 × 768, vocab 50277 */
const RWKV4_169M = { layers: 12, d: 768, ffn: 3072, vocab: 50277 };

/**
 * RWKV-LM RWKV-v4 src/model.py GPT: emb, blocks.N (ln1, ln2, ln0 on block 0 only, att = RWKV_TimeMix with its
 * own time_decay / time_first / time_mix_k/v/r parameters before key, value, receptance, output; ffn =
 * RWKV_ChannelMix with time_mix_k/r before key, receptance, value), ln_out, head
 */
function blinkRwkv4(c: typeof RWKV4_169M): Module {
  const mix = [1, 1, c.d];
  const block = (i: number): Module => {
    const children: [string, Module][] = [['ln1', affineNorm(c.d)], ['ln2', affineNorm(c.d)]];
    if (i === 0) children.push(['ln0', affineNorm(c.d)]);
    children.push(
      ['att', module([t('time_decay', [c.d]), t('time_first', [c.d]), t('time_mix_k', mix), t('time_mix_v', mix), t('time_mix_r', mix)], [
        ['key', linear(c.d, c.d, false)], ['value', linear(c.d, c.d, false)], ['receptance', linear(c.d, c.d, false)], ['output', linear(c.d, c.d, false)],
      ])],
      ['ffn', module([t('time_mix_k', mix), t('time_mix_r', mix)], [
        ['key', linear(c.d, c.ffn, false)], ['receptance', linear(c.d, c.d, false)], ['value', linear(c.ffn, c.d, false)],
      ])],
    );
    return module([], children);
  };
  return module([], [['emb', embedding(c.vocab, c.d)], ['blocks', indexed(range(c.layers).map(block))], ['ln_out', affineNorm(c.d)], ['head', linear(c.d, c.vocab, false)]]);
}

/** transformers RwkvForCausalLM: rwkv (embeddings, blocks.N: pre_ln on block 0 first, ln1, ln2, attention, feed_forward; ln_out), head */
function hfRwkv(c: typeof RWKV4_169M): Module {
  const mix = [1, 1, c.d];
  const block = (i: number): Module => {
    const children: [string, Module][] = i === 0 ? [['pre_ln', affineNorm(c.d)]] : [];
    children.push(
      ['ln1', affineNorm(c.d)], ['ln2', affineNorm(c.d)],
      ['attention', module([t('time_decay', [c.d]), t('time_first', [c.d]), t('time_mix_key', mix), t('time_mix_value', mix), t('time_mix_receptance', mix)], [
        ['key', linear(c.d, c.d, false)], ['value', linear(c.d, c.d, false)], ['receptance', linear(c.d, c.d, false)], ['output', linear(c.d, c.d, false)],
      ])],
      ['feed_forward', module([t('time_mix_key', mix), t('time_mix_receptance', mix)], [
        ['key', linear(c.d, c.ffn, false)], ['receptance', linear(c.d, c.d, false)], ['value', linear(c.ffn, c.d, false)],
      ])],
    );
    return module([], children);
  };
  return module([], [
    ['rwkv', module([], [['embeddings', embedding(c.vocab, c.d)], ['blocks', indexed(range(c.layers).map(block))], ['ln_out', affineNorm(c.d)]])],
    ['head', linear(c.d, c.vocab, false)],
  ]);
}

/** convert_state_dict, step by step */
function rwkvName(key: string): RuleTrace {
  const r = new RuleTrace(key);
  r.step('emb.', (k) => (k.startsWith('emb.') ? k.replace('emb.', 'embeddings.') : k));
  r.step('ln0', (k) => (k.startsWith('blocks.0.ln0') ? k.replace('blocks.0.ln0', 'blocks.0.pre_ln') : k));
  r.step('att', (k) => k.replace(/blocks\.(\d+)\.att/, 'blocks.$1.attention'));
  r.step('ffn', (k) => k.replace(/blocks\.(\d+)\.ffn/, 'blocks.$1.feed_forward'));
  r.step('time_mix_k', (k) => (k.endsWith('.time_mix_k') ? k.replace('.time_mix_k', '.time_mix_key') : k));
  r.step('time_mix_v', (k) => (k.endsWith('.time_mix_v') ? k.replace('.time_mix_v', '.time_mix_value') : k));
  r.step('time_mix_r', (k) => (k.endsWith('.time_mix_r') ? k.replace('.time_mix_r', '.time_mix_receptance') : k));
  r.step('rwkv.', (k) => (k !== 'head.weight' ? `rwkv.${k}` : k));
  return r;
}

export function rwkv4ToHF(): Family {
  const c = RWKV4_169M;
  const source = stateDict(blinkRwkv4(c), 'bfloat16');
  const truth: Truth = {};
  const rules = new Set<string>();
  for (const { key } of source) {
    const r = rwkvName(key);
    truth[key] = r.key;
    for (const x of r.rules) rules.add(x);
  }
  return {
    name: 'rwkv4-169m-blinkdl-to-hf',
    description: 'BlinkDL RWKV-4-Pile-169M .pth → transformers RwkvForCausalLM: everything but head under rwkv., emb → embeddings, blocks.N.att → attention and ffn → feed_forward (RWKV\'s own parameters time_decay / time_first keep their names), time_mix_k/v/r → time_mix_key/value/receptance in both the time-mix and the channel-mix, and block 0\'s ln0 → pre_ln, which the HF block registers first (before ln1 / ln2) where RWKV-LM registers it third.',
    reference: 'huggingface/transformers src/transformers/models/rwkv/convert_rwkv_checkpoint_to_hf.py convert_state_dict (commit 0851a87dd4a49f695c1c0063d2b9d5bd2c844689)',
    url: 'https://github.com/huggingface/transformers/blob/0851a87dd4a49f695c1c0063d2b9d5bd2c844689/src/transformers/models/rwkv/convert_rwkv_checkpoint_to_hf.py',
    source,
    target: stateDict(hfRwkv(c), 'bfloat16'),
    truth,
    // emb, ln0, att, ffn, time_mix_k, time_mix_v, time_mix_r, the rwkv. prefix: every rule of convert_state_dict fires
    patterns: rules.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mixtral-8x7B (the original consolidated.NN.pt release) → transformers MixtralForCausalLM

/** Mixtral-8x7B-v0.1 params.json: 32 layers, dim 4096, 32 heads, 8 kv heads, 8 experts of 14336, vocab 32000 */
const MIXTRAL_8X7B = { layers: 32, d: 4096, heads: 32, kv: 8, experts: 8, ffn: 14336, vocab: 32000 };

/**
 * The merged consolidated.00-07.pt state dict the script reads: tok_embeddings, layers.N (attention.wq/wk/wv/wo,
 * block_sparse_moe.gate.weight and the experts fused along rows into block_sparse_moe.w1/w2/w3 [8 × 14336, 4096],
 * attention_norm, ffn_norm), norm, output
 */
function mixtralConsolidated(c: typeof MIXTRAL_8X7B): KeyEntry[] {
  const kv = (c.d / c.heads) * c.kv;
  const out: KeyEntry[] = [];
  const add = (key: string, shape: number[]): void => { out.push({ key, shape, dtype: 'bfloat16' }); };
  add('tok_embeddings.weight', [c.vocab, c.d]);
  for (const i of range(c.layers)) {
    const p = `layers.${i}.`;
    add(`${p}attention.wq.weight`, [c.d, c.d]);
    add(`${p}attention.wk.weight`, [kv, c.d]);
    add(`${p}attention.wv.weight`, [kv, c.d]);
    add(`${p}attention.wo.weight`, [c.d, c.d]);
    add(`${p}block_sparse_moe.gate.weight`, [c.experts, c.d]);
    for (const w of ['w1', 'w2', 'w3']) add(`${p}block_sparse_moe.${w}`, [c.experts * c.ffn, c.d]);
    add(`${p}attention_norm.weight`, [c.d]);
    add(`${p}ffn_norm.weight`, [c.d]);
  }
  add('norm.weight', [c.d]);
  add('output.weight', [c.vocab, c.d]);
  return out;
}

/** transformers MixtralForCausalLM (v4 layout): self_attn q/k/v/o_proj, block_sparse_moe (gate, experts.E w1/w2/w3), the two norms */
function hfMixtral(c: typeof MIXTRAL_8X7B): Module {
  const kv = (c.d / c.heads) * c.kv;
  const expert = (): Module => module([], [['w1', linear(c.d, c.ffn, false)], ['w2', linear(c.ffn, c.d, false)], ['w3', linear(c.d, c.ffn, false)]]);
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, kv, false)], ['v_proj', linear(c.d, kv, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['block_sparse_moe', module([], [['gate', linear(c.d, c.experts, false)], ['experts', indexed(range(c.experts).map(expert))]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

export function mixtralConsolidatedToHF(): Family {
  const c = MIXTRAL_8X7B;
  const source = mixtralConsolidated(c);
  const truth: Truth = {};
  const attn: Record<string, string> = { wq: 'q_proj', wk: 'k_proj', wv: 'v_proj', wo: 'o_proj' };
  const fixed: Record<string, string> = { 'tok_embeddings.weight': 'model.embed_tokens.weight', 'norm.weight': 'model.norm.weight', 'output.weight': 'lm_head.weight' };
  for (const { key } of source) {
    let m: RegExpExecArray | null;
    if (fixed[key]) truth[key] = fixed[key]!;
    else if ((m = /^layers\.(\d+)\.attention\.(w[qkvo])\.weight$/.exec(key))) truth[key] = `model.layers.${m[1]}.self_attn.${attn[m[2]!]}.weight`;
    else if ((m = /^layers\.(\d+)\.block_sparse_moe\.(w[123])$/.exec(key))) {
      // w[ffn_dim * e : ffn_dim * (e + 1), :] for each expert (w2's block then transposed)
      const [layer, w] = [m[1], m[2]];
      truth[key] = range(c.experts).map((e) => `model.layers.${layer}.block_sparse_moe.experts.${e}.${w}.weight`);
    } else if ((m = /^layers\.(\d+)\.block_sparse_moe\.gate\.weight$/.exec(key))) truth[key] = `model.layers.${m[1]}.block_sparse_moe.gate.weight`;
    else if ((m = /^layers\.(\d+)\.attention_norm\.weight$/.exec(key))) truth[key] = `model.layers.${m[1]}.input_layernorm.weight`;
    else {
      m = /^layers\.(\d+)\.ffn_norm\.weight$/.exec(key)!;
      truth[key] = `model.layers.${m[1]}.post_attention_layernorm.weight`;
    }
  }
  return {
    name: 'mixtral-8x7b-consolidated-to-hf',
    description: 'The original Mixtral-8x7B release (consolidated.00-07.pt, merged) → transformers MixtralForCausalLM: each layer\'s experts are fused along rows in block_sparse_moe.w1 / w2 / w3 [8 × 14336, 4096] and split into 8 row blocks → block_sparse_moe.experts.E.w1/w2/w3.weight, every w2 block then transposed to [4096, 14336] (a split whose parts do not keep the source\'s shape); attention.wq/wk/wv/wo → self_attn.q/k/v/o_proj (wq and wk also permuted for HF\'s rotary layout: same shape), the router block_sparse_moe.gate keeps its name under model., attention_norm / ffn_norm → input_layernorm / post_attention_layernorm, tok_embeddings / norm / output → model.embed_tokens / model.norm / lm_head.',
    reference: 'huggingface/transformers src/transformers/models/mixtral/convert_mixtral_weights_to_hf.py write_model (experts_w1/w2/w3 row slices, expert_block.T for w2; commit 15ea02a2add1672acbeee158a9448720d6093de1)',
    url: 'https://github.com/huggingface/transformers/blob/15ea02a2add1672acbeee158a9448720d6093de1/src/transformers/models/mixtral/convert_mixtral_weights_to_hf.py',
    source,
    target: stateDict(hfMixtral(c), 'bfloat16'),
    truth,
    // attention_norm, ffn_norm, wq (+ permute), wk (+ permute), wv, wo, w1 split, w2 split (+ .T), w3 split, gate,
    // norm, tok_embeddings, output
    patterns: 13,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Mamba (transformers MambaForCausalLM) → llama.cpp GGUF

/** state-spaces/mamba-130m-hf: 24 layers, d_model 768, d_inner 1536, d_state 16, dt_rank 48, conv kernel 4, vocab 50280 */
const MAMBA_130M = { layers: 24, d: 768, inner: 1536, state: 16, dtRank: 48, conv: 4, vocab: 50280 };

/** transformers MambaForCausalLM: backbone (embeddings, layers.N: norm, mixer with A_log and D before conv1d, in_proj, x_proj, dt_proj, out_proj; norm_f), lm_head (tied) */
function hfMamba(c: typeof MAMBA_130M): Module {
  const mixer = (): Module => module([t('A_log', [c.inner, c.state]), t('D', [c.inner])], [
    ['conv1d', module([t('weight', [c.inner, 1, c.conv]), t('bias', [c.inner])])],
    ['in_proj', linear(c.d, 2 * c.inner, false)],
    ['x_proj', linear(c.inner, c.dtRank + 2 * c.state, false)],
    ['dt_proj', linear(c.dtRank, c.inner)],
    ['out_proj', linear(c.inner, c.d, false)],
  ]);
  return module([], [
    ['backbone', module([], [
      ['embeddings', embedding(c.vocab, c.d)],
      ['layers', indexed(range(c.layers).map(() => module([], [['norm', rmsNorm(c.d)], ['mixer', mixer()]])))],
      ['norm_f', rmsNorm(c.d)],
    ])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

/** gguf-py tensor_mapping.py rows for Mamba (MODEL_TENSOR.* → its GGUF name) */
const MAMBA_GGUF: [RegExp, string][] = [
  [/^backbone\.embeddings\.weight$/, 'token_embd.weight'],
  [/^backbone\.norm_f\.weight$/, 'output_norm.weight'],
  [/^lm_head\.weight$/, 'output.weight'],
  [/^backbone\.layers\.(\d+)\.norm\.weight$/, 'blk.$1.attn_norm.weight'],
  [/^backbone\.layers\.(\d+)\.mixer\.in_proj\.weight$/, 'blk.$1.ssm_in.weight'],
  [/^backbone\.layers\.(\d+)\.mixer\.conv1d\.(weight|bias)$/, 'blk.$1.ssm_conv1d.$2'],
  [/^backbone\.layers\.(\d+)\.mixer\.x_proj\.weight$/, 'blk.$1.ssm_x.weight'],
  [/^backbone\.layers\.(\d+)\.mixer\.dt_proj\.(weight|bias)$/, 'blk.$1.ssm_dt.$2'],
  [/^backbone\.layers\.(\d+)\.mixer\.A_log$/, 'blk.$1.ssm_a'],
  [/^backbone\.layers\.(\d+)\.mixer\.D$/, 'blk.$1.ssm_d'],
  [/^backbone\.layers\.(\d+)\.mixer\.out_proj\.weight$/, 'blk.$1.ssm_out.weight'],
];

export function mambaHFToGGUF(): Family {
  const c = MAMBA_130M;
  const source = stateDict(hfMamba(c), 'float32');
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  const reshaped: string[] = [];
  for (const e of source) {
    if (e.key === 'lm_head.weight') {
      // MambaModel.modify_tensors: output equal to token_embd (tied) is omitted
      truth[e.key] = null;
      continue;
    }
    const [re, to] = MAMBA_GGUF.find(([r]) => r.test(e.key))!;
    const name = e.key.replace(re, to);
    truth[e.key] = name;
    // conv1d weight [d_inner, 1, 4] squeezed to [d_inner, 4]; A_log → A = -exp(A_log) keeps its shape
    const squeeze = name.endsWith('ssm_conv1d.weight');
    if (squeeze) reshaped.push(e.key);
    target.push({ ...e, key: name, shape: squeeze ? e.shape!.filter((n) => n !== 1) : e.shape });
  }
  return {
    name: 'mamba-130m-hf-to-gguf',
    description: 'transformers Mamba-130M (mamba-130m-hf) → llama.cpp GGUF names: backbone.embeddings → token_embd, backbone.layers.N.norm → blk.N.attn_norm, the mixer\'s in_proj / conv1d / x_proj / dt_proj / out_proj → blk.N.ssm_in / ssm_conv1d / ssm_x / ssm_dt / ssm_out, the bare parameters A_log and D → blk.N.ssm_a (stored as -exp(A_log), same shape) and blk.N.ssm_d, norm_f → output_norm; the depthwise conv1d weight [1536, 1, 4] squeezed to [1536, 4]; lm_head.weight, equal to the embedding (tied), omitted.',
    reference: 'ggml-org/llama.cpp convert_hf_to_gguf.py MambaModel.modify_tensors (A_log → -exp, SSM_CONV1D squeeze, output equal to token_embd omitted; as stored: search-index file id 52052772513) and gguf-py/gguf/tensor_mapping.py MODEL_TENSOR.SSM_* (the same names in transformers src/transformers/integrations/ggml.py GGUF_TENSOR_MAPPING["mamba"], commit 577e34707b0b977e4df8e19132928ce3b0e44a60)',
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/gguf-py/gguf/tensor_mapping.py',
    source,
    target,
    truth,
    reshaped,
    // the 11 mapping rows (token_embd, output_norm, output, attn_norm, ssm_in, ssm_conv1d, ssm_x, ssm_dt, ssm_a,
    // ssm_d, ssm_out), the conv1d squeeze and the omitted tied output
    patterns: 13,
  };
}

// ---------------------------------------------------------------------------------------------------------
// T5 GGUF (llama.cpp) → transformers T5ForConditionalGeneration (transformers' GGUF loader)

/** google/flan-t5-small: 8 + 8 layers, d_model 512, 6 heads of 64, gated-GELU FFN 1024, 32 buckets, vocab 32128, lm_head not tied */
const FLAN_T5_SMALL = { layers: 8, d: 512, inner: 384, heads: 6, ffn: 1024, buckets: 32, vocab: 32128 };

/** transformers T5ForConditionalGeneration (T5 v1.1: DenseReluDense wi_0, wi_1, wo; relative_attention_bias in block 0's self-attention only) */
function hfT5(c: typeof FLAN_T5_SMALL): Module {
  const attn = (bias: boolean): Module => {
    const children: [string, Module][] = [['q', linear(c.d, c.inner, false)], ['k', linear(c.d, c.inner, false)], ['v', linear(c.d, c.inner, false)], ['o', linear(c.inner, c.d, false)]];
    if (bias) children.push(['relative_attention_bias', embedding(c.buckets, c.heads)]);
    return module([], children);
  };
  const ff = (): Module => module([], [
    ['DenseReluDense', module([], [['wi_0', linear(c.d, c.ffn, false)], ['wi_1', linear(c.d, c.ffn, false)], ['wo', linear(c.ffn, c.d, false)]])],
    ['layer_norm', rmsNorm(c.d)],
  ]);
  const block = (decoder: boolean) => (i: number): Module => {
    const layers: Module[] = [module([], [['SelfAttention', attn(i === 0)], ['layer_norm', rmsNorm(c.d)]])];
    if (decoder) layers.push(module([], [['EncDecAttention', attn(false)], ['layer_norm', rmsNorm(c.d)]]));
    layers.push(ff());
    return module([], [['layer', indexed(layers)]]);
  };
  const stack = (decoder: boolean): Module => module([], [
    ['embed_tokens', embedding(c.vocab, c.d)], ['block', indexed(range(c.layers).map(block(decoder)))], ['final_layer_norm', rmsNorm(c.d)],
  ]);
  return module([], [['shared', embedding(c.vocab, c.d)], ['encoder', stack(false)], ['decoder', stack(true)], ['lm_head', linear(c.d, c.vocab, false)]]);
}

/** GGUF_TENSOR_MAPPING["t5"], GGUF name → HF name ({bid} the block) */
const T5_GGUF_TO_HF: [string, string][] = [
  ['token_embd', 'shared'],
  ['dec.blk.{bid}.attn_q', 'decoder.block.{bid}.layer.0.SelfAttention.q'],
  ['dec.blk.{bid}.attn_k', 'decoder.block.{bid}.layer.0.SelfAttention.k'],
  ['dec.blk.{bid}.attn_v', 'decoder.block.{bid}.layer.0.SelfAttention.v'],
  ['dec.blk.{bid}.attn_o', 'decoder.block.{bid}.layer.0.SelfAttention.o'],
  ['dec.blk.{bid}.attn_rel_b', 'decoder.block.{bid}.layer.0.SelfAttention.relative_attention_bias'],
  ['dec.blk.{bid}.attn_norm', 'decoder.block.{bid}.layer.0.layer_norm'],
  ['dec.blk.{bid}.cross_attn_q', 'decoder.block.{bid}.layer.1.EncDecAttention.q'],
  ['dec.blk.{bid}.cross_attn_k', 'decoder.block.{bid}.layer.1.EncDecAttention.k'],
  ['dec.blk.{bid}.cross_attn_v', 'decoder.block.{bid}.layer.1.EncDecAttention.v'],
  ['dec.blk.{bid}.cross_attn_o', 'decoder.block.{bid}.layer.1.EncDecAttention.o'],
  ['dec.blk.{bid}.cross_attn_norm', 'decoder.block.{bid}.layer.1.layer_norm'],
  ['dec.blk.{bid}.ffn_gate', 'decoder.block.{bid}.layer.2.DenseReluDense.wi_0'],
  ['dec.blk.{bid}.ffn_up', 'decoder.block.{bid}.layer.2.DenseReluDense.wi_1'],
  ['dec.blk.{bid}.ffn_down', 'decoder.block.{bid}.layer.2.DenseReluDense.wo'],
  ['dec.blk.{bid}.ffn_norm', 'decoder.block.{bid}.layer.2.layer_norm'],
  ['dec.output_norm', 'decoder.final_layer_norm'],
  ['enc.blk.{bid}.attn_q', 'encoder.block.{bid}.layer.0.SelfAttention.q'],
  ['enc.blk.{bid}.attn_k', 'encoder.block.{bid}.layer.0.SelfAttention.k'],
  ['enc.blk.{bid}.attn_v', 'encoder.block.{bid}.layer.0.SelfAttention.v'],
  ['enc.blk.{bid}.attn_o', 'encoder.block.{bid}.layer.0.SelfAttention.o'],
  ['enc.blk.{bid}.attn_rel_b', 'encoder.block.{bid}.layer.0.SelfAttention.relative_attention_bias'],
  ['enc.blk.{bid}.attn_norm', 'encoder.block.{bid}.layer.0.layer_norm'],
  ['enc.blk.{bid}.ffn_gate', 'encoder.block.{bid}.layer.1.DenseReluDense.wi_0'],
  ['enc.blk.{bid}.ffn_up', 'encoder.block.{bid}.layer.1.DenseReluDense.wi_1'],
  ['enc.blk.{bid}.ffn_down', 'encoder.block.{bid}.layer.1.DenseReluDense.wo'],
  ['enc.blk.{bid}.ffn_norm', 'encoder.block.{bid}.layer.1.layer_norm'],
  ['enc.output_norm', 'encoder.final_layer_norm'],
  ['output', 'lm_head'],
];

/** the HF name of a GGUF tensor name (key without its .weight) by the table, or throws */
function t5HFName(gguf: string): string {
  const leaf = gguf.slice(0, gguf.lastIndexOf('.'));
  const bid = /\.blk\.(\d+)\./.exec(leaf)?.[1];
  for (const [g, h] of T5_GGUF_TO_HF) {
    if ((bid === undefined ? g : g.replace('{bid}', bid)) === leaf) return `${bid === undefined ? h : h.replace('{bid}', bid)}.weight`;
  }
  throw new Error(`no T5 mapping for ${gguf}`);
}

export function t5GGUFToHF(): Family {
  const c = FLAN_T5_SMALL;
  const target = stateDict(hfT5(c), 'float32');
  // convert_hf_to_gguf.py T5Model writes the HF tensors in order under their GGUF names, the first of
  // shared / encoder.embed_tokens / decoder.embed_tokens as token_embd and the other two not at all
  const hfToGGUF = new Map(T5_GGUF_TO_HF.map(([g, h]) => [h, g]));
  const source: KeyEntry[] = [];
  for (const e of target) {
    if (e.key.endsWith('.embed_tokens.weight')) continue;
    const leaf = e.key.slice(0, -'.weight'.length);
    const bid = /\.block\.(\d+)\./.exec(leaf)?.[1];
    const g = hfToGGUF.get(bid === undefined ? leaf : leaf.replace(`.block.${bid}.`, '.block.{bid}.'))!;
    source.push({ ...e, key: `${bid === undefined ? g : g.replace('{bid}', bid)}.weight` });
  }
  const truth: Truth = {};
  for (const { key } of source) {
    truth[key] = key === 'token_embd.weight' ? ['shared.weight', 'encoder.embed_tokens.weight', 'decoder.embed_tokens.weight'] : t5HFName(key);
  }
  return {
    name: 'flan-t5-small-gguf-to-hf',
    description: 'A llama.cpp GGUF of flan-t5-small loaded back into transformers T5ForConditionalGeneration: enc.blk.N / dec.blk.N → encoder.block.N / decoder.block.N.layer.K where K depends on the kind (decoder self-attention 0, cross-attention 1, FFN 2; encoder self-attention 0, FFN 1), attn_q/k/v/o → SelfAttention.q/k/v/o, cross_attn_* → EncDecAttention.*, ffn_gate/up/down → DenseReluDense.wi_0/wi_1/wo, the norms → the layer_norm of their sub-layer, attn_rel_b (block 0 only) → relative_attention_bias, enc/dec.output_norm → final_layer_norm, output → lm_head (not tied in flan-t5), and token_embd → shared with the two embed_tokens the GGUF leaves out tied to it.',
    reference: 'huggingface/transformers src/transformers/integrations/ggml.py GGUF_TENSOR_MAPPING["t5"] (commit 577e34707b0b977e4df8e19132928ce3b0e44a60); the GGUF side as ggml-org/llama.cpp convert_hf_to_gguf.py T5Model.modify_tensors writes it',
    url: 'https://github.com/huggingface/transformers/blob/577e34707b0b977e4df8e19132928ce3b0e44a60/src/transformers/integrations/ggml.py',
    source,
    target,
    truth,
    tied: { 'encoder.embed_tokens.weight': 'token_embd.weight', 'decoder.embed_tokens.weight': 'token_embd.weight' },
    // the 29 rows of GGUF_TENSOR_MAPPING["t5"] (all fire on this model) and the two embed_tokens ties
    patterns: T5_GGUF_TO_HF.length + 2,
  };
}

// ---------------------------------------------------------------------------------------------------------
// GPT-NeoX library (Sequential checkpoint) → transformers GPTNeoXForCausalLM

/** Pythia-160M: 12 layers, hidden 768, 12 heads, rotary_pct 0.25 (16 of 64 dims: inv_freq [8]), vocab 50304, untied */
const PYTHIA_160M = { layers: 12, d: 768, ffn: 3072, vocab: 50304, rotary: 16 };

/**
 * EleutherAI/gpt-neox as mp_rank_00_model_states.pt["module"] holds a Sequential model: sequential.0 the
 * EmbeddingPipe, 1 a stateless _pre_transformer_block, 2 … L+1 ParallelTransformerLayerPipe (input_layernorm,
 * attention (query_key_value, rotary_emb.inv_freq buffer, dense), post_attention_layernorm, mlp), L+2 the
 * stateless _post_transformer_block, L+3 NormPipe, L+4 ParallelLinearPipe
 */
function neoxSequential(c: typeof PYTHIA_160M): Module {
  const layer = (): Module => module([], [
    ['input_layernorm', affineNorm(c.d)],
    ['attention', module([], [['query_key_value', linear(c.d, 3 * c.d)], ['rotary_emb', module([t('inv_freq', [c.rotary / 2], 'float32')])], ['dense', linear(c.d, c.d)]])],
    ['post_attention_layernorm', affineNorm(c.d)],
    ['mlp', module([], [['dense_h_to_4h', linear(c.d, c.ffn)], ['dense_4h_to_h', linear(c.ffn, c.d)]])],
  ]);
  return module([], [['sequential', indexed([
    module([], [['word_embeddings', embedding(c.vocab, c.d)]]),
    null,
    ...range(c.layers).map(layer),
    null,
    module([], [['norm', affineNorm(c.d)]]),
    module([], [['final_linear', linear(c.d, c.vocab, false)]]),
  ])]]);
}

/** transformers GPTNeoXForCausalLM: gpt_neox (embed_in, layers.N: input_layernorm, post_attention_layernorm, attention, mlp; final_layer_norm), embed_out */
function hfGPTNeoX(c: typeof PYTHIA_160M): Module {
  const layer = (): Module => module([], [
    ['input_layernorm', affineNorm(c.d)], ['post_attention_layernorm', affineNorm(c.d)],
    ['attention', module([], [['query_key_value', linear(c.d, 3 * c.d)], ['dense', linear(c.d, c.d)]])],
    ['mlp', module([], [['dense_h_to_4h', linear(c.d, c.ffn)], ['dense_4h_to_h', linear(c.ffn, c.d)]])],
  ]);
  return module([], [
    ['gpt_neox', module([], [['embed_in', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['final_layer_norm', affineNorm(c.d)]])],
    ['embed_out', linear(c.d, c.vocab, false)],
  ]);
}

export function neoxSequentialToHF(): Family {
  const c = PYTHIA_160M;
  const source = stateDict(neoxSequential(c), 'float16');
  const truth: Truth = {};
  for (const { key } of source) {
    const m = /^sequential\.(\d+)\.(.+)$/.exec(key)!;
    const i = +m[1]!;
    const rest = m[2]!;
    if (i === 0) truth[key] = 'gpt_neox.embed_in.weight';
    else if (i === c.layers + 3) truth[key] = `gpt_neox.final_layer_norm.${rest.slice('norm.'.length)}`;
    else if (i === c.layers + 4) truth[key] = 'embed_out.weight';
    // the HF layer keeps no inv_freq in its state_dict ("Just take one" only if it does)
    else if (rest === 'attention.rotary_emb.inv_freq') truth[key] = null;
    else truth[key] = `gpt_neox.layers.${i - 2}.${rest}`;
  }
  return {
    name: 'pythia-160m-neox-sequential-to-hf',
    description: 'A GPT-NeoX library checkpoint saved as a Sequential model (Pythia-160M) → transformers GPTNeoXForCausalLM: the index of sequential.I is re-based — I = 0 the embedding → gpt_neox.embed_in, I = 2 … 13 the transformer layers → gpt_neox.layers.I−2 (1 and 14 are stateless pipe blocks), I = 15 NormPipe norm → gpt_neox.final_layer_norm, I = 16 final_linear → embed_out; the names inside a layer stay (HF registers post_attention_layernorm before attention), the per-layer rotary inv_freq buffers are dropped.',
    reference: 'EleutherAI/gpt-neox tools/ckpts/convert_neox_to_hf.py convert (layer_idx=layer_i + 2, num-layers + 3, num-layers + 4; commit 00af9831718ddb3aa4a02c40081bc955bdf50f1c)',
    url: 'https://github.com/EleutherAI/gpt-neox/blob/00af9831718ddb3aa4a02c40081bc955bdf50f1c/tools/ckpts/convert_neox_to_hf.py',
    source,
    target: stateDict(hfGPTNeoX(c), 'float16'),
    truth,
    // embedding (layer 0), the layer offset (+2, the MODEL_KEYS["neox"] names unchanged), final norm (L + 3),
    // final_linear (L + 4), the inv_freq the HF layer does not take
    patterns: 5,
  };
}
