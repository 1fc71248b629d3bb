/**
 * The files a plan names (its target, its source) as found from wherever a later command runs.
 * A plan file records them as absolute paths (recordedPaths): a name relative to the folder `plan` ran in
 * meant nothing to `apply` or `plan check` run elsewhere, which then said "not checked", or found another
 * folder's file of that name. Reports still show the names as given. Plans written before keep their
 * relative names, looked for as given and beside the plan file.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isRemotePath } from '../checkpoint/sources.js';
import type { Plan } from './types.js';

/** Standard input names no file a later command could read. */
export function namesNoFile(named: string): boolean {
  return !named || named === '-' || named === '<stdin>';
}

/** A path as a plan file records it: absolute, unless it is standard input or remote. */
function recordedPath(given: string): string {
  return namesNoFile(given) || isRemotePath(given) ? given : resolve(given);
}

/** The plan as a plan file records it (when it is written where `plan` ran): its target and source absolute. */
export function recordedPaths(plan: Plan): Plan {
  return { ...plan, source: { ...plan.source, file: recordedPath(plan.source.file) }, target: { ...plan.target, file: recordedPath(plan.target.file) } };
}

/** The file a plan names, as given or beside the plan file; null when neither exists (or it was standard input). */
export function fileNamedByPlan(named: string, planFile: string | null): string | null {
  if (namesNoFile(named)) return null;
  const besidePlan = planFile && !isAbsolute(named) ? join(dirname(planFile), named) : null;
  return existsSync(named) ? named : besidePlan && existsSync(besidePlan) ? besidePlan : null;
}
