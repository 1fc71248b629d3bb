import { FormatError } from '../formats/errors.js';

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

export const CHANGED = 'the remote file changed while it was being read';

/** RFC 9110's weak comparison: a CDN that marks an ETag weak on one answer and not the next has not changed the file */
const opaque = (etag: string) => etag.replace(/^W\//, '');

/** Why an answer is of another version than `expect`, or null when it is of the same (or cannot be told: a validator absent on either side). */
function otherVersion(expect: Validator, got: Validator): string | null {
  if (expect.etag !== null && got.etag !== null) return opaque(expect.etag) === opaque(got.etag) ? null : `${CHANGED} (its ETag changed from ${expect.etag} to ${got.etag}): run again`;
  if (expect.lastModified !== null && got.lastModified !== null && expect.lastModified !== got.lastModified) return `${CHANGED} (its Last-Modified changed from ${expect.lastModified} to ${got.lastModified}): run again`;
  return null;
}

const validatorOf = (res: Response): Validator => ({ etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') });

const MAX_REDIRECTS = 5;
const MAX_ATTEMPTS = 5;
const MAX_RETRY_AFTER_MS = 30_000;
/** the revision API's answer lists every file of the repository: a few MB for the largest */
const MAX_JSON_BYTES = 64 << 20;

/** back-off base in ms (tests shorten it; the real Hub wants seconds) */
export const retryPolicy = { baseMs: 500 };

/**
 * A server that accepts and never answers held a run silent for 25 minutes (undici's 300 s headers
 * timeout, five attempts). huggingface_hub gives up after 10 s without a byte; 30 s here, for a
 * slow mirror, and SDMATCH_HTTP_TIMEOUT (seconds) to change it.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** SDMATCH_HTTP_TIMEOUT in ms, or the default; a value that is not a positive number is a one-line error. */
export function httpTimeoutMs(env: NodeJS.ProcessEnv): number {
  const v = env.SDMATCH_HTTP_TIMEOUT;
  if (v === undefined || v === '') return DEFAULT_TIMEOUT_MS;
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new FormatError('SDMATCH_HTTP_TIMEOUT', `expected a number of seconds above 0, got ${JSON.stringify(v)}`);
  return Math.round(s * 1000);
}

/**
 * The connection failed after the answer began (reset, closed early, no byte for the timeout): a
 * network failure, never a bug, retried like a refused connection. `timedOut` ones are not retried:
 * the wait was already the timeout.
 */
class BodyFailed extends Error {
  constructor(
    readonly why: string,
    readonly timedOut: boolean,
  ) {
    super(why);
  }
}

/** A GET whose body failed in transit is asked again, up to MAX_ATTEMPTS; then one line naming the file. */
async function withBodyRetries<T>(t: RemoteTarget, job: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await job();
    } catch (e) {
      if (!(e instanceof BodyFailed)) throw e;
      if (e.timedOut) throw new FormatError(t.name, `${e.why}: no byte for ${timeoutOf(t) / 1000} s (SDMATCH_HTTP_TIMEOUT=SECONDS waits longer)`);
      if (attempt >= MAX_ATTEMPTS) throw new FormatError(t.name, `${e.why}, still after ${MAX_ATTEMPTS} attempts`);
      await new Promise((r) => setTimeout(r, retryPolicy.baseMs * 2 ** (attempt - 1)));
    }
  }
}

const timeoutOf = (t: RemoteTarget) => t.timeoutMs ?? DEFAULT_TIMEOUT_MS;

/** `expect`: the validator of the file's first answer; an answer of another version is a one-line error, never bytes */
export function fetchRange(t: RemoteTarget, start: number, length: number, stats: FetchStats, expect?: Validator): Promise<RangeResult> {
  return withBodyRetries(t, () => fetchRangeOnce(t, start, length, stats, expect));
}

async function fetchRangeOnce(t: RemoteTarget, start: number, length: number, stats: FetchStats, expect?: Validator): Promise<RangeResult> {
  const headers: Record<string, string> = { Range: `bytes=${start}-${start + length - 1}`, 'Accept-Encoding': 'identity' };
  // If-Range takes only a strong validator; with a weak one (or a date the server deems weak) it would answer every range whole.
  // Servers that ignore If-Range are caught by comparing the answer's validator below.
  if (expect?.etag && !expect.etag.startsWith('W/')) headers['If-Range'] = expect.etag;
  const res = await request(t, 'GET', headers, stats);
  if (res.status === 416) {
    await res.body?.cancel();
    const total = /\*\/(\d+)/.exec(res.headers.get('content-range') ?? '');
    if (total && Number(total[1]) === 0) return { bytes: new Uint8Array(0), size: 0, ...validatorOf(res) };
    throw new FormatError(t.name, `server refused range ${start}-${start + length - 1} (HTTP 416)${total ? `: the file has ${total[1]} bytes` : ''}`);
  }
  if (res.status === 200) {
    await res.body?.cancel();
    if (headers['If-Range']) throw new FormatError(t.name, `${CHANGED} (its ETag no longer matches): run again`);
    // a shard index alone holds no tensor: its shards must sit beside the downloaded copy (review 19 F11)
    const index = /\.index\.json$/.test(new URL(t.url).pathname);
    const what = index ? `download the index and every shard file it names into one folder, and pass the index's local path (e.g. curl -LO '${t.url}', then each shard beside it)` : `download the file and pass its local path (e.g. curl -LO '${t.url}')`;
    throw new FormatError(t.name, `server does not support range requests (it answered a Range request with the whole file): ${what}`);
  }
  if (res.status !== 206) {
    await res.body?.cancel();
    throw statusError(t, res.status);
  }
  const changed = expect ? otherVersion(expect, validatorOf(res)) : null;
  if (changed) {
    await res.body?.cancel();
    throw new FormatError(t.name, changed);
  }
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((res.headers.get('content-range') ?? '').trim());
  if (!m || m[3] === '*') {
    await res.body?.cancel();
    throw new FormatError(t.name, `server answered a Range request without a usable Content-Range (${res.headers.get('content-range') ?? 'none'}): download the file and pass its local path`);
  }
  const body = await readBounded(res, length, t.name);
  stats.bytes += body.length;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from !== start || to - from + 1 !== body.length || to >= start + length) {
    throw new FormatError(t.name, `server sent bytes ${from}-${to} (${body.length} bytes) for a request of ${start}-${start + length - 1}`);
  }
  return { bytes: body, size: Number(m[3]), ...validatorOf(res) };
}

/**
 * HEAD for revalidating a cached file: its ETag, null when the server gives none, undefined when it
 * refuses HEAD (an S3 presigned URL is signed for GET alone and answers 403; some servers 405): the
 * caller then asks with a ranged GET, which says the same and gives bytes besides.
 */
export async function fetchEtag(t: RemoteTarget, stats: FetchStats): Promise<string | null | undefined> {
  const res = await request(t, 'HEAD', {}, stats);
  if (res.status >= 400) return undefined;
  return res.headers.get('etag');
}

/** GET of a small JSON document (the Hub's revision API). */
export function fetchJson(t: RemoteTarget, stats: FetchStats): Promise<unknown> {
  return withBodyRetries(t, () => fetchJsonOnce(t, stats));
}

async function fetchJsonOnce(t: RemoteTarget, stats: FetchStats): Promise<unknown> {
  const res = await request(t, 'GET', { Accept: 'application/json' }, stats);
  if (res.status !== 200) {
    await res.body?.cancel();
    throw statusError(t, res.status);
  }
  const bytes = await readBounded(res, MAX_JSON_BYTES, t.name);
  stats.bytes += bytes.length;
  const text = new TextDecoder('utf-8').decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new FormatError(t.name, `the hub answered with something that is not JSON (${text.slice(0, 60)})`);
  }
}

async function request(t: RemoteTarget, method: string, headers: Record<string, string>, stats: FetchStats): Promise<Response> {
  if (t.resolved) {
    const direct = await requestFrom(t, t.resolved, method, headers, stats);
    if (direct.status !== 401 && direct.status !== 403 && direct.status !== 404 && direct.status !== 410) return direct;
    await direct.body?.cancel();
    delete t.resolved;
  }
  return requestFrom(t, t.url, method, headers, stats);
}

async function requestFrom(t: RemoteTarget, from: string, method: string, headers: Record<string, string>, stats: FetchStats): Promise<Response> {
  const origin = new URL(t.url).origin;
  for (let attempt = 1; ; attempt++) {
    let url = from;
    let res: Response | undefined;
    for (let hop = 0; ; hop++) {
      const h = { ...headers };
      if (t.token && new URL(url).origin === origin) h.Authorization = `Bearer ${t.token}`;
      stats.requests++;
      try {
        res = await fetchTimed(url, { method, headers: h, redirect: 'manual' }, timeoutOf(t));
      } catch (e) {
        res = undefined;
        if (e instanceof BodyFailed) throw new FormatError(t.name, `no answer from ${new URL(url).host} within ${timeoutOf(t) / 1000} s (SDMATCH_HTTP_TIMEOUT=SECONDS waits longer)`);
        if (attempt >= MAX_ATTEMPTS) throw new FormatError(t.name, `cannot reach ${new URL(url).host}: ${causeOf(e)}`);
        break;
      }
      if (res.status < 300 || res.status >= 400 || res.status === 304) break;
      const loc = res.headers.get('location');
      await res.body?.cancel();
      if (!loc) throw new FormatError(t.name, `HTTP ${res.status} redirect without a Location`);
      if (hop >= MAX_REDIRECTS) throw new FormatError(t.name, `more than ${MAX_REDIRECTS} redirects`);
      url = parseUrl(loc, url, t.name);
      if (!/^https?:$/.test(new URL(url).protocol)) throw new FormatError(t.name, `redirected to a non-HTTP location (${new URL(url).protocol})`);
    }
    if (res && res.status !== 429 && res.status < 500) {
      if (res.ok && url !== t.url && method === 'GET') t.resolved = url;
      return res;
    }
    if (res && attempt >= MAX_ATTEMPTS) return res;
    await res?.body?.cancel();
    const after = Number(res?.headers.get('retry-after'));
    const wait = Number.isFinite(after) && after > 0 ? Math.min(after * 1000, MAX_RETRY_AFTER_MS) : retryPolicy.baseMs * 2 ** (attempt - 1);
    await new Promise((r) => setTimeout(r, wait));
  }
}

/**
 * fetch with an idle timeout: aborted when `ms` pass without the answer's headers or, while the body is
 * read (readBounded restarts the clock per chunk through `res.idle`), without a byte.
 */
async function fetchTimed(url: string, init: RequestInit, ms: number): Promise<Response> {
  const ctl = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, ms);
    // a pending timer must not keep a finished run alive
    timer.unref();
  };
  arm();
  try {
    const res = await fetch(url, { ...init, signal: ctl.signal });
    arm();
    idleOf.set(res, { arm, done: () => clearTimeout(timer), timedOut: () => timedOut });
    return res;
  } catch (e) {
    clearTimeout(timer);
    if (timedOut) throw new BodyFailed('timed out', true);
    throw e;
  }
}

/** the idle clock of a response fetchTimed made: restarted per chunk, stopped at the end */
const idleOf = new WeakMap<Response, { arm: () => void; done: () => void; timedOut: () => boolean }>();

/** A URL, or the one-line error saying it is not one. */
export function parseUrl(text: string, base: string | undefined, name: string): string {
  try {
    return new URL(text, base).href;
  } catch {
    throw new FormatError(name, `not a valid URL: ${text}`);
  }
}

/** The body, refusing more than `max` bytes: a server that sends more than asked is not trusted to stop. */
async function readBounded(res: Response, max: number, name: string): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new FormatError(name, `server sent ${declared} bytes where at most ${max} were asked for`);
  }
  const idle = idleOf.get(res);
  if (!res.body) {
    idle?.done();
    return new Uint8Array(0);
  }
  const parts: Uint8Array[] = [];
  let n = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      idle?.arm();
      n += chunk.length;
      if (n > max) throw new FormatError(name, `server sent more than the ${max} bytes asked for`);
      parts.push(chunk);
    }
  } catch (e) {
    if (e instanceof FormatError) throw e;
    // undici's "terminated" (a reset, a proxy closing early) or our own abort: a network failure
    const of = Number.isFinite(declared) && declared > 0 ? ` of ${declared}` : '';
    const timedOut = idle?.timedOut() ?? false;
    throw new BodyFailed(timedOut ? `the server stopped sending after ${n}${of} bytes` : `the connection was closed after ${n}${of} bytes`, timedOut);
  } finally {
    idle?.done();
  }
  return parts.length === 1 ? parts[0]! : new Uint8Array(Buffer.concat(parts));
}

function statusError(t: RemoteTarget, status: number): FormatError {
  // a plain URL on another host: sdmatch sends it no credentials, so a token cannot help there
  if (!t.hub && (status === 401 || status === 403)) return new FormatError(t.name, `HTTP ${status}: the server refused access (sdmatch sends no credentials to hosts other than the hub's; download the file with what the server needs and pass its local path)`);
  if (!t.hub && status === 404) return new FormatError(t.name, 'HTTP 404: no such file at this URL');
  if (status === 401 || status === 403) {
    const how = t.token ? 'the token was refused: check it has access to this repository (gated repositories need their terms accepted)' : 'needs a token: set HF_TOKEN or run `huggingface-cli login`';
    return new FormatError(t.name, `HTTP ${status}: ${how}`);
  }
  if (status === 404) return new FormatError(t.name, 'HTTP 404: no such file (check the repository, revision and path)');
  if (status === 429) return new FormatError(t.name, `HTTP 429: rate limited, still after ${MAX_ATTEMPTS} attempts: try again later`);
  if (status >= 500) return new FormatError(t.name, `HTTP ${status}: server error, still after ${MAX_ATTEMPTS} attempts`);
  return new FormatError(t.name, `HTTP ${status}`);
}

function causeOf(e: unknown): string {
  const c = (e as { cause?: { code?: string; message?: string } }).cause;
  return c?.code ?? c?.message ?? (e as Error).message ?? String(e);
}
