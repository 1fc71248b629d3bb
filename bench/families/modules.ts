import type { DType } from '../../src/formats/dtype.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/**
 * A model described the way torch.nn.Module builds its state_dict: a module's own parameters, then its own
 * persistent buffers, then each child in registration order, recursively. Writing the families on top of
 * this keeps their key order the one `model.state_dict()` really produces.
 */
export interface Module {
  /** own parameters followed by own persistent buffers, in registration order */
  tensors: OwnTensor[];
  /** child modules in registration order; modules without state (ReLU, Dropout) are simply absent */
  children: [string, Module][];
}

export interface OwnTensor {
  name: string;
  shape: number[];
  /** absent: the dtype the whole model is built in */
  dtype?: DType;
}

export function module(tensors: OwnTensor[], children: [string, Module][] = []): Module {
  return { tensors, children };
}

export function t(name: string, shape: number[], dtype?: DType): OwnTensor {
  return dtype === undefined ? { name, shape } : { name, shape, dtype };
}

/** nn.Sequential / nn.ModuleList: children named by index; null holds the index of a stateless module */
export function indexed(items: (Module | null)[]): Module {
  const children: [string, Module][] = [];
  items.forEach((m, i) => {
    if (m) children.push([String(i), m]);
  });
  return module([], children);
}

export function linear(inFeatures: number, outFeatures: number, bias = true): Module {
  const tensors = [t('weight', [outFeatures, inFeatures])];
  if (bias) tensors.push(t('bias', [outFeatures]));
  return module(tensors);
}

export function conv1d(inCh: number, outCh: number, kernel: number, bias = true): Module {
  const tensors = [t('weight', [outCh, inCh, kernel])];
  if (bias) tensors.push(t('bias', [outCh]));
  return module(tensors);
}

export function conv2d(inCh: number, outCh: number, kernel: number, bias = true): Module {
  const tensors = [t('weight', [outCh, inCh, kernel, kernel])];
  if (bias) tensors.push(t('bias', [outCh]));
  return module(tensors);
}

/** LayerNorm and GroupNorm with affine parameters: weight and bias of the channel count */
export function affineNorm(channels: number, bias = true): Module {
  const tensors = [t('weight', [channels])];
  if (bias) tensors.push(t('bias', [channels]));
  return module(tensors);
}

/** RMSNorm as Llama writes it: a single weight */
export function rmsNorm(dim: number): Module {
  return module([t('weight', [dim])]);
}

export function embedding(count: number, dim: number): Module {
  return module([t('weight', [count, dim])]);
}

/**
 * BatchNorm{1,2}d: parameters weight, bias; buffers running_mean, running_var and, since PyTorch 0.4.1,
 * num_batches_tracked (a 0-d int64). Checkpoints written before 0.4.1 lack that last buffer.
 */
export function batchNorm(channels: number, tracked = true): Module {
  const tensors = [
    t('weight', [channels]),
    t('bias', [channels]),
    t('running_mean', [channels]),
    t('running_var', [channels]),
  ];
  if (tracked) tensors.push(t('num_batches_tracked', [], 'int64'));
  return module(tensors);
}

/** The state_dict of `root` as KeyEntry list, every key under `prefix`, untyped tensors in `dtype`. */
export function stateDict(root: Module, dtype: DType, prefix = ''): KeyEntry[] {
  const out: KeyEntry[] = [];
  const walk = (m: Module, at: string): void => {
    for (const own of m.tensors) out.push({ key: at + own.name, shape: own.shape, dtype: own.dtype ?? dtype });
    for (const [name, child] of m.children) walk(child, `${at}${name}.`);
  };
  walk(root, prefix);
  return out;
}

/** The same entries under another name prefix (what DDP, torch.compile and wrappers do to a state_dict). */
export function withPrefix(entries: KeyEntry[], prefix: string): KeyEntry[] {
  return entries.map((e) => ({ ...e, key: prefix + e.key }));
}
