/**
 * Stage 0c: a checkpoint whose keys come sorted by name (safetensors files, by dtype then name; Flax msgpack
 * and npz archives, h5 dumps) says nothing by its order except the sort, and the sort puts `layers.10` before
 * `layers.2`. Pairing reads order as evidence (sequences of look-alike blocks are aligned by it), so such
 * a side is paired in natural order: numbers compared as numbers, segment by segment (`layers.2` before
 * `layers.10`, `stage2` before `stage10`). A side in any other order (a state_dict's definition order) is
 * left as it is. Only pairing sees the new order; ops and the mapping keep the file's.
 */
import type { KeyEntry } from '../../formats/keys.js';
export declare function naturalCompare(a: string, b: string): number;
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
export declare function listedSortedByName(entries: readonly KeyEntry[]): boolean;
/**
 * the entries in natural order when they are listed sorted by name, or in the order of names they were
 * converted from (their indices in text order: text-ordered-indices.ts), and that order differs from it; else null
 */
export declare function naturalOrderIfSorted(entries: readonly KeyEntry[]): KeyEntry[] | null;
/**
 * Where each key of a side paired in natural order stands as evidence of order: its module's place in that
 * order, the same for every leaf of one module. The leaves of a module sorted by name (`bias` before `weight`)
 * say nothing of the order they were defined in, so an op's "order preserved / differs at N places"
 * (confidence.ts opMeta) counts only modules out of order, as from a state_dict in module order.
 */
export declare function moduleRanks(natural: readonly KeyEntry[]): Map<string, number>;
