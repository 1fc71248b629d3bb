import type { Recipe } from '../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/**
 * How the seventh set's converters split a fused tensor: into consecutive slices along dim 0, in the order
 * the truth lists the parts (val[:d], val[d:2d], val[-d:] and torch.chunk alike), each slice as long as its
 * target's first dimension. A plan that splits in another order loads too, with the wrong values, so the
 * recipe is what scores it.
 */
export function sliceRecipes(truth: Record<string, string | string[] | null>, target: KeyEntry[]): Record<string, Recipe> {
  const rows = new Map(target.map((e) => [e.key, e.shape![0]!]));
  const recipes: Record<string, Recipe> = {};
  for (const [from, to] of Object.entries(truth)) {
    if (!Array.isArray(to)) continue;
    let start = 0;
    for (const key of to) {
      const size = rows.get(key)!;
      recipes[key] = { kind: 'split', of: { kind: 'source', key: from }, dim: 0, start, size, squeeze: false };
      start += size;
    }
  }
  return recipes;
}
