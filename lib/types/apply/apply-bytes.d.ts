import type { PyTensor } from '../formats/pickle/values.js';
import { type OpenFiles } from '../formats/storage-copy.js';
import { type ByteLocation } from '../formats/tensor.js';
import type { OutputTensor } from '../analysis/op-keys.js';
/** In-memory results up to this many bytes in total; beyond, results are appended to the scratch file. */
export declare const REBUILT_MEMORY_BUDGET: number;
export declare class RebuiltStore {
    /** created on first spill; the caller removes it */
    readonly scratchPath: string;
    private readonly budget;
    private inMemory;
    private fd;
    private size;
    private spills;
    constructor(
    /** created on first spill; the caller removes it */
    scratchPath: string, budget?: number);
    /** whether any result went to the scratch file */
    get spilled(): boolean;
    put(bytes: Uint8Array): ByteLocation;
    close(): void;
}
/** Builds the output tensors of one plan, in order; the source of the last split is kept for its siblings. */
export declare class Rebuilder {
    private readonly sources;
    private readonly store;
    private readonly files;
    private lastSplit;
    constructor(sources: ReadonlyMap<string, PyTensor>, store: RebuiltStore, files: OpenFiles);
    build(out: OutputTensor): PyTensor;
    private dense;
}
