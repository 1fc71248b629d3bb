/**
 * `sdmatch apply --json`: what was written (or, with --dry-run, would be) and whether the model accepts
 * it, as documented in schemas/apply.schema.json. A projection of the executor's result with a stable
 * shape: named fields only, no Map or Set, the output's format under `output` (the document's own
 * `format` names the document, as in every sdmatch JSON).
 */
import type { ApplyPreview, ApplyResult, HashCheck, OutputFormat, StorageCopy } from '../apply/apply.js';
import { loadsStrict, strictLoad, type StrictLoad, type TargetCheck } from '../apply/apply-target.js';
import type { KeyChanges } from '../apply/apply-changes.js';
import type { Verdict } from '../formats/pickle/safety.js';
import { checkpointSafety, type CheckpointSafety } from '../checkpoint/safety.js';

export const APPLY_FORMAT = 'sdmatch-apply';
export const APPLY_VERSION = 1;

export interface ApplyJson {
  format: typeof APPLY_FORMAT;
  version: typeof APPLY_VERSION;
  dryRun: boolean;
  source: { file: string; format: ApplyPreview['source']['format']; size: number; select: (string | number)[]; safety: Verdict };
  /** the source's safety verdict as every command's JSON gives it (source.safety is the same verdict) */
  checkpointSafety: CheckpointSafety[];
  output: { path: string; format: OutputFormat; sharded: boolean; keepContainer: boolean };
  forced: string[];
  hash: HashCheck;
  metadata: ApplyPreview['metadata'];
  totalBytes: number;
  changes: KeyChanges;
  notes: string[];
  written: { files: string[]; bytes: number; tensors: number; seconds: number; storages: StorageCopy } | null;
  target: (TargetCheck & { loadsStrict: boolean; strictLoad: StrictLoad }) | null;
}

export function applyToJson(p: ApplyPreview | ApplyResult, target: TargetCheck | null): ApplyJson {
  const { source: s } = p;
  return {
    format: APPLY_FORMAT,
    version: APPLY_VERSION,
    dryRun: !('written' in p),
    source: { file: s.file, format: s.format, size: s.size, select: s.select, safety: s.safety.verdict },
    checkpointSafety: [checkpointSafety(s.file, s.safety)],
    output: { path: p.out, format: p.format, sharded: p.sharded, keepContainer: p.keepContainer },
    forced: p.forced,
    hash: p.hash,
    metadata: p.metadata,
    totalBytes: p.totalBytes,
    changes: p.changes,
    notes: p.notes,
    written: 'written' in p ? p.written : null,
    target: target ? { ...target, loadsStrict: loadsStrict(target), strictLoad: strictLoad(target) } : null,
  };
}

export function formatApplyJson(p: ApplyPreview | ApplyResult, target: TargetCheck | null): string {
  return JSON.stringify(applyToJson(p, target), null, 2);
}
