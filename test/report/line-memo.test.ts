import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { ascii, ByteWriter } from '../../src/report/byte-writer.js';
import { LineTemplate, plainKey, type FillLine, type FixedFields, type TensorLine } from '../../src/report/inspect-json-lines.js';

/**
 * LineTemplate.lines copies a line from an earlier one of its chunk that says the same besides its keys
 * (line-memo.ts). Whatever the copies, the bytes must be those of each line written in full (`line`,
 * which never copies): lines sharing everything but their keys, alternating among a few shapes (a
 * sorted transformer state dict), hashes shared by different lines, explicit strides, numbered and
 * own-key storages, keys JSON must escape, ranks above the memo's, and chunks written through one
 * reused writer (a copy must never reach into an earlier chunk's bytes).
 */

interface Spec {
  key: string;
  dtype: number;
  shape: number[];
  stride: number[] | null;
  offset: number;
  grad: boolean;
  storage: number;
  /** the storage's dtype when not the tensor's */
  storageDtype?: number;
  /** when not what the stride says (a source may set it on its own) */
  contiguous?: boolean;
  numel: number;
  device: Uint8Array;
}

const CPU = ascii('"cpu"');
const CUDA = ascii('"cuda:0"');

/** A source of lines from specs, filled as a columns source fills them (one bytes array for every key). */
function source(specs: Spec[]): FillLine {
  const keys = specs.map((s) => ascii(s.key));
  const bytes = Buffer.concat(keys.map((k) => Buffer.concat([Buffer.from('"'), Buffer.from(k), Buffer.from('"')])));
  const starts: number[] = [];
  let at = 0;
  for (const k of keys) {
    starts.push(at + 1);
    at += k.length + 2;
  }
  return (i, l: TensorLine) => {
    const s = specs[i]!;
    l.keyBytes = bytes;
    l.keyStart = starts[i]!;
    l.keyEnd = starts[i]! + keys[i]!.length;
    l.keyPlain = plainKey(bytes, l.keyStart, l.keyEnd);
    l.dtype = s.dtype;
    l.dims = s.stride ? [...s.shape, ...s.stride] : s.shape;
    l.dimsAt = 0;
    l.rank = s.shape.length;
    l.strideAt = s.stride ? s.shape.length : -1;
    l.storageOffset = s.offset;
    l.contiguous = s.contiguous ?? s.stride === null;
    l.requiresGrad = s.grad;
    l.storageKey = s.storage;
    l.storageDtype = s.storageDtype ?? s.dtype;
    l.numel = s.numel;
    l.device = s.device;
  };
}

/** The listing's lines start..end written one by one in full (the text lines() must give). */
function expected(t: LineTemplate, fill: FillLine, start: number, end: number, count: number): string {
  let out = '';
  for (let k = start; k < end; k++) out += `    ${t.line(fill, k)}${k === count - 1 ? '\n' : ',\n'}`;
  return out;
}

/** a small seeded generator, so a failure names a case that can be run again */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function specs(seed: number, n: number): Spec[] {
  const r = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  // a few shapes, as the layers of a model repeat them; rank 10 is above the memo's
  const shapes = [[16], [16, 4], [4, 16], [3, 3, 3], [], [0, 5], [2 ** 33, 1], Array.from({ length: 10 }, (_, d) => d + 1)];
  const keys = ['w', 'layers.0.mlp.weight', 'a"quote', 'back\\slash', 'tab\there', 'model.layers.12.self_attn.q_proj.weight'];
  return Array.from({ length: n }, (_, i) => {
    const shape = pick(shapes);
    const numel = shape.reduce((a, b) => a * b, 1);
    const strided = r() < 0.2 && shape.length > 0;
    return {
      key: `${pick(keys)}.${i}`,
      dtype: pick([0, 1, 5]),
      shape,
      stride: strided ? shape.map((_, d) => d + 1) : null,
      offset: r() < 0.8 ? 0 : pick([1, 7]),
      grad: r() < 0.1,
      storage: r() < 0.5 ? -1 : r() < 0.9 ? Math.floor(r() * 1000) : 2 ** 53 + 2,
      numel: r() < 0.9 ? numel : numel + 1,
      device: r() < 0.9 ? CPU : CUDA,
    };
  });
}

const TEMPLATES: FixedFields[] = [{ kind: 'tensor' }, { kind: 'safetensors', storageOffset: 0, contiguous: true, requiresGrad: false, 'storage.device': 'cpu' }];

describe('LineTemplate.lines with lines copied from earlier ones (LineMemo)', () => {
  it('writes every line as the writer writes it in full, whole and in chunks through one writer', () => {
    for (const fixed of TEMPLATES) {
      for (let seed = 1; seed <= 30; seed++) {
        const t = new LineTemplate(fixed);
        const list = specs(seed, 300);
        const fill = source(list);
        const at = (k: number) => k;
        const whole = Buffer.from(t.lines(fill, 0, list.length, at, list.length)).toString('latin1');
        expect(whole, `seed ${seed}`).toBe(expected(t, fill, 0, list.length, list.length));
        const into = new ByteWriter(16);
        for (let s = 0; s < list.length; s += 37) {
          const e = Math.min(s + 37, list.length);
          expect(Buffer.from(t.lines(fill, s, e, at, list.length, into)).toString('latin1'), `seed ${seed}, lines ${s}..${e}`).toBe(expected(t, fill, s, e, list.length));
        }
      }
    }
  });

  it('copies lines that differ from an earlier one only in their keys (the 20-shard set: one shape), each with its own keys', () => {
    const list: Spec[] = Array.from({ length: 500 }, (_, i) => ({ key: `model.layers.${i}.mlp.weight`, dtype: 0, shape: [16], stride: null, offset: 0, grad: false, storage: -1, numel: 16, device: CPU }));
    const t = new LineTemplate(TEMPLATES[1]!);
    const fill = source(list);
    const text = Buffer.from(t.lines(fill, 0, list.length, (k) => k, list.length)).toString('latin1');
    expect(text).toBe(expected(t, fill, 0, list.length, list.length));
    const last = text.split('\n')[499]!;
    expect(last).toContain('{"path":["model.layers.499.mlp.weight"],');
    expect(last).toContain('"storage":{"key":"model.layers.499.mlp.weight",');
  });
});

describe('ByteWriter.lineAgain copies a line whole when the new keys are as long as its keys', () => {
  // keys of one length in a row (copied whole, keys written over), then another length (copied in
  // pieces), a numbered storage whose text is as long as an own key's, keys JSON escapes; one slot,
  // so that every line meets the line just before it (which lineAgain made the slot's line)
  const one = (key: string, storage: number, shape: number[] = [16]): Spec => ({ key, dtype: 0, shape, stride: null, offset: 0, grad: false, storage, numel: shape.reduce((a, b) => a * b, 1), device: CPU });
  const list: Spec[] = [
    ...['layers.1000.w', 'layers.1001.w', 'layers.1002.w', 'layers.100.w', 'layers.1003.w', 'layers.1004.w'].map((k) => one(k, -1)),
    // `"12"` is as long as `"ab"`: the storage's text of the copied line is written over by the key
    one('ab', 12),
    one('ab', -1),
    one('cd', -1),
    one('cd', 345),
    one('ef', 678),
    one('gh', -1),
    one('a"b', -1),
    one('c"d', -1),
    one('e\\f', -1),
    one('ghij', -1),
    one('klmn', -1),
  ];
  it('writes each line as the writer writes it in full, whole and in chunks', () => {
    for (const fixed of TEMPLATES) {
      for (const bits of [0, 6]) {
        const t = new LineTemplate(fixed, bits);
        const fill = source(list);
        const what = `${JSON.stringify(fixed)}, ${bits} slot bits`;
        expect(Buffer.from(t.lines(fill, 0, list.length, (k) => k, list.length)).toString('latin1'), what).toBe(expected(t, fill, 0, list.length, list.length));
        const into = new ByteWriter(16);
        for (let s = 0; s < list.length; s += 5) {
          const e = Math.min(s + 5, list.length);
          expect(Buffer.from(t.lines(fill, s, e, (k) => k, list.length, into)).toString('latin1'), `${what}, lines ${s}..${e}`).toBe(expected(t, fill, s, e, list.length));
        }
      }
    }
  });

  it('moves the marks to the line it wrote: each line copied from the one before it', () => {
    const w = new ByteWriter(16);
    const pieces = (text: string): void => w.text(ascii(text));
    // `[` "a" `]=` "a" `;` written in full, marks [start, key, key end, storage, its end, end)
    pieces('[');
    pieces('"a"');
    pieces(']=');
    pieces('"a"');
    pieces(';');
    const m = Float64Array.from([0, 1, 4, 6, 9, 10]);
    const keys = ascii('bcxy');
    w.lineAgain(m, 0, keys, 0, 1, true, -1);
    expect(Array.from(m)).toEqual([10, 11, 14, 16, 19, 20]);
    w.lineAgain(m, 0, keys, 2, 4, true, -1);
    expect(Array.from(m)).toEqual([20, 21, 25, 27, 31, 32]);
    w.lineAgain(m, 0, keys, 1, 2, true, 7);
    expect(Buffer.from(w.done()).toString('latin1')).toBe('["a"]="a";["b"]="b";["xy"]="xy";["c"]="7";');
    expect(Array.from(m)).toEqual([32, 33, 36, 38, 41, 42]);
  });
});

describe('LineMemo compares every field but the keys', () => {
  it('never copies a line that differs from the one remembered in one field (one slot: each line meets the last)', () => {
    const base: Spec = { key: 'a', dtype: 1, storageDtype: 1, shape: [4, 6], stride: null, offset: 0, grad: false, storage: -1, numel: 24, device: CPU };
    const variants: Partial<Spec>[] = [{ dtype: 5 }, { shape: [6, 4] }, { shape: [4, 6, 1] }, { shape: [4] }, { stride: [6, 1] }, { stride: [1, 4] }, { offset: 3 }, { grad: true }, { storageDtype: 5 }, { storage: 12 }, { numel: 25 }, { device: CUDA }];
    const list: Spec[] = [];
    variants.forEach((v, i) => list.push({ ...base, key: `base.${i}` }, { ...base, ...v, key: `variant.${i}` }, { ...base, ...v, key: `again.${i}` }));
    // contiguity alone; explicit strides that differ; an explicit stride met after a line without one
    // remembered over a line with that stride (the slot's stride numbers are then an older line's)
    const strided = (stride: number[], contiguous: boolean, key: string): Spec => ({ ...base, stride, contiguous, key });
    list.push({ ...base, key: 'c.0' }, { ...base, contiguous: false, key: 'c.1' });
    list.push(strided([6, 1], false, 's.0'), strided([1, 4], false, 's.1'), strided([1, 4], false, 's.2'));
    list.push(strided([1, 4], true, 'k.0'), { ...base, key: 'k.1' }, strided([1, 4], true, 'k.2'));
    for (const fixed of TEMPLATES) {
      const t = new LineTemplate(fixed, 0);
      const fill = source(list);
      expect(Buffer.from(t.lines(fill, 0, list.length, (k) => k, list.length)).toString('latin1'), JSON.stringify(fixed)).toBe(expected(t, fill, 0, list.length, list.length));
    }
  });
});
