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
    for (const [k, e] of bare) {
      if (k.endsWith(LEAF)) continue;
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
