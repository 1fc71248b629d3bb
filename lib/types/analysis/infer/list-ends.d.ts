import { type Ambiguity, type Located } from './types.js';
/**
 * The ambiguities of a list one member longer or shorter at its end, where exact names kept the rest:
 * `unmapped` the model's keys nothing becomes, `unpaired` the checkpoint's keys the plan drops or leaves.
 */
export declare function listEnds(unmapped: readonly string[], unpaired: readonly string[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, mapped: (sourceKey: string) => unknown): Ambiguity[];
