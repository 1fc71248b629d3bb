/**
 * Numbered look-alikes against named ones (review 17 F2: `fc1`, `fc2` against `mlp.down`, `mlp.up`, both [8, 8]).
 * The numbers order their own side only; the other side's names are roles (`down`, `up`), and its order of
 * definition is its author's choice: a model that declares `down` before `up` makes a pairing by order a swap,
 * loaded without a word in torch. So numbers are read against the other side's names only where those names
 * say a place themselves: `before`/`pre`/`first`/`in` is the lowest number, `after`/`post`/`final`/`last`/`out`
 * the highest (review 18's S02: `fc1`, `fc2` are `in_proj`, `out_proj`, though `out_proj` is declared first;
 * poolformer's `norm1`, `norm2` are HF's `before_norm`, `after_norm`; DETR's encoder `norm1`, `norm2` its
 * `self_attn_layer_norm` and `final_layer_norm`, the one left after the placed one). What neither names nor
 * places single out is listed with its candidates, never paired by order.
 */
import { indexedSegment, leafOf, moduleOf, wordsOf } from '../key-tokens.js';
import { letteredRun } from './twin-order.js';

/** where a word places a module among its numbered look-alikes: the first of them or the last */
const PLACE_WORDS: ReadonlyMap<string, 'first' | 'last'> = new Map([
  ['before', 'first'],
  ['pre', 'first'],
  ['first', 'first'],
  ['in', 'first'],
  ['input', 'first'],
  ['after', 'last'],
  ['post', 'last'],
  ['final', 'last'],
  ['last', 'last'],
  ['out', 'last'],
  ['output', 'last'],
]);

/** the place a name's words give it, or null (none, or both) */
function placeOf(name: string): 'first' | 'last' | null {
  const said = new Set(wordsOf(name).flatMap((w) => (PLACE_WORDS.has(w) ? [PLACE_WORDS.get(w)!] : [])));
  return said.size === 1 ? [...said][0]! : null;
}

/**
 * The ordinals of sibling names that enumerate (`fc1`, `fc2`; `f.a`, `f.b`, `f.c`; `a_bn`, `b_bn`): all alike but
 * for a number after one stem, or one letter of a run of the alphabet (with `siblings`, the last segments of
 * their module's other children), in their last segment; null otherwise.
 */
export function ordinalsOf(rels: readonly string[], siblings: readonly string[] = []): number[] | null {
  if (rels.length < 2) return null;
  if (rels.some((r) => moduleOf(r) !== moduleOf(rels[0]!))) return null;
  const lasts = rels.map((r) => leafOf(r));
  const segs = lasts.map(indexedSegment);
  if (segs.every((x) => x.index !== null && x.stem !== '' && x.stem === segs[0]!.stem) && new Set(segs.map((x) => x.index)).size === segs.length) return segs.map((x) => x.index!);
  const at = [...lasts[0]!].findIndex((_, i) => lasts.some((r) => r[i] !== lasts[0]![i]));
  if (at < 0) return null;
  // letters of a run: the units' own (`a`, `b`), or their siblings' of the same form where one letter's module
  // is of another kind (pycls's `f.a`, `f.c` beside the 3×3 `f.b`)
  const sameForm = (r: string) => r.length === lasts[0]!.length && r.slice(0, at) === lasts[0]!.slice(0, at) && r.slice(at + 1) === lasts[0]!.slice(at + 1);
  const run = letteredRun(lasts) ? lasts : lasts.every(sameForm) ? [...new Set([...lasts, ...siblings.filter(sameForm)])] : [];
  // an enumeration starts at `a` (`zw`, `zx`, `zy` are tokens whose letters happen to follow each other)
  if (!letteredRun(run) || !run.some((r) => r[at] === 'a')) return null;
  return lasts.map((r) => r.charCodeAt(at));
}

/**
 * Units that enumerate (`ordinals`, from ordinalsOf) against units named otherwise (`named`): index pairs
 * [enumerated i, named j] the places single out — the one `first`-placed name with the lowest ordinal, the one
 * `last`-placed with the highest — and, where then exactly one unit is left on each side, that one by
 * elimination. Equal counts only; null where no place is said.
 */
export function pairedByPlaces(ordinals: readonly number[], named: readonly string[]): [number, number][] | null {
  if (ordinals.length !== named.length || ordinals.length < 2) return null;
  const byOrdinal = ordinals.map((_, i) => i).sort((a, b) => ordinals[a]! - ordinals[b]!);
  const places = named.map(placeOf);
  const pairs: [number, number][] = [];
  for (const [place, i] of [['first', byOrdinal[0]!], ['last', byOrdinal[byOrdinal.length - 1]!]] as const) {
    const at = places.flatMap((p, j) => (p === place ? [j] : []));
    // two names placed alike (`pre_attn_norm`, `pre_mlp_norm`) say nothing of which is first
    if (at.length === 1) pairs.push([i, at[0]!]);
  }
  if (pairs.length === 0) return null;
  const leftI = byOrdinal.filter((i) => !pairs.some(([x]) => x === i));
  const leftJ = named.map((_, j) => j).filter((j) => !pairs.some(([, y]) => y === j));
  if (leftI.length === 1 && leftJ.length === 1) pairs.push([leftI[0]!, leftJ[0]!]);
  return pairs;
}

/**
 * Whether the names' costs leave every one-to-one pairing of a square group equally good (within `margin`):
 * a cost each row or each column adds alike (`self_attn_layer_norm` holds more words than `final_layer_norm`,
 * so it is further from every `normN`) tells no unit from another, though the costs differ.
 */
export function pairingUndecided(cost: readonly (readonly number[])[], margin: number): boolean {
  const n = cost.length;
  if (n === 0 || cost.some((row) => row.length !== n)) return false;
  // every pairing costs the same exactly when each cell is a row's part plus a column's
  for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) if (Math.abs(cost[i]![j]! - cost[i]![0]! - cost[0]![j]! + cost[0]![0]!) >= margin) return false;
  return true;
}
