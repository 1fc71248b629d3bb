import type { PyTensor, PyValue } from '../formats/pickle/values.js';
import type { PlanSource } from './apply-source.js';
import type { OutputFormat } from './apply-write.js';
import type { OutputTensor } from '../analysis/op-keys.js';
export interface InKernelRequest {
    /** false: always stream (`--no-fast`) */
    enabled: boolean;
    src: PlanSource;
    format: OutputFormat;
    sharded: boolean;
    keepContainer: boolean;
    outputs: readonly OutputTensor[];
    /** the output state dict's tensors, in order */
    tensors: readonly [string, PyTensor][];
    /** the tree to pickle (what the streaming path writes) */
    root: PyValue;
    totalBytes: number;
    progress?: (written: number, total: number) => void;
}
/** How the storages got into the output. */
export type StorageCopy = 
/** the source copied in-kernel, its tail rewritten; `orphans`: unlisted entries left in the file */
{
    kind: 'in-kernel';
    orphans: {
        name: string;
        bytes: number;
    }[];
}
/** streamed through the format writers, and why the in-kernel copy could not be used */
 | {
    kind: 'streamed';
    why: string;
}
/** no tensor bytes written: a DCP folder renamed in place, only its .metadata rewritten (review19 F7) */
 | {
    kind: 'metadata-only';
};
/**
 * Writes the output to `temp` (which must not exist) by the in-kernel path when the request allows
 * it; otherwise writes nothing and says why, for the caller to stream.
 */
export declare function copyInKernel(temp: string, req: InKernelRequest): StorageCopy;
