import { type DcpMetadata } from '../formats/dcp/metadata.js';
import { type PyValue } from '../formats/pickle/values.js';
type KeyPathStep = string | number;
/** What happens to one DCP item: a new fqn and planner path, or null (dropped). */
export type DcpRenames = Map<string, {
    fqn: string;
    path: KeyPathStep[];
} | null>;
export interface DcpRenameResult {
    metadataFile: string;
    renamed: number;
    dropped: number;
    bytes: number;
}
/**
 * The renames a plan's key changes make in DCP terms. `select` is the state dict the plan works on
 * (['model'] for a checkpoint saved as {'model': …}); `mapping` is source key → new key or null.
 */
export declare function dcpRenames(meta: DcpMetadata, select: readonly KeyPathStep[], mapping: ReadonlyMap<string, string | null>, file: string): DcpRenames;
/**
 * Optimizer state the in-place rename leaves under the parameters' old names (review19 F6): DCP's
 * get_state_dict keys it by parameter FQN (`app.optim.state.<fqn>.exp_avg`) and lists those FQNs in
 * `param_groups` (a bytes item inside the data files, which .metadata cannot rename). The items whose
 * path holds `state` then a parameter the plan renames, outside the model's own state dict.
 */
export declare function optimizerStateLeftBehind(meta: DcpMetadata, select: readonly KeyPathStep[], mapping: ReadonlyMap<string, string | null>): string[];
/** The Metadata pickle's value with `renames` applied to its three key-bearing fields. */
export declare function renameMetadataValue(value: PyValue, renames: DcpRenames): PyValue;
/**
 * Rewrites `metadataFile` with `renames`. The new pickle is read back and must hold exactly the renamed
 * items before it replaces the old one. Tensors stored as safetensors blobs are keyed by name inside the
 * data files, so such a checkpoint is refused (its .metadata alone cannot rename them).
 */
export declare function rewriteDcpMetadata(metadataFile: string, renames: DcpRenames, opts: {
    sync: boolean;
}): DcpRenameResult;
export {};
