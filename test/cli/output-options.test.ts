import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';
import { tempDir } from '../helpers/torch.js';
import { runCli } from './capture-main.js';

/**
 * Issues 13 and 18: every command takes --json (its output valid against its schema in schemas/),
 * -q/--quiet (no report, the same exit code; data asked for stays) and --color/--no-color, which decide
 * over NO_COLOR and FORCE_COLOR, the same way everywhere. Real runs on shipped fixtures.
 */
const ESC = '\u001b[';
const fixture = (p: string) => join(repoRoot, 'fixtures', p);
const SOURCE = fixture('training/ddp.pt');
const MODEL = fixture('pairs/ddp-vs-plain.manifest.json');
const ERROR = fixture('pairs/ddp-vs-plain.error.txt');

const tmp = tempDir('output-options');
let n = 0;
/** a fresh output path per run, so runs never see each other's files */
const out = (ext: string) => join(tmp.dir, `out-${n++}${ext}`);

interface Case {
  name: string;
  args: () => string[];
  /** the schema --json output follows */
  schema: string;
}

const CASES: Case[] = [
  { name: 'inspect', args: () => ['inspect', SOURCE], schema: 'inspect.schema.json' },
  { name: 'diff', args: () => ['diff', SOURCE, MODEL], schema: 'diff.schema.json' },
  { name: 'manifest -o', args: () => ['manifest', SOURCE, '-o', out('.json')], schema: 'manifest-written.schema.json' },
  { name: 'plan', args: () => ['plan', SOURCE, MODEL], schema: 'explain.schema.json' },
  { name: 'explain', args: () => ['explain', ERROR], schema: 'explain.schema.json' },
  { name: 'apply', args: () => ['apply', SOURCE, join(tmp.dir, 'plan.json'), '-o', out('.pt')], schema: 'apply.schema.json' },
  { name: 'apply --dry-run', args: () => ['apply', SOURCE, join(tmp.dir, 'plan.json'), '--dry-run'], schema: 'apply.schema.json' },
  { name: 'check', args: () => ['check', join(tmp.dir, 'lock.json'), MODEL], schema: 'check.schema.json' },
  { name: 'plan check', args: () => ['plan', 'check', join(tmp.dir, 'plan.json'), MODEL], schema: 'plan-check.schema.json' },
  { name: 'plan check (gaps)', args: () => ['plan', 'check', join(tmp.dir, 'plan.json'), SOURCE], schema: 'plan-check.schema.json' },
];

beforeAll(async () => {
  expect((await runCli(['plan', SOURCE, MODEL, '-o', join(tmp.dir, 'plan.json')])).code).toBe(0);
  // the lock holds the checkpoint's keys: the model's differ by the DataParallel prefix (migratable)
  expect((await runCli(['manifest', SOURCE, '-o', join(tmp.dir, 'lock.json')])).code).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('--json, -q, --color on every command', () => {
  for (const c of CASES) {
    it(`${c.name}: --json follows schemas/${c.schema}, and -q --json prints the same`, async () => {
      const r = await runCli([...c.args(), '--json']);
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout) as unknown;
      expect(validateJson(loadSchema(c.schema), json)).toEqual([]);
      const quiet = await runCli([...c.args(), '--json', '-q']);
      expect(quiet.code).toBe(r.code);
      // the same document, but for what differs from run to run (output path, time taken)
      const stable = (s: string) => s.replace(/out-\d+/g, 'out').replace(/"seconds": [\d.e-]+/g, '"seconds": 0');
      expect(stable(quiet.stdout)).toBe(stable(r.stdout));
    });

    it(`${c.name}: -q prints nothing and exits as the report does; --color paints the report, --no-color does not`, async () => {
      const plain = await runCli(c.args());
      expect(plain.stdout).not.toBe('');
      const quiet = await runCli([...c.args(), '-q']);
      expect({ stdout: quiet.stdout, code: quiet.code }).toEqual({ stdout: '', code: plain.code });
      const painted = await runCli([...c.args(), '--color']);
      expect(painted.stdout).toContain(ESC);
      // --no-color wins over a terminal that would be painted
      const unpainted = await runCli([...c.args(), '--no-color'], { color: true });
      expect(unpainted.stdout).not.toContain(ESC);
      expect(unpainted.code).toBe(plain.code);
    });
  }

  it('check --format json/github/markdown/junit is data asked for: -q keeps it', async () => {
    for (const format of ['json', 'github', 'markdown', 'junit']) {
      const args = ['check', join(tmp.dir, 'lock.json'), MODEL, '--format', format];
      const r = await runCli(args);
      const quiet = await runCli([...args, '-q']);
      expect(quiet.stdout, format).toBe(r.stdout);
      expect(quiet.stdout, format).not.toBe('');
    }
  });

  it('manifest without -o prints the manifest itself (schemas/manifest.schema.json), kept by -q', async () => {
    const r = await runCli(['manifest', SOURCE, '-q']);
    expect(validateJson(loadSchema('manifest.schema.json'), JSON.parse(r.stdout))).toEqual([]);
  });
});

const run = promisify(execFile);

/** The installed command (bin/sdmatch.js) with its output in a pipe, as CI and scripts run it. */
async function bin(args: string[], env: Record<string, string>): Promise<string> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
  try {
    return (await run(process.execPath, [join(repoRoot, 'bin/sdmatch.js'), ...args], { env: { ...clean, ...env }, encoding: 'utf8' })).stdout;
  } catch (e) {
    // exit 1 (differences) still prints the report
    return (e as { stdout: string }).stdout;
  }
}

describe('NO_COLOR and FORCE_COLOR, on every command, through bin/sdmatch.js', () => {
  for (const c of CASES.filter((x) => !x.name.startsWith('apply'))) {
    it(`${c.name}: FORCE_COLOR paints into a pipe, NO_COLOR and FORCE_COLOR=0 do not; --color/--no-color decide over both`, async () => {
      const [forced, none, forcedOff, noneButFlag, forcedButFlag, pipe] = await Promise.all([
        bin(c.args(), { FORCE_COLOR: '1' }),
        bin(c.args(), { NO_COLOR: '1' }),
        bin(c.args(), { FORCE_COLOR: '0' }),
        bin([...c.args(), '--color'], { NO_COLOR: '1' }),
        bin([...c.args(), '--no-color'], { FORCE_COLOR: '1' }),
        bin(c.args(), {}),
      ]);
      expect(forced).toContain(ESC);
      expect(noneButFlag).toContain(ESC);
      for (const s of [none, forcedOff, forcedButFlag, pipe]) {
        expect(s).not.toContain(ESC);
        expect(s).not.toBe('');
      }
    }, 60_000);
  }

  it('apply and apply --dry-run too', async () => {
    const plan = join(tmp.dir, 'plan.json');
    const [forced, none, dryForced, dryNone] = await Promise.all([
      bin(['apply', SOURCE, plan, '-o', out('.pt')], { FORCE_COLOR: '1' }),
      bin(['apply', SOURCE, plan, '-o', out('.pt')], { NO_COLOR: '1' }),
      bin(['apply', SOURCE, plan, '--dry-run'], { FORCE_COLOR: '1' }),
      bin(['apply', SOURCE, plan, '--dry-run'], { NO_COLOR: '1' }),
    ]);
    expect([forced, dryForced].every((s) => s.includes(ESC))).toBe(true);
    expect([none, dryNone].some((s) => s.includes(ESC) || s === '')).toBe(false);
    // what the pipe got is the report, not a leftover of the plan
    expect(readFileSync(plan, 'utf8')).toContain('sdmatch-plan');
  }, 60_000);
});
