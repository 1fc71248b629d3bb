import type { Argv } from 'yargs';
import { openSafetensorsForReport } from '../checkpoint/open-safetensors.js';
import { buildSafetensorsInspectModel } from '../report/inspect-safetensors.js';
import { buildInspectModel, inspectJsonChunks } from '../report/inspect-model.js';
import { printable, renderInspect } from '../report/inspect-text.js';
import type { Command } from './command.js';
import type { Verdict } from '../formats/pickle/safety.js';
import { safetyVerdictLine } from '../report/danger.js';
import { EXIT, UsageError } from './errors.js';
import { EXIT_HELP, epilogue } from './help-texts.js';

interface InspectArgs {
  file: string;
  json?: boolean;
  verbose?: boolean;
  tree?: boolean;
  filter?: string;
  all?: boolean;
  debug?: boolean;
}

export const inspectCommand: Command<InspectArgs> = {
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'checkpoint: torch zip, legacy torch, TorchScript, pickle, safetensors, shard index, npy/npz; or an https:// URL or hf://ORG/REPO[/FILE]' })
      .option('json', { type: 'boolean', describe: 'one JSON object (schema in schemas/inspect.schema.json)' })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'also stride, storage offset, storage key and contiguity' })
      .option('tree', { type: 'boolean', describe: 'module hierarchy with parameter counts instead of the tensor table' })
      .option('filter', { type: 'string', describe: 'only tensors whose key matches this regular expression' })
      .option('all', { type: 'boolean', describe: 'list every tensor (the table stops at 200 per state dict)' })
      .epilogue(epilogue(EXIT_HELP.inspect)) as unknown as Argv<InspectArgs>,
  run: async (args, io) => {
    let filter: RegExp | undefined;
    if (args.filter !== undefined) {
      try {
        filter = new RegExp(args.filter);
      } catch (e) {
        throw new UsageError(`--filter: not a regular expression: ${(e as Error).message}`);
      }
    }
    // a flat torch.save state dict is read into columns: no object per tensor but the rows printed.
    // The tree readers and the torch columns are imported only when a file needs them: a safetensors
    // file or set never starts the modules they pull in (fflate's tables, the pickle machine)
    const ckpt = (await openSafetensorsForReport(args.file)) ?? (await import('../checkpoint/open.js')).openForReport(args.file);
    const model =
      'columns' in ckpt
        ? (await import('../report/inspect-columns.js')).buildColumnarInspectModel(ckpt, { filter })
        : 'safetensors' in ckpt
          ? buildSafetensorsInspectModel(ckpt, { filter })
          : buildInspectModel(ckpt, { filter });
    // the JSON is streamed: 2,000,000 tensors make more text than one string can hold. Its pieces share
    // one buffer (CommandResult.stream: each is written out before the next is made)
    const stdout = args.json ? '' : renderInspect(model, io.stdoutStyle, { verbose: args.verbose, tree: args.tree, maxRows: args.all ? Infinity : 200 });
    const stream = args.json ? { stream: inspectJsonChunks(model, { reuse: true }) } : {};
    // A file whose pickle broke still gets its full safety report, but the run is an error: one line
    // (the message may quote the file's own bytes), the trace only when asked.
    if (ckpt.error) {
      const line = `sdmatch: ${printable(ckpt.file)}: ${printable(ckpt.error.message)}`;
      return { stdout, ...stream, stderr: args.debug && ckpt.error.stack ? `${line}\n${ckpt.error.stack}` : line, code: EXIT.error };
    }
    // The exit code is the verdict (help, README's exit-code table): only a safe file exits 0, so a gate
    // `sdmatch inspect -q F && torch.load(F)` never passes a file that runs code. The report is printed
    // either way; the reason is one stderr line.
    const verdict = safetyVerdictLine(ckpt.safety, ckpt.format);
    if (verdict) return { stdout, ...stream, stderr: `sdmatch: ${printable(ckpt.file)}: ${verdict}`, code: SAFETY_EXIT[ckpt.safety.verdict] };
    return { stdout, ...stream, code: EXIT.ok };
  },
};

/**
 * inspect's exit code per safety verdict. dangerous and incomplete are "a hostile file" (2: nothing
 * vetted it); unknown is a finding (1: loading it needs trust in the code it names, like a difference
 * diff finds); safe alone is 0.
 */
export const SAFETY_EXIT: Readonly<Record<Verdict, number>> = { safe: EXIT.ok, unknown: EXIT.differences, incomplete: EXIT.error, dangerous: EXIT.error };
