import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, module, stateDict, t, type Module } from './modules.js';
import { resnetBlocks, torchvisionResNet, type ResNetDepth } from './torchvision-models.js';
import { RenameRules } from './rules.js';

/** detectron2/layers/batch_norm.py FrozenBatchNorm2d: four buffers, num_batches_tracked registered as None */
function frozenBN(channels: number): Module {
  return module([t('weight', [channels]), t('bias', [channels]), t('running_mean', [channels]), t('running_var', [channels])]);
}

/** detectron2/layers/wrappers.py Conv2d(bias=False, norm=FrozenBN): weight, then the `norm` child */
function convNorm(inCh: number, outCh: number, kernel: number): Module {
  const conv = conv2d(inCh, outCh, kernel, false);
  return module(conv.tensors, [['norm', frozenBN(outCh)]]);
}

/**
 * detectron2/modeling/backbone/resnet.py ResNet (MODEL.RESNETS.NORM = "FrozenBN", no classifier):
 * stem.conv1, then stages res2…res5 of BasicBlock / BottleneckBlock. A block registers `shortcut`
 * before conv1, so it comes first in the state_dict.
 */
function detectron2ResNet(depth: ResNetDepth): Module {
  const { bottleneck, blocks } = resnetBlocks(depth);
  const stages: [string, Module][] = [];
  for (let s = 1; s <= 4; s++) {
    stages.push([`res${s + 1}`, indexed(blocks.filter((b) => b.stage === s).map((b) => {
      const children: [string, Module][] = [];
      if (b.projection) children.push(['shortcut', convNorm(b.inChannels, b.outChannels, 1)]);
      if (bottleneck) {
        children.push(['conv1', convNorm(b.inChannels, b.width, 1)], ['conv2', convNorm(b.width, b.width, 3)], ['conv3', convNorm(b.width, b.outChannels, 1)]);
      } else {
        children.push(['conv1', convNorm(b.inChannels, b.width, 3)], ['conv2', convNorm(b.width, b.width, 3)]);
      }
      return module([], children);
    }))]);
  }
  return module([], [['stem', module([], [['conv1', convNorm(3, 64, 7)]])], ...stages]);
}

export function resnetToDetectron2(config: { depth: ResNetDepth } = { depth: 50 }): Family {
  const source = stateDict(torchvisionResNet(config.depth), 'float32');
  const target = stateDict(detectron2ResNet(config.depth), 'float32');
  // tools/convert-torchvision-to-d2.py, in its order
  const rules = new RenameRules();
  for (let s = 1; s <= 4; s++) rules.add(`layer${s}`, `res${s + 1}`);
  for (let i = 1; i <= 3; i++) rules.add(`bn${i}`, `conv${i}.norm`);
  rules.add('downsample.0', 'shortcut').add('downsample.1', 'shortcut.norm');
  const truth: Record<string, string | null> = {};
  let stemUsed = false;
  let dropsFc = false;
  let dropsTracked = false;
  for (const { key } of source) {
    // FrozenBN has no num_batches_tracked, and the backbone has no classifier: the script's output for these
    // is ignored by detectron2's matching heuristics, a strict load must drop them
    if (key.endsWith('.num_batches_tracked')) {
      truth[key] = null;
      dropsTracked = true;
      continue;
    }
    if (key.startsWith('fc.')) {
      truth[key] = null;
      dropsFc = true;
      continue;
    }
    let renamed = key;
    if (!renamed.includes('layer')) {
      renamed = `stem.${renamed}`;
      stemUsed = true;
    }
    truth[key] = rules.apply(renamed);
  }
  return {
    name: 'resnet-torchvision-to-detectron2',
    description:
      `torchvision ResNet-${config.depth} → detectron2 ResNet backbone (FrozenBN): conv1/bn1 → stem.conv1/stem.conv1.norm, ` +
      'layerN.M → res{N+1}.M, bnK → convK.norm, downsample.0/1 → shortcut/shortcut.norm; fc and num_batches_tracked dropped.',
    reference:
      'facebookresearch/detectron2 tools/convert-torchvision-to-d2.py (__main__ rename loop); detectron2/modeling/backbone/resnet.py ' +
      'BasicStem/BasicBlock/BottleneckBlock; detectron2/checkpoint/c2_model_loading.py align_and_update_state_dicts',
    source,
    target,
    truth,
    patterns: rules.usedCount() + Number(stemUsed) + Number(dropsFc) + Number(dropsTracked),
  };
}
