import type { Command } from './command.js';
import { type EditArgs } from './shared.js';
export interface PlanArgs extends EditArgs {
    source: string;
    expected?: string;
    out?: string;
    select?: string;
    selectExpected?: string;
    emit?: 'python' | 'hf' | 'mmengine';
    json: boolean;
    minConfidence?: number;
    heads?: string;
    hash: boolean;
    all: boolean;
    html?: string;
    force?: boolean;
}
export declare const planCommand: Command<PlanArgs>;
