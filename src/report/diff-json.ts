import type { DiagnosisCode } from '../analysis/diagnose.js';
import type { DTypeMismatch, ShapeMismatch } from '../analysis/diff.js';
import type { KeyPath } from '../checkpoint/types.js';
import type { CheckpointSafety } from '../checkpoint/safety.js';
import { jsonChunks } from './json-chunks.js';
import { diffDiagnosisMessage } from './diff-diagnosis.js';
import { hasDifferences, type DiffReport, type SelectionSummary, type SideDescription } from '../analysis/diff-model.js';

/**
 * `sdmatch diff --json`: one object, documented field by field in schemas/diff.schema.json. The
 * first six fields are the ones the issue names; the rest say where the keys came from and why.
 */
export interface DiffJson {
  /** the compared state dict's path inside SOURCE; null when SOURCE is not a checkpoint */
  selected: KeyPath | null;
  matched: string[];
  missing: string[];
  unexpected: string[];
  shapeMismatch: ShapeMismatch[];
  dtypeMismatch: DTypeMismatch[];
  /** no differences: the exit code is 0 exactly when this is true */
  same: boolean;
  source: SideDescription;
  expected: SideDescription;
  selection: SelectionSummary | null;
  expectedSelection: SelectionSummary | null;
  nonTensor: string[];
  unknown: string[];
  /** keys of `missing` that are BatchNorm counters BatchNorm fills in when loading: a strict load does not fail on them */
  filledCounters: string[];
  diagnosis: { code: DiagnosisCode; message: string; keys: string[] }[];
  notes: string[];
  /** each checkpoint input's safety verdict, in argument order */
  checkpointSafety: CheckpointSafety[];
}

export function diffToJson(r: DiffReport, remake: readonly string[] = []): DiffJson {
  return {
    selected: r.sourceSelection?.path ?? null,
    matched: r.matched,
    missing: r.missing,
    unexpected: r.unexpected,
    shapeMismatch: r.shapeMismatch.map(({ key, source, expected }) => ({ key, source, expected })),
    dtypeMismatch: r.dtypeMismatch.map(({ key, source, expected }) => ({ key, source, expected })),
    same: !hasDifferences(r),
    source: r.source,
    expected: r.expected,
    selection: r.sourceSelection,
    expectedSelection: r.expectedSelection,
    nonTensor: r.nonTensor,
    unknown: r.unknown,
    filledCounters: r.filledCounters,
    diagnosis: r.diagnosis.map((d) => ({ code: d.code, message: diffDiagnosisMessage(d, remake), keys: d.keys })),
    notes: r.notes,
    checkpointSafety: r.checkpointSafety,
  };
}

/**
 * Indented JSON with arrays of integers (shapes, paths of indices) kept on one line, in pieces: at
 * 1,000,000 keys the document is ~200 MB, and built whole (then rewritten, then copied to be written)
 * it was the command's peak of memory.
 */
export function* diffJsonChunks(r: DiffReport, remake: readonly string[] = []): Generator<string> {
  yield* jsonChunks(diffToJson(r, remake), undefined, true);
  yield '\n';
}

export function formatDiffJson(r: DiffReport): string {
  return [...diffJsonChunks(r)].join('');
}
