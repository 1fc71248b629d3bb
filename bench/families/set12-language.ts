/**
 * The twelfth family set (session 19): llama.cpp's converter for architectures no earlier set uses (MPT, Refact,
 * Persimmon, Qwen (v1), StarCoder (GPTBigCode), Orion, Falcon-7B and -40B, EXAONE 3.0, OpenELM, nomic-bert, MiniCPM), each
 * transformers checkpoint into GGUF. Models at their real configurations; a safetensors file (a GGUF writer's tensor
 * list likewise) lists its tensors sorted by name, so both sides are sorted (a sharded checkpoint is taken as one
 * file). GGUF shapes are given in torch order (llama.cpp's ne order is the reverse; the names are what matter).
 * Most of the code read is the converter as it stood when each model class still had its own write_tensors (one
 * stored copy of convert-hf-to-gguf.py); OpenELM, EXAONE, nomic-bert and MiniCPM are read in the later per-family modules.
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, embedding, indexed, linear, module, rmsNorm, stateDict, type Module } from './modules.js';
import { byKey, renameFirst, rows, type Truth } from './set9-common.js';
import { ggufPermute } from './set10-language.js';
import { GGUF_NAMES } from './transformers-families.js';

/** tensor_mapping.py's Llama names (embeddings, norms, q/k/v/o, gate/up/down, lm_head), Mixtral's router left out */
const LLAMA_GGUF = GGUF_NAMES.filter(([re]) => !re.source.includes('block_sparse_moe'));

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });
const URL = 'https://github.com/ggml-org/llama.cpp/blob/master/convert_hf_to_gguf.py';
/** the converter with one write_tensors per model class (MPT, Orion, Baichuan, Falcon, StarCoder, Refact, Persimmon, StableLM, Qwen, GPT-2, Phi-2, PLaMo, CodeShell) */
const OLD_CONVERTER = 'ggml-org/llama.cpp convert-hf-to-gguf.py (as stored: search-index file id 370123136)';
const TENSOR_MAP = 'gguf-py/gguf/tensor_mapping.py TensorNameMap (as stored: search-index file id 140540567)';

/** a sorted HF side renamed by a first-match table into GGUF names; keys in `skip` are left to the caller (splits) */
function ggufSide(source: KeyEntry[], table: readonly [RegExp, string][], skip: (key: string) => boolean = () => false): { target: KeyEntry[]; truth: Truth } {
  const truth: Truth = {};
  const target: KeyEntry[] = [];
  for (const e of source) {
    if (skip(e.key)) continue;
    const name = renameFirst(table, e.key);
    truth[e.key] = name;
    target.push({ ...e, key: name });
  }
  return { target, truth };
}

/** a fused tensor's row blocks written as separate GGUF tensors (w[:a], w[a:a+b], ...), added to target, truth and recipes */
function splitInto(e: KeyEntry, parts: [string, number][], target: KeyEntry[], truth: Truth, recipes: Record<string, Recipe>): void {
  let start = 0;
  truth[e.key] = parts.map(([name]) => name);
  for (const [name, size] of parts) {
    recipes[name] = rows(e.key, start, size);
    target.push({ ...e, key: name, shape: [size, ...e.shape!.slice(1)] });
    start += size;
  }
}

interface GGUFSpec {
  name: string;
  description: string;
  reference: string;
  /** the transformers model, its state_dict listed sorted as a safetensors file lists it */
  hf: Module;
  dtype: 'bfloat16' | 'float32';
  /** tensor_mapping.py entries the model meets, first match wins */
  table: readonly [RegExp, string][];
  patterns: number;
  url?: string;
  /** source keys the converter splits by rows: each to its parts (GGUF name, rows), in order */
  splits?: (key: string) => [string, number][] | null;
  /** GGUF names whose tensor the converter rebuilds (same shape, values moved) from their one source key */
  rebuilt?: (gguf: string, key: string) => Recipe | null;
}

/** a transformers checkpoint renamed into GGUF by the tensor map, with the row splits and value rebuilds the converter adds */
function ggufFamily(p: GGUFSpec): Family {
  const source = stateDict(p.hf, p.dtype).sort(byKey);
  const split = (k: string): [string, number][] | null => p.splits?.(k) ?? null;
  const { target, truth } = ggufSide(source, p.table, (k) => split(k) !== null);
  const recipes: Record<string, Recipe> = {};
  for (const e of source) {
    const parts = split(e.key);
    if (parts) splitInto(e, parts, target, truth, recipes);
    else {
      const r = p.rebuilt?.(truth[e.key] as string, e.key);
      if (r) recipes[truth[e.key] as string] = r;
    }
  }
  return {
    name: p.name, description: p.description, reference: p.reference, url: p.url ?? URL, source, target: target.sort(byKey), truth,
    ...(Object.keys(recipes).length > 0 ? { recipes } : {}),
    patterns: p.patterns,
  };
}

// ---------------------------------------------------------------------------------------------------------
// MPT-7B (MPTForCausalLM → GGUF, MPTModel)

/** mosaicml/mpt-7b: 32 blocks, width 4096, MLP 16384 (expansion 4), vocabulary 50432, no biases (LayerNorms without bias either), head tied to wte and not saved */
const MPT_7B = { layers: 32, d: 4096, vocab: 50432 };

/** tensor_mapping.py entries MPT meets, first match wins */
const MPT_GGUF: [RegExp, string][] = [
  [/^transformer\.wte\./, 'token_embd.'],
  [/^transformer\.norm_f\./, 'output_norm.'],
  [/^transformer\.blocks\.(\d+)\.norm_1\./, 'blk.$1.attn_norm.'],
  [/^transformer\.blocks\.(\d+)\.attn\.Wqkv\./, 'blk.$1.attn_qkv.'],
  [/^transformer\.blocks\.(\d+)\.attn\.out_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.blocks\.(\d+)\.norm_2\./, 'blk.$1.ffn_norm.'],
  [/^transformer\.blocks\.(\d+)\.ffn\.up_proj\./, 'blk.$1.ffn_up.'],
  [/^transformer\.blocks\.(\d+)\.ffn\.down_proj\./, 'blk.$1.ffn_down.'],
];

export function mpt7bToGGUF(): Family {
  const c = MPT_7B;
  const block = (): Module => module([], [
    ['norm_1', affineNorm(c.d, false)],
    ['attn', module([], [['Wqkv', linear(c.d, 3 * c.d, false)], ['out_proj', linear(c.d, c.d, false)]])],
    ['norm_2', affineNorm(c.d, false)],
    ['ffn', module([], [['up_proj', linear(c.d, 4 * c.d, false)], ['down_proj', linear(4 * c.d, c.d, false)]])],
  ]);
  const f = ggufFamily({
    name: 'mpt-7b-hf-to-gguf',
    description: 'mosaicml/mpt-7b safetensors (sorted) → llama.cpp GGUF (sorted): transformer.wte → token_embd and, the head being tied, written a second time as output; blocks.N.norm_1 / norm_2 → blk.N.attn_norm / ffn_norm (weights only: no biases anywhere), attn.Wqkv → attn_qkv (fused, kept), attn.out_proj → attn_output (square, like nothing else in the block), ffn.up_proj / down_proj → ffn_up / ffn_down, norm_f → output_norm.',
    reference: `${OLD_CONVERTER} MPTModel.write_tensors and ${TENSOR_MAP}`,
    hf: module([], [['transformer', module([], [['wte', embedding(c.vocab, c.d)], ['blocks', indexed(range(c.layers).map(block))], ['norm_f', affineNorm(c.d, false)]])]]),
    dtype: 'bfloat16',
    table: MPT_GGUF,
    // the eight table entries MPT meets, the output copy
    patterns: MPT_GGUF.length + 1,
  });
  // "MPT output is tied to (same as) wte in original model; for easier implementation in llama.cpp it's duplicated in GGUF"
  const wte = f.source.find((e) => e.key === 'transformer.wte.weight')!;
  f.target = [...f.target, { ...wte, key: 'output.weight' }].sort(byKey);
  f.truth[wte.key] = ['token_embd.weight', 'output.weight'];
  f.tied = { 'output.weight': wte.key };
  return f;
}

// ---------------------------------------------------------------------------------------------------------
// Refact-1.6B (GPTRefactForCausalLM → GGUF, RefactModel)

/**
 * smallcloudai/Refact-1_6B-fim: 32 layers, width 2048, 32 query heads and one key/value head (multi-query, head 64),
 * gated MLP of 256 · ceil(int(2 · 4 · 2048 / 3) / 256) = 5632, RMSNorms, no biases, vocabulary 49216, an untied lm_head
 */
const REFACT_16B = { layers: 32, d: 2048, head: 64, ffn: 5632, vocab: 49216 };

/** what RefactModel.write_tensors leaves to the tensor map (after renaming q / the kv halves / the gate_up halves to Llama names) */
const REFACT_GGUF: [RegExp, string][] = [
  [/^transformer\.wte\./, 'token_embd.'],
  [/^lm_head\./, 'output.'],
  [/^transformer\.ln_f\./, 'output_norm.'],
  [/^transformer\.h\.(\d+)\.ln_1\./, 'blk.$1.attn_norm.'],
  [/^transformer\.h\.(\d+)\.ln_2\./, 'blk.$1.ffn_norm.'],
  [/^transformer\.h\.(\d+)\.attn\.q\./, 'blk.$1.attn_q.'],
  [/^transformer\.h\.(\d+)\.attn\.c_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.h\.(\d+)\.mlp\.c_proj\./, 'blk.$1.ffn_down.'],
];

export function refact16bToGGUF(): Family {
  const c = REFACT_16B;
  const layer = (): Module => module([], [
    ['ln_1', rmsNorm(c.d)],
    ['attn', module([], [['q', linear(c.d, c.d, false)], ['kv', linear(c.d, 2 * c.head, false)], ['c_proj', linear(c.d, c.d, false)]])],
    ['ln_2', rmsNorm(c.d)],
    ['mlp', module([], [['gate_up_proj', linear(c.d, 2 * c.ffn, false)], ['c_proj', linear(c.ffn, c.d, false)]])],
  ]);
  return ggufFamily({
    name: 'refact-1.6b-hf-to-gguf',
    description: 'smallcloudai Refact-1.6B safetensors (sorted) → llama.cpp GGUF (sorted): each multi-query attn.kv [128, 2048] split into attn_k and attn_v (64 rows each), each mlp.gate_up_proj [11264, 2048] split into ffn_gate (first 5632 rows) and ffn_up; attn.q → attn_q, attn.c_proj / mlp.c_proj → attn_output / ffn_down (both c_proj: the block decides), ln_1 / ln_2 → attn_norm / ffn_norm, wte / ln_f / lm_head → token_embd / output_norm / output.',
    reference: `${OLD_CONVERTER} RefactModel.write_tensors and ${TENSOR_MAP}`,
    hf: module([], [
      ['transformer', module([], [['wte', embedding(c.vocab, c.d)], ['h', indexed(range(c.layers).map(layer))], ['ln_f', rmsNorm(c.d)]])],
      ['lm_head', linear(c.d, c.vocab, false)],
    ]),
    dtype: 'bfloat16',
    table: REFACT_GGUF,
    // kv: w[:n_head_kv · head_dim] → k_proj, the rest → v_proj; gate_up_proj: w[:ff_dim] → gate_proj, w[ff_dim:] → up_proj
    splits: (key) => {
      const m = /^transformer\.h\.(\d+)\.(attn\.kv|mlp\.gate_up_proj)\.weight$/.exec(key);
      if (!m) return null;
      return m[2] === 'attn.kv' ? [[`blk.${m[1]}.attn_k.weight`, c.head], [`blk.${m[1]}.attn_v.weight`, c.head]] : [[`blk.${m[1]}.ffn_gate.weight`, c.ffn], [`blk.${m[1]}.ffn_up.weight`, c.ffn]];
    },
    // the eight names, the two splits
    patterns: REFACT_GGUF.length + 2,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Persimmon-8B (PersimmonForCausalLM → GGUF, PersimmonModel)

/** adept/persimmon-8b-base: 36 layers, width 4096, 64 heads (head 64) with LayerNorms on q and k, MLP 16384, LayerNorms and biases throughout, vocabulary 262144, an untied lm_head without bias */
const PERSIMMON_8B = { layers: 36, d: 4096, head: 64, ffn: 16384, vocab: 262144 };

const PERSIMMON_GGUF: [RegExp, string][] = [
  [/^model\.embed_tokens\./, 'token_embd.'],
  [/^lm_head\./, 'output.'],
  [/^model\.final_layernorm\./, 'output_norm.'],
  [/^model\.layers\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.query_key_value\./, 'blk.$1.attn_qkv.'],
  [/^model\.layers\.(\d+)\.self_attn\.dense\./, 'blk.$1.attn_output.'],
  [/^model\.layers\.(\d+)\.post_attention_layernorm\./, 'blk.$1.ffn_norm.'],
  [/^model\.layers\.(\d+)\.mlp\.dense_h_to_4h\./, 'blk.$1.ffn_up.'],
  [/^model\.layers\.(\d+)\.mlp\.dense_4h_to_h\./, 'blk.$1.ffn_down.'],
  [/^model\.layers\.(\d+)\.self_attn\.q_layernorm\./, 'blk.$1.attn_q_norm.'],
  [/^model\.layers\.(\d+)\.self_attn\.k_layernorm\./, 'blk.$1.attn_k_norm.'],
];

export function persimmon8bToGGUF(): Family {
  const c = PERSIMMON_8B;
  const layer = (): Module => module([], [
    ['self_attn', module([], [
      ['query_key_value', linear(c.d, 3 * c.d)], ['dense', linear(c.d, c.d)], ['q_layernorm', affineNorm(c.head)], ['k_layernorm', affineNorm(c.head)],
    ])],
    ['mlp', module([], [['dense_h_to_4h', linear(c.d, c.ffn)], ['dense_4h_to_h', linear(c.ffn, c.d)]])],
    ['input_layernorm', affineNorm(c.d)],
    ['post_attention_layernorm', affineNorm(c.d)],
  ]);
  const hf = module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['final_layernorm', affineNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
  return ggufFamily({
    name: 'persimmon-8b-hf-to-gguf',
    description: 'adept/persimmon-8b-base safetensors (sorted) → llama.cpp GGUF (sorted): layers.N.self_attn.query_key_value → blk.N.attn_qkv (fused, kept as is), self_attn.dense → attn_output, q_layernorm / k_layernorm (weight and bias of [64] each: four look-alike vectors per layer) → attn_q_norm / attn_k_norm, mlp.dense_h_to_4h / dense_4h_to_h → ffn_up / ffn_down, input_layernorm / post_attention_layernorm → attn_norm / ffn_norm, embed_tokens / final_layernorm / lm_head → token_embd / output_norm / output.',
    reference: `${OLD_CONVERTER} PersimmonModel.write_tensors and ${TENSOR_MAP}`,
    hf,
    dtype: 'bfloat16',
    table: PERSIMMON_GGUF,
    // the eleven table entries Persimmon meets
    patterns: PERSIMMON_GGUF.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Qwen-7B, the first Qwen (QWenLMHeadModel → GGUF, QwenModel)

/** Qwen/Qwen-7B: 32 layers, width 4096, 32 heads, MLP 11008 (intermediate_size 22016 halved), RMSNorms, biases on c_attn only, vocabulary 151936, an untied lm_head */
const QWEN_7B = { layers: 32, d: 4096, ffn: 11008, vocab: 151936 };

const QWEN_GGUF: [RegExp, string][] = [
  [/^transformer\.wte\./, 'token_embd.'],
  [/^lm_head\./, 'output.'],
  [/^transformer\.ln_f\./, 'output_norm.'],
  [/^transformer\.h\.(\d+)\.ln_1\./, 'blk.$1.attn_norm.'],
  [/^transformer\.h\.(\d+)\.attn\.c_attn\./, 'blk.$1.attn_qkv.'],
  [/^transformer\.h\.(\d+)\.attn\.c_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.h\.(\d+)\.ln_2\./, 'blk.$1.ffn_norm.'],
  // "transformer.h.{bid}.mlp.w1 # qwen" is FFN_UP and "mlp.w2 # qwen" FFN_GATE: the other way round from Llama's w1 / w3
  [/^transformer\.h\.(\d+)\.mlp\.w1\./, 'blk.$1.ffn_up.'],
  [/^transformer\.h\.(\d+)\.mlp\.w2\./, 'blk.$1.ffn_gate.'],
  [/^transformer\.h\.(\d+)\.mlp\.c_proj\./, 'blk.$1.ffn_down.'],
];

export function qwen7bToGGUF(): Family {
  const c = QWEN_7B;
  const layer = (): Module => module([], [
    ['ln_1', rmsNorm(c.d)],
    ['attn', module([], [['c_attn', linear(c.d, 3 * c.d)], ['c_proj', linear(c.d, c.d, false)]])],
    ['ln_2', rmsNorm(c.d)],
    ['mlp', module([], [['w1', linear(c.d, c.ffn, false)], ['w2', linear(c.d, c.ffn, false)], ['c_proj', linear(c.ffn, c.d, false)]])],
  ]);
  const hf = module([], [
    ['transformer', module([], [['wte', embedding(c.vocab, c.d)], ['h', indexed(range(c.layers).map(layer))], ['ln_f', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
  return ggufFamily({
    name: 'qwen-7b-hf-to-gguf',
    description: 'Qwen/Qwen-7B (the first Qwen, remote code) safetensors (sorted) → llama.cpp GGUF (sorted): h.N.attn.c_attn (weight and bias) → blk.N.attn_qkv, attn.c_proj → attn_output, mlp.w1 → ffn_up and mlp.w2 → ffn_gate (equal shapes [11008, 4096]: only the names say which, and not the way Llama\'s w1 / w3 do), mlp.c_proj → ffn_down, ln_1 / ln_2 → attn_norm / ffn_norm, wte / ln_f / lm_head → token_embd / output_norm / output.',
    reference: `${OLD_CONVERTER} QwenModel.write_tensors and ${TENSOR_MAP}`,
    hf,
    dtype: 'bfloat16',
    table: QWEN_GGUF,
    // the ten table entries Qwen meets
    patterns: QWEN_GGUF.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// StarCoderBase-1B (GPTBigCodeForCausalLM → GGUF, StarCoderModel)

/** bigcode/starcoderbase-1b: 24 layers, width 2048, 16 heads and one key/value head (c_attn 2048 + 2 · 128 rows), MLP 8192, 8192 learned positions, LayerNorms and biases throughout, vocabulary 49152, head tied and not saved */
const STARCODER_1B = { layers: 24, d: 2048, kv: 128, ffn: 8192, positions: 8192, vocab: 49152 };

const STARCODER_GGUF: [RegExp, string][] = [
  [/^transformer\.wte\./, 'token_embd.'],
  [/^transformer\.wpe\./, 'position_embd.'],
  [/^transformer\.ln_f\./, 'output_norm.'],
  [/^transformer\.h\.(\d+)\.ln_1\./, 'blk.$1.attn_norm.'],
  [/^transformer\.h\.(\d+)\.attn\.c_attn\./, 'blk.$1.attn_qkv.'],
  [/^transformer\.h\.(\d+)\.attn\.c_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.h\.(\d+)\.ln_2\./, 'blk.$1.ffn_norm.'],
  [/^transformer\.h\.(\d+)\.mlp\.c_fc\./, 'blk.$1.ffn_up.'],
  [/^transformer\.h\.(\d+)\.mlp\.c_proj\./, 'blk.$1.ffn_down.'],
];

export function starcoderbase1bToGGUF(): Family {
  const c = STARCODER_1B;
  const layer = (): Module => module([], [
    ['ln_1', affineNorm(c.d)],
    ['attn', module([], [['c_attn', linear(c.d, c.d + 2 * c.kv)], ['c_proj', linear(c.d, c.d)]])],
    ['ln_2', affineNorm(c.d)],
    ['mlp', module([], [['c_fc', linear(c.d, c.ffn)], ['c_proj', linear(c.ffn, c.d)]])],
  ]);
  const hf = module([], [['transformer', module([], [
    ['wte', embedding(c.vocab, c.d)], ['wpe', embedding(c.positions, c.d)], ['h', indexed(range(c.layers).map(layer))], ['ln_f', affineNorm(c.d)],
  ])]]);
  return ggufFamily({
    name: 'starcoderbase-1b-hf-to-gguf',
    description: 'bigcode/starcoderbase-1b (GPTBigCode) safetensors (sorted) → llama.cpp GGUF (sorted): wte / wpe → token_embd / position_embd ([49152, 2048] and [8192, 2048]), h.N.attn.c_attn (multi-query [2304, 2048], weight and bias) → blk.N.attn_qkv, attn.c_proj → attn_output, mlp.c_fc / c_proj → ffn_up / ffn_down (nn.Linear: no transpose, unlike GPT-2), ln_1 / ln_2 → attn_norm / ffn_norm, ln_f → output_norm; no lm_head on either side (tied).',
    reference: `${OLD_CONVERTER} StarCoderModel (no tensor override: Model.write_tensors) and ${TENSOR_MAP}`,
    hf,
    dtype: 'float32',
    table: STARCODER_GGUF,
    // the nine table entries StarCoder meets
    patterns: STARCODER_GGUF.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Orion-14B (OrionForCausalLM → GGUF, OrionModel)

/** OrionStarAI/Orion-14B-Base: 40 layers, width 5120, 40 heads (no GQA), MLP 15360, LayerNorms with biases, no linear biases, vocabulary 84608, an untied lm_head */
const ORION_14B = { layers: 40, d: 5120, ffn: 15360, vocab: 84608 };

/** Orion meets the Llama names of tensor_mapping.py (LayerNorms with a bias), and OrionModel permutes nothing */
const ORION_GGUF = LLAMA_GGUF;

export function orion14bToGGUF(): Family {
  const c = ORION_14B;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)], ['up_proj', linear(c.d, c.ffn, false)]])],
    ['input_layernorm', affineNorm(c.d)],
    ['post_attention_layernorm', affineNorm(c.d)],
  ]);
  const hf = module([], [
    ['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', affineNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
  return ggufFamily({
    name: 'orion-14b-hf-to-gguf',
    description: 'OrionStarAI/Orion-14B-Base safetensors (sorted) → llama.cpp GGUF (sorted): Llama names (q/k/v/o_proj → attn_q/k/v/output: four square [5120, 5120] weights per layer, decided by name only; gate/up/down_proj → ffn_gate/up/down, input_layernorm / post_attention_layernorm → attn_norm / ffn_norm with their biases), embed_tokens / norm / lm_head → token_embd / output_norm / output; no q/k permute (OrionModel writes them as stored).',
    reference: `${OLD_CONVERTER} OrionModel.write_tensors and ${TENSOR_MAP}`,
    hf,
    dtype: 'bfloat16',
    table: ORION_GGUF,
    // the twelve table entries Orion meets
    patterns: ORION_GGUF.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Falcon-7B and Falcon-40B (FalconForCausalLM / RWForCausalLM → GGUF, FalconModel)

/**
 * FalconModel.write_tensors' QKV transform: the fused tensor holds n_head_kv groups of (n_head / n_head_kv query heads,
 * one key, one value); view(n_head_kv, n_head / n_head_kv + 2, head_dim, width), then all queries, all keys, all values
 * concatenated along dim 0
 */
function falconQkv(key: string, heads: number, kvHeads: number, head: number, width: number): Recipe {
  const g = heads / kvHeads;
  const viewed: Recipe = { kind: 'reshape', of: src(key), shape: [kvHeads, g + 2, head, width] };
  const part = (start: number, size: number, rowsOut: number): Recipe => ({ kind: 'reshape', of: { kind: 'split', of: viewed, dim: 1, start, size, squeeze: false }, shape: [rowsOut, width] });
  return { kind: 'concat', parts: [part(0, g, heads * head), part(g, 1, kvHeads * head), part(g + 1, 1, kvHeads * head)], dim: 0 };
}

interface FalconConfig { layers: number; d: number; heads: number; kvHeads: number; vocab: number; newArch: boolean }
/** tiiuae/falcon-7b: 32 layers, width 4544, 71 heads of 64 and one key/value head, one input_layernorm (parallel attention and MLP), no linear biases, vocabulary 65024, lm_head saved */
const FALCON_7B: FalconConfig = { layers: 32, d: 4544, heads: 71, kvHeads: 1, vocab: 65024, newArch: false };
/** tiiuae/falcon-40b: 60 layers, width 8192, 128 heads of 64 in 8 key/value groups, two LayerNorms per layer (ln_attn, ln_mlp), no linear biases, vocabulary 65024, lm_head saved */
const FALCON_40B: FalconConfig = { layers: 60, d: 8192, heads: 128, kvHeads: 8, vocab: 65024, newArch: true };

const FALCON_GGUF: [RegExp, string][] = [
  [/^transformer\.word_embeddings\./, 'token_embd.'],
  [/^lm_head\./, 'output.'],
  [/^transformer\.ln_f\./, 'output_norm.'],
  [/^transformer\.h\.(\d+)\.input_layernorm\./, 'blk.$1.attn_norm.'],
  [/^transformer\.h\.(\d+)\.ln_mlp\./, 'blk.$1.attn_norm.'],
  [/^transformer\.h\.(\d+)\.ln_attn\./, 'blk.$1.attn_norm_2.'],
  [/^transformer\.h\.(\d+)\.self_attention\.query_key_value\./, 'blk.$1.attn_qkv.'],
  [/^transformer\.h\.(\d+)\.self_attention\.dense\./, 'blk.$1.attn_output.'],
  [/^transformer\.h\.(\d+)\.mlp\.dense_h_to_4h\./, 'blk.$1.ffn_up.'],
  [/^transformer\.h\.(\d+)\.mlp\.dense_4h_to_h\./, 'blk.$1.ffn_down.'],
];

function falconToGGUF(c: FalconConfig, name: string, description: string): Family {
  const head = c.d / c.heads;
  const layer = (): Module => module([], [
    ['self_attention', module([], [['query_key_value', linear(c.d, (c.heads + 2 * c.kvHeads) * head, false)], ['dense', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['dense_h_to_4h', linear(c.d, 4 * c.d, false)], ['dense_4h_to_h', linear(4 * c.d, c.d, false)]])],
    ...(c.newArch ? [['ln_attn', affineNorm(c.d)], ['ln_mlp', affineNorm(c.d)]] as [string, Module][] : [['input_layernorm', affineNorm(c.d)]] as [string, Module][]),
  ]);
  return ggufFamily({
    name,
    description,
    reference: `${OLD_CONVERTER} FalconModel.write_tensors (the QKV tensor transform) and ${TENSOR_MAP}`,
    hf: module([], [
      ['transformer', module([], [['word_embeddings', embedding(c.vocab, c.d)], ['h', indexed(range(c.layers).map(layer))], ['ln_f', affineNorm(c.d)]])],
      ['lm_head', linear(c.d, c.vocab, false)],
    ]),
    dtype: 'bfloat16',
    table: FALCON_GGUF,
    rebuilt: (_gguf, key) => (key.endsWith('query_key_value.weight') ? falconQkv(key, c.heads, c.kvHeads, head, c.d) : null),
    // the names this model meets (embeddings, head, final norm, its one or two layer norms, qkv, dense, the MLP pair), the QKV transform
    patterns: (c.newArch ? 9 : 8) + 1,
  });
}

export function falcon7bToGGUF(): Family {
  return falconToGGUF(FALCON_7B, 'falcon-7b-hf-to-gguf',
    'tiiuae/falcon-7b safetensors (sorted) → llama.cpp GGUF (sorted): h.N.self_attention.query_key_value [4672, 4544] → blk.N.attn_qkv through the QKV transform (one key/value group: 71 query heads, the key, the value, already in that order, so the values stay), self_attention.dense → attn_output (square), mlp.dense_h_to_4h / dense_4h_to_h → ffn_up / ffn_down, input_layernorm (the one norm of a parallel block) → attn_norm, word_embeddings / ln_f / lm_head → token_embd / output_norm / output.');
}

export function falcon40bToGGUF(): Family {
  return falconToGGUF(FALCON_40B, 'falcon-40b-hf-to-gguf',
    'tiiuae/falcon-40b safetensors (sorted) → llama.cpp GGUF (sorted): each h.N.self_attention.query_key_value [9216, 8192], stored as 8 groups of (16 query heads, 1 key, 1 value), regrouped into all 128 query heads, then the 8 keys, then the 8 values (same name pattern attn_qkv, same shape, rows moved); ln_attn → attn_norm_2 and ln_mlp → attn_norm (equal-shaped LayerNorms decided by name), self_attention.dense → attn_output, mlp.dense_h_to_4h / dense_4h_to_h → ffn_up / ffn_down, word_embeddings / ln_f / lm_head → token_embd / output_norm / output.');
}

// ---------------------------------------------------------------------------------------------------------
// EXAONE-3.0-7.8B (ExaoneForCausalLM → GGUF, ExaoneModel)

/** LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct: 32 layers, width 4096, 32 heads and 8 key/value heads (head 128), gated MLP 14336, RMSNorms, no biases, vocabulary 102400, an untied lm_head */
const EXAONE_78B = { layers: 32, d: 4096, kv: 1024, ffn: 14336, vocab: 102400 };

const EXAONE_GGUF: [RegExp, string][] = [
  [/^transformer\.wte\./, 'token_embd.'],
  [/^lm_head\./, 'output.'],
  [/^transformer\.ln_f\./, 'output_norm.'],
  [/^transformer\.h\.(\d+)\.ln_1\./, 'blk.$1.attn_norm.'],
  [/^transformer\.h\.(\d+)\.attn\.attention\.q_proj\./, 'blk.$1.attn_q.'],
  [/^transformer\.h\.(\d+)\.attn\.attention\.k_proj\./, 'blk.$1.attn_k.'],
  [/^transformer\.h\.(\d+)\.attn\.attention\.v_proj\./, 'blk.$1.attn_v.'],
  [/^transformer\.h\.(\d+)\.attn\.attention\.out_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.h\.(\d+)\.ln_2\./, 'blk.$1.ffn_norm.'],
  // "transformer.h.{bid}.mlp.c_fc_0 # exaone" is FFN_GATE, "c_fc_1" FFN_UP
  [/^transformer\.h\.(\d+)\.mlp\.c_fc_0\./, 'blk.$1.ffn_gate.'],
  [/^transformer\.h\.(\d+)\.mlp\.c_fc_1\./, 'blk.$1.ffn_up.'],
  [/^transformer\.h\.(\d+)\.mlp\.c_proj\./, 'blk.$1.ffn_down.'],
];

export function exaone78bToGGUF(): Family {
  const c = EXAONE_78B;
  const layer = (): Module => module([], [
    ['ln_1', rmsNorm(c.d)],
    ['attn', module([], [['attention', module([], [
      ['k_proj', linear(c.d, c.kv, false)], ['v_proj', linear(c.d, c.kv, false)], ['q_proj', linear(c.d, c.d, false)], ['out_proj', linear(c.d, c.d, false)],
    ])]])],
    ['ln_2', rmsNorm(c.d)],
    ['mlp', module([], [['c_fc_0', linear(c.d, c.ffn, false)], ['c_fc_1', linear(c.d, c.ffn, false)], ['c_proj', linear(c.ffn, c.d, false)]])],
  ]);
  const hf = module([], [
    ['transformer', module([], [['wte', embedding(c.vocab, c.d)], ['h', indexed(range(c.layers).map(layer))], ['ln_f', rmsNorm(c.d)]])],
    ['lm_head', linear(c.d, c.vocab, false)],
  ]);
  return ggufFamily({
    name: 'exaone-3.0-7.8b-hf-to-gguf',
    description: 'LGAI-EXAONE/EXAONE-3.0-7.8B-Instruct safetensors (sorted) → llama.cpp GGUF (sorted): h.N.attn.attention.q/k/v/out_proj → blk.N.attn_q/k/v/output (q and out_proj square, k and v equal: names decide), mlp.c_fc_0 → ffn_gate and c_fc_1 → ffn_up (equal shapes [14336, 4096]), mlp.c_proj → ffn_down, ln_1 / ln_2 → attn_norm / ffn_norm, wte / ln_f / lm_head → token_embd / output_norm / output; no permute.',
    reference: `ggml-org/llama.cpp conversion/exaone.py ExaoneModel (no tensor override; as stored: search-index file id 26453760784) and ${TENSOR_MAP}`,
    hf,
    dtype: 'bfloat16',
    table: EXAONE_GGUF,
    // the twelve table entries EXAONE meets
    patterns: EXAONE_GGUF.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// OpenELM-270M (OpenELMForCausalLM → GGUF, OpenELMModel)

/** configuration_openelm.make_divisible (OpenELMModel._make_divisible is the same) */
function makeDivisible(v: number, divisor: number): number {
  let n = Math.max(divisor, Math.floor(Math.floor(v + divisor / 2) / divisor) * divisor);
  if (n < 0.9 * v) n += divisor;
  return n;
}
/** np.linspace(a, b, n) with each value rounded to 2 decimals, as configuration_openelm writes its multipliers */
const linspace2 = (a: number, b: number, n: number): number[] => range(n).map((i) => Math.round((a + ((b - a) * i) / (n - 1)) * 100) / 100);

/**
 * apple/OpenELM-270M: 16 layers, width 1280, head 64, 4 GQA groups, query heads from qkv multipliers 0.5 … 1.0
 * (12 … 20 heads, key/value heads a quarter of them), MLP widths from multipliers 0.5 … 4.0 (divisor 256), RMSNorms
 * (q_norm / k_norm per head), no biases, vocabulary 32000, head shared with the embedding and not saved
 */
const OPENELM_270M = { layers: 16, d: 1280, head: 64, groups: 4, qkv: [0.5, 1.0], ffn: [0.5, 4.0], divisor: 256, vocab: 32000 };

const OPENELM_GGUF: [RegExp, string][] = [
  [/^transformer\.token_embeddings\./, 'token_embd.'],
  [/^transformer\.norm\./, 'output_norm.'],
  [/^transformer\.layers\.(\d+)\.attn_norm\./, 'blk.$1.attn_norm.'],
  [/^transformer\.layers\.(\d+)\.attn\.qkv_proj\./, 'blk.$1.attn_qkv.'],
  [/^transformer\.layers\.(\d+)\.attn\.q_norm\./, 'blk.$1.attn_q_norm.'],
  [/^transformer\.layers\.(\d+)\.attn\.k_norm\./, 'blk.$1.attn_k_norm.'],
  [/^transformer\.layers\.(\d+)\.attn\.out_proj\./, 'blk.$1.attn_output.'],
  [/^transformer\.layers\.(\d+)\.ffn_norm\./, 'blk.$1.ffn_norm.'],
  [/^transformer\.layers\.(\d+)\.ffn\.proj_2\./, 'blk.$1.ffn_down.'],
];

export function openelm270mToGGUF(): Family {
  const c = OPENELM_270M;
  const qHeads = linspace2(c.qkv[0]!, c.qkv[1]!, c.layers).map((m) => makeDivisible(c.d * m, c.head * c.groups) / c.head);
  const ffn = linspace2(c.ffn[0]!, c.ffn[1]!, c.layers).map((m) => makeDivisible(m * c.d, c.divisor));
  const layer = (l: number): Module => {
    const q = qHeads[l]!;
    const kv = q / c.groups;
    return module([], [
      ['attn', module([], [
        ['qkv_proj', linear(c.d, (q + 2 * kv) * c.head, false)], ['q_norm', rmsNorm(c.head)], ['k_norm', rmsNorm(c.head)], ['out_proj', linear(q * c.head, c.d, false)],
      ])],
      ['ffn', module([], [['proj_1', linear(c.d, 2 * ffn[l]!, false)], ['proj_2', linear(ffn[l]!, c.d, false)]])],
      ['ffn_norm', rmsNorm(c.d)],
      ['attn_norm', rmsNorm(c.d)],
    ]);
  };
  const hf = module([], [['transformer', module([], [['token_embeddings', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])]]);
  return ggufFamily({
    name: 'openelm-270m-hf-to-gguf',
    description: 'apple/OpenELM-270M safetensors (sorted) → llama.cpp GGUF (sorted): layer-wise scaled widths (12 to 20 query heads, MLP 768 to 5120), each transformer.layers.N.ffn.proj_1 [2 · ff_N, 1280] split into ffn_gate (first ff_N rows) and ffn_up, ffn.proj_2 → ffn_down, attn.qkv_proj → attn_qkv, attn.q_norm / k_norm ([64] each) → attn_q_norm / attn_k_norm, attn.out_proj → attn_output, attn_norm / ffn_norm → attn_norm / ffn_norm, token_embeddings → token_embd, norm → output_norm; the head is the embedding (nothing saved, nothing written).',
    reference: `ggml-org/llama.cpp conversion/openelm.py OpenELMModel.modify_tensors (as stored: search-index file id 52000769762) and ${TENSOR_MAP}`,
    hf,
    dtype: 'float32',
    table: OPENELM_GGUF,
    // "split ff": data[:ff_dim] → FFN_GATE, data[ff_dim:] → FFN_UP, ff_dim of this layer
    splits: (key) => {
      const m = /^transformer\.layers\.(\d+)\.ffn\.proj_1\.weight$/.exec(key);
      return m ? [[`blk.${m[1]}.ffn_gate.weight`, ffn[Number(m[1])]!], [`blk.${m[1]}.ffn_up.weight`, ffn[Number(m[1])]!]] : null;
    },
    // the nine table entries OpenELM meets, the proj_1 split
    patterns: OPENELM_GGUF.length + 1,
  });
}

// ---------------------------------------------------------------------------------------------------------
// nomic-embed-text-v1.5 (NomicBertModel → GGUF)

/** nomic-ai/nomic-embed-text-v1.5: 12 layers, width 768, SwiGLU MLP 3072 (fc11, fc12, fc2), no linear biases, post-norm LayerNorms, 2 token types, vocabulary 30528, no pooler */
const NOMIC_V15 = { layers: 12, d: 768, ffn: 3072, types: 2, vocab: 30528 };

const NOMIC_GGUF: [RegExp, string][] = [
  [/^embeddings\.word_embeddings\./, 'token_embd.'],
  [/^embeddings\.token_type_embeddings\./, 'token_types.'],
  [/^emb_ln\./, 'token_embd_norm.'],
  [/^encoder\.layers\.(\d+)\.attn\.Wqkv\./, 'blk.$1.attn_qkv.'],
  [/^encoder\.layers\.(\d+)\.attn\.out_proj\./, 'blk.$1.attn_output.'],
  [/^encoder\.layers\.(\d+)\.norm1\./, 'blk.$1.attn_output_norm.'],
  // "encoder.layers.{bid}.mlp.fc11 # nomic-bert" is FFN_UP, "mlp.fc12" FFN_GATE
  [/^encoder\.layers\.(\d+)\.mlp\.fc11\./, 'blk.$1.ffn_up.'],
  [/^encoder\.layers\.(\d+)\.mlp\.fc12\./, 'blk.$1.ffn_gate.'],
  [/^encoder\.layers\.(\d+)\.mlp\.fc2\./, 'blk.$1.ffn_down.'],
  [/^encoder\.layers\.(\d+)\.norm2\./, 'blk.$1.layer_output_norm.'],
];

export function nomicEmbedV15ToGGUF(): Family {
  const c = NOMIC_V15;
  const layer = (): Module => module([], [
    ['attn', module([], [['Wqkv', linear(c.d, 3 * c.d, false)], ['out_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['fc11', linear(c.d, c.ffn, false)], ['fc12', linear(c.d, c.ffn, false)], ['fc2', linear(c.ffn, c.d, false)]])],
    ['norm1', affineNorm(c.d)],
    ['norm2', affineNorm(c.d)],
  ]);
  const hf = module([], [
    ['embeddings', module([], [['word_embeddings', embedding(c.vocab, c.d)], ['token_type_embeddings', embedding(c.types, c.d)]])],
    ['emb_ln', affineNorm(c.d)],
    ['encoder', module([], [['layers', indexed(range(c.layers).map(layer))]])],
  ]);
  return ggufFamily({
    name: 'nomic-embed-text-v1.5-hf-to-gguf',
    description: 'nomic-ai/nomic-embed-text-v1.5 (nomic-bert) safetensors (sorted) → llama.cpp GGUF (sorted): encoder.layers.N.attn.Wqkv → blk.N.attn_qkv, attn.out_proj → attn_output, mlp.fc11 → ffn_up and mlp.fc12 → ffn_gate (equal shapes [3072, 768]: only the names decide), mlp.fc2 → ffn_down, norm1 → attn_output_norm and norm2 → layer_output_norm (post-norm LayerNorms, equal shapes), embeddings.word_embeddings / token_type_embeddings / emb_ln → token_embd / token_types / token_embd_norm.',
    reference: `ggml-org/llama.cpp conversion/bert.py NomicBertModel and BertModel.filter_tensors (as stored: search-index file id 52247393008) and ${TENSOR_MAP}`,
    hf,
    dtype: 'float32',
    table: NOMIC_GGUF,
    // the ten table entries nomic-bert meets
    patterns: NOMIC_GGUF.length,
  });
}

// ---------------------------------------------------------------------------------------------------------
// MiniCPM-2B (MiniCPMForCausalLM → GGUF, MiniCPMModel)

/** openbmb/MiniCPM-2B-sft-bf16: 40 layers, width 2304, 36 heads (no GQA), MLP 5760, RMSNorms, no biases, vocabulary 122753, head tied and not saved */
const MINICPM_2B = { layers: 40, d: 2304, heads: 36, ffn: 5760, vocab: 122753 };

/** MiniCPM meets the Llama names of tensor_mapping.py; nothing is saved under lm_head */
const MINICPM_GGUF = LLAMA_GGUF.filter(([re]) => !re.source.includes('lm_head'));

export function minicpm2bToGGUF(): Family {
  const c = MINICPM_2B;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d, false)], ['o_proj', linear(c.d, c.d, false)]])],
    ['mlp', module([], [['gate_proj', linear(c.d, c.ffn, false)], ['up_proj', linear(c.d, c.ffn, false)], ['down_proj', linear(c.ffn, c.d, false)]])],
    ['input_layernorm', rmsNorm(c.d)],
    ['post_attention_layernorm', rmsNorm(c.d)],
  ]);
  const hf = module([], [['model', module([], [['embed_tokens', embedding(c.vocab, c.d)], ['layers', indexed(range(c.layers).map(layer))], ['norm', rmsNorm(c.d)]])]]);
  return ggufFamily({
    name: 'minicpm-2b-hf-to-gguf',
    description: 'openbmb/MiniCPM-2B-sft-bf16 safetensors (sorted) → llama.cpp GGUF (sorted): Llama names (q/k/v/o_proj → attn_q/k/v/output, all four square [2304, 2304]: names decide; gate/up/down_proj → ffn_gate/up/down; input_layernorm / post_attention_layernorm → attn_norm / ffn_norm; embed_tokens / norm → token_embd / output_norm), q_proj and k_proj permuted per head back to the interleaved rotary layout (36 heads: reshape [36, 2, 32, 2304], swap dims 1 and 2); the tied head neither saved nor written.',
    reference: 'ggml-org/llama.cpp conversion/minicpm.py MiniCPMModel.modify_tensors (commit 32e9e0448790c40f733273b95c8e90e2b5faa600) and ' + TENSOR_MAP,
    url: 'https://github.com/ggml-org/llama.cpp/blob/32e9e0448790c40f733273b95c8e90e2b5faa600/conversion/minicpm.py',
    hf,
    dtype: 'bfloat16',
    table: MINICPM_GGUF,
    // "HF models permute some of the tensors, so we need to undo that": q_proj with (n_head, n_head), k_proj with (n_head, n_kv_head), 36 and 36 here
    rebuilt: (_gguf, key) => (/\.(q|k)_proj\.weight$/.test(key) ? ggufPermute(src(key), c.d, c.d, c.heads) : null),
    // the eleven table entries MiniCPM meets, the q/k permute
    patterns: MINICPM_GGUF.length + 1,
  });
}
