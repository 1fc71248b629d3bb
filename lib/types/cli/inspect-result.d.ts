import type { SafetyReport } from '../formats/pickle/safety.js';
import { type InspectModel } from '../report/inspect-model.js';
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
export declare function inspectResult(ckpt: {
    file: string;
    error: Error | null;
    safety: SafetyReport;
}, model: InspectModel, args: InspectPrinting, io: CliIO): CommandResult;
