import type { InferenceSides, PlanOutcome } from '../../plan/build.js';
import type { ErrorKind } from '../../formats/error-text.js';
import { explainToJson, pythonFix } from '../explain.js';
import { partialFixLeaves, planVerdict, summaryLines } from '../plan.js';
import { safetyPageLines } from '../danger.js';
import { pageData, pageSide, type PageCommand, type PageData } from './page-data.js';

/**
 * `sdmatch plan --html` and `sdmatch explain --html`: both print explainToJson with --json, so both
 * pages embed it; the keys are the ones inference saw (an error text's: the keys it names).
 */
export function planPageData(
  command: Extract<PageCommand, 'plan' | 'explain'>,
  outcome: PlanOutcome,
  sides: InferenceSides,
  error: { kind: ErrorKind; model: string | null; truncated: boolean } | null,
): PageData {
  const python = pythonFix(outcome);
  const fix = python.oneLine ?? python.function;
  const v = planVerdict(outcome, fix !== null && fix !== undefined);
  const leaves = fix ? partialFixLeaves(outcome, v) : null;
  const answer = { tone: v.tone, verdict: v.text, lines: [...safetyPageLines(outcome.checkpointSafety ?? []), ...summaryLines(outcome.causes, outcome.plan.ops)], fix, ...(leaves ? { leaves } : {}) };
  const { plan } = outcome;
  const sourceKind = plan.source.kind ?? 'checkpoint';
  const targetKind = sides.mode === 'checkpoint-and-error' || sides.mode === 'error-only' ? 'error-text' : 'model';
  return pageData(
    command,
    answer,
    explainToJson(outcome, error),
    pageSide('source', plan.source.file, sourceKind, sides.source),
    pageSide('expected', plan.target.file, targetKind, sides.target),
    plan.ops,
  );
}
