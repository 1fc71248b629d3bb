/**
 * The files a plan names (its target, its source), as a plan file records them and as a later command finds them.
 * A plan file records them relative to its own folder and says so (`"paths": "relative-to-plan"`): a plan
 * committed beside its checkpoint and model manifest, or moved or checked out elsewhere with them, still names
 * them, and `apply` / `plan check` run from any folder find them. (Absolute paths, session 12, named the
 * author's folders; names relative to the folder `plan` ran in meant nothing elsewhere.) Plans written before
 * keep being read: absolute names as they are, relative ones as given, then beside the plan file.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isRemotePath } from '../checkpoint/sources.js';
import { RELATIVE_TO_PLAN } from './schema.js';
import type { Plan } from './types.js';

/** Standard input names no file a later command could read. */
export function namesNoFile(named: string): boolean {
  return !named || named === '-' || named === '<stdin>';
}

/** Names that are no path on this machine: standard input, a remote source. */
function notLocal(named: string): boolean {
  return namesNoFile(named) || isRemotePath(named);
}

/** A path (as usable from here) as a plan file at `planFile` records it: from the plan file's folder, `/`-separated. */
function recordedPath(given: string, planFile: string): string {
  if (notLocal(given)) return given;
  const rel = relative(dirname(resolve(planFile)), resolve(given));
  // another drive (Windows) has no relative path: kept absolute, which readers take as it is
  return isAbsolute(rel) ? rel : rel.split(sep).join('/');
}

/** The plan as the plan file `planFile` records it: its target and source relative to that file's folder. */
export function recordedPaths(plan: Plan, planFile: string): Plan {
  return {
    ...plan,
    paths: RELATIVE_TO_PLAN,
    source: { ...plan.source, file: recordedPath(plan.source.file, planFile) },
    target: { ...plan.target, file: recordedPath(plan.target.file, planFile) },
  };
}

/** A path a plan file records, as usable from here: see usablePaths. */
function usablePath(named: string, plan: Plan, planFile: string): string {
  if (notLocal(named) || isAbsolute(named)) return named;
  if (plan.paths === RELATIVE_TO_PLAN) return join(dirname(planFile), named);
  return fileNamedByPlan(named, planFile) ?? named;
}

/**
 * The plan read from the file `planFile` with its target and source as usable from here: relative to the plan
 * file's folder when it says so; in older plans, absolute as they are, relative as given or beside the plan
 * file (whichever exists, as given when neither does). The result records no `paths`: it names files from here.
 */
export function usablePaths(plan: Plan, planFile: string): Plan {
  const { paths: _recorded, ...rest } = plan;
  return {
    ...rest,
    source: { ...plan.source, file: usablePath(plan.source.file, plan, planFile) },
    target: { ...plan.target, file: usablePath(plan.target.file, plan, planFile) },
  };
}

/** The file a plan names, as given or beside the plan file; null when neither exists (or it was standard input). */
export function fileNamedByPlan(named: string, planFile: string | null): string | null {
  if (namesNoFile(named)) return null;
  const besidePlan = planFile && !isAbsolute(named) ? join(dirname(planFile), named) : null;
  return existsSync(named) ? named : besidePlan && existsSync(besidePlan) ? besidePlan : null;
}
