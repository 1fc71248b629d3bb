/** Text as its bytes, one per character (the pieces of JSON lines written as bytes are ASCII). */
export declare const ascii: (text: string) => Uint8Array;
/** Bytes appended to a buffer that grows as needed. */
export declare class ByteWriter {
    private buf;
    private at;
    constructor(capacity: number);
    /** Makes room for n more bytes (a caller writing many small pieces may reserve a line's most at once) */
    reserve(n: number): void;
    byte(c: number): void;
    bytes(src: Uint8Array, start: number, end: number): void;
    /** how many bytes are written: a position in the lines being written (LineMemo's marks) */
    get length(): number;
    /**
     * Writes again the line at marks m[o…o + 5] (LineMemo: start, key, key end, storage key, its end, end)
     * with another key: key[start, end) (between quotes when `quote`) where the line has its key, and
     * there again, or the number `storage` between quotes when it is not negative, where it has its
     * storage's key; then moves the marks to the line just written, so that the slot's next line copies
     * the latest one. Native copies but for that number: the same cost cold or warm (a one-shot CLI runs
     * byte loops in V8's interpreter until it has compiled them: issue 14).
     *
     * When the new keys' text is as long as the line's (the key, and the storage's key where the new
     * line has its own key there), the line is copied whole and the keys written over its keys: four
     * native calls instead of six. Each call, not the bytes, is the cost (the 20-shard set's 50,000
     * lines: ~100 → ~88 ms of CPU, bench/scale-reading.md, session 19), and the latest line of a slot
     * mostly has a key of the same length (`layers.1000` … `layers.1009`, `q_proj` / `o_proj`).
     */
    lineAgain(m: Float64Array, o: number, key: Uint8Array, start: number, end: number, quote: boolean, storage: number): void;
    text(t: Uint8Array): void;
    /** a non-negative integer in decimal, as JSON (and String) write it */
    int(v: number): void;
    /**
     * `s` as JSON.stringify writes it, when that is its characters between quotes (printable ASCII, no
     * quote or backslash): true, written; else false and nothing written.
     */
    plainString(s: string): boolean;
    done(): Uint8Array;
    /**
     * Empties the writer, keeping its buffer (grown to `capacity` if smaller), for a caller done with
     * what done() gave before: `inspect --json` writes its 13 MB of lines through one buffer, not one
     * new megabyte per chunk (fresh memory is paid page by page: ~40 ms of a 20-shard set's run, issue 14).
     */
    reset(capacity: number): this;
}
