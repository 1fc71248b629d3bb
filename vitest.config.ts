import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two tiers, one place that says which is which.
 * - `npm test` (`vitest run`) is the full run: every test. `.ci/run` runs it, and so does the README.
 * - `npm run test:fast` (`vitest run --mode fast`) is the working loop, unit tests only, which leaves out
 *   1. files named `*.full.test.ts` (FULL_TIER_FILES): tests that read the shared corpus
 *      (../shared/corpus, 932 files), generate or read scale-size checkpoints, run a fuzz campaign or the
 *      bench's floors, start many CLI processes, or need Python, Chromium or zsh;
 *   2. every suite that needs real PyTorch (`describeWithTorch`, test/helpers/torch.ts): SDMATCH_TEST_TIER=fast
 *      skips them under their own names without starting Python (its import of torch costs over a
 *      second of CPU per test file). They mostly sit beside the unit tests of the writer they check.
 * The fast tier also runs its files in one module cache (`isolate: false`): measured, most of its cost was
 * loading src/ afresh for each of ~140 files, not running tests. The unit files change no process state
 * (no vi.mock, no env, no cwd; test/tiers.test.ts checks), so they cannot leak into each other; the full
 * run keeps a fresh process per file.
 * test/tiers.test.ts checks that what reads the corpus, drives a browser or runs a campaign is named
 * `*.full.test.ts`.
 */
export const FULL_TIER_FILES = '**/*.full.test.ts';

export default defineConfig(({ mode }) => {
  const fast = mode === 'fast';
  return {
    test: {
      include: ['test/**/*.test.ts'],
      exclude: fast ? [...configDefaults.exclude, FULL_TIER_FILES] : configDefaults.exclude,
      // set in both modes: an SDMATCH_TEST_TIER=fast inherited from the shell must not skip torch and corpus suites of the full run
      env: { SDMATCH_TEST_TIER: fast ? 'fast' : 'full' },
      testTimeout: 120_000,
      hookTimeout: 300_000,
      pool: 'forks',
      isolate: !fast,
    },
  };
});
