import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import type { Checkpoint, TensorRecord } from '../../src/checkpoint/types.js';
import { valueAt } from '../../src/checkpoint/walk.js';
import type { PyValue } from '../../src/formats/pickle/values.js';
import { FIXTURES, readTruths, type TruthTensor } from '../helpers/truth.js';

/**
 * Every fixture against the truth real PyTorch 1.13 recorded for it (fixtures/truth.py): the same
 * tensors, reached by the same paths in the same order, with the same dtype, shape, stride, storage
 * offset, storage key and element count, and the same state dicts.
 */
const cases = readTruths();

function metadataOf(ck: Checkpoint, path: (string | number)[]): string[] | null {
  const d = valueAt(ck.root, path);
  if (typeof d !== 'object' || d === null || d.kind !== 'dict' || d.attrs === undefined) return null;
  const attrs = d.attrs as PyValue;
  if (typeof attrs !== 'object' || attrs === null || attrs.kind !== 'dict') return null;
  const meta = attrs.entries.find(([k]) => k === '_metadata')?.[1];
  if (typeof meta !== 'object' || meta === null || meta.kind !== 'dict') return null;
  return meta.entries.map(([k]) => String(k));
}

describe('fixtures against PyTorch truth', () => {
  it('has truth files to check', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const { name, truth } of cases) {
    it(name, () => {
      const ck = openCheckpoint(join(FIXTURES, truth.file));
      expect(ck.error).toBeNull();
      expect(ck.format).toBe(truth.format);
      expect(ck.tensors.length).toBe(truth.tensor_count);
      truth.tensors.forEach((t, i) => {
        const got: TensorRecord = ck.tensors[i]!;
        const where = `${name} tensor #${i} ${JSON.stringify(t.path)}`;
        expect(got.path, where).toEqual(t.path);
        expect(got.aliases, where).toEqual(t.aliases);
        expect(got.info.dtype, where).toBe(t.dtype);
        expect(got.info.shape, where).toEqual(t.shape);
        expect(got.info.stride, where).toEqual(t.stride);
        expect(got.info.storageOffset, where).toBe(t.storage_offset);
        if (truth.format !== 'torchscript') {
          expect(got.info.requiresGrad, where).toBe(t.requires_grad);
          expect(got.info.kind === 'parameter', where).toBe(t.is_parameter);
        }
        if (t.storage_key !== null) expect(got.info.storage.key, where).toBe(t.storage_key);
        const storage = truth.storages[t.storage]!;
        expect(got.info.storage.numel, where).toBe(storage.numel);
        const at = storage.location?.data_offset;
        if (at !== undefined && got.info.storage.bytes?.kind === 'raw') expect(got.info.storage.bytes.offset, where).toBe(at);
        if (t.quantization) {
          expect(got.info.quantization?.scheme, where).toBe(t.quantization.scheme);
          if (t.quantization.scale !== undefined) expect(got.info.quantization?.scale, where).toBeCloseTo(t.quantization.scale, 12);
          if (t.quantization.zero_point !== undefined) expect(got.info.quantization?.zeroPoint, where).toBe(t.quantization.zero_point);
          if (t.quantization.axis !== undefined) expect(got.info.quantization?.axis, where).toBe(t.quantization.axis);
        }
      });
      for (const sd of truth.state_dicts) {
        const cand = ck.stateDicts.find((c) => JSON.stringify(c.path) === JSON.stringify(sd.path));
        expect(cand, `${name}: state dict at ${JSON.stringify(sd.path)}; found ${JSON.stringify(ck.stateDicts.map((c) => c.path))}`).toBeDefined();
        expect(cand!.keys).toEqual(sd.keys);
        expect(cand!.nonTensor).toEqual(sd.non_tensor_keys);
        if (sd.metadata && truth.format !== 'torchscript') {
          // JSON.parse puts a JSON object's integer-like keys ('0', '4': a PipelineModule's layers) first, whatever
          // their order in the file, so with such keys the order cannot be read back and only the set is compared
          const want = Object.keys(sd.metadata);
          const got = metadataOf(ck, sd.path);
          if (want.some((k) => /^(?:0|[1-9]\d*)$/.test(k))) expect([...(got ?? [])].sort()).toEqual([...want].sort());
          else expect(got).toEqual(want);
        }
      }
      // the truth names the state dicts its fixture was built with; our rule may also find small ones
      // (e.g. `{'x': tensor}` inside a list), so only the named ones are required
    });
  }
});
