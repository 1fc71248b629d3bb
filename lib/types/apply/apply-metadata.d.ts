import type { PyDict, PyValue } from '../formats/pickle/values.js';
import type { PlanOp } from '../plan/types.js';
export interface MetadataRename {
    /** the renamed `_metadata` dict (same class, same version values) */
    metadata: PyDict;
    renamed: number;
    dropped: string[];
}
type Final = string | string[] | null;
/** The `_metadata` dict inside an OrderedDict's attributes, if it has one. */
export declare function metadataOf(dict: PyDict): PyDict | null;
/** The OrderedDict attributes with `_metadata` replaced (other attributes kept as they were). */
export declare function withMetadata(attrs: PyValue | undefined, metadata: PyDict): PyValue;
export declare function renameMetadata(metadata: PyDict, ops: readonly PlanOp[], mapping: Readonly<Record<string, Final>>): MetadataRename;
export {};
