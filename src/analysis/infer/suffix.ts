/**
 * Step 2c: Detectron2-style alignment by the longest common dot-suffix, as a candidate source for
 * keys whose heads differ in ways no single prefix rule explains. Stricter than Detectron2: the best
 * source must be unique among shape-compatible ones, the choice mutual, and the common suffix must
 * name a module (not just `0.weight`).
 */
import { CONFIDENCE } from './confidence.js';
import { canonicalKey } from './synonyms.js';
import { isIndexSegment, splitKey } from '../key-tokens.js';
import { canCorrespond } from './shapes.js';
import type { Ambiguity, KeyPair, Located, Pool } from './types.js';

const MIN_SUFFIX = 2;
const MAX_BUCKET = 256;

/** The key's dot-suffixes of at least MIN_SUFFIX segments naming a module, longest first. */
function suffixes(key: string): string[] {
  const canon = canonicalKey(key);
  const segs = splitKey(canon);
  const out: string[] = [];
  // walking from the shortest suffix up: does it contain a non-index segment before the leaf?
  let named = false;
  let at = canon.length - segs[segs.length - 1]!.length;
  for (let l = 2; l <= segs.length; l++) {
    const seg = segs[segs.length - l]!;
    at -= seg.length + 1;
    if (!isIndexSegment(seg)) named = true;
    if (named) out.push(canon.slice(at));
  }
  return out.reverse();
}

function index(side: Map<string, Located>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const k of side.keys()) {
    for (const s of suffixes(k)) {
      const l = m.get(s);
      if (!l) m.set(s, [k]);
      else if (l.length <= MAX_BUCKET) l.push(k);
    }
  }
  return m;
}

/** The unique best partner of `key` on the other side, 'ambiguous' with the candidates, or null. */
function best(key: Located, other: Map<string, Located>, idx: Map<string, string[]>): { key: string; length: number } | { tied: string[] } | null {
  for (const s of suffixes(key.key)) {
    const bucket = idx.get(s);
    if (!bucket || bucket.length > MAX_BUCKET) continue;
    const ok = bucket.filter((k) => canCorrespond(key, other.get(k)!));
    if (ok.length === 1) return { key: ok[0]!, length: splitKey(s).length };
    if (ok.length > 1) return { tied: ok };
  }
  return null;
}

export function matchBySuffix(pool: Pool): { pairs: KeyPair[]; ambiguities: Ambiguity[] } {
  const srcIdx = index(pool.source);
  const tgtIdx = index(pool.target);
  const pairs: KeyPair[] = [];
  const ambiguities: Ambiguity[] = [];
  for (const t of pool.target.values()) {
    const b = best(t, pool.source, srcIdx);
    if (!b) continue;
    if ('tied' in b) {
      ambiguities.push({ keys: [t.key], candidates: b.tied.slice(0, 8), reason: 'several checkpoint keys end the same way and fit its shape' });
      continue;
    }
    const back = best(pool.source.get(b.key)!, pool.target, tgtIdx);
    if (!back || 'tied' in back || back.key !== t.key) continue;
    pairs.push({ source: b.key, target: t.key, stage: 'suffix', confidence: Math.min(CONFIDENCE.suffixCap, CONFIDENCE.suffixBase + CONFIDENCE.suffixStep * (b.length - MIN_SUFFIX)) });
  }
  return { pairs, ambiguities };
}
