import type { Argv } from 'yargs';
import { dangerWarnings, sourceSafety } from '../report/danger.js';
import { checkpointSafetyOf } from '../checkpoint/safety.js';
import { openKeySource } from '../checkpoint/key-source.js';
import { megatronArgs, storageGroups } from '../checkpoint/side-facts.js';
import type { Checkpoint } from '../checkpoint/types.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { MEGATRON_ARGS, writeManifest, type ManifestMegatron } from '../formats/manifest.js';
import { printable } from '../report/printable.js';
import { paint } from '../report/style.js';
import type { Command } from './command.js';
import { EXIT } from './errors.js';
import { checkOutPath, forceOption, manifestKeys, writeFileAtomic } from './shared.js';
import { EXIT_HELP, epilogue } from './help-texts.js';

export interface ManifestArgs {
  source: string;
  output?: string;
  select?: string;
  json?: boolean;
  force?: boolean;
}

/** A repeated key cannot be written as a JSON object member; say which, rather than keep one silently. */
function checkUnique(entries: readonly KeyEntry[], file: string, from: string | null): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) throw new FormatError(file, `${from ? `state dict ${from} ` : ''}repeats the key ${JSON.stringify(e.key)}; a manifest holds each key once`);
    seen.add(e.key);
  }
}

/** A Megatron save's args as a manifest keeps them (MEGATRON_ARGS, checkpoint_version); null without args or any of them. */
function manifestArgs(ckpt: Checkpoint): ManifestMegatron | null {
  const saved = megatronArgs(ckpt);
  if (!saved) return null;
  // only values the reader accepts (a positive integer; group_query_attention a boolean): a manifest sdmatch writes reads back
  const fits = (k: string, v: number | boolean | undefined) => (k === 'group_query_attention' ? typeof v === 'boolean' : typeof v === 'number' && Number.isSafeInteger(v) && v > 0);
  const args = new Map(MEGATRON_ARGS.filter((k) => fits(k, saved.args.get(k))).map((k) => [k, saved.args.get(k)!] as const));
  return args.size > 0 || saved.ckptVersion !== null ? { args, ckptVersion: saved.ckptVersion } : null;
}

export const manifestCommand: Command<ManifestArgs> = {
  builder: (y: Argv) =>
    forceOption(y)
      .positional('source', { type: 'string', demandOption: true, describe: 'a checkpoint, manifest or key list, or - for stdin' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the manifest here (atomically) instead of to stdout; replaces an existing JSON file (another kind, e.g. a checkpoint, only with --force), never SOURCE' })
      .option('select', { type: 'string', describe: 'the state dict inside SOURCE (e.g. trainer/var_wo_ddp, (root))' })
      .option('json', { type: 'boolean', describe: 'with -o, what was written (schemas/manifest-written.schema.json); the manifest itself is JSON (schemas/manifest.schema.json)' })
      .example('$0 manifest model.safetensors -o model.json', 'record what a model expects')
      .epilogue(epilogue(EXIT_HELP.manifest)) as unknown as Argv<ManifestArgs>,
  run: async (args, io) => {
    if (args.output !== undefined) checkOutPath(args.output, [args.source], '-o', 'the manifest', { writes: 'json', force: args.force ?? false });
    const stdin = args.source === '-' ? await io.readStdin() : undefined;
    const source = openKeySource(args.source, stdin);
    const { entries, from, path, reason } = manifestKeys(source, args.select);
    checkUnique(entries, source.file, from);
    // a manifest's ties are kept when it is rewritten; a torch file's come from its storages (never its
    // bytes); safetensors, numpy and rebuilt layouts cannot show a tie, so their manifest says nothing (no `tied`)
    const tied = source.kind === 'manifest' ? source.tied ?? null : source.kind === 'checkpoint' ? storageGroups(source.checkpoint, path) : null;
    // the Megatron args a q/k/v layout needs, kept so that a plan made from the manifest knows it (formats/manifest.ts)
    const megatron = source.kind === 'manifest' ? source.megatron ?? null : source.kind === 'checkpoint' ? manifestArgs(source.checkpoint) : null;
    // a manifest's module classes are kept when it is rewritten; a checkpoint holds no module objects
    const modules = source.kind === 'manifest' ? source.modules ?? null : null;
    const text = writeManifest(entries, tied, megatron, modules);
    // state dict names come from the file: escape control characters before they reach a terminal
    const chosen = reason !== null ? printable(`chose ${reason} (--select picks another)`) : null;
    const warnings = dangerWarnings([sourceSafety(source)]);
    const stderr = [...(chosen ? [`sdmatch: ${chosen}`] : []), ...(warnings ? [warnings] : [])].join('\n');
    // the manifest itself is JSON and the data asked for: --quiet keeps it
    if (args.output === undefined) return { stdout: text, data: true, ...(stderr ? { stderr } : {}), code: EXIT.ok };
    writeFileAtomic(args.output, text);
    if (args.json) {
      // schemas/manifest-written.schema.json
      const written = { format: 'sdmatch-manifest-written', version: 1, written: args.output, keys: entries.length, stateDict: from, chosen: reason, checkpointSafety: checkpointSafetyOf([sourceSafety(source)]) };
      return { stdout: JSON.stringify(written, null, 2), ...(stderr ? { stderr } : {}), code: EXIT.ok };
    }
    const what = `${paint(io.stdoutStyle, 'green', 'wrote')} ${printable(`${entries.length} key${entries.length === 1 ? '' : 's'}${from !== null ? ` of state dict ${from}` : ''} to ${args.output}`)}`;
    return { stdout: chosen ? `${what}\n${chosen}` : what, ...(warnings ? { stderr: warnings } : {}), code: EXIT.ok };
  },
};
