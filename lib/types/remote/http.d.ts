/**
 * Range requests with the behaviour of the Hub's own clients: redirects followed by hand (at most
 * MAX_REDIRECTS, the token dropped when the host changes, as huggingface_hub does for its CDN),
 * 429 and 5xx retried with exponential back-off (Retry-After honoured up to a bound), and every
 * failure one line naming the file. A server that ignores Range is refused, never read whole.
 */
export interface RemoteTarget {
    /** what the user calls it, for messages */
    name: string;
    url: string;
    /** bearer token, sent only to the origin of `url` */
    token?: string;
    /**
     * where `url` redirected to (the Hub's CDN), reused for the file's further ranges as the Hub's
     * clients do: one hop per range instead of two. Forgotten when it stops answering (a signed URL expired).
     */
    resolved?: string;
    /** the Hub (or its mirror): its words for 401/403/404 speak of tokens and repositories; another host's do not */
    hub?: boolean;
    /** ms without an answer or a byte before the request is given up (SDMATCH_HTTP_TIMEOUT); DEFAULT_TIMEOUT_MS when unset */
    timeoutMs?: number;
}
export interface FetchStats {
    requests: number;
    bytes: number;
}
/**
 * What names one version of a remote file: its ETag, else its Last-Modified. Every range of a read must
 * come from the version of the first answer; a file re-saved between two ranges at the same size would
 * otherwise be read (and cached) as a splice of two files that never existed (review 25 F2).
 */
export interface Validator {
    etag: string | null;
    lastModified: string | null;
}
export interface RangeResult extends Validator {
    bytes: Uint8Array;
    /** the file's full size, from Content-Range */
    size: number;
}
export declare const CHANGED = "the remote file changed while it was being read";
/** back-off base in ms (tests shorten it; the real Hub wants seconds) */
export declare const retryPolicy: {
    baseMs: number;
};
/**
 * A server that accepts and never answers held a run silent for 25 minutes (undici's 300 s headers
 * timeout, five attempts). huggingface_hub gives up after 10 s without a byte; 30 s here, for a
 * slow mirror, and SDMATCH_HTTP_TIMEOUT (seconds) to change it.
 */
export declare const DEFAULT_TIMEOUT_MS = 30000;
/** SDMATCH_HTTP_TIMEOUT in ms, or the default; a value that is not a positive number is a one-line error. */
export declare function httpTimeoutMs(env: NodeJS.ProcessEnv): number;
/** `expect`: the validator of the file's first answer; an answer of another version is a one-line error, never bytes */
export declare function fetchRange(t: RemoteTarget, start: number, length: number, stats: FetchStats, expect?: Validator): Promise<RangeResult>;
/**
 * HEAD for revalidating a cached file: its ETag, null when the server gives none, undefined when it
 * refuses HEAD (an S3 presigned URL is signed for GET alone and answers 403; some servers 405): the
 * caller then asks with a ranged GET, which says the same and gives bytes besides.
 */
export declare function fetchEtag(t: RemoteTarget, stats: FetchStats): Promise<string | null | undefined>;
/** GET of a small JSON document (the Hub's revision API). */
export declare function fetchJson(t: RemoteTarget, stats: FetchStats): Promise<unknown>;
/** A URL, or the one-line error saying it is not one. */
export declare function parseUrl(text: string, base: string | undefined, name: string): string;
