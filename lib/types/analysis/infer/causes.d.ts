import { type PlanOp } from '../op-vocabulary.js';
/**
 * The keys of a drop of keys the model has no counterpart for (the op's `no_counterpart`, set by judge-shapes.ts
 * where it decides so), on the finding that says it. A symbol: a fact for plan/build.ts (it gives way to the
 * trained-drop decision by it, never by the words, and withdraws the finding with its drop when --rename says
 * where the keys go), not part of the result's JSON, which stays as it was (plan-hashes fingerprints it).
 */
export declare const NO_COUNTERPART_KEYS: unique symbol;
/** How a drop's finding ends: keep the model's own values; and, for keys the model has no counterpart for, what plan says instead. */
export declare const KEEP_THE_MODELS = "and keep the model's";
export declare const NO_SUCH_KEYS = "(the model has no such keys)";
export interface Cause {
    code: string;
    message: string;
    /** the keys the finding is about, briefly and in backticks (`` `h.{i}.attn.c_attn.weight` ``), when it has a subject */
    subject?: string;
    /** a blocker the text alone cannot decide (a refactor or another variant, a projection or a class count) */
    undecided?: true;
    /** how many keys the subject stands for */
    count?: number;
    /** a transpose: what layout the tensors are stored in, in words (`stored transposed (Conv1D vs Linear)`) */
    how?: string;
    /** a drop of keys the model has no counterpart for: those keys (NO_COUNTERPART_KEYS) */
    [NO_COUNTERPART_KEYS]?: readonly string[];
}
export interface CauseFacts {
    sourceCount: number;
    targetCount: number;
    ops: readonly PlanOp[];
    /** per op, the source keys it concerns */
    covers: readonly (readonly string[])[];
    exampleOf: (source: string) => string | undefined;
    /** the model has this key: an example pair ends on one (a name an op leaves on the way is none) */
    isModelKey?: (key: string) => boolean;
    anotherModel: boolean;
    matched: number;
    sizeMismatches: readonly {
        target: string;
        sourceShape: number[] | null;
        targetShape: number[] | null;
    }[];
    positionWarnings: readonly string[];
    leftover: readonly string[];
    unmapped: readonly string[];
    ambiguous: number;
    /** pairs found and cut by `--min-confidence`: their confidences and the minimum (not ties: say so, and how to keep them) */
    belowMinimum?: readonly {
        confidence: number;
        minimum: number;
    }[];
    /** fused tensors recognised by name whose sizes no side gives: not split */
    unsized?: readonly {
        whole: string;
        parts: readonly string[];
        joined?: true;
    }[];
    /** a source key and a target key equal but for indices, among what stays apart (another depth) */
    renumbered?: {
        source: string;
        target: string;
    } | null;
    /** the sides hold only the keys that differ (an error text alone) */
    partial?: boolean;
    /** how the two models' sizes differ, in words (dims.ts), when the keys show it */
    dims?: string | null;
}
/**
 * Keys said briefly: keys equal but for indices become one name with the varying indices as `{i}`
 * (then `{j}`…): `h.0.attn.c_attn.weight`, `h.1.attn.c_attn.weight` → `h.{i}.attn.c_attn.weight`.
 * Names in first-seen order.
 */
export declare function keyTemplates(keys: readonly string[]): string[];
/** `a`, `b`, … of the keys' templates, in backticks. */
export declare function templatesText(keys: readonly string[], n?: number): string;
/**
 * What a transpose undoes, said by what it is: a Flax / TensorFlow kernel ([in, out], HWIO, per head)
 * by its `kernel` name, GPT-2's Conv1D only for a plain 2-d `weight`; anything else by its permutation.
 * merged: a reshape merging dims comes first for these keys (an attention kernel stored per head).
 */
/** A reversed 2-d weight nothing witnesses (judge-shapes.ts): its evidence says so, its op carries `unwitnessed`, and its finding claims no layout */
export declare const UNWITNESSED_REVERSAL = "reversed, which a transposed layout (Conv1D vs Linear) and a model of swapped sizes explain alike; no Conv1D name, kernel, bias or decided layout tells which: taken to be transposed";
export declare function transposeWords(dims: readonly number[], sources: readonly string[], merged: boolean, unwitnessed?: boolean, targets?: readonly string[]): string;
export declare function explainCauses(f: CauseFacts): Cause[];
