/**
 * The `inspect --json` tensor lines of a checkpoint read into columns (a torch.save state dict, a
 * safetensors file or sharded set), written as bytes with no object or string per tensor (issue 14).
 * Each source fills one TensorLine per tensor from its columns (its record view); this module alone
 * knows the line's text. A line is the text of JSON.stringify(tensorJson(record)) (inspect-model.ts) for
 * the record the tree reader makes: test/report/inspect-columns.full.test.ts and
 * inspect-safetensors.test.ts compare them byte for byte.
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
    /** TensorInfo.kind */
    kind: LineKind;
    requiresGrad: boolean;
    /** the storage's key: this number as text, or -1 for the tensor's own key (a safetensors tensor's storage is named like it) */
    storageKey: number;
    /** the storage's dtype code (DTYPE_BY_CODE) */
    storageDtype: number;
    numel: number;
    /** the device as JSON text (`"cpu"`) */
    device: Uint8Array;
}
/** The TensorInfo kinds a columns source makes. */
export declare const LINE_KINDS: readonly ['tensor', 'safetensors'];
export type LineKind = (typeof LINE_KINDS)[number];
/** A source of lines: fills `line` with tensor i's fields. */
export type FillLine = (i: number, line: TensorLine) => void;
export declare function emptyLine(): TensorLine;
export declare const CPU: Uint8Array<ArrayBufferLike>;
/**
 * Lines start..end (numbers `at` maps to tensors) as InspectModel.tensorText gives them: each indented
 * and followed by `,\n`, or by `\n` after the listing's last line (number count - 1).
 */
export declare function writeTensorLines(fill: FillLine, start: number, end: number, at: (k: number) => number, count: number): Uint8Array;
/** JSON.stringify(tensorJson(record)) of tensor i: one line without its indent and end. */
export declare function tensorLineText(fill: FillLine, i: number): string;
/** A key JSON writes as its bytes between quotes (the scanners' keys are ASCII): no quote, backslash or control character. */
export declare function plainKey(b: Uint8Array, start: number, end: number): boolean;
