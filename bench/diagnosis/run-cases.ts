import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainCommand } from '../../src/cli/explain.js';
import type { CliIO } from '../../src/cli/io.js';
import { describeError } from '../../src/cli/errors.js';
import { HALVES, scoreCase, summarise, type CaseScore, type DiagnosisCase, type ExplainOutput, type ExplainRun, type Half, type HalfScore } from './score.js';

/**
 * Runs `sdmatch explain -` on every real error text of bench/diagnosis/cases.json, cases2.json, cases3.json, cases4.json, cases5.json,
 * cases6.json, cases7.json, cases8.json, cases9.json, cases10.json, cases11.json, cases12.json, cases13.json, cases14.json, cases15.json, cases16.json, cases17.json, cases18.json, cases19.json, cases20.json, cases21.json and cases22.json
 * (README.md there), as a user who pastes it would (the command itself, stdin holding the text), and
 * scores each against its thread.
 */

const here = dirname(fileURLToPath(import.meta.url));

/** The corpus files, in the order their halves were split. */
export const CASE_FILES = ['cases.json', 'cases2.json', 'cases3.json', 'cases4.json', 'cases5.json', 'cases6.json', 'cases7.json', 'cases8.json', 'cases9.json', 'cases10.json', 'cases11.json', 'cases12.json', 'cases13.json', 'cases14.json', 'cases15.json', 'cases16.json', 'cases17.json', 'cases18.json', 'cases19.json', 'cases20.json', 'cases21.json', 'cases22.json'] as const;

/** The case files sit beside the sources; the compiled bench runs from dist-bench/bench/diagnosis. */
export function loadFile(name: string): DiagnosisCase[] {
  for (const dir of [here, process.env.SDMATCH_CASES_DIR ?? here, join(here, '../../../bench/diagnosis')]) {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8')) as DiagnosisCase[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`bench/diagnosis/${name} not found`);
}

/** Every case of every corpus file (each case's `half` says which split it belongs to). */
export function loadCases(): DiagnosisCase[] {
  return CASE_FILES.flatMap(loadFile);
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

export async function explainOnce(text: string, json: boolean): Promise<{ code: number; stdout: string }> {
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
  halves: Record<Half, HalfScore>;
}

export async function scoreCorpus(cases: DiagnosisCase[] = loadCases()): Promise<CorpusScore> {
  const scores: CaseScore[] = [];
  for (const c of cases) scores.push(scoreCase(c, await explainCase(c)));
  const halves = Object.fromEntries(HALVES.map((h) => [h, summarise(h, cases, scores)])) as Record<Half, HalfScore>;
  return { scores, halves };
}
