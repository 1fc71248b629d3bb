/**
 * Every key's number, made once when inference starts (index.ts) and carried by the stages that act on
 * every pair (judge shapes → generalise → explain): a source key's number is its place among the sides'
 * source keys (Sides.sourceKeys), a model key's its position in the model's list (Located.pos). At
 * 1,000,000 keys, maps and sets keyed by whole key strings were most of those stages' own time and,
 * with the objects they hold, of the garbage collector's; arrays and bitsets indexed by these numbers
 * replace them. A number is read off a Located (its pos), never looked up by the key's text on a path
 * that runs per key.
 */
import type { Located } from './types.js';
export declare class KeyNumbers {
    /** model keys by number: holes at the positions of a key the model lists twice (its later entries) */
    readonly targetKeys: readonly string[];
    /**
     * source number by a source entry's position, where the file lists a key twice (positions then skip
     * numbers); null: every position is the key's number
     */
    private readonly sourceAt;
    constructor(source: ReadonlyMap<string, Located>, sourceKeys: readonly string[], target: ReadonlyMap<string, Located>, targetEntries: number);
    /** the source entry's number: its index in Sides.sourceKeys */
    source(e: Located): number;
    /** the model entry's number */
    target(e: Located): number;
}
/**
 * The model keys the plan's ops give a tensor (generalise's settle): a bit per model key by its number,
 * where a set of 1,000,000 names and the look-ups of every model key in it were settle's and explain's
 * largest items; listed in the order first given, as a set would iterate them.
 */
export declare class ProducedTargets implements Iterable<string> {
    private readonly target;
    private readonly numbers;
    private readonly marks;
    private readonly order;
    constructor(target: ReadonlyMap<string, Located>, numbers: KeyNumbers);
    /** Marks `name` given when the model expects it; false when it does not. */
    add(name: string): boolean;
    has(name: string): boolean;
    /** is the model entry given a tensor (by its number: no look-up by name) */
    hasEntry(e: Located): boolean;
    get size(): number;
    [Symbol.iterator](): Iterator<string>;
}
