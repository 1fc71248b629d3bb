import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectEntry, simpleInspect } from '../../src/cli/inspect-entry.js';
import { corpusAvailable, corpusDir, repoRoot } from '../helpers/corpus.js';
import { filesUnder } from '../helpers/inspect-agree.js';
import { captureRun, runCli } from './capture-main.js';

/**
 * `inspect FILE [--json]` runs from lib/inspect.cjs without yargs and the whole CLI (issue 14): whatever
 * it takes it must print exactly what the CLI prints, and it must leave everything else to it.
 */

const FIXTURE_SET = join(repoRoot, 'fixtures/hf-sharded/safetensors/model.safetensors.index.json');
const CHECKPOINT = /\.(pt|pth|bin|ckpt|safetensors|npy|npz|json|tar|pkl)$/;

describe('inspect-entry: which command lines it reads', () => {
  it('takes inspect FILE, inspect FILE --json and inspect --json FILE', () => {
    expect(simpleInspect(['inspect', 'm.safetensors'])).toEqual({ file: 'm.safetensors', json: false });
    expect(simpleInspect(['inspect', 'm.safetensors', '--json'])).toEqual({ file: 'm.safetensors', json: true });
    expect(simpleInspect(['inspect', '--json', 'm.safetensors'])).toEqual({ file: 'm.safetensors', json: true });
  });

  it('leaves every other command line to the CLI', () => {
    for (const argv of [
      ['diff', 'a.safetensors', 'b.safetensors'],
      ['inspect'],
      ['inspect', ''],
      ['inspect', '-'],
      ['inspect', '--json'],
      ['inspect', 'm.safetensors', '--json', '--json'],
      ['inspect', 'm.safetensors', '--verbose'],
      ['inspect', 'm.safetensors', '--all'],
      ['inspect', 'm.safetensors', '--filter', 'x'],
      ['inspect', 'm.safetensors', '--json=true'],
      ['inspect', 'm.safetensors', '--no-color'],
      ['inspect', 'm.safetensors', 'n.safetensors'],
      ['inspect', '--help'],
      ['inspect', 'm.safetensors', '-q'],
    ]) {
      expect(simpleInspect(argv), argv.join(' ')).toBeNull();
    }
  });
});

describe('inspect-entry prints what the CLI prints', () => {
  // every fixture (torch zips, legacy, TorchScript, pickles, safetensors, indexes, npy, manifests, broken
  // and malicious files) and the corpus's safetensors files (its torch files: inspect-corpus.full.test.ts)
  const files = [...filesUnder(join(repoRoot, 'fixtures'), (f) => CHECKPOINT.test(f)), ...(corpusAvailable ? filesUnder(corpusDir, (f) => f.endsWith('.safetensors')) : [])];

  it('for every fixture and corpus safetensors file it takes, table and --json (errors and exit codes included); a remote path and a missing file it leaves', async () => {
    let taken = 0;
    for (const file of files) {
      for (const argv of [['inspect', file], ['inspect', file, '--json']]) {
        const entry = await captureRun((io) => inspectEntry(argv, io));
        if (entry === null) continue;
        taken++;
        expect(entry, argv.join(' ')).toEqual(await runCli(argv));
        // no fixture is dangerous or unreadable; a TorchScript file or a pickle naming code is unknown (exit 1)
        expect(entry.code === 0 || (entry.code === 1 && /: safety verdict unknown: /.test(entry.stderr)), `${argv.join(' ')}: ${entry.stderr}`).toBe(true);
      }
    }
    expect(taken).toBeGreaterThanOrEqual(100);
    for (const file of [join(repoRoot, 'fixtures/no-such-file.safetensors'), 'hf://org/repo/model.safetensors', 'https://example.com/m.safetensors']) {
      expect(await captureRun((io) => inspectEntry(['inspect', file], io)), file).toBeNull();
    }
  }, 600_000);
});

describe('bin/sdmatch.js runs inspect of safetensors from lib/inspect.cjs alone', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sdmatch-inspect-entry-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints a sharded set and a torch zip from an install without lib/cli.cjs, and needs the CLI for other options', async () => {
    // an install holding bin/ and every file of lib/ but the CLI's bundle
    cpSync(join(repoRoot, 'bin'), join(scratch, 'bin'), { recursive: true });
    mkdirSync(join(scratch, 'lib'));
    for (const name of readdirSync(join(repoRoot, 'lib'))) if (name !== 'cli.cjs' && name !== 'types') cpSync(join(repoRoot, 'lib', name), join(scratch, 'lib', name));
    const run = (args: string[]) => spawnSync(process.execPath, [join(scratch, 'bin/sdmatch.js'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SDMATCH_NO_CODE_CACHE: '1' } });
    for (const args of [['inspect', FIXTURE_SET], ['inspect', FIXTURE_SET, '--json'], ['inspect', '--json', 'fixtures/training/ddp.pt']]) {
      const r = run(args);
      const want = await runCli(args);
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual(want);
    }
    // another option goes to lib/cli.cjs, which this install lacks
    const torch = run(['inspect', 'fixtures/training/ddp.pt', '--verbose']);
    expect(torch.status).not.toBe(0);
    expect(torch.stderr).toContain('cli.cjs');
  }, 60_000);
});
