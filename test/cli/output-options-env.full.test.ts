import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/corpus.js';
import { CASES, ESC, out, prepareCases, SOURCE, tmp } from './output-cases.js';

// the full tier (vitest.config.ts): about fifty runs of a fresh node process; the colour decision
// itself (colorFor) is unit-tested in parse.test.ts, and every command's --color/--no-color in-process
// in output-options.test.ts
prepareCases();

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
