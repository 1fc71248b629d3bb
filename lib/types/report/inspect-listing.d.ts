import type { SharedStorage, TensorTotals } from '../checkpoint/summary.js';
import type { TensorRecord } from '../checkpoint/types.js';
import type { FillLine, LineTemplate } from './inspect-json-lines.js';
import type { InspectModel, TensorGroup } from './inspect-model.js';
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
export declare function columnarListing(n: number, key: (i: number) => string, record: (i: number) => TensorRecord, filter: RegExp | undefined): ColumnarListing;
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
export declare function columnarInspectModel(p: ColumnarParts): InspectModel;
