import type { Family } from './types.js';
import { affineNorm, conv1d, embedding, indexed, linear, module, t, type Module, stateDict } from './modules.js';
import { RenameRules } from './rules.js';

/** openai/whisper model.py ModelDimensions */
export interface WhisperDims {
  nMels: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioLayer: number;
  nVocab: number;
  nTextCtx: number;
  nTextState: number;
  nTextLayer: number;
}

export const SMALL_WHISPER: WhisperDims = { nMels: 80, nAudioCtx: 64, nAudioState: 64, nAudioLayer: 2, nVocab: 128, nTextCtx: 32, nTextState: 64, nTextLayer: 2 };

/** openai/whisper model.py MultiHeadAttention: query, key (no bias), value, out */
function openaiAttention(n: number): Module {
  return module([], [['query', linear(n, n)], ['key', linear(n, n, false)], ['value', linear(n, n)], ['out', linear(n, n)]]);
}

function openaiBlock(n: number, cross: boolean): Module {
  const children: [string, Module][] = [['attn', openaiAttention(n)], ['attn_ln', affineNorm(n)]];
  if (cross) children.push(['cross_attn', openaiAttention(n)], ['cross_attn_ln', affineNorm(n)]);
  children.push(['mlp', indexed([linear(n, 4 * n), null, linear(4 * n, n)])], ['mlp_ln', affineNorm(n)]);
  return module([], children);
}

/**
 * openai/whisper model.py Whisper. AudioEncoder's positional_embedding is a buffer and TextDecoder's a
 * parameter: both are the module's own state, so each comes before that module's children. The decoder's
 * causal `mask` is not persistent.
 */
function openaiWhisper(d: WhisperDims): Module {
  const a = d.nAudioState;
  const x = d.nTextState;
  return module([], [
    ['encoder', module([t('positional_embedding', [d.nAudioCtx, a])], [
      ['conv1', conv1d(d.nMels, a, 3)],
      ['conv2', conv1d(a, a, 3)],
      ['blocks', indexed(Array.from({ length: d.nAudioLayer }, () => openaiBlock(a, false)))],
      ['ln_post', affineNorm(a)],
    ])],
    ['decoder', module([t('positional_embedding', [d.nTextCtx, x])], [
      ['token_embedding', embedding(d.nVocab, x)],
      ['blocks', indexed(Array.from({ length: d.nTextLayer }, () => openaiBlock(x, true)))],
      ['ln', affineNorm(x)],
    ])],
  ]);
}

/** transformers modeling_whisper.py WhisperAttention: k_proj (no bias), v_proj, q_proj, out_proj */
function hfAttention(n: number): Module {
  return module([], [['k_proj', linear(n, n, false)], ['v_proj', linear(n, n)], ['q_proj', linear(n, n)], ['out_proj', linear(n, n)]]);
}

function hfLayer(n: number, cross: boolean): Module {
  const children: [string, Module][] = [['self_attn', hfAttention(n)], ['self_attn_layer_norm', affineNorm(n)]];
  if (cross) children.push(['encoder_attn', hfAttention(n)], ['encoder_attn_layer_norm', affineNorm(n)]);
  children.push(['fc1', linear(n, 4 * n)], ['fc2', linear(4 * n, n)], ['final_layer_norm', affineNorm(n)]);
  return module([], children);
}

/** transformers WhisperForConditionalGeneration with the config convert_openai_whisper_to_tfms builds */
function hfWhisper(d: WhisperDims): Module {
  const a = d.nAudioState;
  return module([], [
    ['model', module([], [
      ['encoder', module([], [
        ['conv1', conv1d(d.nMels, a, 3)],
        ['conv2', conv1d(a, a, 3)],
        ['embed_positions', embedding(d.nAudioCtx, a)],
        ['layers', indexed(Array.from({ length: d.nAudioLayer }, () => hfLayer(a, false)))],
        ['layer_norm', affineNorm(a)],
      ])],
      ['decoder', module([], [
        ['embed_tokens', embedding(d.nVocab, a)],
        ['embed_positions', embedding(d.nTextCtx, a)],
        ['layers', indexed(Array.from({ length: d.nTextLayer }, () => hfLayer(a, true)))],
        ['layer_norm', affineNorm(a)],
      ])],
    ])],
    ['proj_out', linear(a, d.nVocab, false)],
  ]);
}

export function whisperOpenAIToHF(dims: WhisperDims = SMALL_WHISPER): Family {
  if (dims.nAudioState !== dims.nTextState) throw new Error('transformers Whisper has one d_model for encoder and decoder');
  const source = stateDict(openaiWhisper(dims), 'float16');
  const target = stateDict(hfWhisper(dims), 'float32');
  // WHISPER_MAPPING in its order, then the `model.` the script's model.model.load_state_dict implies
  const rules = new RenameRules()
    .add('blocks', 'layers')
    .add('mlp.0', 'fc1')
    .add('mlp.2', 'fc2')
    .add('mlp_ln', 'final_layer_norm')
    .add('.attn.query', '.self_attn.q_proj')
    .add('.attn.key', '.self_attn.k_proj')
    .add('.attn.value', '.self_attn.v_proj')
    .add('.attn_ln', '.self_attn_layer_norm')
    .add('.attn.out', '.self_attn.out_proj')
    .add('.cross_attn.query', '.encoder_attn.q_proj')
    .add('.cross_attn.key', '.encoder_attn.k_proj')
    .add('.cross_attn.value', '.encoder_attn.v_proj')
    .add('.cross_attn_ln', '.encoder_attn_layer_norm')
    .add('.cross_attn.out', '.encoder_attn.out_proj')
    .add('decoder.ln.', 'decoder.layer_norm.')
    .add('encoder.ln.', 'encoder.layer_norm.')
    .add('token_embedding', 'embed_tokens')
    .add('encoder.positional_embedding', 'encoder.embed_positions.weight')
    .add('decoder.positional_embedding', 'decoder.embed_positions.weight')
    .add('ln_post', 'layer_norm')
    .addAtStart('encoder.', 'model.encoder.')
    .addAtStart('decoder.', 'model.decoder.');
  const truth: Record<string, string> = {};
  for (const { key } of source) truth[key] = rules.apply(key);
  return {
    name: 'whisper-openai-to-hf',
    description:
      'OpenAI Whisper model_state_dict → transformers WhisperForConditionalGeneration (blocks → layers, attn.query → self_attn.q_proj, ' +
      'cross_attn → encoder_attn, mlp.0/2 → fc1/fc2, positional_embedding → embed_positions.weight, under `model.`). ' +
      'proj_out.weight has no source: the script ties it to decoder.embed_tokens.',
    reference: 'huggingface/transformers src/transformers/models/whisper/convert_openai_to_hf.py WHISPER_MAPPING, rename_keys, convert_openai_whisper_to_tfms',
    source,
    target,
    truth,
    // the two `model.` prefixes are one pattern a person writes
    patterns: rules.usedCount() - 1,
  };
}
