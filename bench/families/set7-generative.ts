/**
 * The seventh family set, generative half (session 14): a diffusion transformer and an audio language model,
 * rebuilt from their model definitions at the released configurations, truth from the conversion scripts
 * named in `reference` (repository, path, commit read).
 */
import type { Family } from './types.js';
import { sliceRecipes } from './set7-split.js';
import { affineNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';

type Truth = Record<string, string | string[] | null>;

/** PixArt-XL-2-1024-MS: 28 blocks of 1152 (16 heads of 72), mlp 4608, patch 2, 4 → 8 channels (learned sigma), T5 captions of 4096, 120 tokens, 128 × 128 latent */
const PIXART_XL2 = { d: 1152, depth: 28, mlp: 4608, patch: 2, inCh: 4, outCh: 8, caption: 4096, tokens: 120, grid: 1024 / 8 / 2, freq: 256 };

/** PixArt-alpha diffusion/model/nets/PixArtMS.py: x_embedder, t_embedder, the pos_embed buffer, t_block, y_embedder (y_proj, y_embedding buffer), blocks, final_layer, csize_embedder, ar_embedder */
function pixartOriginal(): Module {
  const c = PIXART_XL2;
  const mlp2 = (i: number, o: number): Module => module([], [['mlp', indexed([linear(i, o), null, linear(o, o)])]]);
  const block = (): Module => module([t('scale_shift_table', [6, c.d])], [
    ['attn', module([], [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)]])],
    ['cross_attn', module([], [['q_linear', linear(c.d, c.d)], ['kv_linear', linear(c.d, 2 * c.d)], ['proj', linear(c.d, c.d)]])],
    ['mlp', module([], [['fc1', linear(c.d, c.mlp)], ['fc2', linear(c.mlp, c.d)]])],
  ]);
  return module([t('pos_embed', [1, c.grid * c.grid, c.d])], [
    ['x_embedder', module([], [['proj', conv2d(c.inCh, c.d, c.patch)]])],
    ['t_embedder', mlp2(c.freq, c.d)],
    ['t_block', indexed([null, linear(c.d, 6 * c.d)])],
    ['y_embedder', module([t('y_embedding', [c.tokens, c.caption])], [['y_proj', module([], [['fc1', linear(c.caption, c.d)], ['fc2', linear(c.d, c.d)]])]])],
    ['blocks', indexed(Array.from({ length: c.depth }, block))],
    ['final_layer', module([t('scale_shift_table', [2, c.d])], [['linear', linear(c.d, c.patch * c.patch * c.outCh)]])],
    ['csize_embedder', mlp2(c.freq, c.d / 3)],
    ['ar_embedder', mlp2(c.freq, c.d / 3)],
  ]);
}

/**
 * diffusers Transformer2DModel with norm_type ada_norm_single (the PixArt branch, since split out as
 * PixArtTransformer2DModel): the top-level scale_shift_table first (an own parameter), pos_embed.proj (its
 * sin-cos table is a non-persistent buffer), transformer_blocks (scale_shift_table, attn1, attn2, ff; the
 * norms have no affine parameters), proj_out, adaln_single (emb: timestep / resolution / aspect-ratio
 * embedders, linear), caption_projection
 */
function pixartDiffusers(): Module {
  const c = PIXART_XL2;
  const attn = (kv: number): Module => module([], [['to_q', linear(c.d, c.d)], ['to_k', linear(kv, c.d)], ['to_v', linear(kv, c.d)], ['to_out', indexed([linear(c.d, c.d)])]]);
  const embedder = (i: number, o: number): Module => module([], [['linear_1', linear(i, o)], ['linear_2', linear(o, o)]]);
  const block = (): Module => module([t('scale_shift_table', [6, c.d])], [
    ['attn1', attn(c.d)], ['attn2', attn(c.d)],
    ['ff', module([], [['net', indexed([module([], [['proj', linear(c.d, c.mlp)]]), null, linear(c.mlp, c.d)])]])],
  ]);
  return module([t('scale_shift_table', [2, c.d])], [
    ['pos_embed', module([], [['proj', conv2d(c.inCh, c.d, c.patch)]])],
    ['transformer_blocks', indexed(Array.from({ length: c.depth }, block))],
    ['proj_out', linear(c.d, c.patch * c.patch * c.outCh)],
    ['adaln_single', module([], [
      ['emb', module([], [['timestep_embedder', embedder(c.freq, c.d)], ['resolution_embedder', embedder(c.freq, c.d / 3)], ['aspect_ratio_embedder', embedder(c.freq, c.d / 3)]])],
      ['linear', linear(c.d, 6 * c.d)],
    ])],
    ['caption_projection', module([], [['linear_1', linear(c.caption, c.d)], ['linear_2', linear(c.d, c.d)]])],
  ]);
}

export function pixartAlphaToDiffusers(): Family {
  const source = stateDict(pixartOriginal(), 'float32');
  const target = stateDict(pixartDiffusers(), 'float32');
  const fixed: Record<string, string | null> = {
    // popped after the strict load: the sin-cos table and the null caption are rebuilt, not loaded
    pos_embed: null, 'y_embedder.y_embedding': null,
    'x_embedder.proj': 'pos_embed.proj', 'y_embedder.y_proj.fc1': 'caption_projection.linear_1', 'y_embedder.y_proj.fc2': 'caption_projection.linear_2',
    't_embedder.mlp.0': 'adaln_single.emb.timestep_embedder.linear_1', 't_embedder.mlp.2': 'adaln_single.emb.timestep_embedder.linear_2',
    'csize_embedder.mlp.0': 'adaln_single.emb.resolution_embedder.linear_1', 'csize_embedder.mlp.2': 'adaln_single.emb.resolution_embedder.linear_2',
    'ar_embedder.mlp.0': 'adaln_single.emb.aspect_ratio_embedder.linear_1', 'ar_embedder.mlp.2': 'adaln_single.emb.aspect_ratio_embedder.linear_2',
    't_block.1': 'adaln_single.linear', 'final_layer.linear': 'proj_out', 'final_layer.scale_shift_table': 'scale_shift_table',
    scale_shift_table: 'scale_shift_table', 'attn.proj': 'attn1.to_out.0', 'mlp.fc1': 'ff.net.0.proj', 'mlp.fc2': 'ff.net.2',
    'cross_attn.q_linear': 'attn2.to_q', 'cross_attn.proj': 'attn2.to_out.0',
  };
  const truth: Truth = {};
  for (const { key } of source) {
    if (key in fixed) {
      truth[key] = fixed[key]!;
      continue;
    }
    const b = /^blocks\.(\d+)\.(.+?)(?:\.(weight|bias))?$/.exec(key);
    if (b) {
      const at = `transformer_blocks.${b[1]}.`;
      const leaf = b[3] ? `.${b[3]}` : '';
      if (b[2] === 'attn.qkv') truth[key] = ['to_q', 'to_k', 'to_v'].map((x) => `${at}attn1.${x}${leaf}`);
      else if (b[2] === 'cross_attn.kv_linear') truth[key] = ['to_k', 'to_v'].map((x) => `${at}attn2.${x}${leaf}`);
      else truth[key] = `${at}${fixed[b[2]!]!}${leaf}`;
      continue;
    }
    const m = /^(.+)\.(weight|bias)$/.exec(key)!;
    truth[key] = `${fixed[m[1]!]!}.${m[2]}`;
  }
  return {
    name: 'pixart-alpha-xl2-1024ms-to-diffusers',
    description: 'PixArt-α XL/2 1024-MS (PixArt-alpha PixArtMS) → diffusers Transformer2DModel (ada_norm_single): blocks → transformer_blocks with attn.qkv chunked into attn1.to_q/to_k/to_v and cross_attn.kv_linear chunked into attn2.to_k/to_v, q_linear → attn2.to_q, proj → to_out.0, mlp → ff.net; x_embedder → pos_embed, t_embedder / csize_embedder / ar_embedder / t_block → adaln_single.emb.*_embedder / adaln_single.linear, y_embedder.y_proj → caption_projection, final_layer → proj_out and the top-level scale_shift_table; the pos_embed table and y_embedding dropped.',
    reference: 'huggingface/diffusers scripts/convert_pixart_alpha_to_diffusers.py main (commit b1163165082a47732ed5bb7b6513e174e3397e27)',
    url: 'https://github.com/huggingface/diffusers/blob/b1163165082a47732ed5bb7b6513e174e3397e27/scripts/convert_pixart_alpha_to_diffusers.py',
    source,
    target,
    truth,
    recipes: sliceRecipes(truth, target),
    // x_embedder, fc1, fc2, t_embedder ×2, csize ×2, ar ×2, t_block; per block scale_shift_table, qkv chunk, proj,
    // fc1, fc2, q_linear, kv chunk, cross proj; final linear, final scale_shift_table; the two pops
    patterns: 10 + 8 + 2 + 2,
  };
}

/** MusicGen small (audiocraft musicgen-small: 24 layers of 1024, 16 heads, ffn 4096, 4 codebooks of 2048, T5-base conditioning of 768, no biases in attention and ffn) */
const MUSICGEN_SMALL = { d: 1024, layers: 24, ffn: 4096, codebooks: 4, card: 2048, t5: 768 };

/**
 * audiocraft LMModel.state_dict(): condition_provider (the T5 conditioner's output_proj; T5 itself is kept
 * out of the module tree), emb (ScaledEmbedding per codebook, card + 1 rows), transformer.layers
 * (StreamingTransformerLayer: self_attn with a fused in_proj_weight, linear1, linear2, norm1, norm2,
 * cross_attention, norm_cross), out_norm, linears
 */
function audiocraftLM(): Module {
  const c = MUSICGEN_SMALL;
  const attn = (): Module => module([t('in_proj_weight', [3 * c.d, c.d])], [['out_proj', linear(c.d, c.d, false)]]);
  const layer = (): Module => module([], [
    ['self_attn', attn()], ['linear1', linear(c.d, c.ffn, false)], ['linear2', linear(c.ffn, c.d, false)],
    ['norm1', affineNorm(c.d)], ['norm2', affineNorm(c.d)], ['cross_attention', attn()], ['norm_cross', affineNorm(c.d)],
  ]);
  return module([], [
    ['condition_provider', module([], [['conditioners', module([], [['description', module([], [['output_proj', linear(c.t5, c.d)]])]])]])],
    ['emb', indexed(Array.from({ length: c.codebooks }, () => embedding(c.card + 1, c.d)))],
    ['transformer', module([], [['layers', indexed(Array.from({ length: c.layers }, layer))]])],
    ['out_norm', affineNorm(c.d)],
    ['linears', indexed(Array.from({ length: c.codebooks }, () => linear(c.d, c.card, false)))],
  ]);
}

/**
 * transformers MusicgenForConditionalGeneration without its text_encoder (t5-base) and audio_encoder
 * (encodec_32khz), which the script loads from their own checkpoints: decoder (MusicgenForCausalLM:
 * model.decoder.embed_tokens, layers with Bart-style k/v/q/out projections, layer_norm; lm_heads; the
 * sinusoidal table is a non-persistent buffer) and enc_to_dec_proj
 */
function hfMusicgen(): Module {
  const c = MUSICGEN_SMALL;
  const attn = (): Module => module([], [['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d, false)], ['q_proj', linear(c.d, c.d, false)], ['out_proj', linear(c.d, c.d, false)]]);
  const layer = (): Module => module([], [
    ['self_attn', attn()], ['self_attn_layer_norm', affineNorm(c.d)], ['encoder_attn', attn()], ['encoder_attn_layer_norm', affineNorm(c.d)],
    ['fc1', linear(c.d, c.ffn, false)], ['fc2', linear(c.ffn, c.d, false)], ['final_layer_norm', affineNorm(c.d)],
  ]);
  return module([], [
    ['decoder', module([], [
      ['model', module([], [['decoder', module([], [
        ['embed_tokens', indexed(Array.from({ length: c.codebooks }, () => embedding(c.card + 1, c.d)))],
        ['layers', indexed(Array.from({ length: c.layers }, layer))],
        ['layer_norm', affineNorm(c.d)],
      ])]])],
      ['lm_heads', indexed(Array.from({ length: c.codebooks }, () => linear(c.d, c.card, false)))],
    ])],
    ['enc_to_dec_proj', linear(c.t5, c.d)],
  ]);
}

/** convert_musicgen_transformers.py rename_keys, in its order (every test on the name as the earlier ones left it) */
const MUSICGEN_RENAMES: [string, string][] = [
  ['emb', 'model.decoder.embed_tokens'], ['transformer', 'model.decoder'], ['cross_attention', 'encoder_attn'], ['linear1', 'fc1'],
  ['linear2', 'fc2'], ['norm1', 'self_attn_layer_norm'], ['norm_cross', 'encoder_attn_layer_norm'], ['norm2', 'final_layer_norm'],
  ['out_norm', 'model.decoder.layer_norm'], ['linears', 'lm_heads'],
  ['condition_provider.conditioners.description.output_proj', 'enc_to_dec_proj'],
];

export function musicgenSmallToHF(): Family {
  const source = stateDict(audiocraftLM(), 'float32');
  const target = stateDict(hfMusicgen(), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    let name = key;
    for (const [from, to] of MUSICGEN_RENAMES) if (name.includes(from)) name = name.replace(from, to);
    // rename_state_dict: the fused projection split in three; enc_to_dec_proj kept apart and loaded into the
    // composite's enc_to_dec_proj; the rest loaded into the decoder, `decoder.` in the composite model
    if (name.endsWith('in_proj_weight')) truth[key] = ['q_proj', 'k_proj', 'v_proj'].map((x) => `decoder.${name.replace('in_proj_weight', `${x}.weight`)}`);
    else truth[key] = name.startsWith('enc_to_dec_proj') ? name : `decoder.${name}`;
  }
  return {
    name: 'musicgen-small-audiocraft-to-hf',
    description: 'MusicGen small from audiocraft (LMModel: emb per codebook, transformer.layers with fused in_proj_weight self and cross attention, linear1/2, norm1/2/norm_cross, out_norm, linears, the T5 conditioner\'s output_proj) → transformers MusicgenForConditionalGeneration: decoder.model.decoder.embed_tokens / layers / layer_norm, in_proj_weight split into q/k/v_proj, cross_attention → encoder_attn, linear1/2 → fc1/2, norm1 / norm_cross / norm2 → self_attn / encoder_attn / final layer norms, linears → decoder.lm_heads, output_proj → enc_to_dec_proj.',
    reference: 'huggingface/transformers src/transformers/models/musicgen/convert_musicgen_transformers.py rename_keys, rename_state_dict (commit 04c19d31418adcf15f5e282538f2e90646c331c3)',
    url: 'https://github.com/huggingface/transformers/blob/04c19d31418adcf15f5e282538f2e90646c331c3/src/transformers/models/musicgen/convert_musicgen_transformers.py',
    source,
    target,
    truth,
    recipes: sliceRecipes(truth, target),
    // 11 replacements of rename_keys, the in_proj split, the enc_to_dec_proj partition, the decoder. of the composite
    patterns: 14,
  };
}

/** EnCodec 24 kHz (facebookresearch/encodec encodec_24khz: 32 filters, ratios 8-5-4-2, kernels 7 / residual 3 / last 7, one residual unit per scale with a conv shortcut, compress 2, 2-layer LSTM, 128-dim latent, 32 codebooks of 1024, weight norm, causal) */
const ENCODEC_24K = { filters: 32, ratios: [8, 5, 4, 2], kernel: 7, residual: 3, last: 7, compress: 2, lstm: 2, dim: 128, codebooks: 32, bins: 1024 };

/**
 * a weight-normed conv as torch.nn.utils.weight_norm leaves it: bias, then weight_g (one gain per slice of
 * dim 0) and weight_v (the direction); ConvTranspose1d weights are [in, out, k], so its gain has `in` rows
 */
function weightNormConv(inCh: number, outCh: number, k: number, transposed = false): Module {
  const rows = transposed ? inCh : outCh;
  return module([t('bias', [outCh]), t('weight_g', [rows, 1, 1]), t('weight_v', transposed ? [inCh, outCh, k] : [outCh, inCh, k])]);
}

function lstm(d: number, layers: number): Module {
  const tensors = [];
  for (let l = 0; l < layers; l++) tensors.push(t(`weight_ih_l${l}`, [4 * d, d]), t(`weight_hh_l${l}`, [4 * d, d]), t(`bias_ih_l${l}`, [4 * d]), t(`bias_hh_l${l}`, [4 * d]));
  return module(tensors);
}

/**
 * SEANet encoder / decoder layer lists of either naming. encodec wraps each conv twice (SConv1d.conv =
 * NormConv1d, whose .conv is the weight-normed Conv1d; transposed: convtr.convtr); transformers' EncodecConv1d /
 * EncodecConvTranspose1d hold it once as .conv. ELU activations keep their list indices.
 */
function seanet(side: 'encoder' | 'decoder', hf: boolean): Module {
  const c = ENCODEC_24K;
  const conv = (i: number, o: number, k: number): Module => module([], [['conv', hf ? weightNormConv(i, o, k) : module([], [['conv', weightNormConv(i, o, k)]])]]);
  const convtr = (i: number, o: number, k: number): Module => (hf ? module([], [['conv', weightNormConv(i, o, k, true)]]) : module([], [['convtr', module([], [['convtr', weightNormConv(i, o, k, true)]])]]));
  const resblock = (d: number): Module => module([], [
    ['block', indexed([null, conv(d, d / c.compress, c.residual), null, conv(d / c.compress, d, 1)])],
    ['shortcut', conv(d, d, 1)],
  ]);
  const lstmLayer = (d: number): Module => module([], [['lstm', lstm(d, c.lstm)]]);
  const items: (Module | null)[] = [];
  if (side === 'encoder') {
    let mult = 1;
    items.push(conv(1, c.filters, c.kernel));
    for (const ratio of [...c.ratios].reverse()) {
      items.push(resblock(mult * c.filters), null, conv(mult * c.filters, 2 * mult * c.filters, 2 * ratio));
      mult *= 2;
    }
    items.push(lstmLayer(mult * c.filters), null, conv(mult * c.filters, c.dim, c.last));
  } else {
    let mult = 2 ** c.ratios.length;
    items.push(conv(c.dim, mult * c.filters, c.kernel), lstmLayer(mult * c.filters));
    for (const ratio of c.ratios) {
      items.push(null, convtr(mult * c.filters, (mult * c.filters) / 2, 2 * ratio), resblock((mult * c.filters) / 2));
      mult /= 2;
    }
    items.push(null, conv(c.filters, 1, c.last));
  }
  return module([], [[hf ? 'layers' : 'model', indexed(items)]]);
}

/** EuclideanCodebook's buffers in registration order: inited, cluster_size, embed, embed_avg */
function codebook(): Module {
  const c = ENCODEC_24K;
  return module([t('inited', [1]), t('cluster_size', [c.bins]), t('embed', [c.bins, c.dim]), t('embed_avg', [c.bins, c.dim])]);
}

export function encodec24kToHF(): Family {
  const c = ENCODEC_24K;
  // encodec/model.py EncodecModel registers encoder, quantizer, decoder; the quantizer's layers sit in vq.layers
  const source = stateDict(module([], [
    ['encoder', seanet('encoder', false)],
    ['quantizer', module([], [['vq', module([], [['layers', indexed(Array.from({ length: c.codebooks }, () => module([], [['_codebook', codebook()]])))]])]])],
    ['decoder', seanet('decoder', false)],
  ]), 'float32');
  // transformers EncodecModel (weight_norm as nn.utils.weight_norm, the converter's version): encoder, decoder, quantizer.layers.N.codebook
  const target = stateDict(module([], [
    ['encoder', seanet('encoder', true)],
    ['decoder', seanet('decoder', true)],
    ['quantizer', module([], [['layers', indexed(Array.from({ length: c.codebooks }, () => module([], [['codebook', codebook()]])))]])],
  ]), 'float32');
  const truth: Truth = {};
  for (const { key } of source) {
    // MAPPING_24K: encoder/decoder.model.N(…).conv.conv / convtr.convtr → layers.N(…).conv; lstm kept; quantizer.vq.layers.*._codebook → quantizer.layers.*.codebook
    truth[key] = key.startsWith('quantizer.')
      ? key.replace('quantizer.vq.layers.', 'quantizer.layers.').replace('._codebook.', '.codebook.')
      : key.replace('.model.', '.layers.').replace('.conv.conv.', '.conv.').replace('.convtr.convtr.', '.conv.');
  }
  return {
    name: 'encodec-24khz-original-to-hf',
    description: 'EnCodec 24 kHz from facebookresearch/encodec (SEANet encoder / decoder as `model` lists of doubly wrapped weight-normed convs: conv.conv / convtr.convtr with bias, weight_g, weight_v; residual units block.1 / block.3 / shortcut; 2-layer LSTMs; 32 codebooks with their EMA buffers under quantizer.vq.layers.N._codebook) → transformers EncodecModel: model → layers, conv.conv and convtr.convtr → conv (one wrapper level removed, the weight-norm g / v kept), lstm kept, quantizer.vq.layers.N._codebook → quantizer.layers.N.codebook; the quantizer moves from between the encoder and decoder to after them.',
    reference: 'huggingface/transformers src/transformers/models/encodec/convert_encodec_checkpoint_to_pytorch.py MAPPING_24K, recursively_load_weights (commit 01da4122644bde9616297b9bc613e852fd81e2b7)',
    url: 'https://github.com/huggingface/transformers/blob/01da4122644bde9616297b9bc613e852fd81e2b7/src/transformers/models/encodec/convert_encodec_checkpoint_to_pytorch.py',
    source,
    target,
    truth,
    // MAPPING_24K: 4 quantizer entries, 19 encoder entries, 19 decoder entries
    patterns: 42,
  };
}
