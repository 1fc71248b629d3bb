/**
 * The module hierarchy a state dict's keys describe (`features.0.weight` → features › 0 › weight),
 * with tensor and element counts per subtree. Runs of numbered siblings with identical structure
 * (same child names, same tensor shapes) collapse into one node: `layers.0-11 (12 ×)`. Rendering is
 * left to the caller.
 */
export interface ModuleTensor {
    name: string;
    shape: number[] | null;
}
export interface ModuleNode {
    /** the key segment, or `0-11` for a collapsed run */
    name: string;
    /** the dotted prefix of this module (of the run's first member for a run); '' for the root */
    path: string;
    /** tensors directly in this module (`weight`, `bias`); for a run, those of one member */
    tensors: ModuleTensor[];
    /** submodules; for a run, those of one member */
    children: ModuleNode[];
    /** tensors in the whole subtree (all members of a run) */
    tensorCount: number;
    /** elements in the whole subtree (all members of a run); null if a shape is unknown */
    elements: number | null;
    /** set for a collapsed run of `count` identical members numbered first..last */
    repeat: {
        count: number;
        first: number;
        last: number;
        elementsEach: number | null;
    } | null;
}
export declare function moduleTree(entries: readonly {
    key: string;
    shape: number[] | null;
}[]): ModuleNode;
