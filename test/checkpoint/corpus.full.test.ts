import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, scanSafety } from '../../src/checkpoint/open.js';
import type { Checkpoint } from '../../src/checkpoint/types.js';
import { FormatError } from '../../src/formats/errors.js';
import { corpusAvailable, corpusDir, corpusExpectations } from '../helpers/corpus.js';

/**
 * All 932 real files of the shared corpus: nothing but FormatError escapes, every malicious file is
 * reported dangerous, and tensor counts match the manifest. Deviations are listed here with a reason;
 * anything else fails.
 */

/** Malicious files outside what a pickle scanner can judge: asserted to be refused as non-checkpoints. */
const NOT_PICKLE_THREATS: Record<string, string> = {
  'modelaudit/history/assets/malicious_keras.h5': 'Keras HDF5 Lambda layer (eval of Python source): no pickle involved',
  'modelaudit/samples/keras/malicious_lambda.h5': 'Keras HDF5 Lambda layer (eval of Python source): no pickle involved',
  'picklescan/data/malicious1.7z': '7z archive: neither torch.load nor this tool opens 7z; the pickle inside is never reached',
};

/** Files whose manifest count differs from ours by design. */
const COUNT_EXCEPTIONS: Record<string, string> = {
  'JR-Wesley-MaskRecognition/model.pt': 'gzip-wrapped torch archive: refused with "decompress it first", as torch.load refuses it',
};

/** Object-dtype numpy arrays hold pickled Python objects; they have no element type, so they are values, not tensors. */
function objectArrayMembers(c: Checkpoint): number {
  if (c.format === 'npy') return c.root !== null && (typeof c.root !== 'object' || c.root.kind !== 'tensor') ? 1 : 0;
  if (c.format === 'npz' && typeof c.root === 'object' && c.root !== null && c.root.kind === 'dict') {
    return c.root.entries.filter(([, v]) => typeof v !== 'object' || v === null || v.kind !== 'tensor').length;
  }
  return 0;
}

/** The manifest counts torch tensors in pickles; numpy arrays found inside pickles are listed by us as `ndarray` tensors too. */
function torchTensorCount(c: Checkpoint): number {
  if (c.format === 'npy' || c.format === 'npz' || c.format === 'safetensors') return c.tensors.length;
  return c.tensors.filter((t) => t.info.kind !== 'ndarray').length;
}

function attempt<T>(f: () => T): { value: T } | { error: FormatError } {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof FormatError) return { error: e };
    throw e;
  }
}

describe.skipIf(!corpusAvailable)('real-world corpus', () => {
  const expected = corpusAvailable ? corpusExpectations() : {};

  it('holds the 932 files of the manifest', () => {
    expect(Object.keys(expected).length).toBe(932);
  });

  it('opens every file, raising nothing but FormatError; flags every malicious file; counts tensors as the manifest', () => {
    const problems: string[] = [];
    for (const [rel, e] of Object.entries(expected)) {
      const path = join(corpusDir, rel);
      const scan = attempt(() => scanSafety(path));
      const open = attempt(() => openCheckpoint(path));

      if (NOT_PICKLE_THREATS[rel]) {
        if (!('error' in open) || !('error' in scan)) problems.push(`${rel}: should be refused as not a checkpoint (${NOT_PICKLE_THREATS[rel]})`);
        continue;
      }
      if (e.malicious) {
        const verdict = 'value' in scan ? scan.value.verdict : `FormatError: ${scan.error.message}`;
        if (verdict !== 'dangerous') problems.push(`${rel}: malicious but verdict ${verdict}`);
        if ('value' in open && open.value.safety.verdict !== 'dangerous') problems.push(`${rel}: openCheckpoint's report says ${open.value.safety.verdict}`);
      } else if ('value' in scan && scan.value.verdict === 'dangerous') {
        problems.push(`${rel}: benign but reported dangerous (${scan.value.globals.filter((g) => g.verdict === 'dangerous').map((g) => `${g.module}.${g.name}`).join(', ')})`);
      }
      if (e.tensor_count !== null && !COUNT_EXCEPTIONS[rel]) {
        if ('error' in open) problems.push(`${rel}: expected ${e.tensor_count} tensors, got FormatError: ${open.error.message}`);
        else {
          const got = torchTensorCount(open.value) + objectArrayMembers(open.value);
          if (got !== e.tensor_count) problems.push(`${rel}: expected ${e.tensor_count} tensors, got ${got}`);
        }
      }
      if (COUNT_EXCEPTIONS[rel] && !('error' in open)) problems.push(`${rel}: listed as an exception (${COUNT_EXCEPTIONS[rel]}) but now opens`);
    }
    expect(problems).toEqual([]);
  });

  it('reads the edge cases the manifest calls out', () => {
    const c = (rel: string): Checkpoint => openCheckpoint(join(corpusDir, rel));
    // 2017 legacy: classes as ('module', …) persistent ids, _rebuild_tensor + Parameter via REDUCE
    const old = c('amiltonwong-pytorch_practice/net.pkl');
    expect(old.format).toBe('legacy-torch');
    expect(old.tensors.map((t) => t.info.kind)).toEqual(['parameter', 'parameter', 'parameter', 'parameter']);
    expect(old.stateDicts.length).toBe(1);
    // magic-number bypass: reported, not trusted
    const bypass = c('picklescan/data/pytorch_magic_bypass.pt');
    expect(bypass.format).toBe('pickle');
    expect(bypass.detail.join('\n')).toMatch(/look-alike/);
    expect(bypass.safety.verdict).toBe('dangerous');
    // old TorchScript layouts list their parameters by name
    expect(c('cuppersd-Cplusplus-Model-Pytorch/model_trace.pt').stateDicts[0]!.keys).toContain('conv1.weight');
    const preview = c('tobiascz-MNIST_Pytorch_python_and_capi/model_trace.pt');
    expect(preview.format).toBe('torchscript');
    expect(preview.stateDicts[0]!.keys).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect(preview.tensors[0]!.info.shape).toEqual([10, 1, 5, 5]);
    // quantized: per-channel scales stay nested in their qtensor
    const q = c('suPisanu-fp32toint8QuantizationCNN/model_quantized_state_dict.pth');
    expect(q.tensors.some((t) => t.info.quantization?.scheme === 'per_channel_affine')).toBe(true);
    // whole nn.Module pickles get a state-dict view through the module tree
    const yolo = c('level0rd-PPE-Detector/yolov5n.pt');
    expect(yolo.stateDicts.some((s) => s.keys.includes('model.0.conv.weight'))).toBe(true);
    // nested legacy streams: torch storages pickled by plain pickle
    expect(c('trailofbits-sleepy-pickle/bleach_flu.pkl').tensors.length).toBe(2);
  });
});
