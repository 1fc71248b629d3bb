/**
 * `sdmatch check` as one function, for the CLI and the library alike (review 16 F11): the key sources
 * resolved into sides, inference given what the current checkpoint shows beyond its keys (the keys one
 * storage holds, both sides' Megatron args) and the baseline's module versions, as `plan` gives it, so that
 * the gate and its --plan-out judge the same pairs `sdmatch plan` would. checkKeys alone, on key lists,
 * cannot see those.
 */
import { checkKeys, type CheckResult } from '../analysis/check.js';
import { policyOf, type CheckPolicy } from '../analysis/check-policy.js';
import { moduleVersions } from '../analysis/module-versions.js';
import { resolveSides, type ResolvedSide } from '../analysis/sides.js';
import type { KeySource } from '../checkpoint/key-source.js';
import { inferenceSides, type InferenceSides } from './build.js';
import { unwritableSources } from './unwritable.js';

export interface CheckSourcesOptions {
  /** the settings given; each one absent is DEFAULT_POLICY's (fail on breaking, allow and ignore nothing, minimum confidence 0.8) */
  policy?: Partial<CheckPolicy>;
  /** the state dict inside BASELINE, when it is a checkpoint (`--select`) */
  select?: string;
  /** the state dict inside CURRENT, when it is a checkpoint (`--select-current`) */
  selectCurrent?: string;
}

export interface CheckRun {
  /** BASELINE as `source`, CURRENT as `expected` */
  sides: { source: ResolvedSide; expected: ResolvedSide };
  inference: InferenceSides;
  result: CheckResult;
}

export function runCheck(baseline: KeySource, current: KeySource, opts: CheckSourcesOptions = {}): CheckRun {
  // checked before the sides are read: a bad policy is the caller's, whatever the files hold
  const policy: CheckPolicy = policyOf(opts.policy);
  const sides = resolveSides(baseline, current, {
    ...(opts.select !== undefined ? { select: opts.select } : {}),
    ...(opts.selectCurrent !== undefined ? { selectExpected: opts.selectCurrent } : {}),
  });
  const inference = inferenceSides(sides.source, sides.expected);
  const inferOptions = { targetStorages: inference.targetStorages ?? null, sourceStorages: inference.sourceStorages ?? null, sourceEqualValues: inference.sourceEqualValues ?? null, sourceModules: inference.sourceModules ?? null, targetModules: inference.targetModules ?? null, megatronArgs: inference.megatronArgs ?? null, targetMegatronArgs: inference.targetMegatronArgs ?? null };
  // the baseline's _metadata decides whether BatchNorm fills in a counter it lacks, as for plan, diff and apply
  const versions = inference.versions ?? moduleVersions(sides.source);
  // tensors apply cannot write (plan/unwritable.ts): the same question plan and apply ask, so the gate never passes what they refuse
  const result = checkKeys({ baseline: sides.source.entries, current: sides.expected.entries, policy, versions, inferOptions, unwritable: unwritableSources(sides.source) });
  return { sides, inference, result };
}

/**
 * What `sdmatch check BASELINE CURRENT` decides, from the sources `openKeySource` opens (a checkpoint, a
 * manifest or a key list; an error text names only the keys that differed and is no key set).
 */
export function checkSources(baseline: KeySource, current: KeySource, opts: CheckSourcesOptions = {}): CheckResult {
  return runCheck(baseline, current, opts).result;
}
