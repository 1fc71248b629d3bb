import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFinding, fixtureFiles, runCampaign } from '../fuzz/campaign.js';
import { benchDir } from '../measure.js';
import { floor, info, notRun, type Suite, type SuiteContext, type SuiteResult } from './suite.js';

/**
 * Issue 12: the long mutation fuzzing run — 50,000 seeded mutants of every fixture (byte flips,
 * truncations, insertions, zip field edits, pickle opcode swaps) through the built CLI in-process, on
 * two worker threads. The test suite runs 2,000 of the same campaign (test/fuzz/); here the counts
 * are reported: mutants by kind, runs by exit code, and every finding (exit 3, stack trace, more than
 * one error line, hang, heap blow-up), whose mutants are kept in bench/out/fuzz-findings/ to replay.
 * Override the count with SDMATCH_FUZZ_COUNT.
 */

const COUNT = Number(process.env.SDMATCH_FUZZ_COUNT ?? 50_000);
const SEED = 1_000_000;

export const fuzzSuite: Suite = {
  name: 'fuzz',
  describe: `${COUNT} seeded mutants of every fixture through inspect, diff, explain, plan and apply: no exit 3, no trace, no hang, no blow-up`,
  run: async (ctx: SuiteContext): Promise<SuiteResult> => {
    const root = join(benchDir, '..');
    const cliDir = join(root, 'dist/cli');
    if (!existsSync(join(cliDir, 'main.js'))) return notRun('not available', 'dist/cli/main.js is missing (npm run compile)');
    const scratch = mkdtempSync(join(tmpdir(), 'sdmatch-fuzz-'));
    try {
      let shown = 0;
      const r = await runCampaign({
        fixtures: fixtureFiles(join(root, 'fixtures')),
        count: COUNT,
        seed: SEED,
        workers: 2,
        timeoutMs: 60_000,
        memoryMb: 1024,
        scratch,
        cliDir,
        findingsDir: join(benchDir, 'out', 'fuzz-findings'),
        progress: (done, total) => {
          if (done - shown >= 5000 || done === total) {
            shown = done;
            ctx.log(`fuzz: ${done} / ${total} mutants`);
          }
        },
      });
      const byProblem = new Map<string, number>();
      for (const f of r.findings) byProblem.set(f.problem, (byProblem.get(f.problem) ?? 0) + 1);
      return {
        status: 'ok',
        tables: [
          { title: 'mutants by kind', head: ['kind', 'mutants'], rows: Object.entries(r.byKind) },
          { title: 'runs by exit code', head: ['exit', 'runs'], rows: Object.entries(r.exits).sort() },
          { title: `findings (${r.findings.length})`, head: ['problem', 'count', 'first'], rows: [...byProblem].map(([p, n]) => [p, n, describeFinding(r.findings.find((f) => f.problem === p)!).slice(0, 200)]) },
        ],
        floors: [
          info('fuzz mutants', r.mutants, 'count'),
          info('fuzz runs', r.runs, 'count'),
          info('fuzz seconds', r.seconds, 's'),
          floor('fuzz findings', r.findings.length, 'count', '<=', 0),
        ],
        data: { ...r, findings: r.findings.map(describeFinding) },
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
