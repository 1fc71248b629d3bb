import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { readShardIndex } from '../../../src/formats/hf-index.js';
import { readSafetensors } from '../../../src/formats/safetensors/reader.js';
import { scanHeader, scanStringPairs } from '../../../src/formats/safetensors/json-scan.js';
import { mutations, safetensorsFile } from '../../helpers/json-mutants.js';

/** The reader's result or its error message: what a user sees either way. */
function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const readBoth = (bytes: Uint8Array) => [
  outcome(() => readSafetensors(new BufferSource(bytes, 'm.safetensors'), 'm.safetensors')),
  outcome(() => readSafetensors(new BufferSource(bytes, 'm.safetensors'), 'm.safetensors', { exact: true })),
];

const HEADER =
  '{"__metadata__":{"format":"pt","10":"x"},"b.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},' +
  '"7":{"dtype":"BF16","shape":[4],"data_offsets":[24,32]},"a":{"shape":[],"dtype":"I64","data_offsets":[32,40]},' +
  '"e": { "dtype" : "U8" , "shape" : [ 0 , 5 ] , "data_offsets" : [ 40 , 40 ] }}';

describe('scanHeader', () => {
  it('reads the common header in one pass, in document order, integer-like names included', () => {
    const s = scanHeader(HEADER)!;
    expect(s.names).toEqual(['b.weight', '7', 'a', 'e']);
    expect(s.dtypes).toEqual(['F32', 'BF16', 'I64', 'U8']);
    expect(s.shapes).toEqual([[2, 3], [4], [], [0, 5]]);
    expect(s.begins).toEqual([0, 24, 32, 40]);
    expect(s.ends).toEqual([24, 32, 40, 40]);
    expect({ ...s.metadata }).toEqual({ format: 'pt', 10: 'x' });
    expect(scanHeader('{}')).toMatchObject({ names: [], metadata: undefined });
  });

  it('leaves to the exact route everything outside its subset', () => {
    const entry = (body: string) => `{"w":${body}}`;
    for (const text of [
      '{"w\\u0041":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', // an escape
      '{"w\u0001":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', // a control character in a string
      entry('{"dtype":"U8","shape":[1.0],"data_offsets":[0,1]}'), // a float
      entry('{"dtype":"U8","shape":[01],"data_offsets":[0,1]}'), // a leading zero
      entry('{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}'),
      entry('{"dtype":"U8","shape":[1e0],"data_offsets":[0,1]}'),
      entry('{"dtype":"U8","shape":[1234567890123456],"data_offsets":[0,1]}'), // 16 digits
      entry('{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}'),
      entry('{"dtype":"U8","shape":[1],"data_offsets":[0,1],"extra":1}'),
      entry('{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}'),
      entry('{"dtype":"U8","shape":[1]}'),
      entry('[1]'),
      '{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', // a duplicate
      '{"__metadata__":{"a":"1","a":"2"}}',
      '{"__metadata__":{"n":1}}',
      '{"__metadata__":null}',
      '{} x',
      '{"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},}',
    ]) {
      expect(scanHeader(text), text).toBeNull();
    }
  });

  it('gives what JSON.parse and the key walk give, or the same error, on thousands of mutated headers', () => {
    const bases = [HEADER, HEADER.replace(/,"/g, ',\n  "'), '{"x":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"y":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}}'];
    let fast = 0;
    for (const [b, base] of bases.entries()) {
      const [one, exact] = readBoth(safetensorsFile(base, b === 2 ? 12 : 40));
      expect(one).toEqual(exact);
      expect(one).toHaveProperty('ok');
      for (const text of mutations(base, 1500, 1 + b)) {
        if (scanHeader(text) !== null) fast++;
        for (const dataLength of [40, 12]) {
          const [got, want] = readBoth(safetensorsFile(text, dataLength));
          expect(got, JSON.stringify(text)).toEqual(want);
        }
      }
    }
    // the comparison means something only if many mutants take the fast route
    expect(fast).toBeGreaterThan(150);
  });
});

describe('readShardIndex: the one-pass weight_map and the exact route agree', () => {
  // written out: an object literal would put the key "7" first
  const INDEX = '{\n  "metadata": {\n    "total_size": 40\n  },\n  "weight_map": {\n    "b.weight": "m-1.safetensors",\n    "7": "m-2.safetensors",\n    "a": "m-1.safetensors"\n  }\n}';
  const both = (text: string) => [outcome(() => readShardIndex(text, 'i.json')), outcome(() => readShardIndex(text, 'i.json', { exact: true }))];

  it('scans the map of plain strings and leaves the rest to JSON.parse', () => {
    const open = INDEX.indexOf('{', INDEX.indexOf('"weight_map"'));
    const pairs = scanStringPairs(INDEX, open)!;
    // JSON.parse would list "7" first; the scan keeps the file's order
    expect(pairs.keys).toEqual(['b.weight', '7', 'a']);
    expect(INDEX.slice(pairs.end).trim()).toBe('}');
    expect(both(INDEX)[0]).toEqual(both(INDEX)[1]);
    expect([...readShardIndex(INDEX, 'i').weightMap.keys()]).toEqual(['b.weight', '7', 'a']);
  });

  it('agrees on thousands of mutated indexes', () => {
    for (const text of [...mutations(INDEX, 2000, 7), ...mutations(INDEX.replace(/\s+/g, ''), 1000, 8)]) {
      const [got, want] = both(text);
      expect(got, JSON.stringify(text)).toEqual(want);
    }
  });
});
