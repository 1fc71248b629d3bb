/**
 * `--emit hf`: a transformers `key_mapping` dict for `from_pretrained(..., key_mapping=...)`.
 * transformers tries the patterns in dict order and applies only the FIRST one that matches a key
 * (`re.subn`, every occurrence), unlike a plan's pipeline. So keys that several ops touch get one
 * composed entry, and the result is checked against the plan's mapping by simulating those
 * semantics; any key the dict would still get wrong gets an exact entry placed first.
 * Drops, transposes, reshapes, rope row permutes, splits and joins cannot be said in a key_mapping: they are listed as comments.
 */
import type { Plan } from '../plan/types.js';
/** One key_mapping entry in plan spelling (`$1` replacements). */
export interface HfEntry {
    pattern: string;
    replacement: string;
}
export interface HfKeyMapping {
    entries: HfEntry[];
    /** ops (and keys) a key_mapping cannot express */
    notExpressible: string[];
}
/** transformers' semantics: the first entry whose pattern matches is applied everywhere it matches. */
export declare function applyHfKeyMapping(entries: readonly HfEntry[], key: string): string;
/**
 * What the printed dict literal holds: a pattern given twice keeps its first position and takes the
 * last value (as a JS Map does on set), so the self-check judges what transformers will read.
 */
export declare function asPythonDict(entries: readonly HfEntry[]): HfEntry[];
/** The plan's ops a key_mapping cannot carry at all (a tensor op, a drop): what loads without them is not the plan's result. */
export declare function hfUnexpressed(plan: Plan): string[];
export declare function hfKeyMapping(plan: Plan): HfKeyMapping;
export declare function emitHf(plan: Plan, caveats?: readonly string[]): string;
