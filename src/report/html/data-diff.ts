import type { ResolvedSide } from '../../analysis/sides.js';
import { diffVerdict } from '../diff.js';
import { diffToJson } from '../diff-json.js';
import { safetyPageLines } from '../danger.js';
import { diffDiagnosisMessage } from '../diff-diagnosis.js';
import { checkpointImpliedBy, modelImpliedBy, type DiffReport } from '../../analysis/diff-model.js';
import { pageData, pageSide, type PageData } from './page-data.js';

/** `sdmatch diff --html`: the diff's JSON, the verdict and diagnosis as the text report words them. */
export function diffPageData(report: DiffReport, source: ResolvedSide, expected: ResolvedSide, remake: readonly string[] = []): PageData {
  const v = diffVerdict(report);
  const answer = { tone: v.tone, verdict: v.text, lines: [...safetyPageLines(report.checkpointSafety), ...report.diagnosis.map((d) => diffDiagnosisMessage(d, remake)), ...report.notes], fix: null };
  // an error text side holds the keys the diff implies for it, as the diagnosis saw them
  const sourceEntries = source.report ? checkpointImpliedBy(report, expected.entries) : source.entries;
  const expectedEntries = expected.report ? modelImpliedBy(report, source.entries) : expected.entries;
  return pageData('diff', answer, diffToJson(report, remake), pageSide('source', source.file, source.kind, sourceEntries), pageSide('expected', expected.file, expected.kind, expectedEntries), []);
}
