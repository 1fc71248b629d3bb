import { join } from 'node:path';
import { benchDir, runCli, runCommand } from '../measure.js';
import { expectCode, floor, info, median, ms, type Suite, type SuiteResult } from './suite.js';

/**
 * Issue 18: the CLI parses with yargs, bundled with the rest of it (lib/cli.cjs), and start-up
 * must stay within about 30 ms of the hand-written parser's. Measured as a user runs it: a fresh Node
 * process for `--version`, a small command (inspect of a shipped 10 kB fixture) and a command's
 * generated `--help`, each against bare `node -e 0` on the same machine at the same moment, runs
 * interleaved so load on the machine falls on both alike. The floor catches a regression of the size
 * an unbundled CLI costs (~70 ms more than today's); the table is what to compare between builds.
 */

const RUNS = 15;
/** start-up above bare Node's, in ms: the unbundled CLI cost ~70 ms more than the bundle */
const OVERHEAD_FLOOR_MS = 150;
const FIXTURE = join(benchDir, '..', 'fixtures', 'training', 'var.pth');

const CASES: { name: string; args: string[] }[] = [
  { name: 'sdmatch --version', args: ['--version'] },
  { name: 'sdmatch inspect var.pth (10 kB)', args: ['inspect', FIXTURE] },
  { name: 'sdmatch diff --help', args: ['diff', '--help'] },
];

export const startupSuite: Suite = {
  name: 'startup',
  describe: 'CLI start-up: --version, a small inspect and --help, above bare node -e 0',
  run(): SuiteResult {
    const bare: number[] = [];
    const walls = CASES.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) {
      bare.push(runCommand(process.execPath, ['-e', '0']).wallMs);
      CASES.forEach((c, k) => walls[k]!.push(expectCode(runCli(c.args), [0], c.name).wallMs));
    }
    const node = median(bare);
    const rows = CASES.map((c, k) => [c.name, ms(median(walls[k]!)), ms(median(walls[k]!) - node)]);
    const overhead = median(walls[0]!) - node;
    return {
      status: 'ok',
      tables: [{ title: `start-up (median of ${RUNS}; bare node -e 0: ${ms(node)})`, head: ['command', 'wall', 'above bare Node'], rows }],
      floors: [
        floor('--version above bare Node', overhead, 'ms', '<', OVERHEAD_FLOOR_MS),
        info('inspect var.pth above bare Node', median(walls[1]!) - node, 'ms'),
        info('diff --help above bare Node', median(walls[2]!) - node, 'ms'),
      ],
      data: { runs: RUNS, bareNodeMs: bare, cases: CASES.map((c, k) => ({ name: c.name, wallMs: walls[k] })) },
    };
  },
};
