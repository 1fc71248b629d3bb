/**
 * Stage 0c: a checkpoint whose keys come sorted by name (safetensors files, Flax msgpack and npz archives
 * list them so) says nothing by its order except the sort, and the sort puts `layers.10` before
 * `layers.2`. Pairing reads order as evidence (sequences of look-alike blocks are aligned by it), so such
 * a side is paired in natural order: numbers compared as numbers, segment by segment (`layers.2` before
 * `layers.10`, `stage2` before `stage10`). A side in any other order (a state_dict's definition order) is
 * left as it is. Only pairing sees the new order; ops and the mapping keep the file's.
 */
import type { KeyEntry } from '../../formats/keys.js';
import { indicesListedAsText } from './text-ordered-indices.js';
import { splitKey } from '../key-tokens.js';

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
 * where natural order agrees with it (`layers.0` … `layers.5`, whose `wk` still comes before `wq`)
 */
export function listedSortedByName(entries: readonly KeyEntry[]): boolean {
  if (entries.length < 3) return false;
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]!.key > entries[i]!.key) return false;
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
