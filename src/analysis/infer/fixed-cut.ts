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
import { IntMap } from './int-map.js';
import type { KeyPair, Pool } from './types.js';

/** `module.` (7), `_orig_mod.` (10), `model.module.` (13): a cut longer than 16 characters is not seen */
const MAX_CUT = 16;
/** fewer keys than this cannot show a fixed length rather than chance */
const MIN_KEYS = 3;
/** the share of the checkpoint keys left that the length must explain */
const MIN_SHARE = 0.8;

/** a target key that several cuts of one length turn into the same checkpoint key: evidence for none */
const SEVERAL = '\u0000several';

/** a polynomial hash of text[from:], built from the end (so one backward pass gives every tail's) */
const HASH_BASE = 131;
/** hashes cut to 30 bits stay small integers, which a Map hashes far faster than other numbers */
const SMI_MASK = 0x3fffffff;
function tailHash(text: string): number {
  let h = 0;
  for (let i = text.length - 1; i >= 0; i--) h = (text.charCodeAt(i) + Math.imul(h, HASH_BASE)) | 0;
  return h;
}

/**
 * For every cut length 1..MAX_CUT, which checkpoint key each model key becomes when it is the only model
 * key to become it. One backward pass over each model key hashes all its tails; only a tail whose hash is
 * a checkpoint key's is compared as text. (A map of every tail per length — 16 maps of 1,000,000 strings —
 * and even slicing each tail to look it up were most of the time of plan inference at scale.)
 */
function tailHits(pool: Pool, need: number): Map<string, string>[] | null {
  const hits = Array.from({ length: MAX_CUT + 1 }, () => new Map<string, string>());
  // a checkpoint key's number by its hash (typed arrays, not a map of boxed entries: 100,000 keys at scale);
  // keys that share a hash (rare) listed apart
  const sources = [...pool.source.keys()];
  const byHash = new IntMap(sources.length);
  const shared = new Map<number, string[]>();
  for (let i = 0; i < sources.length; i++) {
    const h = tailHash(sources[i]!) & SMI_MASK;
    const at = byHash.get(h, NONE);
    if (at === NONE) byHash.set(h, i);
    else if (at >= 0) {
      shared.set(h, [sources[at]!, sources[i]!]);
      byHash.set(h, SHARED);
    } else shared.get(h)!.push(sources[i]!);
  }
  // each model key adds at most one tail per length: once the fullest length plus the model keys still
  // to hash stays below `need`, no length can explain the checkpoint (most checkpoints: stop at a fifth)
  let most = 0;
  let left = pool.target.size;
  const hit = (n: number, t: string, tail: string) => {
    const m = hits[n]!;
    m.set(tail, m.has(tail) ? SEVERAL : t);
    if (m.size > most) most = m.size;
  };
  const isTail = (t: string, n: number, s: string) => s.length === t.length - n && t.endsWith(s);
  const emptyIsKey = pool.source.has('');
  for (const t of pool.target.keys()) {
    if (most + left-- < need) return null;
    let h = 0;
    for (let i = t.length - 1; i >= 1; i--) {
      h = (t.charCodeAt(i) + Math.imul(h, HASH_BASE)) | 0;
      if (i > MAX_CUT) continue;
      const found = byHash.get(h & SMI_MASK, NONE);
      if (found === NONE) continue;
      if (found >= 0) {
        const s = sources[found]!;
        if (isTail(t, i, s)) hit(i, t, s);
      } else {
        for (const s of shared.get(h & SMI_MASK)!) if (isTail(t, i, s)) hit(i, t, s);
      }
    }
    // a cut as long as the key or longer leaves nothing
    if (emptyIsKey) for (let n = Math.max(1, t.length); n <= MAX_CUT; n++) hit(n, t, '');
  }
  return hits;
}

/** no checkpoint key under a hash; several under it (listed apart) */
const NONE = -2;
const SHARED = -1;

function pairsForCut(pool: Pool, byTail: Map<string, string>): KeyPair[] {
  const pairs: KeyPair[] = [];
  if (byTail.size === 0) return pairs;
  for (const s of pool.source.keys()) {
    const t = byTail.get(s);
    // one model key becomes this checkpoint key; a key that is its model key untouched is not cut
    if (t === undefined || t === SEVERAL || t === s) continue;
    if (!canCorrespond(pool.source.get(s)!, pool.target.get(t)!)) continue;
    pairs.push({ source: s, target: t, stage: 'cut', confidence: CONFIDENCE.fixedCut });
  }
  return pairs;
}

/** The pairs of the one cut length that explains the checkpoint keys left, or none. */
export function matchFixedCut(pool: Pool): KeyPair[] {
  const left = pool.source.size;
  if (left < MIN_KEYS || pool.target.size < MIN_KEYS) return [];
  // a length pairs at most as many keys as it has tails that are checkpoint keys
  const need = Math.max(MIN_KEYS, MIN_SHARE * left);
  const hits = tailHits(pool, need);
  if (hits === null || hits.every((h) => h.size < need)) return [];
  let best: { n: number; pairs: KeyPair[] } | null = null;
  for (let n = 1; n <= MAX_CUT; n++) {
    if (best && hits[n]!.size <= best.pairs.length) continue;
    const pairs = pairsForCut(pool, hits[n]!);
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
