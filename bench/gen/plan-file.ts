import { statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { applyOpsToKeys, outputsOfOps } from '../../src/analysis/op-keys.js';
import { writeManifest } from '../../src/formats/manifest.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { entriesFingerprint, fileFingerprint } from '../../src/plan/fingerprint.js';
import { checkPlanConsistency } from '../../src/plan/validate.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import type { Plan, PlanOp } from '../../src/plan/types.js';

/**
 * The plan `sdmatch plan` would write for a checkpoint saved from a DDP wrapper: one `strip_prefix` op
 * (then the ops in `then`, which must keep the names: transposes), and the source's size, sha256,
 * identity (device, inode, size, mtime, ctime: none for a file written less than 3 s before hashing) and
 * entries digest computed by the plan library's own functions. Its target is the file `target` (beside
 * the plan: writeTargetManifest writes it).
 * Checked against the plan library's own consistency check, so a wrong bench plan fails here and not
 * as a mysterious apply error.
 */
export function stripPrefixPlan(sourcePath: string, keys: readonly KeyEntry[], prefix: string, then: PlanOp[] = [], target = 'model.json'): Plan {
  const mapping: Record<string, string> = {};
  for (const e of keys) {
    if (!e.key.startsWith(prefix)) throw new Error(`stripPrefixPlan: ${e.key} does not start with ${prefix}`);
    mapping[e.key] = e.key.slice(prefix.length);
  }
  const ops: PlanOp[] = [{ op: 'strip_prefix', prefix, confidence: 1, evidence: `${keys.length} keys, shapes equal, order preserved` }, ...then];
  return checkedPlan('stripPrefixPlan', sourcePath, keys, keys.length, { ops, mapping, unmapped: [] }, target);
}

/**
 * The plan for `ops` on a checkpoint whose keys keep their names unless an op renames them (splits,
 * transposes): its mapping from the op executor itself, the source recorded as stripPrefixPlan does.
 */
export function opsPlan(sourcePath: string, keys: readonly KeyEntry[], ops: PlanOp[], target = 'model.json'): Plan {
  const mapped = applyOpsToKeys(ops, keys);
  if (mapped.errors.length) throw new Error(`opsPlan: ${mapped.errors.slice(0, 3).join('; ')}`);
  return checkedPlan('opsPlan', sourcePath, keys, mapped.outputs.length, { ops, mapping: mapped.mapping, unmapped: [] }, target);
}

/** The plan with its source recorded by the plan library's own fingerprints, checked for consistency against `keys`. */
function checkedPlan(who: string, sourcePath: string, keys: readonly KeyEntry[], targetKeys: number, body: Parameters<typeof makePlan>[2], target: string): Plan {
  const entries = entriesFingerprint('torch-zip', sourcePath);
  const hashed = fileFingerprint([sourcePath]);
  const plan = makePlan(
    {
      file: basename(sourcePath),
      size: statSync(sourcePath).size,
      sha256: hashed.sha256,
      ...(hashed.identity ? { identity: hashed.identity } : {}),
      ...('sha256' in entries ? { entriesSha256: entries.sha256 } : {}),
      select: [],
    },
    { file: target, keys: targetKeys },
    body,
  );
  const problems = checkPlanConsistency(plan, keys);
  if (problems.length) throw new Error(`${who}: inconsistent plan: ${problems.slice(0, 3).join('; ')}`);
  return plan;
}

export function writePlanFile(path: string, plan: Plan): { bytes: number } {
  const text = planToJson(plan);
  writeFileSync(path, text);
  return { bytes: Buffer.byteLength(text) };
}

/**
 * The model `plan` was made against, as a manifest beside the plan file `planPath` (the file its target
 * names): the keys, shapes and dtypes its ops make of `keys`. apply checks its output against it, as it
 * does against any plan's target: without it apply exits 1 (written, not shown to load).
 */
export function writeTargetManifest(planPath: string, plan: Plan, keys: readonly KeyEntry[]): string {
  const dtypes = new Map(keys.map((k) => [k.key, k.dtype]));
  const entries = outputsOfOps(plan.ops, keys).map((o) => ({ key: o.key, shape: o.shape, dtype: dtypes.get(o.sources[0]!) ?? null }));
  const path = join(dirname(planPath), plan.target.file);
  writeFileSync(path, writeManifest(entries));
  return path;
}
