import { type OpenedCheckpoint } from '../checkpoint/open.js';
import type { KeyPath } from '../checkpoint/types.js';
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
export declare function openPlanSource(path: string, select: KeyPath, override?: string, plan?: PlanKeys): PlanSource;
/** What a plan says of the state dict it was made for: where it was (`source.select`, from `source.kind`) and its keys (`mapping`'s). */
export type PlanKeys = Pick<Plan, 'mapping'> & {
    source: Pick<Plan['source'], 'kind'>;
};
/** openPlanSource's state dict, of a checkpoint already opened (plan check has it from openKeySource). */
export declare function planStateDict(checkpoint: OpenedCheckpoint, path: string, select: KeyPath, override?: string, plan?: PlanKeys): PlanSource;
