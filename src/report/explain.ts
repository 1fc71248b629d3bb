/**
 * `sdmatch explain` (and `sdmatch plan --json`): what is wrong in plain words FIRST, then the fix as
 * one line of Python when one op says it all (a function otherwise), then the plan and what it leaves.
 * The JSON form is documented by schemas/explain.schema.json; its `plan` is the plan format.
 */
import type { Cause } from '../analysis/infer/causes.js';
import type { CheckpointFormat } from '../checkpoint/types.js';
import type { ErrorKind } from '../formats/error-text.js';
import { pythonAccess, type InferenceMode, type PlanOutcome } from '../plan/build.js';
import type { Plan } from '../plan/types.js';
import { printable } from './printable.js';
import { emitPython, emitPythonOneLiner } from './emit-python.js';
import { renderPlanBody, renderPlanSides, summaryLines, verdictLine, type RenderPlanOptions } from './plan.js';
import { paint, type Style } from './style.js';

const INDENT = '  ';

/**
 * Checkpoints that are a folder of shards: `checkpoint[...]` would name nothing a user can torch.load, so
 * the fix starts by merging them — the first lines say how (sdmatch apply merges and applies the plan).
 */
const FOLDER_FIRST_STEP: Partial<Record<CheckpointFormat, string>> = {
  // DCP has its own note (dcpLoadNote): torch's dcp_to_torch_save makes it one file that checkpoint[...] then reads
  deepspeed: "# a DeepSpeed folder: its fp32 weights are spread over the ranks' optimizer files",
  megatron: "# a Megatron-LM folder: its tensors are split over the tensor- and pipeline-parallel ranks' files",
};

/** The fix as Python: one line when one op says it all, a function otherwise, nothing when there is no fix. */
export function pythonFix(outcome: PlanOutcome): { oneLine: string | null; function: string | null } {
  if (!outcome.fixable) return { oneLine: null, function: null };
  const folder = outcome.sourceFormat ? FOLDER_FIRST_STEP[outcome.sourceFormat] : undefined;
  if (folder) {
    const arg = (f: string) => (/^[\w./:@-]+$/.test(f) ? f : `'${f.replace(/'/g, `'\\''`)}'`);
    const src = arg(outcome.plan.source.file);
    const what = outcome.plan.ops.length > 0 ? 'merges it, applying this fix on the way' : 'merges it';
    const steps = `# sdmatch plan ${src} ${arg(outcome.plan.target.file)} -o plan.json && sdmatch apply ${src} plan.json -o merged.safetensors ${what}`;
    return { oneLine: null, function: [folder, steps, 'import safetensors.torch', "state_dict = safetensors.torch.load_file('merged.safetensors')"].join('\n') };
  }
  const select = outcome.plan.source.select;
  // the whole checkpoint was passed: the fix is to load the state dict inside it
  if (outcome.plan.ops.length === 0 && select.length > 0) return { oneLine: `state_dict = ${pythonAccess(select)}`, function: null };
  if (outcome.plan.ops.length === 0) return { oneLine: null, function: null };
  const oneLine = emitPythonOneLiner(outcome.plan);
  // the state dict sits inside the checkpoint: the fix starts by taking it out
  if (select.length > 0) return { oneLine: null, function: `state_dict = ${pythonAccess(select)}\n${oneLine ?? emitPython(outcome.plan)}` };
  return { oneLine, function: oneLine === null ? emitPython(outcome.plan) : null };
}

export interface ExplainJson {
  summary: string;
  fixable: boolean;
  complete: boolean;
  causes: Cause[];
  plan: Plan;
  fix: string | null;
  input: InferenceMode;
  error: { kind: ErrorKind; model: string | null } | null;
  truncated: boolean;
  after: { missing: string[]; unexpected: string[]; numBatchesTracked: string[] };
  /** keys of `after.missing` left missing on purpose (a new head, buffers the model computes), with why that is safe */
  keptMissing: { key: string; reason: string }[];
  sizeMismatches: { source: string; target: string; sourceShape: number[] | null; targetShape: number[] | null }[];
  ambiguities: { keys: string[]; candidates: string[]; reason: string }[];
  warnings: string[];
  uncertain: string[];
}

export function explainToJson(outcome: PlanOutcome, error: { kind: ErrorKind; model: string | null; truncated: boolean } | null): ExplainJson {
  const fix = pythonFix(outcome);
  return {
    summary: summaryLines(outcome.causes, outcome.plan.ops).join('\n'),
    fixable: outcome.fixable,
    complete: outcome.complete,
    causes: outcome.causes.map((c) => ({ code: c.code, message: c.message })),
    plan: outcome.plan,
    fix: fix.oneLine ?? fix.function,
    input: outcome.mode,
    error: error ? { kind: error.kind, model: error.model } : null,
    truncated: error?.truncated ?? false,
    after: { missing: outcome.missing, unexpected: outcome.unexpected, numBatchesTracked: outcome.counters },
    keptMissing: outcome.keptMissing.map((k) => ({ key: k.key, reason: k.reason })),
    sizeMismatches: outcome.result.sizeMismatches.map((m) => ({ ...m })),
    ambiguities: outcome.result.ambiguities.map((a) => ({ keys: [...a.keys], candidates: [...a.candidates], reason: a.reason })),
    warnings: [...outcome.result.warnings],
    uncertain: [...outcome.uncertain],
  };
}

export function formatExplainJson(outcome: PlanOutcome, error: { kind: ErrorKind; model: string | null; truncated: boolean } | null): string {
  return `${JSON.stringify(explainToJson(outcome, error), null, 2)}\n`;
}

/**
 * For a torch.distributed.checkpoint source: the Python fix works on a loaded state dict, which a DCP
 * directory is not; how to get one (torch ≥ 2.2), and the one-step alternative.
 */
export function dcpLoadNote(dir: string): string[] {
  const q = JSON.stringify(dir).replace(/^"|"$/g, "'");
  return [
    `# ${dir} is a torch.distributed.checkpoint directory: make it one checkpoint first,`,
    '#   from torch.distributed.checkpoint.format_utils import dcp_to_torch_save',
    `#   dcp_to_torch_save(${q}, 'checkpoint.pt'); checkpoint = torch.load('checkpoint.pt')`,
    `# or let sdmatch consolidate and fix it in one go: sdmatch plan ${dir} MODEL -o plan.json && sdmatch apply ${dir} plan.json -o model.safetensors`,
  ];
}

/** `sdmatch explain` for people. */
export function renderExplain(outcome: PlanOutcome, style: Style, options: RenderPlanOptions & { truncated?: boolean; loadNote?: string[] } = {}): string {
  const out: string[] = [];
  const headline = outcome.fixable ? 'what is wrong' : 'what is wrong (no key transform explains this error)';
  out.push(paint(style, outcome.fixable ? 'cyan' : 'red', headline));
  for (const line of summaryLines(outcome.causes, outcome.plan.ops)) out.push(`${INDENT}${printable(line)}`);
  const fix = pythonFix(outcome);
  const note = (options.loadNote ?? []).map((l) => `${INDENT}${printable(l)}`);
  if (fix.oneLine) {
    // the line uses re when the op is a regex: say the import rather than let the paste fail
    const imports = /\bre\./.test(fix.oneLine) ? [`${INDENT}import re`] : [];
    out.push('', paint(style, 'cyan', 'the fix, in Python'), ...note, ...imports, `${INDENT}${printable(fix.oneLine)}`);
  }
  else if (fix.function) out.push('', paint(style, 'cyan', 'the fix, in Python'), ...note, ...fix.function.trimEnd().split('\n').map((l) => (l ? INDENT + printable(l) : l)));
  out.push('', ...renderPlanSides(outcome, style), '', ...renderPlanBody(outcome, style, options));
  const uncertain = [...outcome.uncertain];
  if (options.truncated && !uncertain.some((u) => u.includes('cut short'))) uncertain.unshift('the error text was cut short: its lists may have held more keys');
  if (uncertain.length > 0) out.push('', paint(style, 'cyan', 'uncertain'), ...uncertain.map((u) => `${INDENT}- ${printable(u)}`));
  out.push('', verdictLine(outcome, style));
  return `${out.join('\n')}\n`;
}
