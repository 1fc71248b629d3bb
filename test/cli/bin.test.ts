import { spawn, spawnSync } from 'node:child_process';
import { crc32 } from 'node:zlib';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSparseShardedSafetensors } from '../../bench/gen/sparse-safetensors.js';
import { openSafetensorsForReport } from '../../src/checkpoint/open-safetensors.js';
import { formatInspectJson } from '../../src/report/inspect-model.js';
import { buildSafetensorsInspectModel } from '../../src/report/inspect-safetensors.js';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

const BIN = join(repoRoot, 'bin/sdmatch.js');
const BUNDLE = join(repoRoot, 'lib/cli.cjs');

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// bin/sdmatch.js runs the esbuild bundle of the CLI (lib/cli.cjs, committed; npm run bundle rewrites it):
// it must behave exactly as the modules the other tests run in-process
describe('bin/sdmatch.js (the bundled CLI)', () => {
  it('is built', () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run bundle`).toBe(true);
  });

  it('says one line, exit 2, when the current folder was deleted (review 21 F10)', () => {
    const gone = mkdtempSync(join(tmpdir(), 'sdmatch-gone-'));
    const r = spawnSync('sh', ['-c', `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${BIN}" diff "${join(repoRoot, 'fixtures/training/ddp.pt')}" "${join(repoRoot, 'fixtures/training/ddp.pt')}"`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^sdmatch: cannot read the current folder \(ENOENT\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints the package version', () => {
    const r = run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('gives what the in-process CLI gives: a report with a table, JSON, and an error line with its exit code', async () => {
    for (const args of [
      ['plan', 'fixtures/training/ddp.pt', 'fixtures/pairs/ddp-vs-plain.manifest.json'],
      ['inspect', 'fixtures/training/ddp.pt', '--json'],
      ['inspect', 'fixtures/no-such-file.pt'],
    ]) {
      const bundled = run(args);
      const inProcess = await runCli(args);
      expect({ code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({
        code: inProcess.code,
        stdout: inProcess.stdout,
        stderr: inProcess.stderr,
      });
    }
  });
});

// bin/load-cli.js compiles the bundle with V8's code cache, which is only ever an optimisation
describe('the code cache of the bundled CLI', () => {
  const args = ['inspect', 'fixtures/training/ddp.pt', '--json'];
  const nodePrefix = `cli-${process.version}-${process.arch}-`;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  // bin/load-cli.js's installId: CRC-32s of the bundle's path and of its reverse
  const installOf = (bundle: string) => `${nodePrefix}${hex(crc32(bundle))}${hex(crc32([...bundle].reverse().join(''))).slice(0, 4)}-`;
  // `inspect FILE --json` runs from lib/inspect.cjs (src/cli/inspect-entry.ts), whose caches these are
  const install = installOf(join(repoRoot, 'lib/inspect.cjs'));
  const cacheName = (command: string, of = install) => new RegExp(`^${of.replace(/\./g, '\\.')}\\d+-\\d+-\\d+-${command}\\.v8cache$`);
  const MAGIC_LENGTH = Buffer.from('sdmatch-v8cache-2\n').length;

  function withDir(test: (dir: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), 'sdmatch-code-cache-'));
    try {
      test(dir);
    } finally {
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('is written on the first run into SDMATCH_CODE_CACHE_DIR, used by the next, and a bad one is rejected and written again', () => {
    withDir((dir) => {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      // this install's cache of another build (an upgrade left it behind) is removed when this one is written
      const old = join(dir, `${install}1-2-3-inspect.v8cache`);
      // another install's, or another Node's, are theirs to keep
      const otherInstall = join(dir, `${nodePrefix}000000000000-1-2-3-inspect.v8cache`);
      const otherNode = join(dir, 'cli-v0.0.0-x-000000000000-1-2-3-inspect.v8cache');
      for (const f of [old, otherInstall, otherNode]) writeFileSync(f, 'old');
      const cold = run(args, env);
      expect(cold.code).toBe(0);
      expect(existsSync(old)).toBe(false);
      expect(existsSync(otherInstall)).toBe(true);
      expect(existsSync(otherNode)).toBe(true);
      rmSync(otherInstall);
      rmSync(otherNode);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(cacheName('inspect'));
      expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
      expect(run(args, env)).toEqual(cold);
      // garbage where the cache was: rejected, the CLI runs from source and writes a good cache
      writeFileSync(join(dir, files[0]!), Buffer.alloc(4096, 7), { mode: 0o600 });
      expect(run(args, env)).toEqual(cold);
      expect(readFileSync(join(dir, files[0]!)).equals(Buffer.alloc(4096, 7))).toBe(false);
      expect(readdirSync(dir)).toEqual(files);
      // a misspelt command (exit 2) leaves no cache of its own
      expect(run(['inspcet', 'x'], env).code).toBe(2);
      expect(readdirSync(dir)).toEqual(files);
    });
  });

  it('prunes, when it writes, only our own files: other installs\' and Nodes\' caches once 30 days old, a dead run\'s .tmp once 10 minutes old', () => {
    withDir((dir) => {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      const at = (name: string, daysOld: number): string => {
        const f = join(dir, name);
        writeFileSync(f, 'x', { mode: 0o600 });
        const t = (Date.now() - daysOld * 86_400_000) / 1000;
        utimesSync(f, t, t);
        return f;
      };
      const minute = 1 / 1440;
      const staleInstall = at(`${nodePrefix}000000000000-1-2-3-inspect.v8cache`, 31);
      const staleNode = at('cli-v0.0.0-x-000000000000-1-2-3-diff.v8cache', 31);
      const freshNode = at('cli-v0.0.0-x-000000000000-1-2-3-inspect.v8cache', 29);
      const deadTmp = at(`${nodePrefix}000000000000-1-2-3-inspect.v8cache.999.tmp`, 11 * minute);
      const writingTmp = at(`${nodePrefix}000000000000-1-2-3-inspect.v8cache.998.tmp`, 5 * minute);
      // not ours, whatever their age: a name off our pattern, and a symlink with our name
      const notOurs = [at('cli-v0.0.0-x-000000000000-1-2-3-inspect.v8cache.bak', 99), at('notes.txt', 99)];
      const target = at('target', 99);
      const link = join(dir, 'cli-v0.0.0-x-111111111111-1-2-3-inspect.v8cache');
      symlinkSync(target, link);
      expect(run(args, env).code).toBe(0);
      for (const f of [staleInstall, staleNode, deadTmp]) expect(existsSync(f), f).toBe(false);
      for (const f of [freshNode, writingTmp, ...notOurs, target, link]) expect(existsSync(f), f).toBe(true);
      expect(readdirSync(dir).filter((n) => cacheName('inspect').test(n))).toHaveLength(1);
    });
  });

  it('dates a cache it reads again (at most once a day), so that another install\'s 30-day pruning keeps a cache in use', () => {
    withDir((dir) => {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      const cold = run(args, env);
      const [name] = readdirSync(dir);
      const file = join(dir, name!);
      const old = (Date.now() - 40 * 86_400_000) / 1000;
      utimesSync(file, old, old);
      expect(run(args, env)).toEqual(cold);
      expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(3_600_000);
      // a cache dated within the day is left as it is (no write on every run)
      const recent = (Date.now() - 3_600_000) / 1000;
      utimesSync(file, recent, recent);
      expect(run(args, env)).toEqual(cold);
      expect(Math.abs(statSync(file).mtimeMs / 1000 - recent)).toBeLessThan(1);
    });
  });

  // What this race test sees: every run's output, and the folder it leaves. It cannot see the .tmp age
  // guard (TMP_MINUTES): a write takes milliseconds, so with the guard at 0 minutes the 4 runs still each
  // wrote and renamed their cache (6 trials, session 8); the pruning test above, whose 5-minute-old .tmp
  // must stay, is the one that fails without the guard (commit 63e56a1 claimed this one did).
  it('stays safe when runs race on an empty folder: each gives the output of a run without a cache, one good cache and no .tmp are left', async () => {
    const want = run(args, { SDMATCH_NO_CODE_CACHE: '1' });
    const dir = mkdtempSync(join(tmpdir(), 'sdmatch-code-cache-'));
    try {
      const runs = Array.from({ length: 4 }, () => new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const p = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', SDMATCH_CODE_CACHE_DIR: dir } });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d));
        p.stderr.on('data', (d: Buffer) => (stderr += d));
        p.on('close', (code) => done({ code, stdout, stderr }));
      }));
      for (const r of await Promise.all(runs)) expect(r).toEqual(want);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(cacheName('inspect'));
      expect(run(args, { SDMATCH_CODE_CACHE_DIR: dir })).toEqual(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not given to V8 when its payload is damaged (V8 checks only its own header): the CLI runs and the cache is written again', () => {
    withDir((dir) => {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      const want = run(['--version'], env);
      expect(want.code).toBe(0);
      const [file] = readdirSync(dir);
      const path = join(dir, file!);
      const good = readFileSync(path);
      expect(good.length).toBeGreaterThan(200_001);
      // one byte deep in V8's payload, its header (at the start of V8's bytes) untouched: given these
      // bytes, Node 20 may die in V8's deserializer (exit 133 or 139, depending on where the byte lands)
      // or run from them; either way the previous loader failed this test (crash, or no rewrite)
      const bad = Buffer.from(good);
      bad[200_000] = bad[200_000]! ^ 0xff;
      writeFileSync(path, bad, { mode: 0o600 });
      expect(run(['--version'], env)).toEqual(want);
      expect(readFileSync(path).equals(bad)).toBe(false);
      expect(run(['--version'], env)).toEqual(want);
    });
  });

  it('is neither used nor written in a folder that others can write, or through a symlink', () => {
    withDir((dir) => {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      const want = run(['--version'], env);
      const [file] = readdirSync(dir);
      const path = join(dir, file!);
      // a planted cache whose own header is right for a payload overwritten after its first 1000 bytes
      // (V8's header kept): V8 dies on it (exit 133, every time on node 20.20.2; a single flipped byte
      // crashes or not depending on where it lands), so a run that exits 0 did not use it
      const payload = Buffer.from(readFileSync(path).subarray(MAGIC_LENGTH + 4)).fill(0xff, 1000);
      const build = file!.slice(0, -'other.v8cache'.length);
      const sum = Buffer.alloc(4);
      sum.writeUInt32BE(crc32(payload, crc32(`${build}\0`)));
      writeFileSync(path, Buffer.concat([readFileSync(path).subarray(0, MAGIC_LENGTH), sum, payload]), { mode: 0o600 });
      const planted = readFileSync(path);
      chmodSync(dir, 0o777);
      expect(run(['--version'], env)).toEqual(want);
      expect(readdirSync(dir)).toEqual([file]);
      expect(readFileSync(path).equals(planted)).toBe(true);
      // a group-writable cache file in a private folder is not used either (and is replaced)
      chmodSync(dir, 0o700);
      chmodSync(path, 0o664);
      expect(run(['--version'], env)).toEqual(want);
      expect(readFileSync(path).equals(planted)).toBe(false);
      // a cache file that is a symlink (here to the planted bytes, which V8 would die on) is not followed
      const poison = join(dir, 'poison');
      writeFileSync(poison, planted, { mode: 0o600 });
      rmSync(path);
      symlinkSync(poison, path);
      expect(run(['--version'], env)).toEqual(want);
      expect(readFileSync(poison).equals(planted)).toBe(true);
      // a symlinked folder: nothing written through it
      const target = join(dir, 'target');
      mkdirSync(target, { mode: 0o700 });
      symlinkSync(target, join(dir, 'link'));
      expect(run(['--version'], { SDMATCH_CODE_CACHE_DIR: join(dir, 'link') })).toEqual(want);
      expect(readdirSync(target)).toEqual([]);
      // folders it makes are the user's alone
      expect(run(['--version'], { SDMATCH_CODE_CACHE_DIR: join(dir, 'a', 'b') })).toEqual(want);
      expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'a', 'b')).mode & 0o777).toBe(0o700);
    });
  });

  it('is keyed on the command names, any other word sharing one file', () => {
    withDir((dir) => {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      expect(run(['foo', '--version'], env).code).toBe(0);
      expect(run(['bar', '--help'], env).code).toBe(0);
      expect(run(['--version'], env).code).toBe(0);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(cacheName('other', installOf(BUNDLE)));
      expect(run(['plan', 'edit', '--help'], env).code).toBe(0);
      expect(readdirSync(dir).filter((f) => cacheName('plan', installOf(BUNDLE)).test(f))).toHaveLength(1);
    });
  });

  it('costs `inspect` of a safetensors file no node:crypto, cache read or written (issue 14: ~6 ms of start-up)', () => {
    withDir((dir) => {
      // the loader, the inspect bundle and its reading, in one process that then lists the built-in modules
      // it loaded (a script file: `node -e` loads node:crypto itself)
      const probe = join(dir, 'probe.cjs');
      writeFileSync(probe, `require(${JSON.stringify(join(repoRoot, 'bin/load-cli.js'))}).runCommand(['inspect', 'fixtures/safetensors/mlp.safetensors']).then(({ code, saveCodeCache }) => { saveCodeCache(code); process.stderr.write(JSON.stringify({ code, crypto: process.moduleLoadList.filter((m) => /crypto/.test(m)) })); })`);
      for (let round = 0; round < 2; round++) {
        const r = spawnSync(process.execPath, [probe], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SDMATCH_CODE_CACHE_DIR: dir } });
        expect(JSON.parse(r.stderr)).toEqual({ code: 0, crypto: [] });
        // the first run wrote the cache, the second read it
        expect(readdirSync(dir).filter((f) => cacheName('inspect').test(f))).toHaveLength(1);
      }
    });
  });

  it('gives up at once when its folder cannot be made (mkdir says ENOENT under an existing parent)', () => {
    const r = spawnSync(process.execPath, [BIN, '--version'], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000, env: { ...process.env, HOME: '/proc/nonexist', XDG_CACHE_HOME: '', SDMATCH_CODE_CACHE_DIR: '' } });
    expect(r.error).toBeUndefined();
    expect({ code: r.status, stdout: r.stdout.trim() }).toEqual({ code: 0, stdout: (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version });
  });

  it('is skipped without a word when its folder cannot be written, and when SDMATCH_NO_CODE_CACHE=1', () => {
    const want = run(args, { SDMATCH_NO_CODE_CACHE: '1' });
    expect(want.code).toBe(0);
    // a folder below a regular file can never be made
    expect(run(args, { SDMATCH_CODE_CACHE_DIR: join(BIN, 'cache') })).toEqual(want);
  });
});

// apply's floors are against cp (issue 14): its start-up is the whole CLI's bundle no more
describe('bin/sdmatch.js runs apply from lib/apply.cjs alone', () => {
  it('compiles no other bundle (the CLI, yargs) for a command line it takes, and hands one it does not take to the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdmatch-apply-entry-'));
    try {
      const ddp = join(repoRoot, 'fixtures/training/ddp.pt');
      const plan = join(dir, 'plan.json');
      expect((await runCli(['plan', ddp, join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json'), '-o', plan])).code).toBe(0);
      // the bundles load-cli.js compiles (node:vm's Script, which it takes when it is loaded) and the
      // built-in modules the run loaded, listed by the process itself
      const probe = join(dir, 'probe.cjs');
      writeFileSync(probe, `const vm = require('node:vm'); const Script = vm.Script; const compiled = [];
vm.Script = function (source, opts) { compiled.push(require('node:path').relative(${JSON.stringify(repoRoot)}, opts.filename)); return new Script(source, opts); };
require(${JSON.stringify(join(repoRoot, 'bin/load-cli.js'))}).runCommand(process.argv.slice(2)).then(({ code }) => process.stderr.write(JSON.stringify({ code, compiled, builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) })));`);
      const probed = (args: string[]) => {
        const r = spawnSync(process.execPath, [probe, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SDMATCH_NO_CODE_CACHE: '1' } });
        return JSON.parse(r.stderr.split('\n').pop()!) as { code: number; compiled: string[]; builtins: string[] };
      };
      for (const extra of [[], ['--no-sync'], ['--json'], ['--dry-run']]) {
        const r = probed(['apply', ddp, plan, '-o', join(dir, 'out.pt'), ...extra]);
        expect(r.code, extra.join(' ')).toBe(0);
        expect(r.compiled, extra.join(' ')).toEqual(['lib/apply.cjs']);
        // node:assert, which yargs loads (its parser asserts): none of it ran
        expect(r.builtins, extra.join(' ')).not.toContain('assert');
      }
      // an error is worded without the CLI too
      expect(probed(['apply', ddp, plan])).toMatchObject({ code: 2, compiled: ['lib/apply.cjs'] });
      // a command line the entry leaves: the CLI answers it
      expect(probed(['apply', ddp, plan, '--out=' + join(dir, 'out2.pt')])).toMatchObject({ code: 0, compiled: ['lib/apply.cjs', 'lib/cli.cjs'] });
      expect(probed(['apply', '--help'])).toMatchObject({ code: 0, compiled: ['lib/apply.cjs', 'lib/cli.cjs'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

// inspect --json writes its tensor lines a piece at a time through one buffer, each piece made once
// the last has left the process (main.ts `writeOut`): a reader slower than the writer must still get
// every byte as made, and one that stops reading ends the run quietly
describe('inspect --json through a pipe', () => {
  function withSet(test: (index: string) => Promise<void>) {
    return async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sdmatch-pipe-'));
      try {
        // 12,000 tensors: three pieces of lines (5,000 a piece), each ~1.3 MB, far more than a pipe holds
        await test(writeSparseShardedSafetensors(dir, 2, 6000, 4).index);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  }

  function spawnBin(args: string[]) {
    return spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  it('gives a slow reader the same text as a model that never reuses a buffer', withSet(async (index) => {
    const child = spawnBin(['inspect', index, '--json']);
    const parts: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    // each read is followed by a pause: the pipe fills and the CLI's writes wait in its stream
    child.stdout.on('data', (d: Buffer) => {
      parts.push(d);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const model = buildSafetensorsInspectModel((await openSafetensorsForReport(index))!);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(Buffer.concat(parts).toString('utf8')).toBe(`${formatInspectJson(model)}\n`);
  }), 60_000);

  it('stops without a word when the reader closes the pipe early', withSet(async (index) => {
    const child = spawnBin(['inspect', index, '--json']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    let got = 0;
    child.stdout.on('data', (d: Buffer) => {
      got += d.length;
      if (got > 100_000) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  }), 60_000);
});
