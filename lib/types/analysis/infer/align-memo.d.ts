/**
 * Module alignment's work divided by repetition (issue 14): a deep model is the same block thousands of
 * times (SD's `input_blocks.N.M` resnets and transformers, each against a diffusers `resnets.J` or
 * `attentions.J`), and align() of two modules reads nothing but what lies below them, relative to them.
 * So align() of a pair of modules whose subtrees are, relative to their own paths, the same as a pair
 * aligned before gives the same pairs with those paths in front: it is run once per such class and
 * replayed for the rest, strings only for the output.
 *
 * Why a replay is exact. A node's form (formOf) is equal for two nodes exactly when their subtrees are the
 * same below them: every key's path relative to the node, its dtype, shape and kind, in the same order,
 * and the children of every node listed in the order their keys come, none interleaved with a sibling's
 * (a node whose children interleave, or that is a key and holds keys, has no form and is never replayed).
 * What align(s, t) reads, and why the form and the memo key fix it:
 *   - names: only below s and t (relative paths, unit words, indexed slots, sibling names, roles), all in
 *     the forms; s's and t's own last segment is in the key (an index as '#': only the parent reads it);
 *   - kinds, signatures and `below` sets: functions of the kinds below, in the forms; shapes and dtypes
 *     (canCorrespond, costs) likewise;
 *   - order: comparisons of `pos` between nodes of one side below s (or t). With no interleaving, which
 *     of two nodes comes first, or whether one holds the other's first key, follows from the tree;
 *   - blockOf(path) of units: a block inside the subtree (relative, in the form), or else the deepest
 *     indexed module above the unit outside it, which is the same for every unit of the call; its
 *     strings are only compared for equality, except that '' (no numbered block) is skipped
 *     (orderRejudged): whether s's and t's paths hold an index is in the key;
 *   - the confidence and parentReordered it is called with, in the key; out.sortedByName, fixed per run;
 *   - out.confidence and out.decided are set by every align() before anything reads them.
 * What it writes is kept as text relative to s and t: pairs and reordered targets. A call that lists a
 * tie, withholds keys or leaves a group open (whose nodes precedents settle later) is never replayed:
 * those hold nodes and texts not kept relative. Checked by test/analysis/infer/align-memo.test.ts,
 * which aligns with and without the memo, and by plan-hashes at 10k, 30k and 100k keys.
 */
import type { KeyPair } from './types.js';
/** what align() needs of a tree node here (modules.ts's Node) */
export interface FormNode {
    path: string;
    key: {
        key: string;
        dtype: string | null;
        shape: readonly number[] | null;
    } | null;
    children: readonly FormNode[];
    pos: number;
    kind?: string;
    /** formOf's answer, once asked (a field, not a map: every node of both trees is asked at scale) */
    form?: number;
    /** the last position of a key below it, set with `form` */
    last?: number;
}
/** the output align() writes to, as far as a replay reads and writes it */
export interface AlignOut {
    pairs: KeyPair[];
    ties: unknown[];
    withheld: unknown[];
    open: unknown[];
    reorderedTargets: string[];
}
/** One run's memo: the nodes' forms and align()'s replayable results by the forms it was called with. */
export declare class AlignMemo {
    private readonly replays;
    private readonly root;
    private count;
    private readonly results;
    /** `replays` false: every call aligned for real (the tests' reference) */
    constructor(replays?: boolean);
    /**
     * align(s, t) through the memo: `run` aligns for real. Leaves and the trees' roots are aligned as
     * they are (a leaf pair is cheaper to align than to look up; a root is aligned once).
     */
    align(s: FormNode, t: FormNode, out: AlignOut, confidence: number, parentReordered: boolean, run: () => void, outerBlock: (path: string) => boolean): void;
    /**
     * The node's form: an id equal for two nodes whose subtrees are the same relative to them (see the
     * file's comment), NO_FORM where its children interleave or it is a key that holds keys.
     */
    formOf(n: FormNode): number;
}
