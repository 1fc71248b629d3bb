/**
 * Fetched ranges on disk, one file per URL, kept with the ETag they were read under: a second run
 * reads them instead of the network. URLs pinned to a commit (`/resolve/<40 hex>/`, which hf:// paths
 * always resolve to) are immutable and reused without asking; any other URL is revalidated by a HEAD
 * whose ETag must match. Disabled by SDMATCH_NO_CACHE=1; lives in $SDMATCH_CACHE_DIR, else
 * $XDG_CACHE_HOME/sdmatch/ranges, else ~/.cache/sdmatch/ranges.
 *
 * The rules of the code cache (bin/load-cli.js), stricter on reading: the entries hold a private
 * model's layout (every key and shape) and bytes whose safety verdict is given as the file's, so the
 * folder must be a real folder owned by the user and open to no one else (made 0700, entries 0600);
 * anything else, or an entry that is a link, not the user's or open to others, is ignored (review 15 F5).
 */
export interface CachedFile {
    url: string;
    etag: string | null;
    size: number;
    ranges: [number, Uint8Array][];
}
export declare function cacheDir(env: NodeJS.ProcessEnv): string | null;
export declare function isImmutableUrl(url: string): boolean;
export declare function readCache(dir: string | null, url: string): CachedFile | null;
/** Best effort: a cache that cannot be written (read-only home, full disk) costs speed, not the result. */
export declare function writeCache(dir: string | null, f: CachedFile): void;
