import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEntry, simpleApply } from '../../src/cli/apply-entry.js';
import { optionConflict } from '../../src/cli/option-rules.js';
import { parseCommandLine } from '../../src/cli/parse.js';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { captureRun, runCli, type CliRun } from './capture-main.js';

/**
 * `apply` runs from lib/apply.cjs without yargs and the whole CLI (issue 14). It never hands a command
 * line back once it has started (apply writes files), so it must take only lines whose arguments it
 * builds exactly as yargs does, and then print exactly what main prints, errors and exit codes included.
 */

/** every argument apply's run and main's run step read, as yargs names them for the command */
const READ = ['source', 'plan', 'out', 'format', 'keepContainer', 'maxShardSize', 'force', 'select', 'inPlace', 'dryRun', 'verifyHash', 'fullHash', 'sync', 'fast', 'all', 'json', 'allowGuessedDrops', 'target', 'trust', 'quiet', 'color', 'debug'];

async function yargsArgs(argv: string[]): Promise<Record<string, unknown>> {
  const parsed = await parseCommandLine(argv, '0.0.0');
  if (parsed.kind !== 'run') throw new Error(`yargs did not run ${argv.join(' ')}`);
  return parsed.args;
}

/** apply's options as typed on a command line, each with the words yargs reads for it */
const SPELLINGS: string[][] = [
  ['-o', 'out.pt'], ['--out', 'o.safetensors'], ['--format', 'torch'], ['--format', 'safetensors'], ['--keep-container'], ['--no-keep-container'],
  ['--max-shard-size', '5GB'], ['--force'], ['--no-force'], ['--select', 'state_dict'], ['--select', '(root)'], ['--in-place'], ['--dry-run'],
  ['--verify-hash'], ['--no-verify-hash'], ['--full-hash'], ['--rehash'], ['--no-full-hash'], ['--no-rehash'], ['--sync'], ['--no-sync'], ['--fast'], ['--no-fast'],
  ['--all'], ['--json'], ['--no-json'], ['--allow-guessed-drops'], ['--target', 'model.json'], ['--trust'], ['--quiet'], ['-q'], ['--no-quiet'], ['--color'], ['--no-color'], ['--debug'],
  ['--out', '123'], ['-o', 'apply'], ['--target', 'with space.json'], ['--select', 'a.b.0'],
];

describe('apply-entry: the command lines it takes', () => {
  it('gives apply the arguments yargs gives it, for every option in every spelling, before and after the positionals', async () => {
    let compared = 0;
    const lines: string[][] = [['apply', 'src.pt', 'plan.json'], ['apply', '123', '0'], ['apply', 'a b.pt', 'plan']];
    for (const s of SPELLINGS) {
      lines.push(['apply', 'src.pt', 'plan.json', ...s], ['apply', ...s, 'src.pt', 'plan.json'], ['apply', 'src.pt', ...s, 'plan.json']);
    }
    // several options together (each a different option), in both orders
    const option = (s: string[]): string => ({ o: 'out', q: 'quiet', rehash: 'full-hash' })[s[0]!.replace(/^--?(no-)?/, '')] ?? s[0]!.replace(/^--?(no-)?/, '');
    for (let i = 0; i + 2 < SPELLINGS.length; i++) {
      const [a, b, c] = [SPELLINGS[i]!, SPELLINGS[(i * 7 + 3) % SPELLINGS.length]!, SPELLINGS[(i * 13 + 5) % SPELLINGS.length]!];
      if (new Set([a, b, c].map(option)).size < 3 || optionConflict((n) => [a, b, c].some((x) => option(x) === n && !x[0]!.startsWith('--no-'))) !== null) continue;
      lines.push(['apply', ...a, 'src.pt', ...b, 'plan.json', ...c], ['apply', ...c, ...b, 'src.pt', 'plan.json', ...a]);
    }
    for (const argv of lines) {
      const ours = simpleApply(argv);
      expect(ours, argv.join(' ')).not.toBeNull();
      const theirs = await yargsArgs(argv);
      for (const key of READ) expect(ours![key], `${argv.join(' ')}: ${key}`).toEqual(theirs[key]);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('leaves every other command line to the CLI', () => {
    for (const argv of [
      ['diff', 'a.pt', 'b.pt'],
      ['apply'],
      ['apply', 'src.pt'],
      ['apply', 'src.pt', 'plan.json', 'third'],
      ['apply', '--help'],
      ['apply', 'src.pt', 'plan.json', '-h'],
      ['apply', 'src.pt', 'plan.json', '--version'],
      ['apply', '-', 'plan.json', '-o', 'out.pt'],
      ['apply', 'src.pt', 'plan.json', '--', '-o'],
      ['apply', 'src.pt', 'plan.json', '--out=out.pt'],
      ['apply', 'src.pt', 'plan.json', '-oout.pt'],
      ['apply', 'src.pt', 'plan.json', '-o'],
      ['apply', 'src.pt', 'plan.json', '-o', ''],
      ['apply', 'src.pt', 'plan.json', '-o', '-x.pt'],
      ['apply', 'src.pt', 'plan.json', '-o', 'a.pt', '-o', 'b.pt'],
      ['apply', 'src.pt', 'plan.json', '-o', 'a.pt', '--out', 'b.pt'],
      // options that conflict (option-rules.ts): the CLI refuses them (review 22 F6)
      ['apply', 'src.pt', 'plan.json', '-o', 'a.pt', '--in-place'],
      ['apply', 'src.pt', 'plan.json', '--in-place', '--out', 'b.pt'],
      ['apply', 'src.pt', 'plan.json', '--sync', '--no-sync'],
      ['apply', 'src.pt', 'plan.json', '--full-hash', '--rehash'],
      ['apply', 'src.pt', 'plan.json', '--json', 'true'],
      ['apply', 'src.pt', 'plan.json', '--force', 'false'],
      ['apply', 'true', 'plan.json'],
      ['apply', 'src.pt', 'plan.json', '--format', 'xml'],
      ['apply', 'src.pt', 'plan.json', '--no-out'],
      ['apply', 'src.pt', 'plan.json', '--dryRun'],
      ['apply', 'src.pt', 'plan.json', '--dry-ru'],
      ['apply', 'src.pt', 'plan.json', '--frobnicate'],
      ['apply', 'src.pt', 'plan.json', '-x'],
      ['apply', 'hf://org/repo/model.safetensors', 'plan.json', '-o', 'out.pt'],
      ['apply', 'src.pt', 'plan.json', '--target', 'https://example.com/model.safetensors', '-o', 'out.pt'],
      ['apply', 'src.pt', 'https://example.com/plan.json', '-o', 'out.pt'],
      ['--json', 'apply', 'src.pt', 'plan.json'],
      ['help', 'apply'],
    ]) {
      expect(simpleApply(argv), argv.join(' ')).toBeNull();
    }
  });
});

/**
 * What differs from run to run in apply's report: the time the write took, and its rate; and, with
 * --debug, the frames of the trace below the command's (the entry's own, or main's and yargs').
 */
function steady(r: CliRun): CliRun {
  const strip = (s: string) => s.replace(/ in \d+(\.\d+)? s, [\d.]+ [KMGT]?i?B\/s/g, ' in T s, R/s').replace(/"seconds": [\d.e+-]+/g, '"seconds": T').replace(/\n {4}at (runParsed|process\.processTicksAndRejections) [^]*$/, '\n    at …');
  return { code: r.code, stdout: strip(r.stdout), stderr: strip(r.stderr) };
}

describe('apply-entry prints what the CLI prints', () => {
  const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
  const MANIFEST = join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json');
  let tmp: { dir: string; cleanup: () => void };
  let plan: string;
  beforeAll(async () => {
    tmp = tempDir('apply-entry');
    plan = join(tmp.dir, 'plan.json');
    expect((await runCli(['plan', DDP, MANIFEST, '-o', plan])).code).toBe(0);
    writeFileSync(join(tmp.dir, 'broken.json'), '{"version": 1, "ops": [');
    copyFileSync(DDP, join(tmp.dir, 'other.pt'));
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('for writes, dry runs, JSON, each error (one line, exit code) and the options that change the report', async () => {
    const out = () => join(tmp.dir, 'out.pt');
    const cases: string[][] = [
      ['apply', DDP, plan, '-o', out()],
      ['apply', DDP, plan, '-o', out(), '--json'],
      ['apply', DDP, plan, '-o', out(), '--no-sync', '--no-fast', '--full-hash'],
      ['apply', DDP, plan, '-o', out(), '--no-verify-hash', '--color'],
      ['apply', DDP, plan, '-o', out(), '--quiet'],
      ['apply', DDP, plan, '-o', out(), '--target', MANIFEST],
      ['apply', DDP, plan, '-o', out(), '--target', join(repoRoot, 'fixtures/pairs/classifier-head.manifest.json')],
      ['apply', DDP, plan, '-o', join(tmp.dir, 'out.safetensors')],
      ['apply', DDP, plan, '-o', join(tmp.dir, 'shards'), '--max-shard-size', '1KB'],
      ['apply', DDP, plan, '-o', out(), '--keep-container'],
      ['apply', DDP, plan, '--dry-run'],
      ['apply', DDP, plan, '--dry-run', '--all', '--json'],
      ['apply', join(tmp.dir, 'other.pt'), plan, '-o', out()],
      // errors: usage, missing and unreadable inputs, an output apply refuses
      ['apply', DDP, plan],
      ['apply', DDP, join(tmp.dir, 'no-plan.json'), '-o', out()],
      ['apply', DDP, join(tmp.dir, 'broken.json'), '-o', out()],
      ['apply', join(tmp.dir, 'no-source.pt'), plan, '-o', out()],
      ['apply', DDP, plan, '-o', DDP],
      ['apply', DDP, plan, '-o', plan],
      ['apply', DDP, plan, '-o', join(tmp.dir, 'no-folder', 'out.pt')],
      ['apply', DDP, plan, '-o', out(), '--target', join(tmp.dir, 'no-model.json')],
      ['apply', DDP, plan, '-o', out(), '--max-shard-size', 'lots'],
      ['apply', DDP, plan, '-o', out(), '--format', 'safetensors', '--keep-container'],
      ['apply', DDP, plan, '-o', out(), '--select', 'nowhere', '--debug'],
    ];
    const codes = new Set<number>();
    for (const argv of cases) {
      const clean = () => ['out.pt', 'out.safetensors', 'shards'].forEach((f) => rmSync(join(tmp.dir, f), { recursive: true, force: true }));
      clean();
      const entry = await captureRun((io) => applyEntry(argv, io));
      expect(entry, argv.join(' ')).not.toBeNull();
      const wrote = existsSync(out());
      clean();
      const cli = await runCli(argv);
      expect(steady(entry!), argv.join(' ')).toEqual(steady(cli));
      expect(existsSync(out()), argv.join(' ')).toBe(wrote);
      codes.add(cli.code);
    }
    // writes (0; 1 where the model given does not take the output), refusals (2)
    expect([...codes].sort()).toEqual([0, 1, 2]);
  }, 600_000);
});
