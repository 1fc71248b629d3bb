import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { DTYPES, itemSize } from '../../src/formats/dtype.js';
import type { PyDict, PyGlobal, PyObject, PyPersistent, PyTuple, PyValue } from '../../src/formats/pickle/values.js';
import { writePickle } from '../../src/formats/pickle/writer.js';
import { ZipWriter } from '../../src/formats/zip/writer.js';

/**
 * Writes synthetic checkpoints in the layout `torch.save` (torch ≥ 1.6) produces, without Python:
 * STORED entries `archive/data.pkl` (protocol 2: an OrderedDict of `_rebuild_tensor_v2` calls on
 * persistent ids `('storage', torch.FloatStorage, 'N', 'cpu', numel)`), `archive/byteorder`,
 * `archive/data/N`, `archive/version`. The zip itself comes from the project's ZipWriter (64-byte
 * aligned storages, zip64 when there are more than 65,535 entries), the pickle from writePickle.
 *
 * Tensor bytes are real, not holes: `cp` skips holes (SEEK_DATA) while an apply would still copy
 * zeros, so a sparse source would make the apply-vs-cp comparison meaningless. They are written in
 * 4 MiB chunks of one reused buffer, which is as fast as the disk allows.
 */

/** The dtypes whose fill pattern is exact (so a test can check every element). */
export type SyntheticDType = 'float32' | 'bfloat16';

export interface SyntheticTensor {
  key: string;
  shape: number[];
  dtype?: SyntheticDType;
}

export interface GeneratedCheckpoint {
  path: string;
  bytes: number;
  tensors: number;
  /** wall time of the generation, for the benchmark's log */
  ms: number;
}

const CHUNK_BYTES = 4 << 20;
const ARCHIVE = 'archive';

const G = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const REBUILD_TENSOR_V2 = G('torch._utils', '_rebuild_tensor_v2');
const ORDERED_DICT = G('collections', 'OrderedDict');
const tuple = (items: PyValue[]): PyTuple => ({ kind: 'tuple', items });

/**
 * The value of element `i` of the tensor stored at index `k`: distinct per tensor (so a misplaced
 * storage shows), periodic in `i` with period 4 (so one chunk buffer serves a whole big tensor), and
 * exactly representable in bfloat16 (at most 8 significant bits).
 */
export function patternValue(k: number, i: number): number {
  return (k % 64) + (i % 4) / 4;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  return strides;
}

/** What `torch.save` pickles for one contiguous, non-grad tensor on its own storage. */
export function rebuildCall(t: SyntheticTensor, storageKey: string): PyObject {
  const dtype = t.dtype ?? 'float32';
  const pid: PyPersistent = {
    kind: 'persid',
    pid: tuple(['storage', G('torch', DTYPES[dtype].storage), storageKey, 'cpu', numel(t.shape)]),
  };
  const hooks: PyDict = { kind: 'dict', entries: [], cls: ORDERED_DICT };
  return {
    kind: 'object', via: 'reduce', callable: REBUILD_TENSOR_V2,
    args: [pid, 0, tuple(t.shape.slice()), tuple(contiguousStrides(t.shape)), false, hooks],
    kwargs: null, states: [], listItems: [], dictItems: [],
  };
}

/** The pickled state dict: an OrderedDict of the tensors in order, storage keys '0', '1', … */
export function stateDictPickle(tensors: readonly SyntheticTensor[]): Uint8Array {
  const root: PyDict = { kind: 'dict', entries: tensors.map((t, k) => [t.key, rebuildCall(t, String(k))]), cls: ORDERED_DICT };
  return writePickle(root);
}

/**
 * A chunk of tensor `k`'s bytes starting at an element index that is a multiple of 4, at most
 * `maxBytes` long (rounded down to whole periods). Because the pattern has period 4, the same chunk
 * is valid at every such position.
 */
function patternChunk(k: number, dtype: SyntheticDType, elements: number): Uint8Array {
  const f32 = new Float32Array(elements);
  for (let i = 0; i < elements; i++) f32[i] = patternValue(k, i);
  if (dtype === 'float32') return new Uint8Array(f32.buffer);
  // bfloat16 is the upper half of a float32; the pattern is exact in it, so truncation is exact
  const halves = new Uint16Array(f32.buffer);
  const out = new Uint16Array(elements);
  for (let i = 0; i < elements; i++) out[i] = halves[2 * i + 1]!;
  return new Uint8Array(out.buffer);
}

export function writeStorage(zip: ZipWriter, name: string, t: SyntheticTensor, k: number): void {
  const dtype = t.dtype ?? 'float32';
  const size = itemSize(dtype);
  const total = numel(t.shape) * size;
  const periodBytes = 4 * size;
  const chunkElements = Math.max(4, Math.min(Math.ceil(total / size / 4) * 4, Math.floor(CHUNK_BYTES / periodBytes) * 4));
  const chunk = patternChunk(k, dtype, chunkElements);
  zip.addEntry(name, total, (sink) => {
    for (let at = 0; at < total; at += chunk.length) sink(chunk.subarray(0, Math.min(chunk.length, total - at)));
  });
}

/**
 * A PyTorch Lightning checkpoint of `model` with Adam's state, as torch.save pickles it: `epoch`,
 * `global_step`, `pytorch-lightning_version`, `state_dict` (an OrderedDict of the model's tensors),
 * `optimizer_states` (one optimizer: `state` {param index: {step, exp_avg, exp_avg_sq}} with float32
 * moments of each parameter's shape and a 0-dim step, `param_groups` with lr, betas, eps, weight_decay,
 * amsgrad, maximize, foreach, capturable and the parameter indexes), `lr_schedulers` (empty) and
 * `callbacks` (a dict of scalars). Storage keys in first-use order, as torch.save numbers them.
 * Returns the pickle and every tensor in storage-key order (for writeStorage).
 */
export function lightningPickle(model: readonly SyntheticTensor[]): { pickle: Uint8Array; storages: SyntheticTensor[] } {
  const storages: SyntheticTensor[] = [];
  const tensor = (t: SyntheticTensor): PyObject => {
    storages.push(t);
    return rebuildCall(t, String(storages.length - 1));
  };
  const stateDict: PyDict = { kind: 'dict', entries: model.map((t) => [t.key, tensor(t)]), cls: ORDERED_DICT };
  const state: PyDict = {
    kind: 'dict',
    entries: model.map((t, i) => [i, { kind: 'dict', entries: [
      ['step', tensor({ key: `${t.key}.step`, shape: [] })],
      ['exp_avg', tensor({ key: `${t.key}.exp_avg`, shape: t.shape })],
      ['exp_avg_sq', tensor({ key: `${t.key}.exp_avg_sq`, shape: t.shape })],
    ] } as PyDict]),
  };
  const f = (value: number): PyValue => ({ kind: 'float', value });
  const group: PyDict = {
    kind: 'dict',
    entries: [
      ['lr', f(0.0003)], ['betas', tuple([f(0.9), f(0.999)])], ['eps', f(1e-8)], ['weight_decay', 0], ['amsgrad', false],
      ['maximize', false], ['foreach', null], ['capturable', false], ['params', { kind: 'list', items: model.map((_, i) => i) }],
    ],
  };
  const root: PyDict = {
    kind: 'dict',
    entries: [
      ['epoch', 3], ['global_step', 120000], ['pytorch-lightning_version', '1.9.5'],
      ['state_dict', stateDict],
      ['loops', { kind: 'dict', entries: [['fit_loop', { kind: 'dict', entries: [['epoch_progress', { kind: 'dict', entries: [['current', 3]] }]] }]] }],
      ['callbacks', { kind: 'dict', entries: [["ModelCheckpoint{'monitor': 'val_loss', 'mode': 'min'}", { kind: 'dict', entries: [['best_model_score', f(0.125)], ['best_model_path', 'epoch=3.ckpt']] }]] }],
      ['optimizer_states', { kind: 'list', items: [{ kind: 'dict', entries: [['state', state], ['param_groups', { kind: 'list', items: [group] }]] }] }],
      ['lr_schedulers', { kind: 'list', items: [] }],
    ],
  };
  return { pickle: writePickle(root), storages };
}

/** Writes a Lightning checkpoint of `model` (lightningPickle) at `path`; removes a partial file on failure. */
export function writeLightningTorchZip(path: string, model: readonly SyntheticTensor[]): GeneratedCheckpoint {
  const t0 = performance.now();
  const { pickle, storages } = lightningPickle(model);
  return writeTorchZip(path, pickle, storages, t0);
}

/** Writes `tensors` as a torch zip checkpoint at `path` (replacing it); removes a partial file on failure. */
export function writeSyntheticTorchZip(path: string, tensors: readonly SyntheticTensor[]): GeneratedCheckpoint {
  const t0 = performance.now();
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.key)) throw new Error(`synthetic checkpoint: duplicate key ${t.key}`);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`synthetic checkpoint: ${t.key} has shape [${t.shape.join(', ')}]`);
    seen.add(t.key);
  }
  return writeTorchZip(path, stateDictPickle(tensors), tensors, t0);
}

/** A torch zip of `pickle` and the storages it names ('0', '1', … in `storages` order); removes a partial file on failure. */
function writeTorchZip(path: string, pickle: Uint8Array, storages: readonly SyntheticTensor[], t0: number): GeneratedCheckpoint {
  const fd = openSync(path, 'w');
  try {
    const zip = new ZipWriter(fd);
    zip.addBytes(`${ARCHIVE}/data.pkl`, pickle);
    zip.addBytes(`${ARCHIVE}/byteorder`, new TextEncoder().encode('little'));
    storages.forEach((t, k) => writeStorage(zip, `${ARCHIVE}/data/${k}`, t, k));
    zip.addBytes(`${ARCHIVE}/version`, new TextEncoder().encode('3\n'));
    zip.finish();
  } catch (e) {
    closeSync(fd);
    unlinkSync(path);
    throw e;
  }
  closeSync(fd);
  return { path, bytes: statSync(path).size, tensors: storages.length, ms: performance.now() - t0 };
}
