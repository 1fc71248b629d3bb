/**
 * apply copies tensor bytes, so it reads a local file only: a fix line for a remote source (a URL, an
 * hf:// path) downloads it first, and names the local copy where the line goes on. Review 15 F3: the
 * line said `sdmatch apply URL …`, which apply refuses.
 */
import { isRemotePath, resolveAlias } from '../checkpoint/sources.js';
import { shellWord } from './answer.js';

export interface DownloadStep {
  /** the command that downloads it (runs as it is), or null for a local file */
  command: string | null;
  /** the name the downloaded file has, for the commands that follow (the file itself when local) */
  local: string;
}

export function downloadStep(file: string): DownloadStep {
  if (!isRemotePath(file)) return { command: null, local: file };
  // hf://ORG/REPO alone resolved to one file of the repository when it was read
  const named = resolveAlias(file);
  const hub = /^hf:\/\/([^/@]+\/[^/@]+)(?:@([^/]+))?\/(.+)$/.exec(named);
  if (hub) {
    const [, repo, revision, path] = hub;
    const rev = revision ? ` --revision ${shellWord(decodeURIComponent(revision))}` : '';
    // a shard index needs its shards: the folder it is in
    const index = /\.index\.json$/.test(path!);
    const folder = path!.includes('/') ? path!.slice(0, path!.lastIndexOf('/') + 1) : '';
    const what = index ? `--include ${shellWord(`${folder}*`)}` : shellWord(path!);
    return { command: `huggingface-cli download ${repo!} ${what}${rev} --local-dir .`, local: path! };
  }
  if (/^hf:\/\//i.test(named)) return { command: `huggingface-cli download ${named.slice(5).replace(/\/+$/, '')} --local-dir .`, local: '.' };
  const url = new URL(named);
  const local = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)) || 'checkpoint';
  // a shard index by URL: its shards are beside it; curl fetches one file, so the words say so
  if (/\.index\.json$/.test(local)) return { command: `curl -LO ${shellWord(named)} (and each shard file it names, into the same folder)`, local };
  return { command: `curl -L -o ${shellWord(local)} ${shellWord(named)}`, local };
}

/** `sdmatch apply SOURCE PLAN -o OUT`, downloading a remote SOURCE first. */
export function applyLine(source: string, planFile: string, out: string): string {
  const step = downloadStep(source);
  const apply = `sdmatch apply ${shellWord(step.local)} ${shellWord(planFile)} -o ${out}`;
  return step.command ? `${step.command} && ${apply}` : apply;
}

/**
 * `PLAN && APPLY` when the plan exits 0; else `PLAN || [ $? -eq 1 ] && APPLY`: a plan that keeps keys missing on
 * purpose, or made from a cut text, exits 1 and still writes its file, and `&&` alone never ran apply (review 20
 * F7), whose own exit code and last line say what a strict load refuses. Bad input (exit 2) still stops the line.
 */
export function planThenApply(plan: string, apply: string, planExitsZero: boolean): string {
  return planExitsZero ? `${plan} && ${apply}` : `${plan} || [ $? -eq 1 ] && ${apply}`;
}
