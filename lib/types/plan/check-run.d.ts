/**
 * `sdmatch check` as one function, for the CLI and the library alike (review 16 F11): the key sources
 * resolved into sides, inference given what the current checkpoint shows beyond its keys (the keys one
 * storage holds, both sides' Megatron args) and the baseline's module versions, as `plan` gives it, so that
 * the gate and its --plan-out judge the same pairs `sdmatch plan` would. checkKeys alone, on key lists,
 * cannot see those.
 */
import { type CheckResult } from '../analysis/check.js';
import { type CheckPolicy } from '../analysis/check-policy.js';
import { type ResolvedSide } from '../analysis/sides.js';
import type { KeySource } from '../checkpoint/key-source.js';
import { type InferenceSides } from './build.js';
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
    sides: {
        source: ResolvedSide;
        expected: ResolvedSide;
    };
    inference: InferenceSides;
    result: CheckResult;
}
export declare function runCheck(baseline: KeySource, current: KeySource, opts?: CheckSourcesOptions): CheckRun;
/**
 * What `sdmatch check BASELINE CURRENT` decides, from the sources `openKeySource` opens (a checkpoint, a
 * manifest or a key list; an error text names only the keys that differed and is no key set).
 */
export declare function checkSources(baseline: KeySource, current: KeySource, opts?: CheckSourcesOptions): CheckResult;
