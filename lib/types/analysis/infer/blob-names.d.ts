import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../op-vocabulary.js';
export interface BlobReading {
    /** the source entries under their module-path names, in the same order */
    entries: KeyEntry[];
    /** the rename ops that turn the blob names into those names (they run before every other op) */
    ops: PlanOp[];
    /** module-path name → the blob name it was read from */
    original: Map<string, string>;
}
/**
 * The source read as module paths, when it is a blob checkpoint and the model is not (a model whose
 * keys are blobs too matches them as they are); null otherwise. Dotless keys without an underscore
 * (`lr`) keep their names; no key may have a dot (the leaf renames could meet it).
 */
export declare function readBlobNames(source: readonly KeyEntry[], target: readonly KeyEntry[]): BlobReading | null;
