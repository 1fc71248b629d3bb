/**
 * The fourteenth family set (session 21): conversions no earlier set uses, chosen for kinds sets 12 and 13 had
 * little of. ComfyUI's diffusers → Stable Diffusion converters (comfy/diffusers_convert.py): the AutoencoderKL of
 * diffusers back into the LDM layout (up blocks numbered in reverse, mid resnets and attention renamed as whole
 * subtrees, the attention's Linear weights unsqueezed into 1×1 convs), and an HF CLIP text model back into
 * OpenCLIP's (q / k / v concatenated into in_proj, the square text projection transposed, which its shape
 * cannot show). kohya's sd-scripts SD 2 loader (library/model_util.py convert_ldm_clip_checkpoint_v2): OpenCLIP
 * ViT-H text into a 23-layer HF CLIPTextModel (in_proj split, the last resblock, the projection and logit_scale
 * dropped). MMPretrain's RepVGG converter (tools/model_converters/repvgg_to_mmcls.py): the three branches of a
 * block (identity BatchNorm, 3×3 conv + BN, 1×1 conv + BN), whose BatchNorms have equal shapes and are told apart
 * by name only, stage0 → backbone.stem, stageN → backbone.stage_N, bn → norm, grouped convs on every other layer.
 * Models at their real configurations, keys in state_dict order.
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, batchNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import type { Truth } from './set9-common.js';
import { SAM_VIT_B, samImageEncoder, samOriginal } from './set5-vision.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const src = (key: string): Recipe => ({ kind: 'source', key });

const COMFY = 'comfyanonymous/ComfyUI';
const COMFY_SCRIPT = 'comfy/diffusers_convert.py';
const COMFY_COMMIT = '06a5766dd7c150fe577c584b8478f642a235094f';
const COMFY_URL = `https://github.com/${COMFY}/blob/${COMFY_COMMIT}/${COMFY_SCRIPT}`;

// ---------------------------------------------------------------------------------------------------------
// VAE: diffusers AutoencoderKL → LDM AutoencoderKL (ComfyUI convert_vae_state_dict)

interface VaeConfig { latent: number; quantConvs: boolean }

/** diffusers ResnetBlock2D: norm1, conv1, norm2, conv2, conv_shortcut (1×1) when the channels change */
function diffusersResnet(cin: number, cout: number): Module {
  const children: [string, Module][] = [['norm1', affineNorm(cin)], ['conv1', conv2d(cin, cout, 3)], ['norm2', affineNorm(cout)], ['conv2', conv2d(cout, cout, 3)]];
  if (cin !== cout) children.push(['conv_shortcut', conv2d(cin, cout, 1)]);
  return module([], children);
}

/** UNetMidBlock2D: attentions (group_norm, to_q, to_k, to_v, to_out.0 Linears) before resnets */
function diffusersMid(c: number): Module {
  const attention = module([], [['group_norm', affineNorm(c)], ['to_q', linear(c, c)], ['to_k', linear(c, c)], ['to_v', linear(c, c)], ['to_out', indexed([linear(c, c)])]]);
  return module([], [['attentions', indexed([attention])], ['resnets', indexed([diffusersResnet(c, c), diffusersResnet(c, c)])]]);
}

const VAE_CHANNELS = [128, 256, 512, 512];

/** diffusers AutoencoderKL (block_out_channels 128/256/512/512, 2 resnets a level): encoder, decoder, quant_conv, post_quant_conv */
function diffusersVae(c: VaeConfig): Module {
  const down = VAE_CHANNELS.map((cout, i) => {
    const cin = i === 0 ? VAE_CHANNELS[0]! : VAE_CHANNELS[i - 1]!;
    const children: [string, Module][] = [['resnets', indexed([diffusersResnet(cin, cout), diffusersResnet(cout, cout)])]];
    if (i < 3) children.push(['downsamplers', indexed([module([], [['conv', conv2d(cout, cout, 3)]])])]);
    return module([], children);
  });
  const reversed = [...VAE_CHANNELS].reverse();
  const up = reversed.map((cout, i) => {
    const cin = i === 0 ? reversed[0]! : reversed[i - 1]!;
    const children: [string, Module][] = [['resnets', indexed([diffusersResnet(cin, cout), diffusersResnet(cout, cout), diffusersResnet(cout, cout)])]];
    if (i < 3) children.push(['upsamplers', indexed([module([], [['conv', conv2d(cout, cout, 3)]])])]);
    return module([], children);
  });
  const children: [string, Module][] = [
    ['encoder', module([], [['conv_in', conv2d(3, 128, 3)], ['down_blocks', indexed(down)], ['mid_block', diffusersMid(512)], ['conv_norm_out', affineNorm(512)], ['conv_out', conv2d(512, 2 * c.latent, 3)]])],
    ['decoder', module([], [['conv_in', conv2d(c.latent, 512, 3)], ['up_blocks', indexed(up)], ['mid_block', diffusersMid(512)], ['conv_norm_out', affineNorm(128)], ['conv_out', conv2d(128, 3, 3)]])],
  ];
  if (c.quantConvs) children.push(['quant_conv', conv2d(2 * c.latent, 2 * c.latent, 1)], ['post_quant_conv', conv2d(c.latent, c.latent, 1)]);
  return module([], children);
}

/** LDM ResnetBlock: norm1, conv1, norm2, conv2, nin_shortcut */
function ldmResnet(cin: number, cout: number): Module {
  const children: [string, Module][] = [['norm1', affineNorm(cin)], ['conv1', conv2d(cin, cout, 3)], ['norm2', affineNorm(cout)], ['conv2', conv2d(cout, cout, 3)]];
  if (cin !== cout) children.push(['nin_shortcut', conv2d(cin, cout, 1)]);
  return module([], children);
}

/** LDM mid: block_1, attn_1 (norm, q, k, v, proj_out as 1×1 convs), block_2 */
function ldmMid(c: number): Module {
  const attn = module([], [['norm', affineNorm(c)], ['q', conv2d(c, c, 1)], ['k', conv2d(c, c, 1)], ['v', conv2d(c, c, 1)], ['proj_out', conv2d(c, c, 1)]]);
  return module([], [['block_1', ldmResnet(c, c)], ['attn_1', attn], ['block_2', ldmResnet(c, c)]]);
}

/** ldm.models.autoencoder.AutoencoderKL without its training loss (encoder: conv_in, down, mid; decoder: conv_in, mid, up inserted at 0) */
function ldmVae(c: VaeConfig): Module {
  const down = VAE_CHANNELS.map((cout, i) => {
    const cin = i === 0 ? VAE_CHANNELS[0]! : VAE_CHANNELS[i - 1]!;
    const children: [string, Module][] = [['block', indexed([ldmResnet(cin, cout), ldmResnet(cout, cout)])]];
    if (i < 3) children.push(['downsample', module([], [['conv', conv2d(cout, cout, 3)]])]);
    return module([], children);
  });
  // up[level]: level 3 is the first the decoder runs (512 in), level 0 the last (256 → 128); upsample on levels 3, 2, 1
  const up = range(4).map((level) => {
    const cout = VAE_CHANNELS[level]!;
    const cin = level === 3 ? 512 : VAE_CHANNELS[level + 1]!;
    const children: [string, Module][] = [['block', indexed([ldmResnet(cin, cout), ldmResnet(cout, cout), ldmResnet(cout, cout)])]];
    if (level > 0) children.push(['upsample', module([], [['conv', conv2d(cout, cout, 3)]])]);
    return module([], children);
  });
  const children: [string, Module][] = [
    ['encoder', module([], [['conv_in', conv2d(3, 128, 3)], ['down', indexed(down)], ['mid', ldmMid(512)], ['norm_out', affineNorm(512)], ['conv_out', conv2d(512, 2 * c.latent, 3)]])],
    ['decoder', module([], [['conv_in', conv2d(c.latent, 512, 3)], ['mid', ldmMid(512)], ['up', indexed(up)], ['norm_out', affineNorm(128)], ['conv_out', conv2d(128, 3, 3)]])],
  ];
  if (c.quantConvs) children.push(['quant_conv', conv2d(2 * c.latent, 2 * c.latent, 1)], ['post_quant_conv', conv2d(c.latent, c.latent, 1)]);
  return module([], children);
}

/** vae_conversion_map as the script builds it, (stable-diffusion, HF Diffusers) pairs in order */
function vaeConversionMap(): [string, string][] {
  const map: [string, string][] = [['nin_shortcut', 'conv_shortcut'], ['norm_out', 'conv_norm_out'], ['mid.attn_1.', 'mid_block.attentions.0.']];
  for (const i of range(4)) {
    for (const j of range(2)) map.push([`encoder.down.${i}.block.${j}.`, `encoder.down_blocks.${i}.resnets.${j}.`]);
    if (i < 3) {
      map.push([`down.${i}.downsample.`, `down_blocks.${i}.downsamplers.0.`]);
      map.push([`up.${3 - i}.upsample.`, `up_blocks.${i}.upsamplers.0.`]);
    }
    for (const j of range(3)) map.push([`decoder.up.${3 - i}.block.${j}.`, `decoder.up_blocks.${i}.resnets.${j}.`]);
  }
  for (const i of range(2)) map.push([`mid.block_${i + 1}.`, `mid_block.resnets.${i}.`]);
  return map;
}

const VAE_ATTN_MAP: [string, string][] = [
  ['norm.', 'group_norm.'], ['q.', 'query.'], ['k.', 'key.'], ['v.', 'value.'], ['q.', 'to_q.'], ['k.', 'to_k.'], ['v.', 'to_v.'], ['proj_out.', 'to_out.0.'], ['proj_out.', 'proj_attn.'],
];

/** convert_vae_state_dict's key map: every hf part replaced by its sd part in order, then the attention names for keys under attentions */
function comfyVaeName(key: string): string {
  let v = key;
  for (const [sd, hf] of vaeConversionMap()) v = v.split(hf).join(sd);
  if (key.includes('attentions')) for (const [sd, hf] of VAE_ATTN_MAP) v = v.split(hf).join(sd);
  return v;
}

function comfyVaeFamily(name: string, model: string, c: VaeConfig): Family {
  const source = stateDict(diffusersVae(c), 'float32');
  const target = stateDict(ldmVae(c), 'float32');
  const truth: Truth = {};
  const reshaped: string[] = [];
  const recipes: Record<string, Recipe> = {};
  for (const e of source) {
    const to = comfyVaeName(e.key);
    truth[e.key] = to;
    if (/mid\.attn_1\.(q|k|v|proj_out)\.weight$/.test(to)) {
      reshaped.push(e.key);
      recipes[to] = { kind: 'reshape', of: src(e.key), shape: [512, 512, 1, 1] };
    }
  }
  return {
    name,
    description: `${model} VAE, diffusers AutoencoderKL (latent ${c.latent}${c.quantConvs ? '' : ', no quant convs'}) → the LDM / original AutoencoderKL layout: encoder.down_blocks.i.resnets.j / downsamplers.0 → encoder.down.i.block.j / downsample, decoder.up_blocks.i.resnets.j / upsamplers.0 → decoder.up.(3 − i).block.j / upsample (levels numbered in reverse), mid_block.resnets.0/1 → mid.block_1/2, mid_block.attentions.0 → mid.attn_1 with group_norm / to_q / to_k / to_v / to_out.0 → norm / q / k / v / proj_out (the four [512, 512] Linear weights unsqueezed into 1×1 convs), conv_shortcut → nin_shortcut, conv_norm_out → norm_out.`,
    reference: `${COMFY} ${COMFY_SCRIPT} convert_vae_state_dict (commit ${COMFY_COMMIT})`,
    url: COMFY_URL,
    source, target, truth, reshaped, recipes,
    // vae_conversion_map's 3 fixed pairs and its 4 loop-built kinds (down resnets, downsamplers, upsamplers, up resnets reversed, mid resnets), the 9 attention pairs, the reshape
    patterns: 18,
  };
}

export const sdVaeFtMseDiffusersToLdm = (): Family => comfyVaeFamily('sd-vae-ft-mse-diffusers-to-ldm-comfy', 'Stable Diffusion (sd-vae-ft-mse)', { latent: 4, quantConvs: true });
export const fluxVaeDiffusersToLdm = (): Family => comfyVaeFamily('flux1-vae-diffusers-to-ldm-comfy', 'FLUX.1', { latent: 16, quantConvs: false });

// ---------------------------------------------------------------------------------------------------------
// CLIP text: HF CLIPTextModelWithProjection ↔ OpenCLIP's text tower

interface ClipText { width: number; layers: number; vocab: number; context: number; projection: number }

/** HF CLIPTextModel(WithProjection): text_model (embeddings, encoder.layers: self_attn k/v/q/out, layer_norm1, mlp fc1/fc2, layer_norm2; final_layer_norm), text_projection */
function hfClipText(c: ClipText, layers: number, projection: boolean): Module {
  const d = c.width;
  const layer = (): Module => module([], [
    ['self_attn', module([], [['k_proj', linear(d, d)], ['v_proj', linear(d, d)], ['q_proj', linear(d, d)], ['out_proj', linear(d, d)]])],
    ['layer_norm1', affineNorm(d)],
    ['mlp', module([], [['fc1', linear(d, 4 * d)], ['fc2', linear(4 * d, d)]])],
    ['layer_norm2', affineNorm(d)],
  ]);
  const children: [string, Module][] = [['text_model', module([], [
    ['embeddings', module([], [['token_embedding', embedding(c.vocab, d)], ['position_embedding', embedding(c.context, d)]])],
    ['encoder', module([], [['layers', indexed(range(layers).map(layer))]])],
    ['final_layer_norm', affineNorm(d)],
  ])]];
  if (projection) children.push(['text_projection', linear(d, c.projection, false)]);
  return module([], children);
}

/** open_clip's CLIP without its visual tower: positional_embedding, text_projection [width, embed], logit_scale, transformer.resblocks, token_embedding, ln_final */
function openClipText(c: ClipText): Module {
  const d = c.width;
  const block = (): Module => module([], [
    ['ln_1', affineNorm(d)],
    ['attn', module([t('in_proj_weight', [3 * d, d]), t('in_proj_bias', [3 * d])], [['out_proj', linear(d, d)]])],
    ['ln_2', affineNorm(d)],
    ['mlp', module([], [['c_fc', linear(d, 4 * d)], ['c_proj', linear(4 * d, d)]])],
  ]);
  return module([t('positional_embedding', [c.context, d]), t('text_projection', [d, c.projection]), t('logit_scale', [])], [
    ['transformer', module([], [['resblocks', indexed(range(c.layers).map(block))]])],
    ['token_embedding', embedding(c.vocab, d)],
    ['ln_final', affineNorm(d)],
  ]);
}

/** textenc_conversion_lst, (stable-diffusion, HF Diffusers) */
const TEXTENC: [string, string][] = [
  ['resblocks.', 'text_model.encoder.layers.'], ['ln_1', 'layer_norm1'], ['ln_2', 'layer_norm2'], ['.c_fc.', '.fc1.'], ['.c_proj.', '.fc2.'], ['.attn', '.self_attn'],
  ['ln_final.', 'transformer.text_model.final_layer_norm.'], ['token_embedding.weight', 'transformer.text_model.embeddings.token_embedding.weight'],
  ['positional_embedding', 'transformer.text_model.embeddings.position_embedding.weight'],
];
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TEXTENC_PATTERN = new RegExp(TEXTENC.map(([, hf]) => escape(hf)).join('|'), 'g');
const relabel = (key: string): string => key.replace(TEXTENC_PATTERN, (m) => TEXTENC.find(([, hf]) => hf === m)![0]);

export const CLIP_G: ClipText = { width: 1280, layers: 32, vocab: 49408, context: 77, projection: 1280 };
export const CLIP_H: ClipText = { width: 1024, layers: 24, vocab: 49408, context: 77, projection: 1024 };

/**
 * convert_text_enc_state_dict_v20 as a checkpoint save runs it: the HF model under `<clip>.transformer.`, q / k / v
 * concatenated in that order, transformer.text_projection.weight transposed, every other key relabelled by the
 * table's one regex pass; then the `<clip>` prefix replaced by the checkpoint's (supported_models' replace_prefix).
 */
function comfyTextFamily(name: string, model: string, clip: string, prefix: string, c: ClipText): Family {
  const source = stateDict(hfClipText(c, c.layers, true), 'float32', `${clip}.transformer.`);
  const target = stateDict(openClipText(c), 'float32', prefix);
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const transposed: string[] = [];
  const joined: string[] = [];
  const outPrefix = (k: string): string => prefix + k.slice(clip.length + 1);
  for (const { key } of source) {
    const qkv = /^(.*\.self_attn)\.([qkv])_proj\.(weight|bias)$/.exec(key);
    if (qkv) {
      const to = outPrefix(`${relabel(qkv[1]!)}.in_proj_${qkv[3]}`);
      truth[key] = to;
      if (!joined.includes(to)) {
        joined.push(to);
        recipes[to] = { kind: 'concat', parts: ['q', 'k', 'v'].map((p) => src(`${qkv[1]}.${p}_proj.${qkv[3]}`)), dim: 0 };
      }
      continue;
    }
    if (key.endsWith('transformer.text_projection.weight')) {
      const to = `${prefix}text_projection`;
      truth[key] = to;
      transposed.push(key);
      recipes[to] = { kind: 'transpose', of: src(key), dims: [1, 0] };
      continue;
    }
    truth[key] = outPrefix(relabel(key));
  }
  return {
    name,
    description: `${model} text encoder, HF CLIPTextModelWithProjection (${c.layers} × ${c.width}) as ComfyUI holds it (${clip}.transformer.*) → OpenCLIP's text tower in the checkpoint (${prefix}*): self_attn.q_proj / k_proj / v_proj concatenated into attn.in_proj_weight / in_proj_bias, encoder.layers → transformer.resblocks, layer_norm1/2 → ln_1/2, fc1 / fc2 → c_fc / c_proj, embeddings → token_embedding / positional_embedding, final_layer_norm → ln_final, text_projection.weight transposed into text_projection ([${c.width}, ${c.projection}]: square, the shape cannot tell), logit_scale left to the model.`,
    reference: `${COMFY} ${COMFY_SCRIPT} convert_text_enc_state_dict_v20 (commit ${COMFY_COMMIT})`,
    url: COMFY_URL,
    source, target, truth, recipes, transposed, joined,
    // textenc_conversion_lst's 9 pairs, the q/k/v weight and bias concatenations, the transposed projection, the prefix
    patterns: 13,
  };
}

export const sdxlClipGHFToOpenClip = (): Family => comfyTextFamily('sdxl-clip-g-hf-to-openclip-comfy', 'SDXL OpenCLIP ViT-bigG/14', 'clip_g', 'conditioner.embedders.1.model.', CLIP_G);
export const sd2ClipHHFToOpenClip = (): Family => comfyTextFamily('sd2-clip-h-hf-to-openclip-comfy', 'Stable Diffusion 2 OpenCLIP ViT-H/14', 'clip_h', 'cond_stage_model.model.', CLIP_H);

const KOHYA = 'kohya-ss/sd-scripts';
const KOHYA_SCRIPT = 'library/model_util.py';
const KOHYA_COMMIT = '036907ee976ed0dc6c0cc32ffd24da9860d7fb3e';

/** convert_ldm_clip_checkpoint_v2: OpenCLIP ViT-H text of an SD 2 checkpoint → HF CLIPTextModel of 23 layers (SD 2 reads the penultimate layer) */
export function sd2OpenClipToHFKohya(): Family {
  const c = CLIP_H;
  const p = 'cond_stage_model.model.';
  const source = stateDict(openClipText(c), 'float32', p);
  const target = stateDict(hfClipText(c, c.layers - 1, false), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const d = c.width;
  for (const { key } of source) {
    const k = key.slice(p.length);
    if (key.includes('.resblocks.23.') || k === 'text_projection' || k === 'logit_scale') { truth[key] = null; continue; }
    const inProj = /^transformer\.resblocks\.(\d+)\.attn\.in_proj_(weight|bias)$/.exec(k);
    if (inProj) {
      const parts = ['q', 'k', 'v'].map((x) => `text_model.encoder.layers.${inProj[1]}.self_attn.${x}_proj.${inProj[2]}`);
      truth[key] = parts;
      parts.forEach((part, i) => (recipes[part] = { kind: 'split', of: src(key), dim: 0, start: i * d, size: d, squeeze: false }));
      continue;
    }
    const block = /^transformer\.resblocks\.(\d+)\.(.*)$/.exec(k);
    if (block) {
      const rest = block[2]!.replace(/^ln_(\d)/, 'layer_norm$1').replace('mlp.c_fc.', 'mlp.fc1.').replace('mlp.c_proj.', 'mlp.fc2.').replace('attn.out_proj.', 'self_attn.out_proj.');
      truth[key] = `text_model.encoder.layers.${block[1]}.${rest}`;
      continue;
    }
    truth[key] = k === 'positional_embedding' ? 'text_model.embeddings.position_embedding.weight'
      : k === 'token_embedding.weight' ? 'text_model.embeddings.token_embedding.weight'
      : `text_model.${k.replace('ln_final', 'final_layer_norm')}`;
  }
  return {
    name: 'sd2-openclip-h-to-hf-23-layers-kohya',
    description: 'Stable Diffusion 2 checkpoint\'s OpenCLIP ViT-H/14 text tower (cond_stage_model.model.*, 24 resblocks of 1024) → HF CLIPTextModel of 23 layers as kohya\'s sd-scripts builds it (SD 2 conditions on the penultimate layer): resblocks.23 dropped whole, text_projection and logit_scale dropped, attn.in_proj_weight / in_proj_bias chunked into self_attn.q_proj / k_proj / v_proj, out_proj → self_attn.out_proj, ln_1/2 → layer_norm1/2, c_fc / c_proj → fc1 / fc2, positional_embedding / token_embedding → embeddings, ln_final → final_layer_norm.',
    reference: `${KOHYA} ${KOHYA_SCRIPT} convert_ldm_clip_checkpoint_v2 (commit ${KOHYA_COMMIT}, as stored)`,
    url: `https://github.com/${KOHYA}/blob/${KOHYA_COMMIT}/${KOHYA_SCRIPT}`,
    source, target, truth, recipes,
    // two prefix replaces, resblocks → layers, ln_, c_fc, c_proj, out_proj, in_proj split, positional, text_projection drop, logit_scale drop, token_embedding, ln_final, resblocks.23 drop
    patterns: 14,
  };
}

// ---------------------------------------------------------------------------------------------------------
// RepVGG (DingXiaoH/RepVGG, train-time form) → MMPretrain (mmcls) RepVGG

interface RepVggArch { blocks: [number, number, number, number]; width: [number, number, number, number]; groups: number; classes: number }

/** the layers (numbered from 1 over stages 1–4) whose convs are grouped: the original's optional_groupwise_layers */
const GROUPWISE = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26];

/** the blocks of a RepVGG in order: stem first, then each stage's; in / out channels, stride, groups */
function repvggBlocks(a: RepVggArch): { stage: number; index: number; cin: number; cout: number; stride: number; groups: number }[] {
  const stem = Math.min(64, Math.floor(64 * a.width[0]));
  const out = [{ stage: 0, index: 0, cin: 3, cout: stem, stride: 2, groups: 1 }];
  let cin = stem;
  let layer = 1;
  [64, 128, 256, 512].forEach((base, s) => {
    const planes = Math.floor(base * a.width[s]!);
    for (const i of range(a.blocks[s]!)) {
      out.push({ stage: s + 1, index: i, cin, cout: planes, stride: i === 0 ? 2 : 1, groups: a.groups > 1 && GROUPWISE.includes(layer) ? a.groups : 1 });
      cin = planes;
      layer++;
    }
  });
  return out;
}

function grouped(cin: number, cout: number, k: number, groups: number): Module {
  return module([t('weight', [cout, cin / groups, k, k])]);
}

/** one block: the identity BatchNorm when shapes allow, then the 3×3 and 1×1 conv + BN branches (names given by the side) */
function repvggBlock(b: { cin: number; cout: number; stride: number; groups: number }, names: { identity: string; dense: string; one: string; bn: string }): Module {
  const children: [string, Module][] = [];
  if (b.cin === b.cout && b.stride === 1) children.push([names.identity, batchNorm(b.cin)]);
  children.push([names.dense, module([], [['conv', grouped(b.cin, b.cout, 3, b.groups)], [names.bn, batchNorm(b.cout)]])]);
  children.push([names.one, module([], [['conv', grouped(b.cin, b.cout, 1, b.groups)], [names.bn, batchNorm(b.cout)]])]);
  return module([], children);
}

const ORIGINAL = { identity: 'rbr_identity', dense: 'rbr_dense', one: 'rbr_1x1', bn: 'bn' };
const MMCLS = { identity: 'branch_norm', dense: 'branch_3x3', one: 'branch_1x1', bn: 'norm' };

function repvggOriginal(a: RepVggArch): Module {
  const blocks = repvggBlocks(a);
  const children: [string, Module][] = [['stage0', repvggBlock(blocks[0]!, ORIGINAL)]];
  for (const s of [1, 2, 3, 4]) children.push([`stage${s}`, indexed(blocks.filter((b) => b.stage === s).map((b) => repvggBlock(b, ORIGINAL)))]);
  children.push(['linear', linear(Math.floor(512 * a.width[3]), a.classes)]);
  return module([], children);
}

function repvggMmcls(a: RepVggArch): Module {
  const blocks = repvggBlocks(a);
  const backbone: [string, Module][] = [['stem', repvggBlock(blocks[0]!, MMCLS)]];
  for (const s of [1, 2, 3, 4]) backbone.push([`stage_${s}`, indexed(blocks.filter((b) => b.stage === s).map((b) => repvggBlock(b, MMCLS)))]);
  return module([], [['backbone', module([], backbone)], ['head', module([], [['fc', linear(Math.floor(512 * a.width[3]), a.classes)]])]]);
}

/** convert(): each dot-separated part renamed by the script's list comprehensions, in order */
function repvggName(key: string): string {
  const parts = key.split('.').map((i) => (i === 'bn' ? 'norm' : i))
    .map((i) => (i === 'rbr_identity' ? 'branch_norm' : i))
    .map((i) => (i === 'rbr_1x1' ? 'branch_1x1' : i))
    .map((i) => (i === 'rbr_dense' ? 'branch_3x3' : i))
    .map((i) => (i.slice(0, 6) === 'stage0' ? 'backbone.stem' : i))
    .map((i) => (i.slice(0, 5) === 'stage' ? `backbone.stage_${i[5]}` : i))
    .map((i) => (i === 'se' ? 'se_layer' : i))
    .map((i) => (i === 'down' ? 'conv1.conv' : i))
    .map((i) => (i === 'up' ? 'conv2.conv' : i))
    .map((i) => (i === 'linear' ? 'head.fc' : i));
  return parts.join('.');
}

const MM = 'open-mmlab/mmpretrain';
const REPVGG_SCRIPT = 'tools/model_converters/repvgg_to_mmcls.py';
const REPVGG_COMMIT = '14ced91f8cd62d995c39432e7a50ac7e3d86bddc';

function repvggFamily(name: string, model: string, a: RepVggArch): Family {
  const source = stateDict(repvggOriginal(a), 'float32');
  const target = stateDict(repvggMmcls(a), 'float32');
  const truth: Truth = {};
  for (const e of source) truth[e.key] = repvggName(e.key);
  return {
    name,
    description: `${model} (train-time, blocks ${a.blocks.join('/')}, widths ×${a.width.join('/')}${a.groups > 1 ? `, ${a.groups}-group convs on the even layers` : ''}) from the original repository → MMPretrain (mmcls) ImageClassifier: stage0 → backbone.stem, stageN.i → backbone.stage_N.i, rbr_identity / rbr_dense / rbr_1x1 → branch_norm / branch_3x3 / branch_1x1 (three BatchNorms of one block with equal shapes, told apart by name and order), bn → norm, linear → head.fc.`,
    reference: `${MM} ${REPVGG_SCRIPT} convert (commit ${REPVGG_COMMIT})`,
    url: `https://github.com/${MM}/blob/${REPVGG_COMMIT}/${REPVGG_SCRIPT}`,
    source, target, truth,
    // the ten list-comprehension renames of convert()
    patterns: 10,
  };
}

export const repvggA0ToMmcls = (): Family => repvggFamily('repvgg-a0-original-to-mmcls', 'RepVGG-A0', { blocks: [2, 4, 14, 1], width: [0.75, 0.75, 0.75, 2.5], groups: 1, classes: 1000 });
export const repvggB1ToMmcls = (): Family => repvggFamily('repvgg-b1-original-to-mmcls', 'RepVGG-B1', { blocks: [4, 6, 16, 1], width: [2, 2, 2, 4], groups: 1, classes: 1000 });
export const repvggB1g2ToMmcls = (): Family => repvggFamily('repvgg-b1g2-original-to-mmcls', 'RepVGG-B1g2', { blocks: [4, 6, 16, 1], width: [2, 2, 2, 4], groups: 2, classes: 1000 });
export const repvggB2g4ToMmcls = (): Family => repvggFamily('repvgg-b2g4-original-to-mmcls', 'RepVGG-B2g4', { blocks: [4, 6, 16, 1], width: [2.5, 2.5, 2.5, 5], groups: 4, classes: 1000 });

// ---------------------------------------------------------------------------------------------------------
// Segment Anything (facebookresearch/segment-anything) → timm VisionTransformerSAM (checkpoint_filter_fn)

const TIMM = 'huggingface/pytorch-image-models';
const SAM_TIMM_SCRIPT = 'timm/models/vision_transformer_sam.py';

function samTimmFamily(name: string, model: string, c: typeof SAM_VIT_B): Family {
  const source = stateDict(samOriginal(c), 'float32');
  // timm's samvit_*_patch16 at the sa1b pretrained config (num_classes 0: the ClassifierHead holds no tensor)
  const target = stateDict(samImageEncoder(c, ['fc1', 'fc2']), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = key.startsWith('image_encoder.') ? key.slice('image_encoder.'.length).replace('mlp.lin', 'mlp.fc') : null;
  return {
    name,
    description: `Segment Anything ${model} (image encoder ${c.depth} × ${c.d}, window ${c.window}, global attention in blocks ${c.global.join(', ')}; prompt encoder and mask decoder beside it) original checkpoint → timm VisionTransformerSAM: image_encoder. stripped, mlp.lin1 / lin2 → mlp.fc1 / fc2, everything of the prompt encoder and the mask decoder dropped (the decoder's own lin1 / lin2 and norms look like the encoder's), rel_pos_h / rel_pos_w of window and global blocks kept by index.`,
    reference: `${TIMM} ${SAM_TIMM_SCRIPT} checkpoint_filter_fn (as stored)`,
    url: `https://github.com/${TIMM}/blob/main/${SAM_TIMM_SCRIPT}`,
    source, target, truth,
    // strip image_encoder., mlp.lin → mlp.fc, drop the rest
    patterns: 3,
  };
}

const SAM_VIT_L: typeof SAM_VIT_B = { ...SAM_VIT_B, depth: 24, d: 1024, heads: 16, global: [5, 11, 17, 23], mlp: 4096 };
const SAM_VIT_H: typeof SAM_VIT_B = { ...SAM_VIT_B, depth: 32, d: 1280, heads: 16, global: [7, 15, 23, 31], mlp: 5120 };

export const samVitBToTimm = (): Family => samTimmFamily('sam-vit-b-original-to-timm', 'ViT-B (sam_vit_b_01ec64)', SAM_VIT_B);
export const samVitLToTimm = (): Family => samTimmFamily('sam-vit-l-original-to-timm', 'ViT-L (sam_vit_l_0b3195)', SAM_VIT_L);
export const samVitHToTimm = (): Family => samTimmFamily('sam-vit-h-original-to-timm', 'ViT-H (sam_vit_h_4b8939)', SAM_VIT_H);
