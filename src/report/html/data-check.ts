import { migrationOps } from '../../analysis/check.js';
import type { KeyEntry } from '../../formats/keys.js';
import { checkToJson, type CheckReport } from '../check-json.js';
import { summaryLine, verdictWords } from '../check-text.js';
import { safetyPageLines } from '../danger.js';
import { pageData, pageSide, type PageAnswer, type PageData } from './page-data.js';

/** `sdmatch check --html`: the check's JSON, its verdict line and reasons as the text report words them. */
export function checkPageData(report: CheckReport, baseline: readonly KeyEntry[], current: readonly KeyEntry[]): PageData {
  const tone = verdictWords(report).tone;
  const answer: PageAnswer = {
    tone: tone === 'green' || tone === 'yellow' ? tone : 'red',
    verdict: summaryLine(report),
    lines: [...safetyPageLines(report.checkpointSafety ?? []), ...report.result.reasons.map((r) => `${r.severity}: ${r.message}`)],
    fix: null,
  };
  return pageData(
    'check',
    answer,
    checkToJson(report),
    pageSide('baseline', report.baseline.file, report.baseline.kind, baseline),
    pageSide('current', report.current.file, report.current.kind, current),
    migrationOps(report.result) ?? [],
  );
}
