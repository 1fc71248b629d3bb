/**
 * Stage 0, read names: checkpoints whose names are no PyTorch module paths, read as such before the
 * stages pair them. Caffe2 / Detectron blobs name every tensor with one underscore-joined word
 * (`res2_0_branch2a_bn_s`) where the model has a module path (`res2.0.conv1.norm.weight`); TensorFlow's
 * `/` scope paths are read the same way in scope-paths.ts. Read as names, such keys match nothing
 * structurally and every tensor becomes its own rename (detectron2's `convert_basic_c2_names` starts by
 * `_` → `.`). Here they are read as module paths first (key-tokens.ts `blobSegments`), their parameter
 * names as PyTorch's, as a few leading ops; the stages then pair
 * `res2.0.branch2a.bn.weight` by structure like any dotted key.
 */
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
