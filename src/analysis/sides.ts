import type { KeySource } from '../checkpoint/key-source.js';
import type { Checkpoint, KeyPath } from '../checkpoint/types.js';
import { candidateTensors } from '../checkpoint/walk.js';
import type { ErrorReport } from '../formats/error-text.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import type { ManifestMegatron } from '../formats/manifest.js';
import { refuseNotModelKeys } from './not-model-keys.js';
import { findCandidate, selectForErrorReport, selectStateDict, type Candidate, type Selection } from './select.js';

/**
 * One side of a comparison, reduced to what the analysis needs: the keys (in file order) of the
 * chosen state dict, and how it was chosen. Error texts stay reports: they describe a comparison
 * rather than a key set, so the caller decides how to use them.
 */
export interface ResolvedSide {
  file: string;
  kind: KeySource['kind'];
  /** keys of the chosen state dict; for an error text, the keys it names (unexpected + size-mismatched at checkpoint shapes) */
  entries: KeyEntry[];
  /** the chosen state dict's path, for checkpoints */
  selected: KeyPath | null;
  selection: Selection | null;
  /** keys of the chosen dict whose values are not tensors */
  nonTensor: string[];
  report: ErrorReport | null;
  checkpoint: Checkpoint | null;
  /** a manifest's keys that share one storage (its `tied` field); absent or null: it does not say */
  tied?: string[][] | null;
  /** a manifest's Megatron args (its `megatron` field); absent or null: it does not say */
  megatron?: ManifestMegatron | null;
  /** a manifest's module classes (its `modules` field); absent or null: it does not say */
  modules?: ReadonlyMap<string, string> | null;
}

export interface SideOptions {
  /** `--select` for the source side (`trainer/var_wo_ddp`) */
  select?: string;
  /** `--select-expected` for the expected side */
  selectExpected?: string;
}

export function candidatesOf(ckpt: Checkpoint): (Candidate & { nonTensor: string[] })[] {
  if (ckpt.root === null) return [];
  return ckpt.stateDicts.map((c) => ({
    path: c.path,
    nonTensor: c.nonTensor,
    entries: candidateTensors(ckpt.root, c).map(([key, t]) => ({ key, shape: t.shape, dtype: t.dtype })),
  }));
}

function fromCheckpoint(
  src: Extract<KeySource, { kind: 'checkpoint' }>,
  choose: (cands: Candidate[]) => Selection,
  select: string | undefined,
): ResolvedSide {
  const ckpt = src.checkpoint;
  const cands = candidatesOf(ckpt);
  if (cands.length === 0) {
    const why = (ckpt as { error?: FormatError | null }).error?.message;
    throw new FormatError(src.file, why ? `holds no readable state dict: ${why}` : 'holds no state dict (no mapping of names to tensors)');
  }
  let selection: Selection | null = null;
  let chosen: (typeof cands)[number];
  if (select !== undefined) {
    try {
      chosen = findCandidate(cands, select);
    } catch (e) {
      if (e instanceof FormatError) e.file = src.file;
      throw e;
    }
  } else {
    selection = choose(cands);
    chosen = cands.find((c) => c === selection!.chosen) ?? cands[0]!;
  }
  return {
    file: src.file, kind: 'checkpoint', entries: [...chosen.entries], selected: chosen.path, selection,
    nonTensor: chosen.nonTensor, report: null, checkpoint: ckpt,
  };
}

function plain(src: Exclude<KeySource, { kind: 'checkpoint' }>): ResolvedSide {
  if (src.kind === 'error-text') {
    const r = src.report;
    const entries: KeyEntry[] = [
      ...r.unexpected.map((key) => ({ key, shape: null, dtype: null })),
      ...r.sizeMismatch.map((s) => ({ key: s.key, shape: s.source, dtype: null })),
    ];
    return { file: src.file, kind: src.kind, entries, selected: null, selection: null, nonTensor: [], report: r, checkpoint: null };
  }
  return { file: src.file, kind: src.kind, entries: src.entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null, ...(src.kind === 'manifest' && src.tied ? { tied: src.tied } : {}), ...(src.kind === 'manifest' && src.megatron ? { megatron: src.megatron } : {}), ...(src.kind === 'manifest' && src.modules ? { modules: src.modules } : {}) };
}

/**
 * Resolve both sides. The expected side is settled first (by name and size, or `--select-expected`),
 * then the source's state dict is the one that best explains it — or, against an error text, the
 * one that could have produced that error.
 */
export function resolveSides(source: KeySource, expected: KeySource, opts: SideOptions = {}): { source: ResolvedSide; expected: ResolvedSide } {
  const exp = expected.kind === 'checkpoint'
    ? fromCheckpoint(expected, (c) => selectStateDict(c, null), opts.selectExpected)
    : plain(expected);
  let src: ResolvedSide;
  if (source.kind === 'checkpoint') {
    const chooser = exp.report
      ? (c: Candidate[]) => selectForErrorReport(c, exp.report!)
      : (c: Candidate[]) => selectStateDict(c, exp.entries);
    src = fromCheckpoint(source, chooser, opts.select);
  } else {
    src = plain(source);
  }
  refuseNotModelKeys(src, exp);
  return { source: src, expected: exp };
}
