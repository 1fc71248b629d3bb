/**
 * Containers a training framework keeps a standard network in, whose names no model outside that framework
 * has: keys under one are a checkpoint of the framework, and the network inside loads once the container's
 * name (and what holds it) is stripped. Knowledge as data, one row per framework, with its source.
 */
export interface TrunkContainer {
    /** the container's own segment, matched with whatever holds it before (`base_model.`, `trunk.`) */
    segment: string;
    who: string;
    why: string;
}
export declare const TRUNK_CONTAINERS: readonly TrunkContainer[];
/**
 * The prefix every key carries up to and including one framework container (`base_model._feature_blocks.`),
 * with its row; null unless all keys share that one prefix and go on after it.
 */
export declare function trunkContainerPrefix(keys: readonly string[]): {
    prefix: string;
    row: TrunkContainer;
} | null;
