export interface AtomicOutputOptions {
    /** start the watcher process that cleans up if this process dies mid-write */
    guardInterrupts?: boolean;
    /** make OUT durable: flush while writing, fsync before and after the rename (default true) */
    sync?: boolean;
}
export declare class AtomicOutput {
    readonly out: string;
    readonly kind: 'file' | 'dir';
    /** the temporary file or folder the output is written to */
    readonly temp: string;
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
