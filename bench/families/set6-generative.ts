import type { Family } from './types.js';
import { affineNorm, indexed, linear, module, stateDict, t, type Module } from './modules.js';

type Truth = Record<string, string | string[] | null>;

/**
 * AnimateDiff v2 motion module (guoyww/AnimateDiff mm_sd_v15_v2.ckpt: motion modules in every down block,
 * every up block and the mid block; 8 heads, max 32 frames), as animatediff/models/motion_module.py builds
 * them inside the SD-1.5 UNet: VanillaTemporalModule.temporal_transformer (norm, proj_in,
 * transformer_blocks.0, proj_out); TemporalTransformerBlock: attention_blocks.0/1 (VersatileAttention:
 * to_q, to_k, to_v, to_out.0, then pos_encoder with its `pe` buffer [1, 32, C]), norms.0/1, ff (GEGLU),
 * ff_norm. The checkpoint holds only the motion modules, in UNet order: down_blocks, up_blocks, mid_block.
 */
const WIDTHS = [320, 640, 1280, 1280];
const FRAMES = 32;

function attention(c: number, withPe: boolean): Module {
  const children: [string, Module][] = [
    ['to_q', linear(c, c, false)], ['to_k', linear(c, c, false)], ['to_v', linear(c, c, false)], ['to_out', indexed([linear(c, c)])],
  ];
  if (withPe) children.push(['pos_encoder', module([t('pe', [1, FRAMES, c])])]);
  return module([], children);
}

const feedForward = (c: number): Module => module([], [['net', indexed([module([], [['proj', linear(c, c * 8)]]), null, linear(c * 4, c)])]]);

function originalMotionModule(c: number): Module {
  return module([], [['temporal_transformer', module([], [
    ['norm', affineNorm(c)],
    ['proj_in', linear(c, c)],
    ['transformer_blocks', indexed([module([], [
      ['attention_blocks', indexed([attention(c, true), attention(c, true)])],
      ['norms', indexed([affineNorm(c), affineNorm(c)])],
      ['ff', feedForward(c)],
      ['ff_norm', affineNorm(c)],
    ])])],
    ['proj_out', linear(c, c)],
  ])]]);
}

/**
 * diffusers models/unets/unet_motion_model.py MotionAdapter(use_motion_mid_block=True, motion_max_seq_length=32):
 * mid_block / down_blocks.N / up_blocks.N .motion_modules.M — in that order: __init__ assigns self.mid_block while it
 * still collects the down and up blocks in plain lists, and registers the two ModuleLists last — each an
 * TransformerTemporalModel (AnimateDiffTransformer3D in later releases; same state) (norm,
 * proj_in, transformer_blocks.0 = BasicTransformerBlock with sinusoidal positional embeddings: pos_embed.pe
 * first, then norm1, attn1, norm2, attn2, norm3, ff; proj_out).
 */
function diffusersMotionModule(c: number): Module {
  return module([], [
    ['norm', affineNorm(c)],
    ['proj_in', linear(c, c)],
    ['transformer_blocks', indexed([module([], [
      ['pos_embed', module([t('pe', [1, FRAMES, c])])],
      ['norm1', affineNorm(c)], ['attn1', attention(c, false)],
      ['norm2', affineNorm(c)], ['attn2', attention(c, false)],
      ['norm3', affineNorm(c)], ['ff', feedForward(c)],
    ])])],
    ['proj_out', linear(c, c)],
  ]);
}

function motionBlocks(make: (c: number) => Module, adapter: boolean): Module {
  const down = indexed(WIDTHS.map((c) => module([], [['motion_modules', indexed([make(c), make(c)])]])));
  const up = indexed([...WIDTHS].reverse().map((c) => module([], [['motion_modules', indexed([make(c), make(c), make(c)])]])));
  const mid = module([], [['motion_modules', indexed([make(WIDTHS[3]!)])]]);
  return module([], adapter
    ? [['mid_block', mid], ['down_blocks', down], ['up_blocks', up]]
    : [['down_blocks', down], ['up_blocks', up], ['mid_block', mid]]);
}

/** convert_animatediff_motion_module_to_diffusers.py convert_motion_module: pos_encoder skipped, then six chained str.replace calls */
function motionRename(key: string): string | null {
  if (key.includes('pos_encoder')) return null;
  return key
    .replace('.norms.0', '.norm1')
    .replace('.norms.1', '.norm2')
    .replace('.ff_norm', '.norm3')
    .replace('.attention_blocks.0', '.attn1')
    .replace('.attention_blocks.1', '.attn2')
    .replace('.temporal_transformer', '');
}

export function animatediffMotionToDiffusers(): Family {
  const source = stateDict(motionBlocks(originalMotionModule, false), 'float32');
  const target = stateDict(motionBlocks(diffusersMotionModule, true), 'float32');
  const truth: Truth = {};
  for (const { key } of source) truth[key] = motionRename(key);
  return {
    name: 'animatediff-v2-motion-module-to-diffusers',
    description: 'AnimateDiff mm_sd_v15_v2 motion modules (21: 2 per down block, 3 per up block, 1 mid) into diffusers MotionAdapter: the temporal_transformer level removed, attention_blocks.0/1 → attn1/attn2, norms.0/1 → norm1/norm2, ff_norm → norm3; each attention\'s pos_encoder.pe dropped (the adapter builds its own pos_embed.pe per block and is loaded with strict=False); the adapter lists mid_block first, the checkpoint (UNet order) last.',
    reference:
      'huggingface/diffusers scripts/convert_animatediff_motion_module_to_diffusers.py convert_motion_module (commit 03f101e906aa5eaf1e32aeb9a56d70d6cc0ce41a); ' +
      'the target: src/diffusers/models/unets/unet_motion_model.py MotionAdapter, MotionModules (commit 00c2c4ddb82cc5c005ff8f33a7ba7f398b86af7a)',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_animatediff_motion_module_to_diffusers.py',
    source,
    target,
    truth,
    // pos_encoder dropped, five renames, the temporal_transformer removal
    patterns: 7,
  };
}
