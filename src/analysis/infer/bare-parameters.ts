/**
 * A tensor one side holds as a bare parameter of a module (`text_projection`, OpenAI CLIP's `nn.Parameter`) and
 * the other as the weight of a layer of the same name (`text_projection.weight`, HF CLIPModel's `nn.Linear`):
 * the same name up to the layer's `weight` leaf, which is structure (a parameter became a layer), not a synonym.
 * Paired one to one where the shapes can correspond, before the steps that pair by order: a module's own
 * parameters come before its children's in a state dict, so order across that nesting is crossed (OpenAI lists
 * `text_projection` before `visual.proj`, HF `visual_projection` before `text_projection`), and pairing the two
 * square projections by it loaded each into the other. What is left then goes by elimination as before.
 */
import { CONFIDENCE } from './confidence.js';
import { canCorrespond } from './shapes.js';
import type { KeyPair, Located, Pool } from './types.js';

const LEAF = '.weight';

export function matchBareParameters(pool: Pool): KeyPair[] {
  const pairs: KeyPair[] = [];
  const pair = (bare: ReadonlyMap<string, Located>, layered: ReadonlyMap<string, Located>, sourceIsBare: boolean) => {
    // the layered side's `X.weight` keys by a hash of X's last segment read in place: a bare key whose own
    // last segment's hash is not among them has no `k.weight` there (k would be X, and so its last segment
    // X's), known without building `k + '.weight'` and hashing it (a new string per key of both sides at
    // scale, nearly all of them misses: a bare parameter's name is rarely a layer's)
    const layers = new Set<number>();
    for (const k of layered.keys()) if (k.endsWith(LEAF)) layers.add(lastSegmentHash(k, k.length - LEAF.length));
    if (layers.size === 0) return;
    for (const [k, e] of bare) {
      if (k.endsWith(LEAF) || !layers.has(lastSegmentHash(k, k.length))) continue;
      const w = layered.get(k + LEAF);
      if (!w || layered.has(k) || !canCorrespond(e, w)) continue;
      const [source, target] = sourceIsBare ? [k, k + LEAF] : [k + LEAF, k];
      pairs.push({ source, target, stage: 'canonical', confidence: CONFIDENCE.canonical });
    }
  };
  pair(pool.source, pool.target, true);
  pair(pool.target, pool.source, false);
  return pairs;
}

/**
 * FNV-1a of the last segment of key.slice(0, end) (after its last dot, or all of it), cut to 30 bits (a small
 * integer: a set of them holds no heap numbers). Read in place; `end` 0 is the empty text's.
 */
function lastSegmentHash(key: string, end: number): number {
  const from = end > 0 ? key.lastIndexOf('.', end - 1) + 1 : 0;
  let h = 0x811c9dc5;
  for (let i = from; i < end; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
