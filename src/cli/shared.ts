/**
 * What several commands share: opening and checking their inputs, and writing their outputs. Command
 * files import this, never each other.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { findCandidate, formatKeyPath, selectStateDict } from '../analysis/select.js';
import { candidatesOf } from '../analysis/sides.js';
import { openKeySource, type KeySource } from '../checkpoint/key-source.js';
import { FormatError } from '../formats/errors.js';
import { sameFile } from '../formats/same-file.js';
import { ENVIRONMENT_ERRORS, environmentCode, notRegularFile, readFailure } from '../formats/io-errors.js';
import { outputTarget } from '../formats/output-link.js';
import type { KeyPath } from '../checkpoint/types.js';
import type { KeyEntry } from '../formats/keys.js';
import type { RopeHeads } from '../analysis/infer/rope-renames.js';
import type { PlanEdits } from '../plan/edit.js';
import type { Plan } from '../plan/types.js';
import { validatePlan } from '../plan/validate.js';
import { fileNamedByPlan, usablePaths } from '../plan/plan-paths.js';
import { splitPair } from '../plan/edit.js';
import type { Argv } from 'yargs';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';

/** Open both sides; `-` reads standard input, which only one side can be. */
export async function openBothSides(sourcePath: string, expectedPath: string, io: CliIO): Promise<[KeySource, KeySource]> {
  if (sourcePath === '-' && expectedPath === '-') throw new UsageError('only one side can be read from standard input (-)');
  const stdin = sourcePath === '-' || expectedPath === '-' ? await io.readStdin() : undefined;
  return [openKeySource(sourcePath, stdin), openKeySource(expectedPath, stdin)];
}

export const KIND_WITH_ARTICLE: Record<KeySource['kind'], string> = {
  checkpoint: 'a checkpoint',
  manifest: 'a manifest',
  'key-list': 'a key list',
  'error-text': 'an error text',
};

/** What a side is, with its article: a printed list with shapes is read as a manifest but is not one. */
export function kindWithArticle(side: KeySource): string {
  return side.kind === 'manifest' && side.printed ? 'a printed key list with shapes' : KIND_WITH_ARTICLE[side.kind];
}

/** `--select` only means something inside a checkpoint; elsewhere it is a mistake worth saying. */
export function checkSelectApplies(option: string, side: KeySource): void {
  if (side.kind !== 'checkpoint') throw new UsageError(`${option} picks a state dict inside a checkpoint, but ${side.file} is ${kindWithArticle(side)}`);
}

/** 0..1, else a usage error naming the option. */
export function checkConfidence(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) throw new UsageError(`--min-confidence: expected a number from 0 to 1, got ${String(value)}`);
  return value;
}

/**
 * `--heads H` or `--heads H/KV`: the model's attention heads and key/value heads (its config's num_attention_heads
 * and num_key_value_heads); undefined when not given.
 */
export function checkHeads(value: string | undefined): RopeHeads | undefined {
  if (value === undefined) return undefined;
  const m = /^([1-9]\d{0,5})(?:\/([1-9]\d{0,5}))?$/.exec(String(value).trim());
  if (!m) throw new UsageError(`--heads: expected the attention heads, or heads/key-value heads (32, 32/8), got ${JSON.stringify(String(value))}`);
  const heads = Number(m[1]);
  // the key/value heads not given: the k projections' rows decide them (rope-renames.ts kvHeadsOf)
  if (m[2] === undefined) return { heads };
  const kvHeads = Number(m[2]);
  if (heads % kvHeads !== 0) throw new UsageError(`--heads: ${heads} heads do not share ${kvHeads} key/value heads evenly`);
  return { heads, kvHeads };
}

/** What a text writer puts in its file: it replaces only a file of that kind (or an empty one) unless --force. */
export type Written = 'json' | 'html';

export interface OutGuard {
  /** the kind of text written: an existing OUT must already hold that kind (a plan over a plan), else --force */
  writes: Written;
  force?: boolean;
}

/**
 * A file we write must not replace an input: writing it is a rename over the path, and an input that
 * is a link to OUT is gone with it. Every command's outputs (-o, --html, --plan-out) pass here first.
 * A JSON or HTML writer also refuses to replace a file of another kind (a checkpoint one slip of the
 * name away: `plan edit p.json -o ckpt.pt`), unless --force: a plan is never meant to replace weights.
 */
export function checkOutPath(out: string, inputs: (string | null | undefined)[], option = '-o', what = 'the plan', guard?: OutGuard): void {
  // every output is checked writable before the first is written: exit 2 leaves nothing written (review 22 F7);
  // apply's one output is checked by apply itself (its folder named), after this: only the link is asked here
  const problem = guard ? unwritable(out) : linkProblem(out);
  if (problem?.descriptor) {
    // a text the command also prints (a manifest, a plan's JSON) is printed without the option; a page or a checkpoint is not
    throw new UsageError(`${option} ${out}: cannot write: ${problem.why}; ${option === '-o' && guard?.writes === 'json' ? 'omit -o to print' : `name a file for ${what}`}`);
  }
  if (problem) throw new FormatError(out, `cannot write: ${problem.why}`);
  for (const i of inputs) {
    if (i === undefined || i === null || i === '-' || !sameFile(out, i)) continue;
    const alias = resolve(i) === resolve(out) ? '' : ` (${i} is the same file)`;
    throw new UsageError(`${option} ${out} would overwrite an input${alias}; name another file for ${what}`);
  }
  if (guard && !guard.force) {
    const other = otherKind(out, guard.writes);
    if (other) throw new UsageError(`${option} ${out} would replace ${other} with ${what} (${guard.writes === 'json' ? 'JSON' : 'HTML'}); name another file, or add --force to replace it`);
  }
}

/** The files a plan names (its source and target), where they are: inputs of every command that reads the plan. */
export function planFiles(plan: Plan, planFile: string): (string | null)[] {
  return [fileNamedByPlan(plan.source.file, planFile), fileNamedByPlan(plan.target.file, planFile)];
}

const ZIP_MAGIC = [0x50, 0x4b];
const PICKLE_PROTO = 0x80;

/**
 * What an existing OUT holds when it is not `kind`: a phrase for the message, or null (no file, an empty
 * one, not a regular file — writeFileAtomic says why — or text of the kind: JSON starts with { or [, a
 * page with <). Only the first bytes are read: a guard, not a parse.
 */
function otherKind(out: string, kind: Written): string | null {
  let head: Buffer;
  try {
    if (!statSync(out).isFile()) return null;
    const fd = openSync(out, 'r');
    try {
      head = Buffer.alloc(512);
      head = head.subarray(0, readSync(fd, head, 0, head.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.length === 0 || text === '') return null;
  if (kind === 'json' ? text.startsWith('{') || text.startsWith('[') : text.startsWith('<')) return null;
  if (head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1]) return 'a zip file (a torch checkpoint?)';
  if (head[0] === PICKLE_PROTO) return 'a pickle (a torch checkpoint?)';
  return head.includes(0) ? 'a binary file (a checkpoint?)' : `a file that is not ${kind === 'json' ? 'JSON' : 'an HTML page'}`;
}

/** `--force` of the JSON and HTML writers: the one way to replace a file of another kind (checkOutPath). */
export function forceOption<T>(y: Argv<T>): Argv<T> {
  return y.option('force', { type: 'boolean', default: false, describe: 'replace an existing output file that is not what this command writes (a checkpoint, say); without it sdmatch refuses, exit 2' });
}

export interface ManifestKeys {
  entries: KeyEntry[];
  /** where in a checkpoint the keys came from, for the message; null for other kinds */
  from: string | null;
  /** the same place as a key path (for facts read beside the keys: storages); null for other kinds */
  path: KeyPath | null;
  /** why that state dict, when the file held several and none was named */
  reason: string | null;
}

/** The key set a manifest of SOURCE describes: a checkpoint's chosen state dict, or the keys as given. */
export function manifestKeys(source: KeySource, select: string | undefined): ManifestKeys {
  if (source.kind === 'error-text') {
    throw new FormatError(source.file, 'an error text is not a key set: it names only the keys that differed; give the checkpoint, or write the model\'s manifest with python/sdmatch_manifest.py');
  }
  if (source.kind !== 'checkpoint') {
    if (select !== undefined) checkSelectApplies('--select', source);
    return { entries: source.entries, from: null, path: null, reason: null };
  }
  const cands = candidatesOf(source.checkpoint);
  if (cands.length === 0) {
    // the KeySource contract types a plain Checkpoint, but openKeySource fills it from openCheckpoint,
    // which says why a broken pickle left no tree
    const why = (source.checkpoint as { error?: FormatError | null }).error?.message;
    throw new FormatError(source.file, why ? `holds no readable state dict: ${why}` : 'holds no state dict (no mapping of names to tensors)');
  }
  if (select !== undefined) {
    try {
      const c = findCandidate(cands, select);
      return { entries: [...c.entries], from: formatKeyPath(c.path), path: c.path, reason: null };
    } catch (e) {
      if (e instanceof FormatError) e.file = source.file;
      throw e;
    }
  }
  const sel = selectStateDict(cands, null);
  const chosen = sel.chosen ?? cands[0]!;
  return { entries: [...chosen.entries], from: formatKeyPath(chosen.path), path: chosen.path, reason: cands.length > 1 ? sel.reason : null };
}

/** Why OUT, as a link, cannot be written (output-link.ts), or null. */
function linkProblem(out: string): { why: string; descriptor: boolean } | null {
  const link = outputTarget(out);
  return link.ok ? null : link;
}

/**
 * Why OUT cannot be written, or null: a link to an open file descriptor or to a device (output-link.ts), a
 * device, FIFO or socket, or a folder that is missing, not a folder or not writable. What a write would find
 * only while writing (a full disk) stays writeFileAtomic's to say.
 */
function unwritable(out: string): { why: string; descriptor: boolean } | null {
  const link = outputTarget(out);
  if (!link.ok) return link;
  let st: Stats | undefined;
  try {
    st = statSync(link.target);
  } catch {
    // a new path: its folder decides
  }
  const special = st ? notRegularFile(st) : null;
  if (special) return { why: `it ${special}`, descriptor: false };
  if (st) return null;
  try {
    if (!statSync(dirname(link.target)).isDirectory()) return { why: ENVIRONMENT_ERRORS.ENOTDIR!, descriptor: false };
    accessSync(dirname(link.target), constants.W_OK);
  } catch (e) {
    const code = environmentCode(e);
    return { why: code === 'ENOENT' ? 'no such folder' : code !== null ? ENVIRONMENT_ERRORS[code]! : (e as Error).message, descriptor: false };
  }
  return null;
}

/**
 * Write through a temporary file in the same folder and rename it: readers never see half a manifest. A
 * symlinked path is written through (its target replaced, the link kept): never renamed over (review 22 F2).
 */
export function writeFileAtomic(path: string, text: string): void {
  writeFilesAtomic([{ path, text }]);
}

/**
 * A command's outputs (`-o` with `--html`, `--plan-out` with `--html` and `--update`) as one: each is
 * written to its temporary, and they are renamed only when every one is written, so a full disk (exit 2)
 * leaves none of them, as README says (review 25 F5: the first was left written). The renames come last
 * and are of files already written into their own folders, which a full disk does not stop.
 */
export function writeFilesAtomic(outputs: readonly { path: string; text: string }[]): void {
  for (const { path } of outputs) {
    const problem = unwritable(path);
    if (problem !== null) throw new FormatError(path, `cannot write: ${problem.why}`);
  }
  const files = outputs.map(({ path, text }) => {
    const link = outputTarget(path);
    const target = link.ok ? link.target : path;
    return { path, text, target, tmp: join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`) };
  });
  let at = '';
  try {
    for (const f of files) {
      at = f.path;
      writeFileSync(f.tmp, f.text, { flag: 'wx' });
    }
    for (const f of files) {
      at = f.path;
      renameSync(f.tmp, f.target);
    }
  } catch (e) {
    for (const f of files) {
      try {
        unlinkSync(f.tmp);
      } catch {
        // never created, or already renamed
      }
    }
    const code = environmentCode(e);
    const why = code === null ? (e as Error).message : code === 'ENOENT' ? 'no such folder' : ENVIRONMENT_ERRORS[code];
    throw new FormatError(at, `cannot write: ${why}`);
  }
}

/** The edit options `plan` and `plan edit` share, as given (each may be repeated). */
export interface EditArgs {
  drop?: string[];
  keepMissing?: string[];
  rename?: string[];
  tie?: string[];
}

const repeatable = (v: unknown): string[] | undefined => (v === undefined ? undefined : ([v].flat() as unknown[]).map(String));

/** `--drop/--keep-missing/--rename/--tie`, each repeatable; they apply after the plan's ops (src/plan/edit.ts). */
export function editOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('drop', { type: 'string', array: true, nargs: 1, coerce: repeatable, describe: 'drop the keys this regex matches (names as the plan\'s ops leave them); repeatable' })
    .option('keep-missing', { type: 'string', array: true, nargs: 1, coerce: repeatable, describe: 'model keys this regex matches may stay missing: the model initialises them (a new head); repeatable' })
    .option('rename', { type: 'string', array: true, nargs: 1, coerce: repeatable, describe: 'FROM=TO: rename the first match of regex FROM to TO ($1 for a group); repeatable' })
    .option('tie', { type: 'string', array: true, nargs: 1, coerce: repeatable, describe: 'TARGET=SOURCE: store tensor SOURCE also as TARGET (a tied weight); repeatable' })
    .group(['drop', 'keep-missing', 'rename', 'tie'], 'Edits (applied after the plan\'s ops, in this order: renames, ties, drops):');
}

export function editsFromArgs(args: EditArgs): PlanEdits {
  return {
    drop: args.drop ?? [],
    keepMissing: args.keepMissing ?? [],
    rename: (args.rename ?? []).map((r) => {
      const [from, to] = splitPair('--rename', r, 'FROM', 'TO');
      return { from, to };
    }),
    tie: (args.tie ?? []).map((t) => {
      const [target, source] = splitPair('--tie', t, 'TARGET', 'SOURCE');
      return { target, source };
    }),
  };
}

/** A plan file read and validated: one line naming the file and the place for any problem. */
export function readPlanFile(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FormatError(path, `cannot read the plan: ${readFailure(e, path)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError(path, `not a JSON plan: ${(e as Error).message}`);
  }
  // relative names start at the plan file's folder (plans since session 13) or as given (older): made usable from here
  return usablePaths(validatePlan(json, path), path);
}
