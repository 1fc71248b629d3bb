import { type StateDictHolder } from '../checkpoint/state-dict-holder.js';
import type { CheckpointSafety } from '../checkpoint/safety.js';
import { type OpenReadings } from '../analysis/readings.js';
import type { CheckpointFormat } from '../checkpoint/types.js';
import type { ResolvedSide } from '../analysis/sides.js';
import { type RankFilePass } from '../analysis/rank-file.js';
import { type ErrorHints, type KeyWithReason } from '../analysis/error-hints.js';
import { type InferResult } from '../analysis/infer/index.js';
import { type Cause } from '../analysis/infer/causes.js';
import type { ErrorReport } from '../formats/error-text.js';
import { type KeyEntry } from '../formats/keys.js';
import type { KeyPath } from '../checkpoint/types.js';
import type { AdapterAlphas } from './adapter-alphas.js';
import type { MegatronArgs } from '../analysis/infer/megatron-qkv.js';
import { type PlanEdits } from './edit.js';
import { type PlanSourceInfo } from './schema.js';
import type { Plan, PlanOp } from './types.js';
import { unshapedDatasetHead, type UnshapedTargets } from './unshaped.js';
/**
 * - `keys`: two key sets (checkpoints, manifests, key lists);
 * - `checkpoint-and-error`: the source's full state dict against the model the error implies;
 * - `error-only`: the error's unexpected keys against its missing keys;
 * - `error-and-model`: the checkpoint the error implies against the model's full key set.
 */
export type InferenceMode = 'keys' | 'checkpoint-and-error' | 'error-only' | 'error-and-model';
export interface InferenceSides {
    mode: InferenceMode;
    source: KeyEntry[];
    target: KeyEntry[];
    /** target keys added because BatchNorm fills them itself; never reported as missing */
    implied: ReadonlySet<string>;
    /** what the inputs leave open, in plain words (a cut-short error text above all) */
    uncertain: string[];
    /** the error text, when one side is one */
    report: ErrorReport | null;
    /** the state dict chosen inside the source checkpoint */
    selected: KeyPath | null;
    /** with the checkpoint: keys the error puts on the checkpoint's side that this checkpoint does not hold (keysNotInCheckpoint) */
    notInCheckpoint?: string[];
    /** module versions the source state dict's `_metadata` records (module-versions.ts: whether BatchNorm fills in a missing counter); absent or empty: none */
    versions?: ReadonlyMap<string, number>;
    /** the target's keys one storage holds (ties: a checkpoint's storages, a manifest's `tied`); absent or null: the target cannot show them (side-facts.ts) */
    targetStorages?: string[][] | null;
    /** the source's keys one storage holds, as targetStorages (a source tied as the target is fills its tie itself) */
    sourceStorages?: string[][] | null;
    /** source keys that could fill one of the target's ties whose bytes were read, grouped by equal bytes (checkpoint/equal-values.ts valueGroups; a group of one equals none); absent: the source is no checkpoint */
    sourceEqualValues?: string[][];
    /** each module's class on the source side, as a manifest records it (`modules`); absent or null: it does not say */
    sourceModules?: ReadonlyMap<string, string> | null;
    /** each module's class on the target side, as sourceModules */
    targetModules?: ReadonlyMap<string, string> | null;
    /** the source is a folder of several files (DeepSpeed, Megatron-LM, DCP: `Checkpoint.files`), which no torch.load of one file reads */
    sourceFolder?: boolean;
    /** the source's state dict sits in what is no state dict (a whole module, TorchScript, npz: state-dict-holder.ts) */
    sourceHolder?: StateDictHolder | null;
    /** the source is one rank's file of a folder and was passed whole: what it holds and what to load (rank-file.ts) */
    rankFile?: RankFilePass | null;
    /** the source's saved Megatron args, which give its fused q/k/v rows' layout (side-facts.ts) */
    megatronArgs?: MegatronArgs | null;
    /** source keys a Megatron save holds as a byte-equal copy of another source key (savedCopies), with what each is */
    sourceCopies?: ReadonlyMap<string, {
        of: string;
        what: string;
    }>;
    /** the target's saved Megatron args (a Megatron checkpoint as the model): the layout q/k/v are joined into */
    targetMegatronArgs?: MegatronArgs | null;
}
/** The cause said when the keys match but the file is no state dict (planVerdict reads it). */
export declare const NOT_A_STATE_DICT = "not-a-state-dict";
/** What inference compares, from the resolved sides (`expected` null: SOURCE is an error text on its own). */
export declare function inferenceSides(source: ResolvedSide, expected: ResolvedSide | null): InferenceSides;
/** A plan, inference's account of it, and what stays wrong after it. */
export interface PlanOutcome {
    plan: Plan;
    /** the source checkpoint's format, when the source is one (a folder of shards needs another first step in Python) */
    sourceFormat?: CheckpointFormat;
    result: InferResult;
    mode: InferenceMode;
    /** per op, how many keys it acts on; null for an op kind this version cannot count */
    opKeys: (number | null)[];
    /** target keys still without a source after the plan, BatchNorm counters aside (those kept missing on purpose included) */
    missing: string[];
    /** `num_batches_tracked` counters without a source: BatchNorm fills them in when loading */
    counters: string[];
    /** source keys the model has no place for after the plan */
    unexpected: string[];
    /** causes, most important first, adjusted to what the plan says (counters, one-sided inputs) */
    causes: Cause[];
    /** the ops are a fix (see InferResult.fixable); false when nothing corresponds on one side */
    fixable: boolean;
    /**
     * the plan explains everything: a strict load succeeds after it (the exit 0 of `sdmatch plan`):
     * fixable, nothing missing (BatchNorm counters aside), unexpected, ambiguous, mismatched or warned about
     */
    complete: boolean;
    /** target keys the plan produces whose shape still differs from the model's (a position embedding of another length) */
    shapesDiffer: string[];
    uncertain: string[];
    /** model keys left missing on purpose (a new head, buffers the model computes), each with why that is safe */
    keptMissing: KeyWithReason[];
    /** with the model's key list: trained weights the plan drops for having no place in the model, a decision (plan/trained-drops.ts) */
    trainedDrops?: {
        keys: string[];
        accept: string;
        shift?: string[];
    };
    /** from an error text alone: the readings it leaves open (src/analysis/readings.ts), none when it singles one out */
    readings?: OpenReadings[];
    /** with a checkpoint and an error that names the model's keys without shapes: what a strict load may still refuse */
    unshaped?: UnshapedTargets;
    /**
     * everything else settled, the one thing that keeps the plan from `complete`: the head among `unshaped` has a
     * public dataset's class count the error does not confirm for the model (unshaped.ts unshapedDatasetHead); exit 1
     */
    notShown?: NonNullable<ReturnType<typeof unshapedDatasetHead>>;
    /** the error text was cut short: keys past the cut are unknown to the plan */
    truncated?: boolean;
    /** the chosen state dict sits in what is no state dict (a pickled module at `checkpoint['model']`): the fix lines take its state_dict() (review24 F5) */
    sourceHolder?: StateDictHolder;
    /** the keys of a paste that is only a list whose heading it cut: their side is unknown (cli/run-plan.ts) */
    sideUnknown?: string[];
    /** the values of the LoRA alphas the plan leaves out, for the adapter's config (read by the CLI: plan/adapter-alphas.ts) */
    adapterAlphas?: AdapterAlphas;
    /**
     * the options the command was given that shape the plan (`--select`, `--min-confidence`, the edits), as the words
     * to pass again: a line that makes the plan anew (the `fix:` line) must make this plan, not the unedited one
     * (set by the CLI, cli/run-plan.ts)
     */
    remake?: string[];
    /** each checkpoint input's safety verdict, in argument order (set by the CLI, cli/run-plan.ts; `checkpointSafety` in the JSON) */
    checkpointSafety?: CheckpointSafety[];
}
/**
 * How many keys each op acts on, running the ops over the source keys as `apply` would. Linear in ops
 * plus keys where plans hold many ops of one key each: a run of exact drops is one pass over the names
 * (each drop run over every name made a plan of 30,000 drops quadratic, review 14 F13), and copies and
 * tensor ops of one key look names up in a set kept while no other op renames them.
 */
export declare function opKeyCounts(ops: readonly PlanOp[], sourceKeys: readonly string[]): (number | null)[];
export declare function keptMissingRecipe(keys: readonly string[]): string;
export declare function planFromInference(sides: InferenceSides, result: InferResult, source: PlanSourceInfo, targetFile: string, hints?: ErrorHints | null, keepMissing?: readonly string[]): PlanOutcome;
export interface BuildOptions {
    minConfidence?: number;
    /** the model's attention and key/value head counts (`--heads`): rotary q/k renames made with a rope row permute (rope-renames.ts) */
    ropeHeads?: {
        heads: number;
        kvHeads?: number;
    };
    /** `--drop/--keep-missing/--rename/--tie`, applied after inference */
    edits?: PlanEdits;
}
/** Infer and build in one step. */
export declare function buildPlan(sides: InferenceSides, source: PlanSourceInfo, targetFile: string, options?: BuildOptions): PlanOutcome;
/**
 * The plan of an inference already run, with the marks `sdmatch plan` puts on it: keys the user declared
 * missing that were found, and (with the checkpoint, against the model's key list or an error text) trained weights dropped for having no
 * place marked unsettled, a decision rather than a fix (review 17 F0). `check --plan-out` writes its plan
 * through here too, so the two plan files cannot differ in what apply refuses (review 18 F2: check's plan
 * lost the mark, and apply dropped trained weights and said "verified").
 */
export declare function plannedFromInference(sides: InferenceSides, result: InferResult, source: PlanSourceInfo, targetFile: string, hints?: ErrorHints | null, edits?: PlanEdits): PlanOutcome;
/** What an outcome rule reads beside the outcome: the two sides, and the user's `--drop` patterns (a drop they asked for is no guess). */
export interface OutcomeContext {
    sides: InferenceSides;
    userDrops: readonly string[];
}
/**
 * A rule over a finished plan outcome: it may mark ops unsettled and rewrite the causes, fixable and complete
 * where this layer knows what inference could not. `at` is the point of buildPlan it runs at: 'inferred' on
 * the plan made from inference (check --plan-out's too: plannedFromInference), 'read' once an error text's
 * readings are said (they reorder the causes, which the rule's first finding must still lead), and only when the
 * error is this checkpoint's (buildPlan says notFromThisCheckpoint's finding instead).
 */
export interface OutcomeRule {
    name: string;
    why: string;
    at: 'inferred' | 'read';
    apply: (outcome: PlanOutcome, ctx: OutcomeContext) => PlanOutcome;
}
/** The outcome rules, in the order they run: a rule that marks a drop first words it; a later one leaves a marked op as it is. */
export declare const OUTCOME_RULES: readonly OutcomeRule[];
