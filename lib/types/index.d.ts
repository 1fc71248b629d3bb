/**
 * sdmatch as a library: the same functions the CLI calls.
 *
 *   import { openCheckpoint, listTensors } from 'sdmatch';
 *   const ckpt = openCheckpoint('model.pt');      // never executes pickle code, never reads tensor bytes
 *   for (const t of listTensors(ckpt)) console.log(t.key, t.dtype, t.shape);
 */
import type { Checkpoint } from './checkpoint/types.js';
import type { DType } from './formats/dtype.js';
import type { KeyEntry } from './formats/keys.js';
export { openCheckpoint, scanSafety, type OpenOptions, type OpenedCheckpoint } from './checkpoint/open.js';
export type { Checkpoint, CheckpointFormat, KeyPath, StateDictCandidate, TensorRecord } from './checkpoint/types.js';
export { candidateTensors, valueAt, walkTree } from './checkpoint/walk.js';
export { tensorTotals, sharedStorages, summarizeLeaves, type TensorTotals, type SharedStorage } from './checkpoint/summary.js';
export { moduleTree, type ModuleNode } from './checkpoint/module-tree.js';
export { openKeySource, type KeySource } from './checkpoint/key-source.js';
export { prefetchRemote, describeReport, type RemoteReport } from './remote/prefetch.js';
export { clearRemote, isRemotePath } from './checkpoint/sources.js';
export { FormatError } from './formats/errors.js';
export type { DType } from './formats/dtype.js';
export type { KeyEntry } from './formats/keys.js';
export type { TensorInfo, StorageInfo, ByteLocation } from './formats/tensor.js';
export type { PyValue } from './formats/pickle/values.js';
export { readPickle, scanPickleStream } from './formats/pickle/index.js';
export { classifyGlobal, type SafetyReport, type GlobalFinding, type Verdict } from './formats/pickle/safety.js';
export { checkpointSafety, type CheckpointSafety } from './checkpoint/safety.js';
export { parseErrorText, type ErrorReport } from './formats/error-text.js';
export { parseManifest, writeManifest } from './formats/manifest.js';
export { diffKeys, diffWithErrorReport, type KeyDiff, type ErrorReportDiff } from './analysis/diff.js';
export { selectStateDict, type Selection } from './analysis/select.js';
export { resolveSides, candidatesOf, type ResolvedSide } from './analysis/sides.js';
export { diagnose, type Diagnosis } from './analysis/diagnose.js';
export { groupKeys, renderGroups } from './analysis/group.js';
export interface TensorListing {
    /** the state-dict key */
    key: string;
    dtype: DType;
    shape: number[];
}
/**
 * The tensors of one state dict in file order (the first candidate unless a path is given), the
 * shape most callers want.
 */
export declare function listTensors(ckpt: Checkpoint, stateDict?: (string | number)[]): TensorListing[];
/** The same, as KeyEntry values for the comparison functions. */
export declare function keyEntries(ckpt: Checkpoint, stateDict?: (string | number)[]): KeyEntry[];
export { inferPlan, type InferInput, type InferResult } from './analysis/infer/index.js';
export type { Plan, PlanOp } from './plan/types.js';
export { validatePlan, checkPlanConsistency } from './plan/validate.js';
export { applyOpsToKeys } from './analysis/op-keys.js';
export { unsettledDrops, type UnsettledDrop } from './plan/unsettled.js';
export { buildPlan, inferenceSides, type PlanOutcome, type InferenceSides, type BuildOptions } from './plan/build.js';
export type { PlanSourceInfo } from './plan/schema.js';
export { planSourceInfo } from './plan/source-info.js';
export { applyPlan, dryRunApply, type ApplyOptions, type ApplyResult } from './apply/apply.js';
export { emitPython, emitPythonOneLiner } from './report/emit-python.js';
export { emitHf } from './report/emit-hf.js';
export { emitMmengine } from './report/emit-mmengine.js';
export { checkSources, runCheck, type CheckSourcesOptions, type CheckRun } from './plan/check-run.js';
export { checkKeys, type CheckResult, type CheckInput } from './analysis/check.js';
export { DEFAULT_POLICY, type CheckPolicy, type Severity, type Verdict as CheckVerdict } from './analysis/check-policy.js';
export type { AllowKind, FailOn } from './formats/policy.js';
