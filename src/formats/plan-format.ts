/**
 * The `format` field of sdmatch's plan file (plan/schema.ts writes and checks it). Here, below the plan layer, so
 * that checkpoint/identify.ts can name a plan passed where a checkpoint goes (s23-verify F10).
 */
export const PLAN_FORMAT = 'sdmatch-plan';

/** A JSON object whose `format` field near its top names a plan. */
export function looksLikePlan(text: string): boolean {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  return /^\s*\{/.test(head) && new RegExp(`"format"\\s*:\\s*"${PLAN_FORMAT}"`).test(head);
}
