/**
 * The op vocabulary of remap plans: every op kind, its fields, and what it does to key names. Plan
 * inference (src/analysis/infer) makes these ops, the plan format (src/plan) stores and validates
 * them, and apply (src/apply) executes them; all three import them from here, so each fact lives
 * once. The full execution over keys (shapes, tensor recipes, errors) is src/analysis/op-keys.ts.
 *
 * Ops apply in order, each to the keys as earlier ops left them (a pipeline):
 * - strip_prefix: keys starting with the prefix lose it; other keys are untouched.
 * - add_prefix: every key gets the prefix (a prefix on part of the keys is a `rename` with `^`).
 * - rename: the first match of the regex is replaced (`$1` = group 1, `${1+1}` index arithmetic on it);
 *   keys without a match are untouched, and so are keys whose arithmetic has no index to work on.
 * - drop: keys the regex matches are removed.
 * - transpose / reshape / rope_permute keep the name; split / concat / stack / copy make new names (see the types).
 */
import { type Expander } from './infer/regex.js';
/**
 * Which tensors a tensor op (transpose, reshape) concerns: one exact key, or every key a regex matches —
 * both names as they are at that point of the ops. Exactly one of the two: the other is `never`, so
 * an op naming both (or neither) does not type-check.
 */
export type KeySelector = {
    key: string;
    pattern?: never;
} | {
    pattern: string;
    key?: never;
};
/**
 * What a concat joins: exact `keys` (in order), or every key `pattern` matches, ordered within its
 * group by where the text of capture group `part` stands in `parts`. Exactly one of the two forms.
 */
export type ConcatSelector = {
    keys: string[];
    pattern?: never;
    part?: never;
    parts?: never;
} | {
    pattern: string;
    part: number;
    parts: string[];
    keys?: never;
};
/** What a reshape gives: one exact `shape`, or trailing dims of size 1 added or removed per tensor. */
export type ReshapeTo = {
    shape: number[];
    addTrailingOnes?: never;
    removeTrailingOnes?: never;
} | {
    addTrailingOnes: number;
    shape?: never;
    removeTrailingOnes?: never;
} | {
    removeTrailingOnes: number;
    shape?: never;
    addTrailingOnes?: never;
};
/**
 * The shape a reshape gives a tensor of shape `current` (null: not known here), or why it cannot:
 * an exact shape with another element count, trailing dims to remove that are not 1.
 */
export declare function reshapedShape(to: ReshapeTo, current: readonly number[] | null): {
    shape: number[] | null;
} | {
    problem: string;
};
/** How a reshape says its result, for messages: `[768, 3072, 1, 1]`, `each tensor's shape with 2 trailing 1s added`. */
export declare function describeReshape(to: ReshapeTo): string;
export type PlanOp = {
    op: 'strip_prefix';
    prefix: string;
    confidence?: number;
    evidence?: string;
} | {
    op: 'add_prefix';
    prefix: string;
    confidence?: number;
    evidence?: string;
} | {
    op: 'rename';
    pattern: string;
    replacement: string;
    table?: never;
    confidence?: number;
    evidence?: string;
}
/**
 * a rename by index table: the text of the pattern's group 1 picks the replacement from `table` (each a
 * replacement with `$N` and `$$`, no arithmetic); a key whose group 1 the table does not list is left as
 * it is. One op for a list renumbered by no arithmetic: torchvision VGG's `features.N` into ConvModules
 * (`features.7.` → `features.3.conv.`, `features.8.` → `features.3.bn.`), as mmpretrain's converter does
 * with its own index table. A reader before it refuses the field `table` by name, so no version moved.
 */
 | {
    op: 'rename';
    pattern: string;
    table: Record<string, string>;
    replacement?: never;
    confidence?: number;
    evidence?: string;
}
/**
 * `unsettled: true`: inference made this drop on a reading the text does not settle (the text points
 * to another, or leaves it open): the keys may be trained weights the model should have, so `apply`
 * refuses the plan unless the user accepts it (`--allow-guessed-drops`). `text_reading` (with
 * `unsettled` only): the reading the text points to instead (`model_lacks`, `renamed`): the text argues
 * against the drop, and the flag leaves it undone. `no_counterpart: true`: inference dropped (some of) its
 * keys for having no counterpart in a model whose keys were all accounted for (judge-shapes.ts), the
 * decision plan/trained-drops.ts reads (nothing else but its reason's words said it before)
 */
 | {
    op: 'drop';
    pattern: string;
    reason: string;
    confidence?: number;
    unsettled?: true;
    text_reading?: string;
    no_counterpart?: true;
}
/**
 * `unwitnessed: true`: a reversed 2-d weight nothing witnesses (no Conv1D name, kernel, bias or decided
 * layout): a transposed layout and a model of swapped sizes explain it alike, and the op takes it to be
 * the layout — a guess about the values a strict load cannot catch (src/plan/guesses.ts)
 */
 | ({
    op: 'transpose';
    dims: number[];
    confidence?: number;
    evidence?: string;
    unwitnessed?: true;
} & KeySelector)
/**
 * same elements, another shape (unsqueeze/squeeze, 1×1 conv ↔ linear): `shape` has the tensor's
 * numel; or (plan version 3) a shape each tensor derives from its own: `addTrailingOnes: 2` gives
 * `[o, i]` → `[o, i, 1, 1]`, `removeTrailingOnes: 2` the reverse (those dims must be 1) — one op for
 * every linear ↔ 1×1 conv weight a pattern matches, whatever their sizes
 */
 | ({
    op: 'reshape';
    confidence?: number;
    evidence?: string;
} & KeySelector & ReshapeTo)
/**
 * one source tensor cut along `dim` into `targets`, in order, with `sizes` along that dim. With
 * `pattern` (plan version 2) every key the regex matches is cut, and each target is a replacement
 * (`$1`, `${1+1}`) expanded with that key's match into the whole new key: one op for every layer's qkv.
 */
 | ({
    op: 'split';
    dim: number;
    targets: string[];
    sizes: number[];
    confidence?: number;
    evidence?: string;
} & KeySelector)
/**
 * several source tensors joined along `dim` into `target`: the exact `keys` in the order given, or
 * (plan version 3) by pattern — the keys `pattern` matches, grouped by `target` expanded with each
 * key's match (`layers.$1.linear_qkv.weight`), each group joined in the order `parts` lists the text
 * of capture group `part` (`q_proj`, `k_proj`, `v_proj`): one op for every layer's q/k/v
 */
 | ({
    op: 'concat';
    dim: number;
    target: string;
    confidence?: number;
    evidence?: string;
} & ConcatSelector)
/**
 * the tensor `key` (as named at that point) is also stored as `target`, sharing its storage: what a
 * model with tied weights (lm_head ↔ embeddings) lists twice and a checkpoint stores once (plan version 2)
 */
 | {
    op: 'copy';
    key: string;
    target: string;
    confidence?: number;
    evidence?: string;
}
/**
 * (plan version 2) the keys `pattern` matches, grouped by `target` expanded with each key's match
 * (`blk.$1.ffn_gate_exps.weight`), each group stacked along a new dimension `dim` in the order of
 * capture group `index` (which must run 0, 1, …, n−1): per-expert weights into one tensor per layer
 */
 | {
    op: 'stack';
    pattern: string;
    index: number;
    dim: number;
    target: string;
    confidence?: number;
    evidence?: string;
}
/**
 * (plan version 4) the rows of a rotary-embedded q or k projection reordered within each head, same name,
 * same shape: what a rename between Meta / llama.cpp names and Hugging Face names needs for models whose
 * converter applies it (rope.ts says which layout is which, with the converters' code)
 */
 | ({
    op: 'rope_permute';
    heads: number;
    kv_heads?: number;
    to: RopeLayout;
    confidence?: number;
    evidence?: string;
} & KeySelector);
/**
 * The two row layouts of a rotary q/k projection within one head of `d` rows. `interleaved`: rotary
 * pairs are rows (2i, 2i+1) — Meta's checkpoints and llama.cpp's GGUF (rotate by pairs). `halves`:
 * pairs are rows (i, i + d/2) — Hugging Face transformers (`rotate_half`).
 */
export declare const ROPE_LAYOUTS: readonly ['interleaved', 'halves'];
export type RopeLayout = (typeof ROPE_LAYOUTS)[number];
/** Every op kind, in the order the schema lists them. */
export declare const OP_KINDS: readonly ["strip_prefix", "add_prefix", "rename", "drop", "transpose", "reshape", "split", "concat", "copy", "stack", "rope_permute"];
export type NameOp = Extract<PlanOp, {
    op: 'strip_prefix' | 'add_prefix' | 'rename' | 'drop';
}>;
/** undefined: the op does not concern this key; null: the key is dropped; string: its new name. */
export type NameStep = (name: string) => string | null | undefined;
export declare function isNameOp(op: PlanOp): op is NameOp;
/** Compile once, apply to many keys. Throws SyntaxError on an invalid regex (validate plans first). */
export declare function compileNameOp(op: NameOp): NameStep;
/** A table rename's replacement for a match: the table's entry for group 1's text, expanded; undefined when it has none. */
export declare function tableExpander(table: Readonly<Record<string, string>>): Expander;
/** The text every key a name op concerns starts with ('' when any key may be concerned). */
export declare function nameOpLiteral(op: NameOp): string;
/**
 * The text every match of `pattern` starts the key with: the literal run after a leading `^`
 * (`^blocks\.3\.m\.(\d+)` → `blocks.3.m.`), '' when there is none or when an alternation outside
 * any group could match without it. A test that spares a plan of 3,000 exact renames the regex on
 * every key for every op.
 */
export declare function anchoredLiteral(pattern: string): string;
type SplitOp = Extract<PlanOp, {
    op: 'split';
}>;
type StackOp = Extract<PlanOp, {
    op: 'stack';
}>;
/**
 * A stack's groups among `names`: target → the names stacked into it, ordered by their index, or an
 * error when a group's indices are not 0, 1, …, n−1 (each once).
 */
export declare function stackGroups(op: StackOp, names: Iterable<string>): {
    groups: Map<string, string[]>;
    error: string | null;
};
type ConcatByPattern = Extract<PlanOp, {
    op: 'concat';
}> & {
    pattern: string;
};
/**
 * A concat by pattern's groups among `names`: target → the names joined into it, in the order of
 * `parts`, or an error naming the first group that lacks a part, holds one twice, or a match whose
 * part is not listed. Every group must hold every part exactly once: a layer missing its `v_proj`
 * is a plan that does not fit the checkpoint, not a shorter concat.
 */
export declare function concatGroups(op: ConcatByPattern, names: Iterable<string>): {
    groups: Map<string, string[]>;
    error: string | null;
};
/**
 * Which names a split cuts and into what: for a split by `key`, that key into `targets`; by `pattern`,
 * every name the regex matches into the targets expanded with its match. Compile once per op.
 */
export declare function compileSplit(op: SplitOp): (name: string) => string[] | null;
/** One-line description of an op for messages: `rename ^layers\.(\d+)\.`. */
export declare function describeOp(op: PlanOp): string;
export {};
