/**
 * The names torch.nn's layers give the tensors they keep (`conv1.weight`, `bn1.running_mean`), one row each
 * with what it is and why the tools read it by name. One table for every reader: the error-text reader (a key
 * ending in one is whole), matching (a weight is never a bias, a mean never a variance; such a leaf says nothing
 * of its block's role) and the BatchNorm checks (statistics are buffers, which `named_parameters()` leaves out).
 * It sits in formats/ because the error-text reader is the lowest layer that needs it.
 */

export type LeafKind = 'parameter' | 'statistic' | 'counter';

export const MODULE_LEAF_ROWS = [
  { leaf: 'weight', kind: 'parameter', why: "a Linear's, Conv's or Embedding's trained weight, a norm's gain: every framework's converters keep the name" },
  { leaf: 'bias', kind: 'parameter', why: "the trained bias beside a weight; a norm's shift too" },
  {
    leaf: 'running_mean',
    kind: 'statistic',
    why: "BatchNorm's running mean over training batches: a buffer (not in named_parameters()), specific to a norm where weight and bias are not",
  },
  { leaf: 'running_var', kind: 'statistic', why: "BatchNorm's running variance, the running mean's partner: a buffer as well" },
  {
    leaf: 'num_batches_tracked',
    kind: 'counter',
    why: "BatchNorm's batch counter (PyTorch ≥ 0.4.1): a buffer BatchNorm fills in itself when a checkpoint lacks it, so it tells nothing of a module's match",
  },
] as const satisfies readonly { leaf: string; kind: LeafKind; why: string }[];

export type ModuleLeaf = (typeof MODULE_LEAF_ROWS)[number]['leaf'];

const leavesOf = (keep: (kind: LeafKind) => boolean): readonly ModuleLeaf[] =>
  MODULE_LEAF_ROWS.filter((r) => keep(r.kind)).map((r) => r.leaf);

/** every leaf of the table: what a module of any kind names its tensors */
export const MODULE_LEAVES: readonly ModuleLeaf[] = leavesOf(() => true);

/** a BatchNorm's buffers: its running statistics and its counter */
export const NORM_BUFFERS: readonly ModuleLeaf[] = leavesOf((k) => k !== 'parameter');

/** a BatchNorm's running statistics, without the counter */
export const NORM_STATISTICS: readonly ModuleLeaf[] = leavesOf((k) => k === 'statistic');

/**
 * Where another framework spells a leaf of the table above in a word torch.nn never gives a parameter, read only where
 * the key's separators say that framework wrote it: `blob`, the last `_` word of a Caffe2 / Detectron blob name (a key
 * without a dot, `res2_0_branch2a_bn_s`, also under a `gpu_0/` name scope); `scope`, the whole last scope of a
 * TensorFlow `/` path (`model/h0/ln_1/g`). On a dotted torch key these words are whatever the module's author meant.
 */
export type LeafSpellingPlace = 'blob' | 'scope';

export const FOREIGN_LEAF_ROWS = [
  { spelling: 'w', leaf: 'weight', places: ['blob', 'scope'], why: "Caffe2's `conv1_w` (detectron2's convert_basic_c2_names: `_w` → `.weight`); GPT-2's and Sonnet's TF `…/c_attn/w` (transformers' load_tf_weights_in_gpt2: `w` → weight)" },
  { spelling: 'b', leaf: 'bias', places: ['blob', 'scope'], why: 'the bias beside either: `_b` → `.bias`, `b` → bias in the same converters' },
  { spelling: 's', leaf: 'weight', places: ['blob'], why: "Detectron's AffineChannel / BN scale `_bn_s`: the norm's weight" },
  { spelling: 'rm', leaf: 'running_mean', places: ['blob'], why: "Detectron's `_bn_rm`, the BatchNorm's running mean" },
  { spelling: 'riv', leaf: 'running_var', places: ['blob'], why: "Detectron's `_bn_riv` (running inverse variance as it names it), loaded as running_var" },
  { spelling: 'g', leaf: 'weight', places: ['scope'], why: "GPT-2's TF LayerNorm gain `model/h0/ln_1/g` (load_tf_weights_in_gpt2: `g` → weight); never a bias" },
] as const satisfies readonly { spelling: string; leaf: ModuleLeaf; places: readonly LeafSpellingPlace[]; why: string }[];

/** spelling → torch's leaf, for the spellings read at `place` */
export function foreignLeaves(place: LeafSpellingPlace): Readonly<Record<string, ModuleLeaf>> {
  const out: Record<string, ModuleLeaf> = {};
  for (const r of FOREIGN_LEAF_ROWS) if ((r.places as readonly LeafSpellingPlace[]).includes(place)) out[r.spelling] = r.leaf;
  return out;
}
