import { ByteKeyTable } from '../byte-keys.js';
/**
 * A safetensors header read into columns (issue 14): names as byte ranges of the header, dtype codes,
 * shapes pooled in one array, byte spans, and no object per tensor. It is what `inspect` of a sharded
 * set reads: 20 headers of 2,500 tensors parsed once each, with no string or record per tensor until
 * the output writes them from these bytes.
 *
 * It only recognises, as json-scan.ts does for text: the header must be the common ASCII subset (plain
 * names, the three fields, whole numbers) and pass every check readSafetensors makes (dtype, span,
 * distinct names, tiling, the file's length). On anything else it returns null and the caller reads
 * the file with readSafetensors, which then also words the error. So this never decides a file is bad
 * and never accepts one the reader refuses.
 */
export interface SafetensorsColumns {
    /** the header's bytes (after the 8-byte length); names are ranges of them */
    header: Uint8Array;
    headerLength: number;
    /**
     * tensor names in header order; `names.size` is the tensor count. Distinct, checked by the scan,
     * unless it was asked to leave that to its caller (`namesCheckedLater`): then `names.checked` is false
     * until the caller's `names.checkNow()`, and a set whose names were not proven distinct another way is
     * not to be used before it.
     */
    names: ByteKeyTable;
    /** index into DTYPE_ORDER */
    dtype: Uint8Array;
    rank: Uint8Array;
    /** where tensor i's shape starts in `dims` */
    dimsAt: Int32Array;
    dims: Float64Array;
    /** data_offsets, relative to the data section (which starts at 8 + headerLength) */
    begin: Float64Array;
    end: Float64Array;
    /** per dtype code: how many tensors, and their bytes (the spans' lengths), summed as the scan meets them */
    dtypeTensors: Float64Array;
    dtypeBytes: Float64Array;
    metadata: Record<string, string> | null;
}
/** DType by code: the columns hold the index of a dtype in this list (the one code table, dtype.ts). */
export declare const DTYPE_ORDER: ("bfloat16" | "bool" | "complex128" | "complex32" | "complex64" | "float16" | "float32" | "float64" | "float8_e4m3fn" | "float8_e4m3fnuz" | "float8_e5m2" | "float8_e5m2fnuz" | "float8_e8m0fnu" | "int16" | "int32" | "int64" | "int8" | "qint32" | "qint8" | "quint2x4" | "quint4x2" | "quint8" | "uint16" | "uint32" | "uint64" | "uint8")[];
/** The header length the first 8 bytes declare when readSafetensors would accept it for a file of `size` bytes, else null. */
export declare function acceptedHeaderLength(first8: Uint8Array, size: number): number | null;
/** bytes as text, one character per byte (ASCII here: the scan takes no other) */
export declare const latin1: (b: Uint8Array, from: number, to: number) => string;
export declare const isWs: (c: number | undefined) => boolean;
/**
 * The end (index of the closing quote) of the plain string whose opening quote is at `open`, or -1: no
 * backslash, no control character and only ASCII, so its bytes are its value.
 */
export declare function plainEnd(b: Uint8Array, open: number): number;
/**
 * The header `header` (the bytes after the length field) of a file whose data section is `dataLength`
 * bytes, in columns; null when it is outside the subset or fails a check (see SafetensorsColumns).
 */
export declare function scanSafetensorsColumns(header: Uint8Array, dataLength: number, namesCheckedLater?: boolean): SafetensorsColumns | null;
/**
 * The header when every tensor entry is in the writer's form (WRITER_ENTRY), after an optional leading
 * `__metadata__`, with spaces only after the closing brace; else null, and the general walk reads it.
 * It takes a header only when the general walk would take it with the same columns: the same checks
 * (keepTensor, distinct names, tiling), and any doubt (a check failing, `__metadata__` as a tensor's
 * name) is left to the general walk, which then refuses the header or reads it.
 */
export declare function scanWriterForm(b: Uint8Array, dataLength: number, cap: number, namesCheckedLater?: boolean): SafetensorsColumns | null;
/** The general walk: any whitespace, fields in any order, `__metadata__` anywhere. */
export declare function scanAnyForm(b: Uint8Array, dataLength: number, cap: number, namesCheckedLater?: boolean): SafetensorsColumns | null;
