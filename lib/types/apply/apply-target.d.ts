import type { Plan } from '../plan/types.js';
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
}
export declare function loadsStrict(c: TargetCheck): boolean;
/** The file the plan's target names, as given or beside the plan file; null when neither exists (or it was standard input). */
export declare function targetFile(plan: Plan, planFile: string | null): string | null;
/**
 * `outEntry`: the written file, or the shard index of a sharded output. The target is looked for as the
 * plan names it, then beside the plan file (plans name it as it was given when they were made).
 */
export declare function checkAgainstTarget(plan: Plan, outEntry: string, planFile?: string | null): TargetCheck;
