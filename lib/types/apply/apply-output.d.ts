export interface AtomicOutputOptions {
    /** start the watcher process that cleans up if this process dies mid-write */
    guardInterrupts?: boolean;
    /** make OUT durable: fsync before and after the rename (default true) */
    sync?: boolean;
    /**
     * with sync, how many bytes are about to be written: the background flushing (writeback.ts) starts
     * only for an output of at least WRITEBACK_MIN_BYTES (default: always). It only shortens the fsync
     * that follows, which happens either way, and its thread costs ~20-40 ms of CPU to start: more than
     * the fsync of a small output takes on its own.
     */
    expectedBytes?: number;
}
/**
 * Below this the disk takes the whole output at the fsync in about the time the writeback thread takes
 * to start (~30 ms at a few hundred MB/s); above it, writing back while the copy runs shortens the fsync.
 */
export declare const WRITEBACK_MIN_BYTES: number;
export declare class AtomicOutput {
    readonly out: string;
    readonly kind: 'file' | 'dir';
    /** the temporary file or folder the output is written to */
    readonly temp: string;
    /** where the temporary is renamed to: OUT, or the file a symlinked OUT points to (the link is kept: review 22 F2) */
    private readonly target;
    private guard;
    private writeback;
    private readonly sync;
    private flushed;
    private done;
    constructor(out: string, kind: 'file' | 'dir', opts?: AtomicOutputOptions);
    /** The writing is done: fsync the temporary output (once; commit does it if nobody did). */
    flush(): void;
    /** fsync the temporary output if not yet done, rename it into place, fsync the folder. */
    commit(): void;
    /** Remove everything written (safe to call more than once, and after commit). */
    abort(): void;
    /** the process that removes the temporaries if this one dies (null without guardInterrupts) */
    get watcherPid(): number | null;
    private stopWriteback;
    private finish;
}
