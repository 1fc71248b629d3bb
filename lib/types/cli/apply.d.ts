import { type OutputFormat } from '../apply/apply.js';
import type { Command } from './command.js';
interface ApplyArgs {
    source: string;
    plan: string;
    out?: string;
    format?: OutputFormat;
    keepContainer?: boolean;
    maxShardSize?: string;
    force?: boolean;
    select?: string;
    inPlace?: boolean;
    dryRun?: boolean;
    verifyHash: boolean;
    fullHash?: boolean;
    sync: boolean;
    fast: boolean;
    all?: boolean;
    trust?: boolean;
    json?: boolean;
    acceptUnsettled?: boolean;
}
/** `5GB` (10⁹, as transformers counts), `500MiB`, `1e9`: a byte count. */
export declare function parseByteSize(text: string): number;
export declare const applyCommand: Command<ApplyArgs>;
export {};
