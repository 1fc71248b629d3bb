import { type KeyEntry } from '../formats/keys.js';
/**
 * With the checkpoint beside a whole error text: a subtree of the file that is the model's missing subtree
 * under another prefix (`clip.visual.*` for the model's `model.clip.visual.*`, s22-mend5's leftover). The error
 * calls the model's keys missing and names none of the file's: a loader that filtered the state dict to the
 * model's keys dropped them, and the file's subtree "assumed matched" is the one the model misses.
 *
 * Found only when the pairing is whole and one to one: every missing key under one prefix has the file's key
 * under one other prefix with the same rest and the same shape (where both are known), the file holds no other
 * key under its prefix, the model none under its own that loaded, and exactly one file prefix does it. Anything
 * less stays a listed finding (build.ts's held-under-prefix note): a partial move would guess.
 */
export interface HeldSubtree {
    /** the file's prefix (`clip.visual.`) */
    from: string;
    /** the model's (`model.clip.visual.`) */
    to: string;
    /** the file's keys under `from`, in its order */
    keys: string[];
}
export declare function heldSubtree(source: readonly KeyEntry[], target: readonly KeyEntry[], missingKeys: readonly string[]): HeldSubtree | null;
