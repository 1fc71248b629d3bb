/**
 * Two state dicts in one checkpoint that fit the model equally well (review 17 F5): `{'model': sd, 'ema':
 * sd_ema}` hold the same keys and other values. Selection ranks them, and a tie is decided by order: the
 * plan then loads `model` while timm, YOLO and diffusion checkpoints are evaluated from the EMA copy. The
 * choice is the user's: the plan names the runner-up and the flag that takes it (`--select`), as diff does,
 * and says the weights were selected from the chosen one rather than that the checkpoint already matches.
 */
import type { Cause } from '../analysis/infer/causes.js';
import { type CandidateScore, type Selection } from '../analysis/select.js';
export declare const SELECTION_TIE = "selection_tie";
/**
 * The finding for a tie between the chosen state dict and a rival, or null when there is none. A rival is a
 * dict that explains as many of the expected keys and could be a copy of the model: never a bookkeeping
 * field (a Lightning callback's or the optimizer's state, key-roles.ts), and never one with fewer tensors
 * than the keys it would explain (review24 F9: `callbacks/ModelCheckpoint{…}`, one tensor, "explained" the
 * 15 keys an error calls missing only by lacking them, as any dict does).
 */
export declare function selectionTieCause(selection: Selection | null): Cause | null;
/** The candidate that ties with the chosen state dict (the rules above), or null: the finding names it, the plan records it. */
export declare function selectionRival(selection: Selection | null): CandidateScore | null;
/**
 * The causes with the tie's finding first (after any finding that outranks it), in place of "the checkpoint
 * already matches" (untrue of the file as given).
 */
export declare function withSelectionTie(causes: readonly Cause[], selection: Selection | null, selectedByUser: boolean, format?: string): Cause[];
