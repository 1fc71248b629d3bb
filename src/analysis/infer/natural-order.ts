/**
 * Stage 0c: a checkpoint whose keys come sorted by name (safetensors files, by dtype then name; Flax msgpack
 * and npz archives, h5 dumps) says nothing by its order except the sort, and the sort puts `layers.10` before
 * `layers.2`. Pairing reads order as evidence (sequences of look-alike blocks are aligned by it), so such
 * a side is paired in natural order: numbers compared as numbers, segment by segment (`layers.2` before
 * `layers.10`, `stage2` before `stage10`). A side in any other order (a state_dict's definition order) is
 * left as it is. Only pairing sees the new order; ops and the mapping keep the file's.
 */
import type { KeyEntry } from '../../formats/keys.js';
import { indicesListedAsText } from './text-ordered-indices.js';
import { moduleOf, splitKey } from '../key-tokens.js';

const DIGIT_RUNS = /(\d+)/;

/** segments compared run by run: digit runs as numbers (`block2_attn` before `block10_attn`), the rest as text */
function compareSegments(a: string, b: string): number {
  if (a === b) return 0;
  const ra = a.split(DIGIT_RUNS);
  const rb = b.split(DIGIT_RUNS);
  // split with a capture group alternates text, digits, text…: odd places hold the digit runs
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      continue;
    }
    break;
  }
  return a < b ? -1 : 1;
}

export function naturalCompare(a: string, b: string): number {
  const sa = splitKey(a);
  const sb = splitKey(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const c = compareSegments(sa[i]!, sb[i]!);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}

/**
 * whether the entries are listed sorted by name (three or more): then their order is the sort's, even
 * where natural order agrees with it (`layers.0` … `layers.5`, whose `wk` still comes before `wq`).
 * Two sorts count besides the plain one (whatever the dtypes):
 * - sorted within each dtype: every safetensors writer (the Rust crate's `prepare`, which safetensors.torch and
 *   candle call; ../../formats/safetensors/writer.ts) lays tensors out by dtype, then by name, so a file with
 *   BatchNorm counters lists its int64 `num_batches_tracked` apart from its floats (review 26 F4: read as module
 *   order, `body.10` came before `body.2`). A state_dict in module order mixes its dtypes (a counter after each
 *   BatchNorm's floats), so some dtype comes in two runs and it is not taken for this;
 * - modules sorted by name, each module's own tensors in its own order: h5py lists an .h5 file's layer groups
 *   by name and each layer's weights in the order the layer made them (`conv2d_10/kernel`, `conv2d_10/bias`
 *   before `conv2d_2/…`), which is how Keras converters read them (review 26 F2). Three modules at least: a
 *   list of top-level names is one module.
 */
export function listedSortedByName(entries: readonly KeyEntry[]): boolean {
  if (entries.length < 3) return false;
  const sorted = (nameOf: (e: KeyEntry) => string) => sortedInRuns(entries, nameOf, () => null) || sortedInRuns(entries, nameOf, (e) => e.dtype);
  return sorted((e) => e.key) || (sorted((e) => moduleOf(e.key)) && new Set(entries.map((e) => moduleOf(e.key))).size >= 3 && sortTold(entries));
}

/**
 * whether modules listed in name order show that a machine sorted them: two whose numbers natural order puts the
 * other way (`conv2d_10` before `conv2d_2`). A torch state_dict in module order is often alphabetical by chance
 * (`enc`, `enc.proj`, `fc`), and read as a sort its order stops being evidence (review 20 F1's over-stripped
 * Linear from an error text was listed, not renamed back: s26 merge of the module-sort rule)
 */
function sortTold(entries: readonly KeyEntry[]): boolean {
  let prev: string | undefined;
  for (const e of entries) {
    const m = moduleOf(e.key);
    if (prev !== undefined && m !== prev && naturalCompare(prev, m) > 0) return true;
    prev = m;
  }
  return false;
}

/** whether `nameOf` the entries never falls within a run of equal `runOf`, and each run value comes in one run */
function sortedInRuns(entries: readonly KeyEntry[], nameOf: (e: KeyEntry) => string, runOf: (e: KeyEntry) => KeyEntry['dtype']): boolean {
  // per run value, the last name listed; a value met again after another's run is no sort's layout
  const last = new Map<KeyEntry['dtype'], string>();
  let run: KeyEntry['dtype'] | undefined;
  for (const e of entries) {
    const r = runOf(e);
    if (r !== run) {
      if (last.has(r)) return false;
      run = r;
    }
    const name = nameOf(e);
    const before = last.get(r);
    if (before !== undefined && before > name) return false;
    last.set(r, name);
  }
  return true;
}

/**
 * the entries in natural order when they are listed sorted by name, or in the order of names they were
 * converted from (their indices in text order: text-ordered-indices.ts), and that order differs from it; else null
 */
export function naturalOrderIfSorted(entries: readonly KeyEntry[]): KeyEntry[] | null {
  if (!listedSortedByName(entries) && !indicesListedAsText(entries)) return null;
  const natural = [...entries].sort((x, y) => naturalCompare(x.key, y.key));
  return natural.some((e, i) => e !== entries[i]) ? natural : null;
}

/**
 * Where each key of a side paired in natural order stands as evidence of order: its module's place in that
 * order, the same for every leaf of one module. The leaves of a module sorted by name (`bias` before `weight`)
 * say nothing of the order they were defined in, so an op's "order preserved / differs at N places"
 * (confidence.ts opMeta) counts only modules out of order, as from a state_dict in module order.
 */
export function moduleRanks(natural: readonly KeyEntry[]): Map<string, number> {
  const rankOf = new Map<string, number>();
  const out = new Map<string, number>();
  for (const e of natural) {
    const m = moduleOf(e.key);
    let r = rankOf.get(m);
    if (r === undefined) rankOf.set(m, (r = rankOf.size));
    out.set(e.key, r);
  }
  return out;
}
