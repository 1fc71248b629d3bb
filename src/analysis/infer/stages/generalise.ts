/**
 * Stage 4, generalise: the fewest ops reproducing exactly the decisions so far, in the order a script
 * would apply them — prefix ops (prefix-ops.ts), drops (drop-ops.ts), renames as a pipeline with
 * captures and index arithmetic (rename-ops.ts; fused tensors ride along), transposes and reshapes by
 * pattern (tensor-ops.ts), splits, stacks and concats by pattern (fused-ops.ts), copies for tied weights
 * (ties.ts). On partial key sets no op reaches beyond the keys and modules seen (partial-scope.ts).
 * The mapping is what the ops do (op-vocabulary.ts, op-keys.ts), so plan and mapping agree by construction.
 */
import { compileNameOp, isNameOp, type PlanOp } from '../../op-vocabulary.js';
import { ProducedTargets } from '../key-numbers.js';
import { CONFIDENCE, opMeta, opMetaByNumber } from '../confidence.js';
import { findPrefixOps } from '../prefix-ops.js';
import { findDropOps } from '../drop-ops.js';
import { findRenameOps } from '../rename-ops.js';
import { withIndexTables } from '../index-tables.js';
import { mergeRenames } from '../merge-renames.js';
import { nativeUpTo } from '../regex.js';
import type { RenameCandidate } from '../rename-candidates.js';
import { findTensorOps, SQUARE_CONV1D_UNNAMED, transposeFirstFix } from '../tensor-ops.js';
import { concatOps, splitOps, stackOps, type ConcatInput, type StackInput } from '../fused-ops.js';
import { findTies } from '../ties.js';
import { checkQkvJoins, checkQkvSplits, groupedJoinViews, groupedSplitOps, qkvLayoutOf } from '../megatron-qkv.js';
import { headsQkvLayout } from '../fused-layouts.js';
import { chatGlmPlainQkv } from '../chatglm-qkv.js';
import { checkQkvRenames, patternFor, reorderOps } from '../qkv-reorder.js';
import { checkRopeRenames } from '../rope-renames.js';
import { carriedAsStored, unfoldOrderConflicts } from '../unfold-order.js';
import { NameSimulation, simulateNames, type SimulatedNames } from '../../op-keys.js';
import { PartialScope, scopeWarnings } from '../partial-scope.js';
import { templatesText } from '../causes.js';
import { GATED_ORDERS, gatedOrderNote } from '../gated-orders.js';
import type { Generalised, Judged, Matched, Sides } from './types.js';
import { sameShape } from '../../../formats/keys.js';
import { contradictedRoles } from '../role-contradictions.js';
import { contradictedIndices } from '../index-contradictions.js';
import { GoalTokens } from '../goal-tokens.js';

export function generalise(sides: Sides, matched: Matched, j: Judged): Generalised {
  const { target, sourceKeys } = sides;
  const partial = sides.options.partial;
  const { goals, pairInfo, goalTo } = j;
  const { numbers } = sides;
  // goals changed by key (few): goalTo kept equal (its number looked up by name, off the per-key path)
  const setGoal = (s: string, t: string | null) => {
    if (t === null) goals.delete(s);
    else goals.set(s, t);
    goalTo[numbers.source(sides.source.get(s)!)] = t === null ? -1 : numbers.target(target.get(t)!);
  };
  // fused q/k/v rows interleaved per query group (fused-layouts.ts): cut or joined per group where the saved
  // args or the head counts say how, else not at all (listed)
  const shapeOf = (k: string) => sides.source.get(k)?.shape ?? null;
  const { megatronArgs, targetMegatronArgs, ropeHeads } = sides.options;
  const qkv = checkQkvSplits(matched.splits, (k) => qkvLayoutOf(k, megatronArgs) ?? (megatronArgs === null && ropeHeads ? headsQkvLayout(ropeHeads, k, { rows: shapeOf(k)?.[0] ?? 0 }) : null), shapeOf);
  const qkvJoins = checkQkvJoins(matched.concats, (t, parts) => {
    if (targetMegatronArgs !== null) return qkvLayoutOf(t, targetMegatronArgs);
    // ChatGLM's multi-query query_key_value is plain by its shape (chatglm-qkv.ts): one block each
    if (chatGlmPlainQkv(t, (k) => target.get(k)?.shape ?? null) !== null) return { groups: 1, parts, why: 'ChatGLM multi-query' };
    return ropeHeads ? headsQkvLayout(ropeHeads, t, { parts }) : null;
  }, shapeOf);
  const groupedJoins = qkvJoins.grouped;
  const m: Matched = qkv.withdrawn.length || qkvJoins.withdrawn.length ? { ...matched, splits: qkv.keep, concats: qkvJoins.keep } : matched;
  const ambiguities: Generalised['ambiguities'] = [...qkv.withdrawn, ...qkvJoins.withdrawn];
  const warnings: string[] = [];
  const scope = partial ? new PartialScope(target.keys()) : null;
  // the sides' source keys are distinct, in file order; with no key listed twice in the file each
  // one's position there is its place among them (positions rise, so the last one tells)
  const { source } = sides;
  const last = sourceKeys.length ? source.get(sourceKeys[sourceKeys.length - 1]!)!.pos : -1;
  const numberOf = last === sourceKeys.length - 1 ? (k: string) => source.get(k)?.pos : undefined;
  // a patch merging's 4C axis between OpenMMLab's unfold order and timm's concatenated blocks: listed, not written (unfold-order.ts)
  // (withdrawn before the prefix ops, which may still carry one onto its model key as stored: said below)
  const unfoldOrder = unfoldOrderConflicts(goals, sourceKeys, target.keys(), (k) => sides.source.get(k)?.shape ?? null);
  for (const w of unfoldOrder) {
    setGoal(w.keys[0]!, null);
    pairInfo.delete(w.keys[0]!);
  }
  const prefix = findPrefixOps(sourceKeys, goals, (op) => !scope || op.op === 'add_prefix' || scope.scopeOfStrip(op.prefix) !== null, partial, numberOf);
  const current = prefix.current;
  const drops = findDropOps(j.dropRequests.map((d) => ({ ...d, name: current.get(d.source)! })), current.names, partial);
  const droppedSet = new Set(j.dropRequests.map((d) => d.source));
  // look-alike blocks whose order crossed inside one sequence: re-paired by the index rule the rest of their family follows
  const fixedSources = new Set(j.tensorFixes.map((f) => f.source));
  // the goal pairs split once for both readers below (goal-tokens.ts)
  const goalPairs = new GoalTokens(goals, sides.keys, { order: j.goalOrder, goalTo, sourceKeys, targetKeys: numbers.targetKeys });
  const renumbered = contradictedIndices(goalPairs, (s, t) => {
    const a = sides.source.get(s)?.shape;
    const b = target.get(t)?.shape;
    return !fixedSources.has(s) && !!a && !!b && sameShape(a, b);
  });
  for (const r of renumbered) {
    setGoal(r.source, r.to);
    goalPairs.retarget(r.source, r.to);
  }
  if (renumbered.length > 0) {
    const x = renumbered[0]!;
    warnings.push(`${renumbered.length} pair${renumbered.length === 1 ? '' : 's'} of look-alike blocks re-paired by the index rule the other pairs of their family follow (\`${x.source}\` is \`${x.to}\`, not \`${x.from}\`, as ${x.follow} of ${x.of} pairs have it: ${x.rule}): order crossed tensors of equal shapes, which a strict load cannot see`);
  }
  // a pair the others contradict on a numbered role name (`in_layers.2` is `conv1` in every block but this one) is listed, not written
  for (const c of contradictedRoles(goalPairs)) {
    setGoal(c.source, null);
    pairInfo.delete(c.source);
    ambiguities.push({ keys: [c.source], candidates: [c.target], reason: c.split ? `the pairs of its part split over numbered names (${c.split}) that neither a majority nor the blocks' indices decide: order crossed look-alikes; not paired` : `the other pairs contradict it: its part is \`${c.usual}\` in ${c.count} other blocks, not the numbered name this pair gives it; not paired` });
  }
  // a fused q/k/v tensor renamed whole into another layout: its rows reordered, or the rename withdrawn
  const qkvRenames = checkQkvRenames(goals, sides.options.megatronArgs, sides.options.targetMegatronArgs, (k) => sides.source.get(k)?.shape ?? null);
  for (const w of qkvRenames.withdrawn) {
    setGoal(w.keys[0]!, null);
    pairInfo.delete(w.keys[0]!);
  }
  ambiguities.push(...qkvRenames.withdrawn);
  // a rotary q/k projection renamed between Meta / GGUF and transformers names: permuted per head, or withdrawn (rope-renames.ts)
  const ropeRenames = checkRopeRenames(goals, sides.options.ropeHeads, (k) => sides.source.get(k)?.shape ?? null);
  for (const w of ropeRenames.withdrawn) {
    setGoal(w.keys[0]!, null);
    pairInfo.delete(w.keys[0]!);
  }
  ambiguities.push(...ropeRenames.withdrawn);
  // every name but the dropped, in source order, and the keys on their way by the same numbers (no
  // look-up per key: goals by number); a dropped key with a goal (none that pairing makes) takes the
  // rename search's general path, a map in the goals' order
  const names = current.names;
  const targetKeys = numbers.targetKeys;
  const universe: readonly string[] = droppedSet.size === 0 ? names : [];
  const pendingKeys: readonly string[] = droppedSet.size === 0 ? sourceKeys : [];
  const pendingGoals = new Array<string | undefined>(droppedSet.size === 0 ? names.length : 0);
  let outside = false;
  for (let i = 0; i < names.length; i++) {
    const g = goalTo[i]!;
    const t = g >= 0 && names[i] !== targetKeys[g] ? targetKeys[g] : undefined;
    if (droppedSet.size === 0) {
      pendingGoals[i] = t;
      continue;
    }
    if (droppedSet.has(sourceKeys[i]!)) {
      if (t !== undefined) outside = true;
      continue;
    }
    (universe as string[]).push(names[i]!);
    (pendingKeys as string[]).push(sourceKeys[i]!);
    pendingGoals.push(t);
  }
  const isPending = (s: string) => {
    const t = goals.get(s);
    return t !== undefined && current.get(s) !== t;
  };
  const pending = outside ? new Map([...goals].filter(([s]) => isPending(s)).map(([s, t]) => [s, [current.get(s)!, t] as const])) : { goals: pendingGoals, keys: pendingKeys };
  // tensors a split or concat takes may ride along with their neighbours' renames (rename-ops.ts)
  const riders = new Map<string, readonly [string, string]>();
  for (const s of m.splits) riders.set(s.source, [current.get(s.source)!, fusedDirection(s.targets, s.source)]);
  for (const c of m.concats) for (const k of c.sources) riders.set(k, [current.get(k)!, fusedDirection([c.target], k)]);
  for (const s of m.stacks) for (const k of s.sources) riders.set(k, [current.get(k)!, fusedDirection([s.target], k)]);
  const allow = (cand: RenameCandidate) => !scope || scope.scopeOfPattern(cand.pattern) !== null;
  // look-alikes held back unpaired may ride along too (towards their module: a tie's first candidate),
  // so their neighbours' renames stay general; they stay leftover, unless a rename would land one on a
  // model key (a pairing nobody decided): then they may not move at all
  const heldBack = new Map(riders);
  if (!scope) {
    for (const t of m.withheldTies) {
      for (const k of t.keys) if (current.has(k) && !droppedSet.has(k) && !isPending(k) && !riders.has(k) && t.candidates[0]) heldBack.set(k, [current.get(k)!, t.candidates[0]]);
    }
  }
  // a list renumbered by no arithmetic may be one index table (index-tables.ts); not on partial key sets, whose ops stay scoped
  const search = (along: ReadonlyMap<string, readonly [string, string]>) => (p: Parameters<typeof findRenameOps>[0], u: readonly string[]) => findRenameOps(p, u, allow, along);
  const renames = (along: ReadonlyMap<string, readonly [string, string]>) => (scope ? findRenameOps(pending, universe, allow, new Map()) : withIndexTables(pending, universe, search(along)));
  // a rename of a held-back key (or of a listed rotary q/k: rope-renames.ts) that lands it on a model key is
  // a pairing nobody decided: the search runs again without them
  const landsOnModel = (r: ReturnType<typeof renames>, held: ReadonlyMap<string, unknown>, without: ReadonlyMap<string, unknown>) => {
    const moved = [...held.keys()].filter((k) => !without.has(k));
    return [...simulateNames(r.ops, moved.map((k) => current.get(k)!)).values()].some((v) => typeof v === 'string' && target.has(v));
  };
  // listed rotary q/k renames ride along too, so their layer's renames stay general
  const ropeHeld = new Map(heldBack);
  if (!scope) {
    for (const w of ropeRenames.withdrawn) {
      for (const k of w.keys) if (current.has(k) && !droppedSet.has(k) && !isPending(k) && !ropeHeld.has(k)) ropeHeld.set(k, [current.get(k)!, w.candidates[0]!]);
    }
  }
  let rename = renames(ropeHeld);
  if (ropeHeld.size > heldBack.size && landsOnModel(rename, ropeHeld, heldBack)) rename = renames(heldBack);
  if (heldBack.size > riders.size && landsOnModel(rename, heldBack, riders)) rename = renames(riders);
  // one rule the greedy search said twice, said once (merge-renames.ts): the same names, fewer ops
  // (the search's own moves spare it a run of the ops over every key, where their regexes match natively as the search's did)
  const searched = rename.moved && rename.ops.every((op) => nativeUpTo(op.pattern, rename.longest)) ? { moved: rename.moved, longest: rename.longest } : undefined;
  const merged = scope ? null : mergeRenames(rename.ops, universe, rename.final, searched);
  if (merged) rename = { ...rename, ops: merged.ops, covers: merged.moved.map((ids) => ids.map((u) => pendingKeys[u]!)), longest: Math.max(rename.longest, merged.longest) };
  // (speed only) each rename's keys by number: with nothing dropped the universe is every source key in
  // order, so its indices are the keys' numbers (KeyNumbers), and the covers are those keys, one for one
  const movedNumbers = droppedSet.size === 0 ? (merged ? merged.moved : rename.moved) : undefined;
  const byNumber = movedNumbers && movedNumbers.length === rename.ops.length && movedNumbers.every((ids, i) => ids.length === rename.covers[i]!.length) ? movedNumbers : undefined;
  for (const s of rename.unexpressed) {
    const t = goals.get(s)!;
    setGoal(s, null);
    pairInfo.delete(s);
    ambiguities.push({ keys: [s], candidates: [t], reason: 'no rename can move it without moving another key (names swap)' });
  }

  const withMeta = (op: PlanOp, covers: readonly string[]): PlanOp => {
    if (op.op === 'drop') return { ...op, confidence: CONFIDENCE.drop };
    return { ...op, ...opMeta(covers, pairInfo, op.op === 'strip_prefix' || op.op === 'add_prefix') };
  };
  const ops: PlanOp[] = [];
  const covers: string[][] = [];
  // what the ops so far name every source key: one run of the plan, continued as it grows
  const sim = new NameSimulation(sourceKeys, numberOf);
  const push = (op: PlanOp, c: string[]) => {
    ops.push(op);
    covers.push(c);
  };
  prefix.ops.forEach((op, i) => push(withMeta(op, prefix.covers[i]!), prefix.covers[i]!));
  drops.ops.forEach((op, i) => push(withMeta(op, drops.covers[i]!), drops.covers[i]!));
  // renames are a pipeline: their order is part of their meaning
  rename.ops.forEach((op, i) => push(byNumber ? { ...op, ...opMetaByNumber(byNumber[i]!, pairInfo) } : withMeta(op, rename.covers[i]!), rename.covers[i]!));
  // the names the name ops give (read again by the steps below, and by explain's check of the shapes):
  // with nothing dropped, those the rename search followed every key to (each op moved every key it
  // matches, no other) — when the ops' regexes run natively on names that long, as the search's did;
  // else the ops are run again over every key
  const followed = drops.ops.length === 0 && rename.final.length === sourceKeys.length && rename.ops.every((op) => nativeUpTo(op.pattern, rename.longest));
  // with keys dropped (LeViT's attention_bias_idxs), the same when the drop ops take exactly the keys the
  // search was not given: checked by running the drop ops alone (LeViT at 100,000 keys: the whole plan
  // run again over every key was a tenth of generalise)
  const dropped = !followed && drops.ops.length > 0 && rename.final.length === universe.length && rename.ops.every((op) => nativeUpTo(op.pattern, rename.longest)) ? droppedExactly(drops.ops, names, sourceKeys, droppedSet) : null;
  const named = { done: ops.length, names: (followed ? sim.seed(ops, rename.final) : dropped ? sim.seedDropped(ops, seededNames(names, rename.final, dropped), dropped) : sim.after(ops)).values };
  // fused q/k/v rows reordered under their new names, in the source's orientation (before any transpose);
  // tensors alike (shape and reorder) reordered together
  if (qkvRenames.reorders.size) {
    const { landed, namesNow, groups } = landedAlike(sim.after(ops), qkvRenames.reorders, (s, r) => `${sides.source.get(s)!.shape!.join(',')}|${r.why}`);
    for (const c of groups) {
      const names = c.map((s) => landed.get(s) as string);
      const { confidence } = opMeta(c, pairInfo);
      for (const op of reorderOps(names, sides.source.get(c[0]!)!.shape!, qkvRenames.reorders.get(c[0]!)!, namesNow, confidence)) push(op, c);
    }
  }
  // rotary q/k rows permuted under their new names: alike permutes (layout, heads) in one op by pattern where one names exactly them
  if (ropeRenames.permutes.size) {
    const { landed, namesNow, groups } = landedAlike(sim.after(ops), ropeRenames.permutes, (_, r) => `${r.to}|${r.heads}|${r.kvHeads ?? ''}`);
    for (const c of groups) {
      const r = ropeRenames.permutes.get(c[0]!)!;
      const names = c.map((s) => landed.get(s) as string);
      const { confidence } = opMeta(c, pairInfo);
      const pattern = patternFor(names, namesNow);
      const selectors: ({ key: string } | { pattern: string })[] = pattern !== null ? [{ pattern }] : names.map((key) => ({ key }));
      for (const sel of selectors) {
        const covers = 'key' in sel ? [c[names.indexOf(sel.key)]!] : c;
        push({ op: 'rope_permute', ...sel, heads: r.heads, ...(r.kvHeads !== undefined ? { kv_heads: r.kvHeads } : {}), to: r.to, confidence, evidence: r.why } as PlanOp, covers);
      }
    }
  }
  // transposes and reshapes name keys as the renames left them
  // (a pair no rename could express on its own — look-alikes the alignment crossed — that general renames
  // still carry to a model key of the same shape keeps its fix there: named right, it must be built right too)
  // a whole holding its parts transposed is transposed here, before the splits cut it (tensor-ops.ts transposeFirstFix)
  const turned = m.splits.filter((s) => s.transposeFirst);
  if (j.tensorFixes.length || turned.length) {
    const landed = sim.after(ops);
    // formats/keys.ts's sameShape; two shapes both unknown count as the same, as before
    const sameShapes = (a: string, b: string) => {
      const x = target.get(a)?.shape ?? null;
      const y = target.get(b)?.shape ?? null;
      return x === null || y === null ? x === y : sameShape(x, y);
    };
    const fixes = j.tensorFixes.flatMap((f) => {
      if (goals.has(f.source)) return [f];
      const now = landed.get(f.source);
      return typeof now === 'string' && target.has(now) && sameShapes(now, f.target) ? [{ ...f, target: now }] : [];
    });
    for (const s of turned) {
      const now = landed.get(s.source);
      const fix = typeof now === 'string' ? transposeFirstFix(s, now, sides.source.get(s.source)?.shape ?? null) : null;
      if (fix) fixes.push(fix);
    }
    const namesNow: string[] = [];
    for (const v of landed.values) if (typeof v === 'string') namesNow.push(v);
    if (fixes.length) for (const { op, covers: c } of findTensorOps(fixes, namesNow, partial)) push(op, c);
    // an error names a transposed weight only when its shape differs: a square Conv1D weight loads silently as stored
    if (partial && fixes.some((f) => f.kind === 'transpose' && f.evidence.includes('Conv1D'))) warnings.push(SQUARE_CONV1D_UNNAMED);
  }
  const assumed = [...m.splits.filter((x) => x.assumed).map((x) => x.source), ...m.concats.filter((x) => x.assumed).map((x) => x.target)];
  if (assumed.length > 0) {
    warnings.push(`${assumed.length === 1 ? `\`${assumed[0]}\` is` : `${assumed.length} fused tensors (${templatesText(assumed)}) are`} split or joined with sizes only one side's shapes give (equal parts, or the parts' sum): check them against the model`);
  }
  // a split whose parts' order is a convention: every order passes a strict load, a wrong one scrambles weights
  const ordered = m.splits.filter((x) => x.orderAssumed).map((x) => x.source);
  if (ordered.length > 0) {
    warnings.push(`${ordered.length === 1 ? `\`${ordered[0]}\` is` : `${ordered.length} fused tensors (${templatesText(ordered)}) are`} split in an assumed order (q, k, v first, then the rest in state-dict order): shapes cannot tell it and a strict load passes in any order; check the order against the model's code`);
  }
  // gate and up halves cut or joined in the order their writer's code fixes (gated-orders.ts): said, per row
  for (const row of GATED_ORDERS) {
    const cut = m.splits.filter((x) => x.gatedOrder === row).map((x) => x.source);
    const joined = m.concats.filter((x) => x.gatedOrder === row).map((x) => x.target);
    if (cut.length) warnings.push(gatedOrderNote(row, cut, 'cut'));
    if (joined.length) warnings.push(gatedOrderNote(row, joined, 'joined'));
  }
  // splits and concats name their tensors as the renames left them
  const fusedNow = m.splits.length || m.concats.length || m.stacks.length ? sim.after(ops) : null;
  const nameNow = (k: string): string => {
    const v = fusedNow?.get(k);
    return typeof v === 'string' ? v : current.get(k)!;
  };
  if (m.splits.length) {
    const names: string[] = [];
    for (const v of fusedNow!.values) if (typeof v === 'string') names.push(v);
    const cut = splitOps(m.splits.map((s) => ({ ...s, key: nameNow(s.source) })), names);
    const after = qkv.grouped.size ? simulateNames([...ops, ...cut.ops], sourceKeys) : null;
    cut.ops.forEach((op, i) => {
      const c = cut.covers[i]!;
      const l = qkv.grouped.get(c[0]!);
      if (!l || !after) return push(op, c);
      // a pattern op cuts wholes alike (same sizes): their shape is the first's
      const parts = c.map((k) => m.splits.find((s) => s.source === k)!.targets.map((t) => t));
      const namesAfter = [...after.values()].flatMap((v) => (v === null ? [] : typeof v === 'string' ? [v] : v));
      for (const g of groupedSplitOps(op, l, sides.source.get(c[0]!)!.shape!, parts, namesAfter)) push(g, c);
    });
  }
  // stacks, then concats: a stack joined with others (w1 and w3 into gate_up_proj) is first stacked
  // under its own name — the members' name without the stacked index, as a conversion script's
  // intermediate — and the stacked tensors are then joined like any other concat
  const joins: ConcatInput[] = m.concats.map((c) => ({ ...c, keys: c.sources.map(nameNow) }));
  if (m.stacks.length) {
    const names: string[] = [];
    for (const v of sim.after(ops).values) if (typeof v === 'string') names.push(v);
    const taken = new Set([...names, ...target.keys()]);
    const inputs: StackInput[] = [];
    for (const s of m.stacks) {
      if (!s.join) {
        inputs.push({ ...s, keys: s.sources.map(nameNow) });
        continue;
      }
      const stacked = s.join.parts.map((p) => {
        const keys = p.map(nameNow);
        const name = withoutStackedIndex(keys, taken);
        taken.add(name);
        inputs.push({ sources: p, keys, target: name, dim: s.dim, confidence: s.confidence, evidence: s.evidence });
        return name;
      });
      joins.push({ sources: s.sources, keys: stacked, target: s.target, dim: s.join.dim, confidence: s.confidence, evidence: s.evidence });
    }
    const st = stackOps(inputs, names);
    st.ops.forEach((op, i) => push(op, st.covers[i]!));
  }
  if (joins.length) {
    // a stacked tensor is the name of all its sources: each name once
    const names = new Set<string>();
    for (const v of sim.after(ops).values) if (typeof v === 'string') names.add(v);
    // on a partial key list a pattern could reach keys not seen: exact keys there (partial-scope.ts)
    const joined = concatOps(joins.map((c) => (groupedJoins.has(c.target) ? { ...c, dim: 1 } : c)), [...names], !partial);
    // grouped joins: each part viewed per group before, the whole flattened after (megatron-qkv.ts)
    const grouped = joins.filter((c) => groupedJoins.has(c.target));
    const alike = new Map<string, ConcatInput[]>();
    for (const c of grouped) {
      const id = `${groupedJoins.get(c.target)!.why}|${sides.source.get(c.sources[0]!)!.shape!.slice(1).join(',')}`;
      (alike.get(id) ?? alike.set(id, []).get(id)!).push(c);
    }
    const views = [...alike.values()].map((cs) => ({ cs, v: groupedJoinViews(groupedJoins.get(cs[0]!.target)!, sides.source.get(cs[0]!.sources[0]!)!.shape!.slice(1), Math.min(...cs.map((c) => c.confidence))) }));
    const selectors = (keys: string[], among: readonly string[]) => {
      const pattern = patternFor(keys, among);
      return pattern !== null ? [{ pattern }] : keys.map((key) => ({ key }));
    };
    for (const { cs, v } of views) {
      for (let i = 0; i < 3; i++) for (const sel of selectors(cs.map((c) => c.keys[i]!), [...names])) push(v.before(i, sel), cs.map((c) => c.sources[i]!));
    }
    joined.ops.forEach((op, i) => push(op, joined.covers[i]!));
    if (views.length) {
      const after: string[] = [];
      for (const x of sim.after(ops).values) if (typeof x === 'string') after.push(x);
      for (const { cs, v } of views) for (const sel of selectors(cs.map((c) => c.target), after)) push(v.after(sel), cs.flatMap((c) => c.sources));
    }
  }

  let { mapping, produced, leftover } = settle(sim.after(ops), sides);
  // Tied weights the checkpoint stores once: the second name gets the same tensor (ties.ts). Not on
  // partial key lists: there the partner usually loads as it is and is not among the keys seen.
  if (!m.anotherModel && !partial) {
    // a model key a held-back look-alike, or a pair listed as too unsure, of the checkpoint may be for is
    // not tied to anything: its own tensor may be in the file (`output.weight` for `lm_head.weight`),
    // so a copy would be a guess
    const heldFor = new Set([...m.withheldTies, ...m.ambiguities, ...m.fusionTies, ...unfoldOrder].flatMap((t) => t.candidates));
    const open: string[] = [];
    for (const [t, e] of target) if (!produced.hasEntry(e) && !heldFor.has(t)) open.push(t);
    const ties = findTies(open, produced, target, sides.options.targetStorages);
    ambiguities.push(...ties.ambiguities);
    if (ties.ops.length) {
      ties.ops.forEach((op, i) => push(op, [ties.covers[i]!]));
      ({ mapping, produced, leftover } = settle(sim.after(ops), sides));
    }
  }
  // a merging tensor left unpaired is listed; one a general op still carries onto its model key loads as stored, and says so
  for (const w of unfoldOrder) ambiguities.push(mapping[w.keys[0]!] === w.candidates[0] ? carriedAsStored(w) : w);
  if (scope) warnings.push(...scopeWarnings(ops, scope));
  return { ops, covers, mapping, produced, leftover, scope, ambiguities, warnings, named };
}

/**
 * Which of the names (every source key's, before the drops) the drop ops drop — a flag per key — when
 * those are exactly the keys of `droppedSet`; else null. Run as a simulation of the plan runs them: each
 * op over the names the ones before left alive (a drop op only ever drops or leaves a name).
 */
function droppedExactly(ops: readonly PlanOp[], names: readonly string[], sourceKeys: readonly string[], droppedSet: ReadonlySet<string>): Uint8Array | null {
  const steps = ops.map((op) => (isNameOp(op) ? compileNameOp(op) : null));
  const out = new Uint8Array(names.length);
  for (let i = 0; i < names.length; i++) {
    for (const step of steps) {
      if (step === null) return null;
      const r = step(names[i]!);
      if (r === undefined) continue;
      if (r !== null) return null;
      out[i] = 1;
      break;
    }
    if ((out[i] === 1) !== droppedSet.has(sourceKeys[i]!)) return null;
  }
  return out;
}

/** Every source key's name after the renames: `final` (the search's, for the keys not dropped, in order), the name before for a dropped one. */
function seededNames(names: readonly string[], final: readonly string[], dropped: Uint8Array): string[] {
  const out = new Array<string>(names.length);
  for (let i = 0, u = 0; i < names.length; i++) out[i] = dropped[i] ? names[i]! : final[u++]!;
  return out;
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

/**
 * The name a group of per-index tensors has once stacked: theirs without the index that runs over them
 * (`experts.3.w1.weight` → `experts.w1.weight`), made unique against the names `taken` (any key of
 * either side) with a `_stacked` mark on the last segment.
 */
function withoutStackedIndex(keys: readonly string[], taken: ReadonlySet<string>): string {
  const a = keys[0]!.split('.');
  const b = keys[1]!.split('.');
  const at = a.findIndex((seg, i) => seg !== b[i]);
  const segs = a.filter((_, i) => i !== at);
  let name = segs.join('.');
  while (taken.has(name)) {
    segs[segs.length - 1] += '_stacked';
    name = segs.join('.');
  }
  return name;
}

/** What the ops make of every source key (their simulated names): the mapping, the target keys they produce, the keys left unexpected. */
function settle(simulated: SimulatedNames, sides: Sides): { mapping: Record<string, string | string[] | null>; produced: ProducedTargets; leftover: string[] } {
  const { sourceKeys, target } = sides;
  const mapping: Record<string, string | string[] | null> = Object.create(null);
  // a bit per model key (key-numbers.ts), each model key looked up once by its name
  const produced = new ProducedTargets(target, sides.numbers);
  const leftover: string[] = [];
  // source keys listed once each (always, from the sides): the simulation's positions are theirs
  const aligned = simulated.keys.length === sourceKeys.length;
  for (let i = 0; i < sourceKeys.length; i++) {
    const s = sourceKeys[i]!;
    const v = (aligned ? simulated.values[i] : simulated.get(s)) ?? null;
    mapping[s] = v;
    if (v === null) continue;
    // one name (nearly every key): no arrays per key, 1,000,000 at scale
    let hit = false;
    if (typeof v === 'string') hit = produced.add(v);
    else for (const n of v) if (produced.add(n)) hit = true;
    if (!hit) leftover.push(s);
  }
  return { mapping, produced, leftover };
}

/**
 * The names the ops give the source keys now (`landed`, and those that are names, in order) and the keys of
 * `by` grouped by `id`: tensors alike get one tensor op by pattern (qkv reorders, rope permutes)
 */
function landedAlike<T>(landed: SimulatedNames, by: ReadonlyMap<string, T>, id: (source: string, r: T) => string): { landed: SimulatedNames; namesNow: string[]; groups: string[][] } {
  const namesNow: string[] = [];
  for (const v of landed.values) if (typeof v === 'string') namesNow.push(v);
  const groups = new Map<string, string[]>();
  for (const [s, r] of by) {
    const k = id(s, r);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(s);
  }
  return { landed, namesNow, groups: [...groups.values()] };
}
