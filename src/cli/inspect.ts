import type { Argv } from 'yargs';
import { openSafetensorsForReport } from '../checkpoint/open-safetensors.js';
import { buildSafetensorsInspectModel } from '../report/inspect-safetensors.js';
import { buildInspectModel } from '../report/inspect-model.js';
import type { Command } from './command.js';
import { UsageError } from './errors.js';
import { inspectResult } from './inspect-result.js';

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
      .positional('file', { type: 'string', demandOption: true, describe: 'checkpoint: torch zip, legacy torch, TorchScript, pickle, safetensors, shard index, npy/npz' })
      .option('json', { type: 'boolean', describe: 'one JSON object (schema in schemas/inspect.schema.json)' })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'also stride, storage offset, storage key and contiguity' })
      .option('tree', { type: 'boolean', describe: 'module hierarchy with parameter counts instead of the tensor table' })
      .option('filter', { type: 'string', describe: 'only tensors whose key matches this regular expression' })
      .option('all', { type: 'boolean', describe: 'list every tensor (the table stops at 200 per state dict)' }) as unknown as Argv<InspectArgs>,
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
    return inspectResult(ckpt, model, args, io);
  },
};
