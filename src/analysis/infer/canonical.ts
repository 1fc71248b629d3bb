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

export function matchCanonical(pool: Pool, rules: readonly { strip: string; add: string }[]): KeyPair[] {
  const targets = new Map<string, string[]>();
  for (const t of pool.target.keys()) {
    const q = squashedKey(t);
    const l = targets.get(q);
    if (l) l.push(t);
    else targets.set(q, [t]);
  }
  const claims = new Map<string, string[]>();
  for (const s of pool.source.keys()) {
    const seen = new Set<string>();
    for (const rule of [{ strip: '', add: '' }, ...rules]) {
      const renamed = applyPrefixRule(rule, s);
      if (renamed === null) continue;
      const hit = targets.get(squashedKey(renamed));
      if (hit?.length === 1) seen.add(hit[0]!);
    }
    if (seen.size === 1) {
      const t = [...seen][0]!;
      const l = claims.get(t);
      if (l) l.push(s);
      else claims.set(t, [s]);
    }
  }
  const pairs: KeyPair[] = [];
  for (const [t, sources] of claims) {
    if (sources.length !== 1) continue;
    const s = sources[0]!;
    if (!canCorrespond(pool.source.get(s)!, pool.target.get(t)!)) continue;
    pairs.push({ source: s, target: t, stage: 'canonical', confidence: CONFIDENCE.canonical });
  }
  return pairs;
}
