import type { Group, Node } from './modules.js';
interface RoleConvention {
    /** sibling name → its role; every name must be a sibling for the convention to hold */
    roles: Readonly<Record<string, string>>;
    /** names that must be siblings too, without a role of their own here (the attention beside two norms) */
    alongside?: readonly string[];
    why: string;
}
export declare const ROLE_CONVENTIONS: readonly RoleConvention[];
/**
 * The roles of sibling `names` (last segments, one parent) among all that parent's child names: the one
 * role each name has in every convention whose names are all present (and are no part of a larger one
 * present), distinct; null when a name has none, conventions disagree, or two names would share a role.
 */
export declare function rolesOf(names: readonly string[], siblings: ReadonlySet<string>): string[] | null;
/**
 * Look-alike siblings each side's names give the same roles (rolesOf), paired role to role, each pair's
 * tensors of equal shapes; null unless every unit of the group is so paired.
 */
export declare function knownRolePairs(g: Group, s: Node, t: Node): [Node, Node][] | null;
/** The node at `path` under `root` (root itself when equal), following children whose path leads there. */
export declare function descend(root: Node, path: string): Node | null;
export {};
