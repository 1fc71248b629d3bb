import { type ZipArchive, type ZipEntry } from '../zip/reader.js';
import { type PickleScan, type TorchFile, type TorchFormat } from './container.js';
import { type StateDictColumns } from './state-dict-columns.js';
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
/** The record folder: the first `X/data.pkl` one folder deep, else a root `data.pkl` (a look-alike). */
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
 * readTorchArchive for a read-only caller that only reports (inspect), as columns; null, having read
 * nothing into the report, when the archive is anything but a flat state dict whose every storage is a
 * stored member readTorchArchive would find without a warning. The caller then reads it the full way.
 */
export declare function readTorchArchiveColumns(zip: ZipArchive, file: string, record: TorchRecord, lead: string): ColumnarTorchFile | null;
/** constants.pkl, code/*.debug_pkl, stray members, npy object payloads, other views: see sweepZip. */
export declare function scanOtherPickles(zip: ZipArchive, file: string, skip: Set<ZipEntry>, scans: PickleScan[], _warnings: string[], storageFolder?: string): void;
