import { type ZipArchive, type ZipEntry } from '../zip/reader.js';
import { type PickleScan, type TorchFile, type TorchFormat } from './container.js';
import { type StateDictColumns } from './state-dict-columns.js';
import type { ByteSource } from '../byte-source.js';
/**
 * torch.save's zip layout (PyTorch ≥ 1.6): `<folder>/data.pkl` (the object tree, storages as persistent
 * ids), `<folder>/data/<key>` (one member per storage), `<folder>/byteorder`, `<folder>/version`.
 * The folder name is whatever the file was first saved as, so it is found, not assumed.
 */
export interface TorchRecord {
    /** `archive/`, or '' for a look-alike with data.pkl at the archive root */
    prefix: string;
    dataPkl: ZipEntry;
}
/**
 * The record folder: the first `X/data.pkl` one folder deep, else a root `data.pkl` (a look-alike).
 * Refused when two of its members differ only in case: torch's reader finds `data.pkl` and
 * `data/<key>` by a case-blind binary search (miniz), so which copy torch.load reads is not one
 * sdmatch can name, and plan / apply would work on other weights than torch loads (review 21 F4).
 */
export declare function findTorchRecord(zip: ZipArchive): TorchRecord | null;
/** What the archive's small text records say. */
export declare function archiveFacts(zip: ZipArchive, prefix: string): string[];
/**
 * Reads the data pickle of a torch archive (or TorchScript archive, or look-alike) with storages
 * resolved to their `data/<key>` members, and scans every other pickle member for safety.
 */
export declare function readTorchArchive(zip: ZipArchive, file: string, record: TorchRecord, format: TorchFormat, lead: string, readOnly?: boolean): TorchFile;
/**
 * A torch.save archive of a flat state dict, read into columns (see state-dict-columns.ts): the
 * tensors, where each storage's bytes are, and the same detail and safety scans readTorchArchive gives.
 */
export interface ColumnarTorchFile {
    format: 'torch-zip';
    detail: string[];
    pickles: PickleScan[];
    tensors: StateDictColumns;
    storages: StorageColumns;
}
/** Per storage number (StateDictColumns.storage): its elements and its stored member's bytes in the file. */
export interface StorageColumns {
    file: string;
    numel: Float64Array;
    offset: Float64Array;
    length: Float64Array;
    crc32: Uint32Array;
}
/**
 * The first half of reading a torch archive into columns (inspect): everything the zip says, taken
 * out of it, so that the archive's directory (a ZipEntry per member, 2,000,000 of them) can be dropped
 * before the pickle is scanned. Null, having added nothing to any report, when the pickle's first
 * megabyte already leaves torch.save's flat state-dict grammar (the caller reads it the full way, from
 * the same archive); see readPlannedColumns for the second half.
 */
export interface ColumnsPlan {
    file: string;
    /** data.pkl's bytes, not yet read */
    pickle: ByteSource;
    detail: string[];
    pickles: PickleScan[];
    /** per storage number: the `data/<n>` member readTorchArchive would take, as columns */
    members: {
        count: number;
        /** MEMBER_* */
        state: Uint8Array;
        size: Float64Array;
        offset: Float64Array;
        crc32: Uint32Array;
    };
}
export declare function planTorchColumns(zip: ZipArchive, file: string, record: TorchRecord, lead: string): ColumnsPlan | null;
/**
 * The second half: data.pkl scanned into columns, each storage checked to be a stored member
 * readTorchArchive would find and say nothing about (quietMember). Null when the pickle or a storage
 * falls outside that (the caller then opens the archive again and reads it the full way).
 */
export declare function readPlannedColumns(plan: ColumnsPlan): ColumnarTorchFile | null;
/** constants.pkl, code/*.debug_pkl, stray members, npy object payloads, other views: see sweepZip. */
export declare function scanOtherPickles(zip: ZipArchive, file: string, skip: Set<ZipEntry>, scans: PickleScan[], _warnings: string[], storageFolder?: string): void;
