import { type KeySource } from '../checkpoint/key-source.js';
import type { Command } from './command.js';
import type { CliIO } from './io.js';
export interface DiffArgs {
    source: string;
    expected: string;
    select?: string;
    selectExpected?: string;
    json: boolean;
    all: boolean;
    group: boolean;
    html?: string;
}
/** Open both sides; `-` reads standard input, which only one side can be. */
export declare function openBothSides(sourcePath: string, expectedPath: string, io: CliIO): Promise<[KeySource, KeySource]>;
/** `--select` only means something inside a checkpoint; elsewhere it is a mistake worth saying. */
export declare function checkSelectApplies(option: string, side: KeySource): void;
export declare const diffCommand: Command<DiffArgs>;
