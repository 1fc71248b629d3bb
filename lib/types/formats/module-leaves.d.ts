/**
 * The names torch.nn's layers give the tensors they keep (`conv1.weight`, `bn1.running_mean`), one row each
 * with what it is and why the tools read it by name. One table for every reader: the error-text reader (a key
 * ending in one is whole), matching (a weight is never a bias, a mean never a variance; such a leaf says nothing
 * of its block's role) and the BatchNorm checks (statistics are buffers, which `named_parameters()` leaves out).
 * It sits in formats/ because the error-text reader is the lowest layer that needs it.
 */
export type LeafKind = 'parameter' | 'statistic' | 'counter';
export declare const MODULE_LEAF_ROWS: readonly [{
    readonly leaf: 'weight';
    readonly kind: 'parameter';
    readonly why: "a Linear's, Conv's or Embedding's trained weight, a norm's gain: every framework's converters keep the name";
}, {
    readonly leaf: 'bias';
    readonly kind: 'parameter';
    readonly why: "the trained bias beside a weight; a norm's shift too";
}, {
    readonly leaf: 'running_mean';
    readonly kind: 'statistic';
    readonly why: "BatchNorm's running mean over training batches: a buffer (not in named_parameters()), specific to a norm where weight and bias are not";
}, {
    readonly leaf: 'running_var';
    readonly kind: 'statistic';
    readonly why: "BatchNorm's running variance, the running mean's partner: a buffer as well";
}, {
    readonly leaf: 'num_batches_tracked';
    readonly kind: 'counter';
    readonly why: "BatchNorm's batch counter (PyTorch ≥ 0.4.1): a buffer BatchNorm fills in itself when a checkpoint lacks it, so it tells nothing of a module's match";
}];
export type ModuleLeaf = (typeof MODULE_LEAF_ROWS)[number]['leaf'];
/** every leaf of the table: what a module of any kind names its tensors */
export declare const MODULE_LEAVES: readonly ModuleLeaf[];
/** a BatchNorm's buffers: its running statistics and its counter */
export declare const NORM_BUFFERS: readonly ModuleLeaf[];
/** a BatchNorm's running statistics, without the counter */
export declare const NORM_STATISTICS: readonly ModuleLeaf[];
