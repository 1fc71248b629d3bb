import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * Review 15 F0: a writer's -o one slip of the name away from a checkpoint. `plan edit p.json -o src.pt`
 * and `plan invert p.json -o tgt.pt` replaced the plan's own source (or target) with JSON, exit 0,
 * "nothing is lost". The files a plan names are inputs of every command that reads it, and a JSON or
 * HTML writer replaces only a file of its own kind (or an empty one) unless --force.
 */

const tmp = mkdtempSync(join(tmpdir(), 'sdmatch-out-guard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fx = (p: string) => join(repoRoot, 'fixtures', p);
const src = join(tmp, 'src.pt');
const tgt = join(tmp, 'tgt.pt');
const other = join(tmp, 'other.pt');
const plan = join(tmp, 'p.json');
const bytes = (f: string) => readFileSync(f);

beforeAll(async () => {
  copyFileSync(fx('training/ddp.pt'), src);
  copyFileSync(fx('pairs/ddp-vs-plain.reference.pt'), tgt);
  copyFileSync(fx('pairs/ddp-vs-plain.reference.pt'), other);
  const r = await runCli(['plan', src, tgt, '-o', plan, '-q']);
  expect(r.code, r.stderr).toBe(0);
});

async function refused(argv: string[], file: string, words: string): Promise<void> {
  const before = bytes(file);
  const r = await runCli(argv);
  expect(r.code, `${argv.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(words);
  expect(bytes(file).equals(before), `${file} changed`).toBe(true);
}

describe('a plan writer never replaces the files the plan names', () => {
  for (const [cmd, extra] of [['edit', []], ['invert', []]] as const) {
    it(`plan ${cmd} PLAN -o SOURCE / -o TARGET: exit 2, one line, the checkpoint untouched`, async () => {
      await refused(['plan', cmd, plan, ...extra, '-o', src], src, `-o ${src} would overwrite an input`);
      await refused(['plan', cmd, plan, ...extra, '-o', tgt], tgt, `-o ${tgt} would overwrite an input`);
    });
  }

  it('--force does not let a plan replace its own source (an input is never an output); -o PLAN still edits in place', async () => {
    await refused(['plan', 'edit', plan, '--force', '-o', src], src, 'would overwrite an input');
    const copy = join(tmp, 'p2.json');
    copyFileSync(plan, copy);
    expect((await runCli(['plan', 'edit', copy, '-o', copy])).code).toBe(0);
    const r = await runCli(['plan', 'edit', plan, '-o', copy]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(copy, 'utf8')).format).toBe('sdmatch-plan');
  });
});

describe('a JSON or HTML writer replaces a file of another kind only with --force', () => {
  const cases: [string, string[]][] = [
    ['manifest -o', ['manifest', src, '-o', other]],
    ['plan -o', ['plan', src, tgt, '-o', other]],
    ['plan --html', ['plan', src, tgt, '--html', other]],
    ['plan edit -o', ['plan', 'edit', plan, '-o', other]],
    ['plan invert -o', ['plan', 'invert', plan, '-o', other]],
    ['diff --html', ['diff', src, tgt, '--html', other]],
    ['check --plan-out', ['check', tgt, src, '--plan-out', other]],
    ['check --html', ['check', tgt, src, '--html', other]],
    ['explain --html', ['explain', src, fx('pairs/ddp-vs-plain.error.txt'), '--html', other]],
  ];
  for (const [name, argv] of cases) {
    it(`${name} over a checkpoint that is no input: exit 2, one line, the checkpoint untouched`, async () => {
      await refused(argv, other, 'would replace a zip file (a torch checkpoint?)');
    });
  }

  it('a text file that is not JSON is refused too; an empty file or a JSON file is replaced', async () => {
    const notes = join(tmp, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    await refused(['manifest', src, '-o', notes], notes, 'would replace a file that is not JSON');
    const empty = join(tmp, 'empty.json');
    writeFileSync(empty, '');
    expect((await runCli(['manifest', src, '-o', empty])).code).toBe(0);
    expect((await runCli(['manifest', tgt, '-o', empty])).code).toBe(0);
    expect(JSON.parse(readFileSync(empty, 'utf8')).format).toBe('sdmatch-manifest');
  });

  it('with --force the file is replaced', async () => {
    const victim = join(tmp, 'victim.pt');
    copyFileSync(src, victim);
    const r = await runCli(['manifest', src, '-o', victim, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(victim, 'utf8')).format).toBe('sdmatch-manifest');
  });
});
