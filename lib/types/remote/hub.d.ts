import { type FetchStats } from './http.js';
/** `hf://ORG/REPO[@REVISION][/PATH]` taken apart. */
export interface HubPath {
    repo: string;
    revision: string;
    /** '' when the user named only the repository */
    path: string;
    revisionGiven: boolean;
}
export declare function parseHubPath(spec: string): HubPath;
/** HF_ENDPOINT as huggingface_hub reads it (a mirror), else the Hub. */
export declare function hubEndpoint(env: NodeJS.ProcessEnv): string;
/** HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN), else the token file `huggingface-cli login` writes. */
export declare function hubToken(env: NodeJS.ProcessEnv): string | undefined;
export declare function resolveUrl(endpoint: string, repo: string, revision: string, path: string): string;
/**
 * The files a repository holds and the commit a revision points at, from the Hub's
 * `GET /api/models/ORG/REPO/revision/REV` (the call huggingface_hub's model_info makes): one request
 * answers both, and pinning the commit makes the range cache safe to reuse without asking again.
 */
export declare function repoFiles(endpoint: string, hp: HubPath, token: string | undefined, spec: string, stats: FetchStats, timeoutMs?: number): Promise<{
    sha: string;
    files: string[];
}>;
export { discoverCheckpoint } from '../formats/hf-folder.js';
