import type { Ambiguity, KeyPair, Located, Pool } from './types.js';
/**
 * Above this many keys on a side, module alignment is skipped: templates handle regular giants — unless
 * the layout is renumbered (renumberedAtScale), which templates cannot carry.
 */
export declare const MODULE_ALIGN_MAX_KEYS = 20000;
/**
 * Whether most keys' index tuples (`blocks.3.attn.qkv` → `3`) are missing from the other side's (as a
 * multiset): the blocks were renumbered, not renamed, so templates, which carry indices over, cannot
 * pair them and module alignment must, whatever the size (templates failed there: LeViT at 30,000 keys
 * paired a third of its keys wrongly in 180 s; module alignment pairs all 100,000 right). One pass.
 */
export declare function renumberedAtScale(pool: Pool): boolean;
export interface Node {
    path: string;
    /** the key this node is, when it is one */
    key: Located | null;
    children: Node[];
    /** signature id (equal ids: same multiset of tensor kinds) */
    sig: number;
    /** first position of a key under it (state-dict order) */
    pos: number;
    /** every signature id in its subtree, itself included (a leaf's is shared with its look-alikes: read only) */
    below: ReadonlySet<number>;
    /** how many keys it holds */
    size: number;
    /** for a key, what its tensor is (tensorKind), as its signature counts it */
    kind?: string;
    /** its form and the last position of a key below it, once module alignment's memo asked (align-memo.ts) */
    form?: number;
    last?: number;
}
/**
 * The segment a tree's node was found by below its parent: its path's last (segments hold no dot). Read
 * from the path, not kept on the node: a string per node of both trees, 200,000 at 100,000 keys a side.
 */
export declare function segmentOf(n: Node): string;
/**
 * What a tensor is, name aside: its shape class and parameter kind (`in_proj_weight` is a weight).
 * A norm's gain is a weight under any of its names; with `unnamedAreWeights` (a TensorFlow checkpoint,
 * whose variables are named by role: `SelfAttention.k`, `kernel`) any other tensor of two or more dims
 * is what PyTorch calls `k.weight`.
 */
export declare function tensorKind(e: Located, unnamedAreWeights: boolean): string;
/**
 * tensorKind of dotted keys, remembered by what it reads of them: their last segment, dtype and shape. A
 * key of a kind already seen is found by a hash of those read in place and compared, with no string built
 * (three per key, and a look-up of the third, were most of a tree's signatures at 100,000 keys: a model's
 * keys are a few hundred kinds). A key without a dot may be a Caffe2 blob name, whose leaf is read from the
 * whole name (leafName): read as before.
 */
export declare function kindReader(unnamedAreWeights: boolean): (e: Located) => string;
export interface Group {
    s: Node[];
    t: Node[];
}
/** what aligning two trees finds: pairs, and look-alike siblings nothing tells apart */
export interface Aligned {
    pairs: KeyPair[];
    /** listed with their candidates (the first few of each) */
    ties: Ambiguity[];
    /** every key of those ties, both sides: no weaker step may pair them by a guess */
    withheld: string[];
    /** model modules whose parts the two sides are seen to define in another order: there order is no evidence */
    reorderedTargets: string[];
}
/** which sides list their tensors sorted by name (natural-order.ts) */
export interface SortedSides {
    source: boolean;
    target: boolean;
}
/**
 * Whether a module's parts are listed in another order on the other side, which makes their order of
 * definition no evidence for telling look-alikes apart: the siblings already paired one to one (each
 * the only one of its signature on both sides) come in another order, or they cut the two sides into
 * slots that the look-alikes of a group do not fill alike (OpenAI Whisper's `query` comes before the
 * unique `key`, HF's `q_proj` after `k_proj`).
 */
/**
 * The groups of look-alikes of a module (and its unique parts) come in another order on the two sides,
 * each group placed by its first unit: where no unique part stands between them to show it (a LLaMA
 * layer is all look-alikes: four [d, d] projections, three MLP matrices, two norms), the order of the
 * groups still shows whether the module's parts are defined in the same order.
 */
export declare function groupsCrossed(groups: readonly Group[]): boolean;
export declare function reorderedAround(anchored: readonly (readonly [Node, Node, number])[], twins: readonly Group[]): boolean;
/**
 * Where most of each source block went: block path → the target block that holds a strict majority
 * of its units' keys' counterparts (none when no destination has one: no vote, no penalty).
 */
export declare function blockHomes(pairs: readonly (readonly [{
    path: string;
    size: number;
}, {
    path: string;
}, ...unknown[]])[]): Map<string, string>;
/**
 * Pairs found by aligning the module trees of what is left in the pool, keys with shapes only. Empty
 * when a side is too large (then templates match it) or when the two sides share no module at all.
 */
export declare function matchModules(pool: Pool, unnamedAreWeights?: boolean): KeyPair[];
/** matchModules, with the look-alike siblings it left unpaired because nothing told them apart (listed, never guessed). */
export declare function alignModules(pool: Pool, unnamedAreWeights?: boolean, sortedByName?: SortedSides, replays?: boolean): Aligned;
