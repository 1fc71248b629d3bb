import type { Family } from './types.js';
import { stateDict } from './modules.js';
import { DENSENET121, torchvisionDenseNet, type DenseNetConfig } from './torchvision-models.js';

/**
 * torchvision's DenseNet checkpoints predate the ban on dots in module names: `denselayerN.norm.1.weight`
 * must become `denselayerN.norm1.weight`. torchvision fixes it on load with one regex.
 */
export function densenetLegacy(config: DenseNetConfig = DENSENET121): Family {
  const source = stateDict(torchvisionDenseNet(config, true), 'float32');
  const target = stateDict(torchvisionDenseNet(config, false), 'float32');
  // the same regex torchvision applies: only norm/relu/conv .1/.2 inside a dense layer are renamed
  const legacy = /^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$/;
  const truth: Record<string, string> = {};
  for (const { key } of source) {
    const m = legacy.exec(key);
    truth[key] = m ? `${m[1]}${m[2]}` : key;
  }
  return {
    name: 'densenet-legacy-names',
    description:
      `torchvision DenseNet (growth ${config.growthRate}, blocks ${config.blockConfig.join('/')}) legacy checkpoint: ` +
      '`norm.1`/`conv.1`/`norm.2`/`conv.2` inside dense layers become `norm1`/`conv1`/…; written before num_batches_tracked existed, so the model has those extra buffers.',
    reference: 'pytorch/vision torchvision/models/densenet.py _load_state_dict (pattern ^(.*denselayer\\d+\\.(?:norm|relu|conv))\\.((?:[12])\\.(?:weight|bias|running_mean|running_var))$)',
    source,
    target,
    truth,
    // a person writes it as torchvision does, or as norm.1/norm.2/conv.1/conv.2: count the four renames
    patterns: 4,
  };
}
