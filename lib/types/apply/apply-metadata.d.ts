import type { PyDict, PyValue } from '../formats/pickle/values.js';
import type { PlanOp } from '../plan/types.js';
export interface MetadataRename {
    /** the renamed `_metadata` dict (same class, same version values) */
    metadata: PyDict;
    renamed: number;
    dropped: string[];
}
type Final = string | string[] | null;
export { metadataOf } from '../analysis/module-versions.js';
/** The OrderedDict attributes with `_metadata` replaced (other attributes kept as they were). */
export declare function withMetadata(attrs: PyValue | undefined, metadata: PyDict): PyValue;
export declare function renameMetadata(metadata: PyDict, ops: readonly PlanOp[], mapping: Readonly<Record<string, Final>>): MetadataRename;
