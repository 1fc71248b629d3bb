/**
 * From the two sides a command resolved to a plan: what inference compares (which depends on what the
 * user gave: two key sets, a checkpoint and an error text, an error text alone, or an error text and
 * the model), then inference's result as a Plan (via makePlan) with what stays wrong after it.
 *
 * An error text names only the keys that differed, so from it alone the source side is its unexpected
 * keys and the target its missing ones, size-mismatched keys on both sides with their shapes.
 * torch never lists a BatchNorm's `num_batches_tracked` as missing when loading a checkpoint saved
 * without module versions (BatchNorm fills it in), yet lists the checkpoint's counters as unexpected
 * under a wrong prefix: the model's counters are therefore implied for every BatchNorm the error shows,
 * so `module.bn.num_batches_tracked` maps like its siblings instead of staying "unexpected".
 */
import type { ResolvedSide } from '../analysis/sides.js';
import { diffWithErrorReport } from '../analysis/diff.js';
import { diagnose } from '../analysis/diagnose.js';
import { inferPlan, type InferResult } from '../analysis/infer/index.js';
import type { Cause } from '../analysis/infer/causes.js';
import { compileNameOp, isNameOp, compileSplit } from '../analysis/infer/op-semantics.js';
import type { ErrorReport } from '../formats/error-text.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import type { KeyPath } from '../checkpoint/types.js';
import { applyOpsToKeys } from './mapping.js';
import { makePlan, type PlanSourceInfo } from './schema.js';
import type { Plan, PlanOp } from './types.js';

/**
 * - `keys`: two key sets (checkpoints, manifests, key lists);
 * - `checkpoint-and-error`: the source's full state dict against the model the error implies;
 * - `error-only`: the error's unexpected keys against its missing keys;
 * - `error-and-model`: the checkpoint the error implies against the model's full key set.
 */
export type InferenceMode = 'keys' | 'checkpoint-and-error' | 'error-only' | 'error-and-model';

export interface InferenceSides {
  mode: InferenceMode;
  source: KeyEntry[];
  target: KeyEntry[];
  /** target keys added because BatchNorm fills them itself; never reported as missing */
  implied: ReadonlySet<string>;
  /** what the inputs leave open, in plain words (a cut-short error text above all) */
  uncertain: string[];
  /** the error text, when one side is one */
  report: ErrorReport | null;
  /** the state dict chosen inside the source checkpoint */
  selected: KeyPath | null;
}

const COUNTER = 'num_batches_tracked';
const isCounter = (k: string) => k === COUNTER || k.endsWith(`.${COUNTER}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `P.num_batches_tracked` for every BatchNorm `P` among the target keys (when the source has counters
 * at all), each right after its `running_var`, where a model's state dict has it: order is evidence.
 */
function withImplied(mode: InferenceMode, source: KeyEntry[], target: KeyEntry[], uncertain: string[], report: ErrorReport | null, selected: KeyPath | null = null): InferenceSides {
  const implied = new Set<string>();
  let withCounters = target;
  if (source.some((e) => isCounter(e.key))) {
    const have = new Set(target.map((e) => e.key));
    withCounters = [];
    for (const e of target) {
      withCounters.push(e);
      if (!e.key.endsWith('.running_var')) continue;
      const module = e.key.slice(0, -'running_var'.length);
      const counter = `${module}${COUNTER}`;
      if (have.has(`${module}running_mean`) && !have.has(counter)) {
        have.add(counter);
        implied.add(counter);
        withCounters.push({ key: counter, shape: [], dtype: null });
      }
    }
  }
  return { mode, source, target: withCounters, implied, uncertain, report, selected };
}

const unshaped = (key: string): KeyEntry => ({ key, shape: null, dtype: null });

function errorOnly(report: ErrorReport): InferenceSides {
  const source = [...report.unexpected.map(unshaped), ...report.sizeMismatch.map((s) => ({ key: s.key, shape: s.source, dtype: null }))];
  const target = [...report.missing.map(unshaped), ...report.sizeMismatch.map((s) => ({ key: s.key, shape: s.expected, dtype: null }))];
  const uncertain = ['the error names only the keys that differed: the keys it does not mention are assumed to load as they are, and the plan covers only the keys it names'];
  if (report.truncated) uncertain.push('the error text was cut short: its lists may have held more keys than the plan could see');
  if (report.missing.length > 0 && report.unexpected.length > 0) {
    uncertain.push('the error gives no shapes for missing or unexpected keys, so correspondences rest on names and order alone (give the checkpoint too: sdmatch explain CHECKPOINT ERROR.txt)');
  }
  return withImplied('error-only', source, target, uncertain, report);
}

function checkpointAndError(source: ResolvedSide, report: ErrorReport): InferenceSides {
  const d = diffWithErrorReport(source.entries, report);
  const matched = new Set(d.matched);
  const resized = new Map(d.shapeMismatch.map((m) => [m.key, m.expected]));
  const target: KeyEntry[] = [];
  for (const e of source.entries) {
    const shape = resized.get(e.key);
    if (shape) target.push({ key: e.key, shape, dtype: null });
    else if (matched.has(e.key)) target.push({ key: e.key, shape: e.shape, dtype: null });
  }
  target.push(...d.missing.map(unshaped));
  const uncertain = [...d.notes];
  if (d.unknown.length > 0) {
    uncertain.push(`${plural(d.unknown.length, 'checkpoint key')} the cut-short error text does not mention ${d.unknown.length === 1 ? 'is' : 'are'} left out of the model's side: after the plan they may show as unexpected although the model has them`);
  }
  return withImplied('checkpoint-and-error', [...source.entries], target, uncertain, report, source.selected);
}

function errorAndModel(report: ErrorReport, model: readonly KeyEntry[]): InferenceSides {
  const missing = new Set(report.missing);
  const resized = new Map(report.sizeMismatch.map((s) => [s.key, s.source]));
  const source: KeyEntry[] = [];
  for (const e of model) {
    if (missing.has(e.key)) continue;
    const shape = resized.get(e.key);
    source.push(shape ? { key: e.key, shape, dtype: null } : e);
  }
  const modelKeys = new Set(model.map((e) => e.key));
  for (const s of report.sizeMismatch) if (!modelKeys.has(s.key)) source.push({ key: s.key, shape: s.source, dtype: null });
  source.push(...report.unexpected.filter((k) => !modelKeys.has(k)).map(unshaped));
  const uncertain = ['the checkpoint is known only through the error: the model keys the error does not call missing are assumed to be in it with the model\'s shapes'];
  if (report.truncated) uncertain.push('the error text was cut short: more keys may be missing or unexpected than it shows');
  return withImplied('error-and-model', source, [...model], uncertain, report);
}

/** What inference compares, from the resolved sides (`expected` null: SOURCE is an error text on its own). */
export function inferenceSides(source: ResolvedSide, expected: ResolvedSide | null): InferenceSides {
  if (source.report && expected?.report) throw new FormatError(expected.file, 'both sides are error texts; give the checkpoint or the model on the other side');
  if (expected === null) {
    if (!source.report) throw new FormatError(source.file, 'is not a load_state_dict error text; name what the model expects too (a manifest, a checkpoint or a key list)');
    return errorOnly(source.report);
  }
  if (expected.report) return checkpointAndError(source, expected.report);
  if (source.report) return errorAndModel(source.report, expected.entries);
  return { mode: 'keys', source: [...source.entries], target: [...expected.entries], implied: new Set(), uncertain: [], report: null, selected: source.selected };
}

/** A plan, inference's account of it, and what stays wrong after it. */
export interface PlanOutcome {
  plan: Plan;
  result: InferResult;
  mode: InferenceMode;
  /** per op, how many keys it acts on; null for an op kind this version cannot count */
  opKeys: (number | null)[];
  /** target keys still without a source after the plan, BatchNorm counters aside */
  missing: string[];
  /** `num_batches_tracked` counters without a source: BatchNorm fills them in when loading */
  counters: string[];
  /** source keys the model has no place for after the plan */
  unexpected: string[];
  /** causes, most important first, adjusted to what the plan says (counters, one-sided inputs) */
  causes: Cause[];
  /** the ops are a fix (see InferResult.fixable); false when nothing corresponds on one side */
  fixable: boolean;
  /**
   * the plan explains everything: a strict load succeeds after it (the exit 0 of `sdmatch plan`):
   * fixable, nothing missing (BatchNorm counters aside), unexpected, ambiguous, mismatched or warned about
   */
  complete: boolean;
  /** target keys the plan produces whose shape still differs from the model's (a position embedding of another length) */
  shapesDiffer: string[];
  uncertain: string[];
}

/**
 * Keys the plan produces with a shape (known on both sides) other than the model's: a warning that is
 * not fixed, such as a position embedding of another length. Loading still fails on those.
 */
function shapesStillDiffering(plan: Plan, sides: InferenceSides): string[] {
  const expected = new Map(sides.target.map((e) => [e.key, e.shape]));
  const out: string[] = [];
  for (const t of applyOpsToKeys(plan.ops, sides.source).outputs) {
    const want = expected.get(t.key);
    if (!want || !t.shape) continue;
    if (want.length !== t.shape.length || want.some((d, i) => d !== t.shape![i])) out.push(t.key);
  }
  return out;
}

/** How many keys each op acts on, running the ops over the source keys as `apply` would. */
export function opKeyCounts(ops: readonly PlanOp[], sourceKeys: readonly string[]): (number | null)[] {
  let names = [...sourceKeys];
  return ops.map((op) => {
    if (isNameOp(op)) {
      const step = compileNameOp(op);
      let n = 0;
      const next: string[] = [];
      for (const name of names) {
        const r = step(name);
        if (r !== undefined) n++;
        if (r === null) continue;
        next.push(r ?? name);
      }
      names = next;
      return n;
    }
    switch (op.op) {
      case 'transpose':
      case 'reshape': {
        if (typeof op.key === 'string') return names.includes(op.key) ? 1 : 0;
        if (typeof op.pattern !== 'string') return null;
        const re = new RegExp(op.pattern);
        return names.filter((k) => re.test(k)).length;
      }
      case 'split': {
        if (op.key === undefined && typeof op.pattern !== 'string') return null;
        const cut = compileSplit(op);
        const next: string[] = [];
        let n = 0;
        for (const k of names) {
          const targets = cut(k);
          if (targets) {
            n++;
            next.push(...targets);
          } else next.push(k);
        }
        names = next;
        return n;
      }
      case 'concat': {
        const parts = op.keys.filter((k) => names.includes(k));
        names = [...names.filter((k) => !op.keys.includes(k)), op.target];
        return parts.length;
      }
      default:
        return null;
    }
  });
}

function examples(keys: readonly string[], n = 3): string {
  const shown = keys.slice(0, n).map((k) => `\`${k}\``).join(', ');
  return keys.length > n ? `${shown}, …` : shown;
}

const counterNote = (n: number) => `${plural(n, 'BatchNorm layer')}`;

/** The error came from passing a whole checkpoint: every key it calls missing is in the chosen state dict and none it calls unexpected is. */
function containerPassedWhole(sides: InferenceSides): boolean {
  const r = sides.report;
  if (sides.mode !== 'checkpoint-and-error' || !r || r.unexpected.length === 0) return false;
  const have = new Set(sides.source.map((e) => e.key));
  return r.unexpected.every((k) => !have.has(k)) && r.missing.every((k) => have.has(k));
}

function pythonAccess(path: readonly (string | number)[]): string {
  return `checkpoint${path.map((p) => (typeof p === 'number' ? `[${p}]` : `[${JSON.stringify(p).replace(/^"|"$/g, "'")}]`)).join('')}`;
}

/** Causes rewritten where this layer knows more than inference: counters, one-sided errors, nested checkpoints. */
function adjustCauses(result: InferResult, sides: InferenceSides, missing: string[], counters: string[]): { causes: Cause[]; fixable: boolean } {
  let causes = result.causes.filter((c) => c.code !== 'missing' && c.code !== 'match');
  let fixable = result.fixable;
  const lead: Cause[] = [];
  const nested = sides.mode === 'error-only' || sides.mode === 'error-and-model'
    ? diagnose(diffWithErrorReport(null, sides.report!), sides.source, sides.target).find((d) => d.code === 'nested')
    : undefined;
  if (nested) {
    causes = causes.filter((c) => c.code !== 'another_model');
    fixable = false;
    lead.push({ code: 'nested', message: `${nested.message.replace(/\.$/, '')}: load that state dict instead of the whole checkpoint (sdmatch diff CHECKPOINT ERROR.txt finds it); no key transform is needed` });
  } else if (containerPassedWhole(sides)) {
    const path = sides.selected ?? [];
    lead.push({
      code: 'nested',
      message: `the error came from passing the whole checkpoint to load_state_dict: the state dict is inside it, at ${path.length ? path.join('/') : '(root)'}; load \`${pythonAccess(path)}\` instead`,
    });
  }
  // with one side empty nothing could be renamed (inference says no "another model" then either):
  // what stays is said as it is
  const oneSided = sides.source.length === 0 || sides.target.length - sides.implied.size === 0;
  if (oneSided && !nested) {
    const listedCounters = missing.length > 0 && missing.every(isCounter);
    const leftCounters = missing.length === 0 && result.leftover.length > 0 && result.leftover.every(isCounter);
    if (listedCounters) {
      fixable = false;
      lead.push({
        code: 'num_batches_tracked',
        message: `only \`num_batches_tracked\` counters are missing (${counterNote(missing.length)}): the checkpoint was saved before PyTorch 0.4.1 counted batches, and this PyTorch does not fill them in; no key transform supplies them: load with strict=False (the counters start at 0) or use PyTorch 1.0 or later`,
      });
      missing = [];
    } else if (leftCounters) {
      fixable = false;
      lead.push({
        code: 'num_batches_tracked',
        message: `the only unexpected keys are \`num_batches_tracked\` counters (${counterNote(result.leftover.length)}): the model's normalisation layers keep no such counter (PyTorch before 0.4.1, or track_running_stats=False); leave them out or load with strict=False`,
      });
    } else if (missing.length > 0 || result.leftover.length > 0) {
      fixable = false;
      lead.push({
        code: 'one_sided',
        message: missing.length > 0
          ? `the checkpoint lacks ${plural(missing.length, 'key')} the model expects and holds nothing in ${missing.length === 1 ? 'its' : 'their'} place: no key transform supplies ${missing.length === 1 ? 'it' : 'them'} (a model with parts the checkpoint was not trained with: load with strict=False to keep the model's own values)`
          : `the model lacks nothing, but the checkpoint holds ${plural(result.leftover.length, 'key')} it has no place for: no key transform is needed (leave ${result.leftover.length === 1 ? 'it' : 'them'} out, or load with strict=False)`,
      });
    }
  }
  const extra: Cause[] = [];
  if (missing.length > 0) {
    extra.push({ code: 'missing', message: `${plural(missing.length, 'key')} the model expects ha${missing.length > 1 ? 've' : 's'} no source in the checkpoint (${examples(missing)})` });
  }
  if (counters.length > 0) {
    extra.push({
      code: 'num_batches_tracked',
      message: `the checkpoint has no \`num_batches_tracked\` for ${counterNote(counters.length)} (${examples(counters)}): it was saved before PyTorch 0.4.1 counted batches; BatchNorm fills the counters in when loading`,
    });
  }
  const at = causes.findIndex((c) => c.code === 'unexpected');
  causes.splice(at < 0 ? causes.length : at, 0, ...extra);
  causes = [...lead, ...causes];
  if (causes.length === 0) causes.push({ code: 'match', message: 'the checkpoint already matches what the model expects' });
  return { causes, fixable };
}

/** Inference's result as a plan, with what stays missing and unexpected after it. */
export function planFromInference(sides: InferenceSides, result: InferResult, source: PlanSourceInfo, targetFile: string): PlanOutcome {
  const unmapped = result.unmapped.filter((k) => !sides.implied.has(k));
  const plan = makePlan(source, { file: targetFile, keys: sides.target.length - sides.implied.size }, { ops: result.ops, mapping: result.mapping, unmapped });
  // counters torch itself listed as missing were not filled in: they stay missing
  const listed = new Set(sides.report?.missing ?? []);
  const counters = unmapped.filter((k) => isCounter(k) && !listed.has(k));
  const missing = unmapped.filter((k) => !counters.includes(k));
  const { causes, fixable } = adjustCauses(result, sides, missing, counters);
  const shapesDiffer = shapesStillDiffering(plan, sides);
  // a cut-short error text may have named more keys: the plan cannot claim to explain everything
  const complete = !sides.report?.truncated && fixable && missing.length === 0 && result.leftover.length === 0 && result.ambiguities.length === 0 && result.sizeMismatches.length === 0 && shapesDiffer.length === 0;
  return {
    plan,
    result,
    mode: sides.mode,
    opKeys: opKeyCounts(result.ops, sides.source.map((e) => e.key)),
    missing,
    counters,
    unexpected: result.leftover,
    causes,
    fixable,
    complete,
    shapesDiffer,
    uncertain: sides.uncertain,
  };
}

/** Infer and build in one step. */
export function buildPlan(sides: InferenceSides, source: PlanSourceInfo, targetFile: string, options: { minConfidence?: number } = {}): PlanOutcome {
  // an error text alone names only the keys that differed: inference must not reach past them
  const result = inferPlan({ source: sides.source, target: sides.target, options: { minConfidence: options.minConfidence ?? 0, partial: sides.mode === 'error-only' } });
  return planFromInference(sides, result, source, targetFile);
}
