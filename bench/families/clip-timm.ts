import type { Family } from './types.js';
import { affineNorm, conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';
import { timmViT } from './timm-vit.js';
import { RenameRules } from './rules.js';

/** openai/CLIP clip/model.py build_model's numbers for a ViT CLIP */
export interface ClipConfig {
  embedDim: number;
  imageResolution: number;
  visionPatchSize: number;
  visionWidth: number;
  visionLayers: number;
  contextLength: number;
  vocabSize: number;
  transformerWidth: number;
  transformerLayers: number;
}

export const SMALL_CLIP: ClipConfig = {
  embedDim: 32, imageResolution: 32, visionPatchSize: 8, visionWidth: 64, visionLayers: 2,
  contextLength: 16, vocabSize: 128, transformerWidth: 48, transformerLayers: 2,
};

/** clip/model.py ResidualAttentionBlock: attn (nn.MultiheadAttention), ln_1, mlp (c_fc, gelu, c_proj), ln_2 */
function residualAttentionBlock(w: number): Module {
  return module([], [
    ['attn', module([t('in_proj_weight', [3 * w, w]), t('in_proj_bias', [3 * w])], [['out_proj', linear(w, w)]])],
    ['ln_1', affineNorm(w)],
    ['mlp', module([], [['c_fc', linear(w, 4 * w)], ['c_proj', linear(4 * w, w)]])],
    ['ln_2', affineNorm(w)],
  ]);
}

function transformer(width: number, layers: number): Module {
  return module([], [['resblocks', indexed(Array.from({ length: layers }, () => residualAttentionBlock(width)))]]);
}

/**
 * clip/model.py CLIP with a VisionTransformer tower. Own parameters first at both levels: CLIP's
 * positional_embedding, text_projection, logit_scale; VisionTransformer's class_embedding,
 * positional_embedding, proj.
 */
export function openaiClip(c: ClipConfig): Module {
  const grid = c.imageResolution / c.visionPatchSize;
  const w = c.visionWidth;
  const visual = module(
    [t('class_embedding', [w]), t('positional_embedding', [grid * grid + 1, w]), t('proj', [w, c.embedDim])],
    [
      ['conv1', conv2d(3, w, c.visionPatchSize, false)],
      ['ln_pre', affineNorm(w)],
      ['transformer', transformer(w, c.visionLayers)],
      ['ln_post', affineNorm(w)],
    ],
  );
  return module(
    [t('positional_embedding', [c.contextLength, c.transformerWidth]), t('text_projection', [c.transformerWidth, c.embedDim]), t('logit_scale', [])],
    [
      ['visual', visual],
      ['transformer', transformer(c.transformerWidth, c.transformerLayers)],
      ['token_embedding', embedding(c.vocabSize, c.transformerWidth)],
      ['ln_final', affineNorm(c.transformerWidth)],
    ],
  );
}

/**
 * OpenAI CLIP checkpoint → timm ViT (vit_*_clip_*.openai: pre_norm, no patch bias, head = the image
 * projection). Only `visual.` is converted; the text tower has no counterpart.
 */
export function clipToTimmViT(config: ClipConfig = SMALL_CLIP): Family {
  const source = stateDict(openaiClip(config), 'float16');
  const target = stateDict(
    timmViT({ imgSize: config.imageResolution, patchSize: config.visionPatchSize, embedDim: config.visionWidth, depth: config.visionLayers, mlpRatio: 4, numClasses: config.embedDim, preNorm: true }),
    'float32',
  );
  // _convert_openai_clip's swaps, in order
  const swaps = new RenameRules()
    .add('conv1', 'patch_embed.proj')
    .add('positional_embedding', 'pos_embed')
    .add('transformer.resblocks.', 'blocks.')
    .add('ln_pre', 'norm_pre')
    .add('ln_post', 'norm')
    .add('ln_', 'norm')
    .add('in_proj_', 'qkv.')
    .add('out_proj', 'proj')
    .add('mlp.c_fc', 'mlp.fc1')
    .add('mlp.c_proj', 'mlp.fc2');
  const truth: Record<string, string> = {};
  const transposed: string[] = [];
  const reshaped: string[] = [];
  for (const { key } of source) {
    if (!key.startsWith('visual.')) continue;
    const k = swaps.apply(key.slice('visual.'.length));
    if (k === 'proj') {
      truth[key] = 'head.weight';
      transposed.push(key);
    } else if (k === 'class_embedding') {
      truth[key] = 'cls_token';
      reshaped.push(key);
    } else {
      truth[key] = k;
      if (k === 'pos_embed') reshaped.push(key);
    }
  }
  return {
    name: 'clip-openai-to-timm-vit',
    description:
      'OpenAI CLIP (ViT) checkpoint → timm VisionTransformer: visual.* only; conv1 → patch_embed.proj, transformer.resblocks → blocks, ' +
      'in_proj_ → qkv., ln_1/2 → norm1/2, proj (transposed) → head.weight, class_embedding → cls_token and positional_embedding → ' +
      'pos_embed (both unsqueezed). head.bias has no source (the script creates zeros).',
    reference: 'huggingface/pytorch-image-models timm/models/vision_transformer.py _convert_openai_clip (swaps list, proj/class_embedding/pos_embed cases)',
    source,
    target,
    truth,
    transposed,
    reshaped,
    // the prefix, the swaps that fired, and the two special keys
    patterns: 1 + swaps.usedCount() + 2,
  };
}
