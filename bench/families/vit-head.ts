import type { Family } from './types.js';
import { stateDict } from './modules.js';
import { SMALL_VIT, timmViT, type ViTConfig } from './timm-vit.js';

/**
 * An ImageNet ViT loaded into the same ViT built for another number of classes: everything maps to itself
 * except the classifier, which has the wrong shape and must be dropped (and left to initialise).
 */
export function vitOtherClassCount(config: { vit: ViTConfig; targetClasses: number } = { vit: SMALL_VIT, targetClasses: 10 }): Family {
  if (config.targetClasses === config.vit.numClasses) throw new Error('the target needs another class count');
  const source = stateDict(timmViT(config.vit), 'float32');
  const target = stateDict(timmViT({ ...config.vit, numClasses: config.targetClasses }), 'float32');
  const truth: Record<string, string | null> = {};
  for (const { key } of source) truth[key] = key.startsWith('head.') ? null : key;
  return {
    name: 'vit-head-other-class-count',
    description: `timm ViT with a ${config.vit.numClasses}-class head loaded into one with ${config.targetClasses} classes: head.weight/head.bias dropped, all else identical.`,
    reference:
      'huggingface/pytorch-image-models timm/models/_builder.py load_pretrained (num_classes != pretrained_cfg num_classes: ' +
      'pops classifier .weight/.bias and loads with strict=False)',
    source,
    target,
    truth,
    patterns: 1,
  };
}
