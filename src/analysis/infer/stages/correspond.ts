/**
 * Stage 1, correspond: which source key is which target key, from the strongest evidence to the
 * weakest — exact names (exact.ts), keys cut short by a fixed length (fixed-cut.ts), prefix rules
 * read off the data (prefix.ts), names equal up to spelling (canonical.ts), then structure: module trees aligned by subtree signatures (modules.ts),
 * templates of indexed keys (rename-match.ts), Detectron2-style suffixes (suffix.ts). Fused tensors
 * whose names say so (`qkv`, `in_proj`) are claimed before the structural steps, so similarity never
 * pairs their pieces with something else. Where shapes are unknown, similarity must rest on names.
 */
import { matchExact } from '../exact.js';
import { findPrefixRulesAndTies } from '../prefix.js';
import { matchCanonical } from '../canonical.js';
import { matchBareParameters } from '../bare-parameters.js';
import { matchBySuffix } from '../suffix.js';
import { matchFixedCut } from '../fixed-cut.js';
import { alignModules, type Aligned, type SortedSides } from '../modules.js';
import { crossListMoves } from '../cross-list-moves.js';
import { keepModulesWhole } from '../whole-modules.js';
import { matchRenames } from '../rename-match.js';
import { matchSoleNorms } from '../sole-norm.js';
import { matchContainerSwaps } from '../container-swap.js';
import { allShaped, regroupedExact, requireNameEvidence } from '../name-evidence.js';
import { storageConflicts } from '../storage-conflicts.js';
import { scatteredOnCut } from '../cut-scatter.js';
import type { Ambiguity, KeyPair, Located, Pool } from '../types.js';
import type { Correspondence, Sides } from './types.js';
import { collectFusions, copyPool, newFusions, replaysNamedPass } from './fuse.js';
import { crossesHeadRoles } from '../../key-roles.js';
import { hasFusedName, unsizedInPool, unsizedSides } from '../fused.js';
import { canCorrespond } from '../shapes.js';
import { keyRoles } from '../role-names.js';
import type { Fusions } from './types.js';

export function correspond(sides: Sides): Correspondence {
  const pool: Pool = { source: new Map(sides.source), target: new Map(sides.target) };
  // keys the names alone decided are nobody's to pair
  for (const d of sides.options.drops) pool.source.delete(d.key);
  for (const k of sides.options.keepMissing) pool.target.delete(k);
  const pairs: KeyPair[] = [];
  const roleOf = { source: keyRoles(sides.source.keys()), target: keyRoles(sides.target.keys()) };
  // a CSP layer's final conv is not its short branch, whatever the shapes say (a model whose short branch is
  // wider gives the final conv the short slot's shape): two keys of known, different roles are no pair, and stay listed
  const crossesKnownRoles = (p: KeyPair) => {
    const a = roleOf.source(p.source);
    const b = a === null ? null : roleOf.target(p.target);
    return b !== null && a !== b;
  };
  const take = (found: readonly KeyPair[]) => {
    for (const p of found) {
      if (!pool.source.has(p.source) || !pool.target.has(p.target)) continue;
      // a language-model head is not a pooler, whatever a prefix rule or similarity says
      if (crossesHeadRoles(p.source, p.target) || crossesKnownRoles(p)) continue;
      pairs.push(p);
      pool.source.delete(p.source);
      pool.target.delete(p.target);
    }
  };
  const refused: KeyPair[] = [];
  // sides that give every key a shape (read from files, not an error text) hold no shapeless pair: the pairs
  // below are of pool keys, which the sides hold, so all stand, known without looking up both keys of each
  const shaped = allShaped(sides.source) && allShaped(sides.target);
  const evidenced = (found: readonly KeyPair[]) => {
    if (shaped) return found;
    const r = requireNameEvidence(found, sides.source, sides.target);
    refused.push(...r.refused);
    return r.kept;
  };

  // the same name with shapes that cannot correspond is weak evidence where a module moved across an
  // index (Swin's `layers.0.downsample` is timm's `layers.1.downsample`, whose own is another size):
  // such pairs wait until structure has spoken, and stand if nothing else claimed their keys (then
  // they are size mismatches, as a model of another size has them)
  const exact = matchExact(pool);
  const regrouped = regroupedExact(exact, sides.source, sides.target);
  const clash = (p: KeyPair) => !canCorrespond(sides.source.get(p.source)!, sides.target.get(p.target)!) || regrouped.has(p);
  take(exact.filter((p) => !clash(p)));
  // a module moved between two numbered lists whose other members kept their names, where an order-preserving
  // shift gives the same keys: the leftover pair is one of two readings, listed, not proposed (cross-list-moves.ts)
  const movedTies: Ambiguity[] = [];
  const unmoved = (found: readonly KeyPair[]): readonly KeyPair[] => {
    const moved = crossListMoves(found, pairs, sides.source, sides.target, (p) => pool.source.has(p.source) && pool.target.has(p.target));
    for (const k of moved.withheld) {
      pool.source.delete(k);
      pool.target.delete(k);
    }
    movedTies.push(...moved.ties);
    return moved.kept;
  };
  // keys mutilated by a fixed-length cut (`k[7:]` on keys without `module.`): before prefix rules and
  // similarity pair their look-alike tails with the wrong module
  take(matchFixedCut(pool));
  // top-level modules renamed whole (`encoder.` → `backbone.`): the same keys below the first segment,
  // before prefix rules read a two-segment swap (`encoder.0.` → `neck.0.`) off one look-alike block
  // (not from a cut text: the container's own name may be in the part not pasted)
  if (!sides.options.cut) take(unmoved(matchContainerSwaps(pool)));
  const prefix = findPrefixRulesAndTies(pool);
  const rules = prefix.rules;
  for (const r of rules) take(unmoved(r.pairs));
  // look-alike subtrees several prefix renames fit equally: listed, and no weaker step pairs them by order
  for (const k of prefix.withheld) {
    pool.source.delete(k);
    pool.target.delete(k);
  }
  // nor are they names equal up to spelling: structure speaks first
  const regroupedKeys = new Set([...regrouped].map((p) => p.source));
  take(matchCanonical(pool, rules).filter((p) => !(p.source === p.target && regroupedKeys.has(p.source))));
  // a bare parameter on one side, a layer's weight of the same name on the other (`text_projection` ↔ `text_projection.weight`)
  take(matchBareParameters(pool));
  const fusions = newFusions();
  collectFusions(pool, fusions, true);
  // a fused whole beside its parts with no shapes to cut it by (an error text alone: `qkv` against `q`, `k`, `v`):
  // what it is is known, how to split it is not. No step below may pair it one to one with one of its parts
  // (`qkv` is not `q`); whole and parts go back to the pool at the end, left for explain to list with what is known
  // (either way round: the checkpoint's `qkv` against the model's q/k/v, or q/k/v against the model's `qkv`)
  const unsized = [...fusions.unsized.values()].filter((u) => unsizedInPool(u, pool));
  const setAside = { source: new Map<string, Located>(), target: new Map<string, Located>() };
  // two wholes may name one part (a garbled paste: `blocws.0…` beside `blocks.0…`): each entry is set aside once,
  // by the first whole that takes it, never overwritten by a later one that finds it gone (fuzz seed 839)
  const setAsideFrom = (from: Map<string, Located>, to: Map<string, Located>, k: string) => {
    const e = from.get(k);
    if (e === undefined) return;
    to.set(k, e);
    from.delete(k);
  };
  for (const u of unsized) {
    const side = unsizedSides(u);
    setAsideFrom(pool[side.whole], setAside[side.whole], u.whole);
    for (const t of u.parts) setAsideFrom(pool[side.parts], setAside[side.parts], t);
  }
  const modules = alignModulesAroundFusions(pool, pairs, fusions, sides.tfLayout, sides.sortedByName ?? { source: false, target: false });
  take(evidenced(unmoved(modules.pairs)));
  // look-alikes the alignment could not tell apart stay unpaired: templates and suffixes would only guess by order
  for (const k of modules.withheld) {
    pool.source.delete(k);
    pool.target.delete(k);
  }
  const renames = matchRenames(pool, sides.sortedByName, roleOf);
  take(evidenced(unmoved(renames.pairs)));
  // look-alikes a sorted side lists by the alphabet, which names did not tell apart: not guessed below. Those
  // with shapes are look-alikes, listed as structure's are; without (an error text's keys) they are what
  // similarity would have guessed, moot where the sides are different models
  for (const k of renames.withheld.keys) {
    pool.source.delete(k);
    pool.target.delete(k);
  }
  const sized = (a: Ambiguity) => a.keys.every((k) => sides.source.get(k)?.shape != null);
  const sortedTies = { lookAlikes: renames.withheld.ties.filter(sized), guesses: renames.withheld.ties.filter((a) => !sized(a)) };
  // suffixes for what structure did not explain (heads that differ key by key)
  const bySuffix = matchBySuffix(pool);
  take(bySuffix.pairs);
  take(exact.filter(clash));
  // so do the pairs of a rename refused for modules that cannot hold their keys (prefix.ts): never left to a drop
  take(prefix.deferred);
  // a normalisation layer renamed on its own, its names unlike (`bnneck` → `bottleneck.0`)
  take(matchSoleNorms(pool));
  // a module's parameters move together: an exact match of `X.bias` whose `X.weight` went elsewhere follows it (whole-modules.ts)
  const followed = keepModulesWhole(pairs, sides.source, sides.target, pool);
  if (followed) for (let i = 0; i < pairs.length; i++) pairs[i] = followed.get(pairs[i]!) ?? pairs[i]!;
  for (const [k, e] of setAside.source) pool.source.set(k, e);
  for (const [k, e] of setAside.target) pool.target.set(k, e);
  // a storage the model ties takes one tensor (storage-conflicts.ts): a second source key paired into it has no place
  const tiedAway = storageConflicts(pairs, sides.options.targetStorages, sides.target, sides.options.sourceStorages);
  // from a cut text, a module whose shown keys scatter is no rename the text shows (cut-scatter.ts): back to the pool
  const scattered = sides.options.cut ? scatteredOnCut(pairs, pool) : new Set<KeyPair>();
  for (const p of scattered) {
    pool.source.set(p.source, sides.source.get(p.source)!);
    pool.target.set(p.target, sides.target.get(p.target)!);
  }
  return { pairs: tiedAway.size + scattered.size > 0 ? pairs.filter((p) => !tiedAway.has(p) && !scattered.has(p)) : pairs, pool, fusions, refused, similarityTies: [...bySuffix.ambiguities, ...renames.ambiguities, ...sortedTies.guesses], withheldTies: [...prefix.ties, ...modules.ties, ...movedTies, ...sortedTies.lookAlikes], reorderedTargets: new Set(modules.reorderedTargets) };
}

/**
 * Module alignment, with fused tensors whose names say so (`kv`, `in_proj_weight`) claimed first where
 * their place is known. Pieces of a fused tensor have no counterpart of their own, so the aligner would
 * pair them with the nearest look-alike (a `q.bias` of C channels with `norm1.bias`), leaving the
 * look-alike's own source unpaired. Where the names alone could not place the pieces (look-alike blocks:
 * `block1.0.attn.kv` or `block1.1.attn.kv` for `layers.0.1.1.attn.attn.in_proj_weight`), a first
 * alignment says which module is which; the fusions it places are claimed, and the modules are aligned
 * again without their pieces. Only when something fused-named is left and that first pass places it.
 */
function alignModulesAroundFusions(pool: Pool, pairs: readonly KeyPair[], fusions: Fusions, tfLayout: boolean, sorted: SortedSides): Aligned {
  // a TensorFlow checkpoint names variables by role (`SelfAttention.k`): any of them is a weight; it and
  // a side listed sorted by name (natural-order.ts) say nothing by the order of named siblings
  const first = alignModules(pool, tfLayout, { ...sorted, source: tfLayout || sorted.source });
  const fusedLeft = (side: ReadonlyMap<string, unknown>) => {
    for (const k of side.keys()) if (hasFusedName(k)) return true;
    return false;
  };
  if (first.pairs.length === 0 || (!fusedLeft(pool.source) && !fusedLeft(pool.target))) return first;
  // the first alignment ran with the pieces in the trees, whose signatures then differ on the two sides:
  // look-alike modules can land one place off (SD's `middle_block.1` on `up_blocks.1.attentions.0`, a
  // whole `qkv` in each against `to_q`/`to_k`/`to_v`). Its placement only finds the fusions; they are
  // claimed where the alignment without their pieces puts their modules
  // (a trial pass that would only replay the pool's own pass takes nothing: the alignment stands, as below)
  if (replaysNamedPass(pool, pairs.length + first.pairs.length)) return first;
  const trialPool = copyPool(pool);
  collectFusions(trialPool, newFusions(), true, [...pairs, ...first.pairs]);
  if (trialPool.source.size === pool.source.size && trialPool.target.size === pool.target.size) return first;
  const second = alignModules(trialPool, tfLayout, { ...sorted, source: tfLayout || sorted.source });
  collectFusions(pool, fusions, true, [...pairs, ...second.pairs]);
  const sameKeys = (a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>) => a.size === b.size && [...a.keys()].every((k) => b.has(k));
  return sameKeys(pool.source, trialPool.source) && sameKeys(pool.target, trialPool.target) ? second : alignModules(pool, tfLayout, { ...sorted, source: tfLayout || sorted.source });
}
