import type { ByteLocation } from '../tensor.js';
import type { ZipArchive, ZipEntry } from './reader.js';
/** Whole-entry reads above this need an explicit maxBytes: data.pkl files are small, tensors are not read whole. */
export declare const DEFAULT_MAX_ENTRY_BYTES: number;
export interface EntryReadOptions {
    /** check the CRC-32 and raise FormatError on mismatch (PyTorch does not verify, so off by default) */
    verifyCrc?: boolean;
    /**
     * read even when flags say encrypted (0x1), patched (0x20) or strongly encrypted (0x40): the safety
     * scanner must see the bytes of an entry that only claims encryption. The loaders refuse such entries.
     */
    ignoreFlags?: boolean;
}
/**
 * Feeds an entry's uncompressed bytes to `onChunk` in order, with bounded memory. `onChunk` may return
 * false to stop early (then no size or CRC check is made). The total must equal the declared size.
 */
export declare function streamEntry(zip: ZipArchive, e: ZipEntry, onChunk: (chunk: Uint8Array) => boolean | void, opts?: EntryReadOptions): void;
/** An entry's uncompressed bytes, refusing (before reading) entries declared larger than maxBytes. */
export declare function readEntry(zip: ZipArchive, e: ZipEntry, opts?: EntryReadOptions & {
    maxBytes?: number;
}): Uint8Array;
/** The first min(n, size) uncompressed bytes, inflating no further than needed (npy headers, pickle sniffing). */
export declare function readEntryPrefix(zip: ZipArchive, e: ZipEntry, n: number, opts?: Pick<EntryReadOptions, 'ignoreFlags'>): Uint8Array;
/** Where a tensor storage held in this entry lives, for TensorInfo; raises for entries PyTorch cannot read. */
export declare function entryLocation(zip: ZipArchive, e: ZipEntry, file: string): ByteLocation;
