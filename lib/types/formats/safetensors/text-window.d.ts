/**
 * ASCII bytes as text, one window at a time, for the regular expressions that check a safetensors
 * header's entries and a shard index's members (which need a string) without the whole file as one.
 * A string of a 225 KB header is made in V8's large-object space, in pages of its own that the
 * process touches for the first time, and a 3.6 MB index as an external string: on the shared VM
 * every fresh page costs a fault (~10 µs), and the 20-shard set's 8 MB of such text was ~2,000 of
 * them (issue 14). Windows below V8's large-object size are made in the young generation, whose
 * pages are reused from one window to the next.
 *
 * Exactness: the expressions matched through a window (WRITER_ENTRY, WEIGHT_MAP_MEMBER) have no
 * anchor or lookaround, and each of their repeats is followed by a character it cannot take, so
 * they match a string's prefix exactly where they match the string. A match in a window is then the
 * match in the whole text; a failure counts only in a window that reaches the text's end (matchAt
 * moves or widens the window until it does).
 */
export declare class TextWindow {
    private readonly bytes;
    private readonly size;
    /** the window's text: bytes [base, base + text.length) */
    text: string;
    base: number;
    private readonly buf;
    constructor(bytes: Uint8Array, size?: number);
    /** whether the window holds the text up to its end */
    get reachesEnd(): boolean;
    /** The window from byte `at`: `size` bytes, twice as many as before when it already started there, or up to the end. */
    moveTo(at: number): void;
    /**
     * Whether the sticky expression `re` matches at byte `i`, the window moved (and widened) as needed;
     * on true, `re.lastIndex + base` is where the match ends and the window holds all of it.
     */
    matchAt(re: RegExp, i: number): boolean;
}
