import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import { FormatError } from '../../src/formats/errors.js';
import type { ByteLocation } from '../../src/formats/tensor.js';
import { copyRange, OpenFiles, readTensorBytes, transposeBytes } from '../../src/formats/storage-copy.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { entryLocation } from '../../src/formats/zip/reader.js';
import { FileSource } from '../../src/formats/byte-source.js';
import { applyPlan, dryRunApply, type ApplyOptions } from '../../src/apply/apply.js';
import { Rebuilder } from '../../src/apply/apply-bytes.js';
import { WATCHER_SH } from '../../src/apply/output-guard.js';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { entriesFingerprint, fileFingerprint, fingerprintProblems, hashInBackground } from '../../src/plan/fingerprint.js';
import { editZipEntry } from '../helpers/zip-edit.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';
import { tempDir } from '../helpers/torch.js';
import { ROOT } from '../python/python.js';

const DDP = join(ROOT, 'fixtures/training/ddp.pt');
const GPT2 = join(ROOT, 'fixtures/remap/gpt2-conv1d.pt');

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('apply');
});
afterAll(() => tmp?.cleanup());

/** A plan as plans were before entries digests (sha256 only); `entries: true` records it as `sdmatch plan` does now. */
function planFor(source: string, ops: PlanOp[], select: (string | number)[] = [], o: { entries?: boolean } = {}): Plan {
  const src = openPlanSource(source, select);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  const entries = o.entries ? entriesFingerprint(src.checkpoint.format, source) : null;
  if (entries && 'why' in entries) throw new Error(`planFor: ${entries.why}`);
  return makePlan(
    { file: source, size: src.checkpoint.size, sha256: fileFingerprint([source]).sha256, ...(entries ? { entriesSha256: entries.sha256 } : {}), select },
    { file: 'model', keys: keys.length },
    { ops, mapping: applyOpsToKeys(ops, keys).mapping, unmapped: [] },
  );
}

const STRIP: PlanOp[] = [{ op: 'strip_prefix', prefix: 'module.' }];
const opts = (plan: Plan, out: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({ source: DDP, plan, planFile: 'plan.json', out, ...extra });

function keysOf(path: string): string[] {
  const c = openCheckpoint(path);
  return c.stateDicts[0]!.keys;
}

function expectFormatError(fn: () => unknown, file: string, pattern: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(FormatError);
  expect((err as FormatError).file).toBe(file);
  expect((err as FormatError).message).toMatch(pattern);
}

describe('applyPlan', () => {
  it('writes the renamed state dict and reports what it did', () => {
    const out = join(tmp.dir, 'plain.pt');
    const r = applyPlan(opts(planFor(DDP, STRIP), out));
    expect(keysOf(out)).toEqual(keysOf(DDP).map((k) => k.slice('module.'.length)));
    expect(r.changes.renamed).toHaveLength(16);
    expect(r.hash).toBe('matched');
    expect(r.metadata).toMatchObject({ carried: true, dropped: [''] });
    expect(r.written.files).toEqual([out]);
    expect(r.written.bytes).toBe(statSync(out).size);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('sdmatch-'))).toEqual([]);
  });

  it('refuses a plan made for another file (size, key set), naming the plan; --force follows the ops', () => {
    const plan = planFor(DDP, STRIP);
    const out = join(tmp.dir, 'other.pt');
    expectFormatError(() => applyPlan(opts({ ...plan, source: { ...plan.source, size: plan.source.size + 1 } }, out)), 'plan.json', /made for another file: .*size is \d+ bytes, the plan's source had \d+/);
    const fewer = { ...plan, mapping: Object.fromEntries(Object.entries(plan.mapping).slice(1)) };
    expectFormatError(() => applyPlan(opts(fewer, out)), 'plan.json', /key set differs: 1 key\(s\) the plan does not know \('module\.features\.0\.weight'\)/);
    expect(existsSync(out)).toBe(false);
    const r = applyPlan(opts({ ...plan, source: { ...plan.source, size: 1 } }, out, { force: true }));
    expect(r.forced[0]).toMatch(/size is/);
    expect(r.hash).toBe('not checked (--force)');
    expect(existsSync(out)).toBe(true);
  });

  it('knows a zip source by its entries digest only when the plan recorded no sha256 (plan --no-hash)', () => {
    const full = planFor(DDP, STRIP, [], { entries: true });
    const plan = { ...full, source: { ...full.source, sha256: '' } };
    expect(applyPlan(opts(plan, join(tmp.dir, 'entries.pt'))).hash).toBe('entries matched');
    expect(dryRunApply(opts(plan, join(tmp.dir, 'entries-dry.pt'))).hash).toBe('entries matched');
    // a recorded sha256 is always checked: the CRC-32s are the file's word about itself
    expect(applyPlan(opts(full, join(tmp.dir, 'entries-full.pt'))).hash).toBe('matched');
    expect(applyPlan(opts(full, join(tmp.dir, 'entries-full2.pt'), { fullHash: true })).hash).toBe('matched');
    expect(applyPlan(opts(full, join(tmp.dir, 'entries-nohash.pt'), { verifyHash: false })).hash).toBe('not checked (--no-verify-hash)');
  });

  it('a source whose CRC-32s were left as they were over other bytes is caught by the recorded sha256', () => {
    const plan = planFor(DDP, STRIP, [], { entries: true });
    const forged = join(tmp.dir, 'forged-crc.pt');
    copyFileSync(DDP, forged);
    const zip = openZip(new FileSource(forged));
    const crc = zip.entries.find((e) => e.name === 'ddp/data/0')!.crc32;
    zip.source.close();
    editZipEntry(forged, 'ddp/data/0', (d) => (d[0] = d[0]! ^ 0x01), { crc });
    // the directory still gives the plan's entries digest: only the full hash can tell
    expect(entriesFingerprint('torch-zip', forged)).toEqual({ sha256: plan.source.entriesSha256 });
    const out = join(tmp.dir, 'forged-out.pt');
    expectFormatError(() => applyPlan({ ...opts(plan, out), source: forged }), 'plan.json', /made for another file: .*has sha256/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.forged-out'))).toEqual([]);
  });

  it('refuses, before writing anything, a zip of the same names and sizes holding other bytes', () => {
    const plan = planFor(DDP, STRIP, [], { entries: true });
    const other = join(tmp.dir, 'other-step.pt');
    copyFileSync(DDP, other);
    editZipEntry(other, 'ddp/data/0', (d) => (d[0] = d[0]! ^ 0x01));
    expect(openCheckpoint(other).error).toBeNull();
    const out = join(tmp.dir, 'other-step-out.pt');
    expectFormatError(() => applyPlan({ ...opts(plan, out), source: other }), 'plan.json', /made for another file: .*holds other bytes under the same names .*CRC-32s.*--force/);
    expectFormatError(() => dryRunApply({ ...opts(plan, out), source: other }), 'plan.json', /holds other bytes/);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('.other-step-out'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
    // the full sha256 of an old plan catches it too, after writing, and removes what it wrote
    expectFormatError(() => applyPlan({ ...opts(planFor(DDP, STRIP), out), source: other }), 'plan.json', /made for another file: .*has sha256/);
    expect(existsSync(out)).toBe(false);
    expect(applyPlan({ ...opts(plan, out), source: other, force: true }).hash).toBe('not checked (--force)');
  });

  it('--no-sync writes the same output', () => {
    const plan = planFor(DDP, STRIP, [], { entries: true });
    const synced = join(tmp.dir, 'synced.pt');
    const unsynced = join(tmp.dir, 'unsynced.pt');
    applyPlan(opts(plan, synced));
    applyPlan(opts(plan, unsynced, { sync: false }));
    expect(readFileSync(unsynced)).toEqual(readFileSync(synced));
  });

  it('refuses an op that matches nothing, and ops that disagree with the mapping', () => {
    const out = join(tmp.dir, 'bad-ops.pt');
    const plan = planFor(DDP, STRIP);
    expectFormatError(() => applyPlan(opts({ ...plan, ops: [...STRIP, { op: 'strip_prefix', prefix: 'encoder.' }] }, out)), 'plan.json', /ops\[1\] \(strip_prefix 'encoder\.'\): matches no key/);
    expectFormatError(() => applyPlan(opts({ ...plan, ops: [{ op: 'strip_prefix', prefix: 'module.features.' }] }, out)), 'plan.json', /ops and mapping disagree/);
    expect(existsSync(out)).toBe(false);
  });

  it('never writes over SOURCE (nor a hard link to it) unless in place; in place replaces it whole', () => {
    const source = join(tmp.dir, 'inplace.pt');
    copyFileSync(DDP, source);
    const link = join(tmp.dir, 'inplace-link.pt');
    linkSync(source, link);
    const plan = planFor(source, STRIP);
    expectFormatError(() => applyPlan({ ...opts(plan, source), source }), source, /is the source .*--in-place/);
    expectFormatError(() => applyPlan({ ...opts(plan, link), source }), link, /is the source/);
    expect(readFileSync(source)).toEqual(readFileSync(DDP));
    applyPlan({ ...opts(plan, source), source, inPlace: true });
    expect(keysOf(source)[0]).toBe('features.0.weight');
    // the hard link still names the old bytes: the rename replaced the path, not the inode
    expect(readFileSync(link)).toEqual(readFileSync(DDP));
  });

  it('dry run: lists the changes and writes nothing', () => {
    const out = join(tmp.dir, 'dry.pt');
    const p = dryRunApply(opts(planFor(DDP, [...STRIP, { op: 'drop', pattern: '^classifier\\.', reason: 'head' }]), out));
    expect(p.changes.dropped).toEqual(['module.classifier.weight', 'module.classifier.bias']);
    expect(p.changes.renamed[0]).toEqual({ from: 'module.features.0.weight', to: 'features.0.weight' });
    expect(p.hash).toBe('not checked (dry run)');
    expect(existsSync(out)).toBe(false);
  });

  it('keep-container is refused for outputs that cannot hold a tree', () => {
    expectFormatError(() => applyPlan(opts(planFor(DDP, STRIP), join(tmp.dir, 'k.safetensors'), { keepContainer: true })), '', /--keep-container writes a single torch file/);
  });

  it('sharded output goes to a new folder with transformers\' names and an index', () => {
    const dir = join(tmp.dir, 'shards');
    const r = applyPlan(opts(planFor(DDP, STRIP), dir, { maxShardBytes: 800, format: 'safetensors' }));
    const names = readdirSync(dir).sort();
    expect(names).toContain('model.safetensors.index.json');
    expect(names.filter((n) => /^model-\d{5}-of-\d{5}\.safetensors$/.test(n)).length).toBeGreaterThan(1);
    expect(r.written.files.every((f) => f.startsWith(dir))).toBe(true);
    const again = join(tmp.dir, 'shards');
    expectFormatError(() => applyPlan(opts(planFor(DDP, STRIP), again, { maxShardBytes: 800 })), again, /exists and is not empty/);
  });
});

describe('rebuilt tensors', () => {
  it('are computed when the writer reads them, through reused buffers, and come out byte-identical', () => {
    const src = openPlanSource(GPT2, []);
    const sources = new Map(src.entries);
    const keys = ['h.0.attn.c_attn.weight', 'h.0.mlp.c_fc.weight', 'h.0.attn.c_proj.weight'];
    const entries = keys.map((key) => ({ key, shape: sources.get(key)!.info.shape, dtype: sources.get(key)!.info.dtype }));
    const { outputs } = applyOpsToKeys(keys.map((key) => ({ op: 'transpose' as const, key, dims: [1, 0] })), entries);
    const files = new OpenFiles();
    const rebuilder = new Rebuilder(sources, files);
    const built = outputs.map((o) => rebuilder.build(o));
    const wants = keys.map((key) => transposeBytes(readTensorBytes(sources.get(key)!.info, files), sources.get(key)!.info.shape, 4, [1, 0]));
    built.forEach((r, i) => {
      expect(r.info.storage.bytes).toMatchObject({ kind: 'computed', file: GPT2, length: wants[i]!.length });
      expect(r.info.shape).toEqual([...sources.get(keys[i]!)!.info.shape].reverse());
    });
    // streamed as the writer does, one after another (each compute reuses the previous one's buffers)
    const streamed = (loc: ByteLocation): Uint8Array => {
      const parts: Uint8Array[] = [];
      copyRange(loc, (c) => parts.push(c.slice()), { files, bufSize: 1000 });
      return Buffer.concat(parts);
    };
    for (const round of [0, 1]) built.forEach((r, i) => expect(streamed(r.info.storage.bytes!), `${keys[i]} round ${round}`).toEqual(Buffer.from(wants[i]!)));
    // a read of the whole is a copy: the next compute does not change it
    const first = readTensorBytes(built[0]!.info, files);
    readTensorBytes(built[1]!.info, files);
    expect(first).toEqual(wants[0]);
    files.close();
  });

  it('checks what needs no byte when built: a quantized or reinterpreted source is refused before anything is read', () => {
    const src = openPlanSource(GPT2, []);
    const key = 'h.0.attn.c_attn.weight';
    const t = src.entries.find(([k]) => k === key)![1];
    const odd = new Map([[key, { ...t, info: { ...t.info, dtype: 'float16' as const } }]]);
    const { outputs } = applyOpsToKeys([{ op: 'transpose', key, dims: [1, 0] }], [{ key, shape: t.info.shape, dtype: t.info.dtype }]);
    expect(() => new Rebuilder(odd, new OpenFiles()).build(outputs[0]!)).toThrow(/dtype float16 on a float32 storage cannot be rearranged/);
  });
});

describe('fingerprint', () => {
  it('hashes on another thread to the same digest as in line', () => {
    const h = hashInBackground([DDP, GPT2]).result();
    expect(h).toEqual(fileFingerprint([DDP, GPT2]));
    expect(hashInBackground([join(tmp.dir, 'missing')]).result()).toMatchObject({ error: expect.stringMatching(/ENOENT/) });
  });

  it('names size and key differences with examples', () => {
    const plan = planFor(DDP, STRIP);
    expect(fingerprintProblems(plan, { size: plan.source.size, keys: Object.keys(plan.mapping) })).toEqual([]);
    const p = fingerprintProblems(plan, { size: 5, keys: ['a', 'module.features.0.weight'] });
    expect(p[0]).toBe(`size is 5 bytes, the plan's source had ${plan.source.size}`);
    expect(p[1]).toMatch(/^key set differs: 15 planned key\(s\) absent \('module\.features\.0\.bias', .*, …\); 1 key\(s\) the plan does not know \('a'\)$/);
  });
});

describe('interrupted writes', () => {
  it('the watcher removes the temporaries once the writing process is killed', async () => {
    const victim = join(tmp.dir, '.victim.sdmatch-x.tmp');
    const script = `
      const { spawn } = require('node:child_process');
      const fs = require('node:fs');
      fs.writeFileSync(${JSON.stringify(victim)}, 'partial');
      spawn('/bin/sh', ['-c', process.env.WATCHER, 'sdmatch-guard', ${JSON.stringify(victim)}], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] }).unref();
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 300);
    `;
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, WATCHER: WATCHER_SH }, stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');
    for (let i = 0; i < 50 && existsSync(victim); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(victim)).toBe(false);
  });
});

describe('CRCs of copied storages', () => {
  it('a STORED entry carries its CRC, and archives written with it pass zipfile.testzip', () => {
    const zip = openZip(new FileSource(DDP));
    const e = zip.entries.find((x) => x.name.endsWith('/data/0'))!;
    expect(entryLocation(zip, e, DDP)).toMatchObject({ kind: 'raw', crc32: e.crc32 });
    const out = join(tmp.dir, 'crc.pt');
    applyPlan(opts(planFor(DDP, STRIP), out));
    const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip())', out], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('None');
    // a corrupted copy is caught by the very CRC carried over from the source
    const bad = readFileSync(out);
    const at = bad.indexOf(Buffer.from('data/0')) + 200;
    bad[at] = bad[at]! ^ 0xff;
    writeFileSync(join(tmp.dir, 'crc-bad.pt'), bad);
    const r2 = spawnSync('/usr/bin/python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip())', join(tmp.dir, 'crc-bad.pt')], { encoding: 'utf8' });
    expect(r2.stdout.trim()).toMatch(/data\/0$/);
  });
});
