import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, type OpenedCheckpoint } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import { writePickle } from '../../src/formats/pickle/writer.js';
import type { PyGlobal, PyTensor, PyValue } from '../../src/formats/pickle/values.js';
import type { TensorInfo } from '../../src/formats/tensor.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/corpus.js';
import { filesUnder } from '../helpers/inspect-agree.js';
import { concat, run as parse } from '../formats/pickle/helpers.js';

/**
 * `openCheckpoint(…, { readOnly: true })` makes a torch zip's tensors as the pickle is read (the
 * machine's reduce hook with a lean memo) instead of building every call and interpreting it after.
 * Everything a reader reports must be the same either way; only PyTensor.original differs (null).
 */

function strip(v: PyValue, seen = new Map<object, unknown>()): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? `${v}n` : v;
  const known = seen.get(v);
  if (known !== undefined) return known;
  if (v.kind === 'tensor') return { tensor: v.info };
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const [k, x] of Object.entries(v)) {
    // the dict's `original` is the symbolic call it was interpreted from: in the hooked read its
    // items are the tensors already made; what was read is compared through the rest of the node
    if (k === 'original') continue;
    out[k] = Array.isArray(x) ? x.map((y) => (Array.isArray(y) ? y.map((z) => strip(z as PyValue, seen)) : strip(y as PyValue, seen))) : strip(x as PyValue, seen);
  }
  return out;
}

function report(c: OpenedCheckpoint): unknown {
  return {
    format: c.format,
    detail: c.detail,
    tensors: c.tensors.map((t) => ({ path: t.path, info: t.info as TensorInfo, aliases: t.aliases })),
    stateDicts: c.stateDicts,
    safety: c.safety,
    error: c.error?.message ?? null,
    root: strip(c.root),
  };
}

/** Both ways of opening `path` give the same report (or the same error). */
function expectSameReading(path: string): 'read' | 'refused' {
  let full: unknown;
  let lean: unknown;
  try {
    full = report(openCheckpoint(path));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    expect(() => openCheckpoint(path, { readOnly: true }), path).toThrow(e.message);
    return 'refused';
  }
  const opened = openCheckpoint(path, { readOnly: true });
  lean = report(opened);
  expect(lean, path).toEqual(full);
  return 'read';
}

describe('openCheckpoint readOnly', () => {
  it('reads every fixture checkpoint as the full reading does, tensors without their calls', () => {
    const files = filesUnder(join(repoRoot, 'fixtures'), (n) => /\.(pt|pth|bin|ckpt|safetensors|json|npz|npy|pkl)$/.test(n));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expectSameReading(f);
    const mlp = openCheckpoint(join(repoRoot, 'fixtures/torch-zip/mlp.pt'), { readOnly: true });
    expect(mlp.tensors.length).toBeGreaterThan(0);
    const first = (mlp.root as { entries: [string, PyTensor][] }).entries[0]![1];
    expect(first.kind).toBe('tensor');
    expect(first.original).toBeNull();
    expect((openCheckpoint(join(repoRoot, 'fixtures/torch-zip/mlp.pt')).root as { entries: [string, PyTensor][] }).entries[0]![1].original).not.toBeNull();
  });

  it.skipIf(!corpusAvailable)('reads every torch zip of the real corpus (benign and malicious) as the full reading does', { timeout: 600_000 }, () => {
    const zips = filesUnder(corpusDir, () => true).filter((p) => {
      const fd = openSync(p, 'r');
      try {
        const head = Buffer.alloc(4);
        return readSync(fd, head, 0, 4, 0) === 4 && head[0] === 0x50 && head[1] === 0x4b;
      } finally {
        closeSync(fd);
      }
    });
    expect(zips.length).toBeGreaterThan(50);
    const outcomes = zips.map(expectSameReading);
    expect(outcomes.filter((o) => o === 'read').length).toBeGreaterThan(50);
  });
});

// ---- the machine's hook, on pickles that do what torch.save never does ----------------------------

const G = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const FAKE: PyValue = { kind: 'tensor', info: { kind: 'tensor', dtype: 'float32', shape: [1], stride: [1], storageOffset: 0, requiresGrad: false, storage: { key: '0', dtype: 'float32', numel: 1, device: 'cpu', bytes: null } }, original: null };
const hook = { reduce: (c: { callable: PyGlobal }) => (c.callable.name === 'make' ? FAKE : undefined), leanMemo: true } as const;

describe('PickleOptions.reduce and leanMemo', () => {
  // protocol 2: c m\nmake\n ( ) t R   → make(()) as a call, replaced by FAKE under the hook
  const call = 'cm\nmake\n)R';

  it('puts the hook\'s value in place of the call and says so', () => {
    const r = parse(concat('\x80\x02', call, '.'), hook);
    expect(r.error).toBeNull();
    expect(r.value).toBe(FAKE);
    expect(r.reduced).toBe(true);
    expect(r.globals).toEqual([{ module: 'm', name: 'make' }]);
  });

  it('starts over without the hook when the replaced value is mutated, called or used as a persistent id', () => {
    const cases = [
      concat('\x80\x02', call, '}b.'), // BUILD on it
      concat('\x80\x02', call, ')R.'), // called
      concat('\x80\x02', call, 'Q.'), // BINPERSID of it
      concat('\x80\x02', call, '(K\x01K\x02u.'), // SETITEMS on it
    ];
    for (const bytes of cases) {
      const plain = parse(bytes);
      const hooked = parse(bytes, hook);
      expect(hooked.reduced).toBeUndefined();
      expect({ ...hooked, shared: [...hooked.shared] }).toEqual({ ...plain, shared: [...plain.shared] });
    }
  });

  it('keeps containers out of a lean memo and starts over when one is fetched', () => {
    // ( K1 t q\x00 0 h\x00 . : a tuple memoized, popped, fetched again
    const bytes = concat('\x80\x02(K\x01tq\x000h\x00.');
    const plain = parse(bytes);
    const hooked = parse(bytes, hook);
    expect(plain.value).toEqual({ kind: 'tuple', items: [1] });
    expect(hooked.reduced).toBeUndefined();
    expect(hooked.value).toEqual(plain.value);
    // strings and globals stay in the memo: a fetch of one does not start over
    const kept = parse(concat('\x80\x02X\x01\x00\x00\x00aq\x000h\x00', call, '\x86.'), hook);
    expect(kept.reduced).toBe(true);
    expect(kept.value).toEqual({ kind: 'tuple', items: ['a', FAKE] });
  });

  it('stops replacing once anything is shared (DUP): a duplicated argument may still change', () => {
    // the argument tuple is DUPed (and the copy popped) before the call takes it: the call stays a call
    const r = parse(concat('\x80\x02cm\nmake\n)20R.'), hook);
    expect(r.error).toBeNull();
    expect(r.reduced).toBe(true);
    expect(r.value).toEqual({ kind: 'object', via: 'reduce', callable: G('m', 'make'), args: [], kwargs: null, states: [], listItems: [], dictItems: [] });
    const wrote = writePickle({ kind: 'object', via: 'reduce', callable: G('m', 'make'), args: [], kwargs: null, states: [], listItems: [], dictItems: [] });
    expect(parse(wrote, hook).value).toBe(FAKE);
  });
});
