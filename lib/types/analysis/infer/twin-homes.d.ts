import { type Group, type Node } from './modules.js';
/**
 * The named child of `parent` a unit lies under: the first segment of its path below the parent;
 * '' where that segment is an index (a member of the parent's own sequence: one child for all).
 */
export declare function childOf(u: {
    path: string;
}, parent: {
    path: string;
}): string;
/** look-alikes one source child (or several) and its target child hold, with the nodes their names are read below */
export interface HomeCell {
    g: Group;
    s: Node;
    t: Node;
}
export interface HomeCells {
    /** order pairs the look-alikes of a cell */
    cells: HomeCell[];
    /** the source units whose child nothing singled out, with the target units no decided child claims: names alone decide */
    open: Group | null;
}
/**
 * Whether the parts already paired without order (unique signatures, names) come in another order on
 * the two sides: the module defines its children in its own order on each side.
 */
export declare function anchorsCross(anchors: readonly (readonly [Node, Node])[]): boolean;
/**
 * A group of look-alikes cut into cells by the children that hold them (see above), in a module whose
 * children the two sides define in another order. Null where the group lies in one child on each side
 * (a module's own parts, a sequence's members): order stands.
 */
export declare function cellsByHome(g: Group, s: Node, t: Node, anchors: readonly (readonly [Node, Node])[]): HomeCells | null;
