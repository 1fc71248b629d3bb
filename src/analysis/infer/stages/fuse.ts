/**
 * Stage 2, fuse: tensors fused on one side and kept apart on the other (fused.ts), among what
 * correspondence left; then what will be acted on. When little corresponds by name, matches by
 * similarity are withdrawn (another model is reported instead of a fix invented); pairs below
 * `minConfidence` are listed as ambiguities instead of acted on.
 */
import { findConcats, findResidualSplits, findSplits, gatedFirst, gatedHalvesListed, gatedHalvesUnsaid, hasFusedName, placementOf, unsizedInPool, type UnsizedFusion } from '../fused.js';
import { gatedOrderOf } from '../gated-orders.js';
import { findStacks } from '../stacks.js';
import { MODULE_ALIGN_MAX_KEYS } from '../modules.js';
import type { Ambiguity, KeyPair, Located, Pool } from '../types.js';
import type { Correspondence, Fusions, Matched, Sides } from './types.js';

/** Below this share of keys corresponding by name or prefix, similarity alone is not trusted. */
const MIN_STRONG_SHARE = 0.5;

export function newFusions(): Fusions {
  return { splits: [], concats: [], stacks: [], ambiguities: [], unsized: new Map() };
}

/** up to this many tails looked for, a key of the other side is compared with each in place (unfusedTwins) */
const FEW_TAILS = 8;

/**
 * Keys of `side` whose module and parameter name (`attn.kv.weight`) the other side also holds, with the
 * same shape: the fused tensor is kept fused there, so it is that key's counterpart, not a whole to cut
 * into pieces (PVTv2's `kv` is `kv` in timm; cutting it in two would pair its halves with two norms).
 */
function unfusedTwins(candidates: Iterable<Located>, other: ReadonlyMap<string, Located>): Set<string> {
  const tail = (k: string) => {
    const a = k.lastIndexOf('.');
    const b = a > 0 ? k.lastIndexOf('.', a - 1) : -1;
    return k.slice(b + 1);
  };
  // only the tails the candidates have are looked for on the other side (few, in the early pass), by tail
  // and shape together: by tail alone, every key of a common tail (`conv.weight` in the pass over all
  // keys) was compared with every other of that tail, quadratic at depth
  const at = (k: string, shape: readonly number[]) => `${tail(k)}\u0000${shape.join(',')}`;
  const wanted = new Map<string, string[]>();
  for (const e of candidates) {
    if (!e.shape) continue;
    const id = at(e.key, e.shape);
    const list = wanted.get(id);
    if (list) list.push(e.key);
    else wanted.set(id, [e.key]);
  }
  const out = new Set<string>();
  if (wanted.size === 0) return out;
  // the tails looked for, alone: most keys of the other side have none of them, which is known without
  // writing out their shapes; each with how many of its (tail, shape) ids are still looked for
  const tails = new Map<string, number>();
  for (const id of wanted.keys()) {
    // an id is its tail, a NUL and the shape's digits and commas: the tail is all before the last NUL
    const t = id.slice(0, id.lastIndexOf('\u0000'));
    tails.set(t, (tails.get(t) ?? 0) + 1);
  }
  // a few tails (the early pass): a key that ends with none of them has none of them, known by comparing
  // in place, without slicing and hashing every key's tail of the other side
  let few = tails.size <= FEW_TAILS ? [...tails.keys()] : null;
  for (const o of other.values()) {
    if (!o.shape) continue;
    if (few && !few.some((x) => o.key.endsWith(x))) continue;
    const t = tail(o.key);
    if (!tails.has(t)) continue;
    const id = `${t}\u0000${o.shape.join(',')}`;
    const list = wanted.get(id);
    if (!list) continue;
    for (const k of list) out.add(k);
    // one twin is enough: a tail every block has (`c.weight`, in the pass over all keys) was otherwise
    // added once per other-side key holding it, n²/blocks set insertions (131 s of 190 at 100k keys)
    wanted.delete(id);
    // a tail whose every id was found is looked for no more: the other side's keys of that tail (a block's
    // `bn.weight`, every block of it) would only write out their shapes to find nothing; nothing is left
    // to look for once every id was found
    const left = tails.get(t)! - 1;
    if (left > 0) tails.set(t, left);
    else {
      tails.delete(t);
      if (tails.size === 0) break;
      if (few) few = few.filter((x) => x !== t);
    }
  }
  return out;
}

/**
 * A pass over fused names that took nothing from the pool, with no placement: the same pool (pools
 * only lose keys, so equal sizes are equal contents) gives the same finds. Module alignment runs the
 * pass again with the pairs it made, which place nothing at scale: it is replayed, not recomputed
 * (a tenth of a 100,000-key plan whose blocks hold fused-named tensors nothing pairs).
 */
interface NamedPass {
  sizes: readonly [number, number];
  ambiguities: readonly Ambiguity[];
  unsized: readonly UnsizedFusion[];
}
const namedPasses = new WeakMap<Pool, NamedPass>();

/**
 * A copy of a pool to try a pass on: it holds what the pool holds, so a fused-name pass recorded on the
 * pool is replayed on the copy too (module alignment's trial pass at 100,000 keys, where no pair places
 * anything, searched the whole pool again to find what the first pass found: a fifth of LeViT's plan).
 */
export function copyPool(pool: Pool): Pool {
  const copy: Pool = { source: new Map(pool.source), target: new Map(pool.target) };
  const before = namedPasses.get(pool);
  if (before) namedPasses.set(copy, before);
  return copy;
}

/**
 * Whether collectFusions(pool, …, true, pairs) with `pairCount` pairs would replay the pass recorded on
 * the pool and so take nothing from it: no placement (the sizes where module alignment stands aside) and
 * the pool as that pass left it. Module alignment's trial pass is then not run, and the pool not copied
 * for it (two maps of every unpaired key, 1,000,000 each at scale).
 */
export function replaysNamedPass(pool: Pool, pairCount: number): boolean {
  const small = pairCount + pool.source.size <= MODULE_ALIGN_MAX_KEYS && pairCount + pool.target.size <= MODULE_ALIGN_MAX_KEYS;
  const before = namedPasses.get(pool);
  return !small && before !== undefined && before.sizes[0] === pool.source.size && before.sizes[1] === pool.target.size;
}

/** Find fused tensors in the pool (only those whose names say so, or all), taking them out of it. */
export function collectFusions(pool: Pool, into: Fusions, onlyNamed: boolean, pairs: readonly KeyPair[] = []): void {
  // where the pairs so far put each module: parts beside their whole however layers are numbered
  // (not at the sizes where module alignment stands aside: templates pair regular giants layer by layer)
  const small = pairs.length + pool.source.size <= MODULE_ALIGN_MAX_KEYS && pairs.length + pool.target.size <= MODULE_ALIGN_MAX_KEYS;
  const toSource = small ? placementOf(pairs.map((p) => ({ from: p.target, to: p.source }))) : undefined;
  const toTarget = small ? placementOf(pairs.map((p) => ({ from: p.source, to: p.target }))) : undefined;
  const placed = (toSource?.size ?? 0) > 0 || (toTarget?.size ?? 0) > 0;
  const before = namedPasses.get(pool);
  if (onlyNamed && !placed && before && before.sizes[0] === pool.source.size && before.sizes[1] === pool.target.size) {
    // copies, as a second pass made its own
    into.ambiguities.push(...before.ambiguities.map((a) => ({ ...a, keys: [...a.keys], candidates: [...a.candidates] })));
    for (const u of before.unsized) if (!into.unsized.has(u.whole)) into.unsized.set(u.whole, u);
    return;
  }
  const sizes = [pool.source.size, pool.target.size] as const;
  const seen: { ambiguities: Ambiguity[]; unsized: UnsizedFusion[] } = { ambiguities: [], unsized: [] };
  const namedS = named(pool.source, onlyNamed);
  const twinS = unfusedTwins(namedS.map(([, e]) => e), pool.target);
  const wholesS = new Map(namedS.filter(([k]) => !twinS.has(k)));
  const found = findSplits(wholesS, pool.target, toSource);
  seen.ambiguities.push(...found.ambiguities);
  seen.unsized.push(...found.unsized);
  into.ambiguities.push(...found.ambiguities);
  for (const u of found.unsized) if (!into.unsized.has(u.whole)) into.unsized.set(u.whole, u);
  for (const s of found.splits) {
    if (!pool.source.has(s.source) || !s.targets.every((t) => pool.target.has(t))) continue;
    into.splits.push(s);
    pool.source.delete(s.source);
    for (const t of s.targets) pool.target.delete(t);
  }
  const namedT = named(pool.target, onlyNamed);
  const twinT = unfusedTwins(namedT.map(([, e]) => e), pool.source);
  const wholesT = new Map(namedT.filter(([k]) => !twinT.has(k)));
  const joined = findConcats(pool.source, wholesT, toTarget);
  into.ambiguities.push(...joined.ambiguities);
  seen.ambiguities.push(...joined.ambiguities);
  seen.unsized.push(...joined.unsized);
  for (const u of joined.unsized) if (!into.unsized.has(u.whole)) into.unsized.set(u.whole, u);
  for (const c of joined.concats) {
    if (!pool.target.has(c.target) || !c.sources.every((s) => pool.source.has(s))) continue;
    into.concats.push(c);
    pool.target.delete(c.target);
    for (const s of c.sources) pool.source.delete(s);
  }
  if (onlyNamed && !placed && pool.source.size === sizes[0] && pool.target.size === sizes[1]) namedPasses.set(pool, { sizes, ...seen });
  // what the fused names and families left: a whole that is exactly its block's leftovers
  if (!onlyNamed && toTarget) {
    for (const s of findResidualSplits(pool.source, pool.target, toTarget)) {
      if (!pool.source.has(s.source) || !s.targets.every((t) => pool.target.has(t))) continue;
      // a block's leftover gate and up in a whole not named for them: in its writer's order where a row of
      // gated-orders.ts gives it, else listed
      const labels = s.targets.map((t) => t.split('.').at(-2) ?? '');
      if (gatedHalvesUnsaid(s.source, labels)) {
        const row = gatedOrderOf(s.source);
        if (!row) {
          into.ambiguities.push(gatedHalvesListed(s.source, s.targets, s.sizes, 'cut'));
          continue;
        }
        const order = gatedFirst(labels, row) === 0 ? [0, 1] : [1, 0];
        into.splits.push({ ...s, targets: order.map((i) => s.targets[i]!), sizes: order.map((i) => s.sizes[i]!), orderAssumed: false, gatedOrder: row });
      } else into.splits.push(s);
      pool.source.delete(s.source);
      for (const t of s.targets) pool.target.delete(t);
    }
  }
}

/** A side's entries whose names say they are fused (or all): only those made into pairs, the side not copied whole first. */
function named(side: ReadonlyMap<string, Located>, onlyNamed: boolean): [string, Located][] {
  const out: [string, Located][] = [];
  side.forEach((e, k) => {
    if (!onlyNamed || hasFusedName(k)) out.push([k, e]);
  });
  return out;
}

const isStrong = (p: KeyPair) => p.stage === 'exact' || p.stage === 'prefix' || p.stage === 'canonical';

export function fuse(sides: Sides, c: Correspondence): Matched {
  const { pool, fusions } = c;
  collectFusions(pool, fusions, false, c.pairs);
  // per-index tensors stacked along a new dimension (experts), among what is still unexplained
  const stacked = findStacks(pool, c.reorderedTargets);
  fusions.ambiguities.push(...stacked.ambiguities);
  for (const s of stacked.stacks) {
    fusions.stacks.push(s);
    pool.target.delete(s.target);
    for (const k of s.sources) pool.source.delete(k);
  }
  const { splits, concats, stacks } = fusions;
  // With nothing on one side there is nothing a rename could have paired: no sign of another model.
  const strong = c.pairs.filter(isStrong).length;
  const unsizedKeys = [...fusions.unsized.values()].filter((u) => unsizedInPool(u, pool));
  // look-alikes held back as ambiguous correspond as a group (which to which is what is unknown): each tie
  // counts as many pairs as its smaller side, or withholding them would make the tool say "another model"
  const withheld = c.withheldTies.reduce((n, t) => n + (t.held ?? Math.min(t.keys.length, t.candidates.length)), 0);
  const weakCount = c.pairs.length - strong + splits.length + concats.length + stacks.length + unsizedKeys.length + withheld;
  // keys decided before pairing (hinted drops, keys kept missing) were never candidates
  const comparable = Math.min(sides.source.size - sides.options.drops.length, sides.target.size - sides.options.keepMissing.size);
  const anotherModel = comparable > 0 && (strong + weakCount) / comparable < MIN_STRONG_SHARE;
  let kept = anotherModel ? c.pairs.filter(isStrong) : c.pairs;
  let fusedKept = anotherModel ? { splits: [], concats: [], stacks: [] } : { splits, concats, stacks };
  const ambiguities: Ambiguity[] = [];
  const min = sides.options.minConfidence;
  if (min > 0) {
    for (const p of kept) if (p.confidence < min) ambiguities.push({ keys: [p.source], candidates: [p.target], reason: `confidence ${p.confidence.toFixed(2)} is below --min-confidence ${min}`, belowMinimum: { confidence: p.confidence, minimum: min } });
    kept = kept.filter((p) => p.confidence >= min);
    fusedKept = { splits: fusedKept.splits.filter((s) => s.confidence >= min), concats: fusedKept.concats.filter((x) => x.confidence >= min), stacks: fusedKept.stacks.filter((x) => x.confidence >= min) };
  }
  return { kept, ...fusedKept, unsizedKeys, strong, anotherModel, ambiguities, fusionTies: fusions.ambiguities, withheldTies: c.withheldTies };
}
