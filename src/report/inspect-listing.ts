import type { TensorRecord } from '../checkpoint/types.js';
import type { TensorGroup, TensorRow } from './inspect-model.js';

/**
 * The listing of one flat state dict read into columns (a torch.save zip, safetensors): the tensors it
 * shows (all, or those whose key the filter matches) by number, and a row object per tensor only
 * when the table or a caller asks for rows.
 */
export interface ColumnarListing {
  /** the tensor number of listing line i */
  at(i: number): number;
  count: number;
  /** the state dict's one group; none when a filter matches nothing, as groupTensors does */
  groups: TensorGroup[];
  tensors(): TensorRecord[];
}

export function columnarListing(n: number, key: (i: number) => string, record: (i: number) => TensorRecord, filter: RegExp | undefined): ColumnarListing {
  let shown: Int32Array | null = null;
  if (filter) {
    const keep = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (filter.test(key(i))) keep[k++] = i;
    shown = keep.slice(0, k);
  }
  const at = (i: number): number => (shown === null ? i : shown[i]!);
  const count = shown === null ? n : shown.length;
  const row = (i: number): TensorRow => {
    const r = record(at(i));
    return { key: r.path[0] as string, record: r };
  };
  const rows = (limit: number): TensorRow[] => Array.from({ length: Math.min(limit, count) }, (_, i) => row(i));
  let all: TensorRow[] | null = null;
  const group: TensorGroup = {
    dict: [],
    count,
    head: (limit) => (limit >= count ? (all ??= rows(count)) : rows(limit)),
    get rows() {
      return (all ??= rows(count));
    },
  };
  return { at, count, groups: count > 0 || !filter ? [group] : [], tensors: () => (all ??= rows(count)).map((r) => r.record) };
}
