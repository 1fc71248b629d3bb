import type { DType } from '../formats/dtype.js';
import { type KeyEntry } from '../formats/keys.js';
import type { PlanOp } from './op-vocabulary.js';
import { type CheckPolicy, type Severity, type Verdict } from './check-policy.js';
import { inferPlan, type InferResult } from './infer/index.js';
export interface AddedKey {
    key: string;
    shape: number[] | null;
    dtype: DType | null;
    severity: Severity;
    /** why old checkpoints still load without it (BatchNorm fills in its counter); null when they do not */
    reason: string | null;
}
export interface RemovedKey {
    key: string;
    shape: number[] | null;
    dtype: DType | null;
    severity: Severity;
    /** why the plan leaves it out, when an op dropped it */
    reason: string | null;
}
/**
 * One migration: a rename (1 → 1), a split (1 → n), a concat (n → 1), a stack (n → 1: experts into one
 * tensor) or a copy (a second name for a tensor, such as a tied head), possibly with a transpose.
 */
export type MigrationKind = 'rename' | 'split' | 'concat' | 'stack' | 'copy';
export interface RenamedKey {
    from: string[];
    to: string[];
    how: MigrationKind;
    /** the tensor is also transposed or reshaped to fit */
    reshaped: boolean;
    /** the least confident op that moved these keys, 0..1 */
    confidence: number;
    severity: Severity;
}
export interface ShapeChange {
    /** the key in the current model */
    key: string;
    /** the baseline key it corresponds to (equal to `key` unless renamed) */
    from: string;
    baseline: number[];
    current: number[];
    /** the plan's op that makes old weights fit; null when nothing does */
    fix: 'transpose' | 'reshape' | null;
    /** confidence of the fixing op; null when unfixed */
    confidence: number | null;
    reason: string;
    severity: Severity;
}
export interface DTypeChange {
    key: string;
    from: string;
    baseline: DType;
    current: DType;
    /** the cast load_state_dict makes keeps the values (check-casts.ts); breaking when it does not */
    keepsValues: boolean;
    /** the cast table's reason */
    reason: string;
    severity: Severity;
}
/**
 * A tie the current model makes of keys old checkpoints hold as separate tensors (review 25 F8): a strict load takes
 * both names into the one tensor and keeps the last one's values, so the others' trained values are lost with no
 * error. The finding plan makes of a checkpoint into a tied model (analysis/tie-writes.ts), made of the baseline.
 */
export interface TieAdded {
    /** the current model's tied keys, in its order: old checkpoints keep only the last one's values */
    keys: string[];
    /** the baseline keys written into them */
    from: string[];
    /** the baseline shows them as separate tensors (its storages, a manifest's `tied`, bytes that differ); false: it cannot show whether they are */
    shown: boolean;
    severity: Severity;
}
/**
 * A baseline tensor the migration keeps whose bytes sdmatch cannot write as one tensor (plan/unwritable.ts: a Megatron
 * key whose split over the tensor-parallel ranks cannot be told, read from rank 0 without bytes): apply refuses it, so
 * old checkpoints of this form do not come through sdmatch (review25 F6: check said "compatible" where plan exited 1
 * and apply 2). Breaking; said in the words plan and apply use (unwritable-words.ts).
 */
export interface UnwritableKey {
    /** the baseline key */
    key: string;
    /** the current key it goes to (a split's parts, joined with ', ') */
    to: string;
    /** the reader's reason, from its storage's name (`(mp_rank_00 of 2 ranks, split unknown: …)`) */
    why: string;
    severity: Severity;
}
export interface CheckChanges {
    /** in the current model's order */
    added: AddedKey[];
    /** in the baseline's order */
    removed: RemovedKey[];
    renamed: RenamedKey[];
    shapeChanged: ShapeChange[];
    dtypeChanged: DTypeChange[];
    /** in the current model's order */
    tiesAdded: TieAdded[];
    /** in the baseline's order */
    unwritable: UnwritableKey[];
}
export declare const RULES: readonly [{
    readonly id: 'no-removed-keys';
    readonly name: 'no removed keys';
}, {
    readonly id: 'no-added-keys';
    readonly name: 'no added keys';
}, {
    readonly id: 'no-shape-changes';
    readonly name: 'no shape changes';
}, {
    readonly id: 'renames-migratable';
    readonly name: 'renames are migratable';
}, {
    readonly id: 'loads-without-plan';
    readonly name: 'old checkpoints load without a plan';
}, {
    readonly id: 'no-dtype-changes';
    readonly name: 'no dtype changes';
}, {
    readonly id: 'no-ties-added';
    readonly name: 'no ties added';
}, {
    readonly id: 'kept-weights-writable';
    readonly name: 'every kept weight can be written';
}];
export type RuleId = (typeof RULES)[number]['id'];
export interface RuleOutcome {
    id: RuleId;
    name: string;
    /** the worst severity among the changes that break this rule; null when the rule holds */
    severity: Severity | null;
    /** a change breaking this rule reaches the policy's threshold */
    failed: boolean;
    /** one line per change breaking the rule */
    violations: string[];
    /**
     * the same lines by severity, worst first: a rule's changes need not weigh alike (a bfloat16 cast that keeps
     * the values beside a float16 one that does not; a BatchNorm counter torch fills in beside a missing weight),
     * so GitHub's annotations and JUnit's failure speak of each group at its own severity (review 22 F4)
     */
    groups: RuleGroup[];
}
export interface RuleGroup {
    severity: Severity;
    /** this group's changes reach the policy's threshold */
    failed: boolean;
    violations: string[];
}
export interface Reason {
    severity: Severity;
    message: string;
}
/**
 * What a strict load of an old checkpoint does, counting every change, those the policy allows or
 * ignores too: `as-is` (it loads and keeps its values), `after-plan` (it loads after the inferred
 * plan), `no` (some weights cannot reach the model, or reach it destroyed).
 */
export type Loads = 'as-is' | 'after-plan' | 'no';
/** A change the policy lets pass although it makes old checkpoints load worse than the verdict says. */
export interface Tolerated {
    key: string;
    by: 'allow' | 'ignore';
}
export interface CheckResult {
    verdict: Verdict;
    /** what old checkpoints do under torch's strict load, whatever the policy says */
    loads: Loads;
    /** the allowed or ignored changes that make `loads` worse than the verdict's meaning; empty when the verdict's meaning holds */
    tolerated: Tolerated[];
    /** no counted change reaches the policy's `failOn` threshold */
    passed: boolean;
    policy: CheckPolicy;
    counts: {
        baseline: number;
        current: number;
        unchanged: number;
        added: number;
        removed: number;
        renamed: number;
        shapeChanged: number;
        dtypeChanged: number;
        ignored: number;
    };
    /** counted changes only; ignored ones are in `ignored` */
    changes: CheckChanges;
    /** keys equal on both sides (baseline names) */
    unchanged: string[];
    /** keys whose changes the ignore patterns leave out of the verdict */
    ignored: string[];
    rules: RuleOutcome[];
    /** why the verdict is what it is, worst first; empty when nothing changed */
    reasons: Reason[];
    inference: InferResult;
}
export interface CheckInput {
    baseline: readonly KeyEntry[];
    current: readonly KeyEntry[];
    /** the settings given; each one absent is DEFAULT_POLICY's (fail on breaking, allow and ignore nothing, minimum confidence 0.8), as for `sdmatch check` */
    policy?: Partial<CheckPolicy>;
    /** baseline → current inference, when the caller already has it */
    inference?: InferResult;
    /**
     * module versions the baseline's `_metadata` records (module-versions.ts moduleVersions): whether
     * BatchNorm fills in a counter the baseline lacks; absent or empty, none recorded (it does)
     */
    versions?: ReadonlyMap<string, number>;
    /**
     * what the current checkpoint shows beyond its keys, as `plan` gives inference: the keys one storage holds
     * (a tied head is a copy only where the model shows the tie) and both sides' Megatron args
     */
    /** baseline keys whose tensor has no bytes sdmatch can write (plan/unwritable.ts unwritableSources), each with its storage's name */
    unwritable?: ReadonlyMap<string, string>;
    inferOptions?: Pick<NonNullable<Parameters<typeof inferPlan>[0]['options']>, 'targetStorages' | 'sourceStorages' | 'sourceEqualValues' | 'sourceModules' | 'targetModules' | 'megatronArgs' | 'targetMegatronArgs'>;
}
/**
 * The plan's guess line (plan/guesses.ts GUESS_BELOW, the same constant): a migration inferred below it
 * pairs keys by structure, similarity or order, not by rules read off the names; a strict load takes it
 * whatever its values (review 17 F2: two look-alike [8, 8] weights paired by order load swapped).
 */
export declare const GUESS_LINE: 0.9;
/** Why a migration below the guess line is one, in words (every format says it beside the row). */
export declare const GUESS_WORDS: string;
export interface GuessedMigration {
    from: string[];
    to: string[];
    confidence: number;
    severity: Severity;
    why: string;
}
/** The renames and tensor fixes inferred below the guess line, as check's JSON lists them (`guesses`). */
export declare function guessedMigrations(c: CheckChanges): GuessedMigration[];
/** One tensor sdmatch cannot write, as a rule's line. */
export declare function unwritableLine(u: UnwritableKey): string;
/** One tie added, as a rule's line: which old tensor's values the model keeps, which are lost. */
export declare function tieAddedLine(t: TieAdded): string;
/**
 * The migration plan a check stands behind: the inferred ops, or null when the verdict is breaking. A breaking
 * change is one no plan makes old checkpoints load through (a head of another class count, a removed layer):
 * the ops inference finds then drop what does not fit, and written as "the migration plan" (--plan-out, the
 * Action's artifact, the HTML page) they dropped the trained head of every old checkpoint they were applied to
 * while the text and the annotations said no plan fixes it (review 22 F16). One decision for every format:
 * no plan when breaking; `sdmatch plan OLD_CHECKPOINT CURRENT` still shows what one checkpoint can keep.
 */
export declare function migrationOps(result: Pick<CheckResult, 'verdict' | 'inference'>): PlanOp[] | null;
/**
 * The check of two key lists. From checkpoints, checkSources (plan/check-run.ts) is what `sdmatch check`
 * runs: it also gives inference the storages and Megatron args the files show, and the baseline's module versions.
 */
export declare function checkKeys(input: CheckInput): CheckResult;
