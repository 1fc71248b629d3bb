import type { Located } from './types.js';
export type MismatchVerdict = {
    kind: 'compatible';
} | {
    kind: 'transpose';
    evidence: string;
} | {
    kind: 'reshape';
    evidence: string;
} | {
    kind: 'drop';
    reason: string;
    cause: 'classifier' | 'vocabulary' | 'head_kernel';
} | {
    kind: 'position_embedding';
    message: string;
} | {
    kind: 'size';
    message: string;
};
/**
 * source/target: the two keys; lastness: the target key's position from the end of its state dict,
 * 0..1 (1 = the last key), because a classifier is the last layer whatever it is called. inTail: no key
 * after the target's but a named head's (the model's key order known; true where it is not, an error text).
 */
export declare function classifyShapes(source: Located, target: Located, lastness: number, inTail?: boolean): MismatchVerdict;
