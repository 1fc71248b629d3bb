/**
 * Step 7: how sure each op is and what it rests on, in the words of the issue ("32 keys, shapes
 * equal, order preserved"). An op is as sure as the pairs it moves, on average.
 */
import type { Located } from './types.js';
import type { KeyNumbers } from './key-numbers.js';
import { type ShapeRelation } from './shapes.js';
/**
 * Every confidence constant of plan inference, in one place, each with the reason for its value. A
 * confidence is 0..1 and orders evidence: `--min-confidence` withholds what falls below it, and the
 * ordering is what matters (exact names above names equal up to spelling, above structure, above
 * similarity), not the absolute numbers. Derived formulas (prefix.ts, suffix.ts, template-score.ts,
 * fused.ts) start from and are capped by these.
 */
export declare const CONFIDENCE: {
    /** the same key on both sides: nothing is inferred */
    readonly exact: 1;
    /** names equal up to separators and known synonyms (`gamma` = `weight`): spelling, not a guess */
    readonly canonical: 0.95;
    /** a prefix rule: starts here and rises with the number of keys it explains (capped by prefixCap) */
    readonly prefixBase: 0.9;
    /** even a prefix over 100,000 keys is a rule read off the data, not the same name: stays below exact */
    readonly prefixCap: 0.99;
    /** what a prefix rule gains per doubling of the keys it explains (log2): more keys make a surer rule, slowly */
    readonly prefixStep: 0.02;
    /**
     * the share of a prefix rule's confidence kept when every shape both sides show disagrees: the names still
     * read alike (a shape vote weighs less than the names it sits under)
     */
    readonly prefixShapeFloor: 0.9;
    /** what the shapes' agreement adds above prefixShapeFloor, in proportion to the votes that agree */
    readonly prefixShapeShare: 0.1;
    /** the share kept when no key has a shape on both sides to vote: halfway between all disagreeing and all agreeing */
    readonly prefixNoShapes: 0.95;
    /** a whole module tree aligned by subtree signatures (shapes, relative keys, order) */
    readonly moduleTree: 0.9;
    /** per level of look-alike siblings paired by order alone (experts): each level leans on order more */
    readonly moduleOrderStep: 0.95;
    /** per level of siblings paired by name and order (Hungarian): nearly as sure as the level above */
    readonly moduleAssignStep: 0.97;
    /**
     * every checkpoint key is its model key minus the same number of leading characters (fixed-cut.ts):
     * a mechanical rule read off the data, but the characters cut are inferred, never seen
     */
    readonly fixedCut: 0.85;
    /** a Detectron2-style longest common dot-suffix: starts here, rises with the suffix's length */
    readonly suffixBase: 0.8;
    /** suffix matches never reach canonical names: they ignore everything before the suffix */
    readonly suffixCap: 0.95;
    /** what each dot-segment of the shared suffix beyond the shortest one accepted adds (suffix.ts MIN_SUFFIX) */
    readonly suffixStep: 0.05;
    /** a template match: base before name similarity, order and shapes add their share (template-score.ts) */
    readonly templateBase: 0.55;
    /** a template match is similarity, never certainty */
    readonly templateCap: 0.98;
    /** a template match's share from name similarity (0..1): the names weigh most, below certainty */
    readonly templateName: 0.25;
    /** its share from order (1 − the order distance): siblings in the same order agree, a weaker sign than names */
    readonly templateOrder: 0.1;
    /** its share from shapes equal on both sides */
    readonly templateShapesEqual: 0.07;
    /** its share from shapes transposed or reshaped alike: evidence, but a layout step the values cannot confirm */
    readonly templateShapesRelaid: 0.04;
    /** shapes that say nothing (a side without them) leave names and order alone to decide: less sure than any shape evidence */
    readonly templateShapesUnknown: -0.05;
    /** its share from the number of instances (log10, full at 10): a pattern seen in many places is surer */
    readonly templateInstances: 0.03;
    /** a fused tensor split or joined with both sides' shapes: starts here, rises with name similarity */
    readonly fusedBase: 0.75;
    readonly fusedCap: 0.95;
    /** what a fused split or join gains from name similarity (0..1), above fusedBase */
    readonly fusedSimilarity: 0.2;
    /** a fused tensor whose sizes rest on one side's shapes only (equal parts assumed) */
    readonly fusedAssumed: 0.6;
    /**
     * a whole cut into exactly what is left unpaired in the block its neighbours went to (FLUX's
     * linear1 → to_q/to_k/to_v/proj_mlp): sizes from both sides' shapes, but the order of unequal
     * parts rests on a convention (named q, k, v first), so below a named fusion
     */
    readonly fusedResidual: 0.7;
    /** a square Conv1D weight transposed because a same-named module's shape proves the layout */
    readonly squareTransposeByName: 0.6;
    /**
     * a square weight of a foreign checkpoint transposed because its leaf name's convention stores dense weights
     * [in, out] (dense-conventions.ts: TF-Slim `weights`, Haiku `w`; GPT-2's Conv1D names where the checkpoint's
     * non-square ones all show it): a rule of the library, so at the class line: one side's class does not withdraw it,
     * both sides' classes storing it alike do; below a name rule (no value checked)
     */
    readonly transposeByConvention: 0.85;
    /**
     * the line below which another reading of a square weight's layout (a transpose guessed from other weights) is a
     * guess that both manifests' classes replace, or that one side's class withdraws (class-layouts.ts, judge-shapes.ts)
     */
    readonly transposeByClass: 0.85;
    /**
     * the transpose itself where both manifests record the module's class and the classes store the weight in other
     * layouts (Conv1D [in, out], Linear [out, in]): a rule read off the two models, as a name rule is, so at the name
     * rules' level and above the guess line (review 23 F7: "a guess … paired by structure, similarity or order" was
     * not what it rests on). transposeByClass stays the line below which another reading is a guess the classes replace.
     */
    readonly transposeBothClasses: 0.95;
    /**
     * a top-level container renamed whole, every key below its first segment equal on both sides and
     * that set unique on each side (container-swap.ts): a rule read off the data, below prefix rules
     * because the renamed word is inferred from the set, not seen alike
     */
    readonly containerSwap: 0.85;
    /**
     * the one normalisation layer left in a container on each side, same parameters and running
     * statistics (sole-norm.ts): specific, but the names need not read alike, so below suffix matches
     */
    readonly soleNorm: 0.75;
    /** a drop: the key has no counterpart in a model whose every key is accounted for, or is a head of another size */
    readonly drop: 0.9;
    /**
     * a copy for a tied weight (lm_head ↔ embeddings, decoder.bias ↔ bias): the model lists the tensor
     * twice, the checkpoint once. ties.ts copies only where the target shows the tie (one storage under
     * both names: a torch-written checkpoint, or the `tied` field sdmatch_manifest.py reads off the
     * model's shared storage), so it is a rule read off the model, not a guess (review 22 F11: it was
     * 0.85, "a guess … paired by structure, similarity or order", of what torch's tie does exactly)
     */
    readonly tie: 0.95;
    /** one group of tensors that differ only in an index 0..n−1 fits a stacked tensor's shape and layer */
    readonly stackUnique: 0.85;
    /**
     * several such groups fit alike and each one's own words name one target (`gate_proj` experts →
     * `ffn_gate_exps`), or a known convention gives both sides roles (`w1` = gate): names read; below stackUnique, which shapes alone decide
     */
    readonly stackByName: 0.8;
    /**
     * groups stacked, then joined along the next dim (transformers v5's `gate_up_proj` of w1 and w3): each
     * group fits as a stack does, their sizes add up exactly, and the whole's name lists the parts in
     * order — as specific as one stack, but the order rests on a naming convention, not on shapes
     */
    readonly stackJoined: 0.8;
    /**
     * Caffe2 blob names read as module paths (`res2_0_branch2a_w` → `res2.0.branch2a.weight`,
     * blob-names.ts): how Detectron's own converters read them, a fixed convention rather than a guess,
     * but it rests on every underscore being a separator, which a blob name cannot confirm
     */
    readonly blobNames: 0.9;
    /**
     * TensorFlow scope paths read as state_dict keys (scope-paths.ts: `/` → `.`, `name_NNN` → `name.N`): the
     * same names in TensorFlow's spelling, rewritten by a fixed rule, nothing inferred; as sure as the same key
     */
    readonly scopePaths: 1;
};
/**
 * The pairs acted on, as judge-shapes made them: what the ops moving a source key are judged by — the
 * pair's confidence, its shapes compared (shapes.ts) and its order (source position × POS_SPAN + target
 * position, packed in one double). Held by the source key's number (key-numbers.ts) in typed arrays:
 * an object per pair in a map by key string was 1,000,000 objects kept from judging to the last op.
 */
export declare class PairTable {
    private readonly source;
    private readonly numbers;
    /** NaN where the key is in no pair */
    private readonly confidences;
    private readonly relations;
    private readonly orders;
    constructor(source: ReadonlyMap<string, Located>, numbers: KeyNumbers, sourceKeys: number);
    /**
     * Records the pair of source entry `a` and model entry `b` (made once per pair, read by every op that moves its key),
     * standing at `order` on each side (their positions, or where a side paired in natural order puts them)
     */
    set(a: Located, b: Located, confidence: number, order?: {
        source: number;
        target: number;
    }): void;
    delete(key: string): void;
    /** the confidence of the key's pair; undefined when the key is in none */
    confidence(key: string): number | undefined;
    /** the number of a source key in a pair, else -1 */
    numberOf(key: string): number;
    /** source number n when its key is in a pair (numberOf's answer, by number), else -1 */
    pairedAt(n: number): number;
    confidenceAt(n: number): number;
    relationAt(n: number): ShapeRelation;
    orderAt(n: number): number;
}
/**
 * An op's confidence (the mean of the pairs it moves; 0.5 when it moves none) and its evidence
 * ("32 keys, shapes equal, order preserved"), in one look-up per key: an op may move 1,000,000 keys.
 */
export declare function opMeta(sources: readonly string[], pairs: PairTable, prefixOp?: boolean): {
    confidence: number;
    evidence: string;
};
/**
 * opMeta of the source keys numbered `numbers` (their places among the sides' source keys, KeyNumbers),
 * the same answer without a look-up by name per key (an op may move 1,000,000 keys).
 */
export declare function opMetaByNumber(numbers: readonly number[], pairs: PairTable): {
    confidence: number;
    evidence: string;
};
