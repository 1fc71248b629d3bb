import type { ResolvedSide } from '../../analysis/sides.js';
import { diffVerdict } from '../diff.js';
import { diffToJson } from '../diff-json.js';
import type { DiffReport } from '../diff-model.js';
import { pageData, pageSide, type PageData } from './page-data.js';

/** `sdmatch diff --html`: the diff's JSON, the verdict and diagnosis as the text report words them. */
export function diffPageData(report: DiffReport, source: ResolvedSide, expected: ResolvedSide): PageData {
  const v = diffVerdict(report);
  const answer = { tone: v.tone, verdict: v.text, lines: [...report.diagnosis.map((d) => d.message), ...report.notes], fix: null };
  return pageData('diff', answer, diffToJson(report), pageSide('source', source.file, source.kind, source.entries), pageSide('expected', expected.file, expected.kind, expected.entries), []);
}
