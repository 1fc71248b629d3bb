/**
 * A tuning family's plan, for matcher tests that hold one rule to a real conversion: the family is built by name
 * from its set, refused if the set holds it out (a held-out family's plans are never read), and inferred as the
 * bench infers it (with the target's tied storages), optionally after a probe reorders or renames its sides.
 */
import { expect } from 'vitest';
import type { Family } from '../../bench/families/index.js';
import { targetStorages } from '../../bench/families/types.js';
import { inferPlan, type InferResult } from '../../src/analysis/infer/index.js';

export function tuningPlan(makers: Record<string, () => Family>, heldOut: ReadonlySet<string>, name: string, probe: (f: Family) => Family = (f) => f): { f: Family; r: InferResult } {
  expect(heldOut.has(name), `${name} is held out`).toBe(false);
  // a probe changes the family's sides (another order, other names), never its truth
  const f = probe(makers[name]!());
  return { f, r: inferPlan({ source: f.source, target: f.target, options: { targetStorages: targetStorages(f) } }) };
}

/** of `keys`, those the plan leaves over or maps otherwise than the truth (unpaired counts as missed) */
export function notAsTruth(f: Family, r: InferResult, keys: readonly string[]): string[] {
  const leftover = new Set(r.leftover);
  return keys.filter((k) => leftover.has(k) || JSON.stringify(r.mapping[k]) !== JSON.stringify(f.truth[k]));
}

/** of `keys`, those the plan pairs (not left over) otherwise than the truth: its wrong claims, gaps aside */
export function claimedWrong(f: Family, r: InferResult, keys: readonly string[]): string[] {
  const leftover = new Set(r.leftover);
  return notAsTruth(f, r, keys.filter((k) => !leftover.has(k) && r.mapping[k] !== undefined));
}
