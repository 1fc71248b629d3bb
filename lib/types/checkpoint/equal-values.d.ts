import type { Checkpoint, KeyPath } from './types.js';
/**
 * Of each set of keys of the state dict at `selected`, the groups (two or more keys) whose tensors have one dtype,
 * one shape and equal bytes. A key that is not there, is quantised, too large or unreadable joins no group: its
 * values are unknown, and a group is said only of what was compared.
 */
export declare function equalValueGroups(ckpt: Checkpoint, selected: KeyPath | null, sets: readonly (readonly string[])[]): string[][];
/**
 * As equalValueGroups, with a group of one for each key read whose bytes equal no other's: every key in a group
 * was read, so two keys in two groups hold different values (review 25 F7: a tie written from them loses one), and
 * a key in none is unknown.
 */
export declare function valueGroups(ckpt: Checkpoint, selected: KeyPath | null, sets: readonly (readonly string[])[]): string[][];
/**
 * Whether the state dicts at `a` and `b` hold the same weights: the same keys, each with one dtype and shape and
 * equal bytes (one storage view needs no reading). Stops at the first difference, so an EMA copy beside the raw
 * weights costs one tensor's read; false where anything cannot be read or compared (never "same" unread).
 */
export declare function sameStateDicts(ckpt: Checkpoint, a: KeyPath, b: KeyPath): boolean;
