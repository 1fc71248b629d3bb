import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainCommand } from '../../src/cli/explain.js';
import type { CliIO } from '../../src/cli/io.js';
import { describeError } from '../../src/cli/errors.js';
import { scoreCase, summarise, type CaseScore, type DiagnosisCase, type ExplainOutput, type ExplainRun, type HalfScore } from './score.js';

/**
 * Runs `sdmatch explain -` on every real error text of bench/diagnosis/cases.json, as a user who
 * pastes it would (the command itself, stdin holding the text), and scores each against its thread.
 */

const here = dirname(fileURLToPath(import.meta.url));

/** cases.json sits beside the sources; the compiled bench runs from dist-bench/bench/diagnosis. */
export function loadCases(): DiagnosisCase[] {
  for (const dir of [here, process.env.SDMATCH_CASES_DIR ?? here, join(here, '../../../bench/diagnosis')]) {
    try {
      return JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as DiagnosisCase[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error('bench/diagnosis/cases.json not found');
}

function ioWithStdin(text: string): CliIO {
  return {
    stdoutStyle: { color: false },
    stderrStyle: { color: false },
    stderrIsTTY: false,
    env: {},
    readStdin: async () => text,
    progress: () => {},
  };
}

async function explainOnce(text: string, json: boolean): Promise<{ code: number; stdout: string }> {
  try {
    const r = await explainCommand.run({ first: '-', json, all: false }, ioWithStdin(text));
    return { code: r.code, stdout: r.stdout };
  } catch (e) {
    // what main() would print: one line, exit 2 for bad input, 3 for a bug in sdmatch
    const d = describeError(e, false);
    return { code: d.code, stdout: d.line };
  }
}

export async function explainCase(c: DiagnosisCase): Promise<ExplainRun> {
  const asJson = await explainOnce(c.text, true);
  const asText = await explainOnce(c.text, false);
  const json = asJson.code === 0 || asJson.code === 1 ? (JSON.parse(asJson.stdout) as ExplainOutput) : null;
  return { code: asText.code, json, text: asText.stdout };
}

export interface CorpusScore {
  scores: CaseScore[];
  tuning: HalfScore;
  heldout: HalfScore;
}

export async function scoreCorpus(cases: DiagnosisCase[] = loadCases()): Promise<CorpusScore> {
  const scores: CaseScore[] = [];
  for (const c of cases) scores.push(scoreCase(c, await explainCase(c)));
  return { scores, tuning: summarise('tuning', cases, scores), heldout: summarise('heldout', cases, scores) };
}
