/** Step 2a: keys with the same name on both sides pair up, whatever their shapes (step 4 judges those). */
import { CONFIDENCE } from './confidence.js';
import type { KeyPair, Pool } from './types.js';

export function matchExact(pool: Pool): KeyPair[] {
  const pairs: KeyPair[] = [];
  for (const key of pool.source.keys()) if (pool.target.has(key)) pairs.push({ source: key, target: key, stage: 'exact', confidence: CONFIDENCE.exact });
  return pairs;
}
