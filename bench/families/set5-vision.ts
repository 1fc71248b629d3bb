import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from './types.js';
import { affineNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { RuleTrace } from './rules.js';
import { byKey } from './set3-vision.js';
import { range } from './set5-language.js';

/**
 * The fifth set of conversion families (session 7), vision and diffusion side: conversion code none of the
 * first 54 families uses, collected and split by someone who changes no matching code. Key lists are
 * rebuilt from the model definitions at the real configuration, in state_dict order (an npz in the order
 * numpy lists it: sorted by name). Each reference names the repository, path and commit that was read.
 */

type Truth = Record<string, string | string[] | null>;

/** ConvTranspose2d: weight [in, out, k, k] */
function convTranspose2d(inCh: number, outCh: number, kernel: number): Module {
  return module([t('weight', [inCh, outCh, kernel, kernel]), t('bias', [outCh])]);
}

// ---------------------------------------------------------------------------------------------------------
// Segment Anything (facebookresearch/segment-anything) → transformers SamModel

/** sam_vit_b_01ec64: ViT-B image encoder (12 blocks of 768, 12 heads, window 14, global attention in blocks 2, 5, 8, 11), 256-d prompt encoder and two-way mask decoder */
export const SAM_VIT_B = { depth: 12, d: 768, heads: 12, window: 14, grid: 64, global: [2, 5, 8, 11], out: 256, mlp: 3072, decMlp: 2048, masks: 4 };

/** the two-way transformer's attention (q, k, v, out; internal width = 256 / downsample_rate) */
function samAttention(d: number, internal: number): Module {
  return module([], [['q_proj', linear(d, internal)], ['k_proj', linear(d, internal)], ['v_proj', linear(d, internal)], ['out_proj', linear(internal, d)]]);
}

/**
 * segment_anything's ImageEncoderViT: pos_embed, patch_embed, blocks (rel_pos_h / rel_pos_w, window or global size), neck;
 * timm's VisionTransformerSAM holds the same tensors with the MLP's Linears named fc1 / fc2 (`mlp` gives the names)
 */
export function samImageEncoder(c: typeof SAM_VIT_B, mlp: [string, string] = ['lin1', 'lin2']): Module {
  const headDim = c.d / c.heads;
  const block = (i: number): Module => {
    const size = c.global.includes(i) ? c.grid : c.window;
    return module([], [
      ['norm1', affineNorm(c.d)],
      ['attn', module([t('rel_pos_h', [2 * size - 1, headDim]), t('rel_pos_w', [2 * size - 1, headDim])], [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)]])],
      ['norm2', affineNorm(c.d)],
      ['mlp', module([], [[mlp[0], linear(c.d, c.mlp)], [mlp[1], linear(c.mlp, c.d)]])],
    ]);
  };
  return module([t('pos_embed', [1, c.grid, c.grid, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, 16)]])],
    ['blocks', indexed(range(c.depth).map(block))],
    ['neck', indexed([conv2d(c.d, c.out, 1, false), affineNorm(c.out), conv2d(c.out, c.out, 3, false), affineNorm(c.out)])],
  ]);
}

/** segment_anything modeling/{sam, image_encoder, prompt_encoder, mask_decoder, transformer}.py (pixel_mean / pixel_std are non-persistent) */
export function samOriginal(c: typeof SAM_VIT_B): Module {
  const imageEncoder = samImageEncoder(c);
  const promptEncoder = module([], [
    ['pe_layer', module([t('positional_encoding_gaussian_matrix', [2, c.out / 2])])],
    ['point_embeddings', indexed(range(4).map(() => embedding(1, c.out)))],
    ['not_a_point_embed', embedding(1, c.out)],
    ['mask_downscaling', indexed([conv2d(1, 4, 2), affineNorm(4), null, conv2d(4, 16, 2), affineNorm(16), null, conv2d(16, c.out, 1)])],
    ['no_mask_embed', embedding(1, c.out)],
  ]);
  const twoWayBlock = (): Module => module([], [
    ['self_attn', samAttention(c.out, c.out)], ['norm1', affineNorm(c.out)],
    ['cross_attn_token_to_image', samAttention(c.out, c.out / 2)], ['norm2', affineNorm(c.out)],
    ['mlp', module([], [['lin1', linear(c.out, c.decMlp)], ['lin2', linear(c.decMlp, c.out)]])],
    ['norm3', affineNorm(c.out)], ['norm4', affineNorm(c.out)],
    ['cross_attn_image_to_token', samAttention(c.out, c.out / 2)],
  ]);
  const mlp3 = (o: number): Module => module([], [['layers', indexed([linear(c.out, c.out), linear(c.out, c.out), linear(c.out, o)])]]);
  const maskDecoder = module([], [
    ['transformer', module([], [
      ['layers', indexed([twoWayBlock(), twoWayBlock()])],
      ['final_attn_token_to_image', samAttention(c.out, c.out / 2)],
      ['norm_final_attn', affineNorm(c.out)],
    ])],
    ['iou_token', embedding(1, c.out)],
    ['mask_tokens', embedding(c.masks, c.out)],
    ['output_upscaling', indexed([convTranspose2d(c.out, c.out / 4, 2), affineNorm(c.out / 4), null, convTranspose2d(c.out / 4, c.out / 8, 2)])],
    ['output_hypernetworks_mlps', indexed(range(c.masks).map(() => mlp3(c.out / 8)))],
    ['iou_prediction_head', mlp3(c.masks)],
  ]);
  return module([], [['image_encoder', imageEncoder], ['prompt_encoder', promptEncoder], ['mask_decoder', maskDecoder]]);
}

/** transformers SamModel: shared_image_embedding, vision_encoder, prompt_encoder (with the shared embedding again), mask_decoder */
function hfSam(c: typeof SAM_VIT_B): Module {
  const headDim = c.d / c.heads;
  const positional = (): Module => module([t('positional_embedding', [2, c.out / 2])]);
  const layer = (i: number): Module => {
    const size = c.global.includes(i) ? c.grid : c.window;
    return module([], [
      ['layer_norm1', affineNorm(c.d)],
      ['attn', module([t('rel_pos_h', [2 * size - 1, headDim]), t('rel_pos_w', [2 * size - 1, headDim])], [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)]])],
      ['layer_norm2', affineNorm(c.d)],
      ['mlp', module([], [['lin1', linear(c.d, c.mlp)], ['lin2', linear(c.mlp, c.d)]])],
    ]);
  };
  const visionEncoder = module([t('pos_embed', [1, c.grid, c.grid, c.d])], [
    ['patch_embed', module([], [['projection', conv2d(3, c.d, 16)]])],
    ['layers', indexed(range(c.depth).map(layer))],
    ['neck', module([], [['conv1', conv2d(c.d, c.out, 1, false)], ['layer_norm1', affineNorm(c.out)], ['conv2', conv2d(c.out, c.out, 3, false)], ['layer_norm2', affineNorm(c.out)]])],
  ]);
  const promptEncoder = module([], [
    ['shared_embedding', positional()],
    ['mask_embed', module([], [['conv1', conv2d(1, 4, 2)], ['conv2', conv2d(4, 16, 2)], ['conv3', conv2d(16, c.out, 1)], ['layer_norm1', affineNorm(4)], ['layer_norm2', affineNorm(16)]])],
    ['no_mask_embed', embedding(1, c.out)],
    ['point_embed', indexed(range(4).map(() => embedding(1, c.out)))],
    ['not_a_point_embed', embedding(1, c.out)],
  ]);
  const twoWayBlock = (): Module => module([], [
    ['self_attn', samAttention(c.out, c.out)], ['layer_norm1', affineNorm(c.out)],
    ['cross_attn_token_to_image', samAttention(c.out, c.out / 2)], ['layer_norm2', affineNorm(c.out)],
    ['mlp', module([], [['lin1', linear(c.out, c.decMlp)], ['lin2', linear(c.decMlp, c.out)]])],
    ['layer_norm3', affineNorm(c.out)], ['layer_norm4', affineNorm(c.out)],
    ['cross_attn_image_to_token', samAttention(c.out, c.out / 2)],
  ]);
  const feedForward = (o: number): Module => module([], [['proj_in', linear(c.out, c.out)], ['proj_out', linear(c.out, o)], ['layers', indexed([linear(c.out, c.out)])]]);
  const maskDecoder = module([], [
    ['iou_token', embedding(1, c.out)],
    ['mask_tokens', embedding(c.masks, c.out)],
    ['transformer', module([], [
      ['layers', indexed([twoWayBlock(), twoWayBlock()])],
      ['final_attn_token_to_image', samAttention(c.out, c.out / 2)],
      ['layer_norm_final_attn', affineNorm(c.out)],
    ])],
    ['upscale_conv1', convTranspose2d(c.out, c.out / 4, 2)],
    ['upscale_conv2', convTranspose2d(c.out / 4, c.out / 8, 2)],
    ['upscale_layer_norm', affineNorm(c.out / 4)],
    ['output_hypernetworks_mlps', indexed(range(c.masks).map(() => feedForward(c.out / 8)))],
    ['iou_prediction_head', feedForward(c.masks)],
  ]);
  return module([], [['shared_image_embedding', positional()], ['vision_encoder', visionEncoder], ['prompt_encoder', promptEncoder], ['mask_decoder', maskDecoder]]);
}

/** KEYS_TO_MODIFY_MAPPING, in the script's (dict) order: each applied where its text occurs */
const SAM_KEYS_TO_MODIFY: [string, string][] = [
  ['iou_prediction_head.layers.0', 'iou_prediction_head.proj_in'],
  ['iou_prediction_head.layers.1', 'iou_prediction_head.layers.0'],
  ['iou_prediction_head.layers.2', 'iou_prediction_head.proj_out'],
  ['mask_decoder.output_upscaling.0', 'mask_decoder.upscale_conv1'],
  ['mask_decoder.output_upscaling.1', 'mask_decoder.upscale_layer_norm'],
  ['mask_decoder.output_upscaling.3', 'mask_decoder.upscale_conv2'],
  ['mask_downscaling.0', 'mask_embed.conv1'],
  ['mask_downscaling.1', 'mask_embed.layer_norm1'],
  ['mask_downscaling.3', 'mask_embed.conv2'],
  ['mask_downscaling.4', 'mask_embed.layer_norm2'],
  ['mask_downscaling.6', 'mask_embed.conv3'],
  ['point_embeddings', 'point_embed'],
  ['pe_layer.positional_encoding_gaussian_matrix', 'shared_embedding.positional_embedding'],
  ['image_encoder', 'vision_encoder'],
  ['neck.0', 'neck.conv1'],
  ['neck.1', 'neck.layer_norm1'],
  ['neck.2', 'neck.conv2'],
  ['neck.3', 'neck.layer_norm2'],
  ['patch_embed.proj', 'patch_embed.projection'],
  ['.norm', '.layer_norm'],
  ['blocks', 'layers'],
];

/** replace_keys for one key */
function samName(key: string): RuleTrace {
  const r = new RuleTrace(key);
  for (const [from, to] of SAM_KEYS_TO_MODIFY) r.replace(from, to);
  const m = /.*.output_hypernetworks_mlps.(\d+).layers.(\d+).*/.exec(r.key);
  if (m) {
    const n = +m[2]!;
    const [from, to] = n === 0 ? ['layers.0', 'proj_in'] : n === 1 ? ['layers.1', 'layers.0'] : ['layers.2', 'proj_out'];
    r.step(`output_hypernetworks_mlps ${from}`, (k) => k.replace(from, to));
  }
  return r;
}

export function samToHF(): Family {
  const c = SAM_VIT_B;
  const source = stateDict(samOriginal(c), 'float32');
  const truth: Truth = {};
  const rules = new Set<string>();
  for (const { key } of source) {
    const r = samName(key);
    for (const x of r.rules) rules.add(x);
    // model_state_dict["shared_image_embedding.positional_embedding"] = the prompt encoder's copy
    truth[key] = r.key === 'prompt_encoder.shared_embedding.positional_embedding' ? [r.key, 'shared_image_embedding.positional_embedding'] : r.key;
  }
  return {
    name: 'sam-vit-b-original-to-hf',
    description: 'Segment Anything ViT-B (sam_vit_b_01ec64.pth) → transformers SamModel: image_encoder → vision_encoder, blocks → layers, every .norm → .layer_norm, patch_embed.proj → projection; nn.Sequential indices turned into names with the stateless GELUs skipped (neck.0-3 → conv1 / layer_norm1 / conv2 / layer_norm2, mask_downscaling.0/1/3/4/6 → mask_embed.conv1 / layer_norm1 / conv2 / layer_norm2 / conv3, output_upscaling.0/1/3 → upscale_conv1 / upscale_layer_norm / upscale_conv2); the 3-layer MLPs re-indexed (layers.0 → proj_in, layers.1 → layers.0, layers.2 → proj_out) in the four hypernetwork MLPs and the IoU head; point_embeddings → point_embed; the random-feature matrix pe_layer → prompt_encoder.shared_embedding.positional_embedding, copied to shared_image_embedding (tied). Windowed and global blocks differ only in rel_pos shapes.',
    reference: 'huggingface/transformers src/transformers/models/sam/convert_sam_to_hf.py replace_keys, KEYS_TO_MODIFY_MAPPING (commit 09cb93d8890401636f6abd80b763671e755aa025)',
    url: 'https://github.com/huggingface/transformers/blob/09cb93d8890401636f6abd80b763671e755aa025/src/transformers/models/sam/convert_sam_to_hf.py',
    source,
    target: stateDict(hfSam(c), 'float32'),
    truth,
    tied: { 'shared_image_embedding.positional_embedding': 'prompt_encoder.pe_layer.positional_encoding_gaussian_matrix' },
    // the 21 KEYS_TO_MODIFY_MAPPING entries, the three hypernetwork-MLP re-indexings, the shared embedding copy
    patterns: rules.size + 1,
  };
}

// ---------------------------------------------------------------------------------------------------------
// SigLIP (google-research/big_vision npz) → transformers SiglipModel

/** siglip-base-patch16-224 (webli_en_b16_224_63724782.npz): two 12-layer 768-wide towers, 12 heads of 64, MLP 3072, 196 patches, 64 text positions, vocab 32000, MAP head */
const SIGLIP_B16 = { layers: 12, d: 768, heads: 12, mlp: 3072, patches: 196, patch: 16, positions: 64, vocab: 32000 };

/** the npz arrays: img/… (embedding, pos_embedding, Transformer/encoderblock_N, encoder_norm, MAPHead_0), txt/… (Embed_0, pos_embedding, Encoder_0, head), t, b */
function bigVisionSiglip(c: typeof SIGLIP_B16): KeyEntry[] {
  const out: KeyEntry[] = [];
  const add = (key: string, shape: number[]): void => { out.push({ key, shape, dtype: 'float32' }); };
  const hd = c.d / c.heads;
  const mha = (p: string): void => {
    for (const x of ['query', 'key', 'value']) { add(`${p}/MultiHeadDotProductAttention_0/${x}/kernel`, [c.d, c.heads, hd]); add(`${p}/MultiHeadDotProductAttention_0/${x}/bias`, [c.heads, hd]); }
    add(`${p}/MultiHeadDotProductAttention_0/out/kernel`, [c.heads, hd, c.d]);
    add(`${p}/MultiHeadDotProductAttention_0/out/bias`, [c.d]);
  };
  const mlp = (p: string): void => {
    add(`${p}/MlpBlock_0/Dense_0/kernel`, [c.d, c.mlp]); add(`${p}/MlpBlock_0/Dense_0/bias`, [c.mlp]);
    add(`${p}/MlpBlock_0/Dense_1/kernel`, [c.mlp, c.d]); add(`${p}/MlpBlock_0/Dense_1/bias`, [c.d]);
  };
  const ln = (p: string): void => { add(`${p}/scale`, [c.d]); add(`${p}/bias`, [c.d]); };
  const block = (p: string): void => { ln(`${p}/LayerNorm_0`); ln(`${p}/LayerNorm_1`); mlp(p); mha(p); };
  add('img/embedding/kernel', [c.patch, c.patch, 3, c.d]);
  add('img/embedding/bias', [c.d]);
  add('img/pos_embedding', [1, c.patches, c.d]);
  for (const i of range(c.layers)) block(`img/Transformer/encoderblock_${i}`);
  ln('img/Transformer/encoder_norm');
  add('img/MAPHead_0/probe', [1, 1, c.d]);
  ln('img/MAPHead_0/LayerNorm_0');
  mlp('img/MAPHead_0');
  mha('img/MAPHead_0');
  add('txt/Embed_0/embedding', [c.vocab, c.d]);
  add('txt/pos_embedding', [1, c.positions, c.d]);
  for (const i of range(c.layers)) block(`txt/Encoder_0/encoderblock_${i}`);
  ln('txt/Encoder_0/encoder_norm');
  add('txt/head/kernel', [c.d, c.d]);
  add('txt/head/bias', [c.d]);
  add('t', [1]);
  add('b', [1]);
  return out.sort(byKey);
}

/** transformers SiglipModel: logit_scale, logit_bias, text_model (embeddings, encoder, final_layer_norm, head), vision_model (embeddings, encoder, post_layernorm, MAP head with an nn.MultiheadAttention) */
function hfSiglip(c: typeof SIGLIP_B16): Module {
  const layer = (): Module => module([], [
    ['self_attn', module([], [['k_proj', linear(c.d, c.d)], ['v_proj', linear(c.d, c.d)], ['q_proj', linear(c.d, c.d)], ['out_proj', linear(c.d, c.d)]])],
    ['layer_norm1', affineNorm(c.d)],
    ['mlp', module([], [['fc1', linear(c.d, c.mlp)], ['fc2', linear(c.mlp, c.d)]])],
    ['layer_norm2', affineNorm(c.d)],
  ]);
  const encoder = (): Module => module([], [['layers', indexed(range(c.layers).map(layer))]]);
  return module([t('logit_scale', [1]), t('logit_bias', [1])], [
    ['text_model', module([], [
      ['embeddings', module([], [['token_embedding', embedding(c.vocab, c.d)], ['position_embedding', embedding(c.positions, c.d)]])],
      ['encoder', encoder()],
      ['final_layer_norm', affineNorm(c.d)],
      ['head', linear(c.d, c.d)],
    ])],
    ['vision_model', module([], [
      ['embeddings', module([], [['patch_embedding', conv2d(3, c.d, c.patch)], ['position_embedding', embedding(c.patches, c.d)]])],
      ['encoder', encoder()],
      ['post_layernorm', affineNorm(c.d)],
      ['head', module([t('probe', [1, 1, c.d])], [
        ['attention', module([t('in_proj_weight', [3 * c.d, c.d]), t('in_proj_bias', [3 * c.d])], [['out_proj', linear(c.d, c.d)]])],
        ['layernorm', affineNorm(c.d)],
        ['mlp', module([], [['fc1', linear(c.d, c.mlp)], ['fc2', linear(c.mlp, c.d)]])],
      ])],
    ])],
  ]);
}

export function siglipToHF(): Family {
  const c = SIGLIP_B16;
  const source = bigVisionSiglip(c);
  const truth: Truth = {};
  const transposed: string[] = [];
  const reshaped: string[] = [];
  const inBlock: Record<string, string> = {
    'LayerNorm_0/scale': 'layer_norm1.weight', 'LayerNorm_0/bias': 'layer_norm1.bias', 'LayerNorm_1/scale': 'layer_norm2.weight', 'LayerNorm_1/bias': 'layer_norm2.bias',
    'MlpBlock_0/Dense_0/kernel': 'mlp.fc1.weight', 'MlpBlock_0/Dense_0/bias': 'mlp.fc1.bias', 'MlpBlock_0/Dense_1/kernel': 'mlp.fc2.weight', 'MlpBlock_0/Dense_1/bias': 'mlp.fc2.bias',
  };
  for (const [jax, hf] of [['key', 'k_proj'], ['value', 'v_proj'], ['query', 'q_proj'], ['out', 'out_proj']]) {
    inBlock[`MultiHeadDotProductAttention_0/${jax}/kernel`] = `self_attn.${hf}.weight`;
    inBlock[`MultiHeadDotProductAttention_0/${jax}/bias`] = `self_attn.${hf}.bias`;
  }
  const fixed: Record<string, string> = {
    'img/embedding/kernel': 'vision_model.embeddings.patch_embedding.weight', 'img/embedding/bias': 'vision_model.embeddings.patch_embedding.bias',
    'img/pos_embedding': 'vision_model.embeddings.position_embedding.weight',
    'img/Transformer/encoder_norm/scale': 'vision_model.post_layernorm.weight', 'img/Transformer/encoder_norm/bias': 'vision_model.post_layernorm.bias',
    'img/MAPHead_0/probe': 'vision_model.head.probe',
    'img/MAPHead_0/LayerNorm_0/scale': 'vision_model.head.layernorm.weight', 'img/MAPHead_0/LayerNorm_0/bias': 'vision_model.head.layernorm.bias',
    'img/MAPHead_0/MlpBlock_0/Dense_0/kernel': 'vision_model.head.mlp.fc1.weight', 'img/MAPHead_0/MlpBlock_0/Dense_0/bias': 'vision_model.head.mlp.fc1.bias',
    'img/MAPHead_0/MlpBlock_0/Dense_1/kernel': 'vision_model.head.mlp.fc2.weight', 'img/MAPHead_0/MlpBlock_0/Dense_1/bias': 'vision_model.head.mlp.fc2.bias',
    'img/MAPHead_0/MultiHeadDotProductAttention_0/out/kernel': 'vision_model.head.attention.out_proj.weight',
    'img/MAPHead_0/MultiHeadDotProductAttention_0/out/bias': 'vision_model.head.attention.out_proj.bias',
    'txt/Embed_0/embedding': 'text_model.embeddings.token_embedding.weight', 'txt/pos_embedding': 'text_model.embeddings.position_embedding.weight',
    'txt/Encoder_0/encoder_norm/scale': 'text_model.final_layer_norm.weight', 'txt/Encoder_0/encoder_norm/bias': 'text_model.final_layer_norm.bias',
    'txt/head/kernel': 'text_model.head.weight', 'txt/head/bias': 'text_model.head.bias',
    't': 'logit_scale', 'b': 'logit_bias',
  };
  for (const { key, shape } of source) {
    let m: RegExpExecArray | null;
    let to: string;
    if (fixed[key]) to = fixed[key]!;
    else if ((m = /^img\/MAPHead_0\/MultiHeadDotProductAttention_0\/(query|key|value)\/(kernel|bias)$/.exec(key))) {
      // read_in_q_k_v_head: reshape(-1, 768).T, then np.concatenate([q, k, v], axis=0) into the nn.MultiheadAttention
      to = `vision_model.head.attention.in_proj_${m[2] === 'kernel' ? 'weight' : 'bias'}`;
    } else {
      m = /^(img\/Transformer|txt\/Encoder_0)\/encoderblock_(\d+)\/(.+)$/.exec(key)!;
      to = `${m[1] === 'img/Transformer' ? 'vision_model' : 'text_model'}.encoder.layers.${m[2]}.${inBlock[m[3]!]}`;
    }
    truth[key] = to;
    if (to.endsWith('in_proj_weight') || to.endsWith('in_proj_bias')) continue;
    // rename_key: q/k/v/out reshape(-1, hidden); patch kernel transpose(3, 2, 0, 1); other weights (not embeddings) .T;
    // position embeddings reshape(-1, hidden); biases reshape(-1)
    const isWeight = to.endsWith('weight') && !to.includes('position_embedding') && !to.includes('token_embedding');
    if (/(q|k|v|out)_proj\.(weight|bias)$/.test(to) && shape!.length === 3) reshaped.push(key);
    else if (to.includes('position_embedding') || (to.endsWith('bias') && shape!.length > 1)) reshaped.push(key);
    else if (isWeight && shape!.length >= 2) transposed.push(key);
  }
  return {
    name: 'siglip-base-p16-224-bigvision-to-hf',
    description: 'big_vision SigLIP B/16-224 npz (flax names, sorted) → transformers SiglipModel: img/… → vision_model, txt/… → text_model, encoderblock_N → encoder.layers.N, LayerNorm_0/1 scale/bias → layer_norm1/2 weight/bias, MlpBlock_0/Dense_0/1 → mlp.fc1/fc2, MultiHeadDotProductAttention_0 key/value/query/out → self_attn.k/v/q/out_proj; every Dense kernel transposed (the text head\'s [768, 768] kernel too: square), per-head kernels [768, 12, 64] / [12, 64, 768] reshaped to [768, 768] and transposed, per-head biases [12, 64] flattened, the patch kernel HWIO → OIHW, pos_embedding [1, N, 768] → position_embedding.weight [N, 768]; the MAP head\'s query/key/value concatenated (q, k, v) into one nn.MultiheadAttention in_proj_weight / in_proj_bias; t / b → logit_scale / logit_bias.',
    reference: 'huggingface/transformers src/transformers/models/siglip/convert_siglip_to_hf.py create_rename_keys, rename_key, read_in_q_k_v_head (commit 283d692a8db02072c2a4ce2ebaa844c6701f03ec)',
    url: 'https://github.com/huggingface/transformers/blob/283d692a8db02072c2a4ce2ebaa844c6701f03ec/src/transformers/models/siglip/convert_siglip_to_hf.py',
    source,
    target: stateDict(hfSiglip(c), 'float32'),
    truth,
    transposed,
    reshaped,
    joined: ['vision_model.head.attention.in_proj_weight', 'vision_model.head.attention.in_proj_bias'],
    // rename_keys.append lines: vision 3 + 16 per block + 2 + 9 MAP head, text 2 + 16 + 2 + 2 head, t and b (56),
    // and read_in_q_k_v_head's two concatenations
    patterns: 58,
  };
}

// ---------------------------------------------------------------------------------------------------------
// DeiT III (facebookresearch/deit) → mmpretrain DeiT3 classifier

/** deit_base_patch16_LS (DeiT III base, 224): 12 blocks of 768 with layer scale, 196 patches (no cls position), 1000 classes */
const DEIT3_BASE = { depth: 12, d: 768, mlp: 3072, patches: 196, classes: 1000 };

/** deit models_v2.py vit_models with Layer_scale_init_Block: gamma_1 / gamma_2 are the block's own parameters, so first */
function deit3Original(c: typeof DEIT3_BASE): Module {
  const block = (): Module => module([t('gamma_1', [c.d]), t('gamma_2', [c.d])], [
    ['norm1', affineNorm(c.d)], ['attn', module([], [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)]])],
    ['norm2', affineNorm(c.d)], ['mlp', module([], [['fc1', linear(c.d, c.mlp)], ['fc2', linear(c.mlp, c.d)]])],
  ]);
  return module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.patches, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, 16)]])],
    ['blocks', indexed(range(c.depth).map(block))],
    ['norm', affineNorm(c.d)],
    ['head', linear(c.d, c.classes)],
  ]);
}

/** mmpretrain ImageClassifier(DeiT3 backbone, VisionTransformerClsHead): layers.N (ln1, attn with gamma1 LayerScale, ln2, ffn with gamma2), ln1, head.layers.head */
function mmpretrainDeit3(c: typeof DEIT3_BASE): Module {
  const scale = (): Module => module([t('weight', [c.d])]);
  const layer = (): Module => module([], [
    ['ln1', affineNorm(c.d)],
    ['attn', module([], [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)], ['gamma1', scale()]])],
    ['ln2', affineNorm(c.d)],
    ['ffn', module([], [['layers', indexed([indexed([linear(c.d, c.mlp)]), linear(c.mlp, c.d)])], ['gamma2', scale()]])],
  ]);
  return module([], [
    ['backbone', module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.patches, c.d])], [
      ['patch_embed', module([], [['projection', conv2d(3, c.d, 16)]])],
      ['layers', indexed(range(c.depth).map(layer))],
      ['ln1', affineNorm(c.d)],
    ])],
    ['head', module([], [['layers', module([], [['head', linear(c.d, c.classes)]])]])],
  ]);
}

/** convert_deit3 for one key */
function deit3Name(k: string): string {
  if (k.startsWith('head')) return k.replace('head.', 'head.layers.head.');
  let n = k;
  if (k.startsWith('patch_embed')) n = k.includes('proj.') ? k.replace('proj.', 'projection.') : k;
  else if (k.startsWith('blocks')) {
    n = k.replace('blocks.', 'layers.');
    if (k.includes('norm1')) n = n.replace('norm1', 'ln1');
    else if (k.includes('norm2')) n = n.replace('norm2', 'ln2');
    else if (k.includes('mlp.fc1')) n = n.replace('mlp.fc1', 'ffn.layers.0.0');
    else if (k.includes('mlp.fc2')) n = n.replace('mlp.fc2', 'ffn.layers.1');
    else if (k.includes('gamma_1')) n = n.replace('gamma_1', 'attn.gamma1.weight');
    else if (k.includes('gamma_2')) n = n.replace('gamma_2', 'ffn.gamma2.weight');
  } else if (k.startsWith('norm')) n = k.replace('norm', 'ln1');
  return `backbone.${n}`;
}

export function deit3ToMmpretrain(): Family {
  const c = DEIT3_BASE;
  const source = stateDict(deit3Original(c), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = deit3Name(key);
  return {
    name: 'deit3-base-to-mmpretrain',
    description: 'DeiT III base (deit_3_base_224_1k.pth, facebookresearch/deit models_v2) → mmpretrain DeiT3 classifier: everything but the head under backbone., blocks → layers, norm1/norm2 → ln1/ln2, mlp.fc1 → ffn.layers.0.0 and mlp.fc2 → ffn.layers.1 (a Sequential nested one level deeper for the first only), the blocks\' own layer-scale parameters gamma_1 / gamma_2 moved into submodules attn.gamma1.weight / ffn.gamma2.weight (first in the source block, last of their submodule in the target), patch_embed.proj → projection, the final norm → backbone.ln1 (the same name the layers\' first norm has), head → head.layers.head.',
    reference: 'open-mmlab/mmpretrain tools/model_converters/deit3_to_mmpretrain.py convert_deit3 (commit 9fe593e3e04b1258795c1020ec3fa29b867324bf)',
    url: 'https://github.com/open-mmlab/mmpretrain/blob/9fe593e3e04b1258795c1020ec3fa29b867324bf/tools/model_converters/deit3_to_mmpretrain.py',
    source,
    target: stateDict(mmpretrainDeit3(c), 'float32'),
    truth,
    // head, proj, blocks, norm1, norm2, mlp.fc1, mlp.fc2, gamma_1, gamma_2, norm, the backbone. prefix
    patterns: 11,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Stable Diffusion 3 (diffusers) → the original MMDiT layout (ComfyUI's key map)

/** SD3-medium MMDiT: depth 24 (hidden 64 × 24 = 1536, 24 heads), patch 2, 16 latent channels, pos_embed_max_size 192, pooled 2048, context 4096; the last block's context branch is pre-only */
const SD3_MEDIUM = { depth: 24, d: 1536, patch: 2, inCh: 16, posMax: 192, pooled: 2048, context: 4096 };

/** diffusers SD3Transformer2DModel */
function diffusersSD3(c: typeof SD3_MEDIUM): Module {
  const embedder = (i: number): Module => module([], [['linear_1', linear(i, c.d)], ['linear_2', linear(c.d, c.d)]]);
  const ff = (): Module => module([], [['net', indexed([module([], [['proj', linear(c.d, 4 * c.d)]]), null, linear(4 * c.d, c.d)])]]);
  const block = (i: number): Module => {
    const pre = i === c.depth - 1;
    const attn: [string, Module][] = [
      ['to_q', linear(c.d, c.d)], ['to_k', linear(c.d, c.d)], ['to_v', linear(c.d, c.d)],
      ['add_k_proj', linear(c.d, c.d)], ['add_v_proj', linear(c.d, c.d)], ['add_q_proj', linear(c.d, c.d)],
      ['to_out', indexed([linear(c.d, c.d)])],
    ];
    if (!pre) attn.push(['to_add_out', linear(c.d, c.d)]);
    const children: [string, Module][] = [
      ['norm1', module([], [['linear', linear(c.d, 6 * c.d)]])],
      ['norm1_context', module([], [['linear', linear(c.d, (pre ? 2 : 6) * c.d)]])],
      ['attn', module([], attn)],
      ['ff', ff()],
    ];
    if (!pre) children.push(['ff_context', ff()]);
    return module([], children);
  };
  return module([], [
    ['pos_embed', module([t('pos_embed', [1, c.posMax * c.posMax, c.d])], [['proj', conv2d(c.inCh, c.d, c.patch)]])],
    ['time_text_embed', module([], [['timestep_embedder', embedder(256)], ['text_embedder', embedder(c.pooled)]])],
    ['context_embedder', linear(c.context, c.d)],
    ['transformer_blocks', indexed(range(c.depth).map(block))],
    ['norm_out', module([], [['linear', linear(c.d, 2 * c.d)]])],
    ['proj_out', linear(c.d, c.patch * c.patch * c.inCh)],
  ]);
}

/** the SD3 reference MMDiT (ComfyUI comfy/ldm/modules/diffusionmodules/mmdit.py): pos_embed buffer, embedders, joint_blocks (context_block, x_block), final_layer */
function mmdit(c: typeof SD3_MEDIUM): Module {
  const mlp2 = (i: number): Module => module([], [['mlp', indexed([linear(i, c.d), null, linear(c.d, c.d)])]]);
  const dismantled = (preOnly: boolean): Module => {
    const attn: [string, Module][] = [['qkv', linear(c.d, 3 * c.d)]];
    if (!preOnly) attn.push(['proj', linear(c.d, c.d)]);
    const children: [string, Module][] = [['attn', module([], attn)]];
    if (!preOnly) children.push(['mlp', module([], [['fc1', linear(c.d, 4 * c.d)], ['fc2', linear(4 * c.d, c.d)]])]);
    children.push(['adaLN_modulation', indexed([null, linear(c.d, (preOnly ? 2 : 6) * c.d)])]);
    return module([], children);
  };
  return module([t('pos_embed', [1, c.posMax * c.posMax, c.d])], [
    ['x_embedder', module([], [['proj', conv2d(c.inCh, c.d, c.patch)]])],
    ['t_embedder', mlp2(256)],
    ['y_embedder', mlp2(c.pooled)],
    ['context_embedder', linear(c.context, c.d)],
    ['joint_blocks', indexed(range(c.depth).map((i) => module([], [['context_block', dismantled(i === c.depth - 1)], ['x_block', dismantled(false)]])))],
    ['final_layer', module([], [['linear', linear(c.d, c.patch * c.patch * c.inCh)], ['adaLN_modulation', indexed([null, linear(c.d, 2 * c.d)])]])],
  ]);
}

/** MMDIT_MAP_BASIC: diffusers name → MMDiT name */
const MMDIT_MAP_BASIC: [string, string][] = [
  ['context_embedder.bias', 'context_embedder.bias'], ['context_embedder.weight', 'context_embedder.weight'],
  ['time_text_embed.timestep_embedder.linear_1.bias', 't_embedder.mlp.0.bias'], ['time_text_embed.timestep_embedder.linear_1.weight', 't_embedder.mlp.0.weight'],
  ['time_text_embed.timestep_embedder.linear_2.bias', 't_embedder.mlp.2.bias'], ['time_text_embed.timestep_embedder.linear_2.weight', 't_embedder.mlp.2.weight'],
  ['pos_embed.proj.bias', 'x_embedder.proj.bias'], ['pos_embed.proj.weight', 'x_embedder.proj.weight'],
  ['time_text_embed.text_embedder.linear_1.bias', 'y_embedder.mlp.0.bias'], ['time_text_embed.text_embedder.linear_1.weight', 'y_embedder.mlp.0.weight'],
  ['time_text_embed.text_embedder.linear_2.bias', 'y_embedder.mlp.2.bias'], ['time_text_embed.text_embedder.linear_2.weight', 'y_embedder.mlp.2.weight'],
  ['pos_embed.pos_embed', 'pos_embed'],
  ['norm_out.linear.bias', 'final_layer.adaLN_modulation.1.bias'], ['norm_out.linear.weight', 'final_layer.adaLN_modulation.1.weight'],
  ['proj_out.bias', 'final_layer.linear.bias'], ['proj_out.weight', 'final_layer.linear.weight'],
];

/** MMDIT_MAP_BLOCK, within transformer_blocks.i → joint_blocks.i */
const MMDIT_MAP_BLOCK: [string, string][] = [
  ['norm1_context.linear', 'context_block.adaLN_modulation.1'], ['attn.to_add_out', 'context_block.attn.proj'],
  ['ff_context.net.0.proj', 'context_block.mlp.fc1'], ['ff_context.net.2', 'context_block.mlp.fc2'],
  ['norm1.linear', 'x_block.adaLN_modulation.1'], ['attn.to_out.0', 'x_block.attn.proj'],
  ['ff.net.0.proj', 'x_block.mlp.fc1'], ['ff.net.2', 'x_block.mlp.fc2'],
];

export function sd3DiffusersToMmdit(): Family {
  const c = SD3_MEDIUM;
  const source = stateDict(diffusersSD3(c), 'float16');
  const basic = new Map(MMDIT_MAP_BASIC);
  const truth: Truth = {};
  const joined = new Set<string>();
  for (const { key } of source) {
    if (basic.has(key)) { truth[key] = basic.get(key)!; continue; }
    const m = /^transformer_blocks\.(\d+)\.(.+)\.(weight|bias)$/.exec(key)!;
    const [i, inner, leaf] = [m[1], m[2]!, m[3]];
    const qkv = /^attn\.(to_[qkv]|add_[qkv]_proj)$/.exec(inner);
    if (qkv) {
      // (qkv, (0, offset·j, offset)): q, k, v as row slices of one fused tensor, offset = depth × 64
      const to = `joint_blocks.${i}.${qkv[1]!.startsWith('to_') ? 'x_block' : 'context_block'}.attn.qkv.${leaf}`;
      truth[key] = to;
      joined.add(to);
      continue;
    }
    const to = MMDIT_MAP_BLOCK.find(([d]) => d === inner)![1];
    // the last block's norm1_context → context_block.adaLN_modulation.1 through swap_scale_shift: same shape
    truth[key] = `joint_blocks.${i}.${to}.${leaf}`;
  }
  return {
    name: 'sd3-medium-diffusers-to-mmdit',
    description: 'diffusers SD3Transformer2DModel (SD3-medium) → the original MMDiT layout, as ComfyUI loads diffusers-format SD3 checkpoints: transformer_blocks.i → joint_blocks.i, the image stream (norm1, to_out.0, ff) → x_block (adaLN_modulation.1, attn.proj, mlp.fc1/fc2) and the text stream (norm1_context, to_add_out, ff_context) → context_block; to_q/to_k/to_v and add_q/k/v_proj concatenated row-wise (offsets 0, 1536, 3072) into x_block.attn.qkv and context_block.attn.qkv; the last block\'s context branch is pre-only (qkv and a 2-way modulation, no proj, no MLP); embedders (timestep / text → t_embedder / y_embedder mlp.0/mlp.2, pos_embed.proj → x_embedder.proj, the pos_embed buffer → pos_embed), norm_out / proj_out → final_layer.adaLN_modulation.1 / final_layer.linear, the two modulations of the last layer with shift and scale swapped in place.',
    reference: 'comfyanonymous/ComfyUI comfy/utils.py mmdit_to_diffusers, MMDIT_MAP_BASIC, MMDIT_MAP_BLOCK, swap_scale_shift (commit 2ba5cc8b867bc1aabe59fdaf0a8489e65012d603)',
    url: 'https://github.com/comfyanonymous/ComfyUI/blob/2ba5cc8b867bc1aabe59fdaf0a8489e65012d603/comfy/utils.py',
    source,
    target: stateDict(mmdit(c), 'float16'),
    truth,
    joined: [...joined],
    // MMDIT_MAP_BASIC's 17 entries, the 2 added for the last block's context modulation, MMDIT_MAP_BLOCK's 16
    // (weight and bias each), the 12 q/k/v slices (6 per end)
    patterns: 47,
  };
}

// ---------------------------------------------------------------------------------------------------------
// EVA-02 (baaivision EVA-02 asuka) → timm Eva

/**
 * eva02_base_patch14_448.mim_in22k_ft_in1k: 12 blocks of 768, 12 heads, SwiGLU hidden 2048 with its sub-LN (ffn_ln),
 * 32 × 32 patches, 2-D RoPE (freqs [1024, 64]), mean pooling + fc_norm, 1000 classes. timm's config for it
 * (qkv_fused=False, swiglu_mlp, scale_mlp, no scale_attn_inner) has no attention sub-LN, so the checkpoint its
 * weights were converted from by checkpoint_filter_fn has no attn.inner_attn_ln either (the filter would
 * have renamed it to attn.norm, which a strict load into that model rejects).
 */
const EVA02_B = { depth: 12, d: 768, swiglu: 2048, patches: 1024, patch: 14, rope: [1024, 64], classes: 1000 };

/**
 * EVA-02 asuka modeling_finetune.py VisionTransformer: cls_token, pos_embed, patch_embed, the shared rope
 * module (persistent freqs_cos / freqs_sin buffers) at the top and again inside every block's attention,
 * blocks (attention with separate q/k/v_proj without bias and its own q_bias / v_bias; SwiGLU w1, w2, ffn_ln,
 * w3), fc_norm, head
 */
function eva02Original(c: typeof EVA02_B): Module {
  const rope = (): Module => module([t('freqs_cos', c.rope), t('freqs_sin', c.rope)]);
  const block = (): Module => module([], [
    ['norm1', affineNorm(c.d)],
    ['attn', module([t('q_bias', [c.d]), t('v_bias', [c.d])], [
      ['q_proj', linear(c.d, c.d, false)], ['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d, false)],
      ['proj', linear(c.d, c.d)], ['rope', rope()],
    ])],
    ['norm2', affineNorm(c.d)],
    ['mlp', module([], [['w1', linear(c.d, c.swiglu)], ['w2', linear(c.d, c.swiglu)], ['ffn_ln', affineNorm(c.swiglu)], ['w3', linear(c.swiglu, c.d)]])],
  ]);
  return module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.patches + 1, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, c.patch)]])],
    ['rope', rope()],
    ['blocks', indexed(range(c.depth).map(block))],
    ['fc_norm', affineNorm(c.d)],
    ['head', linear(c.d, c.classes)],
  ]);
}

/** timm eva.py Eva as eva02_base_patch14_448 builds it (qkv_fused False, swiglu_mlp, scale_mlp, avg pool → fc_norm; RoPE buffers non-persistent) */
function timmEva(c: typeof EVA02_B): Module {
  const block = (): Module => module([], [
    ['norm1', affineNorm(c.d)],
    ['attn', module([], [['q_proj', linear(c.d, c.d)], ['k_proj', linear(c.d, c.d, false)], ['v_proj', linear(c.d, c.d)], ['proj', linear(c.d, c.d)]])],
    ['norm2', affineNorm(c.d)],
    ['mlp', module([], [['fc1_g', linear(c.d, c.swiglu)], ['fc1_x', linear(c.d, c.swiglu)], ['norm', affineNorm(c.swiglu)], ['fc2', linear(c.swiglu, c.d)]])],
  ]);
  return module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.patches + 1, c.d])], [
    ['patch_embed', module([], [['proj', conv2d(3, c.d, c.patch)]])],
    ['blocks', indexed(range(c.depth).map(block))],
    ['fc_norm', affineNorm(c.d)],
    ['head', linear(c.d, c.classes)],
  ]);
}

export function eva02ToTimm(): Family {
  const c = EVA02_B;
  const source = stateDict(eva02Original(c), 'float32');
  const truth: Truth = {};
  const rules = new Set<string>();
  for (const { key } of source) {
    // checkpoint_filter_fn: rope buffers are not loaded (timm computes them), then the replace chain (no_qkv: q_proj in the checkpoint)
    if (key.includes('rope') && key !== 'rope.freqs') { truth[key] = null; rules.add('rope'); continue; }
    const r = new RuleTrace(key)
      .replace('mlp.ffn_ln', 'mlp.norm').replace('attn.inner_attn_ln', 'attn.norm').replace('mlp.w12', 'mlp.fc1')
      .replace('mlp.w1', 'mlp.fc1_g').replace('mlp.w2', 'mlp.fc1_x').replace('mlp.w3', 'mlp.fc2')
      .replace('q_bias', 'q_proj.bias').replace('v_bias', 'v_proj.bias');
    for (const x of r.rules) rules.add(x);
    truth[key] = r.key;
  }
  return {
    name: 'eva02-base-p14-448-to-timm',
    description: 'EVA-02 B/14 448 (asuka fine-tuned checkpoint) → timm Eva: the attention\'s own q_bias / v_bias parameters become q_proj.bias / v_proj.bias of its Linear children (k_proj stays bias-free), SwiGLU w1 / w2 / ffn_ln / w3 → mlp.fc1_g / fc1_x / norm / fc2, and the RoPE frequency buffers (rope.freqs_cos/sin at the top and the same shared module again in every block\'s attention: 26 tensors) dropped because timm recomputes them.',
    reference: 'huggingface/pytorch-image-models timm/models/eva.py checkpoint_filter_fn and eva02_base_patch14_448 (commit 7479d451a6dfd8af27f941b8e82a7402461fae80)',
    url: 'https://github.com/huggingface/pytorch-image-models/blob/7479d451a6dfd8af27f941b8e82a7402461fae80/timm/models/eva.py',
    source,
    target: stateDict(timmEva(c), 'float32'),
    truth,
    // the rope drop, ffn_ln, w1, w2, w3, q_bias, v_bias (inner_attn_ln has nothing to rename here, w12 does not fire on a SwiGLU with separate w1 / w2)
    patterns: rules.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// ViT (google-research/vision_transformer JAX npz) → mmseg VisionTransformer

/** imagenet21k+imagenet2012_ViT-B_16-224.npz: 12 blocks of 768, 12 heads, MLP 3072, 196 + 1 tokens, head 1000 */
const VIT_B16 = { depth: 12, d: 768, heads: 12, mlp: 3072, tokens: 197, patch: 16, classes: 1000 };

/** the npz arrays (flax names, sorted), encoderblock_N with LayerNorm_0, MultiHeadDotProductAttention_1, LayerNorm_2, MlpBlock_3 */
function vitJaxNpz(c: typeof VIT_B16): KeyEntry[] {
  const out: KeyEntry[] = [];
  const add = (key: string, shape: number[]): void => { out.push({ key, shape, dtype: 'float32' }); };
  const hd = c.d / c.heads;
  add('cls', [1, 1, c.d]);
  add('embedding/kernel', [c.patch, c.patch, 3, c.d]);
  add('embedding/bias', [c.d]);
  add('head/kernel', [c.d, c.classes]);
  add('head/bias', [c.classes]);
  add('Transformer/posembed_input/pos_embedding', [1, c.tokens, c.d]);
  add('Transformer/encoder_norm/scale', [c.d]);
  add('Transformer/encoder_norm/bias', [c.d]);
  for (const i of range(c.depth)) {
    const p = `Transformer/encoderblock_${i}`;
    for (const n of ['LayerNorm_0', 'LayerNorm_2']) { add(`${p}/${n}/scale`, [c.d]); add(`${p}/${n}/bias`, [c.d]); }
    for (const x of ['query', 'key', 'value']) {
      add(`${p}/MultiHeadDotProductAttention_1/${x}/kernel`, [c.d, c.heads, hd]);
      add(`${p}/MultiHeadDotProductAttention_1/${x}/bias`, [c.heads, hd]);
    }
    add(`${p}/MultiHeadDotProductAttention_1/out/kernel`, [c.heads, hd, c.d]);
    add(`${p}/MultiHeadDotProductAttention_1/out/bias`, [c.d]);
    add(`${p}/MlpBlock_3/Dense_0/kernel`, [c.d, c.mlp]);
    add(`${p}/MlpBlock_3/Dense_0/bias`, [c.mlp]);
    add(`${p}/MlpBlock_3/Dense_1/kernel`, [c.mlp, c.d]);
    add(`${p}/MlpBlock_3/Dense_1/bias`, [c.d]);
  }
  return out.sort(byKey);
}

/** mmseg VisionTransformer (with_cls_token, final_norm): cls_token, pos_embed, patch_embed.projection, layers.N (ln1, attn.attn = nn.MultiheadAttention, ln2, ffn.layers), ln1 */
function mmsegViT(c: typeof VIT_B16): Module {
  const layer = (): Module => module([], [
    ['ln1', affineNorm(c.d)],
    ['attn', module([], [['attn', module([t('in_proj_weight', [3 * c.d, c.d]), t('in_proj_bias', [3 * c.d])], [['out_proj', linear(c.d, c.d)]])]])],
    ['ln2', affineNorm(c.d)],
    ['ffn', module([], [['layers', indexed([indexed([linear(c.d, c.mlp)]), linear(c.mlp, c.d)])]])],
  ]);
  return module([t('cls_token', [1, 1, c.d]), t('pos_embed', [1, c.tokens, c.d])], [
    ['patch_embed', module([], [['projection', conv2d(3, c.d, c.patch)]])],
    ['layers', indexed(range(c.depth).map(layer))],
    ['ln1', affineNorm(c.d)],
  ]);
}

export function vitJaxToMmseg(): Family {
  const c = VIT_B16;
  const source = vitJaxNpz(c);
  const truth: Truth = {};
  const transposed: string[] = [];
  const reshaped: string[] = [];
  const fixed: Record<string, string> = {
    'embedding/kernel': 'patch_embed.projection.weight', 'embedding/bias': 'patch_embed.projection.bias',
    'Transformer/posembed_input/pos_embedding': 'pos_embed', 'cls': 'cls_token',
    'Transformer/encoder_norm/scale': 'ln1.weight', 'Transformer/encoder_norm/bias': 'ln1.bias',
  };
  const inBlock: Record<string, string> = {
    'LayerNorm_0/scale': 'ln1.weight', 'LayerNorm_0/bias': 'ln1.bias', 'LayerNorm_2/scale': 'ln2.weight', 'LayerNorm_2/bias': 'ln2.bias',
    'MultiHeadDotProductAttention_1/out/kernel': 'attn.attn.out_proj.weight', 'MultiHeadDotProductAttention_1/out/bias': 'attn.attn.out_proj.bias',
    'MlpBlock_3/Dense_0/kernel': 'ffn.layers.0.0.weight', 'MlpBlock_3/Dense_0/bias': 'ffn.layers.0.0.bias',
    'MlpBlock_3/Dense_1/kernel': 'ffn.layers.1.weight', 'MlpBlock_3/Dense_1/bias': 'ffn.layers.1.bias',
  };
  const joined = new Set<string>();
  for (const { key } of source) {
    if (key.startsWith('head/')) continue; // not converted: out of scope
    if (fixed[key]) {
      truth[key] = fixed[key]!;
      if (key === 'embedding/kernel') transposed.push(key); // permute(3, 2, 0, 1): HWIO → OIHW
      continue;
    }
    const m = /^Transformer\/encoderblock_(\d+)\/(.+)$/.exec(key)!;
    const qkv = /^MultiHeadDotProductAttention_1\/(query|key|value)\/(kernel|bias)$/.exec(m[2]!);
    if (qkv) {
      // np.stack((q, k, v), 1) then flatten(start_dim=1) (then .permute(1, 0) for the weight): q, k, v rows of in_proj
      const to = `layers.${m[1]}.attn.attn.in_proj_${qkv[2] === 'kernel' ? 'weight' : 'bias'}`;
      truth[key] = to;
      joined.add(to);
      continue;
    }
    const to = `layers.${m[1]}.${inBlock[m[2]!]}`;
    truth[key] = to;
    // out kernel [12, 64, 768] flattened to [768, 768] and transposed; the MLP kernels transposed
    if (m[2] === 'MultiHeadDotProductAttention_1/out/kernel') reshaped.push(key);
    else if (m[2]!.endsWith('/kernel')) transposed.push(key);
  }
  return {
    name: 'vit-b16-jax-npz-to-mmseg',
    description: 'google-research/vision_transformer ViT-B/16 npz (flax names, sorted) → mmseg VisionTransformer: encoderblock_N → layers.N, LayerNorm_0 / LayerNorm_2 → ln1 / ln2 (scale → weight), MlpBlock_3 Dense_0 / Dense_1 → ffn.layers.0.0 / ffn.layers.1 with kernels transposed, the per-head query/key/value kernels [768, 12, 64] stacked and flattened into one nn.MultiheadAttention in_proj_weight [2304, 768] (transposed) and their biases into in_proj_bias, out kernel [12, 64, 768] flattened and transposed → attn.attn.out_proj.weight; embedding → patch_embed.projection (HWIO → OIHW), cls → cls_token, posembed_input → pos_embed, encoder_norm → the final ln1 (the name every layer\'s first norm also has); the classifier head is not converted.',
    reference: 'open-mmlab/mmsegmentation tools/model_converters/vitjax2mmseg.py vit_jax_to_torch (commit 08c567bcb1000166a48a714d1f34fec332169803)',
    url: 'https://github.com/open-mmlab/mmsegmentation/blob/08c567bcb1000166a48a714d1f34fec332169803/tools/model_converters/vitjax2mmseg.py',
    source,
    target: stateDict(mmsegViT(c), 'float32'),
    truth,
    transposed,
    reshaped,
    joined: [...joined],
    // patch kernel, patch bias, pos, cls, final norm (2), in a block: ln1 (2), qkv weight, qkv bias, out kernel,
    // out bias, ln2 (2), ffn (4), and the closing transpose loop
    patterns: 19,
  };
}
