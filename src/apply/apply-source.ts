/**
 * The state dict a plan operates on: the source opened (nothing executed, no tensor bytes read) and the
 * mapping at the plan's `source.select` path.
 */
import { formatKeyPath } from '../analysis/select.js';
import { openCheckpoint, type OpenedCheckpoint } from '../checkpoint/open.js';
import type { KeyPath, StateDictCandidate } from '../checkpoint/types.js';
import { candidateAt, candidateEntries, valueAt } from '../checkpoint/walk.js';
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
  // the plan's select is the path as the reader gave it (a list index 0 is not the key '0', nor ['a', 'b'] the
  // key 'a/b'); `--select` is text, spelled as everywhere (findCandidate): it must name one state dict
  const cand = override === undefined ? candidateAt(checkpoint, select) : spelledCandidate(checkpoint.stateDicts, override, path);
  if (!cand) {
    const have = checkpoint.stateDicts.map((c) => formatKeyPath(c.path)).join(', ') || 'none';
    if (override !== undefined) throw new FormatError(path, `--select ${override}: no state dict there (its state dicts: ${have})`);
    throw new FormatError(path, `the plan selects the state dict at ${formatKeyPath(select)}, which this file does not have (its state dicts: ${have}; pick one with --select PATH)`);
  }
  const at = valueAt(checkpoint.root, cand.path);
  const dict = typeof at === 'object' && at !== null && at.kind === 'dict' ? at : null;
  return { path, checkpoint, select: cand.path, entries: candidateEntries(checkpoint.root, cand), dict };
}

/**
 * The state dict `apply --select SPEC` names, as text (`trainer/var_wo_ddp`, `(root)`, slashes around it
 * tolerated); a spelling two paths share (a list index 0 and a key '0', a key 'a/b' and a path a → b) is refused.
 */
function spelledCandidate(cands: readonly StateDictCandidate[], spec: string, file: string): StateDictCandidate | undefined {
  const want = spec.replace(/^\/+|\/+$/g, '') || '(root)';
  const found = cands.filter((c) => formatKeyPath(c.path) === want);
  if (found.length > 1) throw new FormatError(file, `--select ${spec}: ${found.length} state dicts are spelled that way (a list index and a key, or a key holding '/'): the plan made on this file names the right one; apply it without --select`);
  return found[0];
}
