import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/corpus.js';

/**
 * The fast tier (`npm run test:fast`, defined in vitest.config.ts) stays fast only if what belongs to
 * the full tier says so. Read from the test files' text: what a file that is not `*.full.test.ts`
 * must not do, or must do only behind the gate the fast tier turns off.
 */
const FULL_ONLY: { what: string; uses: RegExp; unlessGated?: RegExp }[] = [
  { what: 'drives Chromium (test/helpers/browser.ts)', uses: /helpers\/browser\.js'/ },
  { what: 'runs a fuzz campaign over the fixtures through the CLI', uses: /\bexpectCleanCampaign\(/ },
  { what: 'runs the Python package\'s helpers (test/python/python.ts)', uses: /from '\.\/python\.js'/ },
  { what: 'drives an interactive zsh', uses: /\bzsh\b/ },
  // inside unit files these run only when their gate is open, which the fast tier closes
  { what: 'reads the shared corpus', uses: /\b(?:corpusDir|corpusFacts|corpusExpectations)\b|\bCORPUS \+/, unlessGated: /\bcorpusAvailable\b/ },
  { what: 'runs real PyTorch', uses: /\b(?:runPython|readTorchArchiveForTest|torchPython!)\b/, unlessGated: /\bdescribeWithTorch\(|\bfastTier\b/ },
  // the fast tier runs its files in one module cache (isolate: false): what one file changes, the next sees
  { what: 'changes process state the next file would see (mocks, timers, env, cwd)', uses: /\bvi\.(?:mock|doMock|stubEnv|stubGlobal|spyOn|useFakeTimers)\(|\bprocess\.chdir\(|\bprocess\.env(?:\.\w+|\[[^\]]+\])\s*=(?!=)|\bdelete process\.env\b/ },
];

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

describe('the test tiers', () => {
  const files = testFiles(join(repoRoot, 'test')).map((p) => relative(repoRoot, p));
  const fast = files.filter((f) => !f.endsWith('.full.test.ts'));

  it('both tiers hold tests, and the full tier is more than the fast one', () => {
    expect(fast.length).toBeGreaterThan(50);
    expect(files.length - fast.length).toBeGreaterThan(10);
  });

  it('a fast-tier file does nothing of the full tier\'s, or only behind the gate the fast tier closes', () => {
    const wrong: string[] = [];
    for (const f of fast) {
      if (f === 'test/tiers.test.ts') continue;
      const text = readFileSync(join(repoRoot, f), 'utf8');
      for (const rule of FULL_ONLY) {
        if (rule.uses.test(text) && !(rule.unlessGated?.test(text) ?? false)) wrong.push(`${f} ${rule.what}: name it *.full.test.ts`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the fast tier is vitest.config.ts\'s fast mode, and `npm test` runs every file', () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['test']).toBe('vitest run');
    expect(scripts['test:fast']).toBe('vitest run --mode fast');
    const config = readFileSync(join(repoRoot, 'vitest.config.ts'), 'utf8');
    expect(config).toMatch(/FULL_TIER_FILES = '\*\*\/\*\.full\.test\.ts'/);
    expect(config).toMatch(/isolate: !fast,/);
  });

  it('each mode sets its own tier, so a tier inherited from the shell cannot skip suites of the full run', async () => {
    const { default: config } = (await import('../vitest.config.js')) as { default: (env: { mode: string; command: string }) => { test: { env: Record<string, string> } } };
    expect(config({ mode: 'fast', command: 'serve' }).test.env['SDMATCH_TEST_TIER']).toBe('fast');
    expect(config({ mode: 'test', command: 'serve' }).test.env['SDMATCH_TEST_TIER']).toBe('full');
  });
});
