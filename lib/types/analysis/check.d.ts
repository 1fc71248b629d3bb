import type { DType } from '../formats/dtype.js';
import { type KeyEntry } from '../formats/keys.js';
import { type CheckPolicy, type Severity, type Verdict } from './check-policy.js';
import { type InferResult } from './infer/index.js';
export interface AddedKey {
    key: string;
    shape: number[] | null;
    dtype: DType | null;
    severity: Severity;
}
export interface RemovedKey {
    key: string;
    shape: number[] | null;
    dtype: DType | null;
    severity: Severity;
    /** why the plan leaves it out, when an op dropped it */
    reason: string | null;
}
/** One migration: a rename (1 → 1), a split (1 → n) or a concat (n → 1), possibly with a transpose. */
export interface RenamedKey {
    from: string[];
    to: string[];
    how: 'rename' | 'split' | 'concat';
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
}
export interface Reason {
    severity: Severity;
    message: string;
}
export interface CheckResult {
    verdict: Verdict;
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
    policy: CheckPolicy;
    /** baseline → current inference, when the caller already has it */
    inference?: InferResult;
}
export declare function checkKeys(input: CheckInput): CheckResult;
