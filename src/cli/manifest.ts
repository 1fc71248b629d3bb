import type { Argv } from 'yargs';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { openKeySource } from '../checkpoint/key-source.js';
import { storageGroups } from '../checkpoint/side-facts.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { writeManifest } from '../formats/manifest.js';
import { printable } from '../report/printable.js';
import { paint } from '../report/style.js';
import type { Command } from './command.js';
import { EXIT } from './errors.js';
import { checkOutPath, manifestKeys, writeFileAtomic } from './shared.js';

export interface ManifestArgs {
  source: string;
  output?: string;
  select?: string;
  json?: boolean;
}

/** A repeated key cannot be written as a JSON object member; say which, rather than keep one silently. */
function checkUnique(entries: readonly KeyEntry[], file: string, from: string | null): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) throw new FormatError(file, `${from ? `state dict ${from} ` : ''}repeats the key ${JSON.stringify(e.key)}; a manifest holds each key once`);
    seen.add(e.key);
  }
}

export const manifestCommand: Command<ManifestArgs> = {
  builder: (y: Argv) =>
    y
      .positional('source', { type: 'string', demandOption: true, describe: 'a checkpoint, manifest or key list, or - for stdin' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the manifest here (atomically) instead of to stdout; replaces an existing file, never SOURCE' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE (e.g. trainer/var_wo_ddp, (root))' })
      .option('json', { type: 'boolean', describe: 'with -o, what was written (schemas/manifest-written.schema.json); the manifest itself is JSON (schemas/manifest.schema.json)' })
      .example('$0 manifest model.safetensors -o model.json', 'record what a model expects') as unknown as Argv<ManifestArgs>,
  run: async (args, io) => {
    if (args.output !== undefined) checkOutPath(args.output, [args.source], '-o', 'the manifest');
    const stdin = args.source === '-' ? await io.readStdin() : undefined;
    const source = openKeySource(args.source, stdin);
    const { entries, from, path, reason } = manifestKeys(source, args.select);
    checkUnique(entries, source.file, from);
    // a manifest's ties are kept when it is rewritten; a torch file's come from its storages (never its
    // bytes); safetensors, numpy and rebuilt layouts cannot show a tie, so their manifest says nothing (no `tied`)
    const tied = source.kind === 'manifest' ? source.tied ?? null : source.kind === 'checkpoint' ? storageGroups(source.checkpoint, path) : null;
    const text = writeManifest(entries, tied);
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
