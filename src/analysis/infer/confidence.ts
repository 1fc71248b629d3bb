/**
 * Step 7: how sure each op is and what it rests on, in the words of the issue ("32 keys, shapes
 * equal, order preserved"). An op is as sure as the pairs it moves, on average.
 */
import type { Located } from './types.js';
import type { KeyNumbers } from './key-numbers.js';
import { shapeRelation, type ShapeRelation } from './shapes.js';

/**
 * Every confidence constant of plan inference, in one place, each with the reason for its value. A
 * confidence is 0..1 and orders evidence: `--min-confidence` withholds what falls below it, and the
 * ordering is what matters (exact names above names equal up to spelling, above structure, above
 * similarity), not the absolute numbers. Derived formulas (prefix.ts, suffix.ts, template-score.ts,
 * fused.ts) start from and are capped by these.
 */
export const CONFIDENCE = {
  /** the same key on both sides: nothing is inferred */
  exact: 1,
  /** names equal up to separators and known synonyms (`gamma` = `weight`): spelling, not a guess */
  canonical: 0.95,
  /** a prefix rule: starts here and rises with the number of keys it explains (capped by prefixCap) */
  prefixBase: 0.9,
  /** even a prefix over 100,000 keys is a rule read off the data, not the same name: stays below exact */
  prefixCap: 0.99,
  /** what a prefix rule gains per doubling of the keys it explains (log2): more keys make a surer rule, slowly */
  prefixStep: 0.02,
  /**
   * the share of a prefix rule's confidence kept when every shape both sides show disagrees: the names still
   * read alike (a shape vote weighs less than the names it sits under)
   */
  prefixShapeFloor: 0.9,
  /** what the shapes' agreement adds above prefixShapeFloor, in proportion to the votes that agree */
  prefixShapeShare: 0.1,
  /** the share kept when no key has a shape on both sides to vote: halfway between all disagreeing and all agreeing */
  prefixNoShapes: 0.95,
  /** a whole module tree aligned by subtree signatures (shapes, relative keys, order) */
  moduleTree: 0.9,
  /** per level of look-alike siblings paired by order alone (experts): each level leans on order more */
  moduleOrderStep: 0.95,
  /** per level of siblings paired by name and order (Hungarian): nearly as sure as the level above */
  moduleAssignStep: 0.97,
  /**
   * every checkpoint key is its model key minus the same number of leading characters (fixed-cut.ts):
   * a mechanical rule read off the data, but the characters cut are inferred, never seen
   */
  fixedCut: 0.85,
  /** a Detectron2-style longest common dot-suffix: starts here, rises with the suffix's length */
  suffixBase: 0.8,
  /** suffix matches never reach canonical names: they ignore everything before the suffix */
  suffixCap: 0.95,
  /** what each dot-segment of the shared suffix beyond the shortest one accepted adds (suffix.ts MIN_SUFFIX) */
  suffixStep: 0.05,
  /** a template match: base before name similarity, order and shapes add their share (template-score.ts) */
  templateBase: 0.55,
  /** a template match is similarity, never certainty */
  templateCap: 0.98,
  /** a template match's share from name similarity (0..1): the names weigh most, below certainty */
  templateName: 0.25,
  /** its share from order (1 − the order distance): siblings in the same order agree, a weaker sign than names */
  templateOrder: 0.1,
  /** its share from shapes equal on both sides */
  templateShapesEqual: 0.07,
  /** its share from shapes transposed or reshaped alike: evidence, but a layout step the values cannot confirm */
  templateShapesRelaid: 0.04,
  /** shapes that say nothing (a side without them) leave names and order alone to decide: less sure than any shape evidence */
  templateShapesUnknown: -0.05,
  /** its share from the number of instances (log10, full at 10): a pattern seen in many places is surer */
  templateInstances: 0.03,
  /** a fused tensor split or joined with both sides' shapes: starts here, rises with name similarity */
  fusedBase: 0.75,
  fusedCap: 0.95,
  /** what a fused split or join gains from name similarity (0..1), above fusedBase */
  fusedSimilarity: 0.2,
  /** a fused tensor whose sizes rest on one side's shapes only (equal parts assumed) */
  fusedAssumed: 0.6,
  /**
   * a whole cut into exactly what is left unpaired in the block its neighbours went to (FLUX's
   * linear1 → to_q/to_k/to_v/proj_mlp): sizes from both sides' shapes, but the order of unequal
   * parts rests on a convention (named q, k, v first), so below a named fusion
   */
  fusedResidual: 0.7,
  /** a square Conv1D weight transposed because a same-named module's shape proves the layout */
  squareTransposeByName: 0.6,
  /**
   * a square weight of a foreign checkpoint transposed because its leaf name's convention stores dense weights
   * [in, out] (dense-conventions.ts: TF-Slim `weights`, Haiku `w`; GPT-2's Conv1D names where the checkpoint's
   * non-square ones all show it): a rule of the library, so at the class line: one side's class does not withdraw it,
   * both sides' classes storing it alike do; below a name rule (no value checked)
   */
  transposeByConvention: 0.85,
  /**
   * the line below which another reading of a square weight's layout (a transpose guessed from other weights) is a
   * guess that both manifests' classes replace, or that one side's class withdraws (class-layouts.ts, judge-shapes.ts)
   */
  transposeByClass: 0.85,
  /**
   * the transpose itself where both manifests record the module's class and the classes store the weight in other
   * layouts (Conv1D [in, out], Linear [out, in]): a rule read off the two models, as a name rule is, so at the name
   * rules' level and above the guess line (review 23 F7: "a guess … paired by structure, similarity or order" was
   * not what it rests on). transposeByClass stays the line below which another reading is a guess the classes replace.
   */
  transposeBothClasses: 0.95,
  /**
   * a top-level container renamed whole, every key below its first segment equal on both sides and
   * that set unique on each side (container-swap.ts): a rule read off the data, below prefix rules
   * because the renamed word is inferred from the set, not seen alike
   */
  containerSwap: 0.85,
  /**
   * the one normalisation layer left in a container on each side, same parameters and running
   * statistics (sole-norm.ts): specific, but the names need not read alike, so below suffix matches
   */
  soleNorm: 0.75,
  /** a drop: the key has no counterpart in a model whose every key is accounted for, or is a head of another size */
  drop: 0.9,
  /**
   * a copy for a tied weight (lm_head ↔ embeddings, decoder.bias ↔ bias): the model lists the tensor
   * twice, the checkpoint once. ties.ts copies only where the target shows the tie (one storage under
   * both names: a torch-written checkpoint, or the `tied` field sdmatch_manifest.py reads off the
   * model's shared storage), so it is a rule read off the model, not a guess (review 22 F11: it was
   * 0.85, "a guess … paired by structure, similarity or order", of what torch's tie does exactly)
   */
  tie: 0.95,
  /** one group of tensors that differ only in an index 0..n−1 fits a stacked tensor's shape and layer */
  stackUnique: 0.85,
  /**
   * several such groups fit alike and each one's own words name one target (`gate_proj` experts →
   * `ffn_gate_exps`), or a known convention gives both sides roles (`w1` = gate): names read; below stackUnique, which shapes alone decide
   */
  stackByName: 0.8,
  /**
   * groups stacked, then joined along the next dim (transformers v5's `gate_up_proj` of w1 and w3): each
   * group fits as a stack does, their sizes add up exactly, and the whole's name lists the parts in
   * order — as specific as one stack, but the order rests on a naming convention, not on shapes
   */
  stackJoined: 0.8,
  /**
   * Caffe2 blob names read as module paths (`res2_0_branch2a_w` → `res2.0.branch2a.weight`,
   * blob-names.ts): how Detectron's own converters read them, a fixed convention rather than a guess,
   * but it rests on every underscore being a separator, which a blob name cannot confirm
   */
  blobNames: 0.9,
  /**
   * TensorFlow scope paths read as state_dict keys (scope-paths.ts: `/` → `.`, `name_NNN` → `name.N`): the
   * same names in TensorFlow's spelling, rewritten by a fixed rule, nothing inferred; as sure as the same key
   */
  scopePaths: 1,
} as const;

/** Positions are below 2^26 (67 million keys), so two fit one double exactly (2^52). */
const POS_SPAN = 2 ** 26;

/** ShapeRelation by its code in PairTable */
const RELATIONS: readonly ShapeRelation[] = ['equal', 'transposed', 'reshaped', 'unknown', 'different'];

/**
 * The pairs acted on, as judge-shapes made them: what the ops moving a source key are judged by — the
 * pair's confidence, its shapes compared (shapes.ts) and its order (source position × POS_SPAN + target
 * position, packed in one double). Held by the source key's number (key-numbers.ts) in typed arrays:
 * an object per pair in a map by key string was 1,000,000 objects kept from judging to the last op.
 */
export class PairTable {
  /** NaN where the key is in no pair */
  private readonly confidences: Float64Array;
  private readonly relations: Uint8Array;
  private readonly orders: Float64Array;

  constructor(
    private readonly source: ReadonlyMap<string, Located>,
    private readonly numbers: KeyNumbers,
    sourceKeys: number,
  ) {
    this.confidences = new Float64Array(sourceKeys).fill(NaN);
    this.relations = new Uint8Array(sourceKeys);
    this.orders = new Float64Array(sourceKeys);
  }

  /**
   * Records the pair of source entry `a` and model entry `b` (made once per pair, read by every op that moves its key),
   * standing at `order` on each side (their positions, or where a side paired in natural order puts them)
   */
  set(a: Located, b: Located, confidence: number, order: { source: number; target: number } = { source: a.pos, target: b.pos }): void {
    const n = this.numbers.source(a);
    this.confidences[n] = confidence;
    this.relations[n] = RELATIONS.indexOf(shapeRelation(a.shape, b.shape));
    this.orders[n] = order.source * POS_SPAN + order.target;
  }

  delete(key: string): void {
    const n = this.numberOf(key);
    if (n !== -1) this.confidences[n] = NaN;
  }

  /** the confidence of the key's pair; undefined when the key is in none */
  confidence(key: string): number | undefined {
    const n = this.numberOf(key);
    return n === -1 ? undefined : this.confidences[n];
  }

  /** the number of a source key in a pair, else -1 */
  numberOf(key: string): number {
    const e = this.source.get(key);
    if (e === undefined) return -1;
    const n = this.numbers.source(e);
    return Number.isNaN(this.confidences[n]!) ? -1 : n;
  }

  /** source number n when its key is in a pair (numberOf's answer, by number), else -1 */
  pairedAt(n: number): number {
    return Number.isNaN(this.confidences[n]!) ? -1 : n;
  }

  confidenceAt(n: number): number {
    return this.confidences[n]!;
  }

  relationAt(n: number): ShapeRelation {
    return RELATIONS[this.relations[n]!]!;
  }

  orderAt(n: number): number {
    return this.orders[n]!;
  }
}

/**
 * An op's confidence (the mean of the pairs it moves; 0.5 when it moves none) and its evidence
 * ("32 keys, shapes equal, order preserved"), in one look-up per key: an op may move 1,000,000 keys.
 */
export function opMeta(sources: readonly string[], pairs: PairTable, prefixOp = false): { confidence: number; evidence: string } {
  return metaOf(sources.length, (i) => pairs.numberOf(sources[i]!), pairs, prefixOp);
}

/**
 * opMeta of the source keys numbered `numbers` (their places among the sides' source keys, KeyNumbers),
 * the same answer without a look-up by name per key (an op may move 1,000,000 keys).
 */
export function opMetaByNumber(numbers: readonly number[], pairs: PairTable): { confidence: number; evidence: string } {
  return metaOf(numbers.length, (i) => pairs.pairedAt(numbers[i]!), pairs, false);
}

/** opMeta of `count` keys, the i-th key's pair number given by `numberAt` (-1: in no pair). */
function metaOf(count: number, numberAt: (i: number) => number, pairs: PairTable, prefixOp: boolean): { confidence: number; evidence: string } {
  const rels = new Set<ShapeRelation>();
  // each pair's two positions packed in one double and sorted natively: an array of tuples sorted by a
  // comparator cost more than the rest of the op's making
  const positions = new Float64Array(count);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const p = numberAt(i);
    if (p === -1) continue;
    sum += pairs.confidenceAt(p);
    rels.add(pairs.relationAt(p));
    positions[n++] = pairs.orderAt(p);
  }
  const confidence = n ? Math.round((sum / n) * 100) / 100 : 0.5;
  const sorted = positions.subarray(0, n).sort();
  let inversions = 0;
  for (let i = 1; i < n; i++) if (sorted[i]! % POS_SPAN < sorted[i - 1]! % POS_SPAN) inversions++;
  const shapes =
    rels.size === 1 && rels.has('equal')
      ? 'shapes equal'
      : rels.has('different')
        ? 'some shapes differ'
        : rels.has('transposed') || rels.has('reshaped')
          ? `shapes equal up to ${rels.has('transposed') ? 'transpose' : 'dims of size 1'}`
          : rels.has('unknown') && rels.size === 1
            ? 'shapes unknown'
            : 'shapes equal where known';
  // a prefix op keeps every name's order: pairs out of order are other ops' doing (renames after it), not its
  // evidence (review 18 F9, S05: "add_prefix 'stages.0.' … order differs at 12 places")
  const order = n < 2 || (prefixOp && inversions > 0) ? '' : inversions === 0 ? ', order preserved' : `, order differs at ${inversions} place${inversions > 1 ? 's' : ''}`;
  return { confidence, evidence: `${count} key${count === 1 ? '' : 's'}, ${shapes}${order}` };
}
