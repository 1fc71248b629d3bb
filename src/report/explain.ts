/**
 * `sdmatch explain` (and `sdmatch plan --json`): the verdict and what is wrong in plain words FIRST, then
 * the fix as one line (apply, or Python when one op says it all; a function otherwise), then the plan
 * and what it leaves.
 * The JSON form is documented by schemas/explain.schema.json; its `plan` is the plan format.
 */
import type { CheckpointSafety } from '../checkpoint/safety.js';
import type { OpenReadings } from '../analysis/readings.js';
import { jsonChunks } from './json-chunks.js';
import type { Cause } from '../analysis/infer/causes.js';
import type { CheckpointFormat } from '../checkpoint/types.js';
import type { ErrorKind } from '../formats/error-text.js';
import { type InferenceMode, type PlanOutcome } from '../plan/build.js';
import { pyStr, pythonAccess } from '../formats/python-source.js';
import { MODULE_OBJECT_LOAD } from '../checkpoint/state-dict-holder.js';
import { alphaPattern, type AdapterAlphas } from '../plan/adapter-alphas.js';
import type { Plan } from '../plan/types.js';
import type { GuessedOp } from '../plan/guesses.js';
import { keptMissingOnly, keptMissingPython, planGuesses } from '../plan/claims.js';
import { SQUARE_CONV1D_UNNAMED } from '../analysis/infer/tensor-ops.js';
import { printable } from './printable.js';
import { emitPython, emitPythonInline, emitPythonOneLiner } from './emit-python.js';
import { mergeRepeated, renderAnswer } from './answer.js';
import { sdmatchLine } from './command-line.js';
import { notShownLast, planAnswer, planFixLine, remadePlanLine, renderPlanBody, renderPlanSides, summaryLines, type RenderPlanOptions } from './plan.js';
import { planThenApply } from './download-step.js';
import { paint, type Style } from './style.js';

const INDENT = '  ';

/**
 * Checkpoints that are a folder of shards: `checkpoint[...]` would name nothing a user can torch.load, so
 * the fix starts by merging them. One row per folder format: what the folder is, and torch's own way to
 * make it one loadable file where there is one (then the usual fix follows, on what it loads); without
 * one, `sdmatch apply` merges the folder and applies the plan on the way. Either way sdmatch's one step is
 * offered.
 */
interface FolderFirstStep {
  /** the comment naming what the folder is */
  what: string;
  /** Python making the folder one torch.load-able `checkpoint` (given the folder's path as a Python literal) */
  torchLoad?: (dir: string) => string[];
}

const FOLDER_FIRST_STEP: Partial<Record<CheckpointFormat, FolderFirstStep>> = {
  dcp: {
    what: 'a torch.distributed.checkpoint directory: make it one checkpoint first (torch ≥ 2.2),',
    torchLoad: (dir) => ['import torch', 'from torch.distributed.checkpoint.format_utils import dcp_to_torch_save', `dcp_to_torch_save(${dir}, 'checkpoint.pt'); checkpoint = torch.load('checkpoint.pt')`],
  },
  deepspeed: { what: "a DeepSpeed folder: its weights are spread over the ranks' files" },
  megatron: { what: "a Megatron-LM folder: its tensors are split over the tensor-, pipeline- and expert-parallel ranks' files" },
};

/** The folder a member file names (a DCP `.metadata` or `.distcp` names its directory). */
function folderOf(file: string): string {
  return /(?:^|\/)(?:\.metadata|[^/]+\.distcp)$/.test(file) ? file.replace(/\/[^/]*$/, '') || '.' : file;
}

function folderFirst(outcome: PlanOutcome, step: FolderFirstStep): string {
  const src = outcome.plan.source.file;
  const what = outcome.plan.ops.length > 0 ? 'merges it, applying this fix on the way' : 'merges it';
  // made again with the options that made this plan (report/command-line.ts)
  // a comment ends at a line break: a folder name holding one is escaped as the fix line escapes it (printable)
  const sdmatch = printable(`${planThenApply(remadePlanLine(outcome, src, ['-o', 'plan.json']), sdmatchLine(['apply', src, 'plan.json', '-o', 'merged.safetensors']), outcome.complete)} ${what}`);
  if (!step.torchLoad) return [`# ${step.what}`, `# ${sdmatch}`, 'import safetensors.torch', "state_dict = safetensors.torch.load_file('merged.safetensors')"].join('\n');
  // one quoting for every Python literal (formats/python-source.ts pyStr): a folder named `row 'a'` parses
  const folder = folderOf(outcome.plan.source.file);
  const dir = pyStr(folder);
  const select = outcome.plan.source.select;
  const fix = outcome.plan.ops.length === 0 ? null : emitPythonOneLiner(outcome.plan) ?? emitPythonInline(outcome.plan);
  // a regex rename's one-liner uses re: say the import rather than let the paste fail
  const imports = fix && /\bre\./.test(fix) && !/^import re$/m.test(fix) ? ['import re'] : [];
  // a comment ends at a line break: a folder name holding one is shown as its literal
  return [`# ${/[\x00-\x1f\x7f]/.test(folder) ? dir : folder} is ${step.what}`, ...imports, ...step.torchLoad(dir), `state_dict = ${select.length > 0 ? pythonAccess(select) : 'checkpoint'}`, ...(fix ? [fix.trimEnd()] : []), `# or in one step: ${sdmatch}`].join('\n');
}

/**
 * The fix as Python: one line when one op says it all, a function otherwise, nothing when there is no fix.
 * Where the only keys left missing are kept on purpose, it ends by giving them the model's own values (the
 * step the verdict says in words: one fix, in the text and in the JSON, review 17 F8).
 */
export function pythonFix(outcome: PlanOutcome): { oneLine: string | null; function: string | null } {
  // two equal readings of a list's last look-alike (the finding gives both commands): no code is the fix
  if (outcome.trainedDrops?.shift) return { oneLine: null, function: null };
  const fix = keyFix(outcome);
  // (not after a folder's first step; nor from a cut text, whose verdict gives the step for the keys shown only,
  // hedged: keys past the cut are unknown, and a fix would read as complete)
  const folder = outcome.sourceFormat !== undefined && FOLDER_FIRST_STEP[outcome.sourceFormat] !== undefined;
  if (!keptMissingOnly(outcome) || folder || outcome.truncated) return fix;
  const kept = keptMissingPython(outcome.keptMissing.map((k) => k.key));
  // a script (emit-python's functions) says the step where its caller runs it: after remap_state_dict
  if (fix.function !== null && fix.function.includes('def remap_state_dict')) return { oneLine: null, function: `${fix.function.trimEnd()}\n\n# then, on the remapped state dict, before model.load_state_dict(state_dict):\n# ${kept}\n` };
  if (fix.function !== null) return { oneLine: null, function: `${fix.function.trimEnd()}\n${kept}\n` };
  if (fix.oneLine === null) return { oneLine: kept, function: null };
  // a line ending in a comment (the field taken by its name) keeps it: the step goes on its own line
  return fix.oneLine.includes('  # ') ? { oneLine: null, function: `${fix.oneLine}\n${kept}\n` } : { oneLine: `${fix.oneLine}; ${kept}`, function: null };
}

/** The fix of the keys: the state dict taken out of the checkpoint, then the ops. */
function keyFix(outcome: PlanOutcome): { oneLine: string | null; function: string | null } {
  if (!outcome.fixable) return { oneLine: null, function: null };
  const folder = outcome.sourceFormat ? FOLDER_FIRST_STEP[outcome.sourceFormat] : undefined;
  if (folder) return { oneLine: null, function: folderFirst(outcome, folder) };
  const select = outcome.plan.source.select;
  // the whole checkpoint was passed: the fix is to load the state dict inside it
  // from an error text alone the field is chosen by its name: the line says so, and how to check it
  if (outcome.plan.ops.length === 0 && select.length > 0) {
    const byName = outcome.mode === 'error-only' ? `  # by the field's name; the weights may sit deeper: check state_dict.keys() (sdmatch inspect CHECKPOINT shows where they are)` : '';
    const module = outcome.sourceHolder?.access ? `  # ${MODULE_OBJECT_LOAD}` : '';
    return { oneLine: `state_dict = ${selectedAccess(outcome)}${byName}${module}`, function: null };
  }
  if (outcome.plan.ops.length === 0) return { oneLine: null, function: null };
  const fix = opsFix(outcome);
  // the square Conv1D weights the text cannot show (review 17 F1): the fix opens with the warning, never a bare one-liner
  if (!outcome.result.warnings.includes(SQUARE_CONV1D_UNNAMED)) return fix;
  return { oneLine: null, function: `# WARNING: ${SQUARE_CONV1D_UNNAMED}\n${fix.function ?? `${fix.oneLine}\n`}` };
}

/** The Python of the plan's ops (the state dict taken out of the checkpoint first, where it sits inside). */
function opsFix(outcome: PlanOutcome): { oneLine: string | null; function: string | null } {
  const select = outcome.plan.source.select;
  const oneLine = emitPythonOneLiner(outcome.plan);
  // the state dict sits inside the checkpoint: the fix starts by taking it out
  if (select.length > 0) {
    const module = outcome.sourceHolder?.access ? `# ${MODULE_OBJECT_LOAD}\n` : '';
    return { oneLine: null, function: withReImport(`${module}state_dict = ${selectedAccess(outcome)}\n${oneLine ?? emitPythonInline(outcome.plan)}`, '\n') };
  }
  return { oneLine: oneLine === null ? null : withReImport(oneLine, '; '), function: oneLine === null ? emitPython(outcome.plan) : null };
}

/** The Python that takes the chosen state dict out of `checkpoint`: a pickled module's is its state_dict() (review24 F5). */
function selectedAccess(outcome: PlanOutcome): string {
  return outcome.sourceHolder?.access ?? pythonAccess(outcome.plan.source.select);
}

/** A regex op's Python uses re: the fix says the import, in JSON as in text, rather than fail when run (review 16 F14). */
function withReImport(code: string, separator: string): string {
  return /\bre\./.test(code) && !/^import re\b/m.test(code) ? `import re${separator}${code}` : code;
}

/**
 * The explain/plan JSON's version (schemas/explain.schema.json). 1: the document before it carried the
 * field; 2: adds `version` and `adapterAlphas`.
 */
export const EXPLAIN_JSON_VERSION = 2;

export interface ExplainJson {
  version: typeof EXPLAIN_JSON_VERSION;
  summary: string;
  fixable: boolean;
  complete: boolean;
  /** ops whose pairing rests on a guess (plan/guesses.ts): strict=True loads them whatever their values */
  guesses: GuessedOp[];
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
  /** from an error text alone: the readings it leaves open, each weighed (src/analysis/readings.ts) */
  readings: Omit<OpenReadings, 'asserts'>[];
  /** the LoRA alphas the plan leaves out, read from the checkpoint, as the adapter's config takes them; null when it leaves none out */
  adapterAlphas: (AdapterAlphas & { alphaPattern: Record<string, number> }) | null;
  /** each checkpoint input's safety verdict, in argument order ([] from an error text alone) */
  checkpointSafety: CheckpointSafety[];
}

export function explainToJson(outcome: PlanOutcome, error: { kind: ErrorKind; model: string | null; truncated: boolean } | null): ExplainJson {
  const fix = pythonFix(outcome);
  const alphas = outcome.adapterAlphas ?? null;
  return {
    version: EXPLAIN_JSON_VERSION,
    summary: summaryLines(outcome.causes, outcome.plan.ops).join('\n'),
    fixable: outcome.fixable,
    complete: outcome.complete,
    guesses: planGuesses(outcome),
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
    readings: (outcome.readings ?? []).map(({ asserts: _asserts, ...r }) => r),
    adapterAlphas: alphas && { ...alphas, alphaPattern: Object.fromEntries(alphaPattern(alphas)) },
    checkpointSafety: outcome.checkpointSafety ?? [],
  };
}

export function formatExplainJson(outcome: PlanOutcome, error: { kind: ErrorKind; model: string | null; truncated: boolean } | null): string {
  return `${JSON.stringify(explainToJson(outcome, error), null, 2)}\n`;
}

/** formatExplainJson's text in pieces (json-chunks.ts): a plan of 1,000,000 keys is 125 MB of it */
export function* explainJsonChunks(outcome: PlanOutcome, error: { kind: ErrorKind; model: string | null; truncated: boolean } | null): Generator<string> {
  yield* jsonChunks(explainToJson(outcome, error));
  yield '\n';
}

/**
 * `sdmatch explain` for people: the answer (the verdict, what is wrong, the fix as one line), the fix in
 * Python when it takes a function, then the sides, the plan and what it leaves.
 */
export function renderExplain(outcome: PlanOutcome, style: Style, options: RenderPlanOptions & { truncated?: boolean } = {}): string {
  const fix = pythonFix(outcome);
  // the one-liner uses re when the op is a regex: say the import rather than let the paste fail
  // a function of two statements (take the state dict out, then one op) still fits on one line
  // (pythonFix puts the import re a regex op needs first: one line more)
  const lines = fix.function?.trimEnd().split('\n') ?? [];
  // (not over a comment: joined, it would swallow the statements after it)
  const oneLine = fix.oneLine ?? (fix.function !== null && !fix.function.trimEnd().includes('\n\n') && lines.length <= (lines[0] === 'import re' ? 3 : 2) && !lines.slice(0, -1).some((l) => l.includes('#')) ? lines.join('; ') : null);
  // explain is read beside the failing Python: the one-liner when there is one, else apply, else the function below
  const line = (outcome.fixable ? oneLine : null) ?? planFixLine(outcome, null, null) ?? (fix.function ? 'the Python below, run on the state dict before load_state_dict' : null);
  const answer = planAnswer(outcome, line);
  const out = renderAnswer(style, answer);
  if (fix.function && answer.fix !== oneLine) out.push('', paint(style, 'cyan', answer.leaves === undefined ? 'the fix, in Python' : 'a partial fix, in Python (what it leaves: above)'), ...fix.function.trimEnd().split('\n').map((l) => (l ? INDENT + printable(l) : l)));
  out.push('', ...renderPlanSides(outcome, style), '', ...renderPlanBody(outcome, style, options));
  const uncertain = [...outcome.uncertain];
  if (options.truncated && !uncertain.some((u) => u.includes('cut short'))) uncertain.unshift('the error text was cut short: its lists may have held more keys');
  if (uncertain.length > 0) out.push('', paint(style, 'cyan', 'uncertain'), ...mergeRepeated(uncertain).map((u) => `${INDENT}- ${printable(u)}`));
  out.push(...notShownLast(outcome, style));
  return `${out.join('\n')}\n`;
}
