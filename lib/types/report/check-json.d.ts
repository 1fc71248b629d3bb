import { type CheckResult, type GuessedMigration, type Loads, type MigrationKind, type RuleId, type Tolerated } from '../analysis/check.js';
import type { CheckPolicy, ResolvedPolicy, Severity, Verdict } from '../analysis/check-policy.js';
import type { ResolvedSide } from '../analysis/sides.js';
import type { KeyPath } from '../checkpoint/types.js';
import type { DType } from '../formats/dtype.js';
import type { PlanOp } from '../plan/types.js';
import type { CheckpointSafety } from '../checkpoint/safety.js';
/**
 * What every `sdmatch check` output format renders: the analysis result plus where the two key sets
 * and the policy came from and what the command wrote. `--format json` is this, field for field,
 * as documented in schemas/check.schema.json.
 */
export interface CheckSide {
    file: string;
    kind: ResolvedSide['kind'];
    keys: number;
    /** the compared state dict inside a checkpoint; null for manifests and key lists */
    selected: KeyPath | null;
}
export interface CheckReport {
    result: CheckResult;
    baseline: CheckSide;
    current: CheckSide;
    policy: ResolvedPolicy;
    /** the policy file read, null when there was none */
    policyFile: string | null;
    /** where --plan-out wrote the plan, null when not asked or when the check stands behind no plan (migrationOps) */
    planFile: string | null;
    /** where --plan-out asked for a plan that a breaking verdict does not write (analysis/check.ts migrationOps) */
    planDeclined?: string;
    /** what --update wrote, null when not asked */
    updated: {
        file: string;
        keys: number;
        created: boolean;
    } | null;
    /** each checkpoint input's safety verdict, in argument order (none given: none was a checkpoint) */
    checkpointSafety?: CheckpointSafety[];
}
export declare const CHECK_FORMAT = "sdmatch-check";
export declare const CHECK_VERSION = 1;
export interface CheckJson {
    format: typeof CHECK_FORMAT;
    version: typeof CHECK_VERSION;
    verdict: Verdict;
    passed: boolean;
    /** the verdict and its meaning in words, as every format heads its report (check-text.ts verdictWords) */
    headline: {
        verdict: string;
        meaning: string;
    };
    loads: Loads;
    tolerated: Tolerated[];
    policy: CheckPolicy & {
        file: string | null;
        from: ResolvedPolicy['origin'];
    };
    baseline: CheckSide;
    current: CheckSide;
    counts: CheckResult['counts'];
    added: {
        key: string;
        shape: number[] | null;
        dtype: DType | null;
        severity: Severity;
        reason: string | null;
    }[];
    removed: {
        key: string;
        shape: number[] | null;
        dtype: DType | null;
        severity: Severity;
        reason: string | null;
    }[];
    renamed: {
        from: string[];
        to: string[];
        how: MigrationKind;
        reshaped: boolean;
        confidence: number;
        severity: Severity;
    }[];
    shapeChanged: {
        key: string;
        from: string;
        baseline: number[];
        current: number[];
        fix: 'transpose' | 'reshape' | null;
        confidence: number | null;
        reason: string;
        severity: Severity;
    }[];
    dtypeChanged: {
        key: string;
        from: string;
        baseline: DType;
        current: DType;
        keepsValues: boolean;
        reason: string;
        severity: Severity;
    }[];
    /** the current model's ties old checkpoints hold as separate tensors (analysis/check.ts TieAdded) */
    tiesAdded: {
        keys: string[];
        from: string[];
        shown: boolean;
        severity: Severity;
    }[];
    /** kept baseline tensors whose bytes sdmatch cannot write as one tensor (analysis/check.ts UnwritableKey) */
    unwritable: {
        key: string;
        to: string;
        why: string;
        severity: Severity;
    }[];
    unchanged: string[];
    ignored: string[];
    rules: {
        id: RuleId;
        name: string;
        holds: boolean;
        failed: boolean;
        severity: Severity | null;
        violations: string[];
    }[];
    reasons: {
        severity: Severity;
        message: string;
    }[];
    /** migrations below the plan's guess line (analysis/check.ts guessedMigrations), as plan/explain list guesses */
    guesses: GuessedMigration[];
    ambiguities: {
        keys: string[];
        candidates: string[];
        reason: string;
    }[];
    plan: {
        file: string | null;
        ops: PlanOp[];
    };
    updated: CheckReport['updated'];
    checkpointSafety: CheckpointSafety[];
}
export declare function checkToJson(r: CheckReport): CheckJson;
/** Indented JSON with arrays of numbers (shapes) on one line, as `diff --json` prints them. */
export declare function formatCheckJson(r: CheckReport): string;
