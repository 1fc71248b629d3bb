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
 * (`lr`) keep their names; no key may have a dot (the leaf renames could meet it). Blobs under one name
 * scope every `/` key shares (Caffe2's device scope, `gpu_0/res2_0_branch2a_bn_s`) are read without it,
 * the scope stripped first: read as a TensorFlow path instead, `gpu_0` became a block `gpu.0` and the blob
 * one segment whose suffix no leaf rule reads, so a BatchNorm's four vectors paired by order (s25-verify F1).
 */
export declare function readBlobNames(source: readonly KeyEntry[], target: readonly KeyEntry[]): BlobReading | null;
/** The parameter names read as PyTorch's, one rename per PyTorch name (`.w`/`.s` → `.weight`); also a TF scope path's (scope-paths.ts). */
export declare function leafRenames(leaves: ReadonlyMap<string, ReadonlySet<string>>, evidence: (what: string) => string): PlanOp[];
