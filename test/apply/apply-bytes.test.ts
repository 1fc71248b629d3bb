import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputTensor, Recipe } from '../../src/analysis/op-keys.js';
import { Rebuilder } from '../../src/apply/apply-bytes.js';
import type { PyTensor } from '../../src/formats/pickle/values.js';
import { OpenFiles } from '../../src/formats/storage-copy.js';
import { contiguousStrides, numel } from '../../src/formats/tensor.js';

/**
 * Splits read each source once, whatever order the writer asks for the parts in (torch.save writes
 * storages in string order of their keys, so parts of one fused tensor are not met one after another).
 * Sources are `computed` locations that count how often their bytes are read.
 */

interface Counted {
  tensor: PyTensor;
  reads: { whole: number };
  values: Float32Array;
}

function source(key: string, shape: number[], seed: number): Counted {
  const values = Float32Array.from({ length: numel(shape) }, (_, i) => seed * 1000 + i);
  const bytes = new Uint8Array(values.buffer);
  const reads = { whole: 0 };
  const tensor: PyTensor = {
    kind: 'tensor',
    original: null,
    info: {
      kind: 'tensor', dtype: 'float32', shape, stride: contiguousStrides(shape), storageOffset: 0, requiresGrad: false,
      storage: {
        key, dtype: 'float32', numel: values.length, device: 'cpu',
        bytes: { kind: 'computed', file: key, length: bytes.length, compute: () => { reads.whole++; return bytes; } },
      },
    },
  };
  return { tensor, reads, values };
}

/** The parts of `of` split along `dim` into pieces of `size`, as op-keys makes them (one `of` recipe shared by all parts). */
function parts(key: string, of: Recipe, dim: number, sizes: number[]): OutputTensor[] {
  let start = 0;
  return sizes.map((size, i) => {
    const out: OutputTensor = { key: `${key}.${i}`, recipe: { kind: 'split', of, dim, start, size, squeeze: false }, shape: null, sources: [key] };
    start += size;
    return out;
  });
}

/** What the part is, element by element (row-major), from the source's values. */
function expected(c: Counted, dim: number, start: number, size: number): Float32Array {
  const shape = c.tensor.info.shape;
  const strides = contiguousStrides(shape);
  const partShape = shape.slice();
  partShape[dim] = size;
  const out = new Float32Array(numel(partShape));
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let rest = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % partShape[d]!;
      rest = Math.floor(rest / partShape[d]!);
    }
    let at = 0;
    for (let d = 0; d < shape.length; d++) at += (idx[d]! + (d === dim ? start : 0)) * strides[d]!;
    out[k] = c.values[at]!;
  }
  return out;
}

const read = (t: PyTensor): Float32Array => {
  const loc = t.info.storage.bytes;
  if (loc?.kind !== 'computed') throw new Error('not computed');
  return new Float32Array(loc.compute().slice().buffer);
};

describe('Rebuilder splits', () => {
  it('reads a source split along other dims once for all its parts, parts met interleaved with another split', () => {
    const a = source('a', [4, 6], 1);
    const b = source('b', [2, 3, 4], 2);
    const pa = parts('a', { kind: 'source', key: 'a' }, 1, [2, 2, 2]);
    const pb = parts('b', { kind: 'source', key: 'b' }, 2, [1, 3]);
    const r = new Rebuilder(new Map([['a', a.tensor], ['b', b.tensor]]), new OpenFiles());
    const built = new Map([...pa, ...pb].map((o) => [o.key, r.build(o)]));
    // the order string-sorted storage keys give: parts of a and b alternate
    for (const [key, src, dim, start, size] of [['a.0', a, 1, 0, 2], ['b.0', b, 2, 0, 1], ['a.1', a, 1, 2, 2], ['b.1', b, 2, 1, 3], ['a.2', a, 1, 4, 2]] as const) {
      expect(Array.from(read(built.get(key)!)), key).toEqual(Array.from(expected(src, dim, start, size)));
    }
    expect(a.reads.whole).toBe(1);
    expect(b.reads.whole).toBe(1);
    expect(r.splitSourceReads).toBe(2);
  });

  it('reads a part of a dim-0 split of a stored tensor as a view of the source: its bytes alone, no cache', () => {
    const a = source('a', [6, 4], 3);
    // stored in a file, 16 bytes in: a part's view reads its own range of it
    const dir = mkdtempSync(join(tmpdir(), 'apply-bytes-'));
    const file = join(dir, 'a.bin');
    writeFileSync(file, Buffer.concat([Buffer.alloc(16, 0xee), Buffer.from(a.values.buffer)]));
    a.tensor.info.storage.bytes = { kind: 'raw', file, offset: 16, length: a.values.byteLength };
    const pa = parts('a', { kind: 'source', key: 'a' }, 0, [2, 3, 1]);
    const r = new Rebuilder(new Map([['a', a.tensor]]), new OpenFiles());
    const built = pa.map((o) => r.build(o));
    // the last part first, as string order may put it
    expect(Array.from(read(built[2]!))).toEqual(Array.from(expected(a, 0, 5, 1)));
    expect(Array.from(read(built[0]!))).toEqual(Array.from(expected(a, 0, 0, 2)));
    expect(Array.from(read(built[1]!))).toEqual(Array.from(expected(a, 0, 2, 3)));
    expect(r.splitSourceReads).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dim-0 split of a source whose view runs past its storage still fails as reading it whole does', () => {
    const a = source('a', [6, 4], 7);
    const dir = mkdtempSync(join(tmpdir(), 'apply-bytes-'));
    const file = join(dir, 'a.bin');
    writeFileSync(file, Buffer.from(a.values.buffer));
    // the storage says it holds 8 elements (the file has more): the source's 24 do not fit
    a.tensor.info.storage.bytes = { kind: 'raw', file, offset: 0, length: 8 * 4 };
    const r = new Rebuilder(new Map([['a', a.tensor]]), new OpenFiles());
    const built = parts('a', { kind: 'source', key: 'a' }, 0, [1, 5]).map((o) => r.build(o));
    // the first part lies inside the 8 stored elements, yet the source as a whole does not fit them
    expect(() => read(built[0]!)).toThrow(/needs storage elements 0\.\.24 but storage a holds 8/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a source of a part still to come, let go when the cache is over its budget, is read again (bounded memory)', () => {
    // three sources of the same size split along dim 1, their first parts all met before any second part:
    // the cache holds two of the largest, so one of them is read twice and the bytes stay right
    const srcs = [source('a', [3, 4], 4), source('b', [3, 4], 5), source('c', [3, 4], 6)];
    const r = new Rebuilder(new Map(srcs.map((s) => [s.tensor.info.storage.key, s.tensor])), new OpenFiles());
    const ps = srcs.map((s) => parts(s.tensor.info.storage.key, { kind: 'source', key: s.tensor.info.storage.key }, 1, [2, 2]).map((o) => r.build(o)));
    for (const half of [0, 1]) {
      srcs.forEach((s, i) => expect(Array.from(read(ps[i]![half]!))).toEqual(Array.from(expected(s, 1, half * 2, 2))));
    }
    expect(r.splitSourceReads).toBe(4);
    expect(srcs.map((s) => s.reads.whole)).toEqual([2, 1, 1]);
  });
});
