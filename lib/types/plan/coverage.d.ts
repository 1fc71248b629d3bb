import type { KeyEntry } from '../formats/keys.js';
import type { Plan } from './types.js';
export interface Coverage {
    /** the plan covers the expected keys exactly */
    exact: boolean;
    sources: number;
    expected: number;
    /** source keys a drop op removes */
    dropped: string[];
    /** expected keys the plan leaves missing on purpose (keepMissing) */
    keptMissing: string[];
    /** expected keys nothing writes and nothing declares */
    missing: string[];
    /** source keys left under a name the model does not expect: source → that name */
    unexpected: {
        source: string;
        name: string;
    }[];
    /** the ops' own problems (an op matching nothing, two tensors on one key) and mapping disagreements */
    errors: string[];
}
export declare function planCoverage(plan: Plan, expected: readonly KeyEntry[]): Coverage;
