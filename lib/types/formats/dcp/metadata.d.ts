/**
 * torch.distributed.checkpoint's `.metadata`: the pickle of a `Metadata` dataclass that
 * FileSystemWriter.finish writes (torch/distributed/checkpoint/metadata.py, filesystem.py; torch 1.12-1.13
 * under torch.distributed._shard.checkpoint). Read by the symbolic pickle machine, never executed, and
 * interpreted only through the class names torch writes (safety-lists.ts DCP_GLOBALS): anything else in
 * a place that matters is refused, so a crafted file cannot pose as a checkpoint.
 */
import type { ByteSource } from '../byte-source.js';
import { type DType } from '../dtype.js';
import { FormatError } from '../errors.js';
import { type PyValue } from '../pickle/values.js';
import type { PickleScan } from '../torch/container.js';
/** the file torch.distributed.checkpoint's FileSystemReader reads first, naming every other */
export declare const DCP_METADATA_FILE = ".metadata";
export interface DcpChunkMeta {
    offsets: number[];
    sizes: number[];
}
export interface DcpTensorMeta {
    kind: 'tensor';
    dtype: DType;
    /** the global shape */
    size: number[];
    requiresGrad: boolean;
    chunks: DcpChunkMeta[];
}
export interface DcpBytesMeta {
    kind: 'bytes';
}
/** _StorageInfo: where one item (a chunk, or a bytes item) is. */
export interface DcpStorageInfo {
    relativePath: string;
    offset: number;
    length: number;
    /** torch ≥ 2.8 stream transforms (compression…); absent or empty when the bytes are as written */
    transforms: string[];
}
export interface DcpStorageEntry {
    fqn: string;
    /** the chunk's offsets (MetadataIndex.offset); null for a bytes item */
    offset: number[] | null;
    info: DcpStorageInfo;
}
export interface DcpMetadata {
    /** state_dict_metadata, in pickle order: flattened key → what it is */
    items: Map<string, DcpTensorMeta | DcpBytesMeta>;
    storage: DcpStorageEntry[];
    /** planner_data as flatten_state_dict writes it (fqn → path in the nested state dict), when it is that */
    paths: Map<string, (string | number)[]> | null;
    /** what planner_data is: none (torch 1.12-1.13, or a planner that does not flatten), the path mapping, or something else */
    plannerData: 'none' | 'paths' | 'other';
    version: string | null;
    /** which torch wrote it: 'torch.distributed.checkpoint' or the 1.12-1.13 'torch.distributed._shard.checkpoint' */
    module: string;
    saveId: string | null;
}
export interface DcpMetadataRead {
    /** null when the pickle is broken or is not a DCP Metadata (the reason is in `error`) */
    meta: DcpMetadata | null;
    error: FormatError | null;
    /** for the safety report, whether or not the metadata could be interpreted */
    scan: PickleScan;
    /** the pickle's symbolic value (what an in-place rename rewrites) */
    value: PyValue | undefined;
}
/**
 * Reads `.metadata`. A pickle that is broken or holds something else is not thrown but returned
 * (meta null, `error` set) so the safety report of a malicious file survives.
 */
export declare function readDcpMetadata(src: ByteSource, file: string): DcpMetadataRead;
