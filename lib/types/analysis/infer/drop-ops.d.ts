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
    /** dropped for having no counterpart in the model (judge-shapes.ts): its drop op says so in `no_counterpart` */
    noCounterpart?: true;
    /**
     * the pattern of the role that makes it droppable (`_slot_(?:v|vr|vc|m)$`, key-roles.ts), when one
     * does: a form of its own, which names every such key in one op however their names differ before it
     */
    rolePattern?: RegExp;
}
interface Form {
    pattern: string;
    /** a name matches when this holds (cheaper than the regex, same meaning) */
    test: (name: string) => boolean;
    /** wider forms first on equal coverage */
    rank: number;
    /** a module prefix (rank 0): the text every name it matches starts with, up to a dot of the name */
    prefix?: string;
    /** a name ending (rank 1): the last `endingSegments` segments of every name it matches, joined */
    ending?: string;
    endingSegments?: number;
}
export declare function formsOf(name: string, role?: RegExp): Form[];
/**
 * The forms that match a name of `universe` not in `wanted` (such a form is unsafe). A few forms are each
 * tested over every name; more (a drop per block of a flat list at 1,000,000 keys: one prefix form per
 * block, a scan of every name each) are found from the names once: each name's prefixes up to a dot and
 * its last segments looked up among the forms' (the same answers as their tests: a prefix form's text
 * ends in a dot, so a name starts with it exactly when it is the name up to one of the name's dots; an
 * ending of n segments is a name's last n segments exactly when the name is it or ends in `.` and it),
 * only the other forms (roles, indexed templates) tested name by name.
 */
export declare function matchingOthers(forms: readonly Form[], universe: readonly string[], wanted: ReadonlySet<string>): Set<Form>;
/** universe: every key name at this point of the ops; exact: name the keys, never a wider form. */
export declare function findDropOps(requests: readonly DropRequest[], universe: readonly string[], exact?: boolean): {
    ops: DropOp[];
    covers: string[][];
};
export {};
