import { batchNorm, conv2d, indexed, linear, module, type Module } from './modules.js';

/**
 * torchvision's ResNet and DenseNet as their module definitions register them
 * (pytorch/vision torchvision/models/resnet.py, densenet.py), reused by several families.
 */

export type ResNetDepth = 18 | 34 | 50 | 101;

const RESNET_LAYOUT: Record<ResNetDepth, { bottleneck: boolean; blocks: [number, number, number, number] }> = {
  18: { bottleneck: false, blocks: [2, 2, 2, 2] },
  34: { bottleneck: false, blocks: [3, 4, 6, 3] },
  50: { bottleneck: true, blocks: [3, 4, 6, 3] },
  101: { bottleneck: true, blocks: [3, 4, 23, 3] },
};

/** One stage of a ResNet, as both torchvision and Detectron2 size it. */
export interface ResNetBlockShape {
  stage: number; // 1..4 (torchvision layerN)
  index: number; // block index within the stage
  inChannels: number;
  width: number; // planes: channels inside the block
  outChannels: number;
  projection: boolean; // a 1×1 conv + norm on the shortcut
}

export function resnetBlocks(depth: ResNetDepth): { bottleneck: boolean; blocks: ResNetBlockShape[] } {
  const { bottleneck, blocks } = RESNET_LAYOUT[depth];
  const expansion = bottleneck ? 4 : 1;
  const out: ResNetBlockShape[] = [];
  let inplanes = 64;
  blocks.forEach((count, s) => {
    const planes = 64 * 2 ** s;
    for (let i = 0; i < count; i++) {
      const stride = i === 0 && s > 0 ? 2 : 1;
      const projection = i === 0 && (stride !== 1 || inplanes !== planes * expansion);
      out.push({ stage: s + 1, index: i, inChannels: inplanes, width: planes, outChannels: planes * expansion, projection });
      inplanes = planes * expansion;
    }
  });
  return { bottleneck, blocks: out };
}

/** torchvision.models.resnetN(num_classes) */
export function torchvisionResNet(depth: ResNetDepth, numClasses = 1000): Module {
  const { bottleneck, blocks } = resnetBlocks(depth);
  const layers: [string, Module][] = [];
  for (let s = 1; s <= 4; s++) {
    const stageBlocks = blocks.filter((b) => b.stage === s).map((b) => {
      const children: [string, Module][] = bottleneck
        ? [
            ['conv1', conv2d(b.inChannels, b.width, 1, false)],
            ['bn1', batchNorm(b.width)],
            ['conv2', conv2d(b.width, b.width, 3, false)],
            ['bn2', batchNorm(b.width)],
            ['conv3', conv2d(b.width, b.outChannels, 1, false)],
            ['bn3', batchNorm(b.outChannels)],
          ]
        : [
            ['conv1', conv2d(b.inChannels, b.width, 3, false)],
            ['bn1', batchNorm(b.width)],
            ['conv2', conv2d(b.width, b.width, 3, false)],
            ['bn2', batchNorm(b.width)],
          ];
      if (b.projection) {
        children.push(['downsample', indexed([conv2d(b.inChannels, b.outChannels, 1, false), batchNorm(b.outChannels)])]);
      }
      return module([], children);
    });
    layers.push([`layer${s}`, indexed(stageBlocks)]);
  }
  const last = blocks[blocks.length - 1];
  if (!last) throw new Error(`ResNet-${depth} has no blocks`);
  return module([], [
    ['conv1', conv2d(3, 64, 7, false)],
    ['bn1', batchNorm(64)],
    ...layers,
    ['fc', linear(last.outChannels, numClasses)],
  ]);
}

export interface DenseNetConfig {
  growthRate: number;
  blockConfig: number[];
  numInitFeatures: number;
  bnSize: number;
  numClasses: number;
}

/** torchvision.models.densenet121's configuration */
export const DENSENET121: DenseNetConfig = { growthRate: 32, blockConfig: [6, 12, 24, 16], numInitFeatures: 64, bnSize: 4, numClasses: 1000 };

/**
 * torchvision.models.DenseNet. `legacy` builds the module as torchvision defined it before dots were
 * banned from module names: the layers of a _DenseLayer were registered as 'norm.1', 'relu.1', 'conv.1',
 * 'norm.2', … — and those checkpoints were written before BatchNorm had num_batches_tracked.
 */
export function torchvisionDenseNet(c: DenseNetConfig, legacy = false): Module {
  const sep = legacy ? '.' : '';
  const bn = (ch: number): Module => batchNorm(ch, !legacy);
  const features: [string, Module][] = [
    ['conv0', conv2d(3, c.numInitFeatures, 7, false)],
    ['norm0', bn(c.numInitFeatures)],
  ];
  let numFeatures = c.numInitFeatures;
  c.blockConfig.forEach((numLayers, i) => {
    const layers: [string, Module][] = [];
    for (let j = 0; j < numLayers; j++) {
      const inFeatures = numFeatures + j * c.growthRate;
      const inner = c.bnSize * c.growthRate;
      // the stateless relu children sit between these; they add no keys
      layers.push([`denselayer${j + 1}`, module([], [
        [`norm${sep}1`, bn(inFeatures)],
        [`conv${sep}1`, conv2d(inFeatures, inner, 1, false)],
        [`norm${sep}2`, bn(inner)],
        [`conv${sep}2`, conv2d(inner, c.growthRate, 3, false)],
      ])]);
    }
    features.push([`denseblock${i + 1}`, module([], layers)]);
    numFeatures += numLayers * c.growthRate;
    if (i !== c.blockConfig.length - 1) {
      features.push([`transition${i + 1}`, module([], [
        ['norm', bn(numFeatures)],
        ['conv', conv2d(numFeatures, Math.floor(numFeatures / 2), 1, false)],
      ])]);
      numFeatures = Math.floor(numFeatures / 2);
    }
  });
  features.push(['norm5', bn(numFeatures)]);
  return module([], [
    ['features', module([], features)],
    ['classifier', linear(numFeatures, c.numClasses)],
  ]);
}
