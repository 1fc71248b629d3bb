import type { SharedStorage, TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import type { FillLine, LineTemplate } from './inspect-json-lines.js';
import type { InspectModel, TensorGroup, TensorRow } from './inspect-model.js';

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

/** What a columnar reading (a torch.save zip's columns, safetensors headers) gives the inspect model of its one flat state dict. */
export interface ColumnarParts {
  checkpoint: Pick<InspectModel, 'file' | 'format' | 'size' | 'detail' | 'safety'>;
  /** tensors in the state dict */
  count: number;
  key(i: number): string;
  record(i: number): TensorRecord;
  filter: RegExp | undefined;
  totals: TensorTotals;
  shared: SharedStorage[];
  /** the JSON line of tensor i: the reading's fixed fields, and what it fills in per tensor */
  lines: LineTemplate;
  fill: FillLine;
}

/**
 * buildInspectModel's model of a flat state dict read into columns, made without a record per tensor:
 * one state dict at the root, its listing by number, a row only where the table or a caller asks.
 */
export function columnarInspectModel(p: ColumnarParts): InspectModel {
  const { checkpoint: c, count: n, filter, lines, fill } = p;
  const list = columnarListing(n, p.key, p.record, filter);
  return {
    file: c.file,
    format: c.format,
    size: c.size,
    detail: c.detail,
    totals: p.totals,
    shared: p.shared,
    stateDicts: [{ path: [], count: n, nonTensor: [] }],
    leaves: [],
    groups: list.groups,
    get tensors(): TensorRecord[] {
      return list.tensors();
    },
    // the columns hold one name per tensor (see InspectModel.aliased): the table makes no record per tensor to learn that
    aliased: () => [],
    tensorCount: list.count,
    tensorLine: (i) => lines.line(fill, list.at(i)),
    tensorText: (start, end, into) => lines.lines(fill, start, end, list.at, list.count, into),
    filter: filter ? filter.source : null,
    safety: c.safety,
    error: null,
  };
}
