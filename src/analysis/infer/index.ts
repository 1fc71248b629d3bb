/**
 * Plan inference: how SOURCE's tensors map onto the keys TARGET expects, as few reviewable ops.
 * The steps, each its own module and tested on its own:
 *   2. exact names (exact.ts), prefix rules from the data (prefix.ts), names equal up to synonyms and
 *      separators (canonical.ts), Detectron2-style longest dot-suffix (suffix.ts);
 *   3. renames: modules aligned as wholes (modules.ts), then template assignment (templates.ts,
 *      template-score.ts, assign.ts, rename-match.ts);
 *   4. same name, other shape (shape-mismatch.ts); 5. fused/split tensors (fused.ts);
 *   6. generalization into ops (prefix-ops.ts, drop-ops.ts, rename-ops.ts with rename-candidates.ts
 *      and segment-diff.ts, tensor-ops.ts); 7. confidence (confidence.ts) and the plain-words causes
 *      (causes.ts).
 * Step 1 (which state dict inside the file) happens before: the caller passes the selected keys.
 * When few keys correspond at all, renames found by similarity alone are withdrawn: another model is
 * reported instead of a fix invented. Keys without shapes (named by an error text) agree with any
 * shape, but renames among them must rest on names (name-evidence.ts, and ties by name are listed,
 * assign.ts); when the sides hold only the keys that differ (`partial`), every op is exact or scoped
 * to modules only the checkpoint's side shows (partial-scope.ts), so it cannot touch keys never seen.
 */
import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../plan-ops.js';
import { matchExact } from './exact.js';
import { findPrefixRules } from './prefix.js';
import { matchCanonical } from './canonical.js';
import { matchBySuffix } from './suffix.js';
import { matchModules } from './modules.js';
import { matchRenames } from './rename-match.js';
import { findConcats, findSplits, hasFusedName, type UnsizedFusion } from './fused.js';
import { renumberedPair, requireNameEvidence } from './name-evidence.js';
import { PartialScope, scopeWarnings } from './partial-scope.js';
import { instantiates } from '../key-tokens.js';
import { classifyShapes } from './shape-mismatch.js';
import { findPrefixOps } from './prefix-ops.js';
import { findDropOps, type DropRequest } from './drop-ops.js';
import { findRenameOps } from './rename-ops.js';
import { CONFIDENCE, opConfidence, opEvidence, type PairInfo } from './confidence.js';
import { findTensorOps, squareConv1dFixes, type TensorFix } from './tensor-ops.js';
import { explainCauses, templatesText, type Cause } from './causes.js';
import { simulateNames } from './op-semantics.js';
import { findTies } from './ties.js';
import { splitOps } from './fused-ops.js';
import { locate, type Located, type Ambiguity, type ConcatMatch, type KeyPair, type Pool, type SplitMatch } from './types.js';

export interface InferInput {
  /** the selected source state dict's tensors, in file order */
  source: KeyEntry[];
  /** what the model expects, in state_dict order */
  target: KeyEntry[];
  options?: {
    /** pairs less sure than this (0..1) are not acted on; they are listed as ambiguities. Default 0. */
    minConfidence?: number;
    /**
     * The sides hold only the keys that differ (an error text alone): the real checkpoint has more,
     * which load as they are. Ops are then exact or scoped to modules only the source side shows, so
     * they cannot touch those (partial-scope.ts); what that assumes is said in `warnings`.
     */
    partial?: boolean;
  };
}

export interface SizeMismatch {
  source: string;
  target: string;
  sourceShape: number[] | null;
  targetShape: number[] | null;
}

export interface InferResult {
  /**
   * ordered: prefix ops, drops, renames (a pipeline: each sees the names the previous left),
   * transposes and reshapes, splits, concats; each matches ≥ 1 key
   */
  ops: PlanOp[];
  /**
   * every source key → its final name: a target key, several (split), null (dropped), or — for
   * keys listed in `leftover` — the name the ops leave it with, which the target does not expect
   */
  mapping: Record<string, string | string[] | null>;
  /** target keys with no source: they will be missing */
  unmapped: string[];
  /** source keys neither mapped nor dropped: they will be unexpected */
  leftover: string[];
  ambiguities: Ambiguity[];
  /** said plainly, not fixed (position embeddings of another length) */
  warnings: string[];
  /** plain-words explanation, most important first */
  causes: Cause[];
  /** mapped pairs whose shapes still differ: another model size, no key transform fixes them */
  sizeMismatches: SizeMismatch[];
  /**
   * the ops are a fix: keys correspond (not another model), no size mismatch remains, and there is
   * something to do or nothing wrong. Missing/unexpected keys may remain (partial checkpoints).
   */
  fixable: boolean;
}

/** Below this share of keys corresponding by name or prefix, similarity alone is not trusted. */
const MIN_STRONG_SHARE = 0.5;

export function inferPlan(input: InferInput): InferResult {
  const minConfidence = input.options?.minConfidence ?? 0;
  const partial = input.options?.partial ?? false;
  const source = locate(input.source);
  const target = locate(input.target);
  const pool: Pool = { source: new Map(source), target: new Map(target) };
  const pairs: KeyPair[] = [];
  const take = (found: readonly KeyPair[]) => {
    for (const p of found) {
      if (!pool.source.has(p.source) || !pool.target.has(p.target)) continue;
      pairs.push(p);
      pool.source.delete(p.source);
      pool.target.delete(p.target);
    }
  };
  const ambiguities: Ambiguity[] = [];
  // where a side has no shapes, similarity must rest on names (name-evidence.ts)
  const refused: KeyPair[] = [];
  const evidenced = (found: readonly KeyPair[]) => {
    const r = requireNameEvidence(found, source, target);
    refused.push(...r.refused);
    return r.kept;
  };

  // Steps 2–3: correspondence by name, from the strongest evidence to the weakest.
  take(matchExact(pool));
  const rules = findPrefixRules(pool);
  for (const r of rules) take(r.pairs);
  take(matchCanonical(pool, rules));

  // Step 5: tensors fused on one side and split on the other. Those whose names say so go first,
  // before similarity could pair their pieces with something else; the rest after the renames.
  const splits: SplitMatch[] = [];
  const concats: ConcatMatch[] = [];
  const fusedAmbiguities: Ambiguity[] = [];
  const unsized = new Map<string, UnsizedFusion>();
  const fuse = (onlyNamed: boolean) => {
    const wholesS = onlyNamed ? new Map([...pool.source].filter(([k]) => hasFusedName(k))) : pool.source;
    const found = findSplits(wholesS, pool.target);
    fusedAmbiguities.push(...found.ambiguities);
    for (const u of found.unsized) if (!unsized.has(u.whole)) unsized.set(u.whole, u);
    for (const s of found.splits) {
      if (!pool.source.has(s.source) || !s.targets.every((t) => pool.target.has(t))) continue;
      splits.push(s);
      pool.source.delete(s.source);
      for (const t of s.targets) pool.target.delete(t);
    }
    const wholesT = onlyNamed ? new Map([...pool.target].filter(([k]) => hasFusedName(k))) : pool.target;
    const joined = findConcats(pool.source, wholesT);
    fusedAmbiguities.push(...joined.ambiguities);
    for (const c of joined.concats) {
      if (!pool.target.has(c.target) || !c.sources.every((s) => pool.source.has(s))) continue;
      concats.push(c);
      pool.target.delete(c.target);
      for (const s of c.sources) pool.source.delete(s);
    }
  };
  fuse(true);
  take(evidenced(matchModules(pool)));
  const renames = matchRenames(pool);
  take(evidenced(renames.pairs));
  // Detectron2-style suffixes for what structure did not explain (heads that differ key by key)
  const bySuffix = matchBySuffix(pool);
  take(bySuffix.pairs);
  fuse(false);

  // No invented renames: when little corresponds by name, matches by similarity are withdrawn. With
  // nothing on one side there is nothing a rename could have paired: that is no sign of another model.
  const strong = pairs.filter((p) => p.stage === 'exact' || p.stage === 'prefix' || p.stage === 'canonical').length;
  const unsizedKeys = [...unsized.values()].filter((u) => pool.source.has(u.whole) && u.parts.every((t) => pool.target.has(t)));
  const weakCount = pairs.length - strong + splits.length + concats.length + unsizedKeys.length;
  const comparable = Math.min(source.size, target.size);
  const anotherModel = comparable > 0 && (strong + weakCount) / comparable < MIN_STRONG_SHARE;
  let kept = pairs;
  let fusedKept = { splits, concats };
  if (anotherModel) {
    kept = pairs.filter((p) => p.stage === 'exact' || p.stage === 'prefix' || p.stage === 'canonical');
    fusedKept = { splits: [], concats: [] };
  }
  if (minConfidence > 0) {
    for (const p of kept) {
      if (p.confidence < minConfidence) ambiguities.push({ keys: [p.source], candidates: [p.target], reason: `confidence ${p.confidence.toFixed(2)} is below ${minConfidence}` });
    }
    kept = kept.filter((p) => p.confidence >= minConfidence);
    fusedKept = {
      splits: fusedKept.splits.filter((s) => s.confidence >= minConfidence),
      concats: fusedKept.concats.filter((c) => c.confidence >= minConfidence),
    };
  }

  // Step 4: pairs whose shapes differ.
  const goals = new Map<string, string>();
  const pairInfo = new Map<string, PairInfo>();
  const tensorFixes: TensorFix[] = [];
  const dropRequests: Omit<DropRequest, 'name'>[] = [];
  const warnings: string[] = [];
  const positionWarnings: string[] = [];
  const sizeMismatches: SizeMismatch[] = [];
  const lastIndex = Math.max(1, target.size - 1);
  for (const p of kept) {
    const a = source.get(p.source)!;
    const b = target.get(p.target)!;
    const verdict = classifyShapes(a, b, b.pos / lastIndex);
    if (verdict.kind === 'drop') {
      const [detail, ...why] = verdict.reason.split(': ');
      dropRequests.push({ source: p.source, detail: detail!, why: why.join(': ') });
      continue;
    }
    goals.set(p.source, p.target);
    pairInfo.set(p.source, { target: p.target, confidence: p.confidence });
    if (verdict.kind === 'transpose' || verdict.kind === 'reshape') {
      tensorFixes.push({ kind: verdict.kind, source: p.source, target: p.target, shape: b.shape ?? [], evidence: verdict.evidence, confidence: p.confidence });
    } else if (verdict.kind === 'position_embedding') positionWarnings.push(verdict.message);
    else if (verdict.kind === 'size') sizeMismatches.push({ source: p.source, target: p.target, sourceShape: a.shape, targetShape: b.shape });
  }
  // Square Conv1D weights: shapes cannot tell, the module's name can (GPT-2's attn.c_proj is a
  // Conv1D like mlp.c_proj, whose shape proves it).
  for (const fix of squareConv1dFixes(tensorFixes, goals, source)) {
    tensorFixes.push(fix);
    warnings.push(`${fix.target}: ${fix.evidence}`);
  }

  // Checkpoint keys with no counterpart, when every key the model expects is accounted for: a strict
  // load fails on them and nothing can use them, so they are dropped. Not from key lists without
  // shapes (an error text): those are often cut short, and the key's counterpart may be the part cut.
  const sourceKeys = input.source.map((e) => e.key).filter((k, i) => source.get(k)!.pos === i);
  const accounted = new Set<string>([...kept.map((p) => p.target), ...fusedKept.splits.flatMap((x) => x.targets), ...fusedKept.concats.map((x) => x.target)]);
  const fusedSources = new Set([...fusedKept.splits.map((x) => x.source), ...fusedKept.concats.flatMap((x) => x.sources)]);
  const complete = input.source.every((e) => e.shape !== null) && input.target.every((e) => e.shape !== null);
  if (!anotherModel && complete && [...target.keys()].every((t) => accounted.has(t))) {
    const requested = new Set(dropRequests.map((d) => d.source));
    for (const k of sourceKeys) {
      if (goals.has(k) || requested.has(k) || fusedSources.has(k)) continue;
      dropRequests.push({ source: k, detail: '', why: 'no counterpart in the model (a strict load refuses unexpected keys)' });
    }
  }

  // Step 6: the fewest ops reproducing exactly these decisions (on partial key sets, none reaching
  // beyond the keys and modules seen).
  const scope = partial ? new PartialScope(target.keys()) : null;
  const prefix = findPrefixOps(sourceKeys, goals, (op) => !scope || op.op === 'add_prefix' || scope.scopeOfStrip(op.prefix) !== null);
  const current = prefix.current;
  const drops = findDropOps(
    dropRequests.map((d) => ({ ...d, name: current.get(d.source)! })),
    [...current.values()],
    partial,
  );
  const droppedSet = new Set(dropRequests.map((d) => d.source));
  const pending = new Map<string, readonly [string, string]>();
  for (const [s, t] of goals) if (current.get(s) !== t) pending.set(s, [current.get(s)!, t]);
  // tensors a split or concat takes may ride along with their neighbours' renames (rename-ops.ts)
  const riders = new Map<string, readonly [string, string]>();
  for (const s of fusedKept.splits) riders.set(s.source, [current.get(s.source)!, fusedDirection(s.targets, s.source)]);
  for (const c of fusedKept.concats) for (const k of c.sources) riders.set(k, [current.get(k)!, fusedDirection([c.target], k)]);
  const rename = findRenameOps(
    pending,
    sourceKeys.filter((k) => !droppedSet.has(k)).map((k) => current.get(k)!),
    (cand) => !scope || scope.scopeOfPattern(cand.pattern) !== null,
    scope ? new Map() : riders,
  );
  for (const s of rename.unexpressed) {
    goals.delete(s);
    pairInfo.delete(s);
    ambiguities.push({ keys: [s], candidates: [pending.get(s)![1]], reason: 'no rename can move it without moving another key (names swap)' });
  }

  const withMeta = (op: PlanOp, covers: readonly string[]): PlanOp => {
    if (op.op === 'drop') return { ...op, confidence: CONFIDENCE.drop };
    return { ...op, confidence: opConfidence(covers, pairInfo), evidence: opEvidence(covers, pairInfo, source, target) };
  };
  const ops: PlanOp[] = [];
  const covers: string[][] = [];
  const push = (op: PlanOp, c: string[]) => {
    ops.push(op);
    covers.push(c);
  };
  prefix.ops.forEach((op, i) => push(withMeta(op, prefix.covers[i]!), prefix.covers[i]!));
  drops.ops.forEach((op, i) => push(withMeta(op, drops.covers[i]!), drops.covers[i]!));
  // renames are a pipeline: their order is part of their meaning
  rename.ops.forEach((op, i) => push(withMeta(op, rename.covers[i]!), rename.covers[i]!));
  // transposes and reshapes name keys as the renames left them
  const fixes = tensorFixes.filter((f) => goals.has(f.source));
  if (fixes.length) {
    const namesNow: string[] = [];
    for (const v of simulateNames(ops, sourceKeys).values()) if (typeof v === 'string') namesNow.push(v);
    for (const { op, covers: c } of findTensorOps(fixes, namesNow, partial)) push(op, c);
  }
  const assumed = [...fusedKept.splits.filter((x) => x.assumed).map((x) => x.source), ...fusedKept.concats.filter((x) => x.assumed).map((x) => x.target)];
  if (assumed.length > 0) {
    warnings.push(`${assumed.length === 1 ? `\`${assumed[0]}\` is` : `${assumed.length} fused tensors (${templatesText(assumed)}) are`} split or joined with sizes only one side's shapes give (equal parts, or the parts' sum): check them against the model`);
  }
  // splits and concats name their tensors as the renames left them
  const fusedNow = fusedKept.splits.length || fusedKept.concats.length ? simulateNames(ops, sourceKeys) : new Map<string, string | string[] | null>();
  const nameNow = (k: string): string => {
    const v = fusedNow.get(k);
    return typeof v === 'string' ? v : current.get(k)!;
  };
  if (fusedKept.splits.length) {
    const names: string[] = [];
    for (const v of fusedNow.values()) if (typeof v === 'string') names.push(v);
    const cut = splitOps(fusedKept.splits.map((s) => ({ ...s, key: nameNow(s.source) })), names);
    cut.ops.forEach((op, i) => push(op, cut.covers[i]!));
  }
  for (const c of fusedKept.concats) {
    push({ op: 'concat', keys: c.sources.map(nameNow), dim: c.dim, target: c.target, confidence: Math.round(c.confidence * 100) / 100, evidence: c.evidence }, c.sources);
  }

  // The mapping is what the ops do, so plan and mapping agree by construction.
  let { mapping, produced, leftover } = settle(ops, sourceKeys, target);
  // Tied weights the checkpoint stores once: the second name gets the same tensor (ties.ts). Not on
  // partial key lists: there the partner usually loads as it is and is not among the keys seen.
  if (!anotherModel && !partial) {
    const ties = findTies([...target.keys()].filter((t) => !produced.has(t)), produced, target);
    ambiguities.push(...ties.ambiguities);
    if (ties.ops.length) {
      ties.ops.forEach((op, i) => push(op, [ties.covers[i]!]));
      ({ mapping, produced, leftover } = settle(ops, sourceKeys, target));
    }
  }
  const unmapped = [...target.keys()].filter((t) => !produced.has(t));
  const leftSet = new Set(leftover);
  const unmappedSet = new Set(unmapped);
  const unsizedLive = anotherModel ? [] : unsizedKeys.filter((u) => leftSet.has(u.whole));
  if (scope) warnings.push(...scopeWarnings(ops, scope));
  const orderOnly = refused.filter((p) => leftSet.has(p.source) && unmappedSet.has(p.target));
  if (orderOnly.length > 0 && !anotherModel) {
    ambiguities.push({
      keys: orderOnly.map((p) => p.source).slice(0, 8),
      candidates: orderOnly.map((p) => p.target).slice(0, 8),
      reason: 'no shapes to check, and the names do not say these are the same tensors: only their positions would pair them, which is not proposed',
    });
  }
  // a fused tensor recognised by name explains why its pieces' names fit several keys equally
  const fusedWholes = unsizedLive.map((u) => u.whole);
  const explainedByFusion = (a: Ambiguity) => a.keys.every((k) => fusedWholes.some((w) => w === k || instantiates(k, w)));
  // with another model, nothing is paired by similarity: which similar key would have won is moot
  const similarityTies = anotherModel ? [] : [...bySuffix.ambiguities, ...renames.ambiguities, ...fusedAmbiguities];
  const liveAmbiguities = [...ambiguities, ...similarityTies].filter(
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
    covers,
    exampleOf: example,
    anotherModel,
    matched: strong,
    sizeMismatches,
    positionWarnings,
    leftover,
    unmapped,
    ambiguous: liveAmbiguities.length,
    unsized: unsizedLive,
    renumbered: anotherModel ? renumberedPair(leftover, unmapped) : null,
    partial,
  });
  // a fused tensor whose sizes are unknown is recognised, not split: no op says the fix
  const fixable = !anotherModel && sizeMismatches.length === 0 && unsizedLive.length === 0;
  return { ops, mapping, unmapped, leftover, ambiguities: liveAmbiguities, warnings: [...positionWarnings, ...warnings], causes, sizeMismatches, fixable };
}

/**
 * Where a fused tensor's renames should take it: the module its pieces land in (the targets' common
 * dot-prefix; a single target's parent), then the tensor's own last two segments. Only a direction:
 * renames may carry it closer, nothing requires it to arrive.
 */
function fusedDirection(targets: readonly string[], source: string): string {
  let prefix = targets.length === 1 ? targets[0]!.slice(0, targets[0]!.lastIndexOf('.') + 1) : targets[0]!;
  for (const t of targets.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < t.length && prefix[i] === t[i]) i++;
    prefix = prefix.slice(0, prefix.lastIndexOf('.', i - 1) + 1);
  }
  const segs = source.split('.');
  return prefix + segs.slice(-2).join('.');
}

/** What the ops make of every source key: the mapping, the target keys they produce, the keys left unexpected. */
function settle(ops: readonly PlanOp[], sourceKeys: readonly string[], target: ReadonlyMap<string, Located>): { mapping: Record<string, string | string[] | null>; produced: Set<string>; leftover: string[] } {
  const simulated = simulateNames(ops, sourceKeys);
  const mapping: Record<string, string | string[] | null> = Object.create(null);
  const produced = new Set<string>();
  const leftover: string[] = [];
  for (const s of sourceKeys) {
    const v = simulated.get(s) ?? null;
    mapping[s] = v;
    if (v === null) continue;
    const names = Array.isArray(v) ? v : [v];
    const hits = names.filter((n) => target.has(n));
    for (const n of hits) produced.add(n);
    if (hits.length === 0) leftover.push(s);
  }
  return { mapping, produced, leftover };
}

export type { Ambiguity, Cause };
