import type { Command } from './command.js';
interface PlanInvertArgs {
    plan: string;
    source?: string;
    out?: string;
    select?: string;
    force?: boolean;
}
export declare const planInvertCommand: Command<PlanInvertArgs>;
export {};
