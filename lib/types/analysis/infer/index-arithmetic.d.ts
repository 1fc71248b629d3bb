export interface ArithmeticProposal {
    pattern: string;
    replacement: string;
    /** the ids (caller's numbering) it is meant to move */
    ids: number[];
    /**
     * a target index is computed from a source index (an offset, a floor division, a modulo) or carried
     * to a name it was not glued to (`s1` → `layer1`): what the general renames cannot say, so it goes
     * before them; the rest only helps what they leave
     */
    arithmetic: boolean;
}
/**
 * Proposals for the pairs (name now → goal) rename-ops could not generalise. Pairs whose heads carry
 * no index on either side, or groups of one, are left to exact renames.
 */
export declare function arithmeticRenames(pairs: readonly {
    id: number;
    name: string;
    goal: string;
}[]): ArithmeticProposal[][];
