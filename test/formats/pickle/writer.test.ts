import { describe, expect, it } from 'vitest';
import { encodeLong, encodeUtf8SurrogatePass, writePickle } from '../../../src/formats/pickle/writer.js';
import type { PyBytes, PyDict, PyGlobal, PyList, PyObject, PyTensor, PyTuple, PyValue } from '../../../src/formats/pickle/values.js';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { readPickle } from '../../../src/formats/pickle/index.js';
import { describeWithTorch, runPython } from '../../helpers/torch.js';

const f = (value: number): PyValue => ({ kind: 'float', value });
const tup = (...items: PyValue[]): PyTuple => ({ kind: 'tuple', items });
const list = (...items: PyValue[]): PyList => ({ kind: 'list', items });
const dict = (...entries: [PyValue, PyValue][]): PyDict => ({ kind: 'dict', entries });
const g = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const bytes = (data: number[], flavor: PyBytes['flavor'] = 'bytes'): PyBytes => ({ kind: 'bytes', flavor, length: data.length, data: Uint8Array.from(data), fileOffset: null });
const obj = (via: PyObject['via'], callable: PyValue, args: PyValue[], extra: Partial<PyObject> = {}): PyObject => ({
  kind: 'object', via, callable, args, kwargs: null, states: [], listItems: [], dictItems: [], ...extra,
});
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Values written by us and by CPython's pickler (protocol 2) from the equivalent Python expression. */
function cases(): { name: string; value: PyValue; py: string }[] {
  const shared = list(1);
  const selfList = list();
  selfList.items.push(selfList);
  const cycleList = list();
  const cycleTuple = tup(cycleList);
  cycleList.items.push(cycleTuple);
  const od: PyDict = { kind: 'dict', entries: [['a', 1], ['b', list()]], cls: g('collections', 'OrderedDict'), attrs: dict(['_metadata', dict(['', dict(['version', 1])])]) };
  const big = Array.from({ length: 2501 }, (_, i) => i);
  return [
    { name: 'scalars', value: tup(null, true, false), py: '(None, True, False)' },
    { name: 'ints', value: list(0, 255, 256, 65535, 65536, -1, -128, -129, -256, 2147483647, -2147483648), py: '[0,255,256,65535,65536,-1,-128,-129,-256,2147483647,-2147483648]' },
    { name: 'longs', value: list(2147483648, -2147483649, 2n ** 70n, -(2n ** 70n), -(2n ** 63n), 2n ** 64n - 1n, 2 ** 53), py: '[2147483648,-2147483649,2**70,-2**70,-2**63,2**64-1,2**53]' },
    { name: 'huge long', value: 7n ** 400n, py: '7**400' },
    { name: 'floats', value: list(f(1.5), f(-0), f(Infinity), f(-Infinity), f(NaN), f(1e-310), f(1)), py: "[1.5,-0.0,float('inf'),float('-inf'),float('nan'),1e-310,1.0]" },
    { name: 'strings', value: list('', 'abc', 'hé', '日本', '🤗', 'a\nb'), py: "['','abc','hé','日本','🤗','a\\nb']" },
    { name: 'lone surrogate', value: '\ud800x', py: "'\\ud800x'" },
    { name: 'bytes', value: list(bytes([]), bytes([0, 1, 0x7f, 0x80, 0xff])), py: "[b'', b'\\x00\\x01\\x7f\\x80\\xff']" },
    { name: 'bytearray', value: list(bytes([97, 98], 'bytearray'), bytes([], 'bytearray')), py: "[bytearray(b'ab'), bytearray()]" },
    { name: 'tuples', value: list(tup(), tup(1), tup(1, 2), tup(1, 2, 3), tup(1, 2, 3, 4, 5)), py: '[(),(1,),(1,2),(1,2,3),(1,2,3,4,5)]' },
    { name: 'list batches', value: list(list(...big), list(7)), py: '[list(range(2501)), [7]]' },
    { name: 'dict batches', value: dict(...big.map((i): [PyValue, PyValue] => [i, i])), py: '{i: i for i in range(2501)}' },
    { name: 'single-item dict', value: dict(['k', 'v']), py: "{'k': 'v'}" },
    { name: 'shared list', value: list(shared, shared), py: '(lambda a: [a, a])([1])' },
    { name: 'self-referencing list', value: selfList, py: '(lambda l: (l.append(l), l)[1])([])' },
    { name: 'tuple in a cycle', value: cycleTuple, py: '(lambda l: (l.append((l,)), l[0])[1])([])' },
    { name: 'sets', value: list({ kind: 'set', frozen: false, items: [1, 2] }, { kind: 'set', frozen: true, items: [3] }), py: '[{1, 2}, frozenset([3])]' },
    { name: 'OrderedDict with attributes', value: od, py: "(lambda od: (setattr(od, '_metadata', {'': {'version': 1}}), od)[1])(__import__('collections').OrderedDict([('a', 1), ('b', [])]))" },
    { name: 'plain OrderedDict', value: { kind: 'dict', entries: [['x', f(2)]], cls: g('collections', 'OrderedDict') }, py: "__import__('collections').OrderedDict([('x', 2.0)])" },
    { name: 'globals are shared', value: list(g('collections', 'OrderedDict'), g('collections', 'OrderedDict')), py: "[__import__('collections').OrderedDict]*2" },
  ];
}

describe('writePickle', () => {
  it('starts with PROTO 2 and ends with STOP', () => {
    const b = writePickle(null);
    expect(hex(b)).toBe('80024e2e');
  });

  it('encodes longs as pickle.encode_long does', () => {
    expect(hex(encodeLong(0n))).toBe('');
    expect(hex(encodeLong(255n))).toBe('ff00');
    expect(hex(encodeLong(-1n))).toBe('ff');
    expect(hex(encodeLong(-128n))).toBe('80');
    expect(hex(encodeLong(-129n))).toBe('7fff');
    expect(hex(encodeLong(-256n))).toBe('00ff');
    expect(hex(encodeLong(32768n))).toBe('008000');
  });

  it('writes lone surrogates as Python surrogatepass does', () => {
    expect(hex(encodeUtf8SurrogatePass('\ud800'))).toBe('eda080');
    expect(hex(encodeUtf8SurrogatePass('🤗'))).toBe('f09fa497');
  });

  it('handles trees far deeper than the JS call stack', () => {
    let v: PyValue = 1;
    for (let i = 0; i < 200_000; i++) v = list(v);
    const b = writePickle(v);
    // each level: EMPTY_LIST, BINPUT/LONG_BINPUT, (child), APPEND
    expect(b.length).toBeGreaterThan(200_000 * 3);
  });

  it('writes a tensor once and fetches it from the memo afterwards', () => {
    const original = obj('reduce', g('m', 'make'), [1]);
    const t: PyTensor = { kind: 'tensor', info: null as never, original };
    const b = writePickle(list(t, t));
    const once = writePickle(list(original, original));
    expect(hex(b)).toBe(hex(once));
  });

  it('lets a tensor hook replace what is written, called once per tensor', () => {
    const t: PyTensor = { kind: 'tensor', info: null as never, original: 'unused' };
    let calls = 0;
    const b = writePickle(tup(t, t), { tensorWriter: () => (calls++, obj('reduce', g('m', 'rebuild'), [])) });
    expect(calls).toBe(1);
    expect(Buffer.from(b).includes(Buffer.from('unused'))).toBe(false);
  });

  it('refuses a value that contains itself through constructor arguments only', () => {
    const o = obj('reduce', g('m', 'f'), []);
    o.args.push(o);
    expect(() => writePickle(o)).toThrow(/contains itself/);
  });

  it('refuses globals whose names cannot be written in protocol 2', () => {
    expect(() => writePickle(g('a\nb', 'c'))).toThrow(/newline/);
  });

  it('asks for payloads left in the source file', () => {
    const lazy: PyBytes = { kind: 'bytes', flavor: 'bytes', length: 3, data: null, fileOffset: 100 };
    expect(() => writePickle(lazy)).toThrow(/readBytes/);
    const b = writePickle(lazy, { readBytes: () => Uint8Array.from([120, 121, 122]) });
    expect(Buffer.from(b).includes(Buffer.from('xyz'))).toBe(true);
  });

  it('writes py2 strings with the opcodes Python 2 used', () => {
    expect(hex(writePickle(bytes([104, 105], 'py2str')))).toBe('8002550268697100' + '2e');
  });
});

describeWithTorch('writePickle matches CPython byte for byte', () => {
  it('for every kind of value', () => {
    const all = cases();
    const script = `
import pickle, sys, json, collections
exprs = json.loads(sys.argv[1])
print(json.dumps([pickle.dumps(eval(e), protocol=2).hex() for e in exprs]))
`;
    const expected = JSON.parse(runPython(script, [JSON.stringify(all.map((c) => c.py))])) as string[];
    for (const [i, c] of all.entries()) {
      expect(hex(writePickle(c.value)), c.name).toBe(expected[i]);
    }
  });

  it("round-trips CPython's bytes through sdmatch's reader unchanged", () => {
    const all = cases();
    const script = `
import pickle, sys, json, collections
print(json.dumps([pickle.dumps(eval(e), protocol=2).hex() for e in json.loads(sys.argv[1])]))
`;
    const expected = JSON.parse(runPython(script, [JSON.stringify(all.map((c) => c.py))])) as string[];
    for (const [i, c] of all.entries()) {
      // the reader decodes a lone surrogate to U+FFFD instead of keeping it (CPython: 'surrogatepass')
      if (c.name === 'lone surrogate') continue;
      const r = readPickle(new BufferSource(new Uint8Array(Buffer.from(expected[i]!, 'hex')), c.name));
      expect(r.error, c.name).toBeNull();
      expect(hex(writePickle(r.value!)), c.name).toBe(expected[i]);
    }
  });

  it('for objects rebuilt by NEWOBJ with state, INST and OBJ', () => {
    const script = `
import pickle, pickletools, sys
class C: pass
c = C(); c.x = [1]; c.me = c
sys.stdout.write(pickle.dumps(c, protocol=2).hex())
`;
    const o = obj('newobj', g('__main__', 'C'), []);
    const state = dict(['x', list(1)], ['me', o]);
    o.states.push(state);
    expect(hex(writePickle(o))).toBe(runPython(script));
    // INST/OBJ come from protocol 0/1 files: replayed with their own opcodes, and Python loads them
    const inst = obj('inst', g('collections', 'OrderedDict'), []);
    const viaObj = obj('obj', g('collections', 'OrderedDict'), []);
    const out = runPython(`
import pickle, sys
v = pickle.loads(bytes.fromhex(sys.argv[1]))
print(type(v[0]).__name__, type(v[1]).__name__, v[0] is v[2])`, [hex(writePickle(list(inst, viaObj, inst)))]);
    expect(out.trim()).toBe('OrderedDict OrderedDict True');
  });

  it('writes persistent ids where the hook names them, as a Pickler with persistent_id does', () => {
    const b = writePickle(list('a', 'b'), { persistentId: (v) => (v === 'b' ? tup('storage', 'k') : undefined) });
    const expected = runPython(`
import pickle, io, sys
class P(pickle.Pickler):
    def persistent_id(self, v):
        return ('storage', 'k') if v == 'b' and type(v) is str else None
buf = io.BytesIO(); P(buf, protocol=2).dump(['a', 'b'])
sys.stdout.write(buf.getvalue().hex())`);
    expect(hex(b)).toBe(expected);
  });

  it('writes bigger values than BINPUT can index (LONG_BINPUT/LONG_BINGET)', () => {
    const strings = Array.from({ length: 600 }, (_, i) => `s${i}`);
    const v = list(...strings, ...strings);
    const out = runPython(`
import pickle, sys
v = pickle.loads(bytes.fromhex(sys.argv[1]))
print(len(v), v[0], v[599], v[600] is v[0], v[1199] is v[599])`, [hex(writePickle(v))]);
    expect(out.trim()).toBe('1200 s0 s599 True True');
  });
});
