import type { KeyPath } from '../checkpoint/types.js';
import type { Plan } from '../plan/types.js';
import { type GuessedOp } from '../plan/guesses.js';
export interface TargetCheck {
    target: string;
    /** what the output was compared with: the model's full key set, the keys an error text names, or nothing */
    against: 'model' | 'error-text' | 'none';
    /** why nothing could be compared */
    why?: string;
    missing: string[];
    unexpected: string[];
    shapes: {
        key: string;
        have: number[];
        want: number[];
    }[];
    /** the error text was cut (a partial paste): keys past the cut are not known, so nothing about them was checked */
    cut?: boolean;
    /** drops the plan made on a guess (--allow-guessed-drops): if the model has these keys, strict=True reports them missing */
    guessedDrops?: number;
    /** BatchNorm counters the output lacks and torch fills in when loading (no `_metadata` says otherwise): not missing */
    counters?: string[];
    /** the plan's ops that rest on a guess (plan/guesses.ts): a strict load checks their keys and shapes, not their values */
    guesses?: GuessedOp[];
    /** source keys the plan writes as stored although nothing decided their layout (plan.loadsAsStored): values may be transposed */
    loadsAsStored?: string[];
    /** keys of the output the error text lists by name only (missing lines give no shapes): their shapes were not compared */
    unshaped?: number;
}
/**
 * What is known of `load_state_dict(out, strict=True)` into the target: `loads` — compared, nothing
 * missing, unexpected or of another shape; `refused` — some key is; `unknown` — none of the keys compared
 * is, but the target is known only from an error text cut short, whose keys past the cut nobody checked
 * (a partial paste cannot show that the output loads); `unchecked` — nothing could be compared.
 */
export type StrictLoad = 'loads' | 'refused' | 'unknown' | 'unchecked';
export declare function strictLoad(c: TargetCheck): StrictLoad;
/** Shown to load with strict=True into the target (a cut text never shows it). */
export declare function loadsStrict(c: TargetCheck): boolean;
/**
 * apply's exit 1: the output was written, but is not shown to load with strict=True into the target the
 * plan was made against — refused, or not known from a cut text. A target that is not there to compare
 * with is said to be unchecked on the first line, and is no failure of the output (exit 0).
 */
export declare function failsTarget(c: TargetCheck): boolean;
/** The file the plan's target names, as given or beside the plan file; null when neither exists (or it was standard input). */
export declare function targetFile(plan: Plan, planFile: string | null): string | null;
/**
 * `outEntry`: the written file, or the shard index of a sharded output. The target is looked for as the
 * plan names it (plan files record it absolute: src/plan/plan-paths.ts), then beside the plan file (older plans name it as given).
 */
export declare function checkAgainstTarget(plan: Plan, outEntry: string, planFile?: string | null, outSelect?: KeyPath | null): TargetCheck;
