/**
 * One-pass readings of the two JSON shapes sharded checkpoints are made of: a safetensors header
 * (`{"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, …}`) and an index's weight_map
 * (`{"key": "shard file", …}`). They exist for speed: JSON.parse builds an object per tensor that is
 * thrown away at once, loses document order for integer-like keys and keeps only the last of duplicate
 * keys, so the exact route (JSON.parse, then json-keys.ts's walk for order) reads every header twice.
 *
 * A scan accepts only a strict subset of JSON whose meaning is unambiguous: strings without a
 * backslash or a control character (so a string's text is its value), whole numbers of at most 15
 * digits (exact doubles), no repeated keys. Anything else — an escape, a float, an unknown field, a
 * duplicate — returns null and the caller takes the exact route, which also words every error. So a
 * scan never validates and never decides; it only recognises text whose JSON.parse reading it knows.
 *
 * Written as flat loops over character codes, without a call per token: a CLI reads each header once,
 * so the code runs mostly before the JIT has optimised it, where every call costs.
 */
export declare const QUOTE = 34;
export declare const COLON = 58;
export declare const COMMA = 44;
export declare const OPEN_BRACE = 123;
export declare const CLOSE_BRACE = 125;
export declare const OPEN_BRACKET = 91;
export declare const CLOSE_BRACKET = 93;
export declare const BACKSLASH = 92;
export declare const ZERO = 48;
export declare const NINE = 57;
/** 15 decimal digits are always below 2^53: such a number is read exactly */
export declare const MAX_DIGITS = 15;
/** A header's tensors in document order, with the raw values the reader validates. */
export interface HeaderScan {
    names: string[];
    dtypes: string[];
    shapes: number[][];
    /** data_offsets, which the scan takes only as a pair */
    begins: number[];
    ends: number[];
    /** the __metadata__ object (string values only), or undefined when there is none */
    metadata: Record<string, string> | undefined;
}
/** A safetensors header text read in one pass, or null when it is outside the subset (see above). */
export declare function scanHeader(t: string): HeaderScan | null;
/**
 * The members of the string → string object that starts at `open` (a '{') in `text`, in document
 * order, and the index after the object; null when the object is outside the subset. Repeated keys
 * are returned as they come: the caller must not trust the pairs until it has checked there are none.
 */
export declare function scanStringPairs(t: string, open: number): {
    keys: string[];
    values: string[];
    end: number;
} | null;
