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
/**
 * Where another framework spells a leaf of the table above in a word torch.nn never gives a parameter, read only where
 * the key's separators say that framework wrote it: `blob`, the last `_` word of a Caffe2 / Detectron blob name (a key
 * without a dot, `res2_0_branch2a_bn_s`, also under a `gpu_0/` name scope); `scope`, the whole last scope of a
 * TensorFlow `/` path (`model/h0/ln_1/g`). On a dotted torch key these words are whatever the module's author meant.
 */
export type LeafSpellingPlace = 'blob' | 'scope';
export declare const FOREIGN_LEAF_ROWS: readonly [{
    readonly spelling: 'w';
    readonly leaf: 'weight';
    readonly places: readonly ["blob", "scope"];
    readonly why: "Caffe2's `conv1_w` (detectron2's convert_basic_c2_names: `_w` → `.weight`); GPT-2's and Sonnet's TF `…/c_attn/w` (transformers' load_tf_weights_in_gpt2: `w` → weight)";
}, {
    readonly spelling: 'b';
    readonly leaf: 'bias';
    readonly places: readonly ["blob", "scope"];
    readonly why: 'the bias beside either: `_b` → `.bias`, `b` → bias in the same converters';
}, {
    readonly spelling: 's';
    readonly leaf: 'weight';
    readonly places: readonly ["blob"];
    readonly why: "Detectron's AffineChannel / BN scale `_bn_s`: the norm's weight";
}, {
    readonly spelling: 'rm';
    readonly leaf: 'running_mean';
    readonly places: readonly ["blob"];
    readonly why: "Detectron's `_bn_rm`, the BatchNorm's running mean";
}, {
    readonly spelling: 'riv';
    readonly leaf: 'running_var';
    readonly places: readonly ["blob"];
    readonly why: "Detectron's `_bn_riv` (running inverse variance as it names it), loaded as running_var";
}, {
    readonly spelling: 'g';
    readonly leaf: 'weight';
    readonly places: readonly ["scope"];
    readonly why: "GPT-2's TF LayerNorm gain `model/h0/ln_1/g` (load_tf_weights_in_gpt2: `g` → weight); never a bias";
}];
/** spelling → torch's leaf, for the spellings read at `place` */
export declare function foreignLeaves(place: LeafSpellingPlace): Readonly<Record<string, ModuleLeaf>>;
