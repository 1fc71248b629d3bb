/**
 * The unexpected keys of numbered blocks past the model's, when every other unexpected key is a head
 * (`isHead`) and no missing key lies in those stacks; at least one whole block (two keys or more).
 * Empty otherwise. `unexpected` and `missing` are the lists without buffers and counters.
 */
export declare function deeperBesideHeads(unexpected: readonly string[], missing: readonly string[], isHead: (k: string) => boolean): string[];
