/**
 * Stage 5, explain: what the plan leaves (missing, unexpected), the ambiguities still live (ties the
 * evidence could not break, listed with their candidates, never guessed), and the causes in plain
 * words, most important first (causes.ts). A plan is a fix when keys correspond, no size mismatch
 * remains and no fused tensor waits for sizes nobody gave.
 */
import type { Ambiguity, KeyPair } from '../types.js';
import type { Cause } from '../causes.js';
import { cutLength } from '../fixed-cut.js';
import { instantiates } from '../../key-tokens.js';
import { explainCauses } from '../causes.js';
import { dimsDiffer, modelDims } from '../dims.js';
import { renumberedPair } from '../name-evidence.js';
import type { InferResult } from '../index.js';
import type { Correspondence, Generalised, Judged, Matched, Sides } from './types.js';

export function explain(sides: Sides, c: Correspondence, m: Matched, j: Judged, g: Generalised): InferResult {
  const { source, target, sourceKeys } = sides;
  const { ops, mapping, produced, leftover } = g;
  const unmapped = [...target.keys()].filter((t) => !produced.has(t));
  const leftSet = new Set(leftover);
  const unmappedSet = new Set(unmapped);
  const unsizedLive = m.anotherModel ? [] : m.unsizedKeys.filter((u) => leftSet.has(u.whole));
  const ambiguities: Ambiguity[] = [...m.ambiguities, ...g.ambiguities];
  const orderOnly = c.refused.filter((p) => leftSet.has(p.source) && unmappedSet.has(p.target));
  if (orderOnly.length > 0 && !m.anotherModel) {
    ambiguities.push({
      keys: orderOnly.map((p) => p.source).slice(0, 8),
      candidates: orderOnly.map((p) => p.target).slice(0, 8),
      reason: 'no shapes to check, and the names do not say these are the same tensors: only their positions would pair them, which is not proposed',
    });
  }
  // a fused tensor recognised by name explains why its pieces' names fit several keys equally
  const fusedWholes = unsizedLive.map((u) => u.whole);
  const explainedByFusion = (a: Ambiguity) => a.keys.every((k) => fusedWholes.some((w) => w === k || instantiates(k, w)));
  // with another model, nothing is paired by similarity: which similar key would have won is moot; look-alikes
  // held back by structure are still said (they are why fewer keys correspond)
  const similarityTies = m.anotherModel ? c.withheldTies : [...c.withheldTies, ...c.similarityTies, ...m.fusionTies];
  const live = [...ambiguities, ...similarityTies].filter(
    (a) => a.keys.some((k) => leftSet.has(k) || unmappedSet.has(k) || !source.has(k)) && !a.keys.every((k) => produced.has(k)) && !explainedByFusion(a),
  );
  const example = (s: string): string | undefined => {
    const v = mapping[s];
    return typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : undefined;
  };
  const causes = explainCauses({
    sourceCount: sourceKeys.length,
    targetCount: target.size,
    ops,
    covers: g.covers,
    exampleOf: example,
    anotherModel: m.anotherModel,
    matched: m.strong,
    sizeMismatches: j.sizeMismatches,
    positionWarnings: j.positionWarnings,
    leftover,
    unmapped,
    ambiguous: live.length,
    unsized: unsizedLive,
    renumbered: m.anotherModel ? renumberedPair(leftover, unmapped) : null,
    partial: sides.options.partial,
    dims: dimsDiffer(
      modelDims(source.values()),
      modelDims(target.values()),
      j.sizeMismatches.flatMap((s) => (s.sourceShape && s.targetShape ? [{ key: s.target, source: s.sourceShape, expected: s.targetShape }] : [])),
    ),
  });
  const cut = c.pairs.filter((p) => p.stage === 'cut');
  if (cut.length > 0) causes.unshift(cutCause(cut));
  // a fused tensor whose sizes are unknown is recognised, not split: no op says the fix
  const fixable = !m.anotherModel && j.sizeMismatches.length === 0 && unsizedLive.length === 0;
  return { ops, mapping, unmapped, leftover, ambiguities: live, warnings: [...j.positionWarnings, ...j.warnings, ...g.warnings], causes, sizeMismatches: j.sizeMismatches, fixable };
}

/** Keys cut short by a fixed length (fixed-cut.ts): said first, it is the cause the renames undo. */
function cutCause(pairs: readonly KeyPair[]): Cause {
  const n = cutLength(pairs);
  const ex = pairs.find((p) => p.source.length > 0) ?? pairs[0]!;
  return {
    code: 'cut_keys',
    message: `every checkpoint key is a model key without its first ${n} characters (\`${ex.source}\` is \`${ex.target}\`): the code that saved or loaded it cut ${n} characters from each key (as \`k[${n}:]\` does to remove \`module.\`) although the keys had no such prefix; the renames restore the names, and the cutting code should check the prefix (\`k.removeprefix('module.')\`)`,
  };
}
