import type { TensorLine } from './inspect-json-lines.js';
/**
 * The `inspect --json` lines already written in the current chunk, by what they say besides their keys
 * (issue 14). A line is literal text, the tensor's key, more text, the storage's key (the tensor's own
 * key again, or a number) and the rest; everything but the two keys follows from the other fields
 * (dtype, shape, stride, offset, contiguity, grad, the storage's dtype, size and device; whether the
 * storage's key is the tensor's or a number changes only that key's text). So a line
 * whose other fields equal an earlier line's is that line's text with its own keys: three native copies
 * of the earlier line's bytes (TypedArray copyWithin) and the keys. A one-shot CLI runs the writer's
 * byte loops in V8's interpreter until it has compiled them; the copies cost the same cold or warm (the
 * 20-shard set's 50,000 lines, cold: ~80 → ~50 ms of CPU). Checked byte for byte against the writer
 * by test/report/line-memo.test.ts and the columns-vs-tree tests.
 *
 * One slot per hash of the fields, the last line written with that hash (a hash shared by lines that
 * differ only costs a line written in full; a line copied moves its slot's marks to itself,
 * ByteWriter.lineAgain); a rank above MAX_RANK is never remembered.
 */
export declare class LineMemo {
    private readonly slotBits;
    /** the chunk the slots were written in: a slot of an earlier one points into bytes since overwritten */
    private chunk;
    private readonly slotChunk;
    /** per slot (at slot × MARKS): [start, keyAt, keyEnd, storageAt, storageEnd, end) positions of its line in the writer */
    readonly marks: Float64Array;
    /** per slot: the scalar fields (SCALARS of them), then the shape and the explicit stride */
    private readonly scalars;
    private readonly dims;
    private readonly devices;
    /** 2^slotBits slots; 0 (one slot: every line meets the last one remembered) lets a test reach every field's check */
    constructor(slotBits?: number);
    /** A new chunk: the writer's earlier bytes are gone, and so are the lines remembered in them. */
    forget(): void;
    /** l's slot, or -1 when a line of its rank is not remembered */
    slotOf(l: TensorLine): number;
    /** Whether the slot's line says what l says besides the keys (its positions: `marks` at slot × MARKS). */
    match(slot: number, l: TensorLine): boolean;
    /** Remembers l's line, just written at `marks` ([start, keyAt, keyEnd, storageAt, storageEnd, end)), in its slot. */
    remember(slot: number, l: TensorLine, marks: Float64Array): void;
}
/** a line's positions: start, keyAt, keyEnd, storageAt, storageEnd, end */
export declare const MARKS = 6;
