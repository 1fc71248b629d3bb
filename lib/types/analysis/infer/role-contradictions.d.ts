import { type GoalTokens } from './goal-tokens.js';
export interface Contradicted {
    source: string;
    target: string;
    /** the name most pairs of its role land on, and how many */
    usual: string;
    count: number;
    /** set where the role's pairs split over names no majority and no index decides: every name with its count */
    split?: string;
}
export declare function contradictedRoles(goals: ReadonlyMap<string, string> | GoalTokens): Contradicted[];
