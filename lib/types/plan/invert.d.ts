import type { KeyEntry } from '../formats/keys.js';
import type { Plan } from './types.js';
export interface Inversion {
    plan: Plan;
    /** ops that lose information: each drop, with the source keys it removes */
    lost: {
        op: string;
        keys: string[];
    }[];
}
/**
 * The inverse of `plan` over its source keys (`source`: with shapes and dtypes when the checkpoint was
 * given, else names only). Throws FormatError('', why) when an op cannot be inverted.
 */
export declare function invertPlan(plan: Plan, source: readonly KeyEntry[], planFile: string): Inversion;
