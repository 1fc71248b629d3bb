/**
 * The state dict a plan operates on: the source opened (nothing executed, no tensor bytes read) and the
 * mapping at the plan's `source.select` path.
 */
import { formatKeyPath } from '../analysis/select.js';
import { openCheckpoint, type OpenedCheckpoint } from '../checkpoint/open.js';
import type { KeyPath, StateDictCandidate } from '../checkpoint/types.js';
import { refuseUnloadable } from '../checkpoint/unloadable.js';
import { candidateAt, candidateEntries, valueAt } from '../checkpoint/walk.js';
import { FormatError } from '../formats/errors.js';
import type { PyDict, PyTensor } from '../formats/pickle/values.js';
import type { Plan } from '../plan/types.js';

export interface PlanSource {
  path: string;
  checkpoint: OpenedCheckpoint;
  /** where the state dict is (the plan's select) */
  select: KeyPath;
  /** its tensors, in file order */
  entries: [string, PyTensor][];
  /** the state dict itself when it is a mapping (not a TorchScript module): its `_metadata` lives here */
  dict: PyDict | null;
  /** found by the plan's source keys, not at the path the plan records (byPlanKeys) */
  foundByKeys?: boolean;
}

/**
 * `select`: the plan's path to the state dict; `override`: `apply --select PATH`, for a checkpoint that
 * nests its state dict elsewhere than the one the plan was made on (its keys are still checked).
 */
export function openPlanSource(path: string, select: KeyPath, override?: string, plan?: PlanKeys): PlanSource {
  return planStateDict(openCheckpoint(path), path, select, override, plan);
}

/** What a plan says of the state dict it was made for: where it was (`source.select`, from `source.kind`) and its keys (`mapping`'s). */
export type PlanKeys = Pick<Plan, 'mapping'> & { source: Pick<Plan['source'], 'kind'> };

/** openPlanSource's state dict, of a checkpoint already opened (plan check has it from openKeySource). */
export function planStateDict(checkpoint: OpenedCheckpoint, path: string, select: KeyPath, override?: string, plan?: PlanKeys): PlanSource {
  if (checkpoint.root === null) {
    throw new FormatError(path, `cannot be rewritten: ${checkpoint.error?.message ?? 'its object tree could not be read'}`);
  }
  // a tree read from a file torch cannot load as it is (review 21 F6/F7): the cause, before any op reads it
  // (apply blamed "pieces" for a legacy file cut inside its storages)
  refuseUnloadable(path, checkpoint);
  // the plan's select is the path as the reader gave it (a list index 0 is not the key '0', nor ['a', 'b'] the
  // key 'a/b'); `--select` is text, spelled as everywhere (findCandidate): it must name one state dict
  let cand = override === undefined ? candidateAt(checkpoint, select) : spelledCandidate(checkpoint.stateDicts, override, path);
  let foundByKeys = false;
  if (override === undefined && plan !== undefined) {
    const byKeys = byPlanKeys(checkpoint, plan, cand);
    if (byKeys) [cand, foundByKeys] = [byKeys, true];
  }
  if (!cand) {
    const have = checkpoint.stateDicts.map((c) => formatKeyPath(c.path)).join(', ') || 'none';
    if (override !== undefined) throw new FormatError(path, `--select ${override}: no state dict there (its state dicts: ${have})`);
    throw new FormatError(path, `the plan selects the state dict at ${formatKeyPath(select)}, which this file does not have (its state dicts: ${have}; pick one with --select PATH)`);
  }
  const at = valueAt(checkpoint.root, cand.path);
  const dict = typeof at === 'object' && at !== null && at.kind === 'dict' ? at : null;
  return { path, checkpoint, select: cand.path, entries: candidateEntries(checkpoint.root, cand), dict, foundByKeys };
}

/**
 * A plan made from a manifest or key list (check --plan-out of a lock file) records the root as its path, and
 * one made from another checkpoint a path this one may not have: the old checkpoint it is applied to nests
 * its weights (`ckpt['state_dict']`) more often than not (review 16 F2). Then the state dict is the one
 * holding exactly the plan's source keys, when one does; null to keep the selected one (a plan made from
 * a checkpoint whose path this file has keeps it: the fingerprint check judges it).
 */
function byPlanKeys(checkpoint: OpenedCheckpoint, plan: PlanKeys, selected: StateDictCandidate | undefined): StateDictCandidate | null {
  const fromCheckpoint = (plan.source.kind ?? 'checkpoint') === 'checkpoint';
  if (selected && fromCheckpoint) return null;
  const want = new Set(Object.keys(plan.mapping));
  const holds = (c: StateDictCandidate) => {
    const keys = candidateEntries(checkpoint.root!, c);
    return keys.length === want.size && keys.every(([k]) => want.has(k));
  };
  if (selected && holds(selected)) return null;
  const found = checkpoint.stateDicts.filter(holds);
  return found.length === 1 ? found[0]! : null;
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
