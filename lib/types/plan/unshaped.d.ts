import type { KeyEntry } from '../formats/keys.js';
export interface UnshapedHead {
    /** the head's module (`head`) and its keys in the model (`head.weight`, `head.bias`) */
    module: string;
    keys: string[];
    /** the checkpoint's own name of the head's weight (`head.weight` that the plan writes to the model's `lm_head.weight`): what "the checkpoint's" names (review 25 F13g) */
    checkpointKey: string;
    /** the checkpoint's weight shape: its first dim is the class count */
    shape: number[];
    /** the public dataset or library default with that class count (key-roles.ts CLASS_COUNT_ROWS), or null */
    known: string | null;
    /**
     * the public dataset with that class count (key-roles.ts datasetOfCount), or null: a head trained on a public
     * dataset (ImageNet-21k's 21841 classes) is a pretraining head, which a model built for classes of its own refuses
     */
    dataset: string | null;
    /** an LM's output over its vocabulary (`lm_head`): its rows are tokens, not classes (review24 F10) */
    vocabulary: boolean;
}
export interface UnshapedTargets {
    /** keys the plan writes whose shape in the model nothing gives */
    count: number;
    /** the checkpoint's classifier head among them, when it is one */
    head: UnshapedHead | null;
}
/**
 * `produced`: model key → the checkpoint entry the plan writes to it. Null when every written key's model
 * shape is known (nothing to say).
 */
export declare function unshapedTargets(target: readonly KeyEntry[], produced: ReadonlyMap<string, KeyEntry>): UnshapedTargets | null;
/**
 * The head among the unshaped targets when its class count is a public dataset's (ImageNet-21k's 21841), or null:
 * a strict load is then not shown to succeed (a model built for classes of its own refuses it), so plan and
 * explain exit 1, as apply does on the output (apply-target.ts).
 */
export declare function unshapedDatasetHead(u: UnshapedTargets | null | undefined): {
    module: string;
    keys: string[];
    classes: number;
    dataset: string;
} | null;
