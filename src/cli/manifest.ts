import { randomBytes } from 'node:crypto';
import { renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { findCandidate, formatKeyPath, selectStateDict } from '../analysis/select.js';
import { candidatesOf } from '../analysis/sides.js';
import { openKeySource, type KeySource } from '../checkpoint/key-source.js';
import { FormatError } from '../formats/errors.js';
import { ENVIRONMENT_ERRORS, environmentCode, notRegularFile } from '../formats/io-errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { writeManifest } from '../formats/manifest.js';
import { printable } from '../report/printable.js';
import { paint } from '../report/style.js';
import type { Command } from './command.js';
import { checkSelectApplies } from './diff.js';
import { EXIT } from './errors.js';

export interface ManifestArgs {
  source: string;
  output?: string;
  select?: string;
  json?: boolean;
}

interface ManifestKeys {
  entries: KeyEntry[];
  /** where in a checkpoint the keys came from, for the message; null for other kinds */
  from: string | null;
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
    return { entries: source.entries, from: null, reason: null };
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
      return { entries: [...c.entries], from: formatKeyPath(c.path), reason: null };
    } catch (e) {
      if (e instanceof FormatError) e.file = source.file;
      throw e;
    }
  }
  const sel = selectStateDict(cands, null);
  const chosen = sel.chosen ?? cands[0]!;
  return { entries: [...chosen.entries], from: formatKeyPath(chosen.path), reason: cands.length > 1 ? sel.reason : null };
}

/** A repeated key cannot be written as a JSON object member; say which, rather than keep one silently. */
function checkUnique(entries: readonly KeyEntry[], file: string, from: string | null): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) throw new FormatError(file, `${from ? `state dict ${from} ` : ''}repeats the key ${JSON.stringify(e.key)}; a manifest holds each key once`);
    seen.add(e.key);
  }
}

/** Write through a temporary file in the same folder and rename it: readers never see half a manifest. */
export function writeFileAtomic(path: string, text: string): void {
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    // a new path (or one the write below will explain)
  }
  const special = st ? notRegularFile(st) : null;
  if (special) throw new FormatError(path, `cannot write: it ${special}`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    const code = environmentCode(e);
    const why = code === null ? (e as Error).message : code === 'ENOENT' ? 'no such folder' : ENVIRONMENT_ERRORS[code];
    throw new FormatError(path, `cannot write: ${why}`);
  }
}

export const manifestCommand: Command<ManifestArgs> = {
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'a checkpoint, manifest or key list, or - for stdin' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the manifest here (atomically) instead of to stdout' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE (e.g. trainer/var_wo_ddp, (root))' })
      .option('json', { type: 'boolean', describe: 'with -o, what was written (schemas/manifest-written.schema.json); the manifest itself is JSON (schemas/manifest.schema.json)' })
      .example('$0 manifest model.safetensors -o model.json', 'record what a model expects') as unknown as Argv<ManifestArgs>,
  run: async (args, io) => {
    const stdin = args.source === '-' ? await io.readStdin() : undefined;
    const source = openKeySource(args.source, stdin);
    const { entries, from, reason } = manifestKeys(source, args.select);
    checkUnique(entries, source.file, from);
    const text = writeManifest(entries);
    // state dict names come from the file: escape control characters before they reach a terminal
    const chosen = reason !== null ? printable(`chose ${reason} (--select picks another)`) : null;
    const warnings = dangerWarnings([sourceSafety(source)]);
    const stderr = [...(chosen ? [`sdmatch: ${chosen}`] : []), ...(warnings ? [warnings] : [])].join('\n');
    // the manifest itself is JSON and the data asked for: --quiet keeps it
    if (args.output === undefined) return { stdout: text, data: true, ...(stderr ? { stderr } : {}), code: EXIT.ok };
    writeFileAtomic(args.output, text);
    if (args.json) {
      // schemas/manifest-written.schema.json
      const written = { format: 'sdmatch-manifest-written', version: 1, written: args.output, keys: entries.length, stateDict: from, chosen: reason };
      return { stdout: JSON.stringify(written, null, 2), ...(stderr ? { stderr } : {}), code: EXIT.ok };
    }
    const what = `${paint(io.stdoutStyle, 'green', 'wrote')} ${printable(`${entries.length} key${entries.length === 1 ? '' : 's'}${from !== null ? ` of state dict ${from}` : ''} to ${args.output}`)}`;
    return { stdout: chosen ? `${what}\n${chosen}` : what, ...(warnings ? { stderr: warnings } : {}), code: EXIT.ok };
  },
};
