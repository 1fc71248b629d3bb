/**
 * The thirteenth family set (session 20), part one: conversions no earlier set uses whose kinds set 12 lacked.
 * Video transformers from their original PyTorch repositories into transformers (TimeSformer: a fused qkv kept,
 * spatial and temporal attention of equal shapes told apart by name; VideoMAE: qkv split into query / key /
 * value while q_bias / v_bias stay separate, a pretraining decoder beside the encoder), and TF / Flax / T5X
 * originals into PyTorch (Pegasus's TF checkpoint: square kernels transposed, LayerNorm gamma / beta, the
 * embedding tied three ways; T5X: every kernel transposed, the relative bias too; MobileNet v1 / v2 TF slim:
 * HWIO kernels permuted, depthwise ones otherwise, BatchNorm gamma / beta / moving statistics, a 1×1 conv
 * head squeezed into a Linear; ViViT's Flax DenseGeneral kernels reshaped per head and transposed).
 * Models at their real configurations; a TF or Flax checkpoint lists its variables sorted by name.
 */
import type { KeyEntry } from '../../src/formats/keys.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { byKey, splitRows, type Truth } from './set9-common.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });
const tr = (key: string, dims: number[]): Recipe => ({ kind: 'transpose', of: src(key), dims });
const reshapeT = (key: string, shape: [number, number]): Recipe => ({ kind: 'transpose', of: { kind: 'reshape', of: src(key), shape }, dims: [1, 0] });
const entry = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

const HF = 'huggingface/transformers';
const HF_URL = (path: string): string => `https://github.com/huggingface/transformers/blob/main/${path}`;

// ---------------------------------------------------------------------------------------------------------
// TimeSformer (facebookresearch/TimeSformer → TimesformerForVideoClassification)

const TIMESFORMER_SCRIPT = 'src/transformers/models/timesformer/convert_timesformer_to_pytorch.py';

/** the original divided space-time VisionTransformer (vit.py): cls_token, pos_embed, time_embed, patch_embed, blocks, norm, head */
function timesformerOriginal(frames: number, image: number, labels: number): Module {
  const d = 768;
  const block = (): Module => module([], [
    ['norm1', affineNorm(d)],
    ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['temporal_norm1', affineNorm(d)],
    ['temporal_attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
    ['temporal_fc', linear(d, d)],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
  ]);
  const patches = (image / 16) ** 2;
  return module([], [['model', module(
    [t('cls_token', [1, 1, d]), t('pos_embed', [1, patches + 1, d]), t('time_embed', [1, frames, d])],
    [['patch_embed', module([], [['proj', conv2d(3, d, 16)]])], ['blocks', indexed(range(12).map(block))], ['norm', affineNorm(d)], ['head', linear(d, labels)]],
  )]]);
}

/** TimesformerForVideoClassification: embeddings (cls, positions, time, patches), encoder.layer (spatial, MLP, norms, then temporal), layernorm, classifier */
function timesformerHF(frames: number, image: number, labels: number): Module {
  const d = 768;
  const attention = (): Module => module([], [['attention', module([], [['qkv', linear(d, 3 * d)]])], ['output', module([], [['dense', linear(d, d)]])]]);
  const layer = (): Module => module([], [
    ['attention', attention()],
    ['intermediate', module([], [['dense', linear(d, 4 * d)]])],
    ['output', module([], [['dense', linear(4 * d, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
    ['temporal_layernorm', affineNorm(d)],
    ['temporal_attention', attention()],
    ['temporal_dense', linear(d, d)],
  ]);
  const patches = (image / 16) ** 2;
  return module([], [
    ['timesformer', module([], [
      ['embeddings', module(
        [t('cls_token', [1, 1, d]), t('position_embeddings', [1, patches + 1, d]), t('time_embeddings', [1, frames, d])],
        [['patch_embeddings', module([], [['projection', conv2d(3, d, 16)]])]],
      )],
      ['encoder', module([], [['layer', indexed(range(12).map(layer))]])],
      ['layernorm', affineNorm(d)],
    ])],
    ['classifier', linear(d, labels)],
  ]);
}

/** convert_state_dict + rename_key, in the script's order (first the model. prefix, then qkv, then the replace chain) */
function timesformerName(key: string): string {
  let k = key.replace(/^model\./, '');
  const qkv = /^blocks\.(\d+)\.(temporal_)?attn\.qkv\.(weight|bias)$/.exec(k);
  if (qkv) return `timesformer.encoder.layer.${qkv[1]}.${qkv[2] ? 'temporal_attention' : 'attention'}.attention.qkv.${qkv[3]}`;
  const rep = (from: string, to: string): void => void (k = k.replace(from, to));
  if (k.includes('cls_token')) rep('cls_token', 'timesformer.embeddings.cls_token');
  if (k.includes('pos_embed')) rep('pos_embed', 'timesformer.embeddings.position_embeddings');
  if (k.includes('time_embed')) rep('time_embed', 'timesformer.embeddings.time_embeddings');
  if (k.includes('patch_embed.proj')) rep('patch_embed.proj', 'timesformer.embeddings.patch_embeddings.projection');
  if (k.includes('blocks')) rep('blocks', 'timesformer.encoder.layer');
  if (k.includes('attn.proj')) rep('attn.proj', 'attention.output.dense');
  if (k.includes('temporal_norm1')) rep('temporal_norm1', 'temporal_layernorm');
  if (k.includes('temporal_fc')) rep('temporal_fc', 'temporal_dense');
  if (k.includes('norm1') && !k.includes('temporal')) rep('norm1', 'layernorm_before');
  if (k.includes('norm2')) rep('norm2', 'layernorm_after');
  if (k.includes('mlp.fc1')) rep('mlp.fc1', 'intermediate.dense');
  if (k.includes('mlp.fc2')) rep('mlp.fc2', 'output.dense');
  if (k.includes('norm.weight') && !k.includes('fc') && !k.includes('temporal')) rep('norm.weight', 'timesformer.layernorm.weight');
  if (k.includes('norm.bias') && !k.includes('fc') && !k.includes('temporal')) rep('norm.bias', 'timesformer.layernorm.bias');
  if (k.includes('head')) rep('head', 'classifier');
  return k;
}

function timesformerFamily(name: string, checkpoint: string, frames: number, image: number, labels: number): Family {
  const source = stateDict(timesformerOriginal(frames, image, labels), 'float32');
  const target = stateDict(timesformerHF(frames, image, labels), 'float32');
  const truth: Truth = {};
  for (const e of source) truth[e.key] = timesformerName(e.key);
  return {
    name,
    description: `TimeSformer ${checkpoint} (divided space-time, ${frames} frames at ${image}px, ${labels} classes) original checkpoint (model.*) → TimesformerForVideoClassification: blocks.N.attn.qkv → attention.attention.qkv and temporal_attn.qkv → temporal_attention.attention.qkv (fused, kept; equal shapes, told apart by name), attn.proj / temporal_attn.proj → attention.output.dense / temporal_attention.output.dense, temporal_fc → temporal_dense (three square [768, 768] linears a layer), norm1 / temporal_norm1 / norm2 → layernorm_before / temporal_layernorm / layernorm_after, time_embed → time_embeddings, head → classifier.`,
    reference: `${HF} ${TIMESFORMER_SCRIPT} rename_key + convert_state_dict (commit 01080c629600d4ff3121446bb4f4a2e240c2cf41)`,
    url: HF_URL(TIMESFORMER_SCRIPT),
    source, target, truth,
    // rename_key's 20 replacements, the qkv branch, the model. prefix
    patterns: 22,
  };
}

export const timesformerBaseK400ToHF = (): Family => timesformerFamily('timesformer-base-k400-original-to-hf', 'base (Kinetics-400)', 8, 224, 400);
export const timesformerHrSsv2ToHF = (): Family => timesformerFamily('timesformer-hr-ssv2-original-to-hf', 'HR (Something-Something-v2)', 16, 448, 174);

// ---------------------------------------------------------------------------------------------------------
// VideoMAE (MCG-NJU/VideoMAE → VideoMAEForVideoClassification / VideoMAEForPreTraining)

const VIDEOMAE_SCRIPT = 'src/transformers/models/videomae/convert_videomae_to_pytorch.py';

/** an original VideoMAE block: norm1, attn (q_bias, v_bias, qkv without bias, proj), norm2, mlp */
function videomaeBlock(d: number): Module {
  return module([], [
    ['norm1', affineNorm(d)],
    ['attn', module([t('q_bias', [d]), t('v_bias', [d])], [['qkv', linear(d, 3 * d, false)], ['proj', linear(d, d)]])],
    ['norm2', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
  ]);
}

/** VideoMAELayer: attention (attention: q_bias, v_bias, query / key / value without bias; output.dense), intermediate, output, the two norms */
function videomaeLayer(d: number): Module {
  return module([], [
    ['attention', module([], [
      ['attention', module([t('q_bias', [d]), t('v_bias', [d])], [['query', linear(d, d, false)], ['key', linear(d, d, false)], ['value', linear(d, d, false)]])],
      ['output', module([], [['dense', linear(d, d)]])],
    ])],
    ['intermediate', module([], [['dense', linear(d, 4 * d)]])],
    ['output', module([], [['dense', linear(4 * d, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
  ]);
}

/** a tubelet embedding: Conv3d(3, d, kernel (2, 16, 16)) */
const tubelet = (d: number): Module => module([t('weight', [d, 3, 2, 16, 16]), t('bias', [d])]);

/** convert_state_dict + rename_key for every key but qkv (split by the caller) */
function videomaeName(key: string): string {
  let k = key.replace(/^encoder\./, '');
  const rep = (from: string, to: string): void => void (k = k.split(from).join(to));
  if (k.includes('encoder.')) rep('encoder.', '');
  if (k.includes('patch_embed.proj')) k = k.replace('patch_embed.proj', 'videomae.embeddings.patch_embeddings.projection');
  if (k.includes('decoder.blocks')) k = k.replace('decoder.blocks', 'decoder.decoder_layers');
  if (k.includes('blocks')) k = k.replace('blocks', 'videomae.encoder.layer');
  if (k.includes('attn.proj')) k = k.replace('attn.proj', 'attention.output.dense');
  if (k.includes('attn') && !k.includes('bias')) k = k.replace('attn', 'attention.self');
  if (k.includes('attn')) k = k.replace('attn', 'attention.attention');
  if (k.includes('norm1')) k = k.replace('norm1', 'layernorm_before');
  if (k.includes('norm2')) k = k.replace('norm2', 'layernorm_after');
  if (k.includes('mlp.fc1')) k = k.replace('mlp.fc1', 'intermediate.dense');
  if (k.includes('mlp.fc2')) k = k.replace('mlp.fc2', 'output.dense');
  if (k.includes('norm.weight') && !k.includes('decoder') && !k.includes('fc')) k = k.replace('norm.weight', 'videomae.layernorm.weight');
  if (k.includes('norm.bias') && !k.includes('decoder') && !k.includes('fc')) k = k.replace('norm.bias', 'videomae.layernorm.bias');
  if (k.includes('head') && !k.includes('decoder')) k = k.replace('head', 'classifier');
  return k;
}

/** qkv.weight rows [:d], [d:2d], [-d:] → query / key / value of the layer the script names */
function videomaeTruth(source: KeyEntry[], recipes: Record<string, Recipe>): Truth {
  const truth: Truth = {};
  for (const e of source) {
    const dec = /^decoder\.blocks\.(\d+)\.attn\.qkv\.weight$/.exec(e.key);
    const enc = /^(?:encoder\.)?blocks\.(\d+)\.attn\.qkv\.weight$/.exec(e.key);
    const m = dec ?? enc;
    if (m) {
      const prefix = dec ? `decoder.decoder_layers.${m[1]}` : `videomae.encoder.layer.${m[1]}`;
      splitRows(truth, recipes, e.key, ['query', 'key', 'value'].map((p) => `${prefix}.attention.attention.${p}.weight`), e.shape![0]! / 3);
    } else truth[e.key] = videomaeName(e.key);
  }
  return truth;
}

/** the original encoder's own keys (patch_embed, blocks) and VideoMAEModel's (embeddings, encoder.layer), ViT-B, final norms left to the caller */
const videomaeEncoder = (d: number): [string, Module][] => [['patch_embed', module([], [['proj', tubelet(d)]])], ['blocks', indexed(range(12).map(() => videomaeBlock(d)))]];
const videomaeModel = (d: number): [string, Module][] => [
  ['embeddings', module([], [['patch_embeddings', module([], [['projection', tubelet(d)]])]])],
  ['encoder', module([], [['layer', indexed(range(12).map(() => videomaeLayer(d)))]])],
];

/** a VideoMAE family from both module trees: the qkv split and rename_key decide the truth */
function videomaeFamily(name: string, description: string, original: Module, hf: Module): Family {
  const source = stateDict(original, 'float32');
  const recipes: Record<string, Recipe> = {};
  const truth = videomaeTruth(source, recipes);
  return {
    name, description,
    reference: `${HF} ${VIDEOMAE_SCRIPT} rename_key + convert_state_dict (commit 01080c629600d4ff3121446bb4f4a2e240c2cf41)`,
    url: HF_URL(VIDEOMAE_SCRIPT),
    source, target: stateDict(hf, 'float32'), truth, recipes,
    // rename_key's 21 replacements, the encoder. prefix, the qkv split
    patterns: 23,
  };
}

/** videomae-base-finetuned-kinetics: ViT-B (12 × 768), mean pooling (fc_norm, no final norm), 400 classes */
export function videomaeBaseK400ToHF(): Family {
  const d = 768;
  return videomaeFamily(
    'videomae-base-k400-original-to-hf',
    'VideoMAE ViT-B fine-tuned on Kinetics-400 (original checkpoint) → VideoMAEForVideoClassification: blocks.N.attn.qkv.weight (no bias) split by rows into attention.attention.query / key / value, attn.q_bias / v_bias kept as attention.attention.q_bias / v_bias (two [768] vectors beside the norms\' look-alikes), attn.proj → attention.output.dense, norm1 / norm2 → layernorm_before / layernorm_after, fc_norm kept, head → classifier; the Conv3d tubelet embedding renamed.',
    module([], [...videomaeEncoder(d), ['fc_norm', affineNorm(d)], ['head', linear(d, 400)]]),
    module([], [['videomae', module([], videomaeModel(d))], ['fc_norm', affineNorm(d)], ['classifier', linear(d, 400)]]),
  );
}

/** videomae-base (pretraining): encoder 12 × 768 with its final norm, encoder_to_decoder, mask_token, decoder 4 × 384 with norm and pixel head */
export function videomaeBasePretrainToHF(): Family {
  const d = 768;
  const dd = 384;
  const decoder = (blocks: string, block: (d: number) => Module): Module => module([], [[blocks, indexed(range(4).map(() => block(dd)))], ['norm', affineNorm(dd)], ['head', linear(dd, 3 * 2 * 16 * 16)]]);
  return videomaeFamily(
    'videomae-base-pretrain-original-to-hf',
    'VideoMAE ViT-B pretraining checkpoint (encoder.* / decoder.* / encoder_to_decoder / mask_token) → VideoMAEForPreTraining: the encoder. prefix dropped and encoder.blocks → videomae.encoder.layer, decoder.blocks → decoder.decoder_layers, every qkv.weight split by rows into query / key / value (768 rows in the encoder, 384 in the decoder), q_bias / v_bias kept, encoder.norm → videomae.layernorm while decoder.norm and decoder.head stay, encoder_to_decoder and mask_token kept.',
    module([t('mask_token', [1, 1, dd])], [
      ['encoder', module([], [...videomaeEncoder(d), ['norm', affineNorm(d)]])],
      ['decoder', decoder('blocks', videomaeBlock)],
      ['encoder_to_decoder', linear(d, dd, false)],
    ]),
    module([t('mask_token', [1, 1, dd])], [
      ['videomae', module([], [...videomaeModel(d), ['layernorm', affineNorm(d)]])],
      ['encoder_to_decoder', linear(d, dd, false)],
      ['decoder', decoder('decoder_layers', videomaeLayer)],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Pegasus-large (google-research/pegasus TF checkpoint → PegasusModel)

const PEGASUS_SCRIPT = 'src/transformers/models/pegasus/convert_pegasus_tf_to_pytorch.py';

/** convert_pegasus_tf_to_pytorch.PATTERNS, applied in order to every TF name */
const PEGASUS_PATTERNS: [string, string][] = [
  ['memory_attention', 'encoder_attn'], ['attention', 'attn'], ['/', '.'], ['.LayerNorm.gamma', '_layer_norm.weight'], ['.LayerNorm.beta', '_layer_norm.bias'],
  ['r.layer_', 'r.layers.'], ['output_proj', 'out_proj'], ['ffn.dense_1.', 'fc2.'], ['ffn.dense.', 'fc1.'], ['ffn_layer_norm', 'final_layer_norm'], ['kernel', 'weight'],
  ['encoder_layer_norm.', 'encoder.layer_norm.'], ['decoder_layer_norm.', 'decoder.layer_norm.'], ['embeddings.weights', 'shared.weight'],
];

/**
 * google/pegasus-large: 16 + 16 layers, d_model 1024, FFN 4096, vocabulary 96103, 1024 sinusoidal positions; the TF
 * checkpoint (tf.train.list_variables, sorted; Adafactor slots and global_step skipped by the script) has no attention
 * biases (the script fills PyTorch's with zeros) and no positions (sinusoidal, not stored)
 */
export function pegasusLargeTFToHF(): Family {
  const d = 1024;
  const ff = 4096;
  const vocab = 96103;
  const L = 16;
  const source: KeyEntry[] = [entry('embeddings/weights', [vocab, d])];
  const ln = (p: string): KeyEntry[] => [entry(`${p}/LayerNorm/gamma`, [d]), entry(`${p}/LayerNorm/beta`, [d])];
  const attn = (p: string): KeyEntry[] => [...['q_proj', 'k_proj', 'v_proj', 'output_proj'].map((n) => entry(`${p}/${n}/kernel`, [d, d])), ...ln(p)];
  const ffn = (p: string): KeyEntry[] => [entry(`${p}/dense/kernel`, [d, ff]), entry(`${p}/dense/bias`, [ff]), entry(`${p}/dense_1/kernel`, [ff, d]), entry(`${p}/dense_1/bias`, [d]), ...ln(p)];
  for (const side of ['encoder', 'decoder']) {
    source.push(...ln(side));
    for (const i of range(L)) {
      source.push(...attn(`${side}/layer_${i}/self_attention`), ...ffn(`${side}/layer_${i}/ffn`));
      if (side === 'decoder') source.push(...attn(`${side}/layer_${i}/memory_attention`));
    }
  }
  source.sort(byKey);
  const hfAttn = (): Module => module([], ['k_proj', 'v_proj', 'q_proj', 'out_proj'].map((n) => [n, linear(d, d)] as [string, Module]));
  const layer = (cross: boolean): Module => module([], [
    ['self_attn', hfAttn()], ['self_attn_layer_norm', affineNorm(d)],
    ...(cross ? [['encoder_attn', hfAttn()], ['encoder_attn_layer_norm', affineNorm(d)]] as [string, Module][] : []),
    ['fc1', linear(d, ff)], ['fc2', linear(ff, d)], ['final_layer_norm', affineNorm(d)],
  ]);
  const stack = (cross: boolean): Module => module([], [['embed_tokens', embedding(vocab, d)], ['embed_positions', embedding(1024, d)], ['layers', indexed(range(L).map(() => layer(cross)))], ['layer_norm', affineNorm(d)]]);
  const target = stateDict(module([], [['shared', embedding(vocab, d)], ['encoder', stack(false)], ['decoder', stack(true)]]), 'float32');
  const truth: Truth = {};
  const transposed: string[] = [];
  for (const e of source) {
    const name = PEGASUS_PATTERNS.reduce((k, [from, to]) => k.split(from).join(to), e.key);
    truth[e.key] = name;
    // `if "dense" in k or "proj" in new_k: v = v.T` (a no-op on the 1-D dense biases)
    if (e.shape!.length === 2 && (e.key.includes('dense') || name.includes('proj'))) transposed.push(e.key);
  }
  truth['embeddings/weights'] = ['shared.weight', 'encoder.embed_tokens.weight', 'decoder.embed_tokens.weight'];
  return {
    name: 'pegasus-large-tf-to-hf',
    description: 'google/pegasus-large TF checkpoint (sorted variable names) → PegasusModel: encoder/layer_N → encoder.layers.N, self_attention → self_attn and memory_attention → encoder_attn, q_proj / k_proj / v_proj / output_proj kernels transposed into q_proj / k_proj / v_proj / out_proj (four square [1024, 1024] a block, eight in the decoder), LayerNorm gamma / beta → *_layer_norm weight / bias, ffn dense / dense_1 → fc1 / fc2 (transposed), embeddings/weights → shared and, tied, both embed_tokens; the zero attention biases and sinusoidal positions the script fills have no source.',
    reference: `${HF} ${PEGASUS_SCRIPT} PATTERNS + convert_pegasus (commit 15ea02a2add1672acbeee158a9448720d6093de1)`,
    url: HF_URL(PEGASUS_SCRIPT),
    source, target, truth, transposed,
    tied: { 'encoder.embed_tokens.weight': 'embeddings/weights', 'decoder.embed_tokens.weight': 'embeddings/weights' },
    // the 14 PATTERNS, the transpose rule, the two embed_tokens copies
    patterns: 17,
  };
}

// ---------------------------------------------------------------------------------------------------------
// T5X (t5x flax checkpoint → T5ForConditionalGeneration)

const T5X_SCRIPT = 'src/transformers/models/t5/convert_t5x_checkpoint_to_pytorch.py';

interface T5Config { layers: number; d: number; heads: number; dkv: number; ff: number; vocab: number }

/** a T5X checkpoint's flattened keys, each with the name and transpose the converter gives it (kernels [in, out] → weight [out, in]) */
function t5xListing(vocab: number, d: number, embedTo: string[]) {
  const source: KeyEntry[] = [entry('token_embedder/embedding', [vocab, d])];
  const truth: Truth = { 'token_embedder/embedding': embedTo };
  const transposed: string[] = [];
  const add = (key: string, shape: number[], to: string, transpose: boolean): void => {
    source.push(entry(key, shape));
    truth[key] = to;
    if (transpose) transposed.push(key);
  };
  /** query / key / value / out kernels → q / k / v / o (transposed) */
  const attention = (from: string, to: string, inner: number): void => {
    for (const [n, hf] of [['key', 'k'], ['out', 'o'], ['query', 'q'], ['value', 'v']] as const) add(`${from}/${n}/kernel`, n === 'out' ? [inner, d] : [d, inner], `${to}.${hf}.weight`, true);
  };
  return { source, truth, transposed, add, attention };
}

/** a T5 attention without biases (q, k, v, o), the first block's with its relative_attention_bias [32 buckets, heads] */
const t5Attention = (d: number, inner: number, heads: number, first: boolean): Module => module([], [
  ['q', linear(d, inner, false)], ['k', linear(d, inner, false)], ['v', linear(d, inner, false)], ['o', linear(inner, d, false)],
  ...(first ? [['relative_attention_bias', embedding(32, heads)]] as [string, Module][] : []),
]);

function t5xFamily(name: string, model: string, c: T5Config): Family {
  const inner = c.heads * c.dkv;
  const { source, truth, transposed, add, attention: kernels } = t5xListing(c.vocab, c.d, ['shared.weight', 'encoder.embed_tokens.weight', 'decoder.embed_tokens.weight']);
  const attention = (from: string, to: string): void => kernels(from, to, inner);
  const mlp = (from: string, to: string): void => {
    add(`${from}/wi_0/kernel`, [c.d, c.ff], `${to}.wi_0.weight`, true);
    add(`${from}/wi_1/kernel`, [c.d, c.ff], `${to}.wi_1.weight`, true);
    add(`${from}/wo/kernel`, [c.ff, c.d], `${to}.wo.weight`, true);
  };
  for (const i of range(c.layers)) {
    const p = `encoder/layers_${i}`;
    const q = `encoder.block.${i}.layer`;
    add(`${p}/pre_attention_layer_norm/scale`, [c.d], `${q}.0.layer_norm.weight`, false);
    attention(`${p}/attention`, `${q}.0.SelfAttention`);
    add(`${p}/pre_mlp_layer_norm/scale`, [c.d], `${q}.1.layer_norm.weight`, false);
    mlp(`${p}/mlp`, `${q}.1.DenseReluDense`);
  }
  add('encoder/relpos_bias/rel_embedding', [c.heads, 32], 'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight', true);
  add('encoder/encoder_norm/scale', [c.d], 'encoder.final_layer_norm.weight', false);
  for (const i of range(c.layers)) {
    const p = `decoder/layers_${i}`;
    const q = `decoder.block.${i}.layer`;
    add(`${p}/pre_self_attention_layer_norm/scale`, [c.d], `${q}.0.layer_norm.weight`, false);
    attention(`${p}/self_attention`, `${q}.0.SelfAttention`);
    add(`${p}/pre_cross_attention_layer_norm/scale`, [c.d], `${q}.1.layer_norm.weight`, false);
    attention(`${p}/encoder_decoder_attention`, `${q}.1.EncDecAttention`);
    add(`${p}/pre_mlp_layer_norm/scale`, [c.d], `${q}.2.layer_norm.weight`, false);
    mlp(`${p}/mlp`, `${q}.2.DenseReluDense`);
  }
  add('decoder/decoder_norm/scale', [c.d], 'decoder.final_layer_norm.weight', false);
  add('decoder/relpos_bias/rel_embedding', [c.heads, 32], 'decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight', true);
  add('decoder/logits_dense/kernel', [c.d, c.vocab], 'lm_head.weight', true);
  source.sort(byKey);

  const attn = (first: boolean): Module => t5Attention(c.d, inner, c.heads, first);
  const norm = (): Module => module([t('weight', [c.d])]);
  const ffn = (): Module => module([], [['DenseReluDense', module([], [['wi_0', linear(c.d, c.ff, false)], ['wi_1', linear(c.d, c.ff, false)], ['wo', linear(c.ff, c.d, false)]])], ['layer_norm', norm()]]);
  const block = (i: number, decoder: boolean): Module => module([], [['layer', indexed([
    module([], [['SelfAttention', attn(i === 0)], ['layer_norm', norm()]]),
    ...(decoder ? [module([], [['EncDecAttention', attn(false)], ['layer_norm', norm()]])] : []),
    ffn(),
  ])]]);
  const stack = (decoder: boolean): Module => module([], [['embed_tokens', embedding(c.vocab, c.d)], ['block', indexed(range(c.layers).map((i) => block(i, decoder)))], ['final_layer_norm', norm()]]);
  const target = stateDict(module([], [['shared', embedding(c.vocab, c.d)], ['encoder', stack(false)], ['decoder', stack(true)], ['lm_head', linear(c.d, c.vocab, false)]]), 'float32');
  return {
    name,
    description: `${model} T5X checkpoint (flattened target tree, sorted) → T5ForConditionalGeneration: encoder/layers_N/attention/{query,key,value,out}/kernel → encoder.block.N.layer.0.SelfAttention.{q,k,v,o} (each transposed; ${inner === c.d ? 'square' : `[${c.d}, ${inner}] and [${inner}, ${c.d}]`}), the decoder's self_attention and encoder_decoder_attention (look-alikes told apart only by name) → layer.0.SelfAttention / layer.1.EncDecAttention, pre_*_layer_norm/scale → layer.K.layer_norm.weight, mlp wi_0 / wi_1 / wo → DenseReluDense (transposed), relpos_bias/rel_embedding [${c.heads}, 32] transposed into block 0's relative_attention_bias, logits_dense → lm_head (transposed), token_embedder/embedding → shared and, tied, both embed_tokens.`,
    reference: `${HF} ${T5X_SCRIPT} convert_t5x_to_pytorch + make_state_dict (commit 080bfcd0ce40dfcf906dcf1d8570f9b2f80236ee)`,
    url: HF_URL(T5X_SCRIPT),
    source, target, truth, transposed,
    tied: { 'encoder.embed_tokens.weight': 'token_embedder/embedding', 'decoder.embed_tokens.weight': 'token_embedder/embedding' },
    // convert_t5x_to_pytorch's assignments on the gated branch: shared 1, encoder 9 a block + 2, decoder 14 a block + 2, lm_head 1; make_state_dict's two embed_tokens
    patterns: 31,
  };
}

/** google/t5-v1_1-base: 12 + 12 blocks, d_model 768, 12 heads of 64 (square projections), gated FFN 2048, vocabulary 32128, untied lm_head */
export const t5v11BaseT5xToHF = (): Family => t5xFamily('t5-v1.1-base-t5x-to-hf', 'google/t5-v1_1-base', { layers: 12, d: 768, heads: 12, dkv: 64, ff: 2048, vocab: 32128 });
/** google/flan-t5-small: 8 + 8 blocks, d_model 512, 6 heads of 64 (projections [384, 512]), gated FFN 1024, vocabulary 32128 */
export const flanT5SmallT5xToHF = (): Family => t5xFamily('flan-t5-small-t5x-to-hf', 'google/flan-t5-small', { layers: 8, d: 512, heads: 6, dkv: 64, ff: 1024, vocab: 32128 });

// ---------------------------------------------------------------------------------------------------------
// MobileNet v1 / v2 (TF-slim checkpoints → transformers, via _build_tf_to_pytorch_map + load_tf_weights_in_*)

/** one TF-slim conv + BatchNorm (no conv bias) under scope/tf → a MobileNetV*ConvLayer at hf (convolution, normalization with num_batches_tracked) */
interface ConvSpec { tf: string; hf: string; inC: number; outC: number; k: number; depthwise: boolean }

function tfSlimFamily(p: {
  name: string; description: string; modelFile: string; scope: string; convs: ConvSpec[]; classes: number; features: number; hfRoot: Module; patterns: number; commit: string;
}): Family {
  const source: KeyEntry[] = [];
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const reshaped: string[] = [];
  for (const c of p.convs) {
    const w = `${p.scope}/${c.tf}/${c.depthwise ? 'depthwise_weights' : 'weights'}`;
    // depthwise [kh, kw, C, 1] → np.transpose(2, 3, 0, 1); others HWIO → np.transpose(3, 2, 0, 1)
    source.push(entry(w, c.depthwise ? [c.k, c.k, c.inC, 1] : [c.k, c.k, c.inC, c.outC]));
    truth[w] = `${c.hf}.convolution.weight`;
    recipes[`${c.hf}.convolution.weight`] = tr(w, c.depthwise ? [2, 3, 0, 1] : [3, 2, 0, 1]);
    reshaped.push(w);
    for (const [tf, hf] of [['beta', 'bias'], ['gamma', 'weight'], ['moving_mean', 'running_mean'], ['moving_variance', 'running_var']]) {
      source.push(entry(`${p.scope}/${c.tf}/BatchNorm/${tf}`, [c.outC]));
      truth[`${p.scope}/${c.tf}/BatchNorm/${tf}`] = `${c.hf}.normalization.${hf}`;
    }
  }
  const logits = `${p.scope}/Logits/Conv2d_1c_1x1`;
  source.push(entry(`${logits}/weights`, [1, 1, p.features, p.classes]), entry(`${logits}/biases`, [p.classes]));
  truth[`${logits}/weights`] = 'classifier.weight';
  truth[`${logits}/biases`] = 'classifier.bias';
  // "copying into linear layer": array.squeeze().transpose()
  recipes['classifier.weight'] = reshapeT(`${logits}/weights`, [p.features, p.classes]);
  reshaped.push(`${logits}/weights`);
  source.sort(byKey);
  return {
    name: p.name, description: p.description,
    reference: `${HF} ${p.modelFile} _build_tf_to_pytorch_map + load_tf_weights (commit ${p.commit})`,
    url: HF_URL(p.modelFile),
    source, target: stateDict(p.hfRoot, 'float32'), truth, recipes, reshaped,
    patterns: p.patterns,
  };
}
/** a MobileNetV*ConvLayer: Conv2d without bias (grouped when depthwise), BatchNorm2d */
const convLayer = (inC: number, outC: number, k: number, depthwise: boolean): Module => module([], [
  ['convolution', module([t('weight', depthwise ? [outC, 1, k, k] : [outC, inC, k, k])])],
  ['normalization', batchNorm(outC)],
]);

/** google/mobilenet_v1_1.0_224: stem 3 → 32, 13 depthwise / pointwise pairs up to 1024 channels, 1001 classes */
export function mobilenetV1TFToHF(): Family {
  const strides = [1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1];
  const convs: ConvSpec[] = [{ tf: 'Conv2d_0', hf: 'mobilenet_v1.conv_stem', inC: 3, outC: 32, k: 3, depthwise: false }];
  const layers: Module[] = [];
  let depth = 32;
  let out = 32;
  for (const i of range(13)) {
    const inC = out;
    if (strides[i] === 2 || i === 0) out = depth *= 2;
    convs.push({ tf: `Conv2d_${i + 1}_depthwise`, hf: `mobilenet_v1.layer.${2 * i}`, inC, outC: inC, k: 3, depthwise: true });
    convs.push({ tf: `Conv2d_${i + 1}_pointwise`, hf: `mobilenet_v1.layer.${2 * i + 1}`, inC, outC: out, k: 1, depthwise: false });
    layers.push(convLayer(inC, inC, 3, true), convLayer(inC, out, 1, false));
  }
  return tfSlimFamily({
    name: 'mobilenet-v1-1.0-224-tf-to-hf',
    description: 'google/mobilenet_v1_1.0_224 TF-slim checkpoint (sorted) → MobileNetV1ForImageClassification: Conv2d_0 → conv_stem, Conv2d_K_depthwise / Conv2d_K_pointwise → one flat layer list at 2(K−1) / 2(K−1)+1 (index arithmetic), depthwise [3, 3, C, 1] permuted to [C, 1, 3, 3] and HWIO kernels to OIHW, BatchNorm gamma / beta / moving_mean / moving_variance → weight / bias / running_mean / running_var (four [C] vectors a layer), Logits/Conv2d_1c_1x1 (a 1×1 conv) squeezed and transposed into the Linear classifier.',
    modelFile: 'src/transformers/models/mobilenet_v1/modeling_mobilenet_v1.py',
    scope: 'MobilenetV1',
    convs,
    classes: 1001, features: 1024,
    hfRoot: module([], [['mobilenet_v1', module([], [['conv_stem', convLayer(3, 32, 3, false)], ['layer', indexed(layers)]])], ['classifier', linear(1024, 1001)]]),
    // the map's 5 + 2 × 5 + 2 entries, the three transposes (depthwise, conv, linear)
    patterns: 20,
    commit: 'as stored: search-index file id 415049313',
  });
}

/**
 * google/mobilenet_v2_1.0_224: stem (3 → 32 conv, 32 depthwise, 32 → 16 projection), 16 inverted residuals
 * (expansion 6; 24 ×2, 32 ×3, 64 ×4, 96 ×3, 160 ×3, 320 ×1), a 320 → 1280 1×1 conv, 1001 classes
 */
export function mobilenetV2TFToHF(): Family {
  const convs: ConvSpec[] = [
    { tf: 'Conv', hf: 'mobilenet_v2.conv_stem.first_conv', inC: 3, outC: 32, k: 3, depthwise: false },
    { tf: 'expanded_conv/depthwise', hf: 'mobilenet_v2.conv_stem.conv_3x3', inC: 32, outC: 32, k: 3, depthwise: true },
    { tf: 'expanded_conv/project', hf: 'mobilenet_v2.conv_stem.reduce_1x1', inC: 32, outC: 16, k: 1, depthwise: false },
  ];
  const stem = module([], [['first_conv', convLayer(3, 32, 3, false)], ['conv_3x3', convLayer(32, 32, 3, true)], ['reduce_1x1', convLayer(32, 16, 1, false)]]);
  const outs = [[24, 2], [32, 3], [64, 4], [96, 3], [160, 3], [320, 1]].flatMap(([c, n]) => Array<number>(n!).fill(c!));
  const layers: Module[] = [];
  let inC = 16;
  outs.forEach((outC, i) => {
    const e = inC * 6;
    const tf = `expanded_conv_${i + 1}`;
    const hf = `mobilenet_v2.layer.${i}`;
    convs.push(
      { tf: `${tf}/expand`, hf: `${hf}.expand_1x1`, inC, outC: e, k: 1, depthwise: false },
      { tf: `${tf}/depthwise`, hf: `${hf}.conv_3x3`, inC: e, outC: e, k: 3, depthwise: true },
      { tf: `${tf}/project`, hf: `${hf}.reduce_1x1`, inC: e, outC, k: 1, depthwise: false },
    );
    layers.push(module([], [['expand_1x1', convLayer(inC, e, 1, false)], ['conv_3x3', convLayer(e, e, 3, true)], ['reduce_1x1', convLayer(e, outC, 1, false)]]));
    inC = outC;
  });
  convs.push({ tf: 'Conv_1', hf: 'mobilenet_v2.conv_1x1', inC: 320, outC: 1280, k: 1, depthwise: false });
  return tfSlimFamily({
    name: 'mobilenet-v2-1.0-224-tf-to-hf',
    description: 'google/mobilenet_v2_1.0_224 TF-slim checkpoint (sorted) → MobileNetV2ForImageClassification: Conv / expanded_conv → conv_stem.first_conv / conv_3x3 / reduce_1x1, expanded_conv_K/{expand,depthwise,project} → layer.(K−1).{expand_1x1,conv_3x3,reduce_1x1} (index shifted by one), Conv_1 → conv_1x1, HWIO and depthwise kernels permuted, BatchNorm gamma / beta / moving_mean / moving_variance → weight / bias / running_mean / running_var, Logits/Conv2d_1c_1x1 (1×1 conv) squeezed and transposed into the Linear classifier.',
    modelFile: 'src/transformers/models/mobilenet_v2/modeling_mobilenet_v2.py',
    scope: 'MobilenetV2',
    convs,
    classes: 1001, features: 1280,
    hfRoot: module([], [['mobilenet_v2', module([], [['conv_stem', stem], ['layer', indexed(layers)], ['conv_1x1', convLayer(320, 1280, 1, false)]])], ['classifier', linear(1280, 1001)]]),
    // the map's 3 × 5 stem entries, 3 × 5 in the loop, 5 for Conv_1, 2 for the logits; the three transposes
    patterns: 40,
    commit: 'as stored: search-index file id 291779833',
  });
}

// ---------------------------------------------------------------------------------------------------------
// ViViT (google-research/scenic Flax checkpoint → VivitForVideoClassification)

const VIVIT_SCRIPT = 'src/transformers/models/vivit/convert_vivit_flax_to_pytorch.py';

/** vivit_base_16x2_unfactorized (Kinetics-400): 32 frames at 224px in 2 × 16 × 16 tubelets (3136 + 1 positions), ViT-B (12 × 768, 12 heads of 64), 400 classes */
export function vivitB16x2K400FlaxToHF(): Family {
  const d = 768;
  const H = 12;
  const hd = 64;
  const ff = 3072;
  const positions = 16 * 14 * 14 + 1;
  const root = 'optimizer/target';
  const source: KeyEntry[] = [];
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const transposed: string[] = [];
  const reshaped: string[] = [];
  const add = (key: string, shape: number[], to: string, how: 'same' | 'T' | Recipe): void => {
    source.push(entry(`${root}/${key}`, shape));
    truth[`${root}/${key}`] = to;
    if (how === 'T') transposed.push(`${root}/${key}`);
    else if (how !== 'same') {
      reshaped.push(`${root}/${key}`);
      recipes[to] = how;
    }
  };
  const k = (key: string): string => `${root}/${key}`;
  add('cls', [1, 1, d], 'vivit.embeddings.cls_token', 'same');
  add('embedding/kernel', [2, 16, 16, 3, d], 'vivit.embeddings.patch_embeddings.projection.weight', tr(k('embedding/kernel'), [4, 3, 0, 1, 2]));
  add('embedding/bias', [d], 'vivit.embeddings.patch_embeddings.projection.bias', 'same');
  add('Transformer/posembed_input/pos_embedding', [1, positions, d], 'vivit.embeddings.position_embeddings', 'same');
  add('Transformer/encoder_norm/scale', [d], 'vivit.layernorm.weight', 'same');
  add('Transformer/encoder_norm/bias', [d], 'vivit.layernorm.bias', 'same');
  for (const i of range(12)) {
    const b = `Transformer/encoderblock_${i}`;
    const l = `vivit.encoder.layer.${i}`;
    add(`${b}/LayerNorm_0/scale`, [d], `${l}.layernorm_before.weight`, 'same');
    add(`${b}/LayerNorm_0/bias`, [d], `${l}.layernorm_before.bias`, 'same');
    add(`${b}/LayerNorm_1/scale`, [d], `${l}.layernorm_after.weight`, 'same');
    add(`${b}/LayerNorm_1/bias`, [d], `${l}.layernorm_after.bias`, 'same');
    add(`${b}/MlpBlock_0/Dense_0/kernel`, [d, ff], `${l}.intermediate.dense.weight`, 'T');
    add(`${b}/MlpBlock_0/Dense_0/bias`, [ff], `${l}.intermediate.dense.bias`, 'same');
    add(`${b}/MlpBlock_0/Dense_1/kernel`, [ff, d], `${l}.output.dense.weight`, 'T');
    add(`${b}/MlpBlock_0/Dense_1/bias`, [d], `${l}.output.dense.bias`, 'same');
    const a = `${b}/MultiHeadDotProductAttention_0`;
    for (const n of ['query', 'key', 'value']) {
      // transform_attention_kernel: reshape [D, H, Dh] → [D, H·Dh], then .T; transform_attention_bias: flatten
      add(`${a}/${n}/kernel`, [d, H, hd], `${l}.attention.attention.${n}.weight`, reshapeT(k(`${a}/${n}/kernel`), [d, H * hd]));
      add(`${a}/${n}/bias`, [H, hd], `${l}.attention.attention.${n}.bias`, { kind: 'reshape', of: src(k(`${a}/${n}/bias`)), shape: [H * hd] });
    }
    // transform_attention_output_weight: reshape [H, Dh, D] → [H·Dh, D], then .T
    add(`${a}/out/kernel`, [H, hd, d], `${l}.attention.output.dense.weight`, reshapeT(k(`${a}/out/kernel`), [H * hd, d]));
    add(`${a}/out/bias`, [d], `${l}.attention.output.dense.bias`, 'same');
  }
  add('output_projection/kernel', [d, 400], 'classifier.weight', 'T');
  add('output_projection/bias', [400], 'classifier.bias', 'same');
  source.sort(byKey);
  const layer = (): Module => module([], [
    ['attention', module([], [['attention', module([], [['query', linear(d, d)], ['key', linear(d, d)], ['value', linear(d, d)]])], ['output', module([], [['dense', linear(d, d)]])]])],
    ['intermediate', module([], [['dense', linear(d, ff)]])],
    ['output', module([], [['dense', linear(ff, d)]])],
    ['layernorm_before', affineNorm(d)],
    ['layernorm_after', affineNorm(d)],
  ]);
  const target = stateDict(module([], [
    ['vivit', module([], [
      ['embeddings', module([t('cls_token', [1, 1, d]), t('position_embeddings', [1, positions, d])], [['patch_embeddings', module([], [['projection', tubelet(d)]])]])],
      ['encoder', module([], [['layer', indexed(range(12).map(layer))]])],
      ['layernorm', affineNorm(d)],
    ])],
    ['classifier', linear(d, 400)],
  ]), 'float32');
  return {
    name: 'vivit-b-16x2-k400-flax-to-hf',
    description: 'ViViT-B 16×2 (unfactorised, Kinetics-400) Scenic Flax checkpoint (optimizer/target tree, sorted) → VivitForVideoClassification: encoderblock_N → encoder.layer.N, MultiHeadDotProductAttention_0 query / key / value kernels [768, 12, 64] reshaped to [768, 768] and transposed (biases [12, 64] flattened), out kernel [12, 64, 768] reshaped and transposed, LayerNorm_0 / LayerNorm_1 scale / bias → layernorm_before / layernorm_after, MlpBlock_0 Dense_0 / Dense_1 → intermediate / output dense (transposed), the THWIO tubelet kernel permuted (4, 3, 0, 1, 2), cls / posembed_input / encoder_norm renamed, output_projection → classifier (transposed).',
    reference: `${HF} ${VIVIT_SCRIPT} transform_state + transform_state_encoder_block (commit 00ca929e5d3b72a3b637f5ca1c11c0b30758a348)`,
    url: HF_URL(VIVIT_SCRIPT),
    source, target, truth, transposed, reshaped, recipes,
    // transform_state_encoder_block's 16 entries, transform_state's 6, the classifier's 2, the vivit. prefix
    patterns: 25,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Switch Transformers (T5X MoE checkpoint → SwitchTransformersForConditionalGeneration)

const SWITCH_SCRIPT = 'src/transformers/models/switch_transformers/convert_switch_transformers_original_flax_checkpoint_to_pytorch.py';

/**
 * google/switch-base-E: 12 + 12 blocks, d_model 768, 12 heads of 64, ReLU FFN 3072, every odd block's MLP a
 * top-1 router over E experts, vocabulary 32128, lm_head tied to the shared embedding (no logits_dense saved)
 */
function switchBaseFamily(experts: number): Family {
  const d = 768;
  const ff = 3072;
  const vocab = 32128;
  const L = 12;
  const { source, truth, transposed, add, attention: kernels } = t5xListing(vocab, d, ['shared.weight', 'encoder.embed_tokens.weight', 'decoder.embed_tokens.weight', 'lm_head.weight']);
  const attention = (from: string, to: string): void => kernels(from, to, d);
  const recipes: Record<string, Recipe> = {};
  const mlp = (from: string, to: string, sparse: boolean): void => {
    if (!sparse) {
      add(`${from}/wi/kernel`, [d, ff], `${to}.wi.weight`, true);
      add(`${from}/wo/kernel`, [ff, d], `${to}.wo.weight`, true);
      return;
    }
    add(`${from}/router/router_weights/w/kernel`, [d, experts], `${to}.router.classifier.weight`, true);
    // rename_keys step 3: expert/ → experts/expert_i/ (one row of the stacked kernel each), then the loader's kernel transpose
    for (const [w, shape] of [['wi', [experts, d, ff]], ['wo', [experts, ff, d]]] as const) {
      const key = `${from}/expert/${w}/kernel`;
      source.push(entry(key, [...shape]));
      const parts = range(experts).map((e) => `${to}.experts.expert_${e}.${w}.weight`);
      truth[key] = parts;
      parts.forEach((p, e) => (recipes[p] = { kind: 'transpose', of: { kind: 'split', of: src(key), dim: 0, start: e, size: 1, squeeze: true }, dims: [1, 0] }));
    }
  };
  for (const side of ['encoder', 'decoder'] as const) {
    for (const i of range(L)) {
      const p = `${side}/layers_${i}`;
      const q = `${side}.block.${i}.layer`;
      const sparse = i % 2 === 1;
      if (side === 'encoder') {
        add(`${p}/pre_attention_layer_norm/scale`, [d], `${q}.0.layer_norm.weight`, false);
        attention(`${p}/attention`, `${q}.0.SelfAttention`);
        add(`${p}/pre_mlp_layer_norm/scale`, [d], `${q}.1.layer_norm.weight`, false);
        mlp(`${p}/mlp`, `${q}.1.mlp`, sparse);
      } else {
        add(`${p}/pre_self_attention_layer_norm/scale`, [d], `${q}.0.layer_norm.weight`, false);
        attention(`${p}/self_attention`, `${q}.0.SelfAttention`);
        add(`${p}/pre_cross_attention_layer_norm/scale`, [d], `${q}.1.layer_norm.weight`, false);
        attention(`${p}/encoder_decoder_attention`, `${q}.1.EncDecAttention`);
        add(`${p}/pre_mlp_layer_norm/scale`, [d], `${q}.2.layer_norm.weight`, false);
        mlp(`${p}/mlp`, `${q}.2.mlp`, sparse);
      }
    }
    add(`${side}/relpos_bias/rel_embedding`, [12, 32], `${side}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`, true);
    add(`${side}/${side}_norm/scale`, [d], `${side}.final_layer_norm.weight`, false);
  }
  source.sort(byKey);

  const attn = (first: boolean): Module => t5Attention(d, d, 12, first);
  const norm = (): Module => module([t('weight', [d])]);
  const dense = (): Module => module([], [['wi', linear(d, ff, false)], ['wo', linear(ff, d, false)]]);
  const ffn = (sparse: boolean): Module => module([], [
    ['mlp', sparse ? module([], [['router', module([], [['classifier', linear(d, experts, false)]])], ['experts', module([], range(experts).map((e) => [`expert_${e}`, dense()] as [string, Module]))]]) : dense()],
    ['layer_norm', norm()],
  ]);
  const block = (i: number, decoder: boolean): Module => module([], [['layer', indexed([
    module([], [['SelfAttention', attn(i === 0)], ['layer_norm', norm()]]),
    ...(decoder ? [module([], [['EncDecAttention', attn(false)], ['layer_norm', norm()]])] : []),
    ffn(i % 2 === 1),
  ])]]);
  const stack = (decoder: boolean): Module => module([], [['embed_tokens', embedding(vocab, d)], ['block', indexed(range(L).map((i) => block(i, decoder)))], ['final_layer_norm', norm()]]);
  const target = stateDict(module([], [['shared', embedding(vocab, d)], ['encoder', stack(false)], ['decoder', stack(true)], ['lm_head', linear(d, vocab, false)]]), 'float32');
  return {
    name: `switch-base-${experts}-t5x-to-hf`,
    description: `google/switch-base-${experts} T5X checkpoint (flattened target tree, sorted) → SwitchTransformersForConditionalGeneration: layers_N → block.N.layer, attention / self_attention → 0.SelfAttention and encoder_decoder_attention → 1.EncDecAttention (query / key / value / out → q / k / v / o, square kernels transposed), pre_*_layer_norm/scale → K.layer_norm.weight, mlp → 1.mlp in the encoder and 2.mlp in the decoder, every odd block's stacked expert/wi and expert/wo kernels [${experts}, ...] split into experts.expert_0..${experts - 1} (each transposed), router/router_weights/w → router.classifier, relpos_bias transposed into block 0, token_embedder → shared with both embed_tokens and lm_head tied to it.`,
    reference: `${HF} ${SWITCH_SCRIPT} rename_keys + MOE_LAYER_NAME_MAPPING (commit 0c4e54a5752657cb7d0b50d013be9d5e422b93ec)`,
    url: HF_URL(SWITCH_SCRIPT),
    source, target, truth, recipes, transposed,
    tied: { 'encoder.embed_tokens.weight': 'token_embedder/embedding', 'decoder.embed_tokens.weight': 'token_embedder/embedding', 'lm_head.weight': 'token_embedder/embedding' },
    // rename_keys: the layers_ regex, mlp / pre_mlp_layer_norm by side (4), MOE_LAYER_NAME_MAPPING's 16 entries, the two relpos transposes, the expert split; the flax loader's kernel / scale / embedding
    patterns: 27,
  };
}

export const switchBase8T5xToHF = (): Family => switchBaseFamily(8);
export const switchBase16T5xToHF = (): Family => switchBaseFamily(16);
