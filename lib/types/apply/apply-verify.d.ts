import type { KeyPath } from '../checkpoint/types.js';
import { type TensorInfo } from '../formats/tensor.js';
export interface PromisedTensor {
    key: string;
    info: TensorInfo;
}
export interface VerifyRequest {
    /** the file (or shard index) to re-read */
    entry: string;
    /** what to call it in messages */
    name: string;
    /** where the state dict must be in the output */
    select: KeyPath;
    tensors: PromisedTensor[];
    /** torch output keeps storages whole and views as they were; safetensors stores each tensor alone */
    layout: 'storages' | 'tensors';
    /** false when the reader cannot give the written order back (safetensors sorts by dtype, shard indexes by name) */
    ordered: boolean;
    /** a dangerous output is accepted (--keep-container --trust of a dangerous source); otherwise it is a failure */
    allowDangerous?: boolean;
}
/** Throws FormatError(name, …) at the first difference. */
export declare function verifyOutput(req: VerifyRequest): {
    tensors: number;
};
