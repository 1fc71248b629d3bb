import { type DType } from '../dtype.js';
import type { PyValue } from '../pickle/values.js';
/**
 * The persistent ids torch.save writes instead of storage bytes:
 *   zip / TorchScript: ('storage', storage_type, key, location, numel)
 *   legacy:            ('storage', storage_type, root_key, location, numel, view_metadata)
 * with view_metadata = (view_key, offset, view_numel) or None, and ('module', cls, file, source) in old
 * files that saved the source of each nn.Module class.
 */
export interface StorageRef {
    key: string;
    /** null for torch.UntypedStorage: the tensor rebuild says the dtype (v3) */
    dtype: DType | null;
    /** as recorded: `cpu`, `cuda:0` */
    device: string;
    numel: number | null;
    /** a legacy storage view: a slice of the root storage, in elements */
    view: {
        key: string;
        offset: number;
        numel: number;
    } | null;
    /** the storage type as spelled in the file (`torch.FloatStorage`), for messages */
    typeName: string;
}
export type PersistentId = {
    kind: 'storage';
    ref: StorageRef;
} | {
    kind: 'module';
    cls: PyValue;
} | {
    kind: 'unknown';
    why: string;
};
export declare function parsePersistentId(pid: PyValue): PersistentId;
export declare function tupleItems(v: PyValue): PyValue[] | null;
/** str, or py2 byte strings that torch decodes as ASCII (`_maybe_decode_ascii`). */
export declare function asText(v: PyValue): string | null;
/** A non-negative safe integer, or null. */
export declare function asCount(v: PyValue): number | null;
