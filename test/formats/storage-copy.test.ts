import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DType } from '../../src/formats/dtype.js';
import { FormatError } from '../../src/formats/errors.js';
import {
  concatBytes, copyRange, gatherStrided, OpenFiles, readRange, readTensorBytes, splitBytes, transposeBytes,
} from '../../src/formats/storage-copy.js';
import { contiguousStrides, numel, type ByteLocation, type TensorInfo } from '../../src/formats/tensor.js';
import { seededBytes } from '../helpers/bytes.js';
import { describeWithTorch, runPython, tempDir } from '../helpers/torch.js';

const pattern = (n: number, seed = 1): Uint8Array => seededBytes(n, seed);

function collect(loc: ByteLocation, opts: Parameters<typeof copyRange>[2] = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  copyRange(loc, (c) => parts.push(c.slice()), opts);
  return new Uint8Array(Buffer.concat(parts));
}

/** The obvious element-by-element definition the fast gather must agree with. */
function naiveView(storage: Uint8Array, itemsize: number, shape: number[], stride: number[], offset: number): Uint8Array {
  const out = new Uint8Array(numel(shape) * itemsize);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < numel(shape); o++) {
    let e = offset;
    for (let d = 0; d < shape.length; d++) e += idx[d]! * stride[d]!;
    out.set(storage.subarray(e * itemsize, (e + 1) * itemsize), o * itemsize);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

const DTYPE_OF_SIZE: Record<number, DType> = { 1: 'bool', 2: 'bfloat16', 4: 'float32', 8: 'complex64', 16: 'complex128' };

function tensor(loc: ByteLocation, itemsize: number, shape: number[], stride: number[], storageOffset: number): TensorInfo {
  const dtype = DTYPE_OF_SIZE[itemsize]!;
  return { kind: 'tensor', dtype, shape, stride, storageOffset, requiresGrad: false, storage: { key: '0', dtype, numel: null, device: 'cpu', bytes: loc } };
}

describe('copyRange', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  const content = pattern(100_000, 3);
  beforeAll(() => {
    tmp = tempDir('storage-copy');
    file = join(tmp.dir, 'src.bin');
    writeFileSync(file, content);
  });
  afterAll(() => tmp.cleanup());

  it('streams a raw range in chunks no bigger than the buffer', () => {
    const loc: ByteLocation = { kind: 'raw', file, offset: 1000, length: 50_000 };
    const sizes: number[] = [];
    copyRange(loc, (c) => sizes.push(c.length), { bufSize: 4096 });
    expect(Math.max(...sizes)).toBe(4096);
    expect(collect(loc, { start: 10, length: 20_000, bufSize: 999 })).toEqual(content.subarray(1010, 21_010));
  });

  it('streams a deflated entry, whole or a slice of it', () => {
    const plain = pattern(300_000, 5).map((x) => x & 0x0f); // compressible
    const packed = deflateSync(plain);
    const dfile = join(tmp.dir, 'deflated.bin');
    writeFileSync(dfile, Buffer.concat([Buffer.alloc(77), packed, Buffer.alloc(5)]));
    const loc: ByteLocation = { kind: 'deflate', file: dfile, offset: 77, compressedLength: packed.length, length: plain.length, entry: 'x/data/0' };
    expect(collect(loc)).toEqual(plain);
    expect(collect(loc, { start: 123_456, length: 100 })).toEqual(plain.subarray(123_456, 123_556));
    expect(readRange(loc, 299_990, 10)).toEqual(plain.subarray(299_990));
  });

  it('reports deflated entries that lie about their size, or are corrupt', () => {
    const plain = new Uint8Array(10_000).fill(7);
    const packed = deflateSync(plain);
    const dfile = join(tmp.dir, 'lying.bin');
    writeFileSync(dfile, packed);
    const base = { kind: 'deflate' as const, file: dfile, offset: 0, compressedLength: packed.length, entry: 'e' };
    expect(() => collect({ ...base, length: 20_000 })).toThrow(/fewer than/);
    expect(() => collect({ ...base, length: 5_000 })).toThrow(/more than its declared/);
    expect(() => readRange({ ...base, length: 2 ** 40 }, 0, 2 ** 40)).toThrow(/impossible for deflate/);
    const corrupt = join(tmp.dir, 'corrupt.bin');
    writeFileSync(corrupt, Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(() => collect({ ...base, file: corrupt, compressedLength: 4, length: 10 })).toThrow(FormatError);
  });

  it('raises FormatError for ranges past the end of a storage or of the file, before allocating', () => {
    expect(() => collect({ kind: 'raw', file, offset: 0, length: 10 }, { start: 5, length: 6 })).toThrow(/outside a storage/);
    expect(() => collect({ kind: 'raw', file, offset: 99_990, length: 20 })).toThrow(/truncated/);
    expect(() => readRange({ kind: 'raw', file, offset: 0, length: 2 ** 45 }, 0, 2 ** 45)).toThrow(/truncated/);
    expect(() => collect({ kind: 'raw', file: join(tmp.dir, 'missing'), offset: 0, length: 1 })).toThrow(FormatError);
  });

  it('copies memory storages and reuses open files', () => {
    const bytes = pattern(10);
    expect(collect({ kind: 'memory', bytes }, { start: 2, length: 5 })).toEqual(bytes.subarray(2, 7));
    const files = new OpenFiles();
    expect(readRange({ kind: 'raw', file, offset: 0, length: 100 }, 0, 4, files)).toEqual(content.subarray(0, 4));
    expect(readRange({ kind: 'raw', file, offset: 0, length: 100 }, 4, 4, files)).toEqual(content.subarray(4, 8));
    files.close();
  });
});

describe('readTensorBytes', () => {
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  const storage = pattern(64 * 16, 11);
  beforeAll(() => {
    tmp = tempDir('tensor-bytes');
    file = join(tmp.dir, 'storage.bin');
    writeFileSync(file, Buffer.concat([Buffer.alloc(3), storage]));
  });
  afterAll(() => tmp.cleanup());

  const views: { shape: number[]; stride: number[]; offset: number }[] = [
    { shape: [4, 5], stride: [5, 1], offset: 0 },
    { shape: [4, 5], stride: [1, 4], offset: 3 }, // a transpose
    { shape: [3, 2, 4], stride: [1, 12, 3], offset: 2 }, // a permutation
    { shape: [2, 3], stride: [10, 2], offset: 7 }, // every other element
    { shape: [5, 1, 2], stride: [2, 99, 1], offset: 1 }, // a size-1 dim with a meaningless stride
    { shape: [3, 4], stride: [0, 1], offset: 0 }, // an expanded (broadcast) view
    { shape: [], stride: [], offset: 9 }, // a scalar
    { shape: [0, 3], stride: [3, 1], offset: 0 }, // empty
  ];

  for (const itemsize of [1, 2, 4, 8, 16]) {
    it(`gathers strided views of ${itemsize}-byte elements exactly`, () => {
      // raw at an odd file offset, and memory at an odd byteOffset: word copies must not assume alignment
      const raw: ByteLocation = { kind: 'raw', file, offset: 3, length: storage.length };
      const shifted = new Uint8Array(storage.length + 1);
      shifted.set(storage, 1);
      const mem: ByteLocation = { kind: 'memory', bytes: shifted.subarray(1) };
      for (const v of views) {
        const want = naiveView(storage, itemsize, v.shape, v.stride, v.offset);
        expect(readTensorBytes(tensor(raw, itemsize, v.shape, v.stride, v.offset)), JSON.stringify(v)).toEqual(want);
        expect(readTensorBytes(tensor(mem, itemsize, v.shape, v.stride, v.offset)), JSON.stringify(v)).toEqual(want);
      }
    });
  }

  it('refuses views that reach past their storage, or are malformed', () => {
    const loc: ByteLocation = { kind: 'raw', file, offset: 3, length: 40 };
    expect(() => readTensorBytes(tensor(loc, 4, [3, 4], [4, 1], 0))).toThrow(/holds 10/);
    expect(() => readTensorBytes(tensor(loc, 4, [2], [1, 1], 0))).toThrow(FormatError);
    expect(() => readTensorBytes(tensor(loc, 4, [2], [-1], 1))).toThrow(FormatError);
  });
});

describe('transposeBytes / splitBytes / concatBytes', () => {
  it('permutes any number of dims', () => {
    const shape = [2, 3, 4];
    for (const itemsize of [1, 2, 4, 8, 16]) {
      const src = pattern(numel(shape) * itemsize, itemsize);
      const strides = contiguousStrides(shape);
      for (const dims of [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]]) {
        const want = naiveView(src, itemsize, dims.map((d) => shape[d]!), dims.map((d) => strides[d]!), 0);
        expect(transposeBytes(src, shape, itemsize, dims)).toEqual(want);
      }
    }
    expect(() => transposeBytes(new Uint8Array(24), [2, 3, 4], 1, [0, 0, 1])).toThrow(/permutation/);
    expect(() => transposeBytes(new Uint8Array(23), [2, 3, 4], 1, [0, 1, 2])).toThrow(/do not hold/);
  });

  it('transposes matrices larger than a tile, of sizes no tile divides, as the element-by-element copy does', () => {
    for (const shape of [[130, 70], [64, 200], [1, 300], [257, 3]]) {
      for (const itemsize of [1, 2, 4, 8]) {
        const src = pattern(numel(shape) * itemsize, itemsize);
        const strides = contiguousStrides(shape);
        const want = naiveView(src, itemsize, [shape[1]!, shape[0]!], [strides[1]!, strides[0]!], 0);
        expect(transposeBytes(src, shape, itemsize, [1, 0]), `${shape} × ${itemsize}`).toEqual(want);
      }
    }
    // a transposed view that starts inside its storage (the tiled path honours the offset)
    const src = pattern(5 + 96 * 80, 1);
    expect(gatherStrided(src, 1, [80, 96], [1, 80], 5)).toEqual(naiveView(src, 1, [80, 96], [1, 80], 5));
  });

  it('splits and concatenates back along any dim', () => {
    const shape = [4, 6, 2];
    const itemsize = 2;
    const src = pattern(numel(shape) * itemsize, 42);
    for (let dim = 0; dim < 3; dim++) {
      const n = shape[dim]!;
      const sizes = [1, n - 1];
      const parts = splitBytes(src, shape, itemsize, dim, sizes);
      const strides = contiguousStrides(shape);
      expect(parts[1]).toEqual(naiveView(src, itemsize, shape.map((d, i) => (i === dim ? n - 1 : d)), strides, strides[dim]!));
      const back = concatBytes(parts.map((bytes, i) => ({ bytes, shape: shape.map((d, j) => (j === dim ? sizes[i]! : d)) })), itemsize, dim);
      expect(back.shape).toEqual(shape);
      expect(back.bytes).toEqual(src);
    }
    expect(() => splitBytes(src, shape, itemsize, 0, [1, 1])).toThrow(/add up/);
    expect(() => concatBytes([{ bytes: new Uint8Array(4), shape: [2] }, { bytes: new Uint8Array(4), shape: [1, 2] }], 2, 0)).toThrow(/does not match/);
  });
});

describeWithTorch('byte operations agree with PyTorch', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => (tmp = tempDir('storage-copy-torch')));
  afterAll(() => tmp.cleanup());

  it('for permute, split and cat on bf16, complex128, bool and float32 with NaN payloads', () => {
    const dir = tmp.dir;
    runPython(`
import torch, sys, os
d = sys.argv[1]
torch.manual_seed(0)
def raw(t): return bytes(t.contiguous().reshape(-1).view(torch.uint8).tolist()) if t.element_size() == 1 else t.contiguous().view(torch.uint8).numpy().tobytes() if t.dtype not in (torch.bfloat16, torch.complex128, torch.complex64) else t.contiguous().view(torch.int16 if t.dtype == torch.bfloat16 else torch.float64 if t.dtype == torch.complex128 else torch.float32).view(torch.uint8).numpy().tobytes()
ts = {
  'bf16': torch.randn(3, 4, 5).bfloat16(),
  'c128': torch.randn(3, 4, 5, dtype=torch.complex128),
  'bool': torch.rand(3, 4, 5) > 0.5,
  'f32': torch.randint(-2**31, 2**31 - 1, (3, 4, 5), dtype=torch.int32).view(torch.float32),
}
for name, t in ts.items():
    open(os.path.join(d, name + '.in'), 'wb').write(raw(t))
    open(os.path.join(d, name + '.perm'), 'wb').write(raw(t.permute(2, 0, 1)))
    a, b = torch.split(t, [1, 3], dim=1)
    open(os.path.join(d, name + '.split1'), 'wb').write(raw(b))
    open(os.path.join(d, name + '.cat'), 'wb').write(raw(torch.cat([t, t[:, :2]], dim=1)))
`, [dir]);
    const sizes: Record<string, number> = { bf16: 2, c128: 16, bool: 1, f32: 4 };
    for (const [name, itemsize] of Object.entries(sizes)) {
      const src = new Uint8Array(readFileSync(join(dir, `${name}.in`)));
      const shape = [3, 4, 5];
      expect(transposeBytes(src, shape, itemsize, [2, 0, 1]), name).toEqual(new Uint8Array(readFileSync(join(dir, `${name}.perm`))));
      expect(splitBytes(src, shape, itemsize, 1, [1, 3])[1], name).toEqual(new Uint8Array(readFileSync(join(dir, `${name}.split1`))));
      const head = splitBytes(src, shape, itemsize, 1, [2, 2])[0]!;
      const cat = concatBytes([{ bytes: src, shape }, { bytes: head, shape: [3, 2, 5] }], itemsize, 1);
      expect(cat.bytes, name).toEqual(new Uint8Array(readFileSync(join(dir, `${name}.cat`))));
    }
  });
});
