import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { FormatError } from '../formats/errors.js';
import { fetchJson, type FetchStats } from './http.js';

/** `hf://ORG/REPO[@REVISION][/PATH]` taken apart. */
export interface HubPath {
  repo: string;
  revision: string;
  /** '' when the user named only the repository */
  path: string;
  revisionGiven: boolean;
}

export function parseHubPath(spec: string): HubPath {
  const m = /^hf:\/\/([A-Za-z0-9][\w.-]*)\/([\w.-]+)(?:@([^/]+))?(?:\/(.*))?$/.exec(spec);
  if (!m) throw new FormatError(spec, 'not a hub path: expected hf://ORG/REPO[@REVISION][/PATH]');
  const path = (m[4] ?? '').replace(/\/+$/, '');
  if (path.split('/').some((s) => s === '..' || s === '.')) throw new FormatError(spec, 'hub path must not contain . or .. segments');
  return { repo: `${m[1]}/${m[2]}`, revision: m[3] ? decodeURIComponent(m[3]) : 'main', path, revisionGiven: m[3] !== undefined };
}

/** HF_ENDPOINT as huggingface_hub reads it (a mirror), else the Hub. */
export function hubEndpoint(env: NodeJS.ProcessEnv): string {
  return (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}

/** HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN), else the token file `huggingface-cli login` writes. */
export function hubToken(env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.HF_TOKEN || env.HUGGING_FACE_HUB_TOKEN;
  if (fromEnv) return fromEnv.trim();
  const file = env.HF_TOKEN_PATH || join(env.HF_HOME || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'huggingface'), 'token');
  try {
    const t = readFileSync(file, 'utf8').trim();
    return t || undefined;
  } catch {
    return undefined;
  }
}

export function resolveUrl(endpoint: string, repo: string, revision: string, path: string): string {
  const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${enc(path)}`;
}

/**
 * The files a repository holds and the commit a revision points at, from the Hub's
 * `GET /api/models/ORG/REPO/revision/REV` (the call huggingface_hub's model_info makes): one request
 * answers both, and pinning the commit makes the range cache safe to reuse without asking again.
 */
export async function repoFiles(endpoint: string, hp: HubPath, token: string | undefined, spec: string, stats: FetchStats, timeoutMs?: number): Promise<{ sha: string; files: string[] }> {
  const url = `${endpoint}/api/models/${hp.repo}/revision/${encodeURIComponent(hp.revision)}`;
  const info = (await fetchJson({ name: spec, url, hub: true, ...(token ? { token } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) }, stats)) as { sha?: unknown; siblings?: { rfilename?: unknown }[] };
  const files = Array.isArray(info.siblings) ? info.siblings.map((s) => s.rfilename).filter((f): f is string => typeof f === 'string') : [];
  const sha = typeof info.sha === 'string' && /^[0-9a-f]{40}$/.test(info.sha) ? info.sha : hp.revision;
  return { sha, files };
}

// the folder discovery a local folder shares with hf:// (src/formats/hf-folder.ts)
export { discoverCheckpoint } from '../formats/hf-folder.js';
