/**
 * Two state dicts in one checkpoint that fit the model equally well (review 17 F5): `{'model': sd, 'ema':
 * sd_ema}` hold the same keys and other values. Selection ranks them, and a tie is decided by order: the
 * plan then loads `model` while timm, YOLO and diffusion checkpoints are evaluated from the EMA copy. The
 * choice is the user's: the plan names the runner-up and the flag that takes it (`--select`), as diff does,
 * and says the weights were selected from the chosen one rather than that the checkpoint already matches.
 */
import type { Cause } from '../analysis/infer/causes.js';
import { formatKeyPath, type CandidateScore, type Selection } from '../analysis/select.js';
import { isBookkeepingField } from '../analysis/key-roles.js';

export const SELECTION_TIE = 'selection_tie';

/**
 * The finding for a tie between the chosen state dict and a rival, or null when there is none. A rival is a
 * dict that explains as many of the expected keys and could be a copy of the model: never a bookkeeping
 * field (a Lightning callback's or the optimizer's state, key-roles.ts), and never one with fewer tensors
 * than the keys it would explain (review24 F9: `callbacks/ModelCheckpoint{…}`, one tensor, "explained" the
 * 15 keys an error calls missing only by lacking them, as any dict does).
 */
export function selectionTieCause(selection: Selection | null): Cause | null {
  const rival = selectionRival(selection);
  if (!rival || !selection?.chosen) return null;
  const chosen = formatKeyPath(selection.chosen.path);
  const other = formatKeyPath(rival.path);
  return {
    code: SELECTION_TIE,
    message: `the weights were selected from \`${chosen}\`, but \`${other}\` explains as many of the expected keys (${rival.explained}) and may hold other values (an EMA copy, which timm, YOLO and diffusion models are evaluated from): the tie was decided by order; --select ${other} takes \`${other}\` instead`,
  };
}

/** The candidate that ties with the chosen state dict (the rules above), or null: the finding names it, the plan records it. */
export function selectionRival(selection: Selection | null): CandidateScore | null {
  if (!selection?.chosen || !selection.runnerUp) return null;
  const [first, ...rest] = selection.scores;
  if (!first || first.coverage === null || first.explained === 0) return null;
  return rest.find((s) => s.coverage !== null && s.explained >= first.explained && s.tensors >= s.explained && !bookkeeping(s.path)) ?? null;
}

/**
 * A dict under a checkpoint's bookkeeping field (`optimizer_states`, `loops`): training state, never the model's weights.
 * `callbacks` is the exception: Lightning's EMA and SWA callbacks keep a whole copy of the weights there
 * (`callbacks/EMA/ema_state_dict`), the copy people evaluate (s24-verify F7); a callback holding a few tensors
 * (ModelCheckpoint's best score) is still no rival, by the tensor count above.
 */
const bookkeeping = (path: readonly (string | number)[]): boolean => path.some((p) => typeof p === 'string' && p !== 'callbacks' && isBookkeepingField(p));

/**
 * A DeepSpeed folder's `model` is by construction the copy to load (the fp32 master weights, or the module
 * itself when the folder has none); its `module` is the 16-bit copy rounded from them (empty placeholders
 * under ZeRO-3): no tie, and no advice to take it (review 19 F11, S12).
 */
const NO_TIE_FORMATS: ReadonlySet<string> = new Set(['deepspeed']);

/** Findings that outrank a tie: an error text this checkpoint did not produce makes which state dict was chosen moot. */
const BEFORE_TIE: ReadonlySet<string> = new Set(['not_this_checkpoint']);

/**
 * The causes with the tie's finding first (after any finding that outranks it), in place of "the checkpoint
 * already matches" (untrue of the file as given).
 */
export function withSelectionTie(causes: readonly Cause[], selection: Selection | null, selectedByUser: boolean, format?: string): Cause[] {
  const tie = selectedByUser || (format !== undefined && NO_TIE_FORMATS.has(format)) ? null : selectionTieCause(selection);
  if (!tie) return [...causes];
  const rest = causes.filter((c) => c.code !== 'match');
  return [...rest.filter((c) => BEFORE_TIE.has(c.code)), tie, ...rest.filter((c) => !BEFORE_TIE.has(c.code))];
}
