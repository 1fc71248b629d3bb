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
 * tensors of equal shapes; null unless every unit with a known name on the side with fewer of them is so
 * paired. Units without one are left to other evidence (OLMo-2's block holds four [d] norms on each side: HF's
 * `post_attention_layernorm`, `post_feedforward_layernorm` beside `self_attn.q_norm`, `self_attn.k_norm`, GGUF's
 * `post_attention_norm`, `post_ffw_norm` beside `attn_q_norm`, `attn_k_norm`: the roles pair the first two).
 */
export declare function knownRolePairs(g: Group, s: Node, t: Node): [Node, Node][] | null;
/** The node at `path` under `root` (root itself when equal), following children whose path leads there. */
export declare function descend(root: Node, path: string): Node | null;
/**
 * The role of each key of one side (a reader over that side's keys): the role of its deepest module whose name
 * has one role in the table (ONE_ROLE) and a convention holds among that module's siblings (rolesOf), null where none does. A key under `model.4.cv3.bn.`
 * beside `cv1`, `cv2` and `m` is the CSP layer's final conv; under `backbone.stage2.1.short_conv.` beside
 * `main_conv`, `final_conv` and `blocks` the short branch. Each module's role is read once, when the reader is made;
 * a key's is then a look-up per segment of one role.
 */
export declare function keyRoles(keys: Iterable<string>): (key: string) => string | null;
export {};
