import type { KeySource } from '../checkpoint/key-source.js';
import type { Checkpoint, KeyPath } from '../checkpoint/types.js';
import type { ErrorReport } from '../formats/error-text.js';
import type { KeyEntry } from '../formats/keys.js';
import type { ManifestMegatron } from '../formats/manifest.js';
import { type Candidate, type Selection } from './select.js';
/**
 * One side of a comparison, reduced to what the analysis needs: the keys (in file order) of the
 * chosen state dict, and how it was chosen. Error texts stay reports: they describe a comparison
 * rather than a key set, so the caller decides how to use them.
 */
export interface ResolvedSide {
    file: string;
    kind: KeySource['kind'];
    /** keys of the chosen state dict; for an error text, the keys it names (unexpected + size-mismatched at checkpoint shapes) */
    entries: KeyEntry[];
    /** the chosen state dict's path, for checkpoints */
    selected: KeyPath | null;
    selection: Selection | null;
    /** keys of the chosen dict whose values are not tensors */
    nonTensor: string[];
    report: ErrorReport | null;
    checkpoint: Checkpoint | null;
    /** a manifest's keys that share one storage (its `tied` field); absent or null: it does not say */
    tied?: string[][] | null;
    /** a manifest's Megatron args (its `megatron` field); absent or null: it does not say */
    megatron?: ManifestMegatron | null;
    /** a manifest's module classes (its `modules` field); absent or null: it does not say */
    modules?: ReadonlyMap<string, string> | null;
}
export interface SideOptions {
    /** `--select` for the source side (`trainer/var_wo_ddp`) */
    select?: string;
    /** `--select-expected` for the expected side */
    selectExpected?: string;
}
export declare function candidatesOf(ckpt: Checkpoint): (Candidate & {
    nonTensor: string[];
})[];
/**
 * Resolve both sides. The expected side is settled first (by name and size, or `--select-expected`),
 * then the source's state dict is the one that best explains it — or, against an error text, the
 * one that could have produced that error.
 */
export declare function resolveSides(source: KeySource, expected: KeySource, opts?: SideOptions): {
    source: ResolvedSide;
    expected: ResolvedSide;
};
