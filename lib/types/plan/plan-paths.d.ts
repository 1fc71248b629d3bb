import type { Plan } from './types.js';
/** Standard input names no file a later command could read. */
export declare function namesNoFile(named: string): boolean;
/** The plan as the plan file `planFile` records it: its target and source relative to that file's folder. */
export declare function recordedPaths(plan: Plan, planFile: string): Plan;
/**
 * The plan read from the file `planFile` with its target and source as usable from here: relative to the plan
 * file's folder when it says so; in older plans, absolute as they are, relative as given or beside the plan
 * file (whichever exists, as given when neither does). The result records no `paths`: it names files from here.
 */
export declare function usablePaths(plan: Plan, planFile: string): Plan;
/** The file a plan names, as given or beside the plan file; null when neither exists (or it was standard input). */
export declare function fileNamedByPlan(named: string, planFile: string | null): string | null;
