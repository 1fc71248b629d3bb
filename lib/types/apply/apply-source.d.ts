import { type OpenedCheckpoint } from '../checkpoint/open.js';
import type { KeyPath } from '../checkpoint/types.js';
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
export declare function openPlanSource(path: string, select: KeyPath, override?: string): PlanSource;
/** openPlanSource's state dict, of a checkpoint already opened (plan check has it from openKeySource). */
export declare function planStateDict(checkpoint: OpenedCheckpoint, path: string, select: KeyPath, override?: string): PlanSource;
