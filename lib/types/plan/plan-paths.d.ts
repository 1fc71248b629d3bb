import type { Plan } from './types.js';
/** Standard input names no file a later command could read. */
export declare function namesNoFile(named: string): boolean;
/** The plan as a plan file records it (when it is written where `plan` ran): its target and source absolute. */
export declare function recordedPaths(plan: Plan): Plan;
/** The file a plan names, as given or beside the plan file; null when neither exists (or it was standard input). */
export declare function fileNamedByPlan(named: string, planFile: string | null): string | null;
