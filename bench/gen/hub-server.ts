import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Hub look-alike on 127.0.0.1 for the remote tests and the remote bench suite: `/ORG/REPO/resolve/REV/PATH` and
 * `/api/models/ORG/REPO/revision/REV`, files served by range with ETags. Large files (.safetensors,
 * .bin, .pt) redirect to a second server standing for the CDN, which refuses an Authorization header
 * as presigned-URL stores do. Repos under `gated/` need the token, `norange/` ignores Range, and
 * `flaky/` answers 503 to the first request of each path.
 */
export interface HubRepo {
  /** path in the repo → local file */
  files: Record<string, string>;
}

export interface HubServer {
  endpoint: string;
  /** bytes of file content sent (both servers) */
  sent: { bytes: number; requests: number };
  close(): Promise<void>;
}

export const TOKEN = 'hf_test_token';
export const SHA = 'a'.repeat(40);

export async function startHub(repos: Record<string, HubRepo>, opts: { latencyMs?: number } = {}): Promise<HubServer> {
  /** a round trip's delay, as a far server adds it (the bench compares 0 with a realistic one) */
  const delay = (f: () => void) => (opts.latencyMs ? setTimeout(f, opts.latencyMs) : f());
  const sent = { bytes: 0, requests: 0 };
  const failed = new Set<string>();
  const serveFile = (req: IncomingMessage, res: ServerResponse, file: string, ranges: boolean) => {
    const size = statSync(file).size;
    const etag = `"${createHash('sha1').update(`${file}:${size}`).digest('hex')}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', ranges ? 'bytes' : 'none');
    if (req.method === 'HEAD') {
      res.setHeader('Content-Length', size);
      return res.end();
    }
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    let start = 0;
    let end = size - 1;
    let partial = false;
    if (ranges && m && (!ifRange || ifRange === etag)) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      if (start >= size) {
        res.writeHead(416, { 'Content-Range': `bytes */${size}` });
        return res.end();
      }
      partial = true;
    }
    const length = end - start + 1;
    const buf = Buffer.alloc(Math.max(0, length));
    const fd = openSync(file, 'r');
    try {
      if (length > 0) readSync(fd, buf, 0, length, start);
    } finally {
      closeSync(fd);
    }
    sent.bytes += buf.length;
    res.writeHead(partial ? 206 : 200, { 'Content-Length': buf.length, ...(partial ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) });
    res.end(buf);
  };

  const cdn = createServer((req, res) => delay(() => {
    sent.requests++;
    if (req.headers.authorization) {
      res.writeHead(400);
      return res.end('presigned URL: Authorization not allowed');
    }
    const file = decodeURIComponent(new URL(req.url!, 'http://x').searchParams.get('f') ?? '');
    serveFile(req, res, file, true);
  }));
  const cdnBase = await listen(cdn);

  const hub = createServer((req, res) => delay(() => {
    sent.requests++;
    const url = new URL(req.url!, 'http://x');
    const api = /^\/api\/models\/([^/]+)\/([^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const org = (api ?? resolve)?.[1];
    const repo = api || resolve ? repos[`${org}/${(api ?? resolve)![2]}`] : undefined;
    if (!repo) {
      res.writeHead(404);
      return res.end();
    }
    if (org === 'gated' && req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401);
      return res.end();
    }
    if (org === 'flaky' && !failed.has(url.pathname)) {
      failed.add(url.pathname);
      res.writeHead(503, { 'Retry-After': '0' });
      return res.end();
    }
    if (api && api[3] !== 'main' && api[3] !== SHA) {
      res.writeHead(404);
      return res.end();
    }
    if (api) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ id: `${org}/${api[2]}`, sha: SHA, siblings: Object.keys(repo.files).map((rfilename) => ({ rfilename })) }));
    }
    const path = decodeURIComponent(resolve![4]!);
    const file = repo.files[path];
    if (!file || (resolve![3] !== 'main' && resolve![3] !== SHA)) {
      res.writeHead(404);
      return res.end();
    }
    if (/\.(safetensors|bin|pt)$/.test(path) && org !== 'norange') {
      res.writeHead(302, { Location: `${cdnBase}/blob?f=${encodeURIComponent(file)}` });
      return res.end();
    }
    serveFile(req, res, file, org !== 'norange');
  }));
  const endpoint = await listen(hub);
  return {
    endpoint,
    sent,
    close: async () => {
      await Promise.all([cdn, hub].map((s) => new Promise<void>((r) => { s.close(() => r()); s.closeAllConnections(); })));
    },
  };
}

function listen(s: Server): Promise<string> {
  return new Promise((resolve) => {
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`));
  });
}
