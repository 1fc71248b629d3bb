/**
 * Stage 3, judge shapes: for every pair acted on, what its shapes say (shape-mismatch.ts) — equal,
 * transposed, reshaped (same elements), a head of another size to drop, a position embedding of another
 * length, or another model size. Square Conv1D weights, which shapes cannot tell, are judged by a
 * same-named module whose shape proves the layout (tensor-ops.ts). Checkpoint keys with no counterpart,
 * when every key the model expects is accounted for, are asked to be dropped.
 */
import { classifyShapes } from '../shape-mismatch.js';
import { squareConv1dFixes, squareKernelFixes, squareProjectionFixes } from '../tensor-ops.js';
import type { Judged, Matched, Sides } from './types.js';
import { bufferRule, HEAD_MODULE } from '../../key-roles.js';
import { shapeClass } from '../shapes.js';
import { pairInfo } from '../confidence.js';
import { layoutFixes } from '../layout-fixes.js';

export function judgeShapes(sides: Sides, m: Matched): Judged {
  const { source, target } = sides;
  const j: Judged = {
    goals: new Map(),
    pairInfo: new Map(),
    tensorFixes: [],
    dropRequests: sides.options.drops.map((d) => ({ source: d.key, detail: '', why: d.reason, rolePattern: bufferRule(d.key)?.pattern })),
    sizeMismatches: [],
    positionWarnings: [],
    warnings: [],
    undecidedLayouts: [],
    positionKeys: new Set(),
  };
  const lastIndex = Math.max(1, target.size - 1);
  for (const p of m.kept) {
    const a = source.get(p.source)!;
    const b = target.get(p.target)!;
    // an error text lists keys in its own order, not the model's: no key is "last" there
    const verdict = classifyShapes(a, b, sides.options.partial ? 0 : b.pos / lastIndex);
    if (verdict.kind === 'drop' && sides.options.neverDrop.has(p.source)) {
      j.goals.set(p.source, p.target);
      j.pairInfo.set(p.source, pairInfo(a, b, p.confidence));
      j.sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
      continue;
    }
    if (verdict.kind === 'drop') {
      const [detail, ...why] = verdict.reason.split(': ');
      j.dropRequests.push({ source: p.source, detail: detail!, why: why.join(': ') });
      continue;
    }
    j.goals.set(p.source, p.target);
    j.pairInfo.set(p.source, pairInfo(a, b, p.confidence));
    if (verdict.kind === 'transpose' || verdict.kind === 'reshape') {
      j.tensorFixes.push({ kind: verdict.kind, source: p.source, target: p.target, shape: b.shape ?? [], ...(a.shape ? { from: a.shape } : {}), evidence: verdict.evidence, confidence: p.confidence });
    } else if (verdict.kind === 'position_embedding') {
      j.positionWarnings.push(verdict.message);
      j.positionKeys.add(p.target);
    }
    else if (verdict.kind === 'size') j.sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
  }
  // Square Conv1D weights: shapes cannot tell, the module's name can (GPT-2's attn.c_proj is a
  // Conv1D like mlp.c_proj, whose shape proves it).
  // Square bare matrices (`x @ P`, CLIP's text_projection) become Linear weights like their
  // non-square siblings (visual.proj), whose shapes prove the transpose.
  // (a square both readings take to be transposed is transposed once: twice is no transpose at all)
  const squared = new Set<string>();
  for (const fix of [...squareConv1dFixes(j.tensorFixes, j.goals, source), ...squareProjectionFixes(j.tensorFixes, j.goals, source)]) {
    if (squared.has(fix.source)) continue;
    squared.add(fix.source);
    j.tensorFixes.push(fix);
    j.warnings.push(`${fix.target}: ${fix.evidence}`);
  }
  // A TensorFlow checkpoint's square kernels, like its other 2-d variables: one warning for them all
  const kernels = sides.tfLayout ? squareKernelFixes(j.tensorFixes, j.goals, source) : [];
  if (kernels.length > 0) {
    j.tensorFixes.push(...kernels);
    j.warnings.push(`${kernels.length} square weight${kernels.length === 1 ? '' : 's'} (\`${kernels[0]!.target}\`, …): ${kernels[0]!.evidence}`);
  }
  // Layouts of another library (Flax kernels [in, out] and HWIO, attention kernels per head), read from
  // every pair whose source parameter has the same name: they replace what the pair-by-pair verdicts had.
  // Not between two models: there a permutation of shapes is the configuration that differs.
  if (!m.anotherModel) {
    const layouts = layoutFixes(j.goals, j.tensorFixes, source, target, (s) => j.pairInfo.get(s)?.confidence ?? 1);
    if (layouts.settled.size > 0) {
      j.tensorFixes = [...j.tensorFixes.filter((f) => !layouts.settled.has(f.source)), ...layouts.fixes];
      j.sizeMismatches = j.sizeMismatches.filter((x) => !layouts.settled.has(x.source));
    }
    // a kernel whose layout nothing decides loads as stored, which may be transposed: listed (explain.ts), never claimed right
    j.undecidedLayouts.push(...layouts.undecided);
  }
  // Keys with no counterpart, when every key the model expects is accounted for: a strict load fails
  // on them and nothing can use them. Not from key lists without shapes (an error text): those are
  // often cut short, and the key's counterpart may be the part cut.
  const accounted = new Set<string>([...m.kept.map((p) => p.target), ...m.splits.flatMap((x) => x.targets), ...m.concats.map((x) => x.target), ...m.stacks.map((x) => x.target)]);
  const fusedSources = new Set([...m.splits.map((x) => x.source), ...m.concats.flatMap((x) => x.sources), ...m.stacks.flatMap((x) => x.sources)]);
  const requested = new Set(j.dropRequests.map((d) => d.source));
  const unpaired = sides.sourceKeys.filter((k) => !j.goals.has(k) && !requested.has(k) && !fusedSources.has(k));
  if (!m.anotherModel && sides.complete && [...target.keys()].every((t) => accounted.has(t))) {
    for (const k of unpaired) j.dropRequests.push({ source: k, detail: '', why: 'no counterpart in the model (a strict load refuses unexpected keys)' });
  } else if (!m.anotherModel && sides.complete && !sides.options.partial) {
    // Whatever else is left: a buffer the module computes in its constructor (a window-attention mask,
    // a rotary table) is nothing trained, and a strict load refuses it — drop it, saying what it is.
    // (Not from key lists without shapes: an error text's keys are judged before inference, by error-hints.)
    // A classifier the model has no place for (a backbone without head) goes too, unless a key the
    // model still misses could take it (same or transposed shape).
    // by shape class (shape up to transpose and dims of 1): one lookup per key, at any scale
    const openShapes = new Set<string>();
    for (const t of target.values()) if (!accounted.has(t.key)) openShapes.add(shapeClass(t));
    const couldFill = (k: string) => openShapes.has(shapeClass(source.get(k)!));
    // the words differ: a model with a head of its own (another class count) keeps that one; a backbone has none.
    // Asked only when a head is dropped: it looks at every model key.
    let headWhy: string | undefined;
    const whyHead = (): string =>
      (headWhy ??= [...target.keys()].some((t) => HEAD_MODULE.test(t))
        ? "a task head of another size than the model's (another class count): a strict load refuses it; the model keeps its own head"
        : 'a task head the model does not have (a backbone without classifier); a strict load refuses it');
    // A buffer is dropped only when the model has no place for it: an open model key the same rule
    // names, of the same shape class, may be its counterpart that pairing held back (look-alike
    // modules listed as ambiguous, their counters with them). Unpaired is not "no counterpart".
    const openBuffers = new Set<string>();
    for (const t of target.values()) {
      const rule = accounted.has(t.key) ? null : bufferRule(t.key);
      if (rule) openBuffers.add(`${rule.what}|${shapeClass(t)}`);
    }
    for (const k of unpaired) {
      const rule = bufferRule(k);
      if (rule && !rule.copyOfWeights) {
        if (!openBuffers.has(`${rule.what}|${shapeClass(source.get(k)!)}`)) j.dropRequests.push({ source: k, detail: '', why: `${rule.what}: ${rule.why}` });
      }
      else if (HEAD_MODULE.test(k) && !couldFill(k)) j.dropRequests.push({ source: k, detail: '', why: whyHead() });
    }
  }
  return j;
}
