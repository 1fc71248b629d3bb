export interface Numbered {
    /** the stack's path (`layers.2.blocks`) */
    stack: string;
    index: number;
}
/** Every numbered segment of a key with its stack, outermost first. */
export declare function numbered(key: string): Numbered[];
/**
 * The unexpected keys of numbered blocks past the model's, when every other unexpected key is a head
 * (`isHead`) and no missing key lies in those stacks; at least one whole block (two keys or more).
 * Empty otherwise. `unexpected` and `missing` are the lists without buffers and counters.
 */
export declare function deeperBesideHeads(unexpected: readonly string[], missing: readonly string[], isHead: (k: string) => boolean): string[];
