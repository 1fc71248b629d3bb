/**
 * Step 3b: how well a source template matches a target template of the same block. Shapes are the
 * hard constraint (equal, or all transposed); then words of the names and relative order in the state
 * dict. Order weighs as much as names because renames keep module order far more often than they
 * keep words (`attention_norm` is `input_layernorm`, not `post_attention_layernorm`).
 */
import { CONFIDENCE } from './confidence.js';
import { shapeRelation } from './shapes.js';
import { leafName } from './synonyms.js';
import { WordListMemo } from './similarity.js';
import { isIndexSegment, PLACEHOLDER, splitKey, wordsOf } from '../key-tokens.js';
import type { Template } from './templates.js';
import { MODULE_LEAVES } from '../../formats/module-leaves.js';

export interface PairScore {
  /** lower is better; Infinity = impossible */
  cost: number;
  nameSimilarity: number;
  /** how alike the names of the modules the two parameters belong to read (`query` vs `q`), 0..1 */
  moduleSimilarity: number;
  orderDistance: number;
  shapes: 'equal' | 'transposed' | 'reshaped' | 'unknown';
}

/** transposed shapes are a last resort: an exact-shape partner in a worse position still wins */
export const TRANSPOSE_PENALTY = 0.8;
/** dims of size 1 added or removed (`[D]` vs `[1, 1, D]`): rarer still than a transpose */
export const RESHAPE_PENALTY = 0.9;
export const UNKNOWN_SHAPE_PENALTY = 0.15;

/**
 * How the instances' shapes relate, all alike (equal, or all transposed, …), or null when they cannot
 * be one. A side that does not say a shape (an error text's key) agrees with any: it is no reason to
 * refuse a match, only no evidence for it ('unknown' when no pair of instances has both shapes).
 */
export function templateShapes(a: Template, b: Template): PairScore['shapes'] | null {
  if (a.instances.length !== b.instances.length) return null;
  let seen: PairScore['shapes'] | null = null;
  const uniform = a.shapeSignature.startsWith('*') && b.shapeSignature.startsWith('*');
  const n = uniform ? 1 : a.instances.length;
  for (let i = 0; i < n; i++) {
    const rel = shapeRelation(a.instances[i]!.entry.shape, b.instances[i]!.entry.shape);
    if (rel === 'different') return null;
    if (rel === 'unknown') continue;
    if (seen === null) seen = rel;
    else if (seen !== rel) return null;
  }
  return seen ?? 'unknown';
}

/** Parameter names every framework shares: a weight is never a bias, a mean never a variance. */
const PARAMETER_LEAVES: ReadonlySet<string> = new Set(MODULE_LEAVES);

/** The parameter kind a name ends with: `weight` of `q.weight` and of `in_proj_weight`, else null. */
export function leafKind(name: string): string | null {
  const leaf = leafName(name);
  if (PARAMETER_LEAVES.has(leaf)) return leaf;
  const tail = leaf.slice(leaf.lastIndexOf('_') + 1);
  return tail !== leaf && (tail === 'weight' || tail === 'bias') ? tail : null;
}

/** rankA, rankB: the templates' order within their block on their own side, in 0..1. */
export function scoreTemplatePair(a: Template, b: Template, rankA: number, rankB: number): PairScore {
  const one = new PairScores(1);
  scoreTemplatePairInto(one, 0, a, b, rankA, rankB);
  return one.at(0);
}

const SHAPE_KINDS: readonly PairScore['shapes'][] = ['equal', 'transposed', 'reshaped', 'unknown'];

/**
 * The scores of many pairs in columns, without an object per pair: a block of templates at depth
 * scores millions of pairs and keeps only a few (assign.ts). `at(k)` gives pair k as a PairScore.
 */
export class PairScores {
  readonly cost: Float64Array;
  readonly nameSimilarity: Float64Array;
  readonly moduleSimilarity: Float64Array;
  readonly orderDistance: Float64Array;
  /** index into SHAPE_KINDS */
  readonly shapes: Uint8Array;

  constructor(n: number) {
    this.cost = new Float64Array(n);
    this.nameSimilarity = new Float64Array(n);
    this.moduleSimilarity = new Float64Array(n);
    this.orderDistance = new Float64Array(n);
    this.shapes = new Uint8Array(n);
  }

  at(k: number): PairScore {
    return { cost: this.cost[k]!, nameSimilarity: this.nameSimilarity[k]!, moduleSimilarity: this.moduleSimilarity[k]!, orderDistance: this.orderDistance[k]!, shapes: SHAPE_KINDS[this.shapes[k]!]! };
  }
}

/** scoreTemplatePair written into cell k of `out`. */
export function scoreTemplatePairInto(out: PairScores, k: number, a: Template, b: Template, rankA: number, rankB: number): void {
  let ra = readingOf(a);
  const rb = readingOf(b);
  // reading b may have emptied the tables (a new generation): a's ids are then read again
  if (ra.generation !== rb.generation) ra = readingOf(a);
  const la = ra.leafKind;
  const lb = rb.leafKind;
  const shapes = la && lb && la !== lb ? null : templateShapes(a, b);
  const nameSimilarity = WORDS.similarity(ra.words, rb.words);
  const orderDistance = Math.abs(rankA - rankB);
  out.nameSimilarity[k] = nameSimilarity;
  out.orderDistance[k] = orderDistance;
  if (!shapes) {
    out.cost[k] = Infinity;
    out.moduleSimilarity[k] = 0;
    out.shapes[k] = SHAPE_KINDS.indexOf('unknown');
    return;
  }
  const shapeCost = shapes === 'transposed' ? TRANSPOSE_PENALTY : shapes === 'reshaped' ? RESHAPE_PENALTY : shapes === 'unknown' ? UNKNOWN_SHAPE_PENALTY : 0;
  const moduleSimilarity = WORDS.similarity(ra.moduleWords, rb.moduleWords);
  out.cost[k] = 1 - nameSimilarity - MODULE_WEIGHT * moduleSimilarity + orderDistance + shapeCost;
  out.moduleSimilarity[k] = moduleSimilarity;
  out.shapes[k] = SHAPE_KINDS.indexOf(shapes);
}

/**
 * Per template, read once: its leaf kind, and its words and its module's words as interned lists. A
 * block of n × m templates scores every pair (millions at depth): reading the same names again for each
 * pair, and comparing the same few word lists again, was most of that time.
 */
interface TemplateReading {
  leafKind: string | null;
  words: number;
  moduleWords: number;
  /** WORDS' generation the ids belong to */
  generation: number;
}
const readings = new WeakMap<Template, TemplateReading>();
/** word lists of every template scored, interned; their pair similarities kept (similarity.ts) */
const WORDS = new WordListMemo();

function readingOf(t: Template): TemplateReading {
  let r = readings.get(t);
  if (r === undefined || r.generation !== WORDS.generation) {
    let generation: number;
    let words: number;
    let moduleWords: number;
    // both ids of one generation (the tables may be emptied between the two)
    do {
      generation = WORDS.generation;
      words = WORDS.id(t.words);
      moduleWords = WORDS.id(readModuleWords(t));
    } while (generation !== WORDS.generation);
    readings.set(t, (r = { leafKind: leafKind(t.name), words, moduleWords, generation }));
  }
  return r;
}

/**
 * The words of the module a parameter belongs to (`query` of `blocks.{}.attn.query.weight`). Words
 * the whole path shares with every candidate (`encoder`, `attn`, `weight`) drown the one word that
 * tells `query` from `key` in the full-name similarity; the module's own name says it alone.
 */
function readModuleWords(t: Template): string[] {
  const segs = splitKey(t.name);
  for (let i = segs.length - 2; i >= 0; i--) {
    const s = segs[i]!;
    if (s !== PLACEHOLDER && !isIndexSegment(s)) return wordsOf(s);
  }
  return [];
}

/** how much the module's own name weighs, beside the whole path's */
const MODULE_WEIGHT = 1;

/** 0..1: how much a template match can be trusted, from what its score rests on. */
export function templateConfidence(s: PairScore, instances: number): number {
  const c =
    CONFIDENCE.templateBase +
    CONFIDENCE.templateName * s.nameSimilarity +
    CONFIDENCE.templateOrder * (1 - Math.min(1, s.orderDistance)) +
    (s.shapes === 'equal' ? CONFIDENCE.templateShapesEqual : s.shapes === 'transposed' || s.shapes === 'reshaped' ? CONFIDENCE.templateShapesRelaid : CONFIDENCE.templateShapesUnknown) +
    CONFIDENCE.templateInstances * Math.min(1, Math.log10(Math.max(1, instances)));
  return Math.min(CONFIDENCE.templateCap, c);
}
