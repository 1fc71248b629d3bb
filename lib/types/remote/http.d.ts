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
}
export interface FetchStats {
    requests: number;
    bytes: number;
}
export interface RangeResult {
    bytes: Uint8Array;
    /** the file's full size, from Content-Range */
    size: number;
    etag: string | null;
}
/** back-off base in ms (tests shorten it; the real Hub wants seconds) */
export declare const retryPolicy: {
    baseMs: number;
};
export declare function fetchRange(t: RemoteTarget, start: number, length: number, stats: FetchStats, ifRange?: string | null): Promise<RangeResult>;
/** HEAD for revalidating a cached file: its ETag and size, or null when the server gives no ETag. */
export declare function fetchEtag(t: RemoteTarget, stats: FetchStats): Promise<string | null>;
/** GET of a small JSON document (the Hub's revision API). */
export declare function fetchJson(t: RemoteTarget, stats: FetchStats): Promise<unknown>;
/** A URL, or the one-line error saying it is not one. */
export declare function parseUrl(text: string, base: string | undefined, name: string): string;
