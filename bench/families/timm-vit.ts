import { affineNorm, conv2d, indexed, linear, module, t, type Module } from './modules.js';

/** huggingface/pytorch-image-models timm/models/vision_transformer.py `VisionTransformer` arguments used here. */
export interface ViTConfig {
  imgSize: number;
  patchSize: number;
  embedDim: number;
  depth: number;
  mlpRatio: number;
  numClasses: number;
  /** CLIP-style: a LayerNorm before the blocks and no bias on the patch projection */
  preNorm: boolean;
}

export const SMALL_VIT: ViTConfig = { imgSize: 32, patchSize: 8, embedDim: 64, depth: 2, mlpRatio: 4, numClasses: 1000, preNorm: false };

/**
 * timm VisionTransformer with a class token and learned positions: its own parameters cls_token and
 * pos_embed come first, then patch_embed, norm_pre, blocks (norm1, attn.qkv, attn.proj, norm2, mlp.fc1,
 * mlp.fc2), norm and head.
 */
export function timmViT(c: ViTConfig): Module {
  const d = c.embedDim;
  const tokens = (c.imgSize / c.patchSize) ** 2 + 1;
  const hidden = d * c.mlpRatio;
  const block = (): Module =>
    module([], [
      ['norm1', affineNorm(d)],
      ['attn', module([], [['qkv', linear(d, 3 * d)], ['proj', linear(d, d)]])],
      ['norm2', affineNorm(d)],
      ['mlp', module([], [['fc1', linear(d, hidden)], ['fc2', linear(hidden, d)]])],
    ]);
  const children: [string, Module][] = [['patch_embed', module([], [['proj', conv2d(3, d, c.patchSize, !c.preNorm)]])]];
  if (c.preNorm) children.push(['norm_pre', affineNorm(d)]);
  children.push(['blocks', indexed(Array.from({ length: c.depth }, block))]);
  children.push(['norm', affineNorm(d)]);
  if (c.numClasses > 0) children.push(['head', linear(d, c.numClasses)]);
  return module([t('cls_token', [1, 1, d]), t('pos_embed', [1, tokens, d])], children);
}
