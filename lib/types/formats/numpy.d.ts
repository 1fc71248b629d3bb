import type { ByteSource } from './byte-source.js';
import { type DType } from './dtype.js';
import { isNpy } from './magic.js';
import { type ZipArchive, type ZipEntry } from './zip/reader.js';
/**
 * numpy's .npy header: magic, version, then a Python dict literal. The literal is parsed by a small
 * parser of our own (never evaluated) that accepts only strings, integers, booleans, None, tuples,
 * lists and dicts.
 */
export interface NpyHeader {
    /** null for types PyTorch has no dtype for (structured, strings, datetimes, longdouble, objects) */
    dtype: DType | null;
    /** as written: `<f4`, `|b1`, or the literal text of a structured descr */
    descr: string;
    fortranOrder: boolean;
    shape: number[];
    /** where the array bytes (or, for object arrays, the pickle) start, relative to the parsed source */
    dataOffset: number;
    /** object arrays hold a pickle after the header, which the caller must scan */
    objectArray: boolean;
    /** a descr sdmatch cannot tell holds no objects: the payload may be a pickle (scan it; the verdict is incomplete) */
    unknownDescr: boolean;
    /** `>` byte order: the dtype is right but the bytes need swapping before PyTorch can use them */
    bigEndian: boolean;
}
/** numpy's own default limit is 10,000; structured dtypes can exceed it, a megabyte cannot be honest */
export declare const MAX_NPY_HEADER: number;
/** the check lives in magic.ts, which detectKind imports without this reader */
export { isNpy };
/** Reads the header of the .npy that starts at `offset` of `src`; dataOffset is absolute in `src`. */
export declare function readNpyHeader(src: ByteSource, offset: number, file: string): NpyHeader;
/** An npz member's header; dataOffset is relative to the start of the member's (uncompressed) bytes. */
export declare function readNpyHeaderFromEntry(zip: ZipArchive, e: ZipEntry, file: string): NpyHeader;
export interface NpzMember {
    /** the name numpy.load gives it: the entry name without `.npy` */
    key: string;
    entry: ZipEntry;
    header: NpyHeader;
}
/** npz = a zip of .npy files; members that are not npy (numpy returns their raw bytes) go in `others`. */
export declare function readNpz(zip: ZipArchive, file: string): {
    members: NpzMember[];
    others: ZipEntry[];
};
/**
 * Where the payload of an npy whose header sdmatch cannot parse starts (numpy parses it with
 * ast.literal_eval, which takes spellings sdmatch's parser refuses): right after the declared header.
 */
export declare function npyPayloadStart(preamble: Uint8Array, available: number, file: string): number;
/**
 * Whether numpy.dtype(descr) has objects, i.e. whether `numpy.load(allow_pickle=True)` unpickles the
 * payload: every spelling of the object type (`O`, `O8`, `object`, `object_`, `object0`, any byte
 * order), a structured dtype with an object field at any depth, a subarray `(base, shape)` of one.
 * 'unknown' for what sdmatch cannot tell (the caller scans the payload and says so).
 */
export declare function descrHoldsObjects(d: PyLit): 'yes' | 'no' | 'unknown';
/** The Python literals an npy header can contain. Tuples and lists are both arrays. */
export type PyLit = string | number | boolean | null | PyLit[] | Map<string, PyLit>;
/** Parses one Python literal (with surrounding whitespace); throws a plain Error describing the problem. */
export declare function parsePyLiteral(text: string): PyLit;
