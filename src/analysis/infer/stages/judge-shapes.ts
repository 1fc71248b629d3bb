/**
 * Stage 3, judge shapes: for every pair acted on, what its shapes say (shape-mismatch.ts) — equal,
 * transposed, reshaped (same elements), a head of another size to drop, a position embedding of another
 * length, or another model size. Square Conv1D weights, which shapes cannot tell, are judged by a
 * same-named module whose shape proves the layout (tensor-ops.ts). Checkpoint keys with no counterpart,
 * when every key the model expects is accounted for, are asked to be dropped.
 */
import { classifyShapes, type VocabPadding } from '../shape-mismatch.js';
import type { MegatronArgs } from '../megatron-qkv.js';
import { JOINED_TP } from '../../../formats/megatron/names.js';
import { sameShape } from '../../../formats/keys.js';
import { numel } from '../../../formats/tensor.js';
import { UNWITNESSED_REVERSAL } from '../causes.js';
import { squareConv1dFixes, squareKernelFixes, squareProjectionFixes, TF_SQUARE_UNDECIDED } from '../tensor-ops.js';
import type { Judged, Matched, Sides } from './types.js';
import type { TensorFix } from '../tensor-ops.js';
import type { Located } from '../types.js';
import { isOneTensor, type TargetStorages } from '../ties.js';
import { tiedApart } from '../storage-conflicts.js';
import { adapterScale, bufferRule, bufferRuleSeen, HEAD_MODULE, isOutputHead } from '../../key-roles.js';
import { shapeClass } from '../shapes.js';
import { CONFIDENCE, PairTable } from '../confidence.js';
import { biasLength, layoutFixes, sourceSaysForeign, squaresStoredInOut } from '../layout-fixes.js';
import { CLASS_LAYOUT_UNKNOWN, classLayoutFixes, CONV1D_WEIGHT } from '../class-layouts.js';
import { squaresBesideTransposes } from '../square-siblings.js';

/** a pair's goal set in the map, by number and in the map's order (a key set again keeps its place, as in a map) */
function setGoal(j: Judged, a: number, b: number, source: string, target: string): void {
  if (j.goalTo[a] === -1) j.goalOrder.push(a);
  j.goals.set(source, target);
  j.goalTo[a] = b;
}

/** The reason of a drop of a key nothing in the model corresponds to (plan/trained-drops.ts reads it: trained weights dropped so are a decision). */
export const NO_COUNTERPART = 'no counterpart in the model (a strict load refuses unexpected keys)';

/**
 * The position from which every key of the model is its output head's (key-roles.ts isOutputHead): named
 * heads at the end of the model's order, beside the last one (`head.0`, `head.2`; DeiT's `head`, `head_dist`),
 * which nothing after them consumes. A head-named layer inside another module before them (`encoder.fc`)
 * is not the model's end. size when the last key is no head.
 */
function headTail(target: ReadonlyMap<string, { pos: number }>): number {
  const byPos = [...target].sort((x, y) => y[1].pos - x[1].pos);
  let from = target.size;
  let parent: string | null = null;
  for (const [k, t] of byPos) {
    if (!isOutputHead(k)) break;
    const at = headParent(k);
    if ((parent ??= at) !== at) break;
    from = t.pos;
  }
  return from;
}

/** The source's padded vocabulary from its saved Megatron args (padded_vocab_size; the multiple from make_vocab_size_divisible_by × its tensor-parallel ranks), null without. */
function vocabPaddingOf(m: MegatronArgs | null): VocabPadding | null {
  const padded = m?.args.get('padded_vocab_size');
  if (typeof padded !== 'number' || !(padded > 0)) return null;
  const div = m!.args.get('make_vocab_size_divisible_by');
  const tp = m!.args.get(JOINED_TP);
  return { padded, multiple: typeof div === 'number' && typeof tp === 'number' && div > 0 && tp > 0 ? div * tp : null };
}

/** The module holding a key's head module (`''` for `head.2.weight`, `encoder.` for `encoder.fc.weight`). */
function headParent(key: string): string {
  const m = HEAD_MODULE.exec(key)!;
  return key[m.index] === '.' ? key.slice(0, m.index + 1) : '';
}

export function judgeShapes(sides: Sides, m: Matched): Judged {
  const { source, target, numbers } = sides;
  const j: Judged = {
    goals: new Map(),
    goalTo: new Int32Array(sides.sourceKeys.length).fill(-1),
    goalOrder: [],
    pairInfo: new PairTable(source, numbers, sides.sourceKeys.length),
    tensorFixes: [],
    dropRequests: sides.options.drops.map((d) => ({ source: d.key, detail: '', why: d.reason, rolePattern: bufferRule(d.key)?.pattern })),
    sizeMismatches: [],
    positionWarnings: [],
    warnings: [],
    undecidedLayouts: [],
    layoutWhy: new Map(),
    positionKeys: new Set(),
    vocabPadding: [],
  };
  for (const names of tiedApart(m.kept, sides.options.targetStorages, target, sides.options.sourceStorages, sides.options.sourceEqualValues)) {
    const list = names.map((k) => `\`${k}\``).join(', ');
    const seen = sides.options.sourceStorages === null ? 'holds each of them under its own name (whether they are one tensor it cannot show)' : 'stores them as separate tensors';
    j.warnings.push(`the model ties ${list} (one tensor under ${names.length} names) and the checkpoint ${seen}: a strict load accepts it, but where their values differ the model keeps only \`${names[names.length - 1]}\`'s (loaded last) and the others' trained values are lost; if the checkpoint's model did not tie them (tie_word_embeddings=False), build the model untied`);
  }
  // an op's order evidence is read in the order pairing saw, not a sorted file's (natural-order.ts moduleRanks)
  const ranks = sides.orderRanks;
  const order = (a: Located, b: Located) => ({ source: ranks?.source?.get(a.key) ?? a.pos, target: ranks?.target?.get(b.key) ?? b.pos });
  const lastIndex = Math.max(1, target.size - 1);
  const tail = headTail(target);
  const padding = vocabPaddingOf(sides.options.megatronArgs);
  for (const p of m.kept) {
    const a = source.get(p.source)!;
    const b = target.get(p.target)!;
    // an error text lists keys in its own order, not the model's: no key is "last" there
    const verdict = classifyShapes(a, b, sides.options.partial ? 0 : b.pos / lastIndex, sides.options.partial || b.pos >= tail, padding);
    if (verdict.kind === 'drop' && sides.options.neverDrop.has(p.source)) {
      setGoal(j, numbers.source(a), numbers.target(b), p.source, p.target);
      j.pairInfo.set(a, b, p.confidence, order(a, b));
      j.sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
      continue;
    }
    if (verdict.kind === 'drop') {
      const [detail, ...why] = verdict.reason.split(': ');
      j.dropRequests.push({ source: p.source, detail: detail!, why: why.join(': ') });
      continue;
    }
    setGoal(j, numbers.source(a), numbers.target(b), p.source, p.target);
    j.pairInfo.set(a, b, p.confidence, order(a, b));
    if (verdict.kind === 'transpose' || verdict.kind === 'reshape') {
      j.tensorFixes.push({ kind: verdict.kind, source: p.source, target: p.target, shape: b.shape ?? [], ...(a.shape ? { from: a.shape } : {}), evidence: verdict.evidence, confidence: p.confidence });
    } else if (verdict.kind === 'position_embedding') {
      j.positionWarnings.push(verdict.message);
      j.positionKeys.add(p.target);
    }
    else if (verdict.kind === 'vocabulary_padding') j.vocabPadding.push({ target: p.target, table: verdict.table });
    else if (verdict.kind === 'size') j.sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
  }
  // A weight stored reversed that the other pairs' sizes already explain is that configuration, not a layout
  const configured = reversedByConfiguration(j.tensorFixes, j.goals, source, target);
  if (configured.length > 0) {
    const moved = new Set(configured.map((f) => f.source));
    j.tensorFixes = j.tensorFixes.filter((f) => !moved.has(f.source));
    for (const f of configured) j.sizeMismatches.push({ source: f.source, target: f.target, sourceShape: f.from ?? null, targetShape: f.shape });
  }
  // A reversed weight nothing witnesses reads as a model of swapped sizes as well as a layout: said, at low confidence
  const unwitnessed = reversedWithoutWitness(j.tensorFixes, j.goals, source, target);
  if (unwitnessed.length > 0) {
    const first = unwitnessed[0]!;
    for (const f of unwitnessed) {
      f.confidence = Math.min(f.confidence, CONFIDENCE.squareTransposeByName);
      f.evidence = `${f.evidence.slice(0, f.evidence.indexOf(': '))}: ${UNWITNESSED_REVERSAL}`;
      f.unwitnessed = true;
    }
    const n = unwitnessed.length;
    j.warnings.push(`${n} reversed weight${n === 1 ? '' : 's'} (\`${first.target}\`${n === 1 ? '' : ', …'}): ${UNWITNESSED_REVERSAL}`);
  }
  // Square Conv1D weights: shapes cannot tell, the module's name can (GPT-2's attn.c_proj is a
  // Conv1D like mlp.c_proj, whose shape proves it).
  // Square bare matrices (`x @ P`, CLIP's text_projection) become Linear weights like their
  // non-square siblings (visual.proj), whose shapes prove the transpose.
  // (a square both readings take to be transposed is transposed once: twice is no transpose at all)
  // (a square bare matrix whose checkpoint contradicts the x @ P convention is listed, loaded as stored: never
  // renamed untransposed as if its layout were known)
  const squared = new Set<string>();
  // (a TensorFlow checkpoint names every variable bare, `q` for `q.weight`: its square kernels are read below, as kernels)
  const projections = sides.tfLayout ? { fixes: [], undecided: [] } : squareProjectionFixes(j.tensorFixes, j.goals, source);
  for (const fix of [...squareConv1dFixes(j.tensorFixes, j.goals, source, target), ...projections.fixes]) {
    if (squared.has(fix.source)) continue;
    squared.add(fix.source);
    j.tensorFixes.push(fix);
    j.warnings.push(`${fix.target}: ${fix.evidence}`);
  }
  j.undecidedLayouts.push(...projections.undecided.filter((k) => !squared.has(k)));
  // A TensorFlow checkpoint's square kernels, like its other 2-d variables: one warning for them all
  const { fixes: kernels, undecided: unsaid } = sides.tfLayout ? squareKernelFixes(j.tensorFixes, j.goals, source, target) : { fixes: [], undecided: [] };
  for (const k of unsaid) {
    j.layoutWhy.set(k, TF_SQUARE_UNDECIDED);
    if (!j.undecidedLayouts.includes(k)) j.undecidedLayouts.push(k);
  }
  if (kernels.length > 0) {
    j.tensorFixes.push(...kernels);
    j.warnings.push(`${kernels.length} square weight${kernels.length === 1 ? '' : 's'} (\`${kernels[0]!.target}\`, …): ${kernels[0]!.evidence}`);
  }
  // Layouts of another library (Flax kernels [in, out] and HWIO, attention kernels per head), read from
  // every pair whose source parameter has the same name: they replace what the pair-by-pair verdicts had.
  // Not between two models: there a permutation of shapes is the configuration that differs.
  if (!m.anotherModel) {
    const said = { sparse: sides.options.sparseLibrary !== null, foreign: sides.tfLayout || sourceSaysForeign(source) };
    const layouts = layoutFixes(j.goals, j.tensorFixes, source, target, (s) => j.pairInfo.confidence(s) ?? 1, said);
    if (layouts.settled.size > 0) {
      j.tensorFixes = [...j.tensorFixes.filter((f) => !layouts.settled.has(f.source)), ...layouts.fixes];
      j.sizeMismatches = j.sizeMismatches.filter((x) => !layouts.settled.has(x.source));
    }
    // a kernel whose layout nothing decides loads as stored, which may be transposed: listed (explain.ts), never claimed right
    j.undecidedLayouts.push(...layouts.undecided);
    // per-head weights for square Linears whose heads' side nothing shows: said, not merged (a wrong merge loads silently)
    if (layouts.heldBack.length > 0) {
      const [key, why] = layouts.heldBack[0]!.split('\u0000');
      const n = layouts.heldBack.length;
      j.warnings.push(`${n} per-head weight${n === 1 ? '' : 's'} (\`${key}\`${n === 1 ? '' : ', …'}): ${why}`);
    }
    // square plain weights of a checkpoint whose Linear weights of that name are stored [in, out], their biases say so
    // (with no class recorded on either side, a square only other modules' weights speak for is listed, not guessed)
    const noClasses = !sides.options.sourceModules && !sides.options.targetModules;
    const { fixes: squares, undecided, listed } = squaresStoredInOut(j.goals, j.tensorFixes, source, target, (s) => j.pairInfo.confidence(s) ?? 1, noClasses);
    j.undecidedLayouts.push(...undecided);
    for (const [k, why] of listed) {
      j.layoutWhy.set(k, why);
      if (!j.undecidedLayouts.includes(k)) j.undecidedLayouts.push(k);
    }
    if (squares.length > 0) {
      j.tensorFixes.push(...squares);
      j.warnings.push(`${squares.length} square weight${squares.length === 1 ? '' : 's'} (\`${squares[0]!.target}\`, …): ${squares[0]!.evidence}`);
    }
  }
  // Square weights whose module's class changed layout (Conv1D ↔ Linear), as the manifests record it (review 18 F6):
  // read last, so that both sides' classes replace a guess from the other weights, and one side's class leaves
  // a weight that guess decided as it is
  const byClass = classLayoutFixes(j.goals, j.tensorFixes, source, target, sides.options.sourceModules, sides.options.targetModules);
  // a guess the classes replace or rule out goes with its warnings (its evidence after the key or the count), unless a
  // kept fix says the same: never "taken to be too" beside the classes' decision (review 23 F7)
  const withdraw = (gone: (f: TensorFix) => boolean) => {
    const evidence = new Set(j.tensorFixes.filter(gone).map((f) => f.evidence));
    j.tensorFixes = j.tensorFixes.filter((f) => !gone(f));
    const kept = new Set(j.tensorFixes.map((f) => f.evidence));
    j.warnings = j.warnings.filter((w) => ![...evidence].some((e) => !kept.has(e) && w.endsWith(`: ${e}`)));
  };
  if (byClass.fixes.length > 0) {
    const settled = new Set(byClass.fixes.map((f) => f.source));
    withdraw((f) => settled.has(f.source));
    j.tensorFixes.push(...byClass.fixes);
    j.undecidedLayouts = j.undecidedLayouts.filter((k) => !settled.has(k));
    const n = byClass.fixes.length;
    j.warnings.push(`${n} square weight${n === 1 ? '' : 's'} (\`${byClass.fixes[0]!.target}\`${n === 1 ? '' : ', …'}): ${byClass.fixes[0]!.evidence}`);
  }
  if (byClass.sameLayout.length > 0) {
    // both sides' classes store these alike (square, so only the classes can say): a guessed transpose is ruled out
    const alike = new Set(byClass.sameLayout);
    // (a convention's transpose too, at the class line: both sides' classes outrank a name's convention)
    withdraw((f) => f.kind === 'transpose' && alike.has(f.source) && f.confidence <= CONFIDENCE.transposeByClass);
    j.undecidedLayouts = j.undecidedLayouts.filter((k) => !alike.has(k));
  }
  if (byClass.oneSided.size > 0) {
    // a guess one side's class does not settle: withdrawn, listed with what decides (never claimed either way)
    withdraw((f) => f.kind === 'transpose' && byClass.oneSided.has(f.source) && f.confidence < CONFIDENCE.transposeByClass);
    for (const [k, why] of byClass.oneSided) {
      j.layoutWhy.set(k, why);
      if (!j.undecidedLayouts.includes(k)) j.undecidedLayouts.push(k);
    }
  }
  for (const k of byClass.undecided) j.layoutWhy.set(k, CLASS_LAYOUT_UNKNOWN);
  j.undecidedLayouts.push(...byClass.undecided.filter((k) => !j.undecidedLayouts.includes(k)));
  // Squares beside a weight of their kind transposed on its shapes (review 23 F1): the checkpoint stores that kind
  // another way than the model, and a square cannot show whether it does too; whatever no reading above decided
  // is listed, loaded as stored (one rule for every name, GPT-2's or not)
  const listedAlready = new Set([...j.undecidedLayouts, ...byClass.sameLayout]);
  for (const [k, why] of squaresBesideTransposes(j.goals, j.tensorFixes, source, target, listedAlready)) {
    j.layoutWhy.set(k, why);
    j.undecidedLayouts.push(k);
  }
  // Keys with no counterpart, when every key the model expects is accounted for: a strict load fails
  // on them and nothing can use them. Not from key lists without shapes (an error text): those are
  // often cut short, and the key's counterpart may be the part cut.
  // added one by one: no array of every kept target spread into it (1,000,000 at scale)
  const accounted = accountedTargets(target, m, sides.options.targetStorages);
  const fusedSources = new Set([...m.splits.map((x) => x.source), ...m.concats.flatMap((x) => x.sources), ...m.stacks.flatMap((x) => x.sources)]);
  const requested = new Set(j.dropRequests.map((d) => d.source));
  // read only where a branch below drops some of them
  const unpaired = () => sides.sourceKeys.filter((k, i) => j.goalTo[i] === -1 && !requested.has(k) && !fusedSources.has(k));
  if (!m.anotherModel && sides.complete && everyEntry(target, accounted)) {
    const scales: string[] = [];
    // a buffer of a kind the error text's drops already name (a mask past a cut text's end, review20 F4): that
    // buffer, said so and dropped in the same op, not a key of no counterpart beside it
    const hintedRoles = new Set(j.dropRequests.map((r) => r.rolePattern).filter((p) => p !== undefined));
    for (const k of unpaired()) {
      // a LoRA alpha is left out of the state dict, but its value belongs in the adapter's config: said, never dropped as nothing
      const scale = adapterScale(k);
      if (scale) scales.push(k);
      const e = source.get(k)!;
      const buffer = hintedRoles.size > 0 ? bufferRuleSeen(k, e.shape, e.dtype) : null;
      j.dropRequests.push(scale ? { source: k, detail: '', why: `${scale.what}: ${scale.why}`, rolePattern: scale.pattern } : buffer && hintedRoles.has(buffer.pattern) ? { source: k, detail: '', why: `${buffer.what}: ${buffer.why}`, rolePattern: buffer.pattern } : { source: k, detail: '', why: NO_COUNTERPART, noCounterpart: true });
    }
    if (scales.length > 0) j.warnings.push(`${scales.length === 1 ? `\`${scales[0]}\` is` : `${scales.length} LoRA alphas (\`${scales[0]}\`, …) are`} left out of the state dict, but ${scales.length === 1 ? 'it is' : 'they are'} the adapter's scale (alpha / rank): set the adapter config's lora_alpha to ${scales.length === 1 ? 'its value' : 'their value (alpha_pattern per module where they differ)'}, or the adapter acts at another strength`);
  } else if (!m.anotherModel && sides.complete && !sides.options.partial) {
    // Whatever else is left: a buffer the module computes in its constructor (a window-attention mask,
    // a rotary table) is nothing trained, and a strict load refuses it — drop it, saying what it is.
    // (Not from key lists without shapes: an error text's keys are judged before inference, by error-hints.)
    // A classifier the model has no place for (a backbone without head) goes too, unless a key the
    // model still misses could take it (same or transposed shape).
    // by shape class (shape up to transpose and dims of 1): one lookup per key, at any scale
    const openShapes = new Set<string>();
    for (const t of target.values()) if (!accounted(t.key, t)) openShapes.add(shapeClass(t));
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
      const rule = accounted(t.key, t) ? null : bufferRuleSeen(t.key, t.shape, t.dtype, (k) => target.has(k));
      if (rule) openBuffers.add(`${rule.what}|${shapeClass(t)}`);
    }
    for (const k of unpaired()) {
      // the tensor's shape and dtype, and its module's weight beside it, may refute its name (a Linear's `attn.bias`)
      const rule = bufferRuleSeen(k, source.get(k)!.shape, source.get(k)!.dtype, (x) => source.has(x));
      if (rule && !rule.copyOfWeights) {
        if (!openBuffers.has(`${rule.what}|${shapeClass(source.get(k)!)}`)) j.dropRequests.push({ source: k, detail: '', why: `${rule.what}: ${rule.why}` });
      }
      else if (HEAD_MODULE.test(k) && !couldFill(k)) j.dropRequests.push({ source: k, detail: '', why: whyHead() });
    }
  }
  return j;
}

/**
 * The non-square transposes of plain 2-d `weight`s (`[32, 48]` for `[48, 32]`) that nothing witnesses:
 * the shapes fit a model of swapped sizes (d 48 / ff 32 ↔ d 32 / ff 48) as well as a transposed layout.
 * A witness for the whole checkpoint (its transposes are one layout): a Conv1D module's name, a Flax /
 * TF `kernel` or a bare matrix becoming a weight (their names are the layout), a bias of the same length
 * on both sides (a Linear's bias is its output size, which the layout keeps), or a pair of equal shape
 * that keeps one of the reversed sizes (the configuration did not swap it).
 */
function reversedWithoutWitness(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): TensorFix[] {
  const leaf = (k: string) => k.slice(k.lastIndexOf('.') + 1);
  const reversed: TensorFix[] = [];
  for (const f of fixes) {
    if (f.kind !== 'transpose') continue;
    const from = f.from ?? source.get(f.source)?.shape;
    if (!from || from.length !== 2 || f.shape.length !== 2 || from[0] === from[1]) return [];
    if (leaf(f.source) !== 'weight' || leaf(f.target) !== 'weight' || CONV1D_WEIGHT.test(f.source) || CONV1D_WEIGHT.test(f.target)) return [];
    const sb = biasLength(source, f.source);
    if (sb !== null && sb === biasLength(target, f.target)) return [];
    reversed.push(f);
  }
  if (reversed.length === 0) return [];
  const sizes = new Set(reversed.flatMap((f) => f.shape));
  const fixed = new Set(fixes.map((f) => f.source));
  for (const [s, t] of goals) {
    if (fixed.has(s)) continue;
    const a = source.get(s)?.shape;
    const b = target.get(t)?.shape;
    if (a && b && sameShape(a, b) && a.some((x) => sizes.has(x))) return [];
  }
  return reversed;
}

/** Does every entry of the map pass the test (Array.every over an iterator, without an array of them)? */
function everyEntry(side: ReadonlyMap<string, Located>, test: (key: string, e: Located) => boolean): boolean {
  for (const [k, e] of side) if (!test(k, e)) return false;
  return true;
}

/**
 * Which model keys a pair, split, concat or stack accounts for: a test of a key and its entry. Marked by
 * the entry's position, one byte per key (a set of 100,000 names and its growth were a fifth of judging
 * shapes at scale); by name where the side's positions are not one per key (a side not made by locate()).
 */
function accountedTargets(target: ReadonlyMap<string, Located>, m: Matched, storages: TargetStorages): (key: string, e: Located) => boolean {
  const named = (each: (t: string) => void) => {
    // the named keys, kept only where the target shows storages (most plans: none)
    const met = storages && storages.length > 0 ? new Set<string>() : null;
    const add = (t: string) => {
      each(t);
      met?.add(t);
    };
    for (const p of m.kept) add(p.target);
    for (const x of m.splits) for (const t of x.targets) add(t);
    for (const x of m.concats) add(x.target);
    for (const x of m.stacks) add(x.target);
    // a key the target stores in one storage with a named key of its shape is that tensor (the tie's copy, ties.ts)
    for (const g of met ? storages! : []) if (g.some((k) => met!.has(k)) && isOneTensor(g, target)) for (const k of g) each(k);
  };
  let size = 0;
  for (const e of target.values()) size = Math.max(size, e.pos + 1);
  const marks = new Uint8Array(size);
  let unique = true;
  for (const e of target.values()) {
    if (!Number.isInteger(e.pos) || e.pos < 0 || marks[e.pos]) {
      unique = false;
      break;
    }
    marks[e.pos] = 1;
  }
  if (!unique) {
    const accounted = new Set<string>();
    named((t) => accounted.add(t));
    return (k) => accounted.has(k);
  }
  marks.fill(0);
  named((t) => {
    const e = target.get(t);
    if (e) marks[e.pos] = 1;
  });
  return (_k, e) => marks[e.pos] === 1;
}

/**
 * Transposes the pair-by-pair verdicts proposed for plain 2-d weights (`[256, 512]` for `[512, 256]`)
 * that are a configuration difference, not a layout. Two readings, either enough:
 *  - the layer's own bias: a Linear's bias is its output size, and storing a weight transposed (Conv1D)
 *    keeps that size, so a bias of another length on the two sides says the layer has other sizes;
 *  - the other pairs' sizes: where the checkpoint is of another width (d 512 → 256 in its embeddings,
 *    norms and attention), a weight whose reversal is that change (its 512 is the model's 256) is of that
 *    configuration. Read per dim value over the pairs of another size (a value seen becoming two sizes
 *    says nothing); a dim value the pairs keep (768 → 768) rules the reading out for a weight that moves it.
 * A kernel (Flax / TensorFlow) keeps its transpose: its name is the layout evidence.
 */
function reversedByConfiguration(fixes: readonly TensorFix[], goals: ReadonlyMap<string, string>, source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>): TensorFix[] {
  if (!fixes.some((f) => f.kind === 'transpose')) return [];
  const becomes = new Map<number, number>();
  const conflicting = new Set<number>();
  for (const [s, t] of goals) {
    const a = source.get(s)?.shape;
    const b = target.get(t)?.shape;
    // pairs of another size only (a transposed or reshaped pair holds the same elements)
    if (!a || !b || a.length !== b.length || numel(a) === numel(b)) continue;
    a.forEach((x, i) => {
      const y = b[i]!;
      if (becomes.has(x) && becomes.get(x) !== y) conflicting.add(x);
      else becomes.set(x, y);
    });
  }
  for (const x of conflicting) becomes.delete(x);
  return fixes.filter((f) => {
    const from = f.from ?? source.get(f.source)?.shape;
    if (f.kind !== 'transpose' || !from || from.length !== 2 || f.shape.length !== 2 || from[0] === from[1] || /(^|\.)kernel$/.test(f.source)) return false;
    const sb = biasLength(source, f.source);
    const tb = biasLength(target, f.target);
    if (sb !== null && tb !== null && sb !== tb) return true;
    let changed = false;
    for (let i = 0; i < 2; i++) {
      const y = becomes.get(from[i]!);
      if (y === undefined) continue;
      if (y !== f.shape[i]) return false;
      if (y !== from[i]) changed = true;
    }
    return changed;
  });
}
