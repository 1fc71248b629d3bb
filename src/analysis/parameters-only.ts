import type { Cause } from './infer/causes.js';
import { NORM_BUFFERS } from '../formats/module-leaves.js';

/** The running statistics a BatchNorm keeps as buffers: what `named_parameters()` leaves out of a print. */
const RUNNING = NORM_BUFFERS;

/**
 * A model's printed list with no buffer at all, beside a checkpoint whose BatchNorms keep their running statistics
 * (s23-verify F6): `for n, p in model.named_parameters(): print(n, p.shape)` prints each BatchNorm's weight and bias and
 * none of its statistics, so the list reads as a model without them and the plan drops the checkpoint's. Said as a
 * finding, not refused: a model whose BatchNorms keep no statistics (track_running_stats=False) prints the same list.
 * null: the list holds a buffer, or no such module.
 */
export function parametersOnlyCause(list: readonly string[], checkpoint: ReadonlySet<string>, file: string): Cause | null {
  const keys = new Set(list);
  if (list.some((k) => RUNNING.some((r) => k.endsWith(`.${r}`)))) return null;
  const mods = list.filter((k) => k.endsWith('.weight')).map((k) => k.slice(0, -'.weight'.length))
    .filter((m) => keys.has(`${m}.bias`) && checkpoint.has(`${m}.running_mean`) && checkpoint.has(`${m}.running_var`));
  if (mods.length === 0) return null;
  const shown = mods.slice(0, 3).map((m) => `\`${m}\``).join(', ') + (mods.length > 3 ? ` and ${mods.length - 3} more` : '');
  return {
    code: 'parameters_only',
    count: mods.length,
    message: `${file} holds the weight and bias of ${shown} but none of the running statistics the checkpoint keeps for ${mods.length === 1 ? 'it' : 'them'}: it reads as a print of model.named_parameters() (parameters only, no buffers), not of the model's state dict; print model.state_dict() (for k, v in model.state_dict().items(): print(k, v.shape)) and plan again: the drops of running statistics here hold only if the model's BatchNorms keep none (track_running_stats=False)`,
  };
}
