/**
 * Ninth family set (session 16), language models: Bark's nanoGPT checkpoint into transformers, DBRX, OLMoE
 * and Gemma-2 into llama.cpp's GGUF names, and Qwen2-VL's checkpoint into transformers' current module
 * tree. Each model at its real configuration; safetensors and GGUF listings sorted by name as their writers
 * list them; the truth from the code named in `reference` (repository, path, commit read, or the stored
 * copy that was read).
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, t, type Module } from './modules.js';
import { RenameRules } from './rules.js';
import { byKey, renameFirst, type Truth } from './set9-common.js';
import { GGUF_NAMES } from './transformers-families.js';

const LLAMA_CPP = 'ggml-org/llama.cpp convert_hf_to_gguf.py';
const TENSOR_MAP = 'gguf-py/gguf/tensor_mapping.py (as stored: search-index file id 140540567)';
const GGUF_URL = 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py';

/** Bark small semantic model (suno text.pt): 12 layers, 12 heads, width 768, 1024 positions, text vocab 129,600 in, semantic vocab 10,048 out, no biases */
const BARK_SMALL_TEXT = { layers: 12, d: 768, block: 1024, vocabIn: 129_600, vocabOut: 10_048 };

/**
 * suno-ai/bark bark/model.py GPT with bias=False (LayerNorm weight only, Linears without bias), saved from a
 * torch.compile'd model (every key under _orig_mod.) and with flash attention (no causal-mask buffer).
 */
function barkGPT(c: typeof BARK_SMALL_TEXT): Module {
  const d = c.d;
  const block = (): Module => module([], [
    ['ln_1', rmsNorm(d)],
    ['attn', module([], [['c_attn', linear(d, 3 * d, false)], ['c_proj', linear(d, d, false)]])],
    ['ln_2', rmsNorm(d)],
    ['mlp', module([], [['c_fc', linear(d, 4 * d, false)], ['c_proj', linear(4 * d, d, false)]])],
  ]);
  return module([], [
    ['transformer', module([], [
      ['wte', embedding(c.vocabIn, d)], ['wpe', embedding(c.block, d)],
      ['h', indexed(Array.from({ length: c.layers }, block))],
      ['ln_f', rmsNorm(d)],
    ])],
    ['lm_head', linear(d, c.vocabOut, false)],
  ]);
}

/** transformers BarkSemanticModel (BarkCausalModel): the causal block's attention keeps a persistent tril `bias` buffer the checkpoint lacks */
function hfBarkCausal(c: typeof BARK_SMALL_TEXT): Module {
  const d = c.d;
  const layer = (): Module => module([], [
    ['layernorm_1', rmsNorm(d)],
    ['layernorm_2', rmsNorm(d)],
    ['attn', module([t('bias', [1, 1, c.block, c.block], 'bool')], [['att_proj', linear(d, 3 * d, false)], ['out_proj', linear(d, d, false)]])],
    ['mlp', module([], [['in_proj', linear(d, 4 * d, false)], ['out_proj', linear(4 * d, d, false)]])],
  ]);
  return module([], [
    ['input_embeds_layer', embedding(c.vocabIn, d)], ['position_embeds_layer', embedding(c.block, d)],
    ['layers', indexed(Array.from({ length: c.layers }, layer))],
    ['layernorm_final', rmsNorm(d)],
    ['lm_head', linear(d, c.vocabOut, false)],
  ]);
}

export function barkSmallSemanticToHF(): Family {
  const c = BARK_SMALL_TEXT;
  const source = stateDict(barkGPT(c), 'float32', '_orig_mod.');
  const target = stateDict(hfBarkCausal(c), 'float32');
  // convert_suno_to_hf.py _load_model: strip unwanted_prefix, then every new_layer_name_dict entry with str.replace, in order
  const rules = new RenameRules().addAtStart('_orig_mod.', '');
  const table: [string, string][] = [
    ['c_attn', 'att_proj'], ['c_proj', 'out_proj'], ['c_fc', 'in_proj'], ['transformer.', ''], ['h.', 'layers.'],
    ['ln_1', 'layernorm_1'], ['ln_2', 'layernorm_2'], ['ln_f', 'layernorm_final'], ['wpe', 'position_embeds_layer'], ['wte', 'input_embeds_layer'],
  ];
  for (const [a, b] of table) rules.add(a, b);
  const truth: Truth = {};
  for (const { key } of source) truth[key] = rules.apply(key);
  return {
    name: 'bark-small-semantic-suno-to-hf',
    description: 'Suno Bark small text-to-semantic GPT (nanoGPT layout saved from torch.compile: _orig_mod.transformer.wte/wpe/h.N/ln_f, lm_head) → transformers BarkSemanticModel: the _orig_mod. prefix and transformer. stripped, h → layers, c_attn → att_proj, both c_proj (attention and MLP) → out_proj, c_fc → in_proj, ln_1/ln_2/ln_f → layernorm_1/layernorm_2/layernorm_final, wte/wpe → input_embeds_layer/position_embeds_layer. The model\'s causal-mask attn.bias buffers have no source (the script ignores them both ways).',
    reference: 'huggingface/transformers src/transformers/models/bark/convert_suno_to_hf.py new_layer_name_dict, _load_model (as stored: search-index file id 65008044)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/bark/convert_suno_to_hf.py',
    source,
    target,
    truth,
    patterns: rules.usedCount(),
  };
}

/** databricks/dbrx-base: 40 layers, width 6144, 48 heads (8 KV) of 128, 16 experts of 10752, vocab 100,352 */
const DBRX = { layers: 40, d: 6144, kv: 1024, experts: 16, ffn: 10_752, vocab: 100_352 };

/** transformers DbrxForCausalLM: transformer.wte, blocks.N (norm_attn_norm: norm_1, attn Wqkv/out_proj, norm_2; ffn: router.layer, experts.mlp w1/v1/w2 as [experts × ffn, d] parameters), norm_f, lm_head; LayerNorms without bias */
function hfDbrx(c: typeof DBRX): Module {
  const d = c.d;
  const block = (): Module => module([], [
    ['norm_attn_norm', module([], [
      ['norm_1', rmsNorm(d)],
      ['attn', module([], [['Wqkv', linear(d, d + 2 * c.kv, false)], ['out_proj', linear(d, d, false)]])],
      ['norm_2', rmsNorm(d)],
    ])],
    ['ffn', module([], [
      ['router', module([], [['layer', linear(d, c.experts, false)]])],
      ['experts', module([], [['mlp', module([t('w1', [c.experts * c.ffn, d]), t('v1', [c.experts * c.ffn, d]), t('w2', [c.experts * c.ffn, d])])]])],
    ])],
  ]);
  return module([], [
    ['transformer', module([], [['wte', embedding(c.vocab, d)], ['blocks', indexed(Array.from({ length: c.layers }, block))], ['norm_f', rmsNorm(d)]])],
    ['lm_head', linear(d, c.vocab, false)],
  ]);
}

/** tensor_mapping.py entries for DBRX (MODEL_ARCH.DBRX) */
const DBRX_GGUF: [RegExp, string][] = [
  [/^transformer\.wte\./, 'token_embd.'],
  [/^transformer\.norm_f\./, 'output_norm.'],
  [/^lm_head\./, 'output.'],
  [/^transformer\.blocks\.(\d+)\.norm_attn_norm\.attn\.Wqkv\./, 'blk.$1.attn_qkv.'],
  [/^transformer\.blocks\.(\d+)\.norm_attn_norm\.attn\.out_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.blocks\.(\d+)\.norm_attn_norm\.norm_1\./, 'blk.$1.attn_norm.'],
  [/^transformer\.blocks\.(\d+)\.norm_attn_norm\.norm_2\./, 'blk.$1.attn_output_norm.'],
  [/^transformer\.blocks\.(\d+)\.ffn\.router\.layer\./, 'blk.$1.ffn_gate_inp.'],
];

/** the expert tensors: GGUF name, and whether convert_hf_to_gguf permutes (0, 2, 1) after the 3-D view */
const DBRX_EXPERTS: Record<string, [string, boolean]> = { w1: ['ffn_gate_exps', false], v1: ['ffn_up_exps', false], w2: ['ffn_down_exps', true] };

export function dbrxBaseToGGUF(): Family {
  const c = DBRX;
  const source = stateDict(hfDbrx(c), 'bfloat16').sort(byKey);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    const m = /^transformer\.blocks\.(\d+)\.ffn\.experts\.mlp\.(w1|v1|w2)$/.exec(e.key);
    if (m) {
      // DbrxModel.modify_tensors: data.view(n_expert, n_ff, n_embd), w2 also .permute(0, 2, 1); the name gains .weight
      const [name, permuted] = DBRX_EXPERTS[m[2]!]!;
      const to = `blk.${m[1]}.${name}.weight`;
      const view: Recipe = { kind: 'reshape', of: { kind: 'source', key: e.key }, shape: [c.experts, c.ffn, c.d] };
      recipes[to] = permuted ? { kind: 'transpose', of: view, dims: [0, 2, 1] } : view;
      truth[e.key] = to;
      target.push({ ...e, key: to, shape: permuted ? [c.experts, c.d, c.ffn] : [c.experts, c.ffn, c.d] });
      continue;
    }
    const to = renameFirst(DBRX_GGUF, e.key);
    truth[e.key] = to;
    target.push({ ...e, key: to });
  }
  return {
    name: 'dbrx-base-hf-to-gguf',
    description: 'databricks/dbrx-base transformers checkpoint (sorted) → llama.cpp GGUF names: wte → token_embd, norm_attn_norm.attn.Wqkv/out_proj → attn_qkv/attn_output (qkv stays fused), norm_1/norm_2 → attn_norm/attn_output_norm, ffn.router.layer → ffn_gate_inp, norm_f → output_norm, lm_head → output; the expert parameters w1/v1/w2 (no .weight suffix, [16 × 10752, 6144] each) viewed as [16, 10752, 6144] into ffn_gate_exps/ffn_up_exps, and w2 also permuted (0, 2, 1) into ffn_down_exps.',
    reference: `${LLAMA_CPP} DbrxModel.modify_tensors (as stored: search-index file id 51974231620) and ${TENSOR_MAP}`,
    url: GGUF_URL,
    source,
    target,
    truth,
    recipes,
    // same elements, another shape (the recipes say how)
    reshaped: source.filter((e) => /\.experts\.mlp\./.test(e.key)).map((e) => e.key),
    // 8 names + 3 expert tensors (view; w2 permuted)
    patterns: 11,
  };
}

/** allenai/OLMoE-1B-7B-0924: 16 layers, width 2048, 16 heads of 128 (q/k RMS norms over the whole width), 64 experts of 1024, vocab 50,304, untied */
const OLMOE = { layers: 16, d: 2048, experts: 64, ffn: 1024, vocab: 50_304 };

/** transformers OlmoeForCausalLM: model.embed_tokens, layers.N (self_attn q/k/v/o_proj, q_norm, k_norm; mlp gate + experts.E gate/up/down_proj; input_layernorm, post_attention_layernorm), norm, lm_head */
function hfOlmoe(c: typeof OLMOE): Module {
  const d = c.d;
  const expert = (): Module => module([], [['gate_proj', linear(d, c.ffn, false)], ['up_proj', linear(d, c.ffn, false)], ['down_proj', linear(c.ffn, d, false)]]);
  const layer = (): Module => module([], [
    ['self_attn', module([], [
      ['q_proj', linear(d, d, false)], ['k_proj', linear(d, d, false)], ['v_proj', linear(d, d, false)], ['o_proj', linear(d, d, false)],
      ['q_norm', rmsNorm(d)], ['k_norm', rmsNorm(d)],
    ])],
    ['mlp', module([], [['gate', linear(d, c.experts, false)], ['experts', indexed(Array.from({ length: c.experts }, expert))]])],
    ['input_layernorm', rmsNorm(d)],
    ['post_attention_layernorm', rmsNorm(d)],
  ]);
  return module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(d)]])],
    ['lm_head', linear(d, c.vocab, false)],
  ]);
}

/** tensor_mapping.py names the OLMoE tensors meet: its q/k norms and the router, then the Llama names */
const OLMOE_GGUF: [RegExp, string][] = [
  [/^model\.layers\.(\d+)\.self_attn\.q_norm\./, 'blk.$1.attn_q_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_norm\./, 'blk.$1.attn_k_norm.'],
  [/^model\.layers\.(\d+)\.mlp\.gate\./, 'blk.$1.ffn_gate_inp.'],
  ...GGUF_NAMES,
];

const OLMOE_STACKS: Record<string, string> = { down_proj: 'ffn_down_exps', gate_proj: 'ffn_gate_exps', up_proj: 'ffn_up_exps' };

export function olmoe1b7bToGGUF(): Family {
  const c = OLMOE;
  const source = stateDict(hfOlmoe(c), 'bfloat16').sort(byKey);
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  const seen = new Map<string, number>();
  for (const e of source) {
    const m = /^model\.layers\.(\d+)\.mlp\.experts\.\d+\.(down_proj|gate_proj|up_proj)\.weight$/.exec(e.key);
    if (m) {
      // OlmoeModel.modify_tensors: held until the layer's 64 × 3 expert tensors are in, then torch.stack per w_name (down, gate, up)
      truth[e.key] = `blk.${m[1]}.${OLMOE_STACKS[m[2]!]}.weight`;
      const n = (seen.get(m[1]!) ?? 0) + 1;
      seen.set(m[1]!, n);
      if (n === 3 * c.experts) {
        for (const w of ['down_proj', 'gate_proj', 'up_proj']) {
          const shape = w === 'down_proj' ? [c.experts, c.d, c.ffn] : [c.experts, c.ffn, c.d];
          target.push({ key: `blk.${m[1]}.${OLMOE_STACKS[w]}.weight`, shape, dtype: e.dtype });
        }
      }
      continue;
    }
    const to = renameFirst(OLMOE_GGUF, e.key);
    truth[e.key] = to;
    target.push({ ...e, key: to });
  }
  return {
    name: 'olmoe-1b-7b-0924-hf-to-gguf',
    description: 'allenai/OLMoE-1B-7B-0924 transformers checkpoint (sorted) → llama.cpp GGUF names: per-expert gate/up/down_proj (64 a layer) stacked along a new leading dim into blk.N.ffn_gate_exps/ffn_up_exps/ffn_down_exps (written once the layer\'s last expert tensor is read), mlp.gate → ffn_gate_inp, q_norm/k_norm → attn_q_norm/attn_k_norm, the Llama names for the rest (no rotary permute for OLMoE).',
    reference: `${LLAMA_CPP} OlmoeModel.modify_tensors (as stored: search-index file id 52127375798) and ${TENSOR_MAP}`,
    url: GGUF_URL,
    source,
    target,
    truth,
    joined: target.filter((e) => e.key.includes('_exps.')).map((e) => e.key),
    // 12 names + 3 stacks
    patterns: 15,
  };
}

/** google/gemma-2-2b: 26 layers, width 2304, 8 heads and 4 KV heads of 256, FFN 9216, vocab 256,000, embeddings tied (no lm_head saved) */
const GEMMA2_2B = { layers: 26, d: 2304, q: 2048, kv: 1024, ffn: 9216, vocab: 256_000 };

/** transformers Gemma2ForCausalLM's saved tensors: model.embed_tokens, layers.N (self_attn q/k/v/o_proj, mlp gate/up/down_proj, four RMS norms), norm */
function hfGemma2(c: typeof GEMMA2_2B): Module {
  const d = c.d;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(d, c.q, false)], ['k_proj', linear(d, c.kv, false)], ['v_proj', linear(d, c.kv, false)], ['o_proj', linear(c.q, d, false)]])],
    ['mlp', module([], [['gate_proj', linear(d, c.ffn, false)], ['up_proj', linear(d, c.ffn, false)], ['down_proj', linear(c.ffn, d, false)]])],
    ['input_layernorm', rmsNorm(d)], ['post_attention_layernorm', rmsNorm(d)],
    ['pre_feedforward_layernorm', rmsNorm(d)], ['post_feedforward_layernorm', rmsNorm(d)],
  ]);
  return module([], [['model', module([], [['embed_tokens', embedding(c.vocab, d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(d)]])]]);
}

/** tensor_mapping.py names for Gemma 2 (MODEL_ARCH.GEMMA2): its sandwich norms (post_attention_norm, ffn_norm as the pre-FFN norm, post_ffw_norm) before the Llama names, where post_attention_layernorm means ffn_norm */
const GEMMA2_GGUF: [RegExp, string][] = [
  [/^model\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.post_attention_norm.'],
  [/^model\.layers\.(\d+)\.pre_feedforward_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^model\.layers\.(\d+)\.post_feedforward_layernorm\./, 'blk.$1.post_ffw_norm.'],
  ...GGUF_NAMES,
];

export function gemma2_2bToGGUF(): Family {
  const c = GEMMA2_2B;
  const source = stateDict(hfGemma2(c), 'float32').sort(byKey);
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    const to = renameFirst(GEMMA2_GGUF, e.key);
    truth[e.key] = to;
    target.push({ ...e, key: to });
  }
  return {
    name: 'gemma-2-2b-hf-to-gguf',
    description: 'google/gemma-2-2b transformers checkpoint (sorted; tied embeddings, no lm_head) → llama.cpp GGUF names: the Llama names plus Gemma 2\'s sandwich norms (input_layernorm → attn_norm, post_attention_layernorm → post_attention_norm, pre_feedforward_layernorm → ffn_norm, post_feedforward_layernorm → post_ffw_norm); no output tensor (tied). Gemma2Model.modify_tensors also adds 1 to every norm weight: a value change of the same shape, not a rename.',
    reference: `${LLAMA_CPP} Gemma2Model.modify_tensors (norm.weight + 1, lm_head skipped; as stored: search-index file id 26127970170) and ${TENSOR_MAP}`,
    url: GGUF_URL,
    source,
    target,
    truth,
    patterns: 13,
  };
}

/** Qwen/Qwen2-VL-2B-Instruct: ViT 32 blocks of 1280 (16 heads, MLP 5120, 14×14×2 patches, 2×2 merger to 1536); Qwen2 LM 28 layers of 1536 (12 heads, 2 KV heads of 128, FFN 8960), vocab 151,936, embeddings tied */
const QWEN2_VL_2B = { vBlocks: 32, vd: 1280, vMlp: 5120, layers: 28, d: 1536, kv: 256, ffn: 8960, vocab: 151_936 };

function qwen2VisionTower(c: typeof QWEN2_VL_2B): Module {
  const v = c.vd;
  const block = (): Module => module([], [
    ['norm1', affineNorm(v)], ['norm2', affineNorm(v)],
    ['attn', module([], [['qkv', linear(v, 3 * v)], ['proj', linear(v, v)]])],
    ['mlp', module([], [['fc1', linear(v, c.vMlp)], ['fc2', linear(c.vMlp, v)]])],
  ]);
  return module([], [
    ['patch_embed', module([], [['proj', module([t('weight', [v, 3, 2, 14, 14])])]])],
    ['blocks', indexed(Array.from({ length: c.vBlocks }, block))],
    ['merger', module([], [['ln_q', affineNorm(v)], ['mlp', indexed([linear(4 * v, 4 * v), null, linear(4 * v, c.d)])]])],
  ]);
}

function qwen2TextModel(c: typeof QWEN2_VL_2B): Module {
  const d = c.d;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(d, d)], ['k_proj', linear(d, c.kv)], ['v_proj', linear(d, c.kv)], ['o_proj', linear(d, d, false)]])],
    ['mlp', module([], [['gate_proj', linear(d, c.ffn, false)], ['up_proj', linear(d, c.ffn, false)], ['down_proj', linear(c.ffn, d, false)]])],
    ['input_layernorm', rmsNorm(d)], ['post_attention_layernorm', rmsNorm(d)],
  ]);
  return module([], [['embed_tokens', embedding(c.vocab, d)], ['layers', indexed(Array.from({ length: c.layers }, layer))], ['norm', rmsNorm(d)]]);
}

export function qwen2vl2bToCurrentHF(): Family {
  const c = QWEN2_VL_2B;
  // the hub checkpoint as written before transformers 4.52: visual.*, model.* (the LM), lm_head omitted (tied); sorted
  const source = stateDict(module([], [['visual', qwen2VisionTower(c)], ['model', qwen2TextModel(c)]]), 'bfloat16').sort(byKey);
  // Qwen2VLForConditionalGeneration now: model (Qwen2VLModel: visual, language_model), lm_head
  const target = stateDict(module([], [
    ['model', module([], [['visual', qwen2VisionTower(c)], ['language_model', qwen2TextModel(c)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]), 'bfloat16');
  // _checkpoint_conversion_mapping: {"^visual": "model.visual", r"^model(?!\.(language_model|visual))": "model.language_model"}, first match wins
  const truth: Truth = {};
  for (const { key } of source) truth[key] = /^visual/.test(key) ? key.replace(/^visual/, 'model.visual') : key.replace(/^model(?!\.(language_model|visual))/, 'model.language_model');
  return {
    name: 'qwen2-vl-2b-legacy-to-current-hf',
    description: 'Qwen2-VL-2B-Instruct hub checkpoint in the pre-4.52 layout (visual.* beside the LM\'s model.*, sorted, tied lm_head omitted) → transformers\' current Qwen2VLForConditionalGeneration tree: visual → model.visual, model.* (embed_tokens, 28 layers, norm) → model.language_model.*; lm_head.weight is tied to the embeddings. Every name below the moved subtree stays; the vision qkv stays fused.',
    reference: 'huggingface/transformers src/transformers/models/qwen2_vl/modeling_qwen2_vl.py Qwen2VLForConditionalGeneration._checkpoint_conversion_mapping, Qwen2VLVisionBlock, PatchMerger (commit 00b676f8f0489b88652a31d70751cc540dd06305)',
    url: 'https://github.com/huggingface/transformers/blob/main/src/transformers/models/qwen2_vl/modeling_qwen2_vl.py',
    source,
    target,
    truth,
    tied: { 'lm_head.weight': 'model.embed_tokens.weight' },
    // two regexes and the tie
    patterns: 3,
  };
}
