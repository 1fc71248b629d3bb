import { describe, expect, it } from 'vitest';
import { BufferSource, FileSource } from '../../src/formats/byte-source.js';
import { FormatError } from '../../src/formats/errors.js';
import { isNpy, parsePyLiteral, readNpyHeader, readNpz, descrHoldsObjects } from '../../src/formats/numpy.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { buildZip } from './zip/build-zip.js';
import { CORPUS, corpusAvailable, corpusFacts } from './zip/corpus-facts.js';

/** An .npy as numpy writes it: header padded with spaces to a multiple of 64 and ended by a newline. */
function npy(header: string, dataLength: number, version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  const padded = header + ' '.repeat((64 - ((pre + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(pre + padded.length + dataLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, padded.length, true);
  else dv.setUint32(8, padded.length, true);
  out.set(new TextEncoder().encode(padded), pre);
  return out;
}
const header = (bytes: Uint8Array) => readNpyHeader(new BufferSource(bytes, 'a.npy'), 0, 'a.npy');
const errorOf = (bytes: Uint8Array): string => {
  try {
    header(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as Error).message;
  }
  throw new Error('expected a FormatError');
};

describe('readNpyHeader', () => {
  it('reads descr, order and shape, and where the data starts', () => {
    const bytes = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
    expect(header(bytes)).toEqual({ dtype: 'float32', descr: '<f4', fortranOrder: false, shape: [2, 3], dataOffset: 128, objectArray: false, unknownDescr: false, bigEndian: false });
  });

  it('maps numpy descrs to dtypes', () => {
    const cases: [string, string | null, number][] = [
      ['|b1', 'bool', 1], ['|u1', 'uint8', 1], ['|i1', 'int8', 1], ['<i8', 'int64', 8], ['<u2', 'uint16', 2], ['<f2', 'float16', 2],
      ['<f8', 'float64', 8], ['<c8', 'complex64', 8], ['<c16', 'complex128', 16], ['<U3', null, 12], ['<M8[ns]', null, 8],
    ];
    for (const [descr, dtype, size] of cases) {
      expect(header(npy(`{'descr': '${descr}', 'fortran_order': True, 'shape': (5,), }`, 5 * size)).dtype, descr).toBe(dtype);
    }
  });

  it('marks big-endian data and object arrays', () => {
    expect(header(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (), }", 4))).toMatchObject({ dtype: 'float32', bigEndian: true, shape: [] });
    expect(header(npy("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", 5))).toMatchObject({ dtype: null, objectArray: true });
    expect(header(npy("{'descr': '<O8', 'fortran_order': False, 'shape': (1,), }", 0)).objectArray).toBe(true);
  });

  it('knows every spelling of the object dtype, at any depth, and says when it cannot tell', () => {
    // numpy 1.24: np.dtype(x).hasobject is True for each of these (checked with /usr/bin/python3)
    for (const d of ['O', '|O', '<O', '>O', '=O', 'O4', 'O8', '|O8', 'object', 'object_', 'object0']) {
      expect(descrHoldsObjects(d), d).toBe('yes');
    }
    for (const d of ['<f4', '|b1', '<U10', '|S3', 'V8', '<M8[ns]', 'float32', 'int', 'bool', 'datetime64[s]', 'g']) {
      expect(descrHoldsObjects(d), d).toBe('no');
    }
    expect(descrHoldsObjects(['O', [2]])).toBe('yes'); // a subarray (base, shape)
    expect(descrHoldsObjects([['a', '<f4'], ['b', [['c', 'object_']]]])).toBe('yes'); // nested field
    expect(descrHoldsObjects([['O', '<f4']])).toBe('no'); // a field NAMED O holds floats
    expect(descrHoldsObjects('Object0')).toBe('unknown');
    expect(header(npy("{'descr': 'object', 'fortran_order': False, 'shape': (1,), }", 0))).toMatchObject({ objectArray: true });
    expect(header(npy("{'descr': 'weird', 'fortran_order': False, 'shape': (1,), }", 0))).toMatchObject({ objectArray: false, unknownDescr: true });
  });

  it('reads structured descrs without evaluating them and sees object fields inside', () => {
    const h = header(npy("{'descr': [('a', '<f4'), ('b', '|O', (2,))], 'fortran_order': False, 'shape': (1,), }", 0));
    expect(h).toMatchObject({ dtype: null, descr: "[('a', '<f4'), ('b', '|O', (2,))]", objectArray: true });
  });

  it('reads version 2 and 3 headers and Python 2 long literals', () => {
    expect(header(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 2L), }", 16, 2)).shape).toEqual([2, 2]);
    expect(header(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", 4, 3)).dataOffset).toBe(128);
  });

  it('refuses broken headers with precise messages', () => {
    expect(errorOf(new Uint8Array(4))).toBe('truncated npy: 4 bytes is too short for the npy preamble');
    expect(errorOf(new TextEncoder().encode('\x93NUMPZ\x01\x00\x10\x00'))).toBe('not an npy array: missing the \\x93NUMPY magic');
    const v9 = npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", 4);
    v9[6] = 9;
    expect(errorOf(v9)).toBe('unsupported npy format version 9.0');
    expect(errorOf(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 4))).toBe(
      'truncated npy: <i4 (3) needs 12 bytes after the header but 4 remain',
    );
    expect(errorOf(npy("{'descr': '<i4', 'shape': (3,), }", 12))).toBe('bad npy header: keys are {descr,shape}, expected descr, fortran_order, shape');
    expect(errorOf(npy("{'descr': '<i4', 'fortran_order': 0, 'shape': (3,), }", 12))).toBe('bad npy header: fortran_order is not True or False');
    expect(errorOf(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (-3,), }", 12))).toBe('bad npy header: shape is not a tuple of non-negative integers');
    expect(errorOf(npy("{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (3,), }", 12))).toMatch(/^bad npy header: unexpected "_"/);
    const long = npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", 0, 2);
    new DataView(long.buffer).setUint32(8, 0xfffffff0, true);
    expect(errorOf(long)).toBe('bad npy: header length 4294967280 is over the 1048576-byte limit');
  });
});

describe('parsePyLiteral', () => {
  it('parses the literal subset and nothing else', () => {
    expect(parsePyLiteral(" {'a': (1, [2, 'x\\'y'], None, True)} ")).toEqual(new Map([['a', [1, [2, "x'y"], null, true]]]));
    expect(parsePyLiteral('"\\x41\\u0042"')).toBe('AB');
    expect(() => parsePyLiteral('1.5')).toThrow(/floats/);
    expect(() => parsePyLiteral("{'a': 1, 'a': 2}")).toThrow(/duplicate key/);
    expect(() => parsePyLiteral('('.repeat(100))).toThrow(/nested too deeply/);
    expect(() => parsePyLiteral("'open")).toThrow(/unterminated/);
    expect(() => parsePyLiteral('1 2')).toThrow(/unexpected text/);
  });
});

describe('readNpz', () => {
  it('reads member headers from stored and deflated members', () => {
    const a = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 16);
    const b = npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 10);
    const zip = openZip(new BufferSource(buildZip([{ name: 'w.npy', data: a }, { name: 'obj.npy', data: b, method: 8 }, { name: 'readme', data: new Uint8Array(20) }]), 'x.npz'));
    const { members, others } = readNpz(zip, 'x.npz');
    expect(members.map((m) => [m.key, m.header.dtype, m.header.shape, m.header.objectArray, m.header.dataOffset])).toEqual([
      ['w', 'float32', [4], false, 128],
      ['obj', null, [1], true, 128],
    ]);
    expect(others.map((e) => e.name)).toEqual(['readme']);
    expect(isNpy(a)).toBe(true);
  });
});

describe.skipIf(!corpusAvailable)('numpy over the corpus', () => {
  it('reads every .npy and .npz with the expected shapes and member counts', () => {
    for (const [path, fact] of corpusFacts()) {
      if (fact.format !== 'npy' && fact.format !== 'npz') continue;
      const src = new FileSource(CORPUS + path, path);
      try {
        if (fact.format === 'npy') {
          const h = readNpyHeader(src, 0, path);
          expect(fact.detail, path).toContain(`'descr': '${h.descr}'`);
          expect(h.objectArray, path).toBe(h.descr.includes('O'));
        } else {
          const { members } = readNpz(openZip(src), path);
          expect(members.length, path).toBe(fact.tensor_count);
          expect(members.some((m) => m.header.objectArray), path).toBe(fact.detail.includes('object-dtype'));
        }
      } finally {
        src.close();
      }
    }
  });

  it('reads the npz whose header_len is 7 bytes short: the pickle starts right after the dict', () => {
    const path = 'jasonmiao-modelscan-bypass-pocs/malicious.npz';
    const src = new FileSource(CORPUS + path, path);
    const { members } = readNpz(openZip(src), path);
    expect(members[0]!.header).toMatchObject({ descr: '<O8', objectArray: true, shape: [1], dataOffset: 67 });
    src.close();
  });
});
