/**
 * Every key's number, made once when inference starts (index.ts) and carried by the stages that act on
 * every pair (judge shapes → generalise → explain): a source key's number is its place among the sides'
 * source keys (Sides.sourceKeys), a model key's its position in the model's list (Located.pos). At
 * 1,000,000 keys, maps and sets keyed by whole key strings were most of those stages' own time and,
 * with the objects they hold, of the garbage collector's; arrays and bitsets indexed by these numbers
 * replace them. A number is read off a Located (its pos), never looked up by the key's text on a path
 * that runs per key.
 */
import { KeyTokens } from '../key-tokens.js';
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
 * Every key of both sides as tokens, numbered when inference starts (index.ts, beside `locate`), in the one
 * tokenizer's meaning of a segment and an index (key-tokens.ts' KeyTokens): a located key is split the
 * first time a stage reads it and never again, whichever stage reads it next (goal-tokens.ts first).
 * Split when first read, not all at `locate`: the first reader (generalise's goal pairs) reads only the
 * paired keys, and splitting every key of both sides up front cost more than it saved (a third more at
 * 100,000 keys of ViT, where a third of the model's keys are in no pair). A name that is no located key
 * (a pair re-pointed to a name the ops made) is split when asked, so the table answers for every name the
 * same way a table of its own would.
 */
export declare class KeyTable {
    private readonly sourceKeys;
    private readonly numbers;
    private readonly source;
    private readonly target;
    readonly tokens: KeyTokens;
    /** token number by key number on each side, -1 until the key is first read */
    private readonly sourceIds;
    private readonly targetIds;
    constructor(sourceKeys: readonly string[], numbers: KeyNumbers, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>);
    /** the token number of the source key numbered `n` (KeyNumbers.source) */
    sourceAt(n: number): number;
    /** the token number of the model key numbered `n` (KeyNumbers.target) */
    targetAt(n: number): number;
    /** the token number of a source key (its text as in `source`), added when it is none */
    sourceKey(key: string): number;
    /** the token number of a model key (its text as in `target`), added when it is none */
    targetKey(key: string): number;
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
