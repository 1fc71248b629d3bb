import type { Command } from './command.js';
export interface ManifestArgs {
    source: string;
    output?: string;
    select?: string;
    json?: boolean;
    force?: boolean;
}
export declare const manifestCommand: Command<ManifestArgs>;
