import { type Group, type Node } from './modules.js';
/**
 * Pairs of the group's units `left` (source) and `free` (target) whose namesakes correspond: the source
 * unit's namesake went (every decided pair from inside it) to the very sibling the target unit is named
 * after, and no other unit of either side claims that sibling.
 */
export declare function byNamesakes(g: Group, left: readonly Node[], free: readonly Node[], s: Node, t: Node, decided: readonly (readonly [Node, Node, ...unknown[]])[]): [Node, Node][];
