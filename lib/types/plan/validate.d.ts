import type { KeyEntry } from '../formats/keys.js';
import { type Plan } from './types.js';
/** Parse and check a plan read from JSON. Throws FormatError(file, `path: problem`). */
export declare function validatePlan(json: unknown, file: string): Plan;
/**
 * Do the ops, run over these source keys, give exactly the plan's mapping? Returns every disagreement
 * (empty when consistent): op errors, keys whose result differs, keys one side has and the other not.
 */
export declare function checkPlanConsistency(plan: Plan, sourceKeys: readonly KeyEntry[]): string[];
/** an index table's most rows: a table is a short list the reader can check, not a key-by-key mapping */
export declare const TABLE_ROWS_MAX = 256;
