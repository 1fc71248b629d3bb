import { type TensorInfo } from '../formats/tensor.js';
import type { CheckpointFormat } from './types.js';
/**
 * Tensors whose stored bytes are fewer than their view reaches (review 21 F6): a torch zip whose `data/<key>`
 * member was cut short read as "safe", diffed "same", and apply copied it short and said "verified", while
 * torch 1.13 loads such a tensor with uninitialised memory past the member's end. The safety verdict is not
 * about bytes and stays; the file is said not to be a loadable checkpoint (inspect's format row), and apply
 * refuses to write from it.
 */
export declare function shortStorageLine(key: string, info: TensorInfo, format: CheckpointFormat): string | null;
/** The detail lines for the short tensors among `tensors` (none when every view fits its bytes). */
export declare function shortStorageDetail(tensors: readonly {
    path: readonly (string | number)[];
    info: TensorInfo;
}[], format: CheckpointFormat): string[];
