/**
 * Stage 5, explain: what the plan leaves (missing, unexpected), the ambiguities still live (ties the
 * evidence could not break, listed with their candidates, never guessed), and the causes in plain
 * words, most important first (causes.ts). A plan is a fix when keys correspond, no size mismatch
 * remains and no fused tensor waits for sizes nobody gave.
 */
import type { Ambiguity, KeyPair } from '../types.js';
import type { Cause } from '../causes.js';
import { cutLength } from '../fixed-cut.js';
import { listEnds } from '../list-ends.js';
import { instantiates } from '../../key-tokens.js';
import { explainCauses } from '../causes.js';
import { dimsDiffer, modelDims } from '../dims.js';
import { renumberedPair } from '../name-evidence.js';
import { shapesAfterOps } from '../shapes-after.js';
import { formatShape } from '../shapes.js';
import { vocabPaddingMessage } from '../shape-mismatch.js';
import type { InferResult } from '../index.js';
import type { Correspondence, Generalised, Judged, Matched, Sides } from './types.js';

export function explain(sides: Sides, c: Correspondence, m: Matched, j: Judged, g: Generalised): InferResult {
  const { source, target, sourceKeys } = sides;
  const { ops, mapping, produced, leftover } = g;
  const unmapped: string[] = [];
  for (const [t, e] of target) if (!produced.hasEntry(e)) unmapped.push(t);
  const leftSet = new Set(leftover);
  const unmappedSet = new Set(unmapped);
  const unsizedLive = m.anotherModel ? [] : m.unsizedKeys.filter((u) => (u.joined ? unmappedSet.has(u.whole) : leftSet.has(u.whole)));
  const ambiguities: Ambiguity[] = [...m.ambiguities, ...g.ambiguities];
  // the shapes the ops leave, held against the model's: what the pair-by-pair judgement missed fails a strict load too
  const said = new Set([...j.sizeMismatches.map((x) => x.target), ...j.positionKeys, ...j.vocabPadding.map((x) => x.target)]);
  const wrongShape = shapesAfterOps(ops, sourceKeys, source, target, mapping, said, g.named);
  const orderOnly = c.refused.filter((p) => leftSet.has(p.source) && unmappedSet.has(p.target));
  if (orderOnly.length > 0 && !m.anotherModel) {
    ambiguities.push({
      keys: orderOnly.map((p) => p.source).slice(0, 8),
      candidates: orderOnly.map((p) => p.target).slice(0, 8),
      reason: 'no shapes to check, and the names do not say these are the same tensors: only their positions would pair them, which is not proposed',
    });
  }
  // a fused tensor recognised by name explains why its pieces' names fit several keys equally
  // (a whole the model holds is explained with its parts: the checkpoint's keys the ties name are those parts)
  const fusedWholes = unsizedLive.flatMap((u) => (u.joined ? [u.whole, ...u.parts] : [u.whole]));
  const explainedByFusion = (a: Ambiguity) => a.keys.every((k) => fusedWholes.some((w) => w === k || instantiates(k, w)));
  // with another model, nothing is paired by similarity: which similar key would have won is moot; look-alikes
  // held back by structure are still said (they are why fewer keys correspond)
  const similarityTies = m.anotherModel ? c.withheldTies : [...c.withheldTies, ...c.similarityTies, ...m.fusionTies];
  // (one made and loaded as stored is live whatever the ops did: its values are what is open)
  const live = [...ambiguities, ...similarityTies].filter(
    (a) => a.loadsAsStored || (a.keys.some((k) => leftSet.has(k) || unmappedSet.has(k) || !source.has(k)) && !a.keys.every((k) => produced.has(k)) && !explainedByFusion(a)),
  );
  // a list one member longer or shorter at its end, the rest kept by name: an insertion or removal anywhere gives the same keys (list-ends.ts)
  const dropped = ops.some((o) => o.op === 'drop') ? sourceKeys.filter((k) => mapping[k] === null) : [];
  // (beside the checkpoint, an error text cut short may hide more of the list's keys: no end is read from it)
  const shifted = m.anotherModel || sides.options.partial || sides.options.cut ? [] : listEnds(unmapped, [...dropped, ...leftover], source, target, (k) => mapping[k]);
  const example = (s: string): string | undefined => {
    const v = mapping[s];
    return typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : undefined;
  };
  // between two models a tensor of another shape is one more size difference, not the plan's miss
  const causeSizes = m.anotherModel ? [...j.sizeMismatches, ...wrongShape] : j.sizeMismatches;
  const causes = explainCauses({
    sourceCount: sourceKeys.length,
    targetCount: target.size,
    ops,
    covers: g.covers,
    exampleOf: example,
    isModelKey: (k) => target.has(k),
    anotherModel: m.anotherModel,
    matched: m.strong,
    sizeMismatches: causeSizes,
    positionWarnings: j.positionWarnings,
    leftover,
    unmapped,
    ambiguous: live.filter((a) => !a.belowMinimum).length + shifted.length,
    belowMinimum: live.flatMap((a) => (a.belowMinimum ? [a.belowMinimum] : [])),
    unsized: unsizedLive,
    renumbered: m.anotherModel ? renumberedPair(leftover, unmapped) : null,
    partial: sides.options.partial,
    // (speed only) the sizes in words are read only beside another model or a size mismatch (explainCauses):
    // elsewhere, the commonest plan, no pass over both sides' keys to count layers and widths
    dims:
      m.anotherModel || causeSizes.length > 0
        ? dimsDiffer(
            modelDims(source.values()),
            modelDims(target.values()),
            j.sizeMismatches.flatMap((s) => (s.sourceShape && s.targetShape ? [{ key: s.target, source: s.sourceShape, expected: s.targetShape }] : [])),
          )
        : null,
  });
  if (wrongShape.length > 0 && !m.anotherModel) {
    const x = wrongShape[0]!;
    causes.unshift({
      code: 'shape_after_plan',
      message: `${wrongShape.length === 1 ? 'a tensor lands' : `${wrongShape.length} tensors land`} on ${wrongShape.length === 1 ? 'a model key' : 'model keys'} in another shape than the model's after the plan's ops (\`${x.target}\` ${formatShape(x.sourceShape ?? [])} vs ${formatShape(x.targetShape ?? [])}): a strict load fails on ${wrongShape.length === 1 ? 'it' : 'them'}, so the plan is no fix as it stands`,
    });
  }
  // kernels whose layout nothing decided: loaded as stored, so the plan claims nothing about them
  const layoutUndecided: Ambiguity[] = j.undecidedLayouts.map((k) => ({ keys: [k], candidates: [j.goals.get(k) ?? k], reason: j.layoutWhy.get(k) ?? 'a weight whose layout its shape does not tell (square), in a checkpoint whose other weights of its name are stored transposed or disagree: loaded as stored, which may be transposed', loadsAsStored: true }));
  const cut = c.pairs.filter((p) => p.stage === 'cut');
  if (cut.length > 0) causes.unshift(cutCause(cut));
  // Megatron's padded vocabulary: the trained rows are the checkpoint's first ones; no op slices them, so no fix is claimed
  if (j.vocabPadding.length > 0) causes.unshift({ code: 'vocabulary_padding', message: vocabPaddingMessage(j.vocabPadding.map((x) => x.table)) });
  // a fused tensor whose sizes are unknown is recognised, not split: no op says the fix
  const sizeMismatches = [...j.sizeMismatches, ...wrongShape];
  const fixable = !m.anotherModel && sizeMismatches.length === 0 && unsizedLive.length === 0 && j.vocabPadding.length === 0;
  return { ops, mapping, unmapped, leftover, ambiguities: [...live, ...shifted, ...layoutUndecided], warnings: [...j.positionWarnings, ...j.warnings, ...g.warnings], causes, sizeMismatches, fixable };
}

/** Keys cut short by a fixed length (fixed-cut.ts): said first, it is the cause the renames undo. */
function cutCause(pairs: readonly KeyPair[]): Cause {
  const n = cutLength(pairs);
  const ex = pairs.find((p) => p.source.length > 0) ?? pairs[0]!;
  return {
    code: 'cut_keys',
    message: `every checkpoint key is a model key without its first ${n} characters (\`${ex.source}\` is \`${ex.target}\`): the code that saved or loaded it cut ${n} characters from each key (as \`k[${n}:]\` does to remove \`module.\`) although the keys had no such prefix; the renames restore the names, and the cutting code should check the prefix (\`k[7:] if k.startswith('module.') else k\`)`,
  };
}
