import type { Command } from './command.js';
interface PlanCheckArgs {
    plan: string;
    expected: string;
    source?: string;
    selectExpected?: string;
    json: boolean;
    all: boolean;
}
export declare const planCheckCommand: Command<PlanCheckArgs>;
export {};
