import type { Command } from './command.js';
import { type EditArgs } from './shared.js';
interface PlanEditArgs extends EditArgs {
    plan: string;
    out?: string;
    select?: string;
    force?: boolean;
}
export declare const planEditCommand: Command<PlanEditArgs>;
export {};
