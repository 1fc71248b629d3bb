/**
 * The key set a plan was made for: the selected state dict's key names, shapes and dtypes, as one
 * digest. Ops depend on nothing else (names, and shapes for transposes, splits and reshapes), so a
 * checkpoint with the same key set — another snapshot of the same run — is a checkpoint the plan fits,
 * whatever its bytes: `apply` takes it without `--force`, and refuses any other key set by naming the
 * first keys that differ.
 *
 * The digest is order-free (keys sorted by code unit) and exact: sha256 over one JSON line per key,
 * `["name",[d0,d1,…],"dtype"]`. A source whose shapes or dtypes are not all known (a key list, an
 * error text) has no key-set digest.
 */
import { createHash } from 'node:crypto';
import type { KeyEntry } from '../formats/keys.js';

export interface KeySetDigest {
  /** number of keys */
  count: number;
  /** hex sha256 of the sorted key lines */
  sha256: string;
}

export function keySetDigest(entries: readonly KeyEntry[]): KeySetDigest | null {
  if (entries.some((e) => e.shape === null || e.dtype === null)) return null;
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const h = createHash('sha256');
  // the same bytes as one `JSON.stringify([key, shape, dtype])` line per key, hashed in batches (one
  // update per key cost a native call each)
  let batch = '';
  for (const e of sorted) {
    batch += `${JSON.stringify([e.key, e.shape, e.dtype])}\n`;
    if (batch.length >= HASH_BATCH_CHARS) {
      h.update(batch);
      batch = '';
    }
  }
  h.update(batch);
  return { count: entries.length, sha256: h.digest('hex') };
}

const HASH_BATCH_CHARS = 1 << 16;

export function sameKeySet(a: KeySetDigest, b: KeySetDigest): boolean {
  return a.count === b.count && a.sha256 === b.sha256;
}
