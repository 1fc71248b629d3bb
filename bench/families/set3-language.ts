import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, conv1d, conv2d, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';
import { RuleTrace } from './rules.js';
import { byKey } from './set3-vision.js';

/**
 * The third set of conversion families (session 5), language / speech / adapter side: conversion code
 * none of the first 42 families uses, key lists rebuilt from the model definitions at real configurations.
 */

type Truth = Record<string, string | string[] | null>;

// ---------------------------------------------------------------------------------------------------------
// OPT (metaseq) → transformers OPTModel

/** facebook/opt-350m: 24 layers, hidden 1024, ffn 4096, word_embed_proj_dim 512, vocab 50272, 2048 + 2 positions, post-LN (no final layer norm) */
const OPT_350M = { layers: 24, d: 1024, ffn: 4096, embed: 512, vocab: 50272, positions: 2050 };

/** metaseq TransformerDecoder as the released OPT checkpoints hold it: version buffer, embed_tokens, project_in_dim, embed_positions, layers (fused qkv_proj), project_out_dim, output_projection */
function metaseqOPT(c: typeof OPT_350M): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [['qkv_proj', linear(c.d, 3 * c.d)], ['out_proj', linear(c.d, c.d)]])],
    ['self_attn_layer_norm', affineNorm(c.d)],
    ['fc1', linear(c.d, c.ffn)],
    ['fc2', linear(c.ffn, c.d)],
    ['final_layer_norm', affineNorm(c.d)],
  ]);
  return module([], [['decoder', module([t('version', [1])], [
    ['embed_tokens', embedding(c.vocab, c.embed)],
    ['project_in_dim', linear(c.embed, c.d, false)],
    ['embed_positions', embedding(c.positions, c.d)],
    ['layers', indexed(Array.from({ length: c.layers }, layer))],
    ['project_out_dim', linear(c.d, c.embed, false)],
    ['output_projection', linear(c.embed, c.vocab, false)],
  ])]]);
}

/** transformers OPTModel: decoder.embed_tokens, embed_positions, project_out, project_in, layers (k/v/q/out_proj, self_attn_layer_norm, fc1, fc2, final_layer_norm) */
function hfOPT(c: typeof OPT_350M): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [['k_proj', linear(c.d, c.d)], ['v_proj', linear(c.d, c.d)], ['q_proj', linear(c.d, c.d)], ['out_proj', linear(c.d, c.d)]])],
    ['self_attn_layer_norm', affineNorm(c.d)],
    ['fc1', linear(c.d, c.ffn)],
    ['fc2', linear(c.ffn, c.d)],
    ['final_layer_norm', affineNorm(c.d)],
  ]);
  return module([], [['decoder', module([], [
    ['embed_tokens', embedding(c.vocab, c.embed)],
    ['embed_positions', embedding(c.positions, c.d)],
    ['project_out', linear(c.d, c.embed, false)],
    ['project_in', linear(c.embed, c.d, false)],
    ['layers', indexed(Array.from({ length: c.layers }, layer))],
  ])]]);
}

export function optMetaseqToHF(): Family {
  const c = OPT_350M;
  const source = stateDict(metaseqOPT(c), 'float16');
  const truth: Truth = {};
  for (const { key } of source) {
    if (key === 'decoder.version' || key === 'decoder.output_projection.weight') truth[key] = null;
    else if (key.includes('.qkv_proj.')) {
      // metaseq stores the fused rows as K, V, Q: `k, v, q = torch.split(value, depth // 3, dim=0)`
      truth[key] = ['.k_proj.', '.v_proj.', '.q_proj.'].map((p) => key.replace('.qkv_proj.', p));
    } else truth[key] = key.replace('decoder.project_in_dim.', 'decoder.project_in.').replace('decoder.project_out_dim.', 'decoder.project_out.');
  }
  return {
    name: 'opt-350m-metaseq-to-hf',
    description: 'facebook/opt-350m metaseq checkpoint → transformers OPTModel: each fused qkv_proj (rows in K, V, Q order) split into k_proj, v_proj, q_proj, project_in_dim/project_out_dim → project_in/project_out (512 ↔ 1024), the version buffer and the tied output_projection dropped; everything else keeps its name.',
    reference: 'huggingface/transformers src/transformers/models/opt/convert_opt_original_pytorch_checkpoint_to_pytorch.py load_checkpoint (keys_to_delete, keys_to_rename, qkv_proj split)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/opt/convert_opt_original_pytorch_checkpoint_to_pytorch.py',
    source,
    target: stateDict(hfOPT(c), 'float32'),
    truth,
    // two deletes, project_in_dim, project_out_dim (the layer_norm renames do not fire: opt-350m has none), the qkv split
    patterns: 5,
  };
}

// ---------------------------------------------------------------------------------------------------------
// T5 (Mesh TensorFlow checkpoint) → transformers T5ForConditionalGeneration

/** t5-small: 6 + 6 blocks, d_model 512, 8 heads of 64 (inner 512: q/k/v/o are square), d_ff 2048, vocab 32128, 32 buckets */
const T5_SMALL = { layers: 6, d: 512, ffn: 2048, heads: 8, vocab: 32128, buckets: 32 };

/**
 * The variables of the original t5-small TF checkpoint (tf.train.list_variables: sorted), Mesh TF names with
 * kernels [in, out], relative_attention_bias [heads, buckets], and the Adafactor slots the loader skips
 * (factored: _slot_vr over rows, _slot_vc over columns; vectors: _slot_v), plus global_step.
 */
function t5MeshTF(c: typeof T5_SMALL): KeyEntry[] {
  const out: KeyEntry[] = [];
  const add = (key: string, shape: number[]) => {
    out.push({ key, shape, dtype: 'float32' });
    if (shape.length === 2) out.push({ key: `${key}_slot_vr`, shape: [shape[0]!], dtype: 'float32' }, { key: `${key}_slot_vc`, shape: [shape[1]!], dtype: 'float32' });
    else out.push({ key: `${key}_slot_v`, shape, dtype: 'float32' });
  };
  const attn = (p: string, rel: boolean) => {
    for (const x of ['q', 'k', 'v', 'o']) add(`${p}/${x}`, [c.d, c.d]);
    if (rel) add(`${p}/relative_attention_bias`, [c.heads, c.buckets]);
  };
  add('shared/embedding', [c.vocab, c.d]);
  for (const stack of ['encoder', 'decoder']) {
    for (let i = 0; i < c.layers; i++) {
      const b = `${stack}/block_${String(i).padStart(3, '0')}`;
      attn(`${b}/layer_000/SelfAttention`, i === 0);
      add(`${b}/layer_000/layer_norm/scale`, [c.d]);
      let ff = 'layer_001';
      if (stack === 'decoder') {
        attn(`${b}/layer_001/EncDecAttention`, false);
        add(`${b}/layer_001/layer_norm/scale`, [c.d]);
        ff = 'layer_002';
      }
      add(`${b}/${ff}/DenseReluDense/wi/kernel`, [c.d, c.ffn]);
      add(`${b}/${ff}/DenseReluDense/wo/kernel`, [c.ffn, c.d]);
      add(`${b}/${ff}/layer_norm/scale`, [c.d]);
    }
    add(`${stack}/final_layer_norm/scale`, [c.d]);
  }
  out.push({ key: 'global_step', shape: [], dtype: 'int64' });
  return out.sort(byKey);
}

/** transformers T5ForConditionalGeneration (tied: encoder/decoder embed_tokens and lm_head share `shared`) */
function hfT5(c: typeof T5_SMALL): Module {
  const attn = (rel: boolean): Module => module([], [
    ['q', linear(c.d, c.d, false)], ['k', linear(c.d, c.d, false)], ['v', linear(c.d, c.d, false)], ['o', linear(c.d, c.d, false)],
    ...(rel ? [['relative_attention_bias', embedding(c.buckets, c.heads)] as [string, Module]] : []),
  ]);
  const ff = (): Module => module([], [['DenseReluDense', module([], [['wi', linear(c.d, c.ffn, false)], ['wo', linear(c.ffn, c.d, false)]])], ['layer_norm', rmsNorm(c.d)]]);
  const block = (decoder: boolean, i: number): Module => module([], [['layer', indexed([
    module([], [['SelfAttention', attn(i === 0)], ['layer_norm', rmsNorm(c.d)]]),
    ...(decoder ? [module([], [['EncDecAttention', attn(false)], ['layer_norm', rmsNorm(c.d)]])] : []),
    ff(),
  ])]]);
  const stack = (decoder: boolean): Module => module([], [
    ['embed_tokens', embedding(c.vocab, c.d)],
    ['block', indexed(Array.from({ length: c.layers }, (_, i) => block(decoder, i)))],
    ['final_layer_norm', rmsNorm(c.d)],
  ]);
  return module([], [['shared', embedding(c.vocab, c.d)], ['encoder', stack(false)], ['decoder', stack(true)], ['lm_head', linear(c.d, c.vocab, false)]]);
}

export function t5MeshTFToHF(): Family {
  const c = T5_SMALL;
  const source = t5MeshTF(c);
  const truth: Truth = {};
  const transposed: string[] = [];
  for (const { key, shape } of source) {
    // load_tf_weights_in_t5: optimizer slots and global_step are skipped
    if (/_slot_v[rc]?$/.test(key) || key === 'global_step') { truth[key] = null; continue; }
    if (key === 'shared/embedding') { truth[key] = 'shared.weight'; continue; }
    // scope names: block_000 → block.0, layer_001 → layer.1; kernel/scale → weight, q/k/v/o and relative_attention_bias get .weight
    const parts = key.split('/').flatMap((p) => {
      const m = /^([A-Za-z]+)_(\d+)$/.exec(p);
      return m ? [m[1]!, String(+m[2]!)] : [p];
    });
    const last = parts[parts.length - 1]!;
    if (last === 'kernel' || last === 'scale') parts[parts.length - 1] = 'weight';
    else parts.push('weight');
    truth[key] = parts.join('.');
    // every array but the embedding is transposed (np.transpose: a no-op on the 1-d scales)
    if (shape!.length === 2) transposed.push(key);
  }
  return {
    name: 't5-small-mesh-tf-to-hf',
    description: 'The original t5-small Mesh TensorFlow checkpoint (sorted variable names) → transformers T5ForConditionalGeneration: `/` → `.`, block_NNN/layer_NNN → block.N/layer.N (zero-padded indices), kernel/scale → weight, q/k/v/o/relative_attention_bias get .weight, every 2-d array transposed (q/k/v/o are 512 × 512: square, only the script knows), shared/embedding → shared.weight with encoder/decoder embed_tokens and lm_head tied to it, Adafactor slot variables (_slot_vr/_slot_vc/_slot_v, shaped like the norms) and global_step dropped.',
    reference: 'huggingface/transformers src/transformers/models/t5/modeling_t5.py load_tf_weights_in_t5 (used by convert_t5_original_tf_checkpoint_to_pytorch.py)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/t5/convert_t5_original_tf_checkpoint_to_pytorch.py',
    source,
    target: stateDict(hfT5(c), 'float32'),
    truth,
    transposed,
    tied: { 'encoder.embed_tokens.weight': 'shared/embedding', 'decoder.embed_tokens.weight': 'shared/embedding', 'lm_head.weight': 'shared/embedding' },
    // `/` → `.`, name_NNN → name.N, kernel → weight, scale → weight, append .weight, shared/embedding, transpose,
    // tie_weights, skip _slot_, skip global_step
    patterns: 10,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Qwen1.5-MoE (transformers) → llama.cpp GGUF

/** Qwen/Qwen1.5-MoE-A2.7B: 24 layers, hidden 2048, 60 experts of 1408, shared expert 5632, vocab 151936, 16 heads (no GQA) */
const QWEN_MOE = { layers: 24, d: 2048, experts: 60, moe: 1408, shared: 5632, vocab: 151936 };

/** transformers Qwen2MoeForCausalLM: q/k/v with bias, mlp (gate, experts.E gate/up/down, shared_expert, shared_expert_gate) */
function hfQwenMoe(c: typeof QWEN_MOE): Module {
  const mlp = (i: number, o: number): Module => module([], [['gate_proj', linear(i, o, false)], ['up_proj', linear(i, o, false)], ['down_proj', linear(o, i, false)]]);
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d)], ['k_proj', linear(c.d, c.d)], ['v_proj', linear(c.d, c.d)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [
      ['gate', linear(c.d, c.experts, false)],
      ['experts', indexed(Array.from({ length: c.experts }, () => mlp(c.d, c.moe)))],
      ['shared_expert', mlp(c.d, c.shared)],
      ['shared_expert_gate', linear(c.d, 1, false)],
    ])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

/** gguf-py tensor_mapping.py names for Qwen2MoE, and the three expert stacks convert_hf_to_gguf.py builds */
const QWEN_MOE_GGUF: [RegExp, string][] = [
  [/^model\.embed_tokens\./, 'token_embd.'],
  [/^model\.layers\.(\d+)\.self_attn\.q_proj\./, 'blk.$1.attn_q.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_proj\./, 'blk.$1.attn_k.'],
  [/^model\.layers\.(\d+)\.self_attn\.v_proj\./, 'blk.$1.attn_v.'],
  [/^model\.layers\.(\d+)\.self_attn\.o_proj\./, 'blk.$1.attn_output.'],
  [/^model\.layers\.(\d+)\.mlp\.gate\./, 'blk.$1.ffn_gate_inp.'],
  [/^model\.layers\.(\d+)\.mlp\.experts\.\d+\.gate_proj\./, 'blk.$1.ffn_gate_exps.'],
  [/^model\.layers\.(\d+)\.mlp\.experts\.\d+\.up_proj\./, 'blk.$1.ffn_up_exps.'],
  [/^model\.layers\.(\d+)\.mlp\.experts\.\d+\.down_proj\./, 'blk.$1.ffn_down_exps.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_expert\.gate_proj\./, 'blk.$1.ffn_gate_shexp.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_expert\.up_proj\./, 'blk.$1.ffn_up_shexp.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_expert\.down_proj\./, 'blk.$1.ffn_down_shexp.'],
  [/^model\.layers\.(\d+)\.mlp\.shared_expert_gate\./, 'blk.$1.ffn_gate_inp_shexp.'],
  [/^model\.layers\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^model\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^model\.norm\./, 'output_norm.'],
  [/^lm_head\./, 'output.'],
];

export function qwenMoeHFToGGUF(): Family {
  const c = QWEN_MOE;
  const source = stateDict(hfQwenMoe(c), 'bfloat16');
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  const stacks = new Map<string, KeyEntry>();
  for (const e of source) {
    const rule = QWEN_MOE_GGUF.find(([re]) => re.test(e.key))!;
    const name = e.key.replace(rule[0], rule[1]);
    truth[e.key] = name;
    if (!name.includes('_exps.')) { target.push({ ...e, key: name }); continue; }
    // Qwen2MoeModel.modify_tensors: the experts of a layer collected, then torch.stack(datas, dim=0) per projection
    if (!stacks.has(name)) stacks.set(name, { ...e, key: name, shape: [c.experts, ...e.shape!] });
    const last = new RegExp(`\\.experts\\.${c.experts - 1}\\.down_proj\\.`).test(e.key);
    if (last) {
      const layer = /^model\.layers\.(\d+)\./.exec(e.key)![1];
      for (const p of ['down', 'gate', 'up']) target.push(stacks.get(`blk.${layer}.ffn_${p}_exps.weight`)!);
    }
  }
  return {
    name: 'qwen1.5-moe-hf-to-gguf',
    description: 'Qwen1.5-MoE-A2.7B transformers checkpoint → llama.cpp GGUF names: 60 routed experts per layer stacked along a new leading dim into blk.N.ffn_gate_exps/ffn_up_exps/ffn_down_exps, the shared expert → ffn_gate/up/down_shexp, shared_expert_gate → ffn_gate_inp_shexp, the router → ffn_gate_inp, attention with q/k/v biases → attn_q/k/v/output, norms → attn_norm/ffn_norm/output_norm, embed_tokens/lm_head → token_embd/output.',
    reference: 'ggml-org/llama.cpp convert_hf_to_gguf.py Qwen2MoeModel.modify_tensors and gguf-py/gguf/tensor_mapping.py',
    url: 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py',
    source,
    target,
    truth,
    joined: [...stacks.keys()],
    // one tensor_mapping name per table row (17: the three stacks included)
    patterns: QWEN_MOE_GGUF.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// wav2vec 2.0 (fairseq) → transformers Wav2Vec2ForPreTraining

/** wav2vec2-base (fairseq wav2vec_small.pt): 7 conv layers of 512 (group norm on the first), 12 layers of 768, ffn 3072, pos conv 128 / 16 groups, quantizer 2 × 320 codes of 128 */
const W2V_BASE = { layers: 12, d: 768, ffn: 3072, conv: 512, kernels: [10, 3, 3, 3, 3, 2, 2], posKernel: 128, posGroups: 16, codes: 640, codeDim: 128, finalDim: 256 };

/** weight-normed Conv1d (torch.nn.utils.weight_norm, dim=2): bias, then weight_g, weight_v */
function weightNormConv(c: typeof W2V_BASE): Module {
  return module([t('bias', [c.d]), t('weight_g', [1, 1, c.posKernel]), t('weight_v', [c.d, c.d / c.posGroups, c.posKernel])]);
}

function fairseqLayer(c: typeof W2V_BASE): Module {
  return module([], [
    ['self_attn', module([], [['k_proj', linear(c.d, c.d)], ['v_proj', linear(c.d, c.d)], ['q_proj', linear(c.d, c.d)], ['out_proj', linear(c.d, c.d)]])],
    ['self_attn_layer_norm', affineNorm(c.d)],
    ['fc1', linear(c.d, c.ffn)],
    ['fc2', linear(c.ffn, c.d)],
    ['final_layer_norm', affineNorm(c.d)],
  ]);
}

/** fairseq/models/wav2vec/wav2vec2.py Wav2Vec2Model (mask_emb first: an own parameter) */
function fairseqWav2Vec2(c: typeof W2V_BASE): Module {
  const convLayers = c.kernels.map((k, i) => indexed([conv1d(i === 0 ? 1 : c.conv, c.conv, k, false), null, ...(i === 0 ? [affineNorm(c.conv)] : [])]));
  return module([t('mask_emb', [c.d])], [
    ['feature_extractor', module([], [['conv_layers', indexed(convLayers)]])],
    ['post_extract_proj', linear(c.conv, c.d)],
    ['quantizer', module([t('vars', [1, c.codes, c.codeDim])], [['weight_proj', linear(c.conv, c.codes)]])],
    ['project_q', linear(c.finalDim, c.finalDim)],
    ['encoder', module([], [
      ['pos_conv', indexed([weightNormConv(c)])],
      ['layers', indexed(Array.from({ length: c.layers }, () => fairseqLayer(c)))],
      ['layer_norm', affineNorm(c.d)],
    ])],
    ['layer_norm', affineNorm(c.conv)],
    ['final_proj', linear(c.d, c.finalDim)],
  ]);
}

/** transformers Wav2Vec2ForPreTraining (weight_norm as torch < 2.1 names it: weight_g / weight_v) */
function hfWav2Vec2(c: typeof W2V_BASE): Module {
  const layer = (): Module => module([], [
    ['attention', module([], [['k_proj', linear(c.d, c.d)], ['v_proj', linear(c.d, c.d)], ['q_proj', linear(c.d, c.d)], ['out_proj', linear(c.d, c.d)]])],
    ['layer_norm', affineNorm(c.d)],
    ['feed_forward', module([], [['intermediate_dense', linear(c.d, c.ffn)], ['output_dense', linear(c.ffn, c.d)]])],
    ['final_layer_norm', affineNorm(c.d)],
  ]);
  const convLayers = c.kernels.map((k, i) => module([], [['conv', conv1d(i === 0 ? 1 : c.conv, c.conv, k, false)], ...(i === 0 ? [['layer_norm', affineNorm(c.conv)] as [string, Module]] : [])]));
  return module([], [
    ['wav2vec2', module([t('masked_spec_embed', [c.d])], [
      ['feature_extractor', module([], [['conv_layers', indexed(convLayers)]])],
      ['feature_projection', module([], [['layer_norm', affineNorm(c.conv)], ['projection', linear(c.conv, c.d)]])],
      ['encoder', module([], [
        ['pos_conv_embed', module([], [['conv', weightNormConv(c)]])],
        ['layer_norm', affineNorm(c.d)],
        ['layers', indexed(Array.from({ length: c.layers }, layer))],
      ])],
    ])],
    ['quantizer', module([t('codevectors', [1, c.codes, c.codeDim])], [['weight_proj', linear(c.conv, c.codes)]])],
    ['project_hid', linear(c.d, c.finalDim)],
    ['project_q', linear(c.finalDim, c.finalDim)],
  ]);
}

/** convert_wav2vec2_original_pytorch_checkpoint_to_pytorch.py MAPPING (fairseq name part → transformers name, `*` = layer index) */
export const W2V_MAPPING: [string, string][] = [
  ['post_extract_proj', 'feature_projection.projection'],
  ['encoder.pos_conv.0', 'encoder.pos_conv_embed.conv'],
  ['self_attn.k_proj', 'encoder.layers.*.attention.k_proj'],
  ['self_attn.v_proj', 'encoder.layers.*.attention.v_proj'],
  ['self_attn.q_proj', 'encoder.layers.*.attention.q_proj'],
  ['self_attn.out_proj', 'encoder.layers.*.attention.out_proj'],
  ['self_attn_layer_norm', 'encoder.layers.*.layer_norm'],
  ['fc1', 'encoder.layers.*.feed_forward.intermediate_dense'],
  ['fc2', 'encoder.layers.*.feed_forward.output_dense'],
  ['final_layer_norm', 'encoder.layers.*.final_layer_norm'],
  ['encoder.layer_norm', 'encoder.layer_norm'],
  ['w2v_model.layer_norm', 'feature_projection.layer_norm'],
  ['quantizer.weight_proj', 'quantizer.weight_proj'],
  ['quantizer.vars', 'quantizer.codevectors'],
  ['project_q', 'project_q'],
  ['final_proj', 'project_hid'],
  ['mask_emb', 'masked_spec_embed'],
];
const W2V_TOP_LEVEL = ['quantizer.weight_proj', 'quantizer.codevectors', 'project_q', 'project_hid'];

export function wav2vec2FairseqToHF(): Family {
  const c = W2V_BASE;
  const source = stateDict(fairseqWav2Vec2(c), 'float32');
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    const conv = /^feature_extractor\.conv_layers\.(\d+)\.(\d+)\.(weight|bias)$/.exec(key);
    if (conv) {
      // load_conv_layer: type_id 0 → conv, type_id 2 → layer_norm (group norm of the first layer)
      const kind = conv[2] === '0' ? 'conv' : 'layer_norm';
      used.add(`conv_layers type ${conv[2]}`);
      truth[key] = `wav2vec2.feature_extractor.conv_layers.${conv[1]}.${kind}.${conv[3]}`;
      continue;
    }
    const [from, to] = W2V_MAPPING.find(([k]) => key.includes(k) || k.split('w2v_model.').pop() === key.split('.')[0])!;
    used.add(from);
    const layer = /\.layers\.(\d+)\./.exec(key)?.[1];
    const leaf = key.slice(key.lastIndexOf('.') + 1);
    const mapped = to.replace('*', layer ?? '');
    const name = from === 'quantizer.vars' || from === 'mask_emb' ? mapped : `${mapped}.${leaf}`;
    const top = W2V_TOP_LEVEL.some((x) => name.startsWith(x));
    if (!top) used.add('wav2vec2. prefix');
    truth[key] = top ? name : `wav2vec2.${name}`;
  }
  return {
    name: 'wav2vec2-base-fairseq-to-hf',
    description: 'fairseq wav2vec 2.0 base pretraining checkpoint → transformers Wav2Vec2ForPreTraining: feature_extractor.conv_layers.I.0/.2 (Sequential indices) → conv_layers.I.conv/.layer_norm, post_extract_proj → feature_projection.projection, the top-level layer_norm → feature_projection.layer_norm, encoder.pos_conv.0 (weight_g/weight_v) → encoder.pos_conv_embed.conv, self_attn.* → attention.*, self_attn_layer_norm → layer_norm, fc1/fc2 → feed_forward.intermediate_dense/output_dense, mask_emb → masked_spec_embed, quantizer.vars → quantizer.codevectors, final_proj → project_hid; all but the quantizer and projections under wav2vec2.',
    reference: 'huggingface/transformers src/transformers/models/wav2vec2/convert_wav2vec2_original_pytorch_checkpoint_to_pytorch.py MAPPING, TOP_LEVEL_KEYS, recursively_load_weights, load_conv_layer',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/wav2vec2/convert_wav2vec2_original_pytorch_checkpoint_to_pytorch.py',
    source,
    target: stateDict(hfWav2Vec2(c), 'float32'),
    truth,
    // the MAPPING entries that fire, the two conv-layer kinds, the wav2vec2. prefix
    patterns: used.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Llama (transformers) → NeMo / Megatron-Core

/** TinyLlama-1.1B: 22 layers, hidden 2048, 32 heads and 4 KV heads of 64, ffn 5632, vocab 32000 */
const TINYLLAMA = { layers: 22, d: 2048, kv: 256, ffn: 5632, vocab: 32000 };

function hfLlama(c: typeof TINYLLAMA): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.kv, false)], ['v_proj', linear(c.d, c.kv, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
}

/** Megatron-Core GPTModel with Transformer Engine fused layer norms, as NeMo stores it (the TE _extra_state entries left out) */
function nemoMcoreGPT(c: typeof TINYLLAMA): Module {
  const layer = (): Module => module([], [
    ['self_attention', module([], [
      ['linear_proj', linear(c.d, c.d, false)],
      ['linear_qkv', module([t('layer_norm_weight', [c.d]), t('weight', [c.d + 2 * c.kv, c.d])])],
    ])],
    ['mlp', module([], [
      ['linear_fc1', module([t('layer_norm_weight', [c.d]), t('weight', [2 * c.ffn, c.d])])],
      ['linear_fc2', linear(c.ffn, c.d, false)],
    ])],
  ]);
  return module([], [['model', module([], [
    ['embedding', module([], [['word_embeddings', embedding(c.vocab, c.d)]])],
    ['decoder', module([], [['layers', indexed(Array.from({ length: c.layers }, layer))], ['final_layernorm', rmsNorm(c.d)]])],
    ['output_layer', linear(c.d, c.vocab, false)],
  ])]]);
}

export function llamaHFToNemo(): Family {
  const c = TINYLLAMA;
  const source = stateDict(hfLlama(c), 'bfloat16');
  const target = stateDict(nemoMcoreGPT(c), 'bfloat16');
  const inLayer: Record<string, string> = {
    'self_attn.q_proj': 'self_attention.linear_qkv.weight', 'self_attn.k_proj': 'self_attention.linear_qkv.weight', 'self_attn.v_proj': 'self_attention.linear_qkv.weight',
    'self_attn.o_proj': 'self_attention.linear_proj.weight', 'mlp.gate_proj': 'mlp.linear_fc1.weight', 'mlp.up_proj': 'mlp.linear_fc1.weight',
    'mlp.down_proj': 'mlp.linear_fc2.weight', 'input_layernorm': 'self_attention.linear_qkv.layer_norm_weight', 'post_attention_layernorm': 'mlp.linear_fc1.layer_norm_weight',
  };
  const fixed: Record<string, string> = {
    'model.embed_tokens.weight': 'model.embedding.word_embeddings.weight', 'model.norm.weight': 'model.decoder.final_layernorm.weight', 'lm_head.weight': 'model.output_layer.weight',
  };
  const truth: Truth = {};
  for (const { key } of source) {
    const m = /^model\.layers\.(\d+)\.(.+)\.weight$/.exec(key);
    truth[key] = m ? `model.decoder.layers.${m[1]}.${inLayer[m[2]!]}` : fixed[key]!;
  }
  return {
    name: 'llama-hf-to-nemo-mcore',
    description: 'TinyLlama-1.1B transformers checkpoint → NeMo Megatron-Core GPT: q/k/v (2048 + 256 + 256 rows, GQA) concatenated into self_attention.linear_qkv.weight (interleaved per KV group: same elements), gate_proj and up_proj concatenated into mlp.linear_fc1.weight, o_proj/down_proj → linear_proj/linear_fc2, the RMSNorms fused into the next linear as linear_qkv.layer_norm_weight / linear_fc1.layer_norm_weight, embed_tokens/norm/lm_head → embedding.word_embeddings/decoder.final_layernorm/output_layer.',
    reference: 'NVIDIA/NeMo scripts/checkpoint_converters/convert_llama_hf_to_nemo.py convert',
    url: 'https://github.com/NVIDIA/NeMo/blob/main/scripts/checkpoint_converters/convert_llama_hf_to_nemo.py',
    source,
    target,
    truth,
    joined: target.filter((e) => /linear_(qkv|fc1)\.weight$/.test(e.key)).map((e) => e.key),
    // embedding, qkv concatenation, linear_proj, fc1 concatenation, linear_fc2, two fused norms, final norm, output layer
    patterns: 9,
  };
}

// ---------------------------------------------------------------------------------------------------------
// kohya sd-scripts LoRA → diffusers (PEFT) LoRA

/** SD 1.5: UNet Transformer2DModels (320/640/1280 channels, cross-attention 768), CLIP ViT-L/14 text encoder (12 × 768); kohya network_dim 32 */
const SD15_LORA = { rank: 32, text: { layers: 12, d: 768, ffn: 3072 }, cross: 768 };

interface LoraTarget { path: string; inF: number; outF: number; conv: boolean }

/** the modules kohya's LoRANetwork wraps, in named_modules order: CLIPAttention/CLIPMLP linears, then Transformer2DModel linears and 1×1 convs */
function sd15LoraTargets(c: typeof SD15_LORA): { text: LoraTarget[]; unet: LoraTarget[] } {
  const text: LoraTarget[] = [];
  for (let i = 0; i < c.text.layers; i++) {
    const p = `text_model.encoder.layers.${i}`;
    for (const x of ['k_proj', 'v_proj', 'q_proj', 'out_proj']) text.push({ path: `${p}.self_attn.${x}`, inF: c.text.d, outF: c.text.d, conv: false });
    text.push({ path: `${p}.mlp.fc1`, inF: c.text.d, outF: c.text.ffn, conv: false }, { path: `${p}.mlp.fc2`, inF: c.text.ffn, outF: c.text.d, conv: false });
  }
  const unet: LoraTarget[] = [];
  const transformer = (p: string, ch: number) => {
    unet.push({ path: `${p}.proj_in`, inF: ch, outF: ch, conv: true });
    const b = `${p}.transformer_blocks.0`;
    for (const [attn, kv] of [['attn1', ch], ['attn2', c.cross]] as [string, number][]) {
      unet.push({ path: `${b}.${attn}.to_q`, inF: ch, outF: ch, conv: false }, { path: `${b}.${attn}.to_k`, inF: kv, outF: ch, conv: false });
      unet.push({ path: `${b}.${attn}.to_v`, inF: kv, outF: ch, conv: false }, { path: `${b}.${attn}.to_out.0`, inF: ch, outF: ch, conv: false });
    }
    unet.push({ path: `${b}.ff.net.0.proj`, inF: ch, outF: 8 * ch, conv: false }, { path: `${b}.ff.net.2`, inF: 4 * ch, outF: ch, conv: false });
    unet.push({ path: `${p}.proj_out`, inF: ch, outF: ch, conv: true });
  };
  [320, 640, 1280].forEach((ch, i) => { for (let j = 0; j < 2; j++) transformer(`down_blocks.${i}.attentions.${j}`, ch); });
  [1280, 640, 320].forEach((ch, i) => { for (let j = 0; j < 3; j++) transformer(`up_blocks.${i + 1}.attentions.${j}`, ch); });
  transformer('mid_block.attentions.0', 1280);
  return { text, unet };
}

function loraShapes(m: LoraTarget, rank: number): { down: number[]; up: number[] } {
  return m.conv ? { down: [rank, m.inF, 1, 1], up: [m.outF, rank, 1, 1] } : { down: [rank, m.inF], up: [m.outF, rank] };
}

/** diffusers' kohya → diffusers → PEFT conversions, end to end, rule by rule (each counts when it changes a key) */
function kohyaToDiffusers(key: string): RuleTrace {
  const r = new RuleTrace(key);
  const [module, ...rest] = key.split('.');
  const te = module!.startsWith('lora_te_');
  r.key = module!;
  r.step(te ? 'lora_te_ → text_encoder.' : 'lora_unet_ → unet.', (k) => k.replace(/^lora_(te|unet)_/, ''));
  r.replace('_', '.');
  const fixes = te
    ? ['text_model', 'self_attn', 'k_proj', 'v_proj', 'q_proj', 'out_proj']
    : ['down_blocks', 'up_blocks', 'mid_block', 'transformer_blocks', 'proj_in', 'proj_out', 'to_q', 'to_k', 'to_v', 'to_out'];
  for (const f of fixes) r.replace(f.replace('_', '.'), f);
  const path = `${te ? 'text_encoder' : 'unet'}.${r.key}`;
  r.key = [path, ...rest].join('.');
  r.replace('.lora_down.', '.lora_A.');
  r.replace('.lora_up.', '.lora_B.');
  return r;
}

export function kohyaLoraToDiffusers(): Family {
  const c = SD15_LORA;
  const { text, unet } = sd15LoraTargets(c);
  const source: KeyEntry[] = [];
  // kohya LoRANetwork: text encoder LoRAs, then UNet LoRAs; each LoRAModule: alpha buffer, lora_down, lora_up
  for (const [prefix, list] of [['lora_te_', text], ['lora_unet_', unet]] as [string, LoraTarget[]][]) {
    for (const m of list) {
      const name = prefix + m.path.split('.').join('_');
      const { down, up } = loraShapes(m, c.rank);
      source.push({ key: `${name}.alpha`, shape: [], dtype: 'float16' }, { key: `${name}.lora_down.weight`, shape: down, dtype: 'float16' }, { key: `${name}.lora_up.weight`, shape: up, dtype: 'float16' });
    }
  }
  // diffusers save_lora_weights: unet.* then text_encoder.*, lora_A then lora_B per module
  const target: KeyEntry[] = [];
  for (const [prefix, list] of [['unet.', unet], ['text_encoder.', text]] as [string, LoraTarget[]][]) {
    for (const m of list) {
      const { down, up } = loraShapes(m, c.rank);
      target.push({ key: `${prefix}${m.path}.lora_A.weight`, shape: down, dtype: 'float16' }, { key: `${prefix}${m.path}.lora_B.weight`, shape: up, dtype: 'float16' });
    }
  }
  const truth: Truth = {};
  const used = new Set<string>();
  for (const { key } of source) {
    // the alphas go into network_alphas (PEFT's lora_alpha in the adapter config), not into the weights
    if (key.endsWith('.alpha')) { truth[key] = null; used.add('alpha → network_alphas'); continue; }
    const r = kohyaToDiffusers(key);
    truth[key] = r.key;
    for (const x of r.rules) used.add(x);
  }
  return {
    name: 'kohya-lora-sd15-to-diffusers-peft',
    description: 'A kohya sd-scripts LoRA for SD 1.5 (rank 32 on every Transformer2DModel linear and 1×1 conv and the CLIP text encoder attention/MLP) → the diffusers/PEFT LoRA layout: lora_unet_/lora_te_ names (module path flattened with `_`, so `_` inside names like down_blocks, to_q, self_attn is ambiguous) → unet./text_encoder. dotted paths, lora_down/lora_up → lora_A/lora_B, the per-module alpha buffers dropped (they become network_alphas).',
    reference: 'huggingface/diffusers src/diffusers/loaders/lora_conversion_utils.py _convert_kohya_lora_to_diffusers (_convert_unet_lora_key, _convert_text_encoder_lora_key) and utils/peft_utils.py convert_unet_state_dict_to_peft',
    url: 'https://github.com/huggingface/diffusers/blob/main/src/diffusers/loaders/lora_conversion_utils.py',
    source,
    target,
    truth,
    // prefix strip (2), `_` → `.`, the name repairs that fire (6 text encoder + 10 UNet), lora_A, lora_B, the alpha drop
    patterns: used.size,
  };
}
