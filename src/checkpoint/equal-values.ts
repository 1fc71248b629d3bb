/**
 * Tensors stored apart whose bytes are equal (review 24 F4). A model that ties two keys keeps one tensor; a
 * checkpoint that holds them as two tensors loses one's trained values in a strict load, unless the two hold the
 * same values, as any per-tensor conversion of a tied model leaves them (`{k: v.half()}`, `.clone()`, `.to()`).
 * Only the file can tell: this reads the few tensors named, never the whole state dict.
 */
import { sameBytes } from '../formats/byte-keys.js';
import { elementBytes } from '../formats/dtype.js';
import { numel, type TensorInfo } from '../formats/tensor.js';
import { OpenFiles, readTensorBytes } from '../formats/storage-copy.js';
import type { Checkpoint, KeyPath } from './types.js';
import { candidateAt, candidateTensors } from './walk.js';

/** Tensors larger than this are not read for a comparison (their equality stays unknown, said as before). */
const MAX_COMPARED_BYTES = 1 << 30;

/**
 * Of each set of keys of the state dict at `selected`, the groups (two or more keys) whose tensors have one dtype,
 * one shape and equal bytes. A key that is not there, is quantised, too large or unreadable joins no group: its
 * values are unknown, and a group is said only of what was compared.
 */
export function equalValueGroups(ckpt: Checkpoint, selected: KeyPath | null, sets: readonly (readonly string[])[]): string[][] {
  return valueGroups(ckpt, selected, sets).filter((g) => g.length > 1);
}

/**
 * As equalValueGroups, with a group of one for each key read whose bytes equal no other's: every key in a group
 * was read, so two keys in two groups hold different values (review 25 F7: a tie written from them loses one), and
 * a key in none is unknown.
 */
export function valueGroups(ckpt: Checkpoint, selected: KeyPath | null, sets: readonly (readonly string[])[]): string[][] {
  const cand = ckpt.root === null || selected === null ? undefined : candidateAt(ckpt, selected);
  if (!cand || ckpt.root === null) return [];
  const wanted = new Set(sets.flat());
  const infos = new Map<string, TensorInfo>();
  for (const [key, info] of candidateTensors(ckpt.root, cand)) if (wanted.has(key)) infos.set(key, info);
  const files = new OpenFiles();
  const read = new Map<string, Uint8Array | null>();
  const bytesOf = (key: string): Uint8Array | null => {
    if (!read.has(key)) {
      const info = infos.get(key);
      let bytes: Uint8Array | null = null;
      if (info && info.quantization === undefined && info.storage.key !== '' && elementBytes(info.dtype, numel(info.shape)) <= MAX_COMPARED_BYTES) {
        try {
          bytes = readTensorBytes(info, files);
        } catch {
          bytes = null; // a storage the file does not hold readably: unknown, never "equal"
        }
      }
      read.set(key, bytes);
    }
    return read.get(key)!;
  };
  const same = (a: string, b: string): boolean => {
    const x = infos.get(a)!;
    const y = infos.get(b)!;
    if (x.dtype !== y.dtype || x.shape.join(',') !== y.shape.join(',')) return false;
    const p = bytesOf(a);
    const q = p === null ? null : bytesOf(b);
    return p !== null && q !== null && p.length === q.length && sameBytes(p, 0, q, 0, p.length);
  };
  const out: string[][] = [];
  try {
    for (const set of sets) {
      const groups: string[][] = [];
      for (const key of set.filter((k) => infos.has(k) && bytesOf(k) !== null)) {
        const g = groups.find((h) => same(h[0]!, key));
        if (g) g.push(key);
        else groups.push([key]);
      }
      out.push(...groups);
    }
  } finally {
    files.close();
  }
  return out;
}

/**
 * Whether the state dicts at `a` and `b` hold the same weights: the same keys, each with one dtype and shape and
 * equal bytes (one storage view needs no reading). Stops at the first difference, so an EMA copy beside the raw
 * weights costs one tensor's read; false where anything cannot be read or compared (never "same" unread).
 */
export function sameStateDicts(ckpt: Checkpoint, a: KeyPath, b: KeyPath): boolean {
  if (ckpt.root === null) return false;
  const ca = candidateAt(ckpt, a);
  const cb = candidateAt(ckpt, b);
  if (!ca || !cb) return false;
  const left = new Map(candidateTensors(ckpt.root, ca));
  const right = new Map(candidateTensors(ckpt.root, cb));
  if (left.size === 0 || left.size !== right.size) return false;
  const files = new OpenFiles();
  try {
    for (const [key, x] of left) {
      const y = right.get(key);
      if (!y || x.dtype !== y.dtype || x.shape.join(',') !== y.shape.join(',')) return false;
      if (x.storage.key !== '' && x.storage.key === y.storage.key && x.storageOffset === y.storageOffset && x.stride.join(',') === y.stride.join(',')) continue;
      if (x.quantization !== undefined || y.quantization !== undefined || elementBytes(x.dtype, numel(x.shape)) > MAX_COMPARED_BYTES) return false;
      const p = readTensorBytes(x, files);
      const q = readTensorBytes(y, files);
      if (p.length !== q.length || !sameBytes(p, 0, q, 0, p.length)) return false;
    }
    return true;
  } catch {
    return false; // a storage the file does not hold readably: not shown to be the same
  } finally {
    files.close();
  }
}
