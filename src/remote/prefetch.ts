import { readCheckpointFile } from '../checkpoint/read-file.js';
import { isRemotePath, registerAlias, registerRemote, siblingPath } from '../checkpoint/sources.js';
import { detectKind } from '../formats/detect.js';
import { FormatError } from '../formats/errors.js';
import { readShardIndex } from '../formats/hf-index.js';
import { MissingBytes, SparseSource } from '../formats/sparse-source.js';
import { locateCentralDirectory } from '../formats/zip/end-record.js';
import { u16, u32, u64 } from '../formats/zip/window.js';
import { cacheDir, isImmutableUrl, readCache, writeCache } from './cache.js';
import { CHANGED, fetchEtag, fetchRange, httpTimeoutMs, parseUrl, type FetchStats, type RemoteTarget, type Validator } from './http.js';
import { discoverCheckpoint, hubEndpoint, hubToken, parseHubPath, repoFiles, resolveUrl } from './hub.js';

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

/** first request per file: detectKind's head, and all of a small safetensors header */
const HEAD_BYTES = 1 << 16;
/** huggingface.js refuses safetensors headers over 25,000,000 bytes; so does a remote read here */
export const MAX_SAFETENSORS_HEADER = 25_000_000;
/** shard indexes with more shards than any published model (Llama 3.1 405B has 191) are refused */
export const MAX_SHARDS = 4096;
/** a shard index is a key and a file name per tensor */
const MAX_INDEX_BYTES = 64 << 20;
/** bytes one file may need before sdmatch stops and asks for a download */
const MAX_FILE_FETCH = 512 << 20;
/** one round per storage of a legacy file (each record's offset comes from the previous one), a handful otherwise */
const MAX_ROUNDS = 1024;
const RANGE_CONCURRENCY = 8;
const SHARD_CONCURRENCY = 4;
/** ranges closer than this are fetched as one request */
const COALESCE_GAP = 4096;
/** read-ahead cap for a reader walking forward (a legacy pickle read until STOP) */
const MAX_READ_AHEAD = 16 << 20;

interface RemoteFile {
  target: RemoteTarget;
  src: SparseSource;
  /** the version every range must come from: the first answer's (or the cache entry's, revalidated) */
  version: Validator;
  cachedBytes: number;
}

/** `env`: the environment it reads (process.env fits; a plain record keeps the declaration free of @types/node) */
export async function prefetchRemote(spec: string, env: Readonly<Record<string, string | undefined>>): Promise<RemoteReport> {
  const stats: FetchStats = { requests: 0, bytes: 0 };
  let rounds = 0;
  const settleCounted = async (fs: RemoteFile[], read: () => void) => {
    rounds = Math.max(rounds, await settle(fs, read, stats));
  };
  const files = new Map<string, RemoteFile>();
  const dir = cacheDir(env);
  const timeoutMs = httpTimeoutMs(env);
  const { key, url, token, hub } = await resolveSpec(spec, env, stats, timeoutMs);
  registerAlias(spec, key);

  const open = async (k: string, u: string): Promise<RemoteFile> => {
    const f = await openRemote({ name: k, url: u, hub, timeoutMs, ...(token ? { token } : {}) }, dir, stats);
    files.set(k, f);
    registerRemote(k, f.src);
    return f;
  };
  const top = await open(key, url);
  const kind = detectKind(top.src);
  if (kind === 'safetensors' && top.src.size >= 8) {
    const n = u64(top.src.read(0, 8), 0);
    if (n !== null && n > MAX_SAFETENSORS_HEADER && n + 8 <= top.src.size) {
      throw new FormatError(key, `safetensors header of ${n} bytes is over the ${MAX_SAFETENSORS_HEADER}-byte limit for remote reads (huggingface.js applies the same): download the file`);
    }
  }
  if (kind === 'shard-index') {
    if (top.src.size > MAX_INDEX_BYTES) throw new FormatError(key, `shard index of ${top.src.size} bytes is over the ${MAX_INDEX_BYTES}-byte limit for remote reads`);
    await fill(top, [{ offset: 0, length: top.src.size }], stats);
    const index = readShardIndex(new TextDecoder('utf-8').decode(top.src.read(0, top.src.size)), key);
    if (index.shards.length > MAX_SHARDS) throw new FormatError(key, `shard index names ${index.shards.length} shards, over the limit of ${MAX_SHARDS}`);
    await pool(index.shards, SHARD_CONCURRENCY, async (shard) => {
      const k = siblingPath(key, shard);
      const f = await open(k, siblingUrl(url, shard));
      await settleCounted([f], () => readCheckpointFile({ path: k, name: k }, 1));
    });
  }
  await settleCounted([...files.values()], () => readCheckpointFile({ path: key, name: key }));
  for (const f of files.values()) {
    // a file read from the cache alone is already there as it is
    if (f.src.held > f.cachedBytes) writeCache(dir, { url: f.target.url, etag: f.version.etag, size: f.src.size, ranges: f.src.entries() });
  }
  const all = [...files.values()];
  return {
    files: all.length,
    size: all.reduce((a, f) => a + f.src.size, 0),
    requests: stats.requests,
    bytes: stats.bytes,
    cachedBytes: all.reduce((a, f) => a + f.cachedBytes, 0),
    rounds,
  };
}

/** The user's name → the name readers see, the URL to fetch and the token to send. */
async function resolveSpec(spec: string, env: Readonly<Record<string, string | undefined>>, stats: FetchStats, timeoutMs: number): Promise<{ key: string; url: string; hub: boolean; token?: string }> {
  const endpoint = parseUrl(hubEndpoint(env), undefined, 'HF_ENDPOINT').replace(/\/+$/, '');
  const token = hubToken(env);
  if (spec.startsWith('hf://')) {
    const hp = parseHubPath(spec);
    const { sha, files } = await repoFiles(endpoint, hp, token, spec, stats, timeoutMs);
    let path = hp.path;
    if (path === '' || (!files.includes(path) && files.some((f) => f.startsWith(`${path}/`)))) path = discoverCheckpoint(files, path, spec);
    else if (files.length > 0 && !files.includes(path)) throw new FormatError(spec, `HTTP 404: the repository has no file ${path} at revision ${hp.revision}`);
    const key = `hf://${hp.repo}${hp.revisionGiven ? `@${hp.revision}` : ''}/${path}`;
    return { key, url: resolveUrl(endpoint, hp.repo, sha, path), hub: true, ...(token ? { token } : {}) };
  }
  if (!/^https?:\/\//i.test(spec)) throw new FormatError(spec, 'not a remote path');
  // like huggingface_hub: the token goes to the hub (or its mirror) only
  const sameHub = new URL(parseUrl(spec, undefined, spec)).origin === new URL(endpoint).origin;
  return { key: spec, url: spec, hub: sameHub, ...(token && sameHub ? { token } : {}) };
}

function siblingUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = u.pathname.slice(0, u.pathname.lastIndexOf('/') + 1) + name.split('/').map(encodeURIComponent).join('/');
  return u.href;
}

async function openRemote(target: RemoteTarget, dir: string | null, stats: FetchStats): Promise<RemoteFile> {
  const cached = readCache(dir, target.url);
  const fromCache = (c: NonNullable<typeof cached>): RemoteFile => {
    const src = new SparseSource(target.name, c.size);
    for (const [s, b] of c.ranges) src.add(s, b);
    return { target, src, version: { etag: c.etag, lastModified: null }, cachedBytes: src.held };
  };
  if (cached && (isImmutableUrl(target.url) || (cached.etag !== null && (await fetchEtag(target, stats)) === cached.etag))) return fromCache(cached);
  // a server that refuses HEAD (fetchEtag: undefined) is asked by the first range GET, which tells the ETag too
  const first = await fetchRange(target, 0, HEAD_BYTES, stats);
  if (cached && cached.etag !== null && first.etag === cached.etag && first.size === cached.size) {
    // the same file: the entry holds, and bytes of the GET it lacked make it written again (held > cachedBytes)
    const f = fromCache(cached);
    f.src.add(0, first.bytes);
    return f;
  }
  const src = new SparseSource(target.name, first.size);
  src.add(0, first.bytes);
  return { target, src, version: { etag: first.etag, lastModified: first.lastModified }, cachedBytes: 0 };
}

/**
 * Runs `read` until no file it touches misses a byte, fetching what it asked for between runs.
 * Returns the number of rounds of fetching it took.
 */
async function settle(files: RemoteFile[], read: () => void, stats: FetchStats): Promise<number> {
  for (let round = 0; ; round++) {
    for (const f of files) f.src.clearMisses();
    try {
      read();
    } catch (e) {
      // a reader's own verdict on real bytes is kept for the command's run to report; only misses matter here
      if (!(e instanceof MissingBytes) && !(e instanceof FormatError)) throw e;
    }
    const wanting = files.filter((f) => f.src.misses.length > 0);
    if (wanting.length === 0) return round;
    if (round >= MAX_ROUNDS) throw new FormatError(wanting[0]!.target.name, `still needed more bytes after ${MAX_ROUNDS} rounds of range requests: download the file and pass its local path`);
    await Promise.all(wanting.map((f) => fill(f, [...f.src.misses, ...zipLocalHeaders(f.src)], stats)));
  }
}

/** Fetches the missing parts of `wants` (with read-ahead and coalescing), in bounded parallel requests. */
async function fill(f: RemoteFile, wants: { offset: number; length: number }[], stats: FetchStats): Promise<void> {
  const size = f.src.size;
  const spans: [number, number][] = [];
  for (const w of wants) {
    if (f.src.has(w.offset, w.length)) continue;
    let start = w.offset;
    let end = Math.min(size, w.offset + Math.max(w.length, 4096));
    const before = f.src.rangeEndingAt(w.offset);
    // a reader walking forward (a pickle read until STOP): grow by what it already read, doubling
    if (before) end = Math.min(size, Math.max(end, w.offset + Math.min(before.length, MAX_READ_AHEAD)));
    while (start < end && f.src.has(start, 1)) start++;
    if (start < end) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1] + COALESCE_GAP) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  const total = merged.reduce((a, [s, e]) => a + e - s, 0);
  if (f.src.held + total > MAX_FILE_FETCH) {
    throw new FormatError(f.target.name, `reading it would fetch over ${MAX_FILE_FETCH >> 20} MiB of ranges: download the file and pass its local path`);
  }
  await pool(merged, RANGE_CONCURRENCY, async ([s, e]) => {
    const r = await fetchRange(f.target, s, e - s, stats, f.version);
    if (r.size !== size) throw new FormatError(f.target.name, `${CHANGED} (its size differs): run again`);
    f.src.add(s, r.bytes);
  });
}

/**
 * A hint, not a reader: once a zip's central directory is held, the archive lister will read each
 * member's local header through a 4 KiB window, one miss per member; asking for them all at once turns
 * a round trip per tensor into one round. A wrong hint costs bytes, never correctness.
 */
function zipLocalHeaders(src: SparseSource): { offset: number; length: number }[] {
  const out: { offset: number; length: number }[] = [];
  try {
    if (!src.has(0, 4) || u32(src.read(0, 4), 0) !== 0x04034b50) return out;
    const loc = locateCentralDirectory(src);
    if (!src.has(loc.offset, loc.size)) return out;
    const cd = src.read(loc.offset, loc.size);
    for (let p = 0; p + 46 <= cd.length && u32(cd, p) === 0x02014b50; ) {
      const nameLen = u16(cd, p + 28);
      const extraLen = u16(cd, p + 30);
      let lho: number | null = u32(cd, p + 42);
      if (lho === 0xffffffff) lho = zip64Offset(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), u32(cd, p + 24) === 0xffffffff, u32(cd, p + 20) === 0xffffffff);
      if (lho !== null && lho + 30 <= src.size && !src.has(lho, 30)) out.push({ offset: lho, length: Math.min(4096, src.size - lho) });
      p += 46 + nameLen + extraLen + u16(cd, p + 32);
    }
  } catch (e) {
    if (!(e instanceof MissingBytes) && !(e instanceof FormatError)) throw e;
  }
  src.clearMisses();
  return out;
}

function zip64Offset(extra: Uint8Array, sizeSaturated: boolean, compressedSaturated: boolean): number | null {
  for (let p = 0; p + 4 <= extra.length; p += 4 + u16(extra, p + 2)) {
    if (u16(extra, p) !== 1) continue;
    const at = p + 4 + (sizeSaturated ? 8 : 0) + (compressedSaturated ? 8 : 0);
    return at + 8 <= extra.length ? u64(extra, at) : null;
  }
  return null;
}

async function pool<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The one line the CLI prints: how much came over the network against the size of what was read; bytes
 * the range cache gave are said apart, never counted as fetched (review 25 F13c: "fetched 274 B … (100.394 %").
 */
export function describeReport(r: RemoteReport): string {
  const pct = r.size > 0 ? ` (${((100 * r.bytes) / r.size).toFixed(3)} % of ${formatBytes(r.size)})` : '';
  return `sdmatch: remote: fetched ${formatBytes(r.bytes)} in ${r.requests} request(s) from ${r.files} file(s)${pct}${r.cachedBytes > 0 ? `, ${formatBytes(r.cachedBytes)} from the range cache` : ''}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export { isRemotePath };
