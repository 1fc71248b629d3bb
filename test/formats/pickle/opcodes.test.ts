import { describe, expect, it } from 'vitest';
import type { PyBytes, PyDict, PyList, PyObject, PySet, PyTuple } from '../../../src/formats/pickle/values.js';
import { concat, hex, run, u32le, u64le, value } from './helpers.js';

/**
 * One vector per opcode of protocols 0–5. Vectors marked `python` were produced with
 * `/usr/bin/python3 -c 'import pickle; …pickle.dumps(obj, protocol=N)'` and pasted as hex.
 */

const f = (v: number) => ({ kind: 'float', value: v });
const t = (...items: unknown[]) => ({ kind: 'tuple', items });
const l = (...items: unknown[]) => ({ kind: 'list', items });
const b = (bytes: number[], flavor = 'bytes') => ({ kind: 'bytes', flavor, length: bytes.length, data: new Uint8Array(bytes), fileOffset: null });

describe('protocol 0 text opcodes', () => {
  it("INT, LONG, PUT and GET numbers as CPython's C unpickler reads them (review 21 F5)", () => {
    // each checked with /usr/bin/python3 pickle.loads: load_int is strtol(s, &end, 0) when that takes the whole line
    expect(value('I010\n.')).toBe(8);
    expect(value('I-010\n.')).toBe(-8);
    expect(value('I007\n.')).toBe(7);
    expect(value('I0x10\n.')).toBe(16);
    expect(value('I1_0\n.')).toBe(10);
    expect(value('I0o17\n.')).toBe(15);
    expect(value('I 1\n.')).toBe(true);
    expect(value('I+1\n.')).toBe(true);
    expect(run('I08\n.').error).not.toBeNull();
    expect(run('I0777777777777777777777777\n.').error).not.toBeNull();
    expect(run('L010L\n.').error).not.toBeNull();
    expect(value('L0x10L\n.')).toBe(16);
    expect(run('I1\np0x1\n.').error).not.toBeNull();
    expect(value('I1\np010\n0g10\n.')).toBe(1);
  });

  it('INT: decimal, sign, and the 00/01 booleans', () => {
    expect(value('I42\n.')).toBe(42);
    expect(value('I-7\n.')).toBe(-7);
    expect(value('I00\n.')).toBe(false);
    expect(value('I01\n.')).toBe(true);
    expect(value('I123456789012345678901\n.')).toBe(123456789012345678901n);
    expect(run('Ix1\n.').error?.message).toMatch(/^pickle: opcode 0x49 INT at offset 0: INT argument is not an integer/);
  });

  it('LONG with and without the trailing L', () => {
    expect(value('L1180591620717411303424L\n.')).toBe(1180591620717411303424n);
    expect(value('L5\n.')).toBe(5);
    expect(value('L-5L\n.')).toBe(-5);
  });

  it('FLOAT: repr forms, inf and nan', () => {
    expect(value('F1.5\n.')).toEqual(f(1.5));
    expect(value('F-1e300\n.')).toEqual(f(-1e300));
    expect(value('Finf\n.')).toEqual(f(Infinity));
    expect(value('F-inf\n.')).toEqual(f(-Infinity));
    expect((value('Fnan\n.') as { value: number }).value).toBeNaN();
    expect(value('F2\n.')).toEqual(f(2));
    expect(run('F1.2.3\n.').error).not.toBeNull();
  });

  it("STRING: python repr quoting and escapes", () => {
    expect(value("S'a\\'b\\n\\x41\\101\\t'\n.")).toBe("a'b\nAA\t");
    expect(value('S"it\'s"\n.')).toBe("it's");
    expect(value("S'\\q'\n.")).toBe('\\q'); // unknown escapes stay
    expect(run('Sabc\n.').error?.message).toContain('must be quoted');
    expect(run("S'\\x4'\n.").error?.message).toContain('invalid \\x escape');
  });

  it('STRING with bytes > 0x7F (Python 2 str) stays bytes instead of failing', () => {
    expect(value("S'\\xe9t\\xe9'\n.")).toEqual(b([0xe9, 0x74, 0xe9], 'py2str'));
    expect(value("S'\xe9'\n.")).toEqual(b([0xe9], 'py2str'));
  });

  it('UNICODE: raw-unicode-escape (python: pickle.dumps("é\\\\z\\U0001F600\\n", 0))', () => {
    expect(value(hex('56e95c75303035637a5c5530303031663630305c75303030610a70300a2e'))).toBe('é\\z\u{1F600}\n');
    expect(value('Va\\b\n.')).toBe('a\\b'); // a backslash not before u/U is literal
    expect(run('V\\u12\n.').error?.message).toContain('truncated \\u escape');
  });

  it('a whole protocol-0 dict (python: dumps({"k": [1, -2, 2**70, 1.5, None, True, "a\'b", (1, 2)]}, 0))', () => {
    const v = value("(dp0\nVk\np1\n(lp2\nI1\naI-2\naL1180591620717411303424L\naF1.5\naNaI01\naVa'b\np3\na(I1\nI2\ntp4\nas.");
    expect(v).toEqual({ kind: 'dict', entries: [['k', l(1, -2, 1180591620717411303424n, f(1.5), null, true, "a'b", t(1, 2))]] });
  });

  it('PUT/GET by text index share the object', () => {
    const v = value('(lp7\ng7\na.') as PyList;
    expect(v.items[0]).toBe(v);
  });

  it('PERSID keeps the id unresolved', () => {
    expect(value('Pstorage0\n.')).toEqual({ kind: 'persid', pid: 'storage0' });
    expect(run('P\xe9\n.').error?.message).toContain('not ASCII');
  });

  it('GLOBAL and INST name globals without importing them', () => {
    const r = run('(i__main__\nFoo\n(dS\'x\'\nI1\nsb.');
    expect(r.error).toBeNull();
    const obj = r.value as PyObject;
    expect(obj).toMatchObject({ kind: 'object', via: 'inst', callable: { kind: 'global', module: '__main__', name: 'Foo' }, args: [] });
    expect(obj.states).toEqual([{ kind: 'dict', entries: [['x', 1]] }]);
    expect(r.globals).toEqual([{ module: '__main__', name: 'Foo' }]);
  });

  it('OBJ: class then arguments after a MARK', () => {
    const obj = value('(c__main__\nFoo\nI1\nI2\no.') as PyObject;
    expect(obj).toMatchObject({ via: 'obj', callable: { module: '__main__', name: 'Foo' }, args: [1, 2] });
  });

  it('POP, POP_MARK, DUP, MARK', () => {
    expect(value('I1\nI2\n0.')).toBe(1);
    expect(value('I1\n(I2\nI3\n1.')).toBe(1);
    expect(value('(0I9\n.')).toBe(9); // POP on an empty stack pops the mark, like pickle.py
    const v = value('(lp0\n2a.') as PyList;
    expect(v.items[0]).toBe(v);
  });

  it('DICT, SETITEM, SETITEMS, APPEND, APPENDS, TUPLE, LIST', () => {
    expect(value('(S"a"\nI1\nS"b"\nI2\nd.')).toEqual({ kind: 'dict', entries: [['a', 1], ['b', 2]] });
    expect(value('(dS"a"\nI1\ns.')).toEqual({ kind: 'dict', entries: [['a', 1]] });
    expect(value('(d(S"a"\nI1\nS"b"\nI2\nu.')).toEqual({ kind: 'dict', entries: [['a', 1], ['b', 2]] });
    expect(value('(lI1\na(I2\nI3\ne.')).toEqual(l(1, 2, 3));
    expect(value('(I1\nI2\nt.')).toEqual(t(1, 2));
    expect(run('(I1\nd.').error?.message).toContain('odd number of items for DICT');
  });
});

describe('protocol 1 binary opcodes', () => {
  it('a whole protocol-1 dict (python: dumps({"k": [1, -2, 2**70, 1.5, None, True, "ab", (1, 2)]}, 1))', () => {
    const v = value(hex('7d710058010000006b71015d7102284b014afeffffff4c313138303539313632303731373431313330333432344c0a473ff80000000000004e4930310a580200000061627103284b014b0274710465732e'));
    expect(v).toEqual({ kind: 'dict', entries: [['k', l(1, -2, 1180591620717411303424n, f(1.5), null, true, 'ab', t(1, 2))]] });
  });

  it('BININT, BININT1, BININT2, BINFLOAT, NONE', () => {
    expect(value(hex('4a feffffff 2e'))).toBe(-2);
    expect(value(hex('4a ffffff7f 2e'))).toBe(2147483647);
    expect(value(hex('4b ff 2e'))).toBe(255);
    expect(value(hex('4d ffff 2e'))).toBe(65535);
    expect(value(hex('47 3ff8000000000000 2e'))).toEqual(f(1.5));
    expect(value(hex('4e 2e'))).toBeNull();
  });

  it('BINSTRING, SHORT_BINSTRING (py2 str), BINUNICODE', () => {
    expect(value(concat('T', u32le(2), 'hi.'))).toBe('hi');
    expect(value(concat('U', new Uint8Array([2]), 'hi.'))).toBe('hi');
    expect(value(concat('U', new Uint8Array([1, 0xff]), '.'))).toEqual(b([0xff], 'py2str'));
    expect(value(concat('X', u32le(2), new Uint8Array([0xc3, 0xa9]), '.'))).toBe('é');
    expect(run(concat('T', hex('ffffffff'), '.')).error?.message).toContain('negative byte count');
  });

  it('BINPUT/BINGET, LONG_BINPUT/LONG_BINGET, EMPTY_TUPLE/LIST/DICT, BINPERSID', () => {
    const v = value(hex('5d 71 05 68 05 61 2e')) as PyList; // [], BINPUT 5, BINGET 5, APPEND
    expect(v.items[0]).toBe(v);
    const w = value(concat(hex('5d 72'), u32le(0xffffffff), hex('6a'), u32le(0xffffffff), hex('61 2e'))) as PyList;
    expect(w.items[0]).toBe(w);
    expect(value(hex('29 2e'))).toEqual(t());
    expect(value(hex('7d 2e'))).toEqual({ kind: 'dict', entries: [] });
    expect(value(hex('4b 01 51 2e'))).toEqual({ kind: 'persid', pid: 1 });
  });
});

describe('protocol 2 opcodes', () => {
  it('PROTO, NEWTRUE, NEWFALSE, TUPLE1-3, LONG1, LONG4', () => {
    const r = run(hex('8002 88 89 85 4b01 4b02 86 4b03 4b04 4b05 87 87 2e'));
    expect(r.protocol).toBe(2);
    // stack: True, (False,), (1, 2), (3, 4, 5) → TUPLE3 of the top three
    expect(r.value).toEqual(t(t(false), t(1, 2), t(3, 4, 5)));
    expect(value(hex('8002 8a 00 2e'))).toBe(0);
    expect(value(hex('8002 8a 01 ff 2e'))).toBe(-1);
    expect(value(hex('8002 8a 06 000000000001 2e'))).toBe(2 ** 40);
    expect(value(hex('8002 8a 09 0000000000000000c0 2e'))).toBe(-(2n ** 70n));
    expect(value(concat(hex('8002 8b'), u32le(9), hex('000000000000000040 2e')))).toBe(2n ** 70n);
  });

  it('REDUCE and BUILD on an OrderedDict keep SETITEMS and state (python: dumps(OrderedDict(a=1, b=2), 2))', () => {
    const od = value(hex('800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271012858010000006171024b0158010000006271034b02752e')) as PyObject;
    expect(od).toMatchObject({ kind: 'object', via: 'reduce', callable: { kind: 'global', module: 'collections', name: 'OrderedDict' }, args: [] });
    expect(od.dictItems).toEqual([['a', 1], ['b', 2]]);
    const withMeta = value(concat(hex('8002 63'), 'collections\nOrderedDict\n', hex('29 52 7d'), 'U\x09_metadata', hex('7d 73 62 2e'))) as PyObject;
    expect(withMeta.states).toEqual([{ kind: 'dict', entries: [['_metadata', { kind: 'dict', entries: [] }]] }]);
  });

  it('bytes under protocol 2 are _codecs.encode calls (python: dumps(b"ab\\xff", 2))', () => {
    const v = value(hex('8002635f636f646563730a656e636f64650a710058040000006162c3bf710158060000006c6174696e3171028671035271042e')) as PyObject;
    expect(v).toMatchObject({ callable: { module: '_codecs', name: 'encode' }, args: ['abÿ', 'latin1'] });
  });

  it('NEWOBJ', () => {
    const v = value(concat(hex('8002 63'), 'm\nC\n', hex('4b01 85 81 2e'))) as PyObject;
    expect(v).toMatchObject({ via: 'newobj', callable: { module: 'm', name: 'C' }, args: [1], kwargs: null });
  });

  it('EXT1, EXT2, EXT4 stay unresolved', () => {
    expect(value(hex('8002 82 07 2e'))).toEqual({ kind: 'ext', code: 7 });
    expect(value(hex('8002 83 3412 2e'))).toEqual({ kind: 'ext', code: 0x1234 });
    expect(value(hex('8002 84 78563412 2e'))).toEqual({ kind: 'ext', code: 0x12345678 });
    expect(run(hex('8002 82 00 2e')).error?.message).toContain('EXT specifies code <= 0');
  });
});

describe('protocol 3 opcodes', () => {
  it('BINBYTES, SHORT_BINBYTES', () => {
    expect(value(concat(hex('8003 42'), u32le(2), 'ab.'))).toEqual(b([0x61, 0x62]));
    expect(value(hex('8003 43 02 6162 2e'))).toEqual(b([0x61, 0x62]));
  });
});

describe('protocol 4 opcodes', () => {
  it('FRAME, SHORT_BINUNICODE, MEMOIZE, EMPTY_SET, ADDITEMS (python: dumps({1, 2}, 4))', () => {
    const s = value(hex('80049509000000000000008f94284b014b02902e')) as PySet;
    expect(s).toEqual({ kind: 'set', frozen: false, items: [1, 2] });
  });

  it('FROZENSET (python: dumps(frozenset([3]), 4))', () => {
    expect(value(hex('8004950600000000000000284b0391942e'))).toEqual({ kind: 'set', frozen: true, items: [3] });
  });

  it('a mixed protocol-4 value (python)', () => {
    const v = value(hex('80049557000000000000007d948c016b945d94284b014afeffffff4d2c014a701101008a060000000000018a090000000000000000c0473ff80000000000004e88898c02c3a99443027879944b0185944b014b0286944b014b024b0387942965732e')) as PyDict;
    expect(v.entries[0]![1]).toEqual(l(1, -2, 300, 70000, 2 ** 40, -(2n ** 70n), f(1.5), null, true, false, 'é', b([0x78, 0x79]), t(1), t(1, 2), t(1, 2, 3), t()));
  });

  it('BINUNICODE8, BINBYTES8', () => {
    expect(value(concat(hex('8004 8d'), u64le(2n), 'hi.'))).toBe('hi');
    expect(value(concat(hex('8004 8e'), u64le(2n), 'hi.'))).toEqual(b([0x68, 0x69]));
  });

  it('STACK_GLOBAL, NEWOBJ_EX', () => {
    const r = run(concat(hex('8004 8c 01'), 'm', hex('8c 01'), 'C', hex('93 4b01 85 7d 8c 01'), 'k', hex('4b02 73 92 2e')));
    expect(r.error).toBeNull();
    expect(r.value).toMatchObject({ via: 'newobj_ex', callable: { module: 'm', name: 'C' }, args: [1], kwargs: { kind: 'dict', entries: [['k', 2]] } });
    expect(r.globals).toEqual([{ module: 'm', name: 'C' }]);
  });
});

describe('protocol 5 opcodes', () => {
  it('BYTEARRAY8 (python: dumps(bytearray(b"abc"), 5))', () => {
    expect(value(hex('8005950e00000000000000960300000000000000616263942e'))).toEqual(b([0x61, 0x62, 0x63], 'bytearray'));
  });

  it('NEXT_BUFFER and READONLY_BUFFER: out-of-band data is a placeholder', () => {
    const v = value(hex('8005 97 98 2e')) as PyBytes;
    expect(v).toEqual({ kind: 'bytes', flavor: 'buffer', length: 0, data: null, fileOffset: null });
  });

  it('PROTO above 5 is refused', () => {
    expect(run(hex('8006 4e 2e')).error?.message).toBe('pickle: opcode 0x80 PROTO at offset 0: unsupported pickle protocol 6');
  });
});

describe('shapes', () => {
  it('self-referencing list and dict (python: l = []; l.append(l); d = {}; d["d"] = d)', () => {
    const list = value(hex('80025d71006800612e')) as PyList;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toBe(list);
    const dict = value(hex('80027d710058010000006471016800732e')) as PyDict;
    expect(dict.entries[0]![0]).toBe('d');
    expect(dict.entries[0]![1]).toBe(dict);
  });

  it('tuples built by TUPLE do not swallow the stack below their MARK', () => {
    expect(value(hex('8002 4b07 28 4b01 4b02 74 86 2e'))).toEqual(t(7, t(1, 2)));
    expect(value(hex('8002 4b07 28 4b01 6c 86 2e'))).toEqual(t(7, l(1)));
  });

  it('junk after STOP is not an error; end points just past STOP', () => {
    const r = run(hex('4e 2e 0a 0a 09 09'));
    expect(r.error).toBeNull();
    expect(r.value).toBeNull();
    expect(r.end).toBe(2);
  });

  it('starts at an offset (pickles back to back)', () => {
    const data = hex('8002 4b01 2e 8002 4b02 2e');
    const first = run(data);
    expect(first.value).toBe(1);
    expect(run(data, {}, first.end).value).toBe(2);
  });
});
