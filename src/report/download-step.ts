/**
 * apply copies tensor bytes, so it reads a local file only: a fix line for a remote source (a URL, an
 * hf:// path) downloads it first, and names the local copy where the line goes on. Review 15 F3: the
 * line said `sdmatch apply URL …`, which apply refuses.
 *
 * The copy goes into a folder the line makes new (`mktemp -d`, beside the user's files): review 22 F1, the line
 * downloaded with `curl -L -o BASENAME` into the working folder, which replaced a local file of that name — even
 * the other input, so the plan then compared the download with itself and apply wrote the remote weights. A new
 * folder holds no file, so the download can replace nothing and is never one of the inputs.
 */
import { isRemotePath, resolveAlias } from '../checkpoint/sources.js';
import { shellWord } from './answer.js';
import { sdmatchLine, ShellText, shellText, type Word } from './command-line.js';

export interface DownloadStep {
  /** the command that downloads it (runs as it is), or null for a local file */
  command: string | null;
  /** the downloaded file's path, for the commands that follow (the file itself when local) */
  local: Word;
  /** its file name (the local file's path when local): what the output's extension follows */
  name: string;
}

/** The shell variable the download's new folder is held in, and the command that makes the folder. */
const FOLDER = 'd';
const MAKE_FOLDER = `${FOLDER}=$(mktemp -d sdmatch-download.XXXXXX)`;

/** `"$d"/NAME` (or `"$d"` alone): a path inside the new folder, NAME quoted as any path. */
function inFolder(name: string): ShellText {
  return new ShellText(name === '' ? `"$${FOLDER}"` : `"$${FOLDER}"/${shellWord(name)}`);
}

export function downloadStep(file: string): DownloadStep {
  if (!isRemotePath(file)) return { command: null, local: file, name: file };
  // hf://ORG/REPO alone resolved to one file of the repository when it was read
  const named = resolveAlias(file);
  const hub = /^hf:\/\/([^/@]+\/[^/@]+)(?:@([^/]+))?\/(.+)$/.exec(named);
  if (hub) {
    const [, repo, revision, path] = hub;
    const rev = revision ? ` --revision ${shellWord(decodeURIComponent(revision))}` : '';
    // a shard index needs its shards: the folder it is in
    const index = /\.index\.json$/.test(path!);
    const folder = path!.includes('/') ? path!.slice(0, path!.lastIndexOf('/') + 1) : '';
    const what = index ? `--include ${shardPatterns(path!, folder).map(shellWord).join(' ')}` : shellWord(path!);
    return { command: `${MAKE_FOLDER} && huggingface-cli download ${repo!} ${what}${rev} --local-dir ${shellText(inFolder(''))}`, local: inFolder(path!), name: path! };
  }
  if (/^hf:\/\//i.test(named)) {
    return { command: `${MAKE_FOLDER} && huggingface-cli download ${named.slice(5).replace(/\/+$/, '')} --local-dir ${shellText(inFolder(''))}`, local: inFolder(''), name: '.' };
  }
  const url = new URL(named);
  const name = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)) || 'checkpoint';
  const local = inFolder(name);
  // a shard index by URL: its shards are beside it; curl fetches one file, so the words say so
  const shards = /\.index\.json$/.test(name) ? ' (and each shard file it names, into the same folder)' : '';
  return { command: `${MAKE_FOLDER} && curl -L -o ${local.text} ${shellWord(named)}${shards}`, local, name };
}

/**
 * What `huggingface-cli download --include` takes for a shard index: the index and its shards (transformers names
 * them after it: `model.safetensors.index.json` → `model-00001-of-00003.safetensors`), not the whole folder, which
 * in a repository also holds `.bin` twins, ONNX or GGUF exports (review 25 F13d: `--include '*'`).
 */
function shardPatterns(path: string, folder: string): string[] {
  const m = /^(.*)\.([^./]+)\.index\.json$/.exec(path.slice(folder.length));
  return m ? [path, `${folder}${m[1]}*.${m[2]}`] : [`${folder}*`];
}

/** `sdmatch apply SOURCE PLAN -o OUT`, downloading a remote SOURCE first. */
export function applyLine(source: Word, planFile: string, out: string): string {
  const step = typeof source === 'string' ? downloadStep(source) : { command: null, local: source };
  const apply = sdmatchLine(['apply', step.local, planFile, '-o', new ShellText(out)]);
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
