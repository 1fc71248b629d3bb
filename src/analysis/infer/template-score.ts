/**
 * Step 3b: how well a source template matches a target template of the same block. Shapes are the
 * hard constraint (equal, or all transposed); then words of the names and relative order in the state
 * dict. Order weighs as much as names because renames keep module order far more often than they
 * keep words (`attention_norm` is `input_layernorm`, not `post_attention_layernorm`).
 */
import { shapeRelation } from './shapes.js';
import { canonicalSegment } from './synonyms.js';
import { wordSimilarity } from './similarity.js';
import type { Template } from './templates.js';

export interface PairScore {
  /** lower is better; Infinity = impossible */
  cost: number;
  nameSimilarity: number;
  orderDistance: number;
  shapes: 'equal' | 'transposed' | 'unknown';
}

/** transposed shapes are a last resort: an exact-shape partner in a worse position still wins */
export const TRANSPOSE_PENALTY = 0.8;
export const UNKNOWN_SHAPE_PENALTY = 0.15;

export function templateShapes(a: Template, b: Template): PairScore['shapes'] | null {
  if (a.instances.length !== b.instances.length) return null;
  let seen: PairScore['shapes'] | null = null;
  const uniform = a.shapeSignature.startsWith('*') && b.shapeSignature.startsWith('*');
  const n = uniform ? 1 : a.instances.length;
  for (let i = 0; i < n; i++) {
    const rel = shapeRelation(a.instances[i]!.entry.shape, b.instances[i]!.entry.shape);
    if (rel === 'different') return null;
    if (seen === null) seen = rel;
    else if (seen !== rel) return null;
  }
  return seen ?? 'unknown';
}

/** Parameter names every framework shares: a weight is never a bias, a mean never a variance. */
const PARAMETER_LEAVES = new Set(['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);

function leafKind(t: Template): string | null {
  const leaf = canonicalSegment(t.name.slice(t.name.lastIndexOf('.') + 1));
  return PARAMETER_LEAVES.has(leaf) ? leaf : null;
}

/** rankA, rankB: the templates' order within their block on their own side, in 0..1. */
export function scoreTemplatePair(a: Template, b: Template, rankA: number, rankB: number): PairScore {
  const la = leafKind(a);
  const lb = leafKind(b);
  const shapes = la && lb && la !== lb ? null : templateShapes(a, b);
  const nameSimilarity = wordSimilarity(a.words, b.words);
  const orderDistance = Math.abs(rankA - rankB);
  if (!shapes) return { cost: Infinity, nameSimilarity, orderDistance, shapes: 'unknown' };
  const shapeCost = shapes === 'transposed' ? TRANSPOSE_PENALTY : shapes === 'unknown' ? UNKNOWN_SHAPE_PENALTY : 0;
  return { cost: 1 - nameSimilarity + orderDistance + shapeCost, nameSimilarity, orderDistance, shapes };
}

/** 0..1: how much a template match can be trusted, from what its score rests on. */
export function templateConfidence(s: PairScore, instances: number): number {
  const c =
    0.55 +
    0.25 * s.nameSimilarity +
    0.1 * (1 - Math.min(1, s.orderDistance)) +
    (s.shapes === 'equal' ? 0.07 : s.shapes === 'transposed' ? 0.04 : 0) +
    0.03 * Math.min(1, Math.log10(Math.max(1, instances)));
  return Math.min(0.98, c);
}
