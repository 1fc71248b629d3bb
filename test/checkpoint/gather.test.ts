import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatTensors, gatheredTensor } from '../../src/checkpoint/gather.js';
import type { PyTensor } from '../../src/formats/pickle/values.js';
import { copyRange, readRange } from '../../src/formats/storage-copy.js';
import { contiguousStrides, type ByteLocation } from '../../src/formats/tensor.js';

const dir = mkdtempSync(join(tmpdir(), 'sdmatch-gather-'));
const file = join(dir, 'bytes.bin');
const data = Uint8Array.from({ length: 256 }, (_, i) => i);
writeFileSync(file, data);

/** a uint8 tensor of `shape` stored at byte `offset` of the file (storage offset `from` elements in) */
function stored(shape: number[], offset: number, from = 0): PyTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return {
    kind: 'tensor',
    info: { kind: 'tensor', dtype: 'uint8', shape, stride: contiguousStrides(shape), storageOffset: from, storage: { key: String(offset), dtype: 'uint8', numel: from + n, device: 'cpu', bytes: { kind: 'raw', file, offset, length: from + n } }, requiresGrad: false },
    original: null,
  };
}

const at = (t: PyTensor, i: number) => data[(t.info.storage.bytes as Extract<ByteLocation, { kind: 'raw' }>).offset + t.info.storageOffset + i]!;

function read(loc: ByteLocation, start: number, length: number, bufSize: number): number[] {
  const out: number[] = [];
  copyRange(loc, (c) => out.push(...c), { start, length, bufSize });
  return out;
}

function expectReads(loc: ByteLocation, want: number[]): void {
  const length = want.length;
  for (const bufSize of [1, 4, 7, 4096]) {
    for (const [start, n] of [[0, length], [1, length - 2], [6, 9], [length - 1, 1], [4, 0]] as const) {
      expect(read(loc, start, n, bufSize), `buf ${bufSize} range ${start}+${n}`).toEqual(want.slice(start, start + n));
    }
  }
  expect([...readRange(loc, 0, length)]).toEqual(want);
}

describe('tensors made of pieces of other tensors (one chunks location for DCP, TP joins and ZeRO ranges)', () => {
  it('joins tensor-parallel shards along dim 1: each row takes every shard in turn', () => {
    const a = stored([5, 3], 10);
    const b = stored([5, 2], 100, 4);
    const t = concatTensors('w', [a, b], 1, 'ckpt');
    expect(t.info.shape).toEqual([5, 5]);
    expect(t.info.storage.bytes?.kind).toBe('chunks');
    const want: number[] = [];
    for (let r = 0; r < 5; r++) want.push(...[0, 1, 2].map((c) => at(a, r * 3 + c)), ...[0, 1].map((c) => at(b, r * 2 + c)));
    expectReads(t.info.storage.bytes!, want);
  });

  it('joins along dim 0 and along the middle dim of a 3-d tensor', () => {
    const a = stored([2, 2, 3], 0);
    const b = stored([1, 2, 3], 50);
    expectReads(concatTensors('w', [a, b], 0, 'ckpt').info.storage.bytes!, [...Array.from({ length: 12 }, (_, i) => at(a, i)), ...Array.from({ length: 6 }, (_, i) => at(b, i))]);
    const c = stored([2, 1, 3], 80);
    const d = stored([2, 2, 3], 120);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) want.push(...[0, 1, 2].map((k) => at(c, i * 3 + k)), ...Array.from({ length: 6 }, (_, k) => at(d, i * 6 + k)));
    expectReads(concatTensors('w', [c, d], 1, 'ckpt').info.storage.bytes!, want);
  });

  it('cuts a parameter out of flat partitions laid end to end (ZeRO): ranges of several tensors', () => {
    const p0 = stored([20], 200);
    const p1 = stored([30], 3);
    const t = gatheredTensor('w', 'uint8', [3, 5], 1, [{ tensor: p0, start: 13, rowElems: 7 }, { tensor: p1, start: 0, rowElems: 8 }], 'ckpt');
    expectReads(t.info.storage.bytes!, [...Array.from({ length: 7 }, (_, i) => at(p0, 13 + i)), ...Array.from({ length: 8 }, (_, i) => at(p1, i))]);
  });

  it('refuses pieces that do not fill the shape, and pieces past the end of their file', () => {
    expect(() => gatheredTensor('w', 'uint8', [4, 5], 1, [{ tensor: stored([20], 0), start: 0, rowElems: 19 }], 'ckpt')).toThrow(/hold 19 bytes, shape \[4,5\] needs 20/);
    expect(() => gatheredTensor('w', 'uint8', [4], 1, [{ tensor: stored([4], 0), start: 2, rowElems: 4 }], 'ckpt')).toThrow(/needs elements 2\.\.6 of a tensor of 4/);
    const past = gatheredTensor('w', 'uint8', [8], 1, [{ tensor: stored([8], 250), start: 0, rowElems: 8 }], 'ckpt');
    expect(() => readRange(past.info.storage.bytes!, 0, 8)).toThrow(/truncated/);
  });
});
