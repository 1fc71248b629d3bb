import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { repoRoot } from '../helpers/corpus.js';
import { zipWithEntryCut } from '../helpers/zip-cut.js';

/**
 * A file torch cannot load as it is is never "same" (diff, exit 0) nor "strict loading succeeds" (plan): its keys
 * and shapes read, which is all diff and plan compared. s21-mend5's leftover: a torch zip whose `data/0` member is
 * shorter than its tensor (torch 1.13 fills the rest with uninitialised memory; see test/apply/short-storage.test.ts)
 * diffed "same" and planned "succeeds". Review 21 F7: a legacy file cut inside its last storage (torch.load fails)
 * diffed "same", and plan blamed "pieces" with a converter as the fix. Both are bad input, as inspect and apply say:
 * exit 2 (README's exit-code table: "truncated, corrupt … file"), one stderr line naming the file and the cause,
 * nothing on stdout.
 */
const fixtures = join(repoRoot, 'fixtures');
const DDP = join(fixtures, 'training/ddp.pt');
const LEGACY = join(fixtures, 'legacy/mlp-legacy.pt');
const dir = mkdtempSync(join(tmpdir(), 'sdmatch-unloadable-'));
let short: string;
let cut: string;
let cutAt: number;
beforeAll(() => {
  short = join(dir, 'short.pt');
  // ddp/data/0 holds module.features.0.weight, float32 [8, 3, 3, 3] (864 bytes)
  zipWithEntryCut(DDP, short, 'ddp/data/0', 8);
  const truth = JSON.parse(readFileSync(join(fixtures, 'truth/legacy/mlp-legacy.pt.json'), 'utf8')) as { storages: { location: { data_offset: number; nbytes: number } }[] };
  const last = truth.storages.at(-1)!;
  cutAt = last.location.data_offset + last.location.nbytes / 2;
  cut = join(dir, 'cut-legacy.pt');
  writeFileSync(cut, readFileSync(LEGACY).subarray(0, cutAt));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(args, memoryIO());
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function expectRefused(args: string[], file: string, cause: RegExp): Promise<void> {
  const r = await run(...args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`sdmatch: ${file}: `), lines[0]).toBe(true);
  expect(lines[0]).toMatch(cause);
  expect(lines[0]).not.toMatch(/same|succeeds|pieces|converter/);
}

const SHORT = /tensor module\.features\.0\.weight \(float32 \[8, 3, 3, 3\] at element 0\) needs 864 bytes of its storage member data\/0, which holds 8: the file is cut short or corrupt/;

describe('diff and plan refuse a file torch cannot load as it is', () => {
  it('a storage member shorter than its tensor: diff (either side) and plan name the tensor and the member', async () => {
    await expectRefused(['diff', short, DDP], short, SHORT);
    await expectRefused(['diff', DDP, short], short, SHORT);
    await expectRefused(['diff', '--json', short, DDP], short, SHORT);
    await expectRefused(['plan', short, DDP], short, SHORT);
    await expectRefused(['plan', DDP, short], short, SHORT);
  });

  it('a legacy file cut inside its last storage (review 21 F7): the truncation, not "same" or "pieces"', async () => {
    const cause = new RegExp(`truncated: storage \\S+ declares \\d+ elements \\(\\d+ bytes\\) at \\d+, past the end of the file \\(${escape(String(cutAt))} bytes\\)`);
    await expectRefused(['diff', LEGACY, cut], cut, cause);
    await expectRefused(['diff', cut, LEGACY], cut, cause);
    await expectRefused(['plan', cut, LEGACY], cut, cause);
    await expectRefused(['plan', LEGACY, cut], cut, cause);
    // apply too: it said "join the pieces with the framework's own converter first"
    const plan = join(dir, 'legacy-plan.json');
    expect((await run('plan', LEGACY, LEGACY, '-o', plan)).code).toBe(0);
    await expectRefused(['apply', cut, plan, '-o', join(dir, 'out.pt')], cut, cause);
    expect(existsSync(join(dir, 'out.pt'))).toBe(false);
  });

  it('whole files still compare', async () => {
    for (const f of [DDP, LEGACY]) {
      const r = await run('diff', f, f);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^same: /);
      expect((await run('plan', f, f)).code).toBe(0);
    }
  });
});

/**
 * s22-mend (review 21's leftover): check, manifest, plan check, plan edit --select and plan invert read both
 * files without a word (a manifest of a cut file, a lock file "unchanged", a plan check "exact"). Every reader
 * of a checkpoint's keys now passes one refusal (openKeySource, planStateDict): the same one line, exit 2.
 */
describe('every other command that reads the keys refuses it too', () => {
  const cases: [string, RegExp][] = [];
  beforeAll(() => {
    cases.push([short, SHORT], [cut, /truncated: storage \S+ declares \d+ elements/]);
  });

  it('check (either side, and --update writing the first lock file) and manifest', async () => {
    for (const [file, cause] of cases) {
      const whole = file === short ? DDP : LEGACY;
      await expectRefused(['check', whole, file], file, cause);
      await expectRefused(['check', file, whole], file, cause);
      const lock = join(dir, 'lock.json');
      await expectRefused(['check', '--update', lock, file], file, cause);
      expect(existsSync(lock)).toBe(false);
      await expectRefused(['manifest', file], file, cause);
      const m = join(dir, 'm.json');
      await expectRefused(['manifest', file, '-o', m], file, cause);
      expect(existsSync(m)).toBe(false);
    }
  });

  it('plan check (the model, --source, and the plan\'s own source), plan edit --select, plan invert SOURCE', async () => {
    for (const [file, cause] of cases) {
      const whole = file === short ? DDP : LEGACY;
      // a plan made on a whole copy, whose source file is then replaced by the broken one
      const src = join(dir, 'src.pt');
      copyFileSync(whole, src);
      const plan = join(dir, 'p.json');
      expect((await run('plan', src, whole, '-o', plan)).code).toBe(0);
      await expectRefused(['plan', 'check', plan, file], file, cause);
      await expectRefused(['plan', 'check', plan, whole, '--source', file], file, cause);
      await expectRefused(['plan', 'invert', plan, file], file, cause);
      copyFileSync(file, src);
      // it said "shapes not checked (cannot be read)" and judged the plan on keys alone
      await expectRefused(['plan', 'check', plan, whole], src, cause);
      await expectRefused(['plan', 'edit', plan, '--select', '(root)'], src, cause);
      const inv = join(dir, 'inv.json');
      await expectRefused(['plan', 'invert', plan, src, '-o', inv], src, cause);
      expect(existsSync(inv)).toBe(false);
      rmSync(src);
    }
  });
});
