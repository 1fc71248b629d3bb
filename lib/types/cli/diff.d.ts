import type { Command } from './command.js';
export interface DiffArgs {
    source: string;
    expected: string;
    select?: string;
    selectExpected?: string;
    json: boolean;
    all: boolean;
    group: boolean;
    html?: string;
    force?: boolean;
}
export declare const diffCommand: Command<DiffArgs>;
