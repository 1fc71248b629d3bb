export interface RenameCandidate {
    pattern: string;
    replacement: string;
    /** segments every name the pattern matches contains (to find those names fast) */
    literals: string[];
}
/** Renames that make progress on the pair current → target now. */
export declare function proposeRenames(c: readonly string[], t: readonly string[], out: (cand: RenameCandidate) => void): void;
/** The last resort: this one name, exactly. */
export declare function exactRename(c: string, t: string): RenameCandidate;
