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
 * unit of both sides paired, at least one pair a precedent's, else null (then they stay listed).
 */
export declare function byPrecedent(sRels: readonly string[], tRels: readonly string[], precedents: Precedents): [number, number][] | null;
