import type { TensorRecord } from '../checkpoint/types.js';
import type { TensorGroup } from './inspect-model.js';
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
