import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanSource } from '../../src/apply/apply-source.js';
import { fileFingerprint } from '../../src/plan/fingerprint.js';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * apply against the machine: outputs that are not files, a full disk, a read-only folder, a folder
 * it may not write, a folder that is not there. Each is the user's to fix: exit 2, one line naming the
 * file, no "internal error", and nothing left behind in the folder.
 */
const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
let tmp: { dir: string; cleanup: () => void };
let plan: string;
const mounts: string[] = [];

beforeAll(() => {
  tmp = tempDir('apply-env');
  chmodSync(tmp.dir, 0o755);
  const src = openPlanSource(DDP, []);
  const keys = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));
  const ops = [{ op: 'strip_prefix' as const, prefix: 'module.' }];
  plan = join(tmp.dir, 'plan.json');
  writeFileSync(plan, planToJson(makePlan({ file: 'ddp.pt', size: src.checkpoint.size, sha256: fileFingerprint([DDP]).sha256, select: [] }, { file: 'model', keys: 16 }, { ops, mapping: applyOpsToKeys(ops, keys).mapping, unmapped: [] })));
  chmodSync(plan, 0o644);
});
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
  tmp?.cleanup();
});

/** a tmpfs of `size` mounted at a new folder (root only), or null where this cannot be done */
function tmpfs(name: string, options: string): string | null {
  const at = join(tmp.dir, name);
  mkdirSync(at);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]);
  if (r.status !== 0) return null;
  mounts.push(at);
  return at;
}

async function expectRefused(out: string, problem: RegExp, extra: string[] = []): Promise<void> {
  for (const fast of [[], ['--no-fast']]) {
    const r = await runCli(['apply', DDP, plan, '-o', out, ...fast, ...extra]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^sdmatch: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).not.toMatch(/internal error|\bat .+:\d+:\d+/);
  }
}

const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes('.sdmatch-'));

describe('apply -o onto what is not a regular file', () => {
  it('refuses a character device, a FIFO and a socket (exit 2), and leaves them as they were', async () => {
    await expectRefused('/dev/null', /is a character device, not a regular file/);
    const fifo = join(tmp.dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await expectRefused(fifo, /is a FIFO \(named pipe\), not a regular file/);
    const sock = join(tmp.dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      await expectRefused(sock, /is a socket, not a regular file/);
    } finally {
      server.close();
    }
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('refuses a folder that does not exist, and a path through a file', async () => {
    await expectRefused(join(tmp.dir, 'no-such-folder', 'out.pt'), /cannot write into .*no-such-folder: no such file or folder/);
    await expectRefused(join(plan, 'out.pt'), /cannot write into .*plan\.json: (it is not a folder|a folder on the path is a file)/);
  });
});

describe('plan -o and manifest -o onto what is not a regular file', () => {
  it('refuse /dev/null and a FIFO instead of renaming a file over them', async () => {
    const fifo = join(tmp.dir, 'fifo-manifest');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const out of ['/dev/null', fifo]) {
      for (const args of [['manifest', DDP, '-o', out], ['plan', DDP, DDP, '-o', out]]) {
        const r = await runCli(args);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr.trim()).toMatch(new RegExp(`^sdmatch: ${out}: cannot write: it is (a character device|a FIFO \\(named pipe\\)), not a regular file`));
      }
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});

describe('apply when the disk says no', () => {
  it('a full disk: exit 2 naming OUT, no temporary left', async (ctx) => {
    const small = tmpfs('full', 'size=4k');
    if (!small) return ctx.skip();
    const out = join(small, 'out.pt');
    await expectRefused(out, /cannot write: no space left on the device \(ENOSPC\)/);
    await expectRefused(out, /no space left/, ['--no-sync']);
    expect(readdirSync(small)).toEqual([]);
  });

  it('a read-only folder: exit 2 naming OUT and the folder', async (ctx) => {
    const ro = tmpfs('ro', 'size=1m,ro');
    if (!ro) return ctx.skip();
    const out = join(ro, 'out.pt');
    await expectRefused(out, /cannot write into .*ro: the file system is read-only \(EROFS\)/);
  });

  it('a folder this user may not write (run as nobody): exit 2 naming OUT and the folder', (ctx) => {
    const bundle = join(repoRoot, 'bin/sdmatch.js');
    const locked = join(tmp.dir, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    const out = join(locked, 'out.pt');
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
    if (probe.status !== 0) return ctx.skip();
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bundle, 'apply', DDP, plan, '-o', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^sdmatch: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write into ${locked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: permission denied \\(EACCES\\)`));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(locked)).toEqual([]);
  });
});
