import type { Family } from './types.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { batchNorm, indexed, linear, module, stateDict, withPrefix, type Module } from './modules.js';
import { torchvisionResNet, type ResNetDepth } from './torchvision-models.js';
import { nanoGPT, SMALL_GPT2, type GPT2Config } from './nanogpt-models.js';
import { SMALL_VIT, timmViT, type ViTConfig } from './timm-vit.js';

/** Families where the checkpoint is the model's own state_dict under wrapper prefixes. */

function prefixed(target: KeyEntry[], prefix: string): { source: KeyEntry[]; truth: Record<string, string> } {
  const source = withPrefix(target, prefix);
  const truth: Record<string, string> = {};
  source.forEach((e, i) => {
    truth[e.key] = target[i]!.key;
  });
  return { source, truth };
}

/** DistributedDataParallel(model).state_dict(): every key under `module.` */
export function ddpResNet(config: { depth: ResNetDepth } = { depth: 50 }): Family {
  const target = stateDict(torchvisionResNet(config.depth), 'float32');
  return {
    name: 'ddp-module-prefix',
    description: `torchvision ResNet-${config.depth} saved from a DistributedDataParallel wrapper: every key gains \`module.\`.`,
    reference:
      'pytorch/pytorch torch/nn/parallel/distributed.py (DistributedDataParallel keeps the model as `self.module`); ' +
      'torch/nn/modules/utils.py consume_prefix_in_state_dict_if_present(state_dict, "module.")',
    ...prefixed(target, 'module.'),
    target,
    patterns: 1,
  };
}

/** torch.compile(model).state_dict(): every key under `_orig_mod.` (nanoGPT's train.py saves these). */
export function compiledNanoGPT(config: GPT2Config = { ...SMALL_GPT2, bias: false }): Family {
  const target = stateDict(nanoGPT(config), 'float32');
  return {
    name: 'torch-compile-orig-mod',
    description: 'nanoGPT checkpoint written from a torch.compile()d model: every key gains `_orig_mod.`; nanoGPT strips it on resume.',
    reference:
      'pytorch/pytorch torch/_dynamo/eval_frame.py OptimizedModule (keeps the model as `_orig_mod`); ' +
      'karpathy/nanoGPT train.py (init_from == "resume": unwanted_prefix = "_orig_mod.") and sample.py',
    ...prefixed(target, '_orig_mod.'),
    target,
    patterns: 1,
  };
}

/** DistributedDataParallel(torch.compile(model)).state_dict(): `module._orig_mod.` */
export function ddpCompiledViT(config: ViTConfig = SMALL_VIT): Family {
  const target = stateDict(timmViT(config), 'float32');
  return {
    name: 'ddp-and-compile-prefix',
    description: 'timm ViT trained as DDP(torch.compile(model)) and saved from the outer wrapper: every key gains `module._orig_mod.`.',
    reference:
      'pytorch/pytorch torch/nn/parallel/distributed.py (`self.module`) + torch/_dynamo/eval_frame.py OptimizedModule (`_orig_mod`); ' +
      'torch/nn/modules/utils.py consume_prefix_in_state_dict_if_present',
    ...prefixed(target, 'module._orig_mod.'),
    target,
    patterns: 1,
  };
}

export interface SimpleDenseNetConfig {
  inputSize: number;
  lin1: number;
  lin2: number;
  lin3: number;
  outputSize: number;
}

/** ashleve/lightning-hydra-template src/models/components/simple_dense_net.py SimpleDenseNet */
function simpleDenseNet(c: SimpleDenseNetConfig): Module {
  return module([], [['model', indexed([
    linear(c.inputSize, c.lin1), batchNorm(c.lin1), null,
    linear(c.lin1, c.lin2), batchNorm(c.lin2), null,
    linear(c.lin2, c.lin3), batchNorm(c.lin3), null,
    linear(c.lin3, c.outputSize),
  ])]]);
}

/**
 * A LightningModule checkpoint's `state_dict` holds the wrapped network under the attribute it was
 * assigned to (`self.net` in lightning-hydra-template, `self.model` in many others). The template's
 * network itself starts with `model.`, so stripping a guessed `model.` would be wrong here.
 */
export function lightningWrapper(
  config: { attribute: 'net' | 'model'; net: SimpleDenseNetConfig } = {
    attribute: 'net',
    net: { inputSize: 784, lin1: 64, lin2: 128, lin3: 64, outputSize: 10 },
  },
): Family {
  const target = stateDict(simpleDenseNet(config.net), 'float32');
  return {
    name: 'lightning-wrapper-prefix',
    description: `lightning-hydra-template MNISTLitModule checkpoint: SimpleDenseNet keys under \`${config.attribute}.\` (the network's own keys begin with \`model.\`).`,
    reference:
      'ashleve/lightning-hydra-template src/models/mnist_module.py MNISTLitModule.__init__ (`self.net = net`) and ' +
      'src/models/components/simple_dense_net.py; Lightning-AI/pytorch-lightning LightningModule.state_dict (checkpoint["state_dict"])',
    ...prefixed(target, `${config.attribute}.`),
    target,
    patterns: 1,
  };
}
