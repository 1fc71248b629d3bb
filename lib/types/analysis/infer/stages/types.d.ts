/**
 * The hand-offs between the stages of plan inference (index.ts): each stage reads what the ones
 * before produced and adds its own part; none reaches back.
 *
 *   Sides ─ correspond ─▶ Correspondence ─ fuse ─▶ Matched ─ judge shapes ─▶ Judged ─ generalise ─▶ Generalised ─ explain ─▶ InferResult
 */
import type { PaddedTable } from '../shape-mismatch.js';
import type { SortedSides } from '../modules.js';
import type { TargetStorages } from '../ties.js';
import type { MegatronArgs } from '../megatron-qkv.js';
import type { RopeHeads } from '../rope-renames.js';
import type { KeyPair, Located, Ambiguity, SplitMatch, ConcatMatch, Pool } from '../types.js';
import type { UnsizedFusion } from '../fused.js';
import type { PairTable } from '../confidence.js';
import type { TensorFix } from '../tensor-ops.js';
import type { DropRequest } from '../drop-ops.js';
import type { PlanOp } from '../../op-vocabulary.js';
import type { PartialScope } from '../partial-scope.js';
import type { StackMatch } from '../stacks.js';
import type { KeyNumbers, KeyTable, ProducedTargets } from '../key-numbers.js';
export interface InferOptions {
    /** pairs less sure than this (0..1) are not acted on; they are listed as ambiguities */
    minConfidence: number;
    /** the sides hold only the keys that differ (an error text alone): ops stay exact or scoped */
    partial: boolean;
    /** what says the source's kernels are a sparse-convolution library's (layout-fixes.ts plans its documented permutation only then), or null */
    sparseLibrary: string | null;
    /**
     * the sides come from a text cut short: a key's counterpart may be in the part not pasted, so the
     * absence of a name from one side is no evidence (no container is renamed on it)
     */
    cut: boolean;
    /**
     * decided before pairing from what the names alone say (../../error-hints.ts): checkpoint keys to
     * drop, each with why that loses nothing trained, and model keys kept missing on purpose; neither is
     * paired with anything
     */
    drops: readonly {
        key: string;
        reason: string;
    }[];
    keepMissing: ReadonlySet<string>;
    /** keys never dropped for their shape (a vocabulary to resize): they stay paired, as size mismatches */
    neverDrop: ReadonlySet<string>;
    /** the target's keys one storage holds (ties.ts), or null where the target cannot show storages */
    targetStorages: TargetStorages;
    /** the source's keys one storage holds, one tensor under several names (storage-conflicts.ts), or null where not shown */
    sourceStorages: TargetStorages;
    /** source keys stored apart whose bytes were compared equal (a tie written from them loses nothing), or null where not compared */
    sourceEqualValues: TargetStorages;
    /** each module's class on the source side (a manifest's `modules`), or null where not shown */
    sourceModules: ReadonlyMap<string, string> | null;
    /** each module's class on the target side, or null where not shown */
    targetModules: ReadonlyMap<string, string> | null;
    /** the source's saved Megatron args, which give its fused q/k/v rows' layout (megatron-qkv.ts); null: none */
    megatronArgs: MegatronArgs | null;
    /** the target's saved Megatron args (a Megatron checkpoint as the model): its fused q/k/v layout; null: none */
    targetMegatronArgs: MegatronArgs | null;
    /** the model's attention and key/value head counts (its config): rotary q/k rows permuted per head (rope-renames.ts); null: not known */
    ropeHeads: RopeHeads | null;
}
/** Both key lists, each key with its position (state-dict order is evidence). */
export interface Sides {
    source: ReadonlyMap<string, Located>;
    target: ReadonlyMap<string, Located>;
    /** source keys in file order, each once */
    sourceKeys: string[];
    /** (speed only) each key's number on its side, for the stages that act on every pair (key-numbers.ts) */
    numbers: KeyNumbers;
    /** (speed only) every key of both sides split into tokens once, for the stages that read segments (key-numbers.ts) */
    keys: KeyTable;
    /** every key on both sides has a shape (not an error text) */
    complete: boolean;
    /**
     * the source is a TensorFlow checkpoint read from scope paths (../scope-paths.ts): its dense kernels
     * are stored [in, out], so a square one is transposed like the others though its shape cannot say
     */
    tfLayout: boolean;
    /**
     * a side was listed sorted by name (natural-order.ts): pairing sees it in natural order, but the order
     * of its named siblings (`attn` before `norm1`, `decoder` before `encoder`) is the alphabet's, no evidence
     */
    sortedByName?: SortedSides;
    /**
     * where a key stands as evidence of order on a side paired in natural order (natural-order.ts moduleRanks:
     * its module's place there), for the order an op's evidence reports; absent or null: the key's own position
     */
    orderRanks?: {
        source: ReadonlyMap<string, number> | null;
        target: ReadonlyMap<string, number> | null;
    };
    options: InferOptions;
}
/** Fused tensors found so far and what the search left undecided. */
export interface Fusions {
    splits: SplitMatch[];
    concats: ConcatMatch[];
    stacks: StackMatch[];
    ambiguities: Ambiguity[];
    /** fused tensors recognised by name whose sizes no side gives */
    unsized: Map<string, UnsizedFusion>;
}
/** correspond → fuse: pairs by name and structure, strongest evidence first. */
export interface Correspondence {
    pairs: KeyPair[];
    /** what no pair took yet */
    pool: Pool;
    /** fused tensors whose names say so, claimed before similarity could pair their pieces */
    fusions: Fusions;
    /** pairs by similarity that no name supports, where shapes could not (name-evidence.ts) */
    refused: KeyPair[];
    /** ties similarity could not break: listed, never guessed */
    similarityTies: Ambiguity[];
    /** look-alikes module alignment held back (modules.ts): evidence that the models correspond, listed even when they do not */
    withheldTies: Ambiguity[];
    /** model modules module alignment saw defined in another order than the checkpoint's (modules.ts): order pairs nothing there */
    reorderedTargets: ReadonlySet<string>;
}
/** fuse → judge shapes: the pairs and fused tensors that will be acted on. */
export interface Matched {
    kept: KeyPair[];
    splits: SplitMatch[];
    concats: ConcatMatch[];
    /** per-index tensors stacked into one along a new dimension (stacks.ts) */
    stacks: StackMatch[];
    /** fused tensors recognised by name, sizes unknown, both sides still unexplained */
    unsizedKeys: UnsizedFusion[];
    /** pairs by exact, prefix or canonical names */
    strong: number;
    /** little corresponds: another model, similarity withdrawn */
    anotherModel: boolean;
    ambiguities: Ambiguity[];
    fusionTies: Ambiguity[];
    /** look-alikes module alignment held back (Correspondence.withheldTies): unpaired, but general renames may carry them */
    withheldTies: Ambiguity[];
}
export type SizeMismatchOf = {
    source: string;
    target: string;
    sourceShape: number[] | null;
    targetShape: number[] | null;
};
/** judge shapes → generalise: each pair's verdict on its shapes. */
export interface Judged {
    /** source key → target key for every pair acted on */
    goals: Map<string, string>;
    /**
     * (speed only) `goals` by number (key-numbers.ts): per source number, its target's number, -1 where the
     * key has no goal; kept equal to `goals` by every stage that changes it
     */
    goalTo: Int32Array;
    /**
     * (speed only) the source numbers of `goals`' keys in the order the map iterates them, as judge shapes
     * left it (generalise reads the goal pairs by number from here, not by name: goal-tokens.ts)
     */
    goalOrder: number[];
    /** each pair's confidence, shapes compared and order, by number (confidence.ts) */
    pairInfo: PairTable;
    tensorFixes: TensorFix[];
    dropRequests: Omit<DropRequest, 'name'>[];
    sizeMismatches: SizeMismatchOf[];
    positionWarnings: string[];
    /** target keys whose shapes after the ops still differ from the model's for a reason judged here (a position table): not the plan's fault */
    positionKeys: Set<string>;
    /** Megatron vocabulary tables holding padding rows past the model's vocabulary (shape-mismatch.ts): mapped, said, no fix */
    vocabPadding: {
        target: string;
        table: PaddedTable;
    }[];
    /** source kernels whose layout nothing decides (layout-fixes.ts): loaded as stored, so no success is claimed */
    undecidedLayouts: string[];
    /** why an undecided layout is one, where not the default words (explain.ts): a Conv1D ↔ Linear class one side cannot say */
    layoutWhy: Map<string, string>;
    warnings: string[];
}
/** generalise → explain: the ops and what they make of every key. */
export interface Generalised {
    ops: PlanOp[];
    /** per op, the source keys it moves */
    covers: string[][];
    mapping: Record<string, string | string[] | null>;
    /** the model keys the ops give a tensor (by number, key-numbers.ts) */
    produced: ProducedTargets;
    leftover: string[];
    scope: PartialScope | null;
    ambiguities: Ambiguity[];
    warnings: string[];
    /**
     * (speed only) what the plan's leading name ops — the first `done` ops — name the source keys, beside
     * Sides.sourceKeys (a name, or null: dropped): explain's check of the shapes after the ops starts
     * there instead of running those ops over every key again
     */
    named?: {
        done: number;
        names: readonly (string | string[] | null)[];
    };
}
