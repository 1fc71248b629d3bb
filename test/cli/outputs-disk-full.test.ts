import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Review 25 F5: a command with two outputs (`plan -o --html`, `check --plan-out --html`) on a disk with
 * room for the first (a plan of ~2 KB) and not the second (a page of ~60 KB) left the first written and
 * exited 2, where README says exit 2 leaves none of them. Now both are written to temporaries and renamed
 * only when both are written. The disk is a 32 KiB tmpfs (root only; skipped elsewhere).
 */
const DDP = join(repoRoot, 'fixtures/training/ddp.pt');
const MANIFEST = join(repoRoot, 'fixtures/pairs/ddp-vs-plain.manifest.json');
let tmp: { dir: string; cleanup: () => void };
let small: string | null = null;

beforeAll(() => {
  tmp = tempDir('outputs-full');
  const at = join(tmp.dir, 'small');
  mkdirSync(at);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32k', 'tmpfs', at]).status === 0) small = at;
});
afterAll(() => {
  if (small) spawnSync('umount', [small]);
  tmp?.cleanup();
});

async function expectNoneWritten(argv: string[], page: string): Promise<void> {
  const r = await runCli(argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toBe(`sdmatch: ${page}: cannot write: no space left on the device\n`);
  expect(readdirSync(small!)).toEqual([]);
}

it('plan -o --html: the page does not fit, so neither is written (exit 2)', async (ctx) => {
  if (!small) return ctx.skip();
  await expectNoneWritten(['plan', DDP, MANIFEST, '-o', join(small, 'p.json'), '--html', join(small, 'p.html')], join(small, 'p.html'));
  // the plan alone fits: the disk is not full for it
  const alone = await runCli(['plan', DDP, MANIFEST, '-o', join(small, 'p.json')]);
  expect(alone.code, alone.stderr).toBe(0);
  expect(existsSync(join(small, 'p.json'))).toBe(true);
  spawnSync('rm', ['-f', join(small, 'p.json')]);
});

it('check --plan-out --html: neither is written (exit 2)', async (ctx) => {
  if (!small) return ctx.skip();
  const base = join(tmp.dir, 'base.json');
  expect((await runCli(['manifest', DDP, '-o', base])).code).toBe(0);
  await expectNoneWritten(['check', base, MANIFEST, '--plan-out', join(small, 'm.json'), '--html', join(small, 'c.html')], join(small, 'c.html'));
});

it('check --update --html: the baseline is not rewritten when the page cannot be', async (ctx) => {
  if (!small) return ctx.skip();
  const base = join(small, 'base.json');
  expect((await runCli(['manifest', DDP, '-o', base])).code).toBe(0);
  const before = readFileSync(base, 'utf8');
  const r = await runCli(['check', base, MANIFEST, '--update', '--html', join(small, 'c.html')]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toBe(`sdmatch: ${join(small, 'c.html')}: cannot write: no space left on the device\n`);
  expect(readFileSync(base, 'utf8')).toBe(before);
  expect(readdirSync(small)).toEqual(['base.json']);
  writeFileSync(base, '');
});
