/**
 * `sdmatch explain` (and `sdmatch plan --json`): the verdict and what is wrong in plain words FIRST, then
 * the fix as one line (apply, or Python when one op says it all; a function otherwise), then the plan
 * and what it leaves.
 * The JSON form is documented by schemas/explain.schema.json; its `plan` is the plan format.
 */
import type { CheckpointSafety } from '../checkpoint/safety.js';
import type { OpenReadings } from '../analysis/readings.js';
import type { Cause } from '../analysis/infer/causes.js';
import type { ErrorKind } from '../formats/error-text.js';
import { type InferenceMode, type PlanOutcome } from '../plan/build.js';
import { type AdapterAlphas } from '../plan/adapter-alphas.js';
import type { Plan } from '../plan/types.js';
import type { GuessedOp } from '../plan/guesses.js';
import { type RenderPlanOptions } from './plan.js';
import { type Style } from './style.js';
/**
 * The fix as Python: one line when one op says it all, a function otherwise, nothing when there is no fix.
 * Where the only keys left missing are kept on purpose, it ends by giving them the model's own values (the
 * step the verdict says in words: one fix, in the text and in the JSON, review 17 F8).
 */
export declare function pythonFix(outcome: PlanOutcome): {
    oneLine: string | null;
    function: string | null;
};
/**
 * The explain/plan JSON's version (schemas/explain.schema.json). 1: the document before it carried the
 * field; 2: adds `version` and `adapterAlphas`.
 */
export declare const EXPLAIN_JSON_VERSION = 2;
export interface ExplainJson {
    version: typeof EXPLAIN_JSON_VERSION;
    summary: string;
    fixable: boolean;
    complete: boolean;
    /** ops whose pairing rests on a guess (plan/guesses.ts): strict=True loads them whatever their values */
    guesses: GuessedOp[];
    causes: Cause[];
    plan: Plan;
    fix: string | null;
    input: InferenceMode;
    error: {
        kind: ErrorKind;
        model: string | null;
    } | null;
    truncated: boolean;
    after: {
        missing: string[];
        unexpected: string[];
        numBatchesTracked: string[];
    };
    /** keys of `after.missing` left missing on purpose (a new head, buffers the model computes), with why that is safe */
    keptMissing: {
        key: string;
        reason: string;
    }[];
    sizeMismatches: {
        source: string;
        target: string;
        sourceShape: number[] | null;
        targetShape: number[] | null;
    }[];
    ambiguities: {
        keys: string[];
        candidates: string[];
        reason: string;
    }[];
    warnings: string[];
    uncertain: string[];
    /** from an error text alone: the readings it leaves open, each weighed (src/analysis/readings.ts) */
    readings: Omit<OpenReadings, 'asserts'>[];
    /** the LoRA alphas the plan leaves out, read from the checkpoint, as the adapter's config takes them; null when it leaves none out */
    adapterAlphas: (AdapterAlphas & {
        alphaPattern: Record<string, number>;
    }) | null;
    /** each checkpoint input's safety verdict, in argument order ([] from an error text alone) */
    checkpointSafety: CheckpointSafety[];
}
export declare function explainToJson(outcome: PlanOutcome, error: {
    kind: ErrorKind;
    model: string | null;
    truncated: boolean;
} | null): ExplainJson;
export declare function formatExplainJson(outcome: PlanOutcome, error: {
    kind: ErrorKind;
    model: string | null;
    truncated: boolean;
} | null): string;
/** formatExplainJson's text in pieces (json-chunks.ts): a plan of 1,000,000 keys is 125 MB of it */
export declare function explainJsonChunks(outcome: PlanOutcome, error: {
    kind: ErrorKind;
    model: string | null;
    truncated: boolean;
} | null): Generator<string>;
/**
 * `sdmatch explain` for people: the answer (the verdict, what is wrong, the fix as one line), the fix in
 * Python when it takes a function, then the sides, the plan and what it leaves.
 */
export declare function renderExplain(outcome: PlanOutcome, style: Style, options?: RenderPlanOptions & {
    truncated?: boolean;
}): string;
