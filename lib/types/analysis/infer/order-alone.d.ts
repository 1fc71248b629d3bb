/** one chosen pair: its two templates' names and a key of each (the roles table reads keys) */
export interface ChosenPair {
    source: string;
    target: string;
    sourceKey: string;
    targetKey: string;
}
/** each side's key roles by the roles table (role-names.ts keyRoles) */
export interface SideRoles {
    source: (key: string) => string | null;
    target: (key: string) => string | null;
}
/**
 * Whether nothing but the order of definition chose `a` and `b` over their swap, given that their swap fits as
 * well by shapes and names (the caller's test): both sides' templates are siblings named apart, no known role
 * backs either pair, and no enumeration or place pairs them as chosen.
 */
export declare function orderAloneChose(a: ChosenPair, b: ChosenPair, roles?: SideRoles): boolean;
