import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

const BIN = join(repoRoot, 'bin/sdmatch.js');
const BUNDLE = join(repoRoot, 'lib/cli.mjs');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// bin/sdmatch.js runs the esbuild bundle of the CLI (lib/cli.mjs, committed; npm run bundle rewrites it):
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
