import { isRemotePath } from '../checkpoint/sources.js';
/**
 * Makes a remote checkpoint readable by the synchronous readers without downloading it: the reader
 * runs on a SparseSource; every range it asks for and is missing is fetched (with read-ahead when it
 * walks forward, and every zip local header at once when it lists an archive), and it runs again,
 * until it runs through on real bytes alone. Tensor data is never asked for, so never fetched, beyond
 * the read-ahead windows the readers themselves use on disk.
 */
export interface RemoteReport {
    files: number;
    /** total size of the remote files */
    size: number;
    requests: number;
    /** bytes that came over the network */
    bytes: number;
    /** bytes that came from the on-disk range cache */
    cachedBytes: number;
    /** the most rounds of range requests one file needed (the round trips on the critical path) */
    rounds: number;
}
/** huggingface.js refuses safetensors headers over 25,000,000 bytes; so does a remote read here */
export declare const MAX_SAFETENSORS_HEADER = 25000000;
/** shard indexes with more shards than any published model (Llama 3.1 405B has 191) are refused */
export declare const MAX_SHARDS = 4096;
/** `env`: the environment it reads (process.env fits; a plain record keeps the declaration free of @types/node) */
export declare function prefetchRemote(spec: string, env: Readonly<Record<string, string | undefined>>): Promise<RemoteReport>;
/**
 * The one line the CLI prints: how much came over the network against the size of what was read; bytes
 * the range cache gave are said apart, never counted as fetched (review 25 F13c: "fetched 274 B … (100.394 %").
 */
export declare function describeReport(r: RemoteReport): string;
export { isRemotePath };
