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

export function openPlanSource(path: string, select: KeyPath): PlanSource {
  const checkpoint = openCheckpoint(path);
  if (checkpoint.root === null) {
    throw new FormatError(path, `cannot be rewritten: ${checkpoint.error?.message ?? 'its object tree could not be read'}`);
  }
  const want = select.map(String).join('/');
  const cand: StateDictCandidate | undefined = checkpoint.stateDicts.find((c) => c.path.map(String).join('/') === want);
  if (!cand) {
    const have = checkpoint.stateDicts.map((c) => showPath(c.path)).join(', ') || 'none';
    throw new FormatError(path, `the plan selects the state dict at ${showPath(select)}, which this file does not have (its state dicts: ${have})`);
  }
  const at = valueAt(checkpoint.root, cand.path);
  const dict = typeof at === 'object' && at !== null && at.kind === 'dict' ? at : null;
  return { path, checkpoint, select: cand.path, entries: candidateEntries(checkpoint.root, cand), dict };
}
