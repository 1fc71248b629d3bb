import { FormatError } from '../formats/errors.js';
import type { Checkpoint } from './types.js';
/**
 * Why torch cannot load this checkpoint as it is, though its keys and shapes read (null when nothing says so).
 * Review 21 F7 and s21-mend5's leftover: `diff` compared only keys and shapes, so a legacy file cut inside its
 * storages (torch.load fails on it) and a zip whose `data/<key>` member is shorter than its tensor (torch 1.13
 * fills the rest with uninitialised memory) were called "same" (exit 0), and `plan` said strict loading
 * succeeds. Both are bad input, as inspect and apply already said.
 *
 * `checkpoint` is typed as KeySource carries it, a plain Checkpoint; openCheckpoint fills it, and its reader's
 * error (a truncation found after the tree was read) rides along.
 */
export declare function unloadableReason(checkpoint: Checkpoint): string | null;
/**
 * The one refusal every command that reads a checkpoint's keys passes through (openKeySource: diff, plan,
 * explain, check, manifest, plan check, apply's target; planStateDict: apply's source, plan edit --select,
 * plan invert SOURCE, plan check's source): bad input, exit 2, one line naming the file and the cause. Only
 * inspect reads such a file on, to say what is wrong with it (its format row; its exit code is the verdict).
 * s22-mend: check, manifest and plan check/edit/invert read them without a word (review 21's leftovers).
 */
export declare function refuseUnloadable(file: string, checkpoint: Checkpoint): void;
/** refuseUnloadable's error: a file that is there but broken, which a reader that skips a missing file (plan check's default source) must not skip. */
export declare class UnloadableFile extends FormatError {
}
