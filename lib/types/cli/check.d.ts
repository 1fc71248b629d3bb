import { type PolicySettings } from '../formats/policy.js';
import type { Command } from './command.js';
export declare const CHECK_FORMATS: readonly ['text', 'markdown', 'github', 'json', 'junit'];
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export interface CheckArgs {
    baseline: string;
    current: string;
    format: CheckFormat;
    allow?: string[];
    failOn?: string;
    ignore?: string[];
    minConfidence?: number;
    config?: string;
    planOut?: string;
    update: boolean;
    select?: string;
    selectCurrent?: string;
    all: boolean;
    html?: string;
    json?: boolean;
    force?: boolean;
}
/** The settings the flags state; each one given replaces the file's. */
export declare function flagSettings(args: Pick<CheckArgs, 'allow' | 'failOn' | 'ignore' | 'minConfidence'>): PolicySettings;
/** `.sdmatch.json` beside the lock file (BASELINE's folder), or the file --config names. */
export declare function readPolicyFile(baseline: string, config: string | undefined): {
    file: string | null;
    settings: PolicySettings | null;
};
export declare const checkCommand: Command<CheckArgs>;
