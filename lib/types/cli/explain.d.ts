import type { Command } from './command.js';
export interface ExplainArgs {
    first: string;
    second?: string;
    select?: string;
    json: boolean;
    minConfidence?: number;
    all: boolean;
    html?: string;
    force?: boolean;
}
/**
 * `sdmatch explain ERROR.txt` or `sdmatch explain CHECKPOINT ERROR.txt`: the error's unexpected keys
 * are the checkpoint's side and its missing keys the model's (with a checkpoint, its whole state dict
 * and shapes are the checkpoint's side). Exit 0 when the fix found makes the checkpoint load, 1 when
 * keys stay wrong or no key transform explains the error, 2 on bad input.
 * explain writes no plan, so it does not hash the checkpoint: its plan's sha256 is empty
 * (`sdmatch plan CHECKPOINT ERROR.txt -o plan.json` writes one `apply` can check).
 */
export declare const explainCommand: Command<ExplainArgs>;
