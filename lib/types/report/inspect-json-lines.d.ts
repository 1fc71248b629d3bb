import { ByteWriter } from './byte-writer.js';
/**
 * The `inspect --json` tensor lines of a checkpoint read into columns (a torch.save state dict, a
 * safetensors file or sharded set), written as bytes with no object or string per tensor (issue 14).
 * Each source fills one TensorLine per tensor from its columns (its record view) and fixes what is the
 * same on each of its lines (a LineTemplate); this module alone knows the line's text. A line is the
 * text of JSON.stringify(tensorJson(record)) (inspect-model.ts) for the record the tree reader makes:
 * test/report/inspect-columns.full.test.ts and inspect-safetensors.test.ts compare them byte for byte.
 * The tree's writer (recordLines, inspect-model.ts) takes its literal text and its fields' order from
 * the same table (linePieces): both writers walk LinePieces.fields, so the order is written down once,
 * here, and a writer missing a field does not compile (LinePieces).
 */
export interface TensorLine {
    /** the state-dict key: bytes[keyStart, keyEnd) (ASCII: the scanners take no other) */
    keyBytes: Uint8Array;
    keyStart: number;
    keyEnd: number;
    /** the key holds no quote, backslash or control character: JSON writes its bytes as they are */
    keyPlain: boolean;
    /** dtype code (DTYPE_BY_CODE) */
    dtype: number;
    /** shape: dims[dimsAt, dimsAt + rank) */
    dims: ArrayLike<number>;
    dimsAt: number;
    rank: number;
    /** stride: dims[strideAt, strideAt + rank), or -1 for the row-major (contiguous) strides of the shape */
    strideAt: number;
    storageOffset: number;
    contiguous: boolean;
    requiresGrad: boolean;
    /** the storage's key: this number as text, or -1 for the tensor's own key (a safetensors tensor's storage is named like it) */
    storageKey: number;
    /** the storage's dtype code (DTYPE_BY_CODE) */
    storageDtype: number;
    numel: number;
    /** the storage's device as JSON text (`"cpu"`) */
    device: Uint8Array;
}
/** A source of lines: fills `line` with tensor i's fields (those its LineTemplate does not fix). */
export type FillLine = (i: number, line: TensorLine) => void;
export declare function emptyLine(): TensorLine;
/**
 * The one table of a line: tensorJson's fields in its order (the storage's inside `storage`), each
 * with the text that opens it. A source fixes the fields that are the same on each of its lines
 * (`kind` always; a safetensors tensor's offset, contiguity, grad and device too): their text joins
 * the literal text around them, so a line is written in as few pieces as the old per-source writers
 * wrote it (a cold one-shot CLI pays for every piece: issue 14). The tree's writer (recordLines) fixes
 * a line's contiguity and grad the same way. test/report/inspect-json-lines.test.ts checks this order
 * against tensorJson's keys.
 */
export declare const LINE_FIELDS: readonly ['path', 'dtype', 'shape', 'stride', 'storageOffset', 'contiguous', 'kind', 'requiresGrad', 'storage.key', 'storage.dtype', 'storage.numel', 'storage.device'];
export type LineField = (typeof LINE_FIELDS)[number];
/** i where LINE_FIELDS[i] is F, as a type (0 for 'path', …) */
type FieldIndex<F extends LineField, T extends readonly unknown[] = typeof LINE_FIELDS, Seen extends unknown[] = []> = T extends readonly [infer H, ...infer R] ? (H extends F ? Seen['length'] : FieldIndex<F, R, [...Seen, H]>) : never;
/**
 * Field F's place in LINE_FIELDS. A writer's `switch` says `case 4 satisfies At<'storageOffset'>:`: the
 * literal number is what a cold CLI switches on fastest (a jump table even before V8 optimises; named
 * constants or field names cost the cold 20-shard `inspect --json` ~10% of its CPU), and `satisfies`
 * makes it a compile error once the number is not the field's place in the table.
 */
export type At<F extends LineField> = FieldIndex<F>;
/** A field by its place in LINE_FIELDS: what a writer's `switch` takes */
export type FieldAt = {
    [F in LineField]: FieldIndex<F>;
}[LineField];
/** the fields a source may fix for all its lines, with their JSON values */
export type FixedFields = {
    kind: string;
} & Partial<{
    storageOffset: number;
    contiguous: boolean;
    requiresGrad: boolean;
    'storage.device': string;
}>;
/**
 * The literal text of a line around the values a writer fills, for one set of fixed fields. A writer
 * walks `fields` (so the order is LINE_FIELDS' and nowhere else) and writes each value in a `switch`
 * over the field's place (At) whose default takes `never` (unwritten): a field added to the
 * table that a writer does not write is a compile error, and a writer cannot put the values in an
 * order of its own.
 */
export interface LinePieces {
    /** the fields a writer fills (their places in LINE_FIELDS), in its order: those not fixed */
    fields: FieldAt[];
    /** pre[s]: the text written before fields[s]'s value (the text of the fixed fields before it included) */
    pre: Uint8Array[];
    /** what ends a line: `}},\n`, or `}}\n` after the listing's last (with the text of fixed fields before) */
    tails: [Uint8Array, Uint8Array];
}
/**
 * The pieces of a line (indented) with `values`' fields fixed: their JSON text joins the literal text
 * before the next field a writer fills, so a field fixed for a line costs no piece of its own.
 */
export declare function linePieces(values: Partial<Record<LineField, unknown>>): LinePieces;
/** The default of a writer's `switch` over the fields: reached only by a field it has no case for, which the compiler rejects. */
export declare function unwritten(f: never): never;
/** The lines of one kind of source: the literal text before each field it fills, its fixed fields folded in. */
export declare class LineTemplate {
    private readonly fields;
    private readonly pre;
    private readonly tails;
    /** the longest the literal text of a line can be, the dtypes and booleans included */
    private readonly fixedRoom;
    /** where write() put the last line's pieces: start, key, key end, storage key, its end, end (LineMemo's marks) */
    private readonly marks;
    private readonly memo;
    /** memoSlotBits: LineMemo's (a test's) */
    constructor(fixedFields: FixedFields, memoSlotBits?: number);
    /**
     * Lines start..end (numbers `at` maps to tensors) as InspectModel.tensorText gives them: each
     * indented and followed by `,\n`, or by `\n` after the listing's last line (number count - 1);
     * written into `into` when given (emptied first: the bytes are a view of it, see tensorText).
     */
    lines(fill: FillLine, start: number, end: number, at: (k: number) => number, count: number, into?: ByteWriter): Uint8Array;
    /** JSON.stringify(tensorJson(record)) of tensor i: one line without its indent and end. */
    line(fill: FillLine, i: number): string;
    /**
     * l's line as the copy of an earlier line of this chunk that says the same besides the keys (LineMemo),
     * its marks at m[o…o + 5]: its text around the keys copied, l's keys written between.
     */
    private writeAgain;
    private write;
}
/** A key JSON writes as its bytes between quotes (the scanners' keys are ASCII): no quote, backslash or control character. */
export declare function plainKey(b: Uint8Array, start: number, end: number): boolean;
export {};
