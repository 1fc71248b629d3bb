import type { PyValue } from '../formats/pickle/values.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import type { TensorInfo } from '../formats/tensor.js';
/** Container keys from the file's root to a value: dict keys as strings, list/tuple indices as numbers. */
export type KeyPath = (string | number)[];
/**
 * Every container sdmatch reads, one row each. The JSON schemas (schemas/*.schema.json) list the same
 * names; test/checkpoint/formats-schemas.test.ts holds them to this table.
 */
export declare const CHECKPOINT_FORMATS: readonly ['torch-zip', 'legacy-torch', 'torchscript', 'pickle', 'safetensors', 'hf-sharded', 'npy', 'npz', 'dcp', 'deepspeed', 'megatron'];
export type CheckpointFormat = (typeof CHECKPOINT_FORMATS)[number];
/** A tensor found in the object tree, at the first path it was reached by. */
export interface TensorRecord {
    path: KeyPath;
    info: TensorInfo;
    /** other paths reaching the very same tensor object (e.g. a model and its EMA sharing a parameter) */
    aliases: KeyPath[];
}
/**
 * A mapping in the tree that looks like a state dict: string keys, most values tensors.
 * `keys` are the tensor keys in file order; `nonTensor` the keys whose values are not tensors.
 */
export interface StateDictCandidate {
    path: KeyPath;
    keys: string[];
    nonTensor: string[];
}
export interface Checkpoint {
    /** as the user named it */
    file: string;
    size: number;
    format: CheckpointFormat;
    /** what the format refines (`protocol 2`, `zip64`, `3 shards` …) for the summary */
    detail: string[];
    /** the object tree after interpretation (tensors are PyTensor nodes, OrderedDicts are PyDicts) */
    root: PyValue;
    tensors: TensorRecord[];
    stateDicts: StateDictCandidate[];
    safety: SafetyReport;
    /** a directory checkpoint's files, in hashing order (its index first); absent for single files and HF indexes */
    files?: string[];
    /** every file the reader or the framework's loader opens (`files`, optimizer states, `latest`): apply never writes over one */
    opened?: string[];
    /** a directory layout that joined tensor-parallel ranks (Megatron, Megatron-DeepSpeed): how many; absent elsewhere */
    tensorParallel?: number;
    /** a directory checkpoint named by one of its files: that file as `torch.load(file)` gives it (absent when the folder was named) */
    namedMember?: NamedMember;
}
/**
 * One file of a directory checkpoint, the one the user named: its own top-level fields. The folder's tree is what
 * sdmatch joins from all its files; a load that failed on `torch.load(file)` saw these instead (review25 F12).
 */
export interface NamedMember {
    /** as the user named it */
    file: string;
    /** the top-level dict's entry names, in file order (none when the file is no dict) */
    fields: string[];
    /** those whose value is a dict holding tensors: a state dict `checkpoint[field]` gives */
    stateDicts: string[];
    /** of those, the ones whose every tensor has no elements (ZeRO-3's placeholders) */
    emptyOnly: string[];
    /** the checkpoint's folder, as the user would name it */
    folder: string;
}
