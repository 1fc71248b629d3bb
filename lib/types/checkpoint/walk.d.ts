import type { PyTensor, PyValue } from '../formats/pickle/values.js';
import type { TensorInfo } from '../formats/tensor.js';
import type { Checkpoint, KeyPath, StateDictCandidate, TensorRecord } from './types.js';
/**
 * One pass over the interpreted tree: every distinct tensor (at the first path that reaches it, with
 * the other paths as aliases) and every mapping that looks like a state dict.
 *
 * Iterative, and each container is entered once: shared containers (a billion-laughs bomb, or a model
 * saved twice under two keys) cost one visit, cycles end, and deep nesting costs heap, not stack.
 * Paths are built only for what is recorded, from parent links, so depth does not multiply the cost.
 *
 * Path steps: dict keys as strings (other keys stringified), list/tuple/set indices as numbers, object
 * attributes by name; a call's arguments under `__args__` and a non-dict BUILD state under `__state__`.
 */
export interface WalkResult {
    tensors: TensorRecord[];
    stateDicts: StateDictCandidate[];
}
/** Nested candidates are kept only when they hold more tensors than the candidate around them. */
export declare function walkTree(root: PyValue): WalkResult;
/** The state-dict candidate of `ckpt` at exactly `path` (element by element: a list index 1 is not the key '1'), if any. */
export declare function candidateAt(ckpt: Checkpoint, path: KeyPath): StateDictCandidate | undefined;
/** The tensors a candidate names, in its key order (module candidates are resolved through the module tree). */
export declare function candidateTensors(root: PyValue, cand: StateDictCandidate): [string, TensorInfo][];
/** As candidateTensors, with the tensor nodes themselves (identity kept, for trees built from others). */
export declare function candidateEntries(root: PyValue, cand: StateDictCandidate): [string, PyTensor][];
/**
 * The entry names of every dict on the way from the root to `path` (the root's own included, the one at
 * `path` not): what load_state_dict would call unexpected if one of those containers were passed whole.
 */
export declare function fieldsAlong(root: PyValue, path: KeyPath): Set<string>;
/**
 * A file's top-level dict as `torch.load(file)` gives it: its entry names, those whose value is a dict holding
 * a tensor (a state dict `checkpoint[field]` gives), and of those the ones whose every tensor is empty
 * (DeepSpeed ZeRO-3 saves `torch.Size([0])` placeholders). Nothing when the root is no dict.
 */
export declare function topFields(root: PyValue | null): {
    fields: string[];
    stateDicts: string[];
    emptyOnly: string[];
};
/** The value a path leads to (the inverse of the walk's path steps), or undefined. */
export declare function valueAt(root: PyValue, path: KeyPath): PyValue | undefined;
