import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { candidateEntries } from '../../src/checkpoint/walk.js';
import { FileSource } from '../../src/formats/byte-source.js';
import { FormatError } from '../../src/formats/errors.js';
import { openZip, type ZipEntry } from '../../src/formats/zip/reader.js';
import { applyPlan, type ApplyOptions, type ApplyResult } from '../../src/apply/apply.js';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { fileFingerprint } from '../../src/plan/fingerprint.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';
import { writeSyntheticTorchZip } from '../../bench/gen/torch-zip.js';
import { tempDir } from '../helpers/torch.js';
import { ROOT } from '../python/python.js';

const fixture = (rel: string) => join(ROOT, 'fixtures', rel);
const DDP = fixture('training/ddp.pt');
const STRIP: PlanOp[] = [{ op: 'strip_prefix', prefix: 'module.' }];

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('apply-fast');
});
afterAll(() => tmp?.cleanup());

function planFor(source: string, ops: PlanOp[], select: (string | number)[] = []): Plan {
  const src = openPlanSource(source, select);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  return makePlan(
    { file: source, size: src.checkpoint.size, sha256: fileFingerprint([source]).sha256, select },
    { file: 'model', keys: keys.length },
    { ops, mapping: applyOpsToKeys(ops, keys).mapping, unmapped: [] },
  );
}

let counter = 0;
function apply(source: string, ops: PlanOp[], extra: Partial<ApplyOptions> & { select?: (string | number)[]; ext?: string } = {}): ApplyResult & { path: string } {
  const { select = [], ext = 'pt', ...rest } = extra;
  const out = join(tmp.dir, `out-${counter++}.${ext}`);
  const r = applyPlan({ source, plan: planFor(source, ops, select), planFile: 'plan.json', out, ...rest });
  return { ...r, path: out };
}

function entries(path: string): { list: ZipEntry[]; close: () => void } {
  const src = new FileSource(path);
  return { list: openZip(src).entries, close: () => src.close() };
}

/** key → [dtype, shape, stride, offset, storage bytes] as our reader sees the output's state dict */
function tensorsOf(path: string, select: (string | number)[] = []): [string, unknown][] {
  const c = openCheckpoint(path);
  const cand = c.stateDicts.find((s) => s.path.join('/') === select.join('/'))!;
  return candidateEntries(c.root!, cand).map(([k, t]) => [k, [t.info.dtype, t.info.shape, t.info.stride, t.info.storageOffset, t.info.storage.bytes && 'length' in t.info.storage.bytes ? t.info.storage.bytes.length : null]]);
}

describe('apply: storages copied in-kernel', () => {
  it('a rename plan copies the source and rewrites only data.pkl and the directory; every storage stays where it was', () => {
    const r = apply(DDP, STRIP);
    expect(r.written.storages).toEqual({ kind: 'in-kernel', orphans: [{ name: 'ddp/data.pkl', bytes: expect.any(Number) }] });
    const src = entries(DDP);
    const out = entries(r.path);
    try {
      // data.pkl first (PyTorch takes the root folder from it), then every source entry but the old data.pkl
      expect(out.list.map((e) => e.name)).toEqual(['ddp/data.pkl', ...src.list.filter((e) => e.name !== 'ddp/data.pkl').map((e) => e.name)]);
      const source = readFileSync(DDP);
      const written = readFileSync(r.path);
      for (const e of out.list.slice(1)) {
        const before = src.list.find((s) => s.name === e.name)!;
        expect(e.dataOffset).toBe(before.dataOffset);
        expect(written.subarray(e.localHeaderOffset, e.dataOffset + e.size).equals(source.subarray(before.localHeaderOffset, before.dataOffset + before.size))).toBe(true);
      }
      expect(out.list[0]!.dataOffset % 64).toBe(0);
    } finally {
      src.close();
      out.close();
    }
    expect(tensorsOf(r.path)).toEqual(tensorsOf(DDP).map(([k, v]) => [k.slice('module.'.length), v]));
    expect(r.written.bytes).toBe(statSync(r.path).size);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('sdmatch-'))).toEqual([]);
  });

  it('--no-fast streams the same tensors into a compact archive renumbered as torch.save numbers it', () => {
    const fast = apply(DDP, STRIP);
    const slow = apply(DDP, STRIP, { fast: false });
    expect(slow.written.storages).toEqual({ kind: 'streamed', why: 'the in-kernel copy was turned off (--no-fast)' });
    expect(tensorsOf(slow.path)).toEqual(tensorsOf(fast.path));
    expect(slow.written.bytes).toBeLessThan(fast.written.bytes);
  });

  it('dropping a tied weight keeps the storage its twin still uses: still in-kernel', () => {
    const tied = fixture('training/tied.pt');
    const r = apply(tied, [{ op: 'drop', pattern: '^lm_head\\.weight$', reason: 'tied to embed.weight' }]);
    expect(r.written.storages.kind).toBe('in-kernel');
    expect(tensorsOf(r.path).map(([k]) => k)).toEqual(['embed.weight', 'norm.weight', 'norm.bias']);
  });

  it('--keep-container keeps the optimizer state and goes in-kernel; the state dict alone leaves it behind, so streams', () => {
    const lightning = fixture('training/lightning.ckpt');
    const ops: PlanOp[] = [{ op: 'strip_prefix', prefix: 'model.' }];
    const kept = apply(lightning, ops, { select: ['state_dict'], keepContainer: true });
    expect(kept.written.storages.kind).toBe('in-kernel');
    expect(tensorsOf(kept.path, ['state_dict'])).toEqual(tensorsOf(lightning, ['state_dict']).map(([k, v]) => [k.slice('model.'.length), v]));
    const alone = apply(lightning, ops, { select: ['state_dict'] });
    expect(alone.written.storages).toEqual({ kind: 'streamed', why: expect.stringMatching(/^30 of the source's storages \(\d+ bytes\) would be left unreferenced$/) });
  });

  it('every torch-zip fixture: an identity plan with --keep-container goes in-kernel and reads back the same', () => {
    for (const name of ['training/all-dtypes.pt', 'training/offset-views.pt', 'training/quantized.pt', 'training/ema.pt', 'training/nested.pt', 'torch-zip/protocol4.pt', 'torch-zip/renamed-root.pt']) {
      const source = fixture(name);
      const c = openCheckpoint(source);
      const select = c.stateDicts[0]!.path;
      const r = apply(source, [], { select, keepContainer: true });
      expect([name, r.written.storages.kind]).toEqual([name, 'in-kernel']);
      expect([name, tensorsOf(r.path, select)]).toEqual([name, tensorsOf(source, select)]);
    }
  });

  it('gets the mode of a new file, not a read-only source\'s', () => {
    const source = join(tmp.dir, 'read-only.pt');
    copyFileSync(DDP, source);
    chmodSync(source, 0o444);
    const fast = apply(source, STRIP);
    const slow = apply(source, STRIP, { fast: false });
    expect(fast.written.storages.kind).toBe('in-kernel');
    expect(statSync(fast.path).mode & 0o777).toBe(statSync(slow.path).mode & 0o777);
  });

  it('a failed check after the copy (the plan is for another file) leaves nothing behind', () => {
    const plan = planFor(DDP, STRIP);
    const out = join(tmp.dir, 'wrong-hash.pt');
    let err: unknown;
    try {
      applyPlan({ source: DDP, plan: { ...plan, source: { ...plan.source, sha256: 'f'.repeat(64) } }, planFile: 'plan.json', out });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).message).toMatch(/the plan was made for another file/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('sdmatch-'))).toEqual([]);
  });
});

/** 20,000 one-element tensors: a pickle of over 1 MiB, a large share of the file */
function manyTiny(): string {
  const path = join(tmp.dir, 'many-tiny.pt');
  // the old data.pkl must pass MAX_ORPHAN_BYTES (1 MiB): long names get there with 2,000 storages
  // (20,000 short ones, each a zip entry to stream, took three times as long)
  const long = 'x'.repeat(600);
  if (!existsSync(path)) writeSyntheticTorchZip(path, Array.from({ length: 2_000 }, (_, i) => ({ key: `layer${i}.${long}.weight`, shape: [1] })));
  return path;
}

describe('apply: when storages are streamed instead, and why', () => {
  const cases: [string, () => ApplyResult, RegExp][] = [
    ['bytes change (transposes)', () => apply(fixture('remap/gpt2-conv1d.pt'), [{ op: 'transpose', key: 'h.0.attn.c_attn.weight', dims: [1, 0] }]), /^the plan rewrites the bytes of 1 tensor\(s\)/],
    ['a dropped tensor leaves its storage unreferenced', () => apply(DDP, [...STRIP, { op: 'drop', pattern: '^classifier\\.', reason: 'head' }]), /^2 of the source's storages \(\d+ bytes\) would be left unreferenced$/],
    ['safetensors output', () => apply(DDP, STRIP, { ext: 'safetensors' }), /^the output is safetensors$/],
    ['sharded output', () => apply(DDP, STRIP, { maxShardBytes: 1 << 20, format: 'torch' }), /^the output is sharded$/],
    ['compressed storages', () => apply(fixture('torch-zip/deflated.pt'), []), /^\d+ of the source's storages are compressed$/],
    ['a legacy source', () => apply(fixture('legacy/mlp-legacy.pt'), []), /^the source is legacy-torch, not a torch zip archive$/],
    ['the old data.pkl would be a large share of the output (many tiny tensors)', () => apply(manyTiny(), [{ op: 'add_prefix', prefix: 'model.' }]), /^the old data\.pkl \(\d+ bytes, \d+% of the file\) would stay in it unlisted$/],
    ['a TorchScript source', () => apply(fixture('torchscript/cnn-scripted.pt'), []), /^the source is torchscript, not a torch zip archive$/],
  ];
  for (const [what, run, why] of cases) {
    it(what, () => {
      const r = run();
      expect(r.written.storages.kind).toBe('streamed');
      expect(r.written.storages.kind === 'streamed' && r.written.storages.why).toMatch(why);
    });
  }
});
