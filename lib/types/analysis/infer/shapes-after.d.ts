import { type PlanOp } from '../op-vocabulary.js';
import type { SizeMismatch } from './index.js';
import type { Located } from './types.js';
/**
 * Target keys the ops produce with another shape than the model's, as size mismatches (the shape after
 * the ops on the checkpoint's side), except those in `known` (already said: another size, a position
 * table). mapping: what the ops make of each key's name (settle's); read when every op is a name op.
 */
export declare function shapesAfterOps(ops: readonly PlanOp[], sourceKeys: readonly string[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, mapping: Readonly<Record<string, string | string[] | null>>, known: ReadonlySet<string>, 
/** what the plan's leading name ops name the keys, beside sourceKeys (op-keys' visitOutputs `start`) */
named?: {
    done: number;
    names: readonly (string | string[] | null)[];
}): SizeMismatch[];
