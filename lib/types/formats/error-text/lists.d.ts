/**
 * Readers for the key lists inside error texts, each linear in what it reads: PyTorch's quoted
 * `"a", "b".`, Python list/set reprs `['a', 'b']`, unquoted comma lists (mmcv, timm, diffusers) and
 * fvcore's brace groups `a.{bias, weight}`.
 */
export interface ListResult {
    keys: string[];
    /** the list was cut short: an elision, an unterminated key, the text ending inside it */
    truncated: boolean;
    /** where reading stopped */
    end: number;
}
export declare const ELLIPSIS_TOKEN: RegExp;
/**
 * Characters of the scripts and punctuation a poster writes around a paste in Chinese, Japanese or Korean
 * (ideographs, kana, Hangul, the full-width `，：？（）！`). A state-dict key is a dotted path of Python
 * attribute names and indices, which models write in ASCII: a run that holds one is the poster's words
 * glued to a key the paste cut (`bbox_head.1` + `请问这是什么原因`), never a key.
 */
export declare const WIDE_SCRIPT = "\\u2E80-\\u9FFF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\uFF00-\\uFFEF";
/** Longer than any real key (torch.save writes keys of thousands of segments, ~30k characters at 5,000) even after a wrap glued pieces together: a quote that never closed. */
export declare const MAX_KEY = 65536;
/**
 * Read quoted keys starting at `pos`: `"a", "b".` (PyTorch) or `'a', 'b']` (a Python list).
 * `close` is the character that ends the list. Whitespace inside quotes is dropped: keys have none,
 * and a wrapped key may have picked some up from padding.
 */
export declare function readQuotedList(s: string, pos: number, close: string): ListResult;
/**
 * A Python list or set literal's keys at `pos` (spaces allowed before `[` or `{`), or `null` when no
 * list starts there. diffusers joins its keys into one string (`['a, b, c']`): such a string is split.
 */
export declare function readPythonList(s: string, pos: number): (ListResult & {
    joined: boolean;
}) | null;
/** Keys of a repr'd set inside torch 0.1–0.3's KeyError text: quotes may be backslash-escaped. */
export declare function keysOfSetRepr(body: string): string[];
/**
 * The key as the model names it: white space a wrap or padding put into it dropped, except that inside a repr
 * group a comma is followed by one space, as Python's repr writes it (`('irrep_0', 'regular')`, `('a',)`).
 */
export declare function canonicalKey(raw: string): string;
/**
 * A comma-separated list split at its commas, except those inside a repr group glued to a key (REPR_GROUP).
 * `cut` is true when the text ends inside such a group: the last item is a key the paste cut.
 */
export declare function splitItems(body: string): string[] & {
    cut?: boolean;
};
/**
 * An unquoted comma-separated list (mmcv `a, b`, timm `(a, b)`, diffusers `a, b.`): keys until a token
 * that is not one (prose after the list). Quotes and a full stop glued to the last key are not part of it.
 */
export declare function readUnquotedList(body: string): {
    keys: string[];
    truncated: boolean;
    stopped: boolean;
};
/**
 * Is `text` one brace group (`a.{b, c}.d`, nested allowed) with no space outside its braces? Checks
 * the shape without expanding it, so a pathological line costs its length, not its product.
 */
export declare function isBraceGroup(text: string): boolean;
/**
 * How many keys a brace group stands for, and the keys when that is at most `limit` (else `keys` is
 * `null`: the caller decides whether too many is an error or a bound reached). `null` when the text is
 * not a well-formed group. The count is taken before any key is made, so `{0...99999}.{0...99999}`
 * costs its length, not its product.
 */
export declare function braceExpansion(text: string, limit?: number): {
    count: number;
    keys: string[] | null;
} | null;
/**
 * Expand brace groups into keys: fvcore's `a.{bias, weight}`, nested and repeated groups
 * (`heads.{cls, box}.{bias, weight}`, `a.{b.{x, y}, c}`), and transformers' layer runs `{0...11}`,
 * left to right (`{0...1}.{0...1}` gives `0.0, 0.1, 1.0, 1.1`). Returns `null` when the text is not a
 * well-formed group (unbalanced, a space outside braces) or would expand past `limit` keys.
 */
export declare function expandBraces(text: string, limit?: number): string[] | null;
