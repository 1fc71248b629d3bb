/**
 * Ninth family set (session 16), generative models: diffusion transformers and a diffusion prior as their
 * original repositories save them, against diffusers' classes as the conversion scripts load them. Each
 * model at its real configuration in state_dict order (own parameters and buffers before children); the
 * truth from the script named in `reference` (repository, path, commit read).
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { RenameRules } from './rules.js';
import { byKey, rows, splitRows, type Truth } from './set9-common.js';

/** Sana 1600M (SanaMS_1600M_P1_D20): width 2240, 20 blocks, 70 heads of 32, cross-attention 20 heads of 112, Gemma-2 captions 2304, DC-AE latents 32, MLP ratio 2.5 */
const SANA_1600M = { d: 2240, depth: 20, caption: 2304, tokens: 300, latent: 32, mlp: 5600 };

/**
 * NVlabs Sana SanaMS: x_embedder (1×1 patch conv), t_embedder.mlp.0/2, t_block.1, y_embedder (y_embedding
 * buffer, y_proj.fc1/fc2), attention_y_norm (RMSNorm), blocks.N (scale_shift_table; linear attention qkv
 * without bias + proj; cross_attn q_linear / kv_linear / proj; GLUMBConv inverted_conv / depth_conv /
 * point_conv), final_layer (scale_shift_table, linear). No pos_embed (use_pe off for the 1600M models).
 */
function sanaOriginal(c: typeof SANA_1600M): Module {
  const d = c.d;
  const convLayer = (m: Module): Module => module([], [['conv', m]]);
  const block = (): Module => module([t('scale_shift_table', [6, d])], [
    ['attn', module([], [['qkv', linear(d, 3 * d, false)], ['proj', linear(d, d)]])],
    ['cross_attn', module([], [['q_linear', linear(d, d)], ['kv_linear', linear(d, 2 * d)], ['proj', linear(d, d)]])],
    ['mlp', module([], [
      ['inverted_conv', convLayer(conv2d(d, 2 * c.mlp, 1))],
      ['depth_conv', convLayer(module([t('weight', [2 * c.mlp, 1, 3, 3]), t('bias', [2 * c.mlp])]))],
      ['point_conv', convLayer(conv2d(c.mlp, d, 1, false))],
    ])],
  ]);
  return module([], [
    ['x_embedder', module([], [['proj', conv2d(c.latent, d, 1)]])],
    ['t_embedder', module([], [['mlp', indexed([linear(256, d), null, linear(d, d)])]])],
    ['t_block', indexed([null, linear(d, 6 * d)])],
    ['y_embedder', module([t('y_embedding', [c.tokens, c.caption])], [['y_proj', module([], [['fc1', linear(c.caption, d)], ['fc2', linear(d, d)]])]])],
    ['attention_y_norm', module([t('weight', [d])])],
    ['blocks', indexed(Array.from({ length: c.depth }, block))],
    ['final_layer', module([t('scale_shift_table', [2, d])], [['linear', linear(d, c.latent)]])],
  ]);
}

/** diffusers SanaTransformer2DModel: scale_shift_table, patch_embed, time_embed (AdaLayerNormSingle), caption_projection, caption_norm, transformer_blocks (attn1 / attn2 / ff GLUMBConv), proj_out */
function sanaDiffusers(c: typeof SANA_1600M): Module {
  const d = c.d;
  const attn = (qkvBias: boolean, kvIn: number): Module => module([], [
    ['to_q', linear(d, d, qkvBias)], ['to_k', linear(kvIn, d, qkvBias)], ['to_v', linear(kvIn, d, qkvBias)], ['to_out', indexed([linear(d, d)])],
  ]);
  const block = (): Module => module([t('scale_shift_table', [6, d])], [
    ['attn1', attn(false, d)],
    ['attn2', attn(true, d)],
    ['ff', module([], [
      ['conv_inverted', conv2d(d, 2 * c.mlp, 1)],
      ['conv_depth', module([t('weight', [2 * c.mlp, 1, 3, 3]), t('bias', [2 * c.mlp])])],
      ['conv_point', conv2d(c.mlp, d, 1, false)],
    ])],
  ]);
  return module([t('scale_shift_table', [2, d])], [
    ['patch_embed', module([], [['proj', conv2d(c.latent, d, 1)]])],
    ['time_embed', module([], [
      ['emb', module([], [['timestep_embedder', module([], [['linear_1', linear(256, d)], ['linear_2', linear(d, d)]])]])],
      ['linear', linear(d, 6 * d)],
    ])],
    ['caption_projection', module([], [['linear_1', linear(c.caption, d)], ['linear_2', linear(d, d)]])],
    ['caption_norm', module([t('weight', [d])])],
    ['transformer_blocks', indexed(Array.from({ length: c.depth }, block))],
    ['proj_out', linear(d, c.latent)],
  ]);
}

export function sana1600mToDiffusers(): Family {
  const c = SANA_1600M;
  const source = stateDict(sanaOriginal(c), 'bfloat16');
  const target = stateDict(sanaDiffusers(c), 'bfloat16');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  // convert_sana_to_diffusers.py main: one converted_state_dict[...] = state_dict.pop(...) per key
  const fixed: [string, string][] = [
    ['x_embedder.proj', 'patch_embed.proj'],
    ['y_embedder.y_proj.fc1', 'caption_projection.linear_1'],
    ['y_embedder.y_proj.fc2', 'caption_projection.linear_2'],
    ['t_embedder.mlp.0', 'time_embed.emb.timestep_embedder.linear_1'],
    ['t_embedder.mlp.2', 'time_embed.emb.timestep_embedder.linear_2'],
    ['t_block.1', 'time_embed.linear'],
    ['attention_y_norm', 'caption_norm'],
    ['final_layer.linear', 'proj_out'],
  ];
  for (const [a, b] of fixed) for (const p of ['weight', 'bias']) if (source.some((e) => e.key === `${a}.${p}`)) truth[`${a}.${p}`] = `${b}.${p}`;
  truth['final_layer.scale_shift_table'] = 'scale_shift_table';
  // popped after the load and never used
  truth['y_embedder.y_embedding'] = null;
  const perBlock: [string, string][] = [
    ['scale_shift_table', 'scale_shift_table'],
    ['attn.proj.weight', 'attn1.to_out.0.weight'], ['attn.proj.bias', 'attn1.to_out.0.bias'],
    ['mlp.inverted_conv.conv.weight', 'ff.conv_inverted.weight'], ['mlp.inverted_conv.conv.bias', 'ff.conv_inverted.bias'],
    ['mlp.depth_conv.conv.weight', 'ff.conv_depth.weight'], ['mlp.depth_conv.conv.bias', 'ff.conv_depth.bias'],
    ['mlp.point_conv.conv.weight', 'ff.conv_point.weight'],
    ['cross_attn.q_linear.weight', 'attn2.to_q.weight'], ['cross_attn.q_linear.bias', 'attn2.to_q.bias'],
    ['cross_attn.proj.weight', 'attn2.to_out.0.weight'], ['cross_attn.proj.bias', 'attn2.to_out.0.bias'],
  ];
  for (let i = 0; i < c.depth; i++) {
    const s = `blocks.${i}.`;
    const b = `transformer_blocks.${i}.`;
    for (const [a, x] of perBlock) truth[s + a] = b + x;
    // q, k, v = torch.chunk(qkv, 3, dim=0); k, v = torch.chunk(kv_linear, 2, dim=0) (weight and bias)
    splitRows(truth, recipes, `${s}attn.qkv.weight`, ['q', 'k', 'v'].map((x) => `${b}attn1.to_${x}.weight`), c.d);
    for (const p of ['weight', 'bias']) splitRows(truth, recipes, `${s}cross_attn.kv_linear.${p}`, ['k', 'v'].map((x) => `${b}attn2.to_${x}.${p}`), c.d);
  }
  return {
    name: 'sana-1600m-1024px-original-to-diffusers',
    description: 'NVlabs Sana 1600M (SanaMS, 20 blocks of width 2240) → diffusers SanaTransformer2DModel: blocks → transformer_blocks, linear-attention qkv (no bias) chunked into attn1.to_q/k/v, cross_attn.kv_linear chunked into attn2.to_k/to_v (weight and bias), q_linear → attn2.to_q, proj → to_out.0, GLUMBConv inverted_conv/depth_conv/point_conv.conv → ff.conv_inverted/conv_depth/conv_point, t_embedder/t_block → time_embed, y_embedder.y_proj → caption_projection, attention_y_norm → caption_norm, final_layer → proj_out + the top scale_shift_table; the y_embedding buffer dropped.',
    reference: 'huggingface/diffusers scripts/convert_sana_to_diffusers.py main (commit 065628f582a780fb3ff7985c34edcf427a045733)',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_sana_to_diffusers.py',
    source,
    target,
    truth,
    recipes,
    // x_embedder, y_proj fc1/fc2, t_embedder mlp.0/2, t_block, y_norm, final linear, final table; per block: table, qkv chunk,
    // attn proj, inverted/depth/point conv, q_linear, kv chunk, cross proj; y_embedding pop
    patterns: 19,
  };
}

/** HunyuanDiT v1.2 (DiT-g/2): width 1408, 40 blocks, 16 heads of 88, MLP 6144, CLIP text 1024 × 77, mT5 2048 × 256, latents 4 → 8 (learned sigma), patch 2 */
const HUNYUAN_DIT = { d: 1408, depth: 40, heads: 16, mlp: 6144, text: 1024, textLen: 77, t5: 2048, t5Len: 256, latent: 4, out: 8 };

/**
 * Tencent HunyuanDiT's hydit/modules/models.py HunYuanDiT (use_style_cond_and_image_meta_size off, v1.2):
 * text_embedding_padding, mlp_t5, pooler (AttentionPool), extra_embedder, x_embedder, t_embedder,
 * blocks.N (norm1, attn1 Wqkv/q_norm/k_norm/out_proj, norm2 (the FFN's), mlp, default_modulation,
 * attn2 q_proj/kv_proj/q_norm/k_norm/out_proj, norm3 (the cross-attention's), skip_norm/skip_linear in
 * the second half), final_layer (linear, adaLN_modulation).
 */
function hunyuanOriginal(c: typeof HUNYUAN_DIT): Module {
  const d = c.d;
  const hd = d / c.heads;
  const block = (i: number): Module => {
    const children: [string, Module][] = [
      ['norm1', affineNorm(d)],
      ['attn1', module([], [['Wqkv', linear(d, 3 * d)], ['q_norm', affineNorm(hd)], ['k_norm', affineNorm(hd)], ['out_proj', linear(d, d)]])],
      ['norm2', affineNorm(d)],
      ['mlp', module([], [['fc1', linear(d, c.mlp)], ['fc2', linear(c.mlp, d)]])],
      ['default_modulation', indexed([null, linear(d, d)])],
      ['attn2', module([], [['q_proj', linear(d, d)], ['kv_proj', linear(c.text, 2 * d)], ['q_norm', affineNorm(hd)], ['k_norm', affineNorm(hd)], ['out_proj', linear(d, d)]])],
      ['norm3', affineNorm(d)],
    ];
    if (i > c.depth / 2) children.push(['skip_norm', affineNorm(2 * d)], ['skip_linear', linear(2 * d, d)]);
    return module([], children);
  };
  return module([t('text_embedding_padding', [c.textLen + c.t5Len, c.text], 'float32')], [
    ['mlp_t5', indexed([linear(c.t5, 4 * c.t5), null, linear(4 * c.t5, c.text)])],
    ['pooler', module([t('positional_embedding', [c.t5Len + 1, c.t5])], [
      ['k_proj', linear(c.t5, c.t5)], ['q_proj', linear(c.t5, c.t5)], ['v_proj', linear(c.t5, c.t5)], ['c_proj', linear(c.t5, 1024)],
    ])],
    ['extra_embedder', indexed([linear(1024, 4 * d), null, linear(4 * d, d)])],
    ['x_embedder', module([], [['proj', module([t('weight', [d, c.latent, 2, 2]), t('bias', [d])])]])],
    ['t_embedder', module([], [['mlp', indexed([linear(256, d), null, linear(d, d)])]])],
    ['blocks', indexed(Array.from({ length: c.depth }, (_, i) => block(i)))],
    ['final_layer', module([], [['linear', linear(d, 4 * c.out)], ['adaLN_modulation', indexed([null, linear(d, 2 * d)])]])],
  ]);
}

/** diffusers HunyuanDiT2DModel: text_embedding_padding, text_embedder, pos_embed, time_extra_emb, blocks.N (norm1 AdaLayerNormShift, attn1, norm2, attn2, norm3, ff, skip_*), norm_out, proj_out */
function hunyuanDiffusers(c: typeof HUNYUAN_DIT): Module {
  const d = c.d;
  const hd = d / c.heads;
  const attn = (kvIn: number): Module => module([], [
    ['norm_q', affineNorm(hd)], ['norm_k', affineNorm(hd)],
    ['to_q', linear(d, d)], ['to_k', linear(kvIn, d)], ['to_v', linear(kvIn, d)], ['to_out', indexed([linear(d, d)])],
  ]);
  const block = (i: number): Module => {
    const children: [string, Module][] = [
      ['norm1', module([], [['linear', linear(d, d)], ['norm', affineNorm(d)]])],
      ['attn1', attn(d)],
      ['norm2', affineNorm(d)],
      ['attn2', attn(c.text)],
      ['norm3', affineNorm(d)],
      ['ff', module([], [['net', indexed([module([], [['proj', linear(d, c.mlp)]]), null, linear(c.mlp, d)])]])],
    ];
    if (i > c.depth / 2) children.push(['skip_norm', affineNorm(2 * d)], ['skip_linear', linear(2 * d, d)]);
    return module([], children);
  };
  return module([t('text_embedding_padding', [c.textLen + c.t5Len, c.text], 'float32')], [
    ['text_embedder', module([], [['linear_1', linear(c.t5, 4 * c.t5)], ['linear_2', linear(4 * c.t5, c.text)]])],
    ['pos_embed', module([], [['proj', module([t('weight', [d, c.latent, 2, 2]), t('bias', [d])])]])],
    ['time_extra_emb', module([], [
      ['timestep_embedder', module([], [['linear_1', linear(256, d)], ['linear_2', linear(d, d)]])],
      ['pooler', module([t('positional_embedding', [c.t5Len + 1, c.t5])], [
        ['k_proj', linear(c.t5, c.t5)], ['q_proj', linear(c.t5, c.t5)], ['v_proj', linear(c.t5, c.t5)], ['c_proj', linear(c.t5, 1024)],
      ])],
      ['extra_embedder', module([], [['linear_1', linear(1024, 4 * d)], ['linear_2', linear(4 * d, d)]])],
    ])],
    ['blocks', indexed(Array.from({ length: c.depth }, (_, i) => block(i)))],
    ['norm_out', module([], [['linear', linear(d, 2 * d)]])],
    ['proj_out', linear(d, 4 * c.out)],
  ]);
}

export function hunyuanDitToDiffusers(): Family {
  const c = HUNYUAN_DIT;
  const source = stateDict(hunyuanOriginal(c), 'float16');
  const target = stateDict(hunyuanDiffusers(c), 'float16');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  // convert_hunyuandit_to_diffusers.py main, block by block, then the embedders and the final layer
  const perBlock: [string, string][] = [
    ['attn1.q_norm', 'attn1.norm_q'], ['attn1.k_norm', 'attn1.norm_k'], ['attn1.out_proj', 'attn1.to_out.0'],
    ['attn2.q_proj', 'attn2.to_q'], ['attn2.q_norm', 'attn2.norm_q'], ['attn2.k_norm', 'attn2.norm_k'], ['attn2.out_proj', 'attn2.to_out.0'],
    // "switch norm 2 and norm 3"
    ['norm2', 'norm3'], ['norm3', 'norm2'],
    ['norm1', 'norm1.norm'], ['default_modulation.1', 'norm1.linear'],
    ['mlp.fc1', 'ff.net.0.proj'], ['mlp.fc2', 'ff.net.2'],
    ['skip_norm', 'skip_norm'], ['skip_linear', 'skip_linear'],
  ];
  const top: [string, string][] = [
    ['text_embedding_padding', 'text_embedding_padding'],
    ['pooler.', 'time_extra_emb.pooler.'],
    ['t_embedder.mlp.0.', 'time_extra_emb.timestep_embedder.linear_1.'],
    ['t_embedder.mlp.2.', 'time_extra_emb.timestep_embedder.linear_2.'],
    ['x_embedder.proj.', 'pos_embed.proj.'],
    ['mlp_t5.0.', 'text_embedder.linear_1.'],
    ['mlp_t5.2.', 'text_embedder.linear_2.'],
    ['extra_embedder.0.', 'time_extra_emb.extra_embedder.linear_1.'],
    ['extra_embedder.2.', 'time_extra_emb.extra_embedder.linear_2.'],
    ['final_layer.linear.', 'proj_out.'],
  ];
  for (const { key, shape } of source) {
    const m = /^blocks\.(\d+)\.(.+)\.(weight|bias)$/.exec(key);
    if (m) {
      const [, i, mod, p] = m;
      const b = `blocks.${i}.`;
      if (mod === 'attn1.Wqkv') splitRows(truth, recipes, key, ['q', 'k', 'v'].map((x) => `${b}attn1.to_${x}.${p}`), c.d);
      else if (mod === 'attn2.kv_proj') splitRows(truth, recipes, key, ['k', 'v'].map((x) => `${b}attn2.to_${x}.${p}`), c.d);
      else truth[key] = `${b}${perBlock.find(([a]) => a === mod)![1]}.${p}`;
      continue;
    }
    if (key.startsWith('final_layer.adaLN_modulation.1.')) {
      // swap_scale_shift: shift, scale = w.chunk(2, dim=0); torch.cat([scale, shift], dim=0)
      const to = key.replace('final_layer.adaLN_modulation.1.', 'norm_out.linear.');
      truth[key] = to;
      const half = shape![0]! / 2;
      recipes[to] = { kind: 'concat', parts: [rows(key, half, half), rows(key, 0, half)], dim: 0 };
      continue;
    }
    const [a, b] = top.find(([x]) => key.startsWith(x))!;
    truth[key] = b + key.slice(a.length);
  }
  return {
    name: 'hunyuan-dit-v1.2-original-to-diffusers',
    description: 'Tencent HunyuanDiT v1.2 (40 blocks of width 1408, skip connections in the second half) → diffusers HunyuanDiT2DModel: attn1.Wqkv chunked into to_q/k/v and attn2.kv_proj into to_k/to_v (weight and bias), q_proj → to_q, q_norm/k_norm → norm_q/norm_k, out_proj → to_out.0, norm2 and norm3 swapped (same shapes: FFN and cross-attention norms change places), norm1 → norm1.norm with default_modulation.1 → norm1.linear, mlp.fc1/fc2 → ff.net.0.proj/ff.net.2, pooler / t_embedder / extra_embedder under time_extra_emb, mlp_t5 → text_embedder, x_embedder → pos_embed, final adaLN_modulation → norm_out.linear with its shift and scale halves swapped, final linear → proj_out.',
    reference: 'huggingface/diffusers scripts/convert_hunyuandit_to_diffusers.py main (commit 3ae0d67e45efca3b38ba748fd217ae264b910803)',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_hunyuandit_to_diffusers.py',
    source,
    target,
    truth,
    recipes,
    // per block: Wqkv chunk, q/k norms ×2 (attn1, attn2 = 4), out_proj ×2, kv chunk, q_proj, norm2↔norm3 swap (2), norm1, default_modulation,
    // fc1, fc2; top: pooler, t_embedder ×2, x_embedder, mlp_t5 ×2, extra_embedder ×2, adaLN swap, final linear
    patterns: 27,
  };
}

/** LTX-Video 2B v0.9: 28 blocks of width 2048 (32 heads of 64), FFN 8192, T5-XXL captions 4096, 128 latent channels */
const LTX_2B = { d: 2048, depth: 28, ffn: 8192, caption: 4096, latent: 128 };

/** the attention both sides write: RMS q/k norms across heads ([d]), biased q/k/v, to_out.0 */
function ltxAttention(d: number, qkName: [string, string]): Module {
  return module([], [
    [qkName[0], module([t('weight', [d])])], [qkName[1], module([t('weight', [d])])],
    ['to_q', linear(d, d)], ['to_k', linear(d, d)], ['to_v', linear(d, d)], ['to_out', indexed([linear(d, d)])],
  ]);
}

/** Lightricks LTX-Video Transformer3DModel (the original, diffusers-derived names) or diffusers LTXVideoTransformer3DModel */
function ltxTransformer(c: typeof LTX_2B, diffusers: boolean): Module {
  const d = c.d;
  const qk: [string, string] = diffusers ? ['norm_q', 'norm_k'] : ['q_norm', 'k_norm'];
  const block = (): Module => module([t('scale_shift_table', [6, d])], [
    ['attn1', ltxAttention(d, qk)],
    ['attn2', ltxAttention(d, qk)],
    ['ff', module([], [['net', indexed([module([], [['proj', linear(d, c.ffn)]]), null, linear(c.ffn, d)])]])],
  ]);
  const time = module([], [
    ['emb', module([], [['timestep_embedder', module([], [['linear_1', linear(256, d)], ['linear_2', linear(d, d)]])]])],
    ['linear', linear(d, 6 * d)],
  ]);
  return module([t('scale_shift_table', [2, d])], [
    [diffusers ? 'proj_in' : 'patchify_proj', linear(c.latent, d)],
    [diffusers ? 'time_embed' : 'adaln_single', time],
    ['caption_projection', module([], [['linear_1', linear(c.caption, d)], ['linear_2', linear(d, d)]])],
    ['transformer_blocks', indexed(Array.from({ length: c.depth }, block))],
    ['proj_out', linear(d, c.latent)],
  ]);
}

export function ltxVideo2bToDiffusers(): Family {
  const c = LTX_2B;
  // the single-file release: a safetensors listing (sorted by name), every transformer key under model.diffusion_model.
  const source = stateDict(ltxTransformer(c, false), 'bfloat16', 'model.diffusion_model.').sort(byKey);
  const target = stateDict(ltxTransformer(c, true), 'bfloat16');
  // convert_ltx_to_diffusers.py convert_transformer: strip PREFIX_KEY, then TRANSFORMER_KEYS_RENAME_DICT in order
  const rules = new RenameRules().addAtStart('model.diffusion_model.', '');
  for (const [a, b] of [['patchify_proj', 'proj_in'], ['adaln_single', 'time_embed'], ['q_norm', 'norm_q'], ['k_norm', 'norm_k']]) rules.add(a!, b!);
  const truth: Truth = {};
  for (const { key } of source) truth[key] = rules.apply(key);
  return {
    name: 'ltx-video-2b-v0.9-original-to-diffusers',
    description: 'Lightricks LTX-Video 2B v0.9 single-file transformer (safetensors, sorted, every key under model.diffusion_model.) → diffusers LTXVideoTransformer3DModel: the prefix stripped, patchify_proj → proj_in, adaln_single → time_embed, q_norm/k_norm → norm_q/norm_k in both attentions; everything else (28 transformer_blocks, caption_projection, scale_shift_tables, proj_out) keeps its name.',
    reference: 'huggingface/diffusers scripts/convert_ltx_to_diffusers.py convert_transformer, TRANSFORMER_KEYS_RENAME_DICT (commit 0871dc6edadd1f4ddd6d674252cbf344d7dffe9f)',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_ltx_to_diffusers.py',
    source,
    target,
    truth,
    patterns: rules.usedCount(),
  };
}

/** Würstchen v2 prior (stage C, model_v3_stage_c.pt): c_in 16, width 1536, CLIP-bigG condition 1280, c_r 64, depth 32 (× ResBlock, TimestepBlock, AttnBlock), 24 heads */
const WUERSTCHEN_PRIOR = { cIn: 16, c: 1536, cond: 1280, cR: 64, depth: 32 };

/**
 * The prior as dome272/wuerstchen builds it and diffusers' WuerstchenPrior copies it: projection,
 * cond_mapper, blocks (per depth step a ResBlock: depthwise, channelwise 0/2 (GlobalResponseNorm gamma,
 * beta)/4; a TimestepBlock: mapper; an AttnBlock: attention, kv_mapper.1), out.1. The attention is
 * nn.MultiheadAttention (attention.attn.in_proj_weight/in_proj_bias, out_proj) in the original and
 * diffusers' Attention (to_q/to_k/to_v/to_out.0) in diffusers.
 */
function wuerstchenPrior(c: typeof WUERSTCHEN_PRIOR, diffusers: boolean): Module {
  const w = c.c;
  const res = (): Module => module([], [
    ['depthwise', module([t('weight', [w, 1, 3, 3]), t('bias', [w])])],
    ['channelwise', indexed([linear(w, 4 * w), null, module([t('gamma', [1, 1, 1, 4 * w]), t('beta', [1, 1, 1, 4 * w])]), null, linear(4 * w, w)])],
  ]);
  const attention = diffusers
    ? module([], [['to_q', linear(w, w)], ['to_k', linear(w, w)], ['to_v', linear(w, w)], ['to_out', indexed([linear(w, w)])]])
    : module([], [['attn', module([t('in_proj_weight', [3 * w, w]), t('in_proj_bias', [3 * w])], [['out_proj', linear(w, w)]])]]);
  const attn = (): Module => module([], [['attention', attention], ['kv_mapper', indexed([null, linear(w, w)])]]);
  const blocks: Module[] = [];
  for (let i = 0; i < c.depth; i++) blocks.push(res(), module([], [['mapper', linear(c.cR, 2 * w)]]), attn());
  return module([], [
    ['projection', conv2d(c.cIn, w, 1)],
    ['cond_mapper', indexed([linear(c.cond, w), null, linear(w, w)])],
    ['blocks', indexed(blocks)],
    ['out', indexed([null, conv2d(w, 2 * c.cIn, 1)])],
  ]);
}

export function wuerstchenPriorToDiffusers(): Family {
  const c = WUERSTCHEN_PRIOR;
  const source = stateDict(wuerstchenPrior(c, false), 'float32');
  const target = stateDict(wuerstchenPrior(c, true), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  // convert_wuerstchen.py (the prior): in_proj_weight / in_proj_bias chunk(3, 0) → to_q/k/v, out_proj → to_out.0, every other key as it is
  for (const { key } of source) {
    if (key.endsWith('attn.in_proj_weight')) splitRows(truth, recipes, key, ['q', 'k', 'v'].map((x) => key.replace('attn.in_proj_weight', `to_${x}.weight`)), c.c);
    else if (key.endsWith('attn.in_proj_bias')) splitRows(truth, recipes, key, ['q', 'k', 'v'].map((x) => key.replace('attn.in_proj_bias', `to_${x}.bias`)), c.c);
    else truth[key] = key.replace('attn.out_proj.', 'to_out.0.');
  }
  return {
    name: 'wuerstchen-v2-prior-original-to-diffusers',
    description: 'Würstchen v2 prior (stage C: 32 × ResBlock / TimestepBlock / AttnBlock in one flat blocks list of 96, width 1536) → diffusers WuerstchenPrior: every nn.MultiheadAttention\'s in_proj_weight and in_proj_bias chunked in 3 into attention.to_q/to_k/to_v, attn.out_proj → to_out.0; everything else (projection, cond_mapper, depthwise, channelwise with its GlobalResponseNorm gamma/beta, mapper, kv_mapper, out) keeps its name.',
    reference: 'huggingface/diffusers scripts/convert_wuerstchen.py (the prior loop; commit 05b0162b73ba949d42fcfa1945074cbe4c47101e)',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_wuerstchen.py',
    source,
    target,
    truth,
    recipes,
    // in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias, the rest unchanged
    patterns: 5,
  };
}

