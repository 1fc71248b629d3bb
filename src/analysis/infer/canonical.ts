/**
 * Step 2d: names equal up to synonyms, separators and case (`norm.1.weight` vs `norm1.weight`,
 * `LayerNorm.gamma` vs `LayerNorm.weight`), also after one of the prefix rules already found.
 * Only one-to-one coincidences count.
 */
import { CONFIDENCE } from './confidence.js';
import { squashedKey } from './synonyms.js';
import { applyPrefixRule } from './prefix.js';
import { canCorrespond } from './shapes.js';
import type { KeyPair, Pool } from './types.js';

/** A squashed name more than one key has: no evidence for any of them. */
const SEVERAL = '\u0000several';

export function matchCanonical(pool: Pool, rules: readonly { strip: string; add: string }[]): KeyPair[] {
  // squashed name → the one target key that has it, or SEVERAL; no list per key (1,000,000 at scale)
  const targets = new Map<string, string>();
  for (const t of pool.target.keys()) {
    const q = squashedKey(t);
    targets.set(q, targets.has(q) ? SEVERAL : t);
  }
  const withIdentity = [{ strip: '', add: '' }, ...rules];
  // target → the one source key that claims it, or SEVERAL
  const claims = new Map<string, string>();
  for (const s of pool.source.keys()) {
    // the one target this source's names agree on (null: none yet; SEVERAL: they disagree)
    let seen: string | null = null;
    for (const rule of withIdentity) {
      const renamed = applyPrefixRule(rule, s);
      if (renamed === null) continue;
      const hit = targets.get(squashedKey(renamed));
      if (hit === undefined || hit === SEVERAL) continue;
      seen = seen === null || seen === hit ? hit : SEVERAL;
    }
    if (seen !== null && seen !== SEVERAL) claims.set(seen, claims.has(seen) ? SEVERAL : s);
  }
  const pairs: KeyPair[] = [];
  for (const [t, s] of claims) {
    if (s === SEVERAL) continue;
    if (!canCorrespond(pool.source.get(s)!, pool.target.get(t)!)) continue;
    pairs.push({ source: s, target: t, stage: 'canonical', confidence: CONFIDENCE.canonical });
  }
  return pairs;
}
