/**
 * Stage 0c: a checkpoint whose keys come sorted by name (safetensors files, Flax msgpack and npz archives
 * list them so) says nothing by its order except the sort, and the sort puts `layers.10` before
 * `layers.2`. Pairing reads order as evidence (sequences of look-alike blocks are aligned by it), so such
 * a side is paired in natural order: numbers compared as numbers, segment by segment (`layers.2` before
 * `layers.10`, `stage2` before `stage10`). A side in any other order (a state_dict's definition order) is
 * left as it is. Only pairing sees the new order; ops and the mapping keep the file's.
 */
import type { KeyEntry } from '../../formats/keys.js';

const GLUED = /^(.*?)(\d+)$/;

function compareSegments(a: string, b: string): number {
  if (a === b) return 0;
  const ma = GLUED.exec(a);
  const mb = GLUED.exec(b);
  if (ma && mb && ma[1] === mb[1]) {
    const d = Number(ma[2]) - Number(mb[2]);
    if (d !== 0) return d;
  }
  return a < b ? -1 : 1;
}

export function naturalCompare(a: string, b: string): number {
  const sa = a.split('.');
  const sb = b.split('.');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const c = compareSegments(sa[i]!, sb[i]!);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}

/** the entries in natural order when they are listed sorted by name and that order differs from it; else null */
export function naturalOrderIfSorted(entries: readonly KeyEntry[]): KeyEntry[] | null {
  if (entries.length < 3) return null;
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]!.key > entries[i]!.key) return null;
  const natural = [...entries].sort((x, y) => naturalCompare(x.key, y.key));
  return natural.some((e, i) => e !== entries[i]) ? natural : null;
}
