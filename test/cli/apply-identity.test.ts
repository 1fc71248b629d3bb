/**
 * `plan` records the source's identity (device, inode, size, mtime, ctime) when it hashes it, and
 * `apply` skips re-reading a source that still has it — saying so, never "verified sha256". Every
 * other file (a copy, a file written in place, a plan without identity) is re-hashed as before.
 */
import { copyFileSync, existsSync, openSync, closeSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, writeSync, readSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { identityOf } from '../../src/plan/source-identity.js';
import { tempDir } from '../helpers/torch.js';
import { ROOT } from '../python/python.js';
import { runCli } from './capture-main.js';

const DDP = join(ROOT, 'fixtures/training/ddp.pt');
const MANIFEST = join(ROOT, 'fixtures/pairs/ddp-vs-plain.manifest.json');
const UNCHANGED = 'source unchanged since `plan` hashed it (same device, inode, size, mtime, ctime): sha256 not re-read';
let tmp: { dir: string; cleanup: () => void };
let source: string;
let plan: string;

beforeAll(async () => {
  tmp = tempDir('cli-apply-identity');
  source = join(tmp.dir, 'src.pt');
  copyFileSync(DDP, source);
  // a file written less than 3 s before plan hashes it records no identity (its timestamps could
  // not tell a later write in the same tick apart): plan it once it has settled, as a user would
  await new Promise((r) => setTimeout(r, 3200));
  plan = join(tmp.dir, 'plan.json');
  const made = await runCli(['plan', source, MANIFEST, '-o', plan]);
  expect(made.code).toBe(0);
}, 30_000);
afterAll(() => tmp?.cleanup());

function planJson(): Record<string, any> {
  return JSON.parse(readFileSync(plan, 'utf8'));
}

/** Temporaries apply leaves in a folder (none, after any run). */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.sdmatch-'));
}

/** an mtime utimes can set again exactly (it takes seconds as a double) */
const WHOLE_SECOND = 1_700_000_000;

/** Overwrite one byte of the first tensor's storage in place (size unchanged), then reset mtime. */
function rewriteInPlace(file: string, flip: boolean): void {
  const st = statSync(file, { bigint: true });
  const loc = openPlanSource(file, []).entries[0]![1].info.storage.bytes;
  if (!loc || loc.kind !== 'raw') throw new Error('no stored tensor');
  const fd = openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, loc.offset);
    if (flip) b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, loc.offset);
  } finally {
    closeSync(fd);
  }
  utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
  expect(statSync(file, { bigint: true }).mtimeNs).toBe(st.mtimeNs);
  expect(statSync(file).size).toBe(Number(st.size));
}

describe('apply trusts the identity plan recorded, and nothing else', () => {
  it('plan records device, inode, size, mtime and ctime of the file it hashed', () => {
    const st = statSync(source, { bigint: true });
    expect(planJson().source.identity).toEqual({
      device: String(st.dev), inode: String(st.ino), size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs),
    });
  });

  it('the same file, unchanged: the re-hash is skipped and the output says exactly that; --full-hash re-reads it', async () => {
    const out = join(tmp.dir, 'same.pt');
    const r = await runCli(['apply', source, plan, '-o', out, '--no-sync']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(UNCHANGED);
    expect(r.stdout).not.toMatch(/sha256: matched|verified sha256|sha256 verified/);
    const json = await runCli(['apply', source, plan, '-o', join(tmp.dir, 'same2.pt'), '--no-sync', '--json']);
    expect(JSON.parse(json.stdout).hash).toBe('unchanged since plan');
    const dry = await runCli(['apply', source, plan, '--dry-run']);
    expect(dry.stdout).toContain(UNCHANGED);
    for (const flag of ['--full-hash', '--rehash']) {
      const full = await runCli(['apply', source, plan, '-o', join(tmp.dir, `full${flag}.pt`), '--no-sync', flag]);
      expect(full.code).toBe(0);
      expect(full.stdout).toContain('sha256: matched');
      expect(full.stdout).not.toContain('not re-read');
    }
    const help = await runCli(['apply', '--help']);
    expect(help.stdout).toMatch(/--full-hash.*--rehash|--rehash.*--full-hash/s);
    expect(help.stdout).toMatch(/ctime/);
  });

  it('a copy (another inode) and a plan without identity are re-hashed', async () => {
    const copy = join(tmp.dir, 'copy.pt');
    copyFileSync(source, copy);
    const r = await runCli(['apply', copy, plan, '-o', join(tmp.dir, 'from-copy.pt'), '--no-sync']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sha256: matched');
    expect(r.stdout).not.toContain('not re-read');
    const old = planJson();
    delete old.source.identity;
    const oldPlan = join(tmp.dir, 'old-plan.json');
    writeFileSync(oldPlan, JSON.stringify(old));
    const o = await runCli(['apply', source, oldPlan, '-o', join(tmp.dir, 'from-old.pt'), '--no-sync']);
    expect(o.code).toBe(0);
    expect(o.stdout).toContain('sha256: matched');
  });

  it('a file written in place (same size, mtime reset, new ctime) is re-hashed; other bytes are rejected, nothing left behind', async () => {
    const dir = join(tmp.dir, 'inplace');
    mkdirSync(dir);
    const same = join(dir, 'same-bytes.pt');
    const changed = join(dir, 'changed.pt');
    copyFileSync(source, same);
    copyFileSync(source, changed);
    for (const f of [same, changed]) utimesSync(f, WHOLE_SECOND, WHOLE_SECOND);
    // plans for these two files, whose identity is then taken by rewriting them in place
    const planFor = (f: string, name: string, keySet: boolean) => {
      const p = planJson();
      p.source.identity = identityOf(statSync(f, { bigint: true }));
      // written into another folder: the plan names its target from there (a plan moved without it exits 1)
      p.target.file = MANIFEST;
      if (!keySet) delete p.source.keySet;
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(p));
      return path;
    };
    const samePlan = planFor(same, 'same.json', true);
    const strictPlan = planFor(changed, 'strict.json', false);
    const keySetPlan = planFor(changed, 'keyset.json', true);
    // ctime has a tick of its own: make sure the rewrite lands in a later one
    await new Promise((r) => setTimeout(r, 50));
    rewriteInPlace(same, false);
    rewriteInPlace(changed, true);

    const s = await runCli(['apply', same, samePlan, '-o', join(dir, 'out-same.pt'), '--no-sync']);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('sha256: matched');
    expect(s.stdout).not.toContain('not re-read');

    const out = join(dir, 'out-changed.pt');
    const c = await runCli(['apply', changed, strictPlan, '-o', out, '--no-sync']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/strict\.json: the plan was made for another file: .*has sha256/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(dir)).toEqual([]);

    // a plan that records the key set accepts another file with it (another snapshot), and says so
    const k = await runCli(['apply', changed, keySetPlan, '-o', join(dir, 'out-keyset.pt'), '--no-sync']);
    expect(k.code).toBe(0);
    expect(k.stdout).toContain("another file than the plan's, with the key set it was made for");
    expect(k.stdout).not.toContain('not re-read');
  });
});
