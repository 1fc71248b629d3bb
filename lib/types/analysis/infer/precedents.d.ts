import type { KeyPair } from './types.js';
/** The pairs made so far, read as the tails of their two keys: each distinct pairing of tails once (blocks repeat them). */
export declare class Precedents {
    private readonly pairs;
    private tails;
    constructor(pairs: readonly KeyPair[]);
    /** Whether some pair made pairs a key whose tail starts with the relative name `a` with one whose tail starts with `b`. */
    has(a: string, b: string): boolean;
}
/**
 * The units (relative names below their numbered blocks, `attn`, `cross_attn` against `self_attn`,
 * `encoder_attn`) paired one to one where precedents single them out, by elimination (single-out.ts): every
 * unit of both sides paired, at least one pair a precedent's, else null (then they stay listed). Where one
 * side holds more units (Caffe2's `branch1` and `branch2c` of one signature against mmdet's one
 * `downsample`: the conv3 and bn3 that `branch2c` becomes are no unit of their own there), each unit of the smaller
 * side must be a precedent's pair, singled out: the other side's units left over are no part of the group.
 */
export declare function byPrecedent(sRels: readonly string[], tRels: readonly string[], precedents: Precedents): [number, number][] | null;
