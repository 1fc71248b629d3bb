import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asSwap, transposeStored } from '../../src/apply/transpose-stored.js';
import type { DType } from '../../src/formats/dtype.js';
import { OpenFiles } from '../../src/formats/storage-copy.js';
import { contiguousStrides, numel, type TensorInfo } from '../../src/formats/tensor.js';

/**
 * Band-by-band transposes of stored tensors, element for element against a naive permutation of the
 * same bytes: tensors of several bands (more than the 4 MB a band holds) with a short last band, of
 * every element width, at an offset in their file and in their storage.
 */

const dir = mkdtempSync(join(tmpdir(), 'transpose-stored-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes no transpose leaves in place by accident (a pseudo-random sequence). */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Output element by element: out[idx] = src[Σ idx_i · stride(dims_i)]. */
function naivePermute(src: Uint8Array, shape: number[], itemsize: number, dims: number[]): Uint8Array {
  const strides = contiguousStrides(shape);
  const outShape = dims.map((d) => shape[d]!);
  const out = new Uint8Array(src.length);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < numel(outShape); k++) {
    let rest = k;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d] = rest % outShape[d]!;
      rest = Math.floor(rest / outShape[d]!);
    }
    let at = 0;
    for (let d = 0; d < outShape.length; d++) at += idx[d]! * strides[dims[d]!]!;
    for (let b = 0; b < itemsize; b++) out[k * itemsize + b] = src[at * itemsize + b]!;
  }
  return out;
}

let files = 0;
/** The tensor stored `lead` bytes into a file, `offset` elements into its storage. */
function stored(bytes: Uint8Array, shape: number[], dtype: DType, itemsize: number, offset = 0, lead = 24): TensorInfo {
  const file = join(dir, `t${files++}.bin`);
  const pad = new Uint8Array(offset * itemsize).fill(0xee);
  writeFileSync(file, Buffer.concat([Buffer.alloc(lead, 0xdd), pad, bytes]));
  return {
    kind: 'tensor', dtype, shape, stride: contiguousStrides(shape), storageOffset: offset, requiresGrad: false,
    storage: { key: '0', dtype, numel: offset + numel(shape), device: 'cpu', bytes: { kind: 'raw', file, offset: lead, length: pad.length + bytes.length } },
  };
}

describe('asSwap: which permutations are one 2-D swap', () => {
  it('merges the dims that stay neighbours and drops dims of size 1', () => {
    expect(asSwap([6, 4], [1, 0])).toEqual({ rows: 4, cols: 6 });
    expect(asSwap([2, 3, 4], [2, 0, 1])).toEqual({ rows: 4, cols: 6 });
    expect(asSwap([2, 3, 4], [1, 2, 0])).toEqual({ rows: 12, cols: 2 });
    expect(asSwap([5, 1, 3], [2, 1, 0])).toEqual({ rows: 3, cols: 5 });
    expect(asSwap([2, 3, 4], [0, 2, 1])).toBeNull(); // a batch of transposes
    expect(asSwap([2, 3, 4], [1, 0, 2])).toBeNull();
    expect(asSwap([6, 4], [0, 1])).toBeNull(); // no swap at all
  });
});

describe('transposeStored', () => {
  const files = new OpenFiles();
  afterAll(() => files.close());
  const reused = new Map<number, Uint8Array>();
  const band = (n: number): Uint8Array => {
    const b = new Uint8Array(n);
    reused.set(n, b);
    return b;
  };

  it('transposes tensors of several bands, every element width, as the element-by-element permutation does', () => {
    const cases: [number[], number[], DType, number][] = [
      [[1100, 1003], [1, 0], 'float32', 4], // 4.4 MB: a band of 1045 rows, then 55
      [[301, 257], [1, 0], 'uint8', 1], // one band, sizes no tile divides
      [[1050, 2003], [1, 0], 'bfloat16', 2],
      [[700, 1001], [1, 0], 'float64', 8],
      [[301, 1100], [1, 0], 'complex128', 16],
      [[7, 5, 130, 3], [3, 0, 1, 2], 'float32', 4], // Conv-like [o, i, h, w] → [w, o, i, h]
      [[130, 70], [1, 0], 'float16', 2], // one band
    ];
    let seed = 1;
    for (const [shape, dims, dtype, itemsize] of cases) {
      const bytes = noise(numel(shape) * itemsize, seed++);
      const info = stored(bytes, shape, dtype, itemsize, 3);
      const out = new Uint8Array(bytes.length);
      expect(transposeStored(info, dims, files, out, band), `${shape} ${dtype}`).toBe(true);
      expect(Buffer.from(out).equals(Buffer.from(naivePermute(bytes, shape, itemsize, dims))), `${shape} ${dtype}`).toBe(true);
    }
    // a band holds about 4 MB, never the whole of a larger tensor
    expect(Math.max(...reused.keys())).toBeLessThanOrEqual(4 << 20);
  });

  it('leaves what it cannot read by bands to the caller, having read nothing', () => {
    const bytes = noise(6 * 4 * 4, 9);
    const plain = stored(bytes, [6, 4], 'float32', 4);
    const out = new Uint8Array(bytes.length);
    // a batch of transposes, a strided view, a view past its storage, an output of another size
    expect(transposeStored(stored(noise(2 * 3 * 4 * 4, 3), [2, 3, 4], 'float32', 4), [0, 2, 1], files, new Uint8Array(96), band)).toBe(false);
    expect(transposeStored({ ...plain, shape: [4, 6], stride: [1, 4] }, [1, 0], files, out, band)).toBe(false);
    expect(transposeStored({ ...plain, storageOffset: 1 }, [1, 0], files, out, band)).toBe(false);
    expect(transposeStored(plain, [1, 0], files, new Uint8Array(95), band)).toBe(false);
    expect(out.every((b) => b === 0)).toBe(true);
  });
});
