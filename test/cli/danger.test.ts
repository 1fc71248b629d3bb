import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../src/checkpoint/open.js';
import type { PyDict, PyValue } from '../../src/formats/pickle/values.js';
import { writeTorchArchive } from '../../src/formats/torch/write-archive.js';
import { FileSource } from '../../src/formats/byte-source.js';
import { openZip } from '../../src/formats/zip/reader.js';
import { applyPlan } from '../../src/apply/apply.js';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { fileFingerprint } from '../../src/plan/fingerprint.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';
import { writeManifest } from '../../src/formats/manifest.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import { readPageData } from '../report/html/page-helpers.js';

/**
 * A dangerous source through the commands that do not show a safety report: each warns on stderr in
 * one line; apply --keep-container refuses it unless --trust; and the in-kernel copy carries no byte
 * the writer did not list.
 */
const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
const MANIFEST = join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json');
const STRIP: PlanOp[] = [{ op: 'strip_prefix', prefix: 'model.module.' }];
let tmp: { dir: string; cleanup: () => void };
let evil: string;

beforeAll(() => {
  tmp = tempDir('danger');
  // ddp.pt's state dict under 'model', beside a reference to os.system: a pickle that imports it
  const ddp = openCheckpoint(DDP).root as PyDict;
  const root: PyDict = { kind: 'dict', entries: [['model', ddp as PyValue], ['hook', { kind: 'global', module: 'os', name: 'system' }]], attrs: undefined } as unknown as PyDict;
  evil = join(tmp.dir, 'evil.pt');
  writeTorchArchive(evil, root);
});
afterAll(() => tmp?.cleanup());

function planFile(source: string, ops: PlanOp[], select: (string | number)[], name: string): string {
  const src = openPlanSource(source, select);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  // the model: the keys the ops make, as a manifest apply checks the output against (a target not there exits 1)
  const mapping = applyOpsToKeys(ops, keys).mapping;
  const model = join(tmp.dir, `${name}.model.json`);
  writeFileSync(model, writeManifest(keys.filter((k) => typeof mapping[k.key] === 'string').map((k) => ({ ...k, key: mapping[k.key] as string }))));
  const plan: Plan = makePlan({ file: source, size: src.checkpoint.size, sha256: fileFingerprint([source]).sha256, select }, { file: model, keys: keys.length }, { ops, mapping, unmapped: [] });
  const path = join(tmp.dir, name);
  writeFileSync(path, planToJson(plan));
  return path;
}

const WARNING = /^sdmatch: warning: .*evil\.pt is dangerous: its pickle reaches os\.system \(.+\); torch\.load\(weights_only=False\) on it runs code \(sdmatch inspect .*evil\.pt lists what\)$/;

describe('commands reading a dangerous checkpoint warn', () => {
  it('the fixture is dangerous, and holds a state dict', async () => {
    const r = await runCli(['inspect', evil, '--json']);
    expect((JSON.parse(r.stdout) as { safety: { verdict: string } }).safety.verdict).toBe('dangerous');
  });

  it('diff, manifest and plan: one warning line on stderr, the output as usual', async () => {
    for (const args of [['diff', evil, MANIFEST], ['manifest', evil], ['plan', evil, MANIFEST], ['diff', MANIFEST, evil]]) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBeLessThan(2);
      expect(r.stdout).not.toBe('');
      const lines = r.stderr.trim().split('\n').filter((l) => l.includes('warning'));
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(WARNING);
    }
    // a safe checkpoint gets no warning
    expect((await runCli(['diff', DDP, MANIFEST])).stderr).toBe('');
  });

  it('check: every output format leads with the DANGEROUS line the HTML page leads with, the file on either side (s17-verify F15)', async () => {
    for (const sides of [[evil, MANIFEST], [MANIFEST, evil]]) {
      for (const format of ['text', 'markdown', 'github', 'junit']) {
        const r = await runCli(['check', ...sides, '--format', format]);
        expect(r.code, `${format}: ${r.stderr}`).toBeLessThan(2);
        const line = r.stdout.split('\n').find((l) => l.includes('DANGEROUS'));
        expect(line, `check ${sides.join(' ')} --format ${format}`).toBeDefined();
        // markdown escapes the underscore
        expect(line).toMatch(/evil\.pt: its pickle reaches os\.system; torch\.load\(weights\\?_only=False\) on it runs code, so do not load it/);
      }
    }
    // a safe checkpoint: no such line
    expect((await runCli(['check', DDP, MANIFEST, '--format', 'markdown'])).stdout).not.toContain('DANGEROUS');
  });

  it('plan invert reading a dangerous source warns in one line, printed or written (s17-verify F15)', async () => {
    const plan = planFile(evil, [{ op: 'strip_prefix', prefix: 'module.' }], ['model'], 'evil-invert.json');
    for (const extra of [[], ['-o', join(tmp.dir, 'evil-inverse.json')]]) {
      const r = await runCli(['plan', 'invert', plan, evil, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stderr.trim().split('\n').filter((l) => l.includes('warning'));
      expect(lines, extra.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(WARNING);
    }
    // a safe source: no warning
    expect((await runCli(['plan', 'invert', planFile(DDP, [{ op: 'strip_prefix', prefix: 'module.' }], [], 'ddp-invert.json'), DDP])).stderr).toBe('');
  });

  it('apply warns; the state dict alone is written safe; --keep-container is refused unless --trust', async () => {
    const plan = planFile(evil, [], ['model'], 'evil-plan.json');
    const out = join(tmp.dir, 'evil-sd.pt');
    const r = await runCli(['apply', evil, plan, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toMatch(WARNING);
    expect(openCheckpoint(out).safety.verdict).toBe('safe');

    const kept = join(tmp.dir, 'evil-kept.pt');
    const refused = await runCli(['apply', evil, plan, '-o', kept, '--keep-container']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/evil\.pt: is dangerous .*--keep-container would carry its objects.*--trust/);
    const trusted = await runCli(['apply', evil, plan, '-o', kept, '--keep-container', '--trust']);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(openCheckpoint(kept).safety.verdict).toBe('dangerous');
  });
});

describe('commands reading a checkpoint whose safety is incomplete warn too (fail closed)', () => {
  it('a stray pickle sdmatch cannot read: diff, manifest and plan warn in one line; --keep-container is refused unless --trust', async () => {
    const inc = join(tmp.dir, 'incomplete.pt');
    copyFileSync(DDP, inc);
    // a stray member torch.load never reads but a loader of every .pkl member would, cut short
    const py = spawnSync('/usr/bin/python3', ['-c', `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'a'); z.writestr('ddp/stray.pkl', bytes([0x80,2,0x7d,0x71,0,0x28,0x58,1])); z.close()`, inc]);
    expect(py.status, String(py.stderr)).toBe(0);
    for (const args of [['diff', inc, MANIFEST], ['manifest', inc], ['plan', inc, MANIFEST]]) {
      const r = await runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBeLessThan(2);
      const lines = r.stderr.trim().split('\n').filter((l) => l.includes('warning'));
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(/^sdmatch: warning: .*incomplete\.pt: its safety is not known \(ddp\/stray\.pkl: truncated pickle.*do not load it that way unless you trust it/);
    }
    const plan = planFile(inc, [{ op: 'strip_prefix', prefix: 'module.' }], [], 'inc.plan.json');
    const refused = await runCli(['apply', inc, plan, '-o', join(tmp.dir, 'inc-out.pt'), '--keep-container']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/safety verdict of incomplete/);
  });
});

describe('the in-kernel copy carries only what the writer lists', () => {
  const ddpPlan = (source: string, name: string) => planFile(source, [{ op: 'strip_prefix', prefix: 'module.' }], [], name);

  it('the old data.pkl left unlisted is zeroed: none of its bytes stay in OUT', () => {
    const out = join(tmp.dir, 'zeroed.pt');
    const r = applyPlan({ source: DDP, plan: JSON.parse(readFileSync(ddpPlan(DDP, 'z.json'), 'utf8')) as Plan, planFile: 'z.json', out });
    expect(r.written.storages.kind).toBe('in-kernel');
    const src = new FileSource(DDP);
    const zip = openZip(src);
    const pkl = zip.entries.find((e) => e.name === 'ddp/data.pkl')!;
    const old = readFileSync(DDP).subarray(pkl.dataOffset, pkl.dataOffset + pkl.compressedSize);
    src.close();
    const bytes = readFileSync(out);
    expect(bytes.subarray(pkl.dataOffset, pkl.dataOffset + pkl.compressedSize).every((b) => b === 0)).toBe(true);
    expect(bytes.indexOf(old.subarray(0, 64))).toBe(-1);
    // still a zip torch.load recognises: it starts with a local header
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  });

  it('an entry torch.save does not write sends apply down the streaming path', () => {
    const extra = join(tmp.dir, 'extra.pt');
    copyFileSync(DDP, extra);
    const py = spawnSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "a").writestr("ddp/payload.bin", b"x" * 100)', extra]);
    expect(py.status, py.stderr?.toString()).toBe(0);
    const r = applyPlan({ source: extra, plan: JSON.parse(readFileSync(ddpPlan(extra, 'e.json'), 'utf8')) as Plan, planFile: 'e.json', out: join(tmp.dir, 'extra-out.pt') });
    expect(r.written.storages).toEqual({ kind: 'streamed', why: 'the source archive holds an entry torch.save does not write (ddp/payload.bin)' });
    const z = openZip(new FileSource(join(tmp.dir, 'extra-out.pt')));
    expect(z.entries.map((e) => e.name)).not.toContain('ddp/payload.bin');
    z.source.close();
  });

  it('bytes hidden between two listed entries send apply down the streaming path, and are not in OUT', () => {
    const hidden = join(tmp.dir, 'hidden.pt');
    const buf = readFileSync(DDP);
    const src = new FileSource(DDP);
    const zip = openZip(src);
    src.close();
    const at = zip.entries.find((e) => e.name === 'ddp/data/0')!.localHeaderOffset;
    const secret = Buffer.from('PK\x03\x04HIDDEN-SECRET-PAYLOAD', 'latin1');
    writeFileSync(hidden, shiftFrom(buf, at, secret));
    const r = applyPlan({ source: hidden, plan: JSON.parse(readFileSync(ddpPlan(hidden, 'h.json'), 'utf8')) as Plan, planFile: 'h.json', out: join(tmp.dir, 'hidden-out.pt') });
    expect(r.written.storages).toMatchObject({ kind: 'streamed', why: expect.stringMatching(/bytes outside its listed entries \(at \d+, before "ddp\/data\/0"\)/) });
    expect(readFileSync(join(tmp.dir, 'hidden-out.pt')).includes('HIDDEN-SECRET')).toBe(false);
  });
});

describe('the safety verdict reaches --json, the HTML page and check (review 16 F15, F6)', () => {
  const SCHEMAS: Record<string, string> = {
    inspect: 'inspect.schema.json', diff: 'diff.schema.json', plan: 'explain.schema.json', check: 'check.schema.json',
    apply: 'apply.schema.json', 'plan check': 'plan-check.schema.json', manifest: 'manifest-written.schema.json', 'plan invert': 'plan-invert.schema.json',
  };
  const entry = (file: string) => ({ file, verdict: 'dangerous', globals: ['os.system'] });

  it('every command that reads the checkpoint carries `checkpointSafety` in its JSON, as its schema documents', async () => {
    const plan = planFile(evil, [], ['model'], 'json-plan.json');
    const runs: [string, string[], unknown[]][] = [
      ['inspect', ['inspect', evil, '--json'], [entry(evil)]],
      ['diff', ['diff', evil, MANIFEST, '--json'], [entry(evil)]],
      ['diff', ['diff', MANIFEST, evil, '--json'], [entry(evil)]],
      ['plan', ['plan', evil, MANIFEST, '--json'], [entry(evil)]],
      ['check', ['check', MANIFEST, evil, '--json'], [entry(evil)]],
      ['apply', ['apply', evil, plan, '-o', join(tmp.dir, 'json-out.pt'), '--dry-run', '--json'], [entry(evil)]],
      ['plan check', ['plan', 'check', plan, evil, '--json'], [entry(evil), entry(evil)]],
      ['manifest', ['manifest', evil, '-o', join(tmp.dir, 'json-manifest.json'), '--json'], [entry(evil)]],
      ['plan invert', ['plan', 'invert', plan, evil, '-o', join(tmp.dir, 'json-inverse.json'), '--json'], [entry(evil)]],
      // a safe checkpoint has its entry too; a manifest has none
      ['diff', ['diff', DDP, MANIFEST, '--json'], [{ file: DDP, verdict: 'safe', globals: [] }]],
    ];
    for (const [name, args, want] of runs) {
      const r = await runCli(args);
      // inspect's exit code is the verdict (2: dangerous); every other command's is its own
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(name === 'inspect' ? 2 : r.code < 2 ? r.code : -1);
      const json = JSON.parse(r.stdout) as { checkpointSafety: unknown };
      expect(json.checkpointSafety, args.join(' ')).toEqual(want);
      expect(validateJson(loadSchema(SCHEMAS[name]!), json), args.join(' ')).toEqual([]);
    }
  });

  it('the schemas define the field once, alike: the same $defs entry in every one', () => {
    const defs = Object.values(SCHEMAS).map((f) => JSON.stringify((loadSchema(f).$defs as Record<string, unknown>).checkpointSafety));
    expect(new Set(defs).size).toBe(1);
    expect(defs[0]).toContain('dangerous');
  });

  it('the HTML pages of diff, plan and check say it first', async () => {
    for (const [cmd, args] of [['diff', ['diff', evil, MANIFEST]], ['plan', ['plan', evil, MANIFEST]], ['check', ['check', MANIFEST, evil]]] as const) {
      const html = join(tmp.dir, `${cmd}.html`);
      const r = await runCli([...args, '--html', html]);
      expect(r.code, r.stderr).toBeLessThan(2);
      const page = readPageData(readFileSync(html, 'utf8'));
      expect(page.answer.lines[0], cmd).toMatch(/^DANGEROUS: .*evil\.pt: its pickle reaches os\.system; torch\.load\(weights_only=False\) on it runs code/);
      expect((page.json as { checkpointSafety: unknown }).checkpointSafety).toEqual([entry(evil)]);
      // the text a reader without scripts sees (before any script runs) says it too, before the verdict (s17-verify)
      const staticText = readFileSync(html, 'utf8').split('<script')[0]!.replace(/<[^>]+>/g, '\n');
      const lines = staticText.split('\n').map((l) => l.trim()).filter(Boolean);
      const at = lines.findIndex((l) => l.startsWith('DANGEROUS: '));
      expect(at, cmd).toBeGreaterThanOrEqual(0);
      expect(lines[at], cmd).toContain('evil.pt: its pickle reaches os.system');
    }
  });

  it('check warns on stderr, and its exit code stays the key verdict (its --help says so)', async () => {
    const r = await runCli(['check', MANIFEST, evil]);
    expect(r.stderr.trim()).toMatch(WARNING);
    const safe = await runCli(['check', MANIFEST, DDP]);
    expect(r.code).toBe(safe.code);
    expect((await runCli(['check', '--help'])).stdout).toMatch(/a dangerous checkpoint[^]*does\s+not\s+change\s+the\s+exit\s+code/);
  });
});

/** `insert` placed at byte `at` of a zip without zip64: every offset at or past it moved along */
function shiftFrom(buf: Buffer, at: number, insert: Buffer): Buffer {
  const out = Buffer.concat([buf.subarray(0, at), insert, buf.subarray(at)]);
  const n = insert.length;
  const eocd = out.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  const cdOffset = out.readUInt32LE(eocd + 16);
  const count = out.readUInt16LE(eocd + 10);
  let pos = cdOffset + (cdOffset >= at ? n : 0);
  for (let i = 0; i < count; i++) {
    const off = out.readUInt32LE(pos + 42);
    if (off >= at) out.writeUInt32LE(off + n, pos + 42);
    pos += 46 + out.readUInt16LE(pos + 28) + out.readUInt16LE(pos + 30) + out.readUInt16LE(pos + 32);
  }
  if (cdOffset >= at) out.writeUInt32LE(cdOffset + n, eocd + 16);
  // torch.save writes a zip64 end record too: its locator and its central directory offset move as well
  const locator = eocd - 20;
  if (out.readUInt32LE(locator) === 0x07064b50) {
    const rec = Number(out.readBigUInt64LE(locator + 8));
    const moved = rec >= at ? rec + n : rec;
    out.writeBigUInt64LE(BigInt(moved), locator + 8);
    const cd64 = Number(out.readBigUInt64LE(moved + 48));
    if (cd64 >= at) out.writeBigUInt64LE(BigInt(cd64 + n), moved + 48);
  }
  return out;
}
