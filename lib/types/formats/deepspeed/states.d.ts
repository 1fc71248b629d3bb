import type { PyDict, PyTensor, PyValue } from '../pickle/values.js';
/**
 * The dicts DeepSpeed saves, read from their symbolic trees (nothing executed): the engine's
 * model-states dict (engine.py `_save_checkpoint`) and each rank's ZeRO optimizer dict
 * (`_save_zero_checkpoint` around stage_1_and_2.py / stage3.py / bf16_optimizer.py `state_dict`).
 * Key names are deepspeed/checkpoint/constants.py's.
 */
export interface ModelStates {
    /** the module's state dict as saved: 16-bit weights under ZeRO-1/2, empty placeholders under ZeRO-3 */
    module: PyDict | null;
    bufferNames: string[];
    /** per optimizer group, every trainable parameter's name and full shape, in flat-buffer order */
    paramShapes: [string, number[]][][] | null;
    frozenShapes: [string, number[]][] | null;
    /** frozen parameters (ZeRO-2: whole; ZeRO-3: this rank's padded flat fragment) */
    frozenFragments: Map<string, PyTensor> | null;
    /** [name not stored, name holding the data] */
    shared: [string, string][];
    dsVersion: string | null;
    dpWorldSize: number | null;
    mpWorldSize: number | null;
}
export interface OptimStates {
    /** 1, 2, 3; null for the bf16 optimizer, which records none (it partitions like ZeRO-1) */
    zeroStage: number | null;
    /** data-parallel world size the partitions were made for */
    partitionCount: number;
    /** this rank's flat fp32 master weights, one tensor per group */
    groups: PyTensor[];
    groupsKey: 'single_partition_of_fp32_groups' | 'fp32_flat_groups';
}
/**
 * Reads a model-states file's dict; throws when it is not one (zero_to_fp32 tests for buffer_names). A
 * mixture-of-experts save (engine.py `_save_moe_checkpoint`) writes no buffer_names, param_shapes or
 * ds_version, only the module and the step counters: `moe` accepts that.
 */
export declare function readModelStates(root: PyValue, file: string, moe?: boolean): ModelStates;
/**
 * A ZeroStageEnum as pickled: `getattr(ZeroStageEnum, 'gradients')` (Python 3.11+), `ZeroStageEnum(2)`
 * (older Pythons), or a plain int. The member order is the enum's values (disabled = 0 …).
 */
export declare function zeroStageOf(v: PyValue | undefined): number | null;
/** Reads an optim-states file's dict; throws when it holds no flat fp32 groups. */
export declare function readOptimStates(root: PyValue, file: string): OptimStates;
/** An element range of one of several flat pieces laid end to end. */
export interface FlatRange {
    piece: number;
    start: number;
    numel: number;
}
/** Elements [from, from+n) of pieces of these lengths laid end to end, as ranges of the pieces. */
export declare function sliceConcat(lengths: readonly number[], from: number, n: number): FlatRange[];
/** Where a parameter's fp32 elements are: ranges of (rank, group) flat tensors, in element order. */
export interface ParamRanges {
    name: string;
    shape: number[];
    ranges: {
        rank: number;
        group: number;
        start: number;
        numel: number;
    }[];
}
/**
 * zero_to_fp32.py `_zero2_merge_trainable_params`: each group's partitions are concatenated across
 * ranks (their alignment padding was cut off when saved) and the group's parameters read from it in
 * param_shapes order. Throws, as zero_to_fp32 does, when the parameters do not use up the flat buffer
 * up to the 2×world-size alignment.
 */
export declare function zero12Params(paramShapes: [string, number[]][][], groupLengths: number[][], worldSize: number, file: string): ParamRanges[];
/**
 * zero_to_fp32.py `_zero3_merge_trainable_params`: every parameter is split into world-size equal
 * partitions (the last padded); rank r's flat groups, end to end, hold each parameter's r-th partition
 * in param_shapes order.
 */
export declare function zero3Params(paramShapes: [string, number[]][][], groupLengths: number[][], worldSize: number, file: string): ParamRanges[];
