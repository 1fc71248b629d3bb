/**
 * The words for source tensors sdmatch cannot write as one tensor (plan/unwritable.ts finds them): one sentence
 * that plan, apply and check all print (review25 F6: check said "compatible" where apply refused them).
 */
/**
 * One sentence: how many, the first key and why (unwritableWhy: the reader's reason, e.g.
 * `(mp_rank_00 of 2 ranks, split unknown: …)`), and what the user can do.
 */
export declare function unwritableMessage(keys: readonly string[], whyOf: (key: string) => string): string;
/** Why one key has no bytes, from its storage's name: the name repeats the key before its reason, which is kept alone. */
export declare function unwritableWhy(key: string, storage: string | undefined): string;
