/**
 * `--emit mmengine`: a `revise_keys` list for `mmengine.runner.load_checkpoint(model, file,
 * revise_keys=...)`. MMEngine applies every (pattern, replacement) in order with `re.sub` to every
 * key — a pipeline like the plan's, but replacing every occurrence; the plans sdmatch writes anchor
 * their patterns with `^`, where the two agree. Passing revise_keys replaces MMEngine's default
 * `[(r'^module\.', '')]`. Drops, transposes, reshapes, rope row permutes, splits and joins are listed as comments (MMEngine's revise_keys renames keys only: no tensor op has a form there).
 */
import type { Plan } from '../plan/types.js';
export interface RevisePair {
    pattern: string;
    /** Python re.sub replacement */
    replacement: string;
    /** for index arithmetic (`${1//3}`): a Python lambda, which re.sub takes in place of the string */
    callable?: string;
}
export declare function reviseKeys(plan: Plan): {
    pairs: RevisePair[];
    notExpressible: string[];
    unanchored: string[];
};
export declare function emitMmengine(plan: Plan, caveats?: readonly string[]): string;
