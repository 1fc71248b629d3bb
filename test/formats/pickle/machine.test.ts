import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/formats/byte-source.js';
import { readPickle } from '../../../src/formats/pickle/machine.js';
import type { PyBytes, PyDict, PyList, PyObject, PyValue } from '../../../src/formats/pickle/values.js';
import { concat, CountingSource, hex, latin1, run, u32le, u64le, value } from './helpers.js';
import { hostileDepth, hostileDepthName } from '../../helpers/tier.js';

/** python: pickle.dumps({'k': [1, -2, 300, 70000, 2**40, -2**70, 1.5, None, True, False, 'é', b'xy', (1,), (1,2), (1,2,3), ()]}, 4) */
const MIX4 = hex('80049557000000000000007d948c016b945d94284b014afeffffff4d2c014a701101008a060000000000018a090000000000000000c0473ff80000000000004e88898c02c3a99443027879944b0185944b014b0286944b014b024b0387942965732e');
/** python: pickle.dumps({'k': [1, -2, 2**70, 1.5, None, True, "a'b", (1, 2)]}, 0) */
const MIX0 = latin1("(dp0\nVk\np1\n(lp2\nI1\naI-2\naL1180591620717411303424L\naF1.5\naNaI01\naVa'b\np3\na(I1\nI2\ntp4\nas.");

describe('depth and sharing', () => {
  it(`parses a ${hostileDepthName}-deep nested list without recursion`, () => {
    const n = hostileDepth;
    const bytes = new Uint8Array(2 * n + 1);
    bytes.fill(0x28, 0, n); // MARK × n
    bytes.fill(0x6c, n, 2 * n); // LIST × n
    bytes[2 * n] = 0x2e;
    const r = readPickle(new BufferSource(bytes, 'deep.pkl'));
    expect(r.error).toBeNull();
    let depth = 0;
    let node = r.value as PyList;
    while (node.items.length === 1) {
      node = node.items[0] as PyList;
      depth++;
    }
    expect(node.items).toEqual([]);
    expect(depth).toBe(n - 1);
  });

  it(`parses ${hostileDepthName} lists nested by APPEND`, () => {
    const n = hostileDepth;
    const bytes = new Uint8Array(2 * n);
    bytes.fill(0x5d, 0, n); // EMPTY_LIST × n
    bytes.fill(0x61, n, 2 * n - 1); // APPEND × (n - 1)
    bytes[2 * n - 1] = 0x2e;
    const r = readPickle(new BufferSource(bytes, 'deep.pkl'));
    expect(r.error).toBeNull();
    let depth = 0;
    for (let node = r.value as PyList; node.items.length; node = node.items[0] as PyList) depth++;
    expect(depth).toBe(n - 1);
  });

  it('keeps a billion-laughs reference bomb linear: 40 levels of 10 shared references', () => {
    // level 0 = 'lol'; level k = [level k-1] * 10 via memo GETs: 10^40 elements if expanded
    const parts: Uint8Array[] = [hex('8002 58'), u32le(3), latin1('lol'), hex('71 00')];
    for (let level = 1; level <= 40; level++) {
      parts.push(hex('28'));
      for (let i = 0; i < 10; i++) parts.push(hex('68'), new Uint8Array([level - 1]));
      parts.push(hex('6c 71'), new Uint8Array([level]));
    }
    parts.push(hex('2e'));
    const r = run(concat(...parts));
    expect(r.error).toBeNull();
    let node = r.value as PyValue;
    for (let level = 40; level >= 1; level--) {
      const list = node as PyList;
      expect(list.items).toHaveLength(10);
      expect(new Set(list.items).size).toBe(1); // ten references to one object
      node = list.items[0]!;
    }
    expect(node).toBe('lol');
  });

  it('MARK nesting and stack size are bounded by maxStack', () => {
    expect(run('((((N.', { maxStack: 3 }).error?.message).toContain('MARK nesting deeper than 3');
    expect(run('NNNNNN.', { maxStack: 3 }).error?.message).toContain('stack grows past 3 items');
  });
});

describe('truncation and bad sizes', () => {
  it.each([
    ['protocol 4', MIX4],
    ['protocol 0', MIX0],
  ])('a %s pickle cut at every byte position reports an error and never throws', (_, full) => {
    for (let cut = 0; cut < full.length; cut++) {
      const r = readPickle(new BufferSource(full.subarray(0, cut), 'cut.pkl'));
      expect(r.error, `cut at ${cut}`).not.toBeNull();
      expect(r.value).toBeUndefined();
      expect(r.end).toBeLessThanOrEqual(cut);
    }
    expect(readPickle(new BufferSource(full, 'whole.pkl')).error).toBeNull();
  });

  it('names the truncation precisely', () => {
    expect(run('').error?.message).toBe('truncated pickle: no STOP before the end of the data at offset 0');
    expect(run(hex('8004 4a 0102')).error?.message).toBe('truncated pickle: 0x4a BININT argument needs 4 bytes but 2 remain at offset 2');
    expect(run('I12').error?.message).toBe('truncated pickle: 0x49 INT line has no newline before the end at offset 0');
  });

  it.each([
    ['BINBYTES8 of 2^60', concat(hex('8004 8e'), u64le(2n ** 60n), 'ab.')],
    ['BINUNICODE8 of 2^60', concat(hex('8004 8d'), u64le(2n ** 60n), 'ab.')],
    ['BYTEARRAY8 of 2^64-1', concat(hex('8005 96'), u64le(2n ** 64n - 1n), 'ab.')],
    ['BINBYTES of 2^32-1', concat(hex('8003 42'), u32le(0xffffffff), 'ab.')],
    ['BINUNICODE of 2^32-1', concat(hex('80 02 58'), u32le(0xffffffff), 'ab.')],
    ['BINSTRING of 2^31-1', concat(hex('54'), u32le(0x7fffffff), 'ab.')],
    ['LONG4 of 2^31-1 bytes', concat(hex('8002 8b'), u32le(0x7fffffff), 'ab.')],
  ])('refuses %s before allocating', (_, bytes) => {
    const r = run(bytes);
    expect(r.error?.message).toMatch(/^truncated pickle: .* needs \d+ bytes but 3 remain at offset \d+$/);
  });

  it('reports BINUNICODE with a garbage length like picklescan broken_model.pkl, keeping earlier globals', () => {
    const r = run(concat('cbuiltins\nexec\n(X', hex('3e0a6620'), 'open("x").'));
    expect(r.error?.message).toContain('needs 543558206 bytes');
    expect(r.globals).toEqual([{ module: 'builtins', name: 'exec' }]);
  });
});

describe('memo', () => {
  it('GET of a key never stored is an error (picklescan keyerror-exploit)', () => {
    const r = run(concat('cos\nsystem\n(S"echo"\ntR', hex('68 03'), '.'));
    expect(r.error?.message).toBe('pickle: opcode 0x68 BINGET at offset 22: memo key 3 was never stored');
    expect(r.globals).toEqual([{ module: 'os', name: 'system' }]);
  });

  it('sparse huge indexes work; the entry count is bounded by maxMemo', () => {
    expect(value(concat(hex('4b07 72'), u32le(0xfffffffe), hex('30 6a'), u32le(0xfffffffe), '.'))).toBe(7);
    const many = concat('N', new Uint8Array(20).fill(0x94), '.'); // MEMOIZE × 20
    expect(run(many, { maxMemo: 10 }).error?.message).toContain('memo grows past 10 entries');
    expect(run(many).error).toBeNull();
    expect(run('Np-1\n.').error?.message).toContain('negative memo index');
    // MEMOIZE stores at len(memo): a key first stored out of order still counts once
    expect(value('I5\np1\nI0\np0\nI7\np1\n\x94g2\n.')).toBe(7);
  });

  it('PUT overwrites an earlier entry at the same index', () => {
    expect(value('I1\np0\nI2\np0\n0g0\n.')).toBe(2);
  });
});

describe('stack discipline', () => {
  it.each([
    ['STOP on an empty stack', '.', 'stack underflow'],
    ['REDUCE with nothing below', hex('29 52 2e'), 'stack underflow'],
    ['APPENDS without MARK', ']Ne.', 'MARK not found'],
    ['TUPLE2 reaching under a MARK', 'N(N\x86.', 'stack underflow (nothing after MARK)'],
    ['an unknown opcode', '\xff', 'not an opcode'],
  ])('%s is an error', (_, bytes, message) => {
    expect(run(bytes).error?.message).toContain(message);
  });
});

describe('calls and type confusion', () => {
  it('STACK_GLOBAL with a non-string operand is an error that keeps earlier globals', () => {
    const r = run(concat(hex('8004'), 'cos\nsystem\n', hex('4b 2a 8c 01'), 'x', hex('93 2e')));
    expect(r.error?.message).toBe('pickle: opcode 0x93 STACK_GLOBAL at offset 18: STACK_GLOBAL needs str module and name, got int and str');
    expect(r.globals).toEqual([{ module: 'os', name: 'system' }]);
    expect(r.anomalies).toEqual([]);
  });

  it('STACK_GLOBAL on load-time values is recorded as dynamic before stopping', () => {
    const r = run(concat(hex('8004'), 'cbuiltins\nstr\n', hex('29 52 8c 01'), 'x', hex('93 2e')));
    expect(r.error?.message).toContain('computed at load time');
    expect(r.anomalies).toMatchObject([{ kind: 'dynamic-operand', opcode: 'STACK_GLOBAL' }]);
  });

  it('REDUCE refuses non-tuple arguments and non-callables, as CPython does', () => {
    expect(run('cm\nf\n]R.').error?.message).toContain('REDUCE arguments must be a tuple, got list');
    expect(run('I1\n)R.').error?.message).toContain('REDUCE on a int, which is not callable');
  });

  it('BUILD and SETITEM on a module reference are recorded, not applied (the sys.modules override trick)', () => {
    const r = run(concat(hex('8004'), 'ctorch\n_utils\n', hex('7d 8c 01'), 'a', hex('8c 01'), 'b', hex('73 62 2e')));
    expect(r.error).toBeNull();
    expect(r.anomalies).toMatchObject([
      { kind: 'global-mutated', opcode: 'BUILD', target: { module: 'torch', name: '_utils' }, offset: 24 },
    ]);
    const s = run(concat('ctorch\n_utils\n', '(S"k"\nI1\nu.'));
    expect(s.anomalies).toMatchObject([{ kind: 'global-mutated', opcode: 'SETITEMS' }]);
  });

  it('BUILD with state on a plain list fails as in CPython; an empty state is fine', () => {
    expect(value(']Nb.')).toEqual({ kind: 'list', items: [] });
    expect(run('](dS"a"\nI1\nsb.').error?.message).toContain('BUILD on a list (only objects take state)');
  });

  it('globals are deduplicated in first-seen order', () => {
    const r = run('cb\ny\n0ca\nx\n0cb\ny\n.');
    expect(r.globals).toEqual([{ module: 'b', name: 'y' }, { module: 'a', name: 'x' }]);
  });

  it('onCall sees every call as it is made', () => {
    const calls: string[] = [];
    run('cm\nf\n)Rcm\ng\n)R0.', { onCall: (c) => calls.push((c.callable as { name: string }).name) });
    expect(calls).toEqual(['f', 'g']);
  });
});

describe('dict keys', () => {
  it('an equal primitive key overwrites in place (1 == 1.0 == True)', () => {
    const d = value('(dI1\nS"a"\nsI01\nS"b"\nsF1.0\nS"c"\nsS"x"\nNsS"x"\nI2\ns.') as PyDict;
    expect(d.entries).toEqual([[1, 'c'], ['x', 2]]);
  });

  it('keeps 100,000 keys and applies overwrites through the index', () => {
    const parts: string[] = ['}('];
    for (let i = 0; i < 100_000; i++) parts.push(`Vk${i}\nI${i}\n`);
    for (let i = 0; i < 100_000; i += 2) parts.push(`Vk${i}\nI-1\n`);
    parts.push('u.');
    const d = value(parts.join('')) as PyDict;
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[0]).toEqual(['k0', -1]);
    expect(d.entries[1]).toEqual(['k1', 1]);
    expect(d.entries[99_998]).toEqual(['k99998', -1]);
  });

  it('SETITEMS on an object (OrderedDict) overwrites equal keys too', () => {
    const od = value('ccollections\nOrderedDict\n)R(S"a"\nI1\nS"a"\nI2\nu.') as { dictItems: unknown };
    expect(od.dictItems).toEqual([['a', 2]]);
  });
});

describe('reading', () => {
  it('leaves large byte strings in the source and copies small ones', () => {
    const big = 100_000;
    const bytes = concat(hex('8004 8e'), u64le(BigInt(big)), new Uint8Array(big).fill(7), hex('2e'));
    const large = value(bytes) as PyBytes;
    expect(large).toEqual({ kind: 'bytes', flavor: 'bytes', length: big, data: null, fileOffset: 11 });
    const copied = value(bytes, { largeBytes: 200_000 }) as PyBytes;
    expect(copied.data?.length).toBe(big);
    expect(copied.data?.buffer).not.toBe(bytes.buffer); // a copy, not a view that pins the window
  });

  it('reads through the ByteSource in windows, never byte by byte', () => {
    const n = 200_000;
    const bytes = new Uint8Array(4 + 2 * n + 2);
    bytes.set(hex('8004 5d 28'));
    for (let i = 0; i < n; i++) bytes.set(hex('4b 01'), 4 + 2 * i);
    bytes.set(hex('65 2e'), 4 + 2 * n);
    const src = new CountingSource(bytes);
    const r = readPickle(src);
    expect(r.error).toBeNull();
    expect((r.value as PyList).items).toHaveLength(200_000);
    expect(src.reads).toBeLessThanOrEqual(Math.ceil(src.size / 65536) + 1);
  });

  it('never throws on random bytes or mutated pickles', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 3000; i++) {
      const base = i % 2 ? MIX4 : MIX0;
      const bytes = base.slice();
      for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const r = readPickle(new BufferSource(bytes, 'fuzz.pkl'));
      expect(r.error === null || r.value === undefined).toBe(true);
      const noise = new Uint8Array(1 + Math.floor(rand() * 64)).map(() => Math.floor(rand() * 256));
      readPickle(new BufferSource(noise, 'noise.pkl'));
    }
  });
});

describe('sharing facts and call records', () => {
  /** python: x = [1]; pickle.dumps([x, x, (2, 3, 4, 5), (6,)], 2) */
  const SHARED = hex('80025d7100285d71014b01616801284b024b034b044b057471024b06857103652e');
  /** python: [C(), D(), E(), D()] at protocol 2, C with BUILD state {'a': 1}, E with list and dict items, D plain */
  const CALLS = hex('80025d710028635f5f6d61696e5f5f0a430a7101295271027d710358010000006171044b017362635f5f6d61696e5f5f0a440a710529527106635f5f6d61696e5f5f0a450a7107295271084b076158010000006b71094b087368052952710a652e');

  it('names the containers fetched from the memo as shared, and no others', () => {
    const r = run(SHARED);
    expect(r.error).toBeNull();
    const top = r.value as PyList;
    const [x, again, four, one] = top.items as PyValue[];
    expect(again).toBe(x);
    expect(r.shared.has(x as object)).toBe(true);
    expect(r.shared.has(four as object)).toBe(false);
    expect(r.shared.has(one as object)).toBe(false);
    expect(r.shared.has(top)).toBe(false);
    // MARK-built tuples hold exactly their items
    expect((four as { items: PyValue[] }).items).toEqual([2, 3, 4, 5]);
  });

  it('gives each call record its own states and items once mutated, and none before', () => {
    const r = run(CALLS);
    expect(r.error).toBeNull();
    const [c, d1, e, d2] = (r.value as PyList).items as PyObject[];
    expect(c!.states).toEqual([{ kind: 'dict', entries: [['a', 1]] }]);
    expect(e!.listItems).toEqual([7]);
    expect(e!.dictItems).toEqual([['k', 8]]);
    for (const d of [d1!, d2!]) {
      expect(d.states).toEqual([]);
      expect(d.listItems).toEqual([]);
      expect(d.dictItems).toEqual([]);
    }
    // an unmutated record's empty lists are immutable: the tree is read-only once returned
    expect(Object.isFrozen(d1!.states)).toBe(true);
    expect(Object.isFrozen(c!.states)).toBe(false);
  });
});

describe('one flat stack for every MARK level', () => {
  it('closes nested MARKs innermost first, leaving the items below each MARK in place', () => {
    // N ( I1 ( I2 I3 t I4 t  →  stack [None, (1, (2, 3), 4)] ; TUPLE2 → (None, (1, (2, 3), 4))
    const v = value('N(I1\n(I2\nI3\ntI4\nt\x86.') as { items: PyValue[] };
    expect(v).toEqual({ kind: 'tuple', items: [null, { kind: 'tuple', items: [1, { kind: 'tuple', items: [2, 3] }, 4] }] });
  });

  it('POP_MARK drops exactly the innermost MARK and its items; POP after an empty MARK drops only the MARK', () => {
    expect(value('I7\n(I1\n(I2\nI3\n1t.')).toEqual({ kind: 'tuple', items: [1] });
    expect(value('I7\n(I1\n(0t.')).toEqual({ kind: 'tuple', items: [1] });
    expect(run('I7\n(I1\n11.').error?.message).toContain('MARK not found');
  });

  it('a MARK hides the items below it: popping under it is an underflow, not a read of the outer level', () => {
    expect(run('I1\n(.').error?.message).toContain('stack underflow (nothing after MARK)');
    expect(run('I1\n(R.').error?.message).toContain('stack underflow (nothing after MARK)');
    expect(run('(I1\n(b.').error?.message).toContain('stack underflow (nothing after MARK)');
  });

  it('counts the stack limit per MARK level, as before', () => {
    // 6 items on the stack at the deepest point, never more than 2 per level (+ the tuple each level gets)
    expect(value('NN(NN(NNtt\x86.', { maxStack: 3 })).toMatchObject({ kind: 'tuple' });
    expect(run('NNN(NNNN.', { maxStack: 3 }).error?.message).toContain('stack grows past 3 items');
  });

  it('gives every MARK-built container its own exact array, and lists stay growable', () => {
    const v = value('(I1\nI2\nl(I3\ntaI4\na.') as PyList;
    expect(v.items).toEqual([1, 2, { kind: 'tuple', items: [3] }, 4]);
    const t = value('((I1\nI2\ntI3\n\x86.') as { items: { items: PyValue[] }[] };
    expect(t.items[0]!.items).toEqual([1, 2]);
    expect(t.items[0]!.items).not.toBe(t.items[1]);
  });

  it('empty tuples are distinct values sharing one frozen, never-mutated item list', () => {
    const v = value(hex('80 02 29 29 86 2e')) as { items: { kind: string; items: PyValue[] }[] };
    const [a, b] = v.items;
    expect(a).toEqual({ kind: 'tuple', items: [] });
    expect(a).not.toBe(b);
    expect(Object.isFrozen(a!.items)).toBe(true);
    // a call on an empty tuple takes it as its (read-only) arguments
    const c = value(hex('80 02 63 6d 0a 66 0a 29 52 2e')) as PyObject;
    expect(c.args).toEqual([]);
  });
});

describe('text', () => {
  it('decodes str of every length, ASCII or not, wherever it falls against the read windows', () => {
    const enc = new TextEncoder();
    const want: string[] = [];
    const parts: Uint8Array[] = [hex('80 02 5d 28')]; // PROTO 2, EMPTY_LIST, MARK
    for (let i = 0; want.length < 3000; i++) {
      const len = (i * 37) % 300;
      const ascii = 'abcdefghij'.repeat(30).slice(0, len);
      // every third string has a non-ASCII character somewhere (first, middle or last)
      const s = i % 3 === 0 && len > 0 ? ascii.slice(0, (i >> 2) % len) + 'é' + ascii.slice(((i >> 2) % len) + 1) : ascii;
      want.push(s);
      const b = enc.encode(s);
      parts.push(b.length < 256 ? concat(hex('8c'), new Uint8Array([b.length]), b) : concat(hex('58'), u32le(b.length), b));
    }
    parts.push(hex('65 2e')); // APPENDS, STOP
    const bytes = concat(...parts);
    expect(bytes.length).toBeGreaterThan(3 * 64 * 1024);
    expect((value(bytes) as PyList).items).toEqual(want);
  });

  it('replaces bytes that are not UTF-8 as before, and keeps a leading BOM', () => {
    expect(value(concat(hex('80 02 8c 04'), new Uint8Array([0x61, 0xff, 0x62, 0x80]), '.'))).toBe('a\ufffdb\ufffd');
    expect(value(concat(hex('80 02 8c 04'), new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), '.'))).toBe('\ufeffa');
  });
});
