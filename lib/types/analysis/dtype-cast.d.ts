import type { DTypeMismatch } from './diff.js';
/** Whether casting `from` to `to` can change values (rounds or cuts): a smaller type, a float to an integer, another 16-bit float. */
export declare function castNarrows(from: string, to: string): boolean;
/** The casts `checkpoint → model` (`float32 → float16`) with how many tensors each, most frequent first. */
export declare function castPairs(mismatches: readonly DTypeMismatch[]): [string, number][];
/** `N tensors differ in dtype (float32 → float16)`, the pairs most frequent first. */
export declare function dtypesDiffer(mismatches: readonly DTypeMismatch[]): string;
/** What load_state_dict does with them: casts on copy; and which casts narrow the values. */
export declare function castOnLoad(mismatches: readonly DTypeMismatch[]): string;
