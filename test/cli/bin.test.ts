import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('is written on the first run into SDMATCH_CODE_CACHE_DIR, used by the next, and a bad one is rejected and written again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdmatch-code-cache-'));
    try {
      const env = { SDMATCH_CODE_CACHE_DIR: dir };
      // another build's cache for this Node (an upgrade left it behind) is removed when this one is written
      const old = join(dir, `cli-${process.version}-${process.arch}-1-2-3-inspect.v8cache`);
      const otherNode = join(dir, 'cli-v0.0.0-x-1-2-3-inspect.v8cache');
      writeFileSync(old, 'old');
      writeFileSync(otherNode, 'other');
      const cold = run(args, env);
      expect(cold.code).toBe(0);
      expect(existsSync(old)).toBe(false);
      // another Node's caches are that Node's to keep
      expect(existsSync(otherNode)).toBe(true);
      rmSync(otherNode);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^cli-${process.version.replace(/\./g, '\\.')}-${process.arch}-\\d+-\\d+-\\d+-inspect\\.v8cache$`));
      expect(run(args, env)).toEqual(cold);
      // garbage where the cache was: V8 rejects it, the CLI runs from source and writes a good cache
      writeFileSync(join(dir, files[0]!), Buffer.alloc(4096, 7));
      expect(run(args, env)).toEqual(cold);
      expect(readFileSync(join(dir, files[0]!)).equals(Buffer.alloc(4096, 7))).toBe(false);
      expect(readdirSync(dir)).toEqual(files);
      // a misspelt command (exit 2) leaves no cache of its own
      expect(run(['inspcet', 'x'], env).code).toBe(2);
      expect(readdirSync(dir)).toEqual(files);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is skipped without a word when its folder cannot be written, and when SDMATCH_NO_CODE_CACHE=1', () => {
    const want = run(args, { SDMATCH_NO_CODE_CACHE: '1' });
    expect(want.code).toBe(0);
    // a folder below a regular file can never be made
    expect(run(args, { SDMATCH_CODE_CACHE_DIR: join(BIN, 'cache') })).toEqual(want);
  });
});
