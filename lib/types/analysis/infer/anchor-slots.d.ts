/**
 * Look-alike named siblings whose names say nothing (every pairing of the group costs the same by names and
 * shapes: `q_proj`, `o_proj` against two opaque tokens; two norms; `img_*` and `txt_*` streams) used to be
 * paired by their order of definition alone. Order is the authors' choice: a model that defines its output
 * projection first, or its text stream before its image stream, gets a swap that loads without a word in
 * torch (issue 11: "a pair is proposed only when the evidence singles it out"). Order is evidence only
 * where structure pins it: the module's parts paired without order (each the only one of its signature on
 * both sides, or named alike) are anchors, and a look-alike is placed by the slot the anchors leave it —
 * how many of them come before it on its side (`norm1` before the unique `attn`, `norm2` after it, on both
 * sides). The anchors themselves come in the same order on both sides (modules.ts checks that before: a
 * module whose anchors cross pairs its look-alikes by names alone), so a slot is the same place on both.
 * A look-alike alone in its slot on each side is placed there; several in one slot are ordered by nothing
 * but their definition, and are left to be listed with their candidates.
 */
import type { Group, Node } from './modules.js';
/** How many of the ascending `sorted` are below `x` (binary search: a module can hold thousands of anchors and look-alikes). */
export declare function countBelow(sorted: readonly number[], x: number): number;
/**
 * The pairs of `g` the anchors place (each the one look-alike of the group in its slot on both sides);
 * `anchors`: the module's parts paired by anything but order, [source, target].
 */
export declare function pairedByAnchors(g: Group, anchors: readonly (readonly [Node, Node])[]): [Node, Node][];
