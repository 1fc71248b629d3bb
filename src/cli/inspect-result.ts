import type { SafetyReport } from '../formats/pickle/safety.js';
import { inspectJsonChunks, type InspectModel } from '../report/inspect-model.js';
import { printable, renderInspect } from '../report/inspect-text.js';
import { EXIT } from './errors.js';
import type { CliIO, CommandResult } from './io.js';

/** the options of `inspect` that shape what it prints (the filter is the model's) */
export interface InspectPrinting {
  json?: boolean;
  verbose?: boolean;
  tree?: boolean;
  all?: boolean;
  debug?: boolean;
}

/**
 * What `inspect` prints of an opened file and its model: the report or the streamed JSON, and the one
 * error line of a broken pickle or an incomplete safety verdict. The command and inspect-entry.ts's
 * safetensors path (the same output without yargs or the tree readers) both end here.
 */
export function inspectResult(ckpt: { file: string; error: Error | null; safety: SafetyReport }, model: InspectModel, args: InspectPrinting, io: CliIO): CommandResult {
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
  // A verdict that could not see every byte a loader runs is not a result the user can act on as
  // "fine": the report is printed, the reason is the one error line, and the exit code is 2.
  const gap = ckpt.safety.verdict === 'incomplete' ? ckpt.safety.globals.find((g) => g.verdict === 'incomplete') : undefined;
  if (gap) {
    return { stdout, ...stream, stderr: `sdmatch: ${printable(ckpt.file)}: safety verdict incomplete: ${printable(`${gap.where}: ${gap.reason ?? gap.name}`)}`, code: EXIT.error };
  }
  return { stdout, ...stream, code: EXIT.ok };
}