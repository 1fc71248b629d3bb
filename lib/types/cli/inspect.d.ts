import type { Command } from './command.js';
import type { Verdict } from '../formats/pickle/safety.js';
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
/**
 * inspect's exit code per safety verdict. dangerous and incomplete are "a hostile file" (2: nothing
 * vetted it); unknown is a finding (1: loading it needs trust in the code it names, like a difference
 * diff finds); safe alone is 0.
 */
export declare const SAFETY_EXIT: Readonly<Record<Verdict, number>>;
export {};
