export interface Contradicted {
    source: string;
    target: string;
    /** the name most pairs of its role land on, and how many */
    usual: string;
    count: number;
}
export declare function contradictedRoles(goals: ReadonlyMap<string, string>): Contradicted[];
