/**
 * Step 6c: drop ops for the tensors the plan discards, as few as possible: the widest module prefix
 * (`^head\.`), a name ending (`(^|\.)num_batches_tracked$`, `(^|\.)attn\.masked_bias$`) or an
 * indexed template (`^h\.\d+\.attn\.bias$`) that matches only discarded keys, else the exact key.
 */
import type { PlanOp } from '../op-vocabulary.js';
type DropOp = Extract<PlanOp, {
    op: 'drop';
}>;
export interface DropRequest {
    /** the key's name at this point of the ops */
    name: string;
    source: string;
    /** `shape [a] vs [b]`, or '' when the key has no counterpart at all */
    detail: string;
    /** `classifier of another class count` */
    why: string;
    /**
     * the pattern of the role that makes it droppable (`_slot_(?:v|vr|vc|m)$`, key-roles.ts), when one
     * does: a form of its own, which names every such key in one op however their names differ before it
     */
    rolePattern?: RegExp;
}
/** universe: every key name at this point of the ops; exact: name the keys, never a wider form. */
export declare function findDropOps(requests: readonly DropRequest[], universe: readonly string[], exact?: boolean): {
    ops: DropOp[];
    covers: string[][];
};
export {};
