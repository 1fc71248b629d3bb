import type { Command } from './command.js';
interface PlanCheckArgs {
    plan: string;
    expected: string;
    selectExpected?: string;
    json: boolean;
    all: boolean;
}
export declare const planCheckCommand: Command<PlanCheckArgs>;
export {};
