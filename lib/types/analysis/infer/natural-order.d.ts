/**
 * Stage 0c: a checkpoint whose keys come sorted by name (safetensors files, Flax msgpack and npz archives
 * list them so) says nothing by its order except the sort, and the sort puts `layers.10` before
 * `layers.2`. Pairing reads order as evidence (sequences of look-alike blocks are aligned by it), so such
 * a side is paired in natural order: numbers compared as numbers, segment by segment (`layers.2` before
 * `layers.10`, `stage2` before `stage10`). A side in any other order (a state_dict's definition order) is
 * left as it is. Only pairing sees the new order; ops and the mapping keep the file's.
 */
import type { KeyEntry } from '../../formats/keys.js';
export declare function naturalCompare(a: string, b: string): number;
/**
 * whether the entries are listed sorted by name (three or more): then their order is the sort's, even
 * where natural order agrees with it (`layers.0` … `layers.5`, whose `wk` still comes before `wq`)
 */
export declare function listedSortedByName(entries: readonly KeyEntry[]): boolean;
/**
 * the entries in natural order when they are listed sorted by name, or in the order of names they were
 * converted from (their indices in text order: text-ordered-indices.ts), and that order differs from it; else null
 */
export declare function naturalOrderIfSorted(entries: readonly KeyEntry[]): KeyEntry[] | null;
