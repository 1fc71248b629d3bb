import type { Located } from './types.js';
export interface Template {
    /** the template string, e.g. `layers.{}.attention.wq.weight` */
    name: string;
    placeholders: number;
    /** instances sorted by their index values */
    instances: {
        entry: Located;
        indices: number[];
    }[];
    /** the instances' index values, for "same index structure" */
    indexSignature: string;
    /** the instances' shapes up to transpose, for blocking */
    shapeSignature: string;
    words: string[];
    firstPos: number;
}
export declare function numericCount(key: string): number;
/** The template of `key` keeping its first `keep` numeric segments as placeholders. */
export declare function templateAtLevel(key: string, keep: number): {
    name: string;
    indices: number[];
};
/** One key as an instance of its template at a level: what grouping and matching read of it. */
interface Instance {
    entry: Located;
    indices: number[];
    /** the template's name (one string per template: interned) */
    name: string;
    /** shapeClass(entry) */
    shape: string;
}
/**
 * Keys' templates at one level, each computed once: matching groups the same keys at the same level
 * several times, over 100,000 keys and more. Levels are visited from the most placeholders down, so
 * only the level in use is kept (a memo of every level on every key held ~1 KiB per key at scale),
 * and the instance objects themselves are kept, so regrouping allocates nothing per key. Template
 * names and shape classes are interned: 250,000 keys of one template share one string, not 250,000 copies.
 * What a key is at every level (KeyFacts) is read off its text once, when first asked.
 */
export declare class TemplateCache {
    private level;
    /** each key's instance at the level (built by `at` for a key of fewer indices than the level: grouping skips those) */
    private readonly instances;
    /** each key's facts, kept across levels */
    private readonly facts;
    /** full templates (every index a placeholder) by number, and their numbers by name */
    private readonly fulls;
    private readonly fullIds;
    /** the full templates by templateHash (as byHash below, across levels) */
    private readonly fullByHash;
    private readonly names;
    /**
     * the level's template names by templateHash, read off a key in place: a key whose template is already
     * known is matched against it without writing its name out (a string built, flattened and hashed per key
     * per level was most of grouping's time at 100,000 keys: the keys are a few dozen templates). Only keys
     * that spell a placeholder themselves come here; the others go by their facts (byTail).
     */
    private readonly byHash;
    /** the level's template names by a hash of (full template, the indices past the level): [full, ...those indices, name] rows */
    private readonly byTail;
    /** shape classes, interned like names: a handful of strings for 1,000,000 keys, kept across levels */
    private readonly shapes;
    private enter;
    /** How many index segments the key has (numericCount), from its facts. */
    indexCount(e: Located): number;
    at(e: Located, keep: number): Instance;
    /**
     * The key's instance at level `keep`, or null when it has fewer numeric segments than that: grouping
     * skips it, and no template is built for it. A level above most keys' (Whisper's 2, where its
     * blocks have one index) would otherwise build one for every key of both sides, 200,000 at scale.
     */
    grouped(e: Located, keep: number): Instance | null;
    private factsOf;
    private make;
    /** the level's one string of this name */
    private intern;
    /** The instance read off the key's text at this level (a key spelling a placeholder: its full template is no answer). */
    private makeInPlace;
}
/** Whether `name` is templateAtLevel(key, keep).name, compared in place. */
export declare function isTemplateOf(key: string, keep: number, name: string): boolean;
/** Templates at level `keep` of the keys with at least `keep` numeric segments. */
export declare function groupTemplates(entries: Iterable<Located>, keep: number, cache?: TemplateCache): Template[];
/** Templates that may correspond share this: placeholder count, index values, shapes up to transpose. */
export declare function blockKey(t: Template): string;
/** Placeholder count and index values: what templates must share whatever their shapes. */
export declare function structureKey(t: Template): string;
/**
 * Some instance's shape is not known (a key named by an error text): its template may correspond to
 * templates of any shape, so it cannot be put in a block by shape.
 */
export declare function hasUnknownShape(t: Template): boolean;
export {};
