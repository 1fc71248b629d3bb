/**
 * Look-alikes one side nests under the part they go with and the other numbers beside it. Caffe2's
 * ResNet blobs hold `branch2a.bn` under `branch2a`, whose weight is mmdet's `conv1`; mmdet numbers the
 * norms `bn1`, `bn2` beside `conv1`, `conv2`. The two norms are one shape and the side is sorted by name,
 * so neither order nor shape tells them apart, and names mislead (`branch2a` carries the `2` of `bn2`).
 * But the part a nested unit sits under was paired already (its weight is `conv1`), and the target names
 * its parts as numbered partners (`conv1`, `bn1`: another stem, the same number): the one target
 * look-alike whose number is that anchor's, and whose stem is another, is the unit's partner. A unit is
 * pinned only where its anchors agree on one number and exactly one look-alike carries it, and no other
 * unit is pinned to that look-alike; what is left goes on to names alone (modules.ts singledOut).
 */
import type { Group, Node } from './modules.js';
/**
 * The (source unit, target unit) pairs of `g` that partners single out, given the pairs `solved` so far
 * in this module (s, t the aligned parents).
 */
export declare function partnersByNumber(g: Group, s: Node, t: Node, solved: readonly (readonly [Node, Node, ...unknown[]])[]): [Node, Node][];
