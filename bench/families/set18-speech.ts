/**
 * The eighteenth family set (session 25): speech encoders, converted by transformers scripts no earlier set uses (set 3
 * holds only the wav2vec 2.0 script). HuBERT (convert_hubert_original_pytorch_checkpoint_to_pytorch.py): fairseq's
 * fine-tuned HubertCtc (w2v_encoder.w2v_model.* and the CTC projection w2v_encoder.proj) → HubertForCTC (hubert.* and
 * lm_head), and the pretrained HubertModel → HubertModel, where the pretraining-only final_proj and label_embs_concat have no
 * counterpart and must be dropped; WavLM (convert_wavlm_original_pytorch_checkpoint_to_pytorch.py): unilm's WavLM →
 * WavLMModel, with the gated relative position parts renamed (grep_a → gru_rel_pos_const, grep_linear →
 * gru_rel_pos_linear, the first layer's relative_attention_bias → rel_attn_embed) and moved in order; data2vec-audio
 * (convert_data2vec_audio_original_pytorch_checkpoint_to_pytorch.py): five stacked positional convs encoder.pos_conv.L.0 →
 * encoder.pos_conv_embed.layers.L.conv. Common to all: the feature extractor's Sequential indices (conv_layers.I.0 / .2 or
 * .2.1) → conv_layers.I.conv / .layer_norm, post_extract_proj → feature_projection.projection, the extractor's top-level
 * layer_norm → feature_projection.layer_norm (listed after the encoder in the checkpoint, before it in the model),
 * self_attn → attention, fc1 / fc2 → feed_forward.intermediate_dense / output_dense, the encoder's layer_norm listed after
 * the layers in the checkpoint and before them in the model, mask_emb → masked_spec_embed. Models at their real
 * configurations (the transformers config.json of each converted checkpoint), keys in state_dict order.
 */
import type { Family } from './types.js';
import { W2V_MAPPING } from './set3-language.js';
import { affineNorm, conv1d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const TRANSFORMERS = 'huggingface/transformers';
const KERNELS = [10, 3, 3, 3, 3, 2, 2];
const CONV = 512;

interface SpeechConfig {
  layers: number;
  d: number;
  ffn: number;
  heads: number;
  /** feature extractor: 'group' (a GroupNorm on the first conv only) or 'layer' (a LayerNorm after every conv) */
  norm: 'group' | 'layer';
  convBias: boolean;
  /** HuBERT pretraining head (final_proj out width; label_embs_concat [504, finalDim]) */
  finalDim?: number;
  /** CTC vocabulary of a fine-tuned checkpoint */
  vocab?: number;
}

/** fairseq's ConvFeatureExtractionModel: conv_layers.I = Sequential(conv, dropout, norm (GroupNorm, or Sequential(TransposeLast, LayerNorm, TransposeLast)), GELU) */
function fairseqExtractor(c: SpeechConfig): Module {
  return module([], [['conv_layers', indexed(KERNELS.map((k, i) => {
    const conv = conv1d(i === 0 ? 1 : CONV, CONV, k, c.convBias);
    if (c.norm === 'layer') return indexed([conv, null, indexed([null, affineNorm(CONV)]), null]);
    return indexed([conv, null, i === 0 ? affineNorm(CONV) : null, null]);
  }))]]);
}

/** transformers' *GroupNormConvLayer / *LayerNormConvLayer / *NoLayerNormConvLayer: conv, then layer_norm where there is one */
function hfExtractor(c: SpeechConfig): Module {
  return module([], [['conv_layers', indexed(KERNELS.map((k, i) => {
    const children: [string, Module][] = [['conv', conv1d(i === 0 ? 1 : CONV, CONV, k, c.convBias)]];
    if (c.norm === 'layer' || i === 0) children.push(['layer_norm', affineNorm(CONV)]);
    return module([], children);
  }))]]);
}

/** a weight-normed Conv1d (torch.nn.utils.weight_norm, dim=2, as torch < 2.1 names it): bias, weight_g, weight_v; 128 wide, 16 groups */
const weightNormConv = (d: number): Module => module([t('bias', [d]), t('weight_g', [1, 1, 128]), t('weight_v', [d, d / 16, 128])]);

/** fairseq's TransformerSentenceEncoderLayer around an attention module */
function fairseqLayer(c: SpeechConfig, attn: Module): Module {
  return module([], [['self_attn', attn], ['self_attn_layer_norm', affineNorm(c.d)], ['fc1', linear(c.d, c.ffn)], ['fc2', linear(c.ffn, c.d)], ['final_layer_norm', affineNorm(c.d)]]);
}

/** transformers' *EncoderLayer / *EncoderLayerStableLayerNorm (same registration order) */
function hfLayer(c: SpeechConfig, attn: Module): Module {
  return module([], [
    ['attention', attn], ['layer_norm', affineNorm(c.d)],
    ['feed_forward', module([], [['intermediate_dense', linear(c.d, c.ffn)], ['output_dense', linear(c.ffn, c.d)]])],
    ['final_layer_norm', affineNorm(c.d)],
  ]);
}

const plainAttn = (d: number): Module => module([], [['k_proj', linear(d, d)], ['v_proj', linear(d, d)], ['q_proj', linear(d, d)], ['out_proj', linear(d, d)]]);

/** fairseq's encoder: pos_conv, layers, layer_norm */
function fairseqEncoder(posConv: Module, layers: Module[], d: number): Module {
  return module([], [['pos_conv', posConv], ['layers', indexed(layers)], ['layer_norm', affineNorm(d)]]);
}

/** transformers' encoder: pos_conv_embed, layer_norm, layers */
function hfEncoder(posConv: Module, layers: Module[], d: number): Module {
  return module([], [['pos_conv_embed', posConv], ['layer_norm', affineNorm(d)], ['layers', indexed(layers)]]);
}

/** transformers' *Model body: masked_spec_embed (an own parameter, so first), feature_extractor, feature_projection (layer_norm, projection), encoder */
function hfBody(c: SpeechConfig, encoder: Module): Module {
  return module([t('masked_spec_embed', [c.d])], [
    ['feature_extractor', hfExtractor(c)],
    ['feature_projection', module([], [['layer_norm', affineNorm(CONV)], ['projection', linear(CONV, c.d)]])],
    ['encoder', encoder],
  ]);
}

/**
 * The scripts' shared loop (recursively_load_weights and load_conv_layer): a conv_layers key goes by its Sequential index
 * (0 → conv, 2 → layer_norm; in layer mode the LayerNorm sits one level deeper, .2.1, and the script reads only the
 * index after the layer); any other key by the first MAPPING entry it contains (or, in a pretrained checkpoint, whose
 * part after `w2v_model.` is the key's first segment), `*` replaced by the layer index, the leaf (weight / bias /
 * weight_g / weight_v) appended unless the mapped name is a parameter itself. Keys nothing maps are null (dropped).
 */
function convertByMapping(source: string[], mapping: [string, string][], opts: { prefix: string; topLevel: string[]; bare: string[]; finetuned: boolean }): { truth: Record<string, string | null>; used: Set<string> } {
  const truth: Record<string, string | null> = {};
  const used = new Set<string>();
  for (const key of source) {
    const conv = /conv_layers\.(\d+)\.(\d+)\.(?:\d+\.)?(weight|bias)$/.exec(key);
    if (conv) {
      used.add(`conv_layers type ${conv[2]}`);
      truth[key] = `${opts.prefix}feature_extractor.conv_layers.${conv[1]}.${conv[2] === '0' ? 'conv' : 'layer_norm'}.${conv[3]}`;
      continue;
    }
    const hit = mapping.find(([k]) => key.includes(k) || (!opts.finetuned && k.split('w2v_model.').pop() === key.split('.')[0]));
    if (!hit) {
      truth[key] = null;
      continue;
    }
    const [from, to] = hit;
    used.add(from);
    const layer = key.split(from)[0]!.split('.').at(-2) ?? '';
    const mapped = to.replace('*', layer);
    const name = opts.bare.includes(from) ? mapped : `${mapped}.${key.slice(key.lastIndexOf('.') + 1)}`;
    const top = opts.topLevel.some((x) => name.startsWith(x));
    if (!top && opts.prefix) used.add(`${opts.prefix} prefix`);
    truth[key] = top ? name : `${opts.prefix}${name}`;
  }
  return { truth, used };
}

/** the wav2vec 2.0 script's per-layer rows (set 3), which the HuBERT, WavLM and data2vec-audio scripts copy: self_attn.k / v / q / out_proj */
const LAYER_MAPPING = W2V_MAPPING.filter(([k]) => k.startsWith('self_attn.'));
/** and its rows from self_attn_layer_norm to w2v_model.layer_norm (the layer's norms and fc1 / fc2, the encoder's norm, the extractor's norm) */
const TAIL_MAPPING = W2V_MAPPING.slice(W2V_MAPPING.findIndex(([k]) => k === 'self_attn_layer_norm'), W2V_MAPPING.findIndex(([k]) => k === 'w2v_model.layer_norm') + 1);

// ---------------------------------------------------------------------------------------------------------
// HuBERT (fairseq → transformers HubertForCTC / HubertModel)

const HUBERT_SCRIPT = 'src/transformers/models/hubert/convert_hubert_original_pytorch_checkpoint_to_pytorch.py';
const HUBERT_COMMIT = '3bf6cb5b28e391e7ba7506ea28b57fe2bae498c2';
const HUBERT_MAPPING: [string, string][] = [
  ['post_extract_proj', 'feature_projection.projection'], ['encoder.pos_conv.0', 'encoder.pos_conv_embed.conv'], ...LAYER_MAPPING, ...TAIL_MAPPING,
  ['w2v_encoder.proj', 'lm_head'], ['mask_emb', 'masked_spec_embed'],
];

/** fairseq's HubertModel: mask_emb and label_embs_concat (own parameters, so first), feature_extractor, post_extract_proj, encoder, layer_norm, final_proj (None once fine-tuned) */
function fairseqHubert(c: SpeechConfig, finetuned: boolean): Module {
  const children: [string, Module][] = [
    ['feature_extractor', fairseqExtractor(c)], ['post_extract_proj', linear(CONV, c.d)],
    ['encoder', fairseqEncoder(indexed([weightNormConv(c.d)]), range(c.layers).map(() => fairseqLayer(c, plainAttn(c.d))), c.d)],
    ['layer_norm', affineNorm(CONV)],
  ];
  if (!finetuned) children.push(['final_proj', linear(c.d, c.finalDim!)]);
  return module([t('mask_emb', [c.d]), t('label_embs_concat', [504, c.finalDim!])], children);
}

function hubertFamily(name: string, model: string, c: SpeechConfig, finetuned: boolean): Family {
  const fs = fairseqHubert(c, finetuned);
  const src = finetuned ? module([], [['w2v_encoder', module([], [['w2v_model', fs], ['proj', linear(c.d, c.vocab!)]])]]) : fs;
  const source = stateDict(src, 'float32');
  const body = hfBody(c, hfEncoder(module([], [['conv', weightNormConv(c.d)]]), range(c.layers).map(() => hfLayer(c, plainAttn(c.d))), c.d));
  const tgt = finetuned ? module([], [['hubert', body], ['lm_head', linear(c.d, c.vocab!)]]) : body;
  const { truth, used } = convertByMapping(source.map((e) => e.key), HUBERT_MAPPING, { prefix: finetuned ? 'hubert.' : '', topLevel: ['lm_head'], bare: ['mask_emb'], finetuned });
  const dropped = [...new Set(Object.keys(truth).filter((k) => truth[k] === null).map((k) => (k.split('.').at(-2) === 'final_proj' ? 'final_proj' : k.split('.').pop()!)))];
  return {
    name,
    description: `${model} (${c.layers} layers × ${c.d}, ffn ${c.ffn}, feature extractor ${c.norm} norm, conv bias ${c.convBias}${finetuned ? `, CTC vocabulary ${c.vocab}` : ''}) fairseq ${finetuned ? 'HubertCtc' : 'HubertModel'} → transformers ${finetuned ? 'HubertForCTC' : 'HubertModel'}: conv_layers.I.0 / .2${c.norm === 'layer' ? '.1' : ''} → conv_layers.I.conv / .layer_norm, post_extract_proj → feature_projection.projection, the top-level layer_norm → feature_projection.layer_norm (after the encoder in the checkpoint, before it in the model), encoder.pos_conv.0 (weight_g / weight_v) → encoder.pos_conv_embed.conv, self_attn → attention, self_attn_layer_norm → layer_norm, fc1 / fc2 → feed_forward.intermediate_dense / output_dense, the encoder's layer_norm (after the layers in the checkpoint, before them in the model), mask_emb → masked_spec_embed${finetuned ? '; w2v_encoder.w2v_model. → hubert., w2v_encoder.proj → lm_head' : ''}; dropped (no counterpart, unused by the script): ${dropped.join(', ')}.`,
    reference: `${TRANSFORMERS} ${HUBERT_SCRIPT} MAPPING, recursively_load_weights, load_conv_layer (commit ${HUBERT_COMMIT})`,
    url: `https://github.com/${TRANSFORMERS}/blob/${HUBERT_COMMIT}/${HUBERT_SCRIPT}`,
    source,
    target: stateDict(tgt, 'float32'),
    truth,
    // the MAPPING entries that fire, the conv-layer kinds, the hubert. prefix, one drop per pretraining-only tensor
    patterns: used.size + dropped.length,
  };
}

/** facebook/hubert-base-ls960 (and its fine-tuned kin): 12 × 768, group norm, no conv bias, final_dim 256 */
const HUBERT_BASE: SpeechConfig = { layers: 12, d: 768, ffn: 3072, heads: 12, norm: 'group', convBias: false, finalDim: 256, vocab: 32 };
/**
 * hubert_large_ll60k (fairseq examples/hubert/config/pretrain/hubert_large_librivox.yaml): 24 × 1024, extractor_mode layer_norm,
 * final_dim 768; conv_bias left at HubertConfig's default, False
 */
const HUBERT_LARGE: SpeechConfig = { layers: 24, d: 1024, ffn: 4096, heads: 16, norm: 'layer', convBias: false, finalDim: 768, vocab: 32 };
/** hubert_xtralarge_ll60k: 48 × 1280, ffn 5120, layer norm, final_dim 1024, no conv bias (as Large) */
const HUBERT_XLARGE: SpeechConfig = { layers: 48, d: 1280, ffn: 5120, heads: 16, norm: 'layer', convBias: false, finalDim: 1024, vocab: 32 };

export const hubertBaseCtcToHF = (): Family => hubertFamily('hubert-base-fairseq-ctc-to-hf', 'HuBERT-Base (fine-tuned, hubert_base_ls960 → ls960 CTC)', HUBERT_BASE, true);
export const hubertLargeCtcToHF = (): Family => hubertFamily('hubert-large-fairseq-ctc-to-hf', 'HuBERT-Large (hubert_large_ll60k fine-tuned on ls960)', HUBERT_LARGE, true);
export const hubertXlargeCtcToHF = (): Family => hubertFamily('hubert-xlarge-fairseq-ctc-to-hf', 'HuBERT-XLarge (hubert_xtralarge_ll60k fine-tuned on ls960)', HUBERT_XLARGE, true);
export const hubertBasePretrainedToHF = (): Family => hubertFamily('hubert-base-fairseq-pretrained-to-hf', 'HuBERT-Base (hubert_base_ls960, pretrained)', HUBERT_BASE, false);
export const hubertLargePretrainedToHF = (): Family => hubertFamily('hubert-large-fairseq-pretrained-to-hf', 'HuBERT-Large (hubert_large_ll60k, pretrained)', HUBERT_LARGE, false);

// ---------------------------------------------------------------------------------------------------------
// WavLM (microsoft/unilm wavlm → transformers WavLMModel)

const WAVLM_SCRIPT = 'src/transformers/models/wavlm/convert_wavlm_original_pytorch_checkpoint_to_pytorch.py';
const WAVLM_COMMIT = '1001bb00bfeeac965908cdb4ab5c3d7ebe0c774f';
const WAVLM_MAPPING: [string, string][] = [
  ['post_extract_proj', 'feature_projection.projection'], ['encoder.pos_conv.0', 'encoder.pos_conv_embed.conv'], ...LAYER_MAPPING,
  ['self_attn.grep_linear', 'encoder.layers.*.attention.gru_rel_pos_linear'],
  ['self_attn.relative_attention_bias', 'encoder.layers.*.attention.rel_attn_embed'],
  ['self_attn.grep_a', 'encoder.layers.*.attention.gru_rel_pos_const'],
  ...TAIL_MAPPING, ['mask_emb', 'masked_spec_embed'],
];
/** relative position buckets of both WavLM sizes */
const BUCKETS = 320;

/**
 * unilm's wavlm/modules.py MultiheadAttention with gated relative positions: grep_a [1, H, 1, 1] (an own parameter, so
 * first), relative_attention_bias (an Embedding(320, H), only in the first layer), k / v / q / out_proj, grep_linear
 * (head_dim → 8). transformers' WavLMAttention: gru_rel_pos_const first, k / v / q / out_proj, gru_rel_pos_linear,
 * rel_attn_embed (first layer only).
 */
function wavlmAttn(c: SpeechConfig, first: boolean, hf: boolean): Module {
  const head = c.d / c.heads;
  const projs = plainAttn(c.d).children;
  const bias: [string, Module][] = first ? [[hf ? 'rel_attn_embed' : 'relative_attention_bias', embedding(BUCKETS, c.heads)]] : [];
  const gate: [string, Module] = [hf ? 'gru_rel_pos_linear' : 'grep_linear', linear(head, 8)];
  return module([t(hf ? 'gru_rel_pos_const' : 'grep_a', [1, c.heads, 1, 1])], hf ? [...projs, gate, ...bias] : [...bias, ...projs, gate]);
}

function wavlmFamily(name: string, model: string, c: SpeechConfig): Family {
  const layers = (hf: boolean): Module[] => range(c.layers).map((i) => (hf ? hfLayer : fairseqLayer)(c, wavlmAttn(c, i === 0, hf)));
  // unilm's WavLM: mask_emb (an own parameter), feature_extractor, post_extract_proj, encoder, layer_norm (no pretraining heads in the released checkpoints)
  const src = module([t('mask_emb', [c.d])], [
    ['feature_extractor', fairseqExtractor(c)], ['post_extract_proj', linear(CONV, c.d)],
    ['encoder', fairseqEncoder(indexed([weightNormConv(c.d)]), layers(false), c.d)], ['layer_norm', affineNorm(CONV)],
  ]);
  const source = stateDict(src, 'float32');
  const { truth, used } = convertByMapping(source.map((e) => e.key), WAVLM_MAPPING, { prefix: '', topLevel: [], bare: ['mask_emb', 'self_attn.grep_a'], finetuned: false });
  return {
    name,
    description: `${model} (${c.layers} layers × ${c.d}, ${c.heads} heads, feature extractor ${c.norm} norm, ${BUCKETS} relative position buckets) unilm WavLM → transformers WavLMModel: per layer self_attn → attention with grep_a → gru_rel_pos_const (a parameter [1, ${c.heads}, 1, 1] first in both), grep_linear → gru_rel_pos_linear, the first layer's relative_attention_bias → rel_attn_embed (first among the attention's children in the checkpoint, last in the model), self_attn_layer_norm → layer_norm, fc1 / fc2 → feed_forward.intermediate_dense / output_dense; conv_layers.I.0 / .2${c.norm === 'layer' ? '.1' : ''} → conv_layers.I.conv / .layer_norm, post_extract_proj → feature_projection.projection, the top-level layer_norm → feature_projection.layer_norm, encoder.pos_conv.0 → encoder.pos_conv_embed.conv, the encoder's layer_norm before the layers in the model, mask_emb → masked_spec_embed.`,
    reference: `${TRANSFORMERS} ${WAVLM_SCRIPT} MAPPING, recursively_load_weights, load_conv_layer (commit ${WAVLM_COMMIT})`,
    url: `https://github.com/${TRANSFORMERS}/blob/${WAVLM_COMMIT}/${WAVLM_SCRIPT}`,
    source,
    target: stateDict(hfBody(c, hfEncoder(module([], [['conv', weightNormConv(c.d)]]), layers(true), c.d)), 'float32'),
    truth: truth as Record<string, string>,
    // the MAPPING entries that fire and the conv-layer kinds
    patterns: used.size,
  };
}

/** microsoft/wavlm-base and wavlm-base-plus (same architecture, other training data): 12 × 768, group norm, no conv bias */
const WAVLM_BASE: SpeechConfig = { layers: 12, d: 768, ffn: 3072, heads: 12, norm: 'group', convBias: false };
/** microsoft/wavlm-large: 24 × 1024, 16 heads, layer norm, no conv bias */
const WAVLM_LARGE: SpeechConfig = { layers: 24, d: 1024, ffn: 4096, heads: 16, norm: 'layer', convBias: false };
export const wavlmBaseToHF = (): Family => wavlmFamily('wavlm-base-unilm-to-hf', 'WavLM-Base', WAVLM_BASE);
export const wavlmBasePlusToHF = (): Family => wavlmFamily('wavlm-base-plus-unilm-to-hf', 'WavLM-Base+', WAVLM_BASE);
export const wavlmLargeToHF = (): Family => wavlmFamily('wavlm-large-unilm-to-hf', 'WavLM-Large', WAVLM_LARGE);

// ---------------------------------------------------------------------------------------------------------
// data2vec-audio (fairseq fine-tuned → transformers Data2VecAudioForCTC)

const D2V_SCRIPT = 'src/transformers/models/data2vec/convert_data2vec_audio_original_pytorch_checkpoint_to_pytorch.py';
const D2V_COMMIT = '1001bb00bfeeac965908cdb4ab5c3d7ebe0c774f';
const D2V_MAPPING: [string, string][] = [
  ['post_extract_proj', 'feature_projection.projection'], ['models.0.layer_norm', 'feature_projection.layer_norm'], ...LAYER_MAPPING, ...TAIL_MAPPING,
  ['w2v_encoder.proj', 'lm_head'], ['mask_emb', 'masked_spec_embed'],
];
/** data2vec's positional convs: 5 layers of kernel 19 (max(3, 95 // 5)), 16 groups, each with a bias and a LayerNorm without parameters */
const D2V_POS_LAYERS = 5;
const D2V_POS_KERNEL = 19;

function data2vecFamily(name: string, model: string, c: SpeechConfig): Family {
  const posConv = (): Module => module([t('weight', [c.d, c.d / 16, D2V_POS_KERNEL]), t('bias', [c.d])]);
  const fs = module([t('mask_emb', [c.d])], [
    ['feature_extractor', fairseqExtractor(c)], ['post_extract_proj', linear(CONV, c.d)],
    ['encoder', fairseqEncoder(indexed(range(D2V_POS_LAYERS).map(() => indexed([posConv()]))), range(c.layers).map(() => fairseqLayer(c, plainAttn(c.d))), c.d)],
    ['layer_norm', affineNorm(CONV)],
  ]);
  const source = stateDict(module([], [['w2v_encoder', module([], [['w2v_model', fs], ['proj', linear(c.d, c.vocab!)]])]]), 'float32');
  const keys = source.map((e) => e.key);
  const { truth, used } = convertByMapping(keys.filter((k) => !k.includes('pos_conv')), D2V_MAPPING, { prefix: 'data2vec_audio.', topLevel: ['lm_head'], bare: ['mask_emb'], finetuned: true });
  // load_pos_conv_layer: pos_conv.L.0.{weight,bias} → encoder.pos_conv_embed.layers.L.conv.*
  const full: Record<string, string> = {};
  for (const k of keys) {
    const pos = /pos_conv\.(\d+)\.0\.(weight|bias)$/.exec(k);
    if (pos) used.add('pos_conv layers');
    full[k] = pos ? `data2vec_audio.encoder.pos_conv_embed.layers.${pos[1]}.conv.${pos[2]}` : truth[k]!;
  }
  const hfPos = module([], [['layers', indexed(range(D2V_POS_LAYERS).map(() => module([], [['conv', posConv()]])))]]);
  const tgt = module([], [['data2vec_audio', hfBody(c, hfEncoder(hfPos, range(c.layers).map(() => hfLayer(c, plainAttn(c.d))), c.d))], ['lm_head', linear(c.d, c.vocab!)]]);
  return {
    name,
    description: `${model} (${c.layers} layers × ${c.d}, layer-norm feature extractor without conv bias, ${D2V_POS_LAYERS} positional convs of kernel ${D2V_POS_KERNEL}, CTC vocabulary ${c.vocab}) fairseq fine-tuned data2vec-audio → transformers Data2VecAudioForCTC: w2v_encoder.w2v_model. → data2vec_audio., encoder.pos_conv.L.0 → encoder.pos_conv_embed.layers.L.conv (five equal-shaped convs in order), conv_layers.I.0 / .2.1 → conv_layers.I.conv / .layer_norm, post_extract_proj → feature_projection.projection, the top-level layer_norm → feature_projection.layer_norm, self_attn → attention, self_attn_layer_norm → layer_norm, fc1 / fc2 → feed_forward.intermediate_dense / output_dense, the encoder's layer_norm before the layers in the model, mask_emb → masked_spec_embed, w2v_encoder.proj → lm_head.`,
    reference: `${TRANSFORMERS} ${D2V_SCRIPT} MAPPING, recursively_load_weights, load_conv_layer, load_pos_conv_layer (commit ${D2V_COMMIT})`,
    url: `https://github.com/${TRANSFORMERS}/blob/${D2V_COMMIT}/${D2V_SCRIPT}`,
    source,
    target: stateDict(tgt, 'float32'),
    truth: full,
    // the MAPPING entries that fire, the conv-layer kinds, the positional conv layers, the data2vec_audio. prefix
    patterns: used.size,
  };
}

/** facebook/data2vec-audio-base-960h: 12 × 768; data2vec-audio-large-960h: 24 × 1024 */
export const data2vecAudioBaseToHF = (): Family => data2vecFamily('data2vec-audio-base-fairseq-ctc-to-hf', 'data2vec-audio-Base (960h)', { layers: 12, d: 768, ffn: 3072, heads: 12, norm: 'layer', convBias: false, vocab: 32 });
export const data2vecAudioLargeToHF = (): Family => data2vecFamily('data2vec-audio-large-fairseq-ctc-to-hf', 'data2vec-audio-Large (960h)', { layers: 24, d: 1024, ffn: 4096, heads: 16, norm: 'layer', convBias: false, vocab: 32 });
