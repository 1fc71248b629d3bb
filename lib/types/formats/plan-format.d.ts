/**
 * The `format` field of sdmatch's plan file (plan/schema.ts writes and checks it). Here, below the plan layer, so
 * that checkpoint/identify.ts can name a plan passed where a checkpoint goes (s23-verify F10).
 */
export declare const PLAN_FORMAT = "sdmatch-plan";
/** A JSON object whose `format` field near its top names a plan. */
export declare function looksLikePlan(text: string): boolean;
