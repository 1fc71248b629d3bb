import type { PyTensor } from '../formats/pickle/values.js';
import { type OpenFiles } from '../formats/storage-copy.js';
import type { OutputTensor } from '../analysis/op-keys.js';
/** Builds the output tensors of one plan; the source of the last split is kept for its siblings. */
export declare class Rebuilder {
    private readonly sources;
    private readonly files;
    private lastSplit;
    private readonly input;
    private readonly output;
    constructor(sources: ReadonlyMap<string, PyTensor>, files: OpenFiles);
    /** The output tensor, its bytes computed when read (every check that needs no byte is made here). */
    build(out: OutputTensor): PyTensor;
    /** The result's bytes; a transpose of a stored tensor goes through the reused buffers. */
    private bytes;
    private source;
    /** What `dense` would make, without reading a byte: its checks, its shape, its dtype. */
    private shaped;
    private dense;
}
