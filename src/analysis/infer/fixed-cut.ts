/**
 * Keys cut short by a fixed number of characters. Loading code that removes `module.` with `k[7:]`
 * (instead of checking the prefix) mutilates a checkpoint saved without DataParallel: every key loses
 * its first 7 characters (`layer_list.0.cl` → `ist.0.cl`, `classifier.0.weight` → `ier.0.weight`).
 * No prefix rule explains that (the characters cut differ from key to key); the fixed length does.
 *
 * A pairing by this rule needs: one length N that turns a model key into each checkpoint key by
 * dropping its first N characters, for (nearly) every checkpoint key left, each pair unique both
 * ways, the parts cut not all the same (a common part is a prefix, prefix.ts's job) and at least one
 * cut falling inside a name (cuts only at dots are prefixes of equal length, also prefix.ts's).
 */
import { CONFIDENCE } from './confidence.js';
import { canCorrespond } from './shapes.js';
import type { KeyPair, Pool } from './types.js';

/** `module.` (7), `_orig_mod.` (10), `model.module.` (13): a cut longer than 16 characters is not seen */
const MAX_CUT = 16;
/** fewer keys than this cannot show a fixed length rather than chance */
const MIN_KEYS = 3;
/** the share of the checkpoint keys left that the length must explain */
const MIN_SHARE = 0.8;

function pairsForCut(pool: Pool, n: number): KeyPair[] {
  const byTail = new Map<string, string[]>();
  for (const t of pool.target.keys()) {
    const tail = t.slice(n);
    const l = byTail.get(tail);
    if (l) l.push(t);
    else byTail.set(tail, [t]);
  }
  const pairs: KeyPair[] = [];
  const used = new Set<string>();
  for (const s of pool.source.keys()) {
    const ts = byTail.get(s);
    // one model key becomes this checkpoint key; a key that is its model key untouched is not cut
    if (!ts || ts.length !== 1 || ts[0] === s || used.has(ts[0]!)) continue;
    if (!canCorrespond(pool.source.get(s)!, pool.target.get(ts[0]!)!)) continue;
    used.add(ts[0]!);
    pairs.push({ source: s, target: ts[0]!, stage: 'cut', confidence: CONFIDENCE.fixedCut });
  }
  return pairs;
}

/** The pairs of the one cut length that explains the checkpoint keys left, or none. */
export function matchFixedCut(pool: Pool): KeyPair[] {
  const left = pool.source.size;
  if (left < MIN_KEYS || pool.target.size < MIN_KEYS) return [];
  let best: { n: number; pairs: KeyPair[] } | null = null;
  for (let n = 1; n <= MAX_CUT; n++) {
    const pairs = pairsForCut(pool, n);
    if (!best || pairs.length > best.pairs.length) best = { n, pairs };
  }
  if (!best || best.pairs.length < MIN_KEYS || best.pairs.length < MIN_SHARE * left) return [];
  const n = best.n;
  const cutParts = new Set(best.pairs.map((p) => p.target.slice(0, n)));
  const insideName = best.pairs.some((p) => p.target.length > n && p.target[n - 1] !== '.');
  return cutParts.size >= 2 && insideName ? best.pairs : [];
}

/** How many leading characters the pairs of this step lost (a model key shorter than that lost all it had). */
export function cutLength(pairs: readonly Pick<KeyPair, 'source' | 'target'>[]): number {
  return Math.max(0, ...pairs.map((p) => p.target.length - p.source.length));
}
