import type { Cause } from './infer/causes.js';
import { flattenedParameters } from './key-roles.js';

/**
 * The finding for a checkpoint whose keys include a wrapper's flattened parameters (key-roles.ts
 * FLATTENED_PARAMETERS): said as what they are and how to save the model's own state dict, never as
 * another model or a regrouping. One finding for plan (from the checkpoint's keys) and explain (from the
 * error's unexpected keys); no key edit fixes it, so it is a blocker.
 */
export function flattenedParametersCause(checkpointKeys: readonly string[]): Cause | null {
  const found = flattenedParameters(checkpointKeys);
  if (!found) return null;
  const shown = found.keys.slice(0, 2).map((k) => `\`${k}\``).join(', ') + (found.keys.length > 2 ? ', …' : '');
  return { code: 'flattened_parameters', subject: shown, count: found.keys.length, message: `${shown} ${found.keys.length === 1 ? 'is' : 'are'} ${found.row.what}; ${found.row.fix}` };
}
