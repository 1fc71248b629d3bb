import { policySettings, type AllowKind, type FailOn, type PolicySettings } from '../formats/policy.js';

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

export const DEFAULT_POLICY: Readonly<CheckPolicy> = Object.freeze({
  failOn: 'breaking',
  allow: [],
  ignore: [],
  // inference gives renames it reads off the names CONFIDENCE.prefixBase (0.9) and more; between 0.8 and that
  // guess line a migration pairs keys by structure, similarity or order (a submodule renamed in a refactor,
  // usually right): it passes, but every format says it rests on a guess and the verdict reads "migratable,
  // values unverified" (review 17 F2); --min-confidence 0.9 makes such migrations breaking. Below 0.8 it is guessing
  minConfidence: 0.8,
});

/**
 * The policy a caller gives checkKeys / checkSources, checked as `.sdmatch.json` is (formats/policy.ts), over
 * the defaults: a misspelt `failOn` or an out-of-range `minConfidence` throws FormatError, so that the gate
 * fails closed whoever calls it (review 22 F10), not only behind the CLI's flag checks.
 */
export function policyOf(given: unknown): CheckPolicy {
  return { ...DEFAULT_POLICY, ...policySettings(given ?? {}, 'policy', '') };
}

const RANK: Record<Severity, number> = { allowed: 0, compatible: 1, migratable: 2, breaking: 3 };
const THRESHOLD: Record<FailOn, number> = { any: 1, migratable: 2, breaking: 3 };

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** Does a change of this severity make the check fail under `failOn`? */
export function failsPolicy(s: Severity, failOn: FailOn): boolean {
  return RANK[s] >= THRESHOLD[failOn];
}

/** The worst severity as a verdict: allowed changes and no changes at all are compatible. */
export function verdictOf(severities: Iterable<Severity>): Verdict {
  let worst: Verdict = 'compatible';
  for (const s of severities) if (s !== 'allowed' && RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Flags replace the file's value setting by setting; what neither gives is the default. */
export function resolvePolicy(file: PolicySettings | null, flags: PolicySettings): ResolvedPolicy {
  const origin = {} as Record<keyof CheckPolicy, SettingOrigin>;
  const pick = <K extends keyof CheckPolicy>(k: K): CheckPolicy[K] => {
    const fromFlag = flags[k];
    if (fromFlag !== undefined) {
      origin[k] = 'flag';
      return fromFlag as CheckPolicy[K];
    }
    const fromFile = file?.[k];
    if (fromFile !== undefined) {
      origin[k] = 'file';
      return fromFile as CheckPolicy[K];
    }
    origin[k] = 'default';
    return DEFAULT_POLICY[k];
  };
  const policy: CheckPolicy = {
    failOn: pick('failOn'),
    allow: [...new Set(pick('allow'))],
    ignore: [...pick('ignore')],
    minConfidence: pick('minConfidence'),
  };
  return { policy, origin };
}
