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
