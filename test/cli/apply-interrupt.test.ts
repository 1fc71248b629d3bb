import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { fileFingerprint } from '../../src/plan/fingerprint.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import type { PlanOp } from '../../src/plan/types.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { ROOT } from '../python/python.js';

// `sdmatch apply` (the installed CLI: bin/sdmatch.js and lib/, as npm run bundle leaves them) killed
// with SIGKILL in the middle of its write must leave neither OUT nor a temporary behind. The write is
// held still by strace, which delays the return of the in-kernel copy: the temporary then holds the
// source's bytes and not yet the plan's new tail, a partial output.
const BIN = join(repoRoot, 'bin/sdmatch.js');
const DDP = join(ROOT, 'fixtures/training/ddp.pt');
const STRACE = ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p));

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('apply-interrupt');
});
afterAll(() => tmp?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (cond()) return true;
  return cond();
}

function renamePlan(): string {
  const ops: PlanOp[] = [{ op: 'strip_prefix', prefix: 'module.' }];
  const src = openPlanSource(DDP, []);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  const plan = makePlan(
    { file: 'ddp.pt', size: src.checkpoint.size, sha256: fileFingerprint([DDP]).sha256, select: [] },
    // the model the strip makes the checkpoint load into (a target not there exits 1)
    { file: join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json'), keys: keys.length },
    { ops, mapping: applyOpsToKeys(ops, keys).mapping, unmapped: [] },
  );
  const path = join(tmp.dir, 'strip.plan.json');
  writeFileSync(path, planToJson(plan));
  return path;
}

describe('apply killed mid-write', () => {
  it.skipIf(!STRACE)('SIGKILL during the copy leaves neither OUT nor a temporary', async () => {
    const plan = renamePlan();
    const out = join(tmp.dir, 'model.pt');
    const size = statSync(DDP).size;
    // the copy's syscall returns 30 s late (copy_file_range, or sendfile where the kernel has no copy_file_range)
    const traced = spawn(STRACE!, ['-o', '/dev/null', '-e', 'trace=copy_file_range,sendfile', '-e', 'inject=copy_file_range,sendfile:delay_exit=30000000', process.execPath, BIN, 'apply', DDP, plan, '-o', out, '--no-sync'], { stdio: 'ignore' });
    const exited = new Promise((r) => traced.on('exit', r));
    const temps = () => readdirSync(tmp.dir).filter((n) => n.startsWith('.model.pt.sdmatch-'));
    // mid-write: the temporary holds the copied bytes, the plan's new tail is not written yet
    const midWrite = await until(() => temps().some((n) => statSync(join(tmp.dir, n), { throwIfNoEntry: false })?.size === size), 30_000);
    expect(midWrite, 'apply never reached the copy').toBe(true);
    expect(existsSync(out)).toBe(false);
    const apply = Number(readFileSync(`/proc/${traced.pid}/task/${traced.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    expect(readFileSync(`/proc/${apply}/cmdline`, 'utf8')).toContain(BIN);
    // a traced process dies once its tracer lets go of it: strace goes too, and apply runs no further
    // (its SIGKILL is pending when it is let go)
    process.kill(apply, 'SIGKILL');
    traced.kill('SIGKILL');
    await exited;
    expect(await until(() => temps().length === 0, 30_000), `left behind: ${temps().join(', ')}`).toBe(true);
    expect(existsSync(out)).toBe(false);
    // the same command, not interrupted, writes OUT (the plan and the held copy were what apply runs)
    const r = spawnSync(process.execPath, [BIN, 'apply', DDP, plan, '-o', out, '--no-sync'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/in-kernel/);
    expect(temps()).toEqual([]);
  }, 90_000);
});
