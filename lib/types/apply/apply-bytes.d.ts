import type { PyTensor } from '../formats/pickle/values.js';
import { type OpenFiles } from '../formats/storage-copy.js';
import type { OutputTensor } from '../analysis/op-keys.js';
/** Builds the output tensors of one plan; split sources are read once for their parts (SplitSources). */
export declare class Rebuilder {
    private readonly sources;
    private readonly files;
    private readonly splits;
    private readonly input;
    private readonly output;
    /** source reads made for splits that could not read their part alone */
    get splitSourceReads(): number;
    constructor(sources: ReadonlyMap<string, PyTensor>, files: OpenFiles);
    /** The output tensor, its bytes computed when read (every check that needs no byte is made here). */
    build(out: OutputTensor): PyTensor;
    /** Tells the split cache of every part this recipe makes from a source it cannot read alone. */
    private countSplits;
    /**
     * A split part that is one run of its stored source's elements, as a view of the source's storage
     * (read alone, nothing else of the source read), or null. The source's whole span is checked against
     * its storage here, as reading it whole would.
     */
    private partView;
    /**
     * The result's bytes; a transpose of a stored tensor goes through the reused buffers: band by band
     * when it can (transpose-stored.ts: the input buffer stays a few MB), else read whole.
     */
    private bytes;
    private source;
    /** What `dense` would make, without reading a byte: its checks, its shape, its dtype. */
    private shaped;
    private dense;
}
