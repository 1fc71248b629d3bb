import { FormatError } from '../formats/errors.js';
import { shortStorageDetail } from './short-storage.js';
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
export function unloadableReason(checkpoint: Checkpoint): string | null {
  const error = (checkpoint as { error?: FormatError | null }).error;
  // a tree left null by the error is said where the state dict is looked for ("holds no readable state dict")
  if (error && checkpoint.root !== null) return error.message;
  const short = shortStorageDetail(checkpoint.tensors, checkpoint.format);
  return short.length > 0 ? short[0]! : null;
}

/**
 * The one refusal every command that reads a checkpoint's keys passes through (openKeySource: diff, plan,
 * explain, check, manifest, plan check, apply's target; planStateDict: apply's source, plan edit --select,
 * plan invert SOURCE, plan check's source): bad input, exit 2, one line naming the file and the cause. Only
 * inspect reads such a file on, to say what is wrong with it (its format row; its exit code is the verdict).
 * s22-mend: check, manifest and plan check/edit/invert read them without a word (review 21's leftovers).
 */
export function refuseUnloadable(file: string, checkpoint: Checkpoint): void {
  const why = unloadableReason(checkpoint);
  if (why !== null) throw new UnloadableFile(file, `${why}; sdmatch reads no file torch cannot load as it is: save the checkpoint again from where it was made`);
}

/** refuseUnloadable's error: a file that is there but broken, which a reader that skips a missing file (plan check's default source) must not skip. */
export class UnloadableFile extends FormatError {}
