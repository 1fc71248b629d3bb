/** Text as its bytes, one per character (the pieces of JSON lines written as bytes are ASCII). */
export declare const ascii: (text: string) => Uint8Array;
/** Bytes appended to a buffer that grows as needed. */
export declare class ByteWriter {
    private buf;
    private at;
    constructor(capacity: number);
    private room;
    byte(c: number): void;
    bytes(src: Uint8Array, start: number, end: number): void;
    text(t: Uint8Array): void;
    /** a non-negative integer in decimal, as JSON (and String) write it */
    int(v: number): void;
    done(): Uint8Array;
}
