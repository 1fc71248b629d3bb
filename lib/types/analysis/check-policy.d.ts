import { type AllowKind, type FailOn, type PolicySettings } from '../formats/policy.js';
/**
 * How `sdmatch check` weighs a change. Every change gets a severity; the verdict is the worst of
 * them and the policy fails when one reaches its threshold:
 * - breaking: some weights of old checkpoints cannot reach the new model, or new weights have no source
 *   (removed keys, added keys, reshaped tensors, renames inferred with too little confidence), or reach
 *   it destroyed (a dtype cast that does not keep the values: check-casts.ts);
 * - migratable: old checkpoints load after the inferred plan (confident renames, copies, stacks, transposes);
 * - compatible: old checkpoints load as they are, but something changed (a dtype whose cast keeps the
 *   values, a BatchNorm counter torch fills in);
 * - allowed: a change the policy accepts outright (`--allow added`, `--allow dtype` for casts that keep
 *   the values). The verdict is the policy's: CheckResult.loads says what torch's strict load does.
 */
export type Verdict = 'compatible' | 'migratable' | 'breaking';
export type Severity = 'allowed' | Verdict;
export interface CheckPolicy {
    failOn: FailOn;
    allow: AllowKind[];
    ignore: string[];
    minConfidence: number;
}
/** Where each setting came from, so a report can say why the gate behaved as it did. */
export type SettingOrigin = 'default' | 'file' | 'flag';
export interface ResolvedPolicy {
    policy: CheckPolicy;
    origin: Record<keyof CheckPolicy, SettingOrigin>;
}
export declare const DEFAULT_POLICY: Readonly<CheckPolicy>;
/**
 * The policy a caller gives checkKeys / checkSources, checked as `.sdmatch.json` is (formats/policy.ts), over
 * the defaults: a misspelt `failOn` or an out-of-range `minConfidence` throws FormatError, so that the gate
 * fails closed whoever calls it (review 22 F10), not only behind the CLI's flag checks.
 */
export declare function policyOf(given: unknown): CheckPolicy;
export declare function severityRank(s: Severity): number;
/** Does a change of this severity make the check fail under `failOn`? */
export declare function failsPolicy(s: Severity, failOn: FailOn): boolean;
/** The worst severity as a verdict: allowed changes and no changes at all are compatible. */
export declare function verdictOf(severities: Iterable<Severity>): Verdict;
/** Flags replace the file's value setting by setting; what neither gives is the default. */
export declare function resolvePolicy(file: PolicySettings | null, flags: PolicySettings): ResolvedPolicy;
