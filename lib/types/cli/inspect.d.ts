import type { Command } from './command.js';
interface InspectArgs {
    file: string;
    json?: boolean;
    verbose?: boolean;
    tree?: boolean;
    filter?: string;
    all?: boolean;
    debug?: boolean;
}
export declare const inspectCommand: Command<InspectArgs>;
export {};
