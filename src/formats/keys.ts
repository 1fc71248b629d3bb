import type { DType } from './dtype.js';

/**
 * One named tensor as the comparison commands see it: a key with what is known of it. Shape and dtype
 * are null when the source does not say (a plain key list, an error text that only names the key).
 * Lists of KeyEntry are kept in state_dict order, because order is evidence for matching.
 */
export interface KeyEntry {
  key: string;
  shape: number[] | null;
  dtype: DType | null;
}

/** Entries by key, the first entry per key winning: a source never legitimately repeats a key, and order must stay stable. */
export function byKey(entries: readonly KeyEntry[]): Map<string, KeyEntry> {
  const m = new Map<string, KeyEntry>();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e);
  return m;
}

/** Two shapes are the same: as many dimensions, each of the same size. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
