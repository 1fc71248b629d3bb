import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { runCli } from './capture-main.js';

/**
 * Review 24 F11: `explain CKPT -` (the error text on standard input) printed `fix: sdmatch plan CKPT '<stdin>' …`,
 * which fails (`sdmatch: <stdin>: no such file`, exit 2). The line now names ERROR.txt, says at its end that it is
 * the error text saved to a file, and run so (the text saved there) it plans as explain did.
 */
const fx = (p: string) => join(repoRoot, 'fixtures', p);

it('explain CKPT -: the fix line names ERROR.txt, says what it is, and its plan command runs on the saved text', async () => {
  const text = readFileSync(fx('pairs/gpt2-conv1d.error.txt'), 'utf8');
  const r = await runCli(['explain', fx('remap/gpt2-conv1d.pt'), '-', '--no-color'], { stdin: text });
  const fix = r.stdout.split('\n').find((l) => l.startsWith('fix: '))!;
  expect(fix, r.stdout).toBeDefined();
  expect(fix).not.toContain('<stdin>');
  expect(fix).toMatch(/^fix: sdmatch plan \S+gpt2-conv1d\.pt ERROR\.txt -o plan\.json .*sdmatch apply .* {2}# ERROR\.txt: the error text you gave on standard input, saved to a file$/);
  const dir = mkdtempSync(join(process.env.TMPDIR ?? tmpdir(), 'stdin-fix-'));
  try {
    writeFileSync(join(dir, 'ERROR.txt'), text);
    const words = fix.slice('fix: sdmatch '.length).split(' -o ')[0]!.split(' ');
    expect(words).toEqual(['plan', fx('remap/gpt2-conv1d.pt'), 'ERROR.txt']);
    const plan = await runCli(['plan', words[1]!, join(dir, 'ERROR.txt'), '-o', join(dir, 'plan.json')]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(r.code);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
