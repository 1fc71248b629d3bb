import { type OutputTensor } from '../analysis/op-keys.js';
import { type PlanOp } from '../analysis/op-vocabulary.js';
import type { KeyEntry } from '../formats/keys.js';
export interface ShapeContradiction {
    /** the key the ops write */
    key: string;
    /** the shape the ops give it */
    have: number[];
    /** the shape EXPECTED gives it */
    want: number[];
    /** `ops[i] (…)`: the op that last gave it its shape; null when it is the source tensor's own shape */
    op: string | null;
    /** the source keys it is made from */
    from: string[];
}
/** `run`: what applyOpsToKeys(ops, source) gave (its outputs, and its errors: ops that failed changed nothing). */
export declare function shapeContradictions(ops: readonly PlanOp[], source: readonly KeyEntry[], run: {
    outputs: readonly OutputTensor[];
    errors: readonly string[];
}, expected: readonly KeyEntry[]): ShapeContradiction[];
