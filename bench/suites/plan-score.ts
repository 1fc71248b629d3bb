import type { InferResult } from '../../src/analysis/infer/index.js';
import { scoreMapping, type KeyMapping, type MappingScore } from '../families/index.js';

/**
 * What an inferred plan claims, for scoring: its mapping without the `leftover` keys. inferPlan lists a
 * leftover key in `mapping` under the name the ops leave it with, which the target does not expect;
 * that is "left unexpected", not a correspondence, so it is no claim (a truth key left over still
 * costs recall, since it is then not predicted).
 */
export function claimedMapping(result: Pick<InferResult, 'mapping' | 'leftover'>): KeyMapping {
  const leftover = new Set(result.leftover);
  const claims: KeyMapping = {};
  for (const [key, value] of Object.entries(result.mapping)) if (!leftover.has(key)) claims[key] = value;
  return claims;
}

export function scorePlan(truth: Record<string, string | string[] | null>, result: Pick<InferResult, 'mapping' | 'leftover'>): MappingScore {
  return scoreMapping({ truth }, claimedMapping(result));
}
