import type { Cause } from './infer/causes.js';
/**
 * The finding for a checkpoint whose keys include a wrapper's flattened parameters (key-roles.ts
 * FLATTENED_PARAMETERS): said as what they are and how to save the model's own state dict, never as
 * another model or a regrouping. One finding for plan (from the checkpoint's keys) and explain (from the
 * error's unexpected keys); no key edit fixes it, so it is a blocker.
 */
export declare function flattenedParametersCause(checkpointKeys: readonly string[]): Cause | null;
