import type { Checkpoint, KeyPath } from './types.js';
/**
 * `keys` of the state dict at `selected` → each one-element tensor's value; null for a key that is not one,
 * whose dtype has no plain number, or whose bytes cannot be read (the caller says the value is unknown).
 */
export declare function scalarValues(ckpt: Checkpoint, selected: KeyPath, keys: ReadonlySet<string>): Map<string, number | null>;
