/**
 * The last resort for a paste no known message format matches (a log line reworded by a wrapper
 * library, a key list quoted in prose, a format sdmatch has not met): keys are taken where they look
 * like state-dict keys, each on the side the nearest preceding word names ("missing", "not found",
 * "newly initialized" for the model's side; "unexpected", "not used", "unused" for the checkpoint's).
 * What it reads is flagged as read loosely and never as complete.
 */
/** File names, module paths and URLs are not keys. */
export declare const NOT_A_KEY: RegExp;
export interface LooseLists {
    missing: string[];
    unexpected: string[];
}
export declare const endsInLeaf: (token: string) => boolean;
/**
 * `widths`: each line's width as captured (see joinWrappedKeys); by default the lines' own.
 *
 * A label names no side where a side word precedes it on its line: "Missing keys in the checkpoint:"
 * lists missing keys (review8 p10), "Keys missing from the model keys:" too. Two labelled lists of both
 * sides that share keys are the two whole key sets printed side by side ("model keys: […]" /
 * "checkpoint keys: […]", review8 p18b): a key on both sides is neither missing nor unexpected, so the
 * labelled keys are diffed, each side keeping only what the other lacks.
 */
export declare function readLoosely(pasted: string, widths?: readonly number[]): LooseLists;
