/**
 * The state dict a plan operates on: the source opened (nothing executed, no tensor bytes read) and the
 * mapping at the plan's `source.select` path.
 */
import { openCheckpoint, type OpenedCheckpoint } from '../checkpoint/open.js';
import type { KeyPath, StateDictCandidate } from '../checkpoint/types.js';
import { candidateEntries, valueAt } from '../checkpoint/walk.js';
import { FormatError } from '../formats/errors.js';
import type { PyDict, PyTensor } from '../formats/pickle/values.js';

export interface PlanSource {
  path: string;
  checkpoint: OpenedCheckpoint;
  /** where the state dict is (the plan's select) */
  select: KeyPath;
  /** its tensors, in file order */
  entries: [string, PyTensor][];
  /** the state dict itself when it is a mapping (not a TorchScript module): its `_metadata` lives here */
  dict: PyDict | null;
}

function showPath(path: KeyPath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('/');
}

/**
 * `select`: the plan's path to the state dict; `override`: `apply --select PATH`, for a checkpoint that
 * nests its state dict elsewhere than the one the plan was made on (its keys are still checked).
 */
export function openPlanSource(path: string, select: KeyPath, override?: string): PlanSource {
  return planStateDict(openCheckpoint(path), path, select, override);
}

/** openPlanSource's state dict, of a checkpoint already opened (plan check has it from openKeySource). */
export function planStateDict(checkpoint: OpenedCheckpoint, path: string, select: KeyPath, override?: string): PlanSource {
  if (checkpoint.root === null) {
    throw new FormatError(path, `cannot be rewritten: ${checkpoint.error?.message ?? 'its object tree could not be read'}`);
  }
  // `--select` spells the root `(root)` and tolerates slashes around the path, as everywhere
  const want = override !== undefined ? override.replace(/^\/+|\/+$/g, '').replace(/^\(root\)$/, '') : select.map(String).join('/');
  const cand: StateDictCandidate | undefined = checkpoint.stateDicts.find((c) => c.path.map(String).join('/') === want);
  if (!cand) {
    const have = checkpoint.stateDicts.map((c) => showPath(c.path)).join(', ') || 'none';
    if (override !== undefined) throw new FormatError(path, `--select ${override}: no state dict there (its state dicts: ${have})`);
    throw new FormatError(path, `the plan selects the state dict at ${showPath(select)}, which this file does not have (its state dicts: ${have}; pick one with --select PATH)`);
  }
  const at = valueAt(checkpoint.root, cand.path);
  const dict = typeof at === 'object' && at !== null && at.kind === 'dict' ? at : null;
  return { path, checkpoint, select: cand.path, entries: candidateEntries(checkpoint.root, cand), dict };
}
