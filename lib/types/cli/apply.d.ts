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
    allowGuessedDrops?: boolean;
    target?: string;
}
/** `5GB` (10⁹, as transformers counts), `500MiB`, `1e9`: a byte count. */
export declare function parseByteSize(text: string): number;
/** apply's exit codes, as the README's table gives them (apply --help prints them). */
export declare const APPLY_EXIT_CODES: string;
export declare const applyCommand: Command<ApplyArgs>;
export {};
