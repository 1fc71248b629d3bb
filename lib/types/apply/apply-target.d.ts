import type { KeyPath } from '../checkpoint/types.js';
import type { Plan } from '../plan/types.js';
import { type GuessedOp } from '../plan/guesses.js';
export interface TargetCheck {
    target: string;
    /** what the output was compared with: the model's full key set, the keys an error text names, or nothing */
    against: 'model' | 'error-text' | 'none';
    /** why nothing could be compared */
    why?: string;
    /** the target file is not here (a plan moved without its files) or cannot be read: the output stands unchecked, exit 1 */
    unreached?: boolean;
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
    /** the model's ties the plan writes from separate tensors (plan.tiedApart): the output loads, and one tensor's trained values are lost (exit 1) */
    tiedApart?: string[][];
    /** the model's ties whose tensors in the output hold equal bytes (read and compared): the tie keeps what both hold, nothing is lost */
    tiesEqual?: string[][];
    /** the model's ties the plan writes from separate names whose bytes in the output were not compared (too large): not verified, exit 1 */
    tiesUnread?: string[][];
    /** the state dict written and the others of the file that fit as well, the file's order having chosen (plan.source.rivals): exit 1 */
    chosenByOrder?: {
        select: (string | number)[];
        rivals: (string | number)[][];
    };
    /** keys of the output the error text lists by name only (missing lines give no shapes): their shapes were not compared */
    unshaped?: number;
    /**
     * among those, the output's classifier head when its class count is a public dataset's (ImageNet-21k's 21841):
     * a pretraining head, which a model built for classes of its own refuses; the error does not give the model's count
     */
    datasetHead?: {
        module: string;
        keys: string[];
        classes: number;
        dataset: string;
    };
}
/**
 * What is known of `load_state_dict(out, strict=True)` into the target: `loads` — compared, nothing
 * missing, unexpected or of another shape; `refused` — some key is; `names` — against an error text that
 * lists some of the model's keys by name only: every key it names is there and none it gives a shape for
 * differs, but those shapes were never compared (said on the first line; no sign that one differs);
 * `unknown` — none of the keys compared differs, but the target is known only from an error text cut
 * short, whose keys past the cut nobody checked (a partial paste cannot show that the output loads), or
 * the output's head is a public dataset's whose class count in the model the error does not give (a
 * pretraining head: a model built for its own classes refuses it); `unchecked` — nothing could be compared.
 */
export type StrictLoad = 'loads' | 'refused' | 'names' | 'unknown' | 'unchecked';
export declare function strictLoad(c: TargetCheck): StrictLoad;
/** Shown to load with strict=True into the target (a cut text never shows it). */
export declare function loadsStrict(c: TargetCheck): boolean;
/**
 * apply's exit 1: the output was written, but is not shown to load with strict=True into the target the
 * plan was made against — refused, not known (a cut text, a dataset's head of a count the error does not
 * give), or not compared because the file the plan names is not here or cannot be read (exit 0 there would
 * read as success; `apply --target MODEL` names it). A plan made against standard input names no file:
 * unchecked, said on the first line, exit 0. `names` (shapes an error text does not give, nothing pointing
 * to another size) exits 0 with its first line saying what was not compared: issue 10's canonical failure 1
 * (DataParallel `module.` stripped, the model's keys listed by name only) loads, and the text cannot tell
 * it from the few that do not; exit 1 is kept for what the checkpoint itself points to. Weights the plan writes as
 * stored with their layout undecided (plan.loadsAsStored) exit 1 as plan does: loading tells nothing of their values;
 * so does a state dict the file's order chose over others that fit as well (plan.source.rivals, review 24 F2).
 */
export declare function failsTarget(c: TargetCheck): boolean;
/** The file the plan's target names, as given or beside the plan file; null when neither exists (or it was standard input). */
export declare function targetFile(plan: Plan, planFile: string | null): string | null;
export interface TargetOptions {
    /** the plan file: a target named relative to it is looked for beside it */
    planFile?: string | null;
    /** where the output holds its state dict (the plan's select with --keep-container, else the root) */
    outSelect?: KeyPath | null;
    /** `apply --target MODEL`: the target to compare with, instead of the one the plan names */
    given?: string;
}
/**
 * `outEntry`: the written file, or the shard index of a sharded output. The target is the one given, else
 * looked for as the plan names it (src/plan/plan-paths.ts), then beside the plan file (older plans name it as given).
 */
export declare function checkAgainstTarget(plan: Plan, outEntry: string, opts?: TargetOptions): TargetCheck;
