import { type CheckpointSafety } from '../checkpoint/safety.js';
import type { Command } from './command.js';
/** `plan invert -o FILE --json` (schemas/plan-invert.schema.json). 1: its first form. */
export declare const PLAN_INVERT_JSON_VERSION = 1;
export interface PlanInvertJson {
    version: typeof PLAN_INVERT_JSON_VERSION;
    /** the inverse plan's file */
    wrote: string;
    /** the inverse's op count, and the plan's it undoes */
    ops: number;
    undoing: number;
    /** what no op can undo (drops): the inverse leaves these keys missing */
    lost: {
        op: string;
        keys: string[];
    }[];
    /** the source checkpoint's safety verdict, when one was given ([] otherwise) */
    checkpointSafety: CheckpointSafety[];
}
interface PlanInvertArgs {
    json?: boolean;
    plan: string;
    source?: string;
    out?: string;
    select?: string;
    force?: boolean;
}
export declare const planInvertCommand: Command<PlanInvertArgs>;
export {};
