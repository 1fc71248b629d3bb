import type { Recipe } from '../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/** What the ninth set's generators share: how a fused tensor's row blocks are stated, and the sorted listings of safetensors / GGUF writers. */
export type Truth = Record<string, string | string[] | null>;

/** rows [start, start + size) of a source tensor (torch.chunk / slicing along dim 0) */
export function rows(key: string, start: number, size: number): Recipe {
  return { kind: 'split', of: { kind: 'source', key }, dim: 0, start, size, squeeze: false };
}

/** a fused tensor split into consecutive row blocks of `size`: the source names every part, each part gets its rows */
export function splitRows(truth: Truth, recipes: Record<string, Recipe>, from: string, parts: string[], size: number): void {
  truth[from] = parts;
  parts.forEach((p, i) => (recipes[p] = rows(from, i * size, size)));
}

/** by key, as a safetensors header (and the index of a sharded one) lists its tensors */
export const byKey = (a: KeyEntry, b: KeyEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** a key renamed by the first entry of a regex table that matches it (tensor_mapping.py's names, one table per architecture) */
export function renameFirst(table: readonly [RegExp, string][], key: string): string {
  const rule = table.find(([re]) => re.test(key));
  if (!rule) throw new Error(`no entry of the table renames ${key}`);
  return key.replace(rule[0], rule[1]);
}
