export interface Writeback {
    /** End the background flushing (waits for the round in progress); the caller's fsync does the rest. */
    stop(): void;
}
export declare function startWriteback(path: string): Writeback;
