import { describe, expect, it } from 'vitest';
import { BufferSource, FileSource } from '../../../src/formats/byte-source.js';
import { FormatError } from '../../../src/formats/errors.js';
import { looksLikeSafetensors, readSafetensors } from '../../../src/formats/safetensors/reader.js';
import { objectKeysInOrder } from '../../../src/formats/safetensors/json-keys.js';
import { CORPUS, corpusAvailable, corpusFacts } from '../zip/corpus-facts.js';

/** header text (padded with spaces like the reference writer) + `dataLength` zero bytes */
function file(header: string | object, dataLength: number, declaredLength?: number): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const h = new TextEncoder().encode(text + ' '.repeat((8 - (text.length % 8)) % 8));
  const out = new Uint8Array(8 + h.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? h.length), true);
  out.set(h, 8);
  return out;
}
const read = (bytes: Uint8Array) => readSafetensors(new BufferSource(bytes, 'm.safetensors'), 'm.safetensors');
const errorOf = (bytes: Uint8Array): string => {
  try {
    read(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as Error).message;
  }
  throw new Error('expected a FormatError');
};

describe('readSafetensors', () => {
  it('lists tensors in header order, integer-like names included, with raw byte locations', () => {
    const header = '{"b.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"__metadata__":{"format":"pt"},"0":{"dtype":"BF16","shape":[4],"data_offsets":[24,32]},"a":{"dtype":"I64","shape":[],"data_offsets":[32,40]}}';
    const bytes = file(header, 40);
    const f = read(bytes);
    const n = f.headerLength;
    expect(n % 8).toBe(0);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.tensors.map((t) => t.name)).toEqual(['b.weight', '0', 'a']);
    expect(f.tensors[0]!.info).toEqual({
      kind: 'safetensors',
      dtype: 'float32',
      shape: [2, 3],
      stride: [3, 1],
      storageOffset: 0,
      storage: { key: 'b.weight', dtype: 'float32', numel: 6, device: 'cpu', bytes: { kind: 'raw', file: 'm.safetensors', offset: 8 + n, length: 24 } },
      requiresGrad: false,
    });
    expect(f.tensors[1]!.info.storage.bytes).toEqual({ kind: 'raw', file: 'm.safetensors', offset: 8 + n + 24, length: 8 });
    expect(f.tensors[2]!.info).toMatchObject({ dtype: 'int64', shape: [], stride: [] });
  });

  it('maps every byte-sized dtype of the spec', () => {
    const codes: [string, string, number][] = [
      ['BOOL', 'bool', 1], ['U8', 'uint8', 1], ['I8', 'int8', 1], ['I16', 'int16', 2], ['U16', 'uint16', 2], ['I32', 'int32', 4],
      ['U32', 'uint32', 4], ['I64', 'int64', 8], ['U64', 'uint64', 8], ['F16', 'float16', 2], ['BF16', 'bfloat16', 2],
      ['F32', 'float32', 4], ['F64', 'float64', 8], ['F8_E4M3', 'float8_e4m3fn', 1], ['F8_E5M2', 'float8_e5m2', 1],
      ['F8_E8M0', 'float8_e8m0fnu', 1], ['F8_E4M3FNUZ', 'float8_e4m3fnuz', 1], ['F8_E5M2FNUZ', 'float8_e5m2fnuz', 1], ['C64', 'complex64', 8],
    ];
    const header: Record<string, object> = {};
    let at = 0;
    for (const [code, , size] of codes) {
      header[code] = { dtype: code, shape: [3], data_offsets: [at, at + 3 * size] };
      at += 3 * size;
    }
    const f = read(file(header, at));
    expect(f.tensors.map((t) => [t.name, t.info.dtype])).toEqual(codes.map(([c, d]) => [c, d]));
    expect(f.metadata).toBeNull();
  });

  it('refuses sub-byte and unknown dtypes by name', () => {
    expect(errorOf(file({ q: { dtype: 'F4', shape: [4], data_offsets: [0, 2] } }, 2))).toBe(
      'safetensors tensor "q" has dtype F4 (a sub-byte type sdmatch does not support yet)',
    );
    expect(errorOf(file({ q: { dtype: 'F6_E2M3', shape: [4], data_offsets: [0, 3] } }, 3))).toMatch(/dtype F6_E2M3/);
    expect(errorOf(file({ q: { dtype: 'Q99', shape: [1], data_offsets: [0, 1] } }, 1))).toBe('safetensors tensor "q" has unknown dtype "Q99"');
    expect(errorOf(file({ q: { dtype: 'toString', shape: [1], data_offsets: [0, 1] } }, 1))).toBe('safetensors tensor "q" has unknown dtype "toString"');
  });

  it('accepts empty files and zero-element tensors', () => {
    expect(read(file('{}', 0)).tensors).toEqual([]);
    const f = read(file({ e: { dtype: 'F32', shape: [0, 5], data_offsets: [0, 0] }, x: { dtype: 'U8', shape: [2], data_offsets: [0, 2] } }, 2));
    expect(f.tensors.map((t) => t.info.storage.numel)).toEqual([0, 2]);
  });

  it('refuses bad header lengths with precise messages', () => {
    expect(errorOf(new Uint8Array(5))).toBe('not a safetensors file: 5 bytes is shorter than the 8-byte header length');
    expect(errorOf(file('{}', 0, 1000))).toBe('truncated safetensors: header length 1000 exceeds the 8 bytes after the length field');
    expect(errorOf(file('{}', 0, 100_000_001))).toBe('bad safetensors header length 100000001: over the 100000000-byte limit');
    expect(errorOf(file('{}', 0, 2 ** 60))).toBe('bad safetensors header length over 2^53: over the 100000000-byte limit');
  });

  it('refuses headers that are not a UTF-8 JSON object', () => {
    const bad = file('{"a":1}', 0);
    bad[10] = 0xff;
    expect(errorOf(bad)).toBe('bad safetensors header: not valid UTF-8');
    expect(errorOf(file(' {}', 0))).toBe('bad safetensors header: starts with " ", not \'{\'');
    expect(errorOf(file('{"a":', 0))).toMatch(/^bad safetensors header: not valid JSON/);
    expect(errorOf(file({ __metadata__: { n: 1 } }, 0))).toBe('bad safetensors header: __metadata__ value for "n" is not a string');
  });

  it('refuses duplicate tensor names (JSON.parse would keep only the last)', () => {
    const h = '{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}';
    expect(errorOf(file(h, 1))).toBe('safetensors header names tensor "w" twice');
  });

  it('refuses malformed tensor entries', () => {
    expect(errorOf(file({ w: [1] }, 0))).toBe('bad safetensors header: tensor "w" is not an object');
    expect(errorOf(file({ w: { dtype: 'U8', shape: [-1], data_offsets: [0, 0] } }, 0))).toMatch(/shape is not a list of non-negative integers/);
    expect(errorOf(file({ w: { dtype: 'U8', shape: [1.5], data_offsets: [0, 0] } }, 0))).toMatch(/shape is not a list/);
    expect(errorOf(file({ w: { dtype: 'U8', shape: [1], data_offsets: [0] } }, 1))).toMatch(/data_offsets is not \[begin, end\]/);
    expect(errorOf(file({ w: { dtype: 'U8', shape: [1], data_offsets: [2, 1] } }, 2))).toBe('bad safetensors header: tensor "w" data_offsets [2, 1] end before they begin');
    expect(errorOf(file({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, 12))).toBe(
      'bad safetensors header: tensor "w" is F32 [2, 2] = 16 bytes, but data_offsets [0, 12] span 12',
    );
    expect(errorOf(file({ w: { dtype: 'F32', shape: [2 ** 30, 2 ** 30, 2 ** 30], data_offsets: [0, 4] } }, 4))).toMatch(/too many elements/);
  });

  it('requires the tensors to tile the data section exactly', () => {
    const t = (b: number, e: number) => ({ dtype: 'U8', shape: [e - b], data_offsets: [b, e] });
    expect(errorOf(file({ a: t(0, 4), b: t(2, 6) }, 6))).toBe('bad safetensors header: tensor "b" (bytes 2..6) overlaps tensor "a" (ends at 4)');
    expect(errorOf(file({ a: t(0, 4), b: t(8, 10) }, 10))).toBe('bad safetensors header: data section has a hole at bytes 4..8 (before tensor "b")');
    expect(errorOf(file({ a: t(0, 4) }, 9))).toBe('bad safetensors file: 5 bytes after the last tensor are not described by the header');
    expect(errorOf(file({ a: t(0, 4), b: t(4, 100) }, 50))).toBe(
      'truncated safetensors: tensor "b" ends at byte 100 of the data section, which has only 50 bytes',
    );
  });

  it('recognises the layout in looksLikeSafetensors', () => {
    const good = file('{}', 0);
    expect(looksLikeSafetensors(good, good.length)).toBe(true);
    expect(looksLikeSafetensors(good, 9)).toBe(false);
    expect(looksLikeSafetensors(new Uint8Array([0x80, 2, 0, 0, 0, 0, 0, 0, 0x7d]), 1000)).toBe(false);
  });
});

describe('objectKeysInOrder', () => {
  it('returns keys in document order, duplicates and escapes included, at a path', () => {
    const text = '{"m": {"x": [1, {"y": "}"}], "1": "a\\"b", "z\\u0041": null}, "w": {"2": 1, "1": 2, "2": 3}}';
    expect(objectKeysInOrder(text, [])).toEqual(['m', 'w']);
    expect(objectKeysInOrder(text, ['m'])).toEqual(['x', '1', 'zA']);
    expect(objectKeysInOrder(text, ['w'])).toEqual(['2', '1', '2']);
    expect(objectKeysInOrder(text, ['nope'])).toBeNull();
    expect(objectKeysInOrder('[1]', [])).toBeNull();
    expect(objectKeysInOrder(' { } ', [])).toEqual([]);
  });

  it('finds string ends by the next quote only where no backslash comes first', () => {
    // plain keys before, between and after escaped strings; a value holding a backslash and a quote
    const text = '{"a": "p\\\\", "b\\"c": {"d": "\\"}"}, "e": "x", "f\\u0041": [1, "\\\\\\""], "g": {}}';
    expect(JSON.parse(text)).toBeTruthy();
    expect(objectKeysInOrder(text, [])).toEqual(['a', 'b"c', 'e', 'fA', 'g']);
    expect(objectKeysInOrder(text, ['b"c'])).toEqual(['d']);
    expect(objectKeysInOrder('{"k": {"x\\\\": 1, "y": 2}}', ['k'])).toEqual(['x\\', 'y']);
  });
});

describe.skipIf(!corpusAvailable)('readSafetensors over the corpus', () => {
  it('matches expected tensor counts, and raises FormatError where the header is unreadable', () => {
    const files = corpusFacts().filter(([, f]) => f.format === 'safetensors');
    expect(files.length).toBeGreaterThan(20);
    for (const [path, fact] of files) {
      const src = new FileSource(CORPUS + path, path);
      try {
        if (fact.tensor_count === null) {
          expect(() => readSafetensors(src, path), path).toThrow(FormatError);
        } else {
          const f = readSafetensors(src, path);
          expect(f.tensors.length, path).toBe(fact.tensor_count);
          expect(f.metadata !== null, path).toBe(fact.detail.includes('has __metadata__'));
        }
      } finally {
        src.close();
      }
    }
  });

  it('explains the header-length abuse file', () => {
    const path = 'syoyo-safetensors-cpp/safetensors_abuse_attempt_1.safetensors';
    const src = new FileSource(CORPUS + path, path);
    expect(() => readSafetensors(src, path)).toThrow('truncated safetensors: header length 1000 exceeds the 80 bytes after the length field');
    src.close();
  });
});
