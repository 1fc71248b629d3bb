import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

export function cacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.SDMATCH_NO_CACHE === '1') return null;
  if (env.SDMATCH_CACHE_DIR) return env.SDMATCH_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sdmatch', 'ranges');
}

export function isImmutableUrl(url: string): boolean {
  return /\/resolve\/[0-9a-f]{40}\//.test(url);
}

function fileFor(dir: string, url: string): string {
  return join(dir, `${createHash('sha256').update(url).digest('hex')}.json`);
}

/** The user's own and open to no one else (no group or other bits); owner unchecked where there are no uids (Windows). */
function ownPrivate(st: Stats): boolean {
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  return mine && (st.mode & 0o077) === 0;
}

function trusted(path: string, dir: boolean): boolean {
  try {
    const st = lstatSync(path);
    return (dir ? st.isDirectory() : st.isFile()) && ownPrivate(st);
  } catch {
    return false;
  }
}

export function readCache(dir: string | null, url: string): CachedFile | null {
  if (!dir || !trusted(dir, true) || !trusted(fileFor(dir, url), false)) return null;
  try {
    const j = JSON.parse(readFileSync(fileFor(dir, url), 'utf8')) as { url: string; etag: string | null; size: number; ranges: [number, string][] };
    if (j.url !== url || !Number.isSafeInteger(j.size) || !Array.isArray(j.ranges)) return null;
    const ranges: [number, Uint8Array][] = [];
    for (const [start, b64] of j.ranges) {
      const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
      if (!Number.isSafeInteger(start) || start < 0 || start + bytes.length > j.size) return null;
      ranges.push([start, bytes]);
    }
    return { url, etag: j.etag, size: j.size, ranges };
  } catch {
    return null; // no entry, or a damaged one: fetch again
  }
}

/** Best effort: a cache that cannot be written (read-only home, full disk) costs speed, not the result. */
export function writeCache(dir: string | null, f: CachedFile): void {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // a folder made by someone else, or open to others, is not written into: its entries would be read by them
    if (!trusted(dir, true)) return;
    const target = fileFor(dir, f.url);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ url: f.url, etag: f.etag, size: f.size, ranges: f.ranges.map(([s, b]) => [s, Buffer.from(b).toString('base64')]) }), { mode: 0o600 });
    renameSync(tmp, target);
  } catch {
    // ignored on purpose, see above
  }
}
