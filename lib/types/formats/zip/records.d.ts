/**
 * The zip records sdmatch writes, byte for byte, shared by the sequential writer and the appender so
 * both produce the same layout: STORED entries, sizes in the local header, data aligned by padding the
 * local extra field as PyTorch does (an `FB` field of `Z`s, caffe2's getPadding), zip64 fields only
 * where a value overflows.
 */
export declare const U32_MAX = 4294967295;
export declare const U16_MAX = 65535;
export declare const LOCAL_HEADER_SIZE = 30;
export declare const CENTRAL_HEADER_SIZE = 46;
export interface EntryRecord {
    /** UTF-8 name */
    name: Uint8Array;
    /** offset of the local header */
    offset: number;
    size: number;
    crc: number;
}
/** The local header of a STORED entry whose data then starts on an `alignment` boundary. */
export declare function localHeader(e: EntryRecord, alignment: number): Uint8Array;
export declare function centralHeader(e: EntryRecord): Uint8Array;
/** The zip64 end record and locator when anything overflows the classic fields, then the end record; `at` is where they start. */
export declare function endRecords(count: number, cdSize: number, cdStart: number, at: number): Uint8Array;
/** UTF-8 bytes of an entry name, refusing what a zip cannot hold. */
export declare function entryName(name: string): Uint8Array;
