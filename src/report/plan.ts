/**
 * A plan for people: the ops as a table (what each does, how many keys it acts on, how sure inference
 * is and why), then what stays missing and unexpected after the plan as grouped lists, the
 * ambiguities (listed, never guessed) and the warnings (position embeddings of another length …).
 * Shared by `sdmatch plan` and `sdmatch explain`. Ops are rendered from their fields, so an op kind
 * this version does not know still shows what it says.
 */
import { ALLOW_GUESSED_DROPS, unsettledDrops } from '../plan/unsettled.js';
import { TIED_UNKNOWN, tiedApartWords } from '../plan/tied-writes.js';
import { guessedOps, guessesClause } from '../plan/guesses.js';
import { keptMissingOnly } from '../plan/claims.js';
import { groupKeys, renderGroups } from '../analysis/group.js';
import { alphaPattern, type AdapterAlphas } from '../plan/adapter-alphas.js';
import { keptMissingRecipe, NOT_A_STATE_DICT, type PlanOutcome } from '../plan/build.js';
import type { UnshapedTargets } from '../plan/unshaped.js';
import type { Cause } from '../analysis/infer/causes.js';
import { SQUARE_CONV1D_UNNAMED } from '../analysis/infer/tensor-ops.js';
import { planSourceKind, type PlanOp } from '../plan/types.js';
import { describeReshape } from '../analysis/op-vocabulary.js';
import { mergeRepeated, renderAnswer, type Answer } from './answer.js';
import { sdmatchLine, type Word } from './command-line.js';
import { printable } from './printable.js';
import { pathText } from './key-path.js';
import { paint, type Style } from './style.js';
import { renderTable } from './table.js';
import { applyLine, downloadStep, planThenApply } from './download-step.js';
import { SELECTION_TIE } from '../plan/tied-selection.js';
import { anotherModelByNamesOnly, NAMES_ALONE_UNSHAPED } from '../plan/names-alone.js';
import { splitKey } from '../analysis/key-tokens.js';
import { formatKeyPath } from '../analysis/select.js';
import { namesNoFile } from '../plan/plan-paths.js';
import { datasetHeadExitLine, datasetHeadText } from './dataset-head.js';
import { keyExamples as examples, plural } from '../analysis/prose.js';

export interface RenderPlanOptions {
  /** every key of every list instead of at most `maxLines` lines per list */
  all?: boolean;
  /** lines per list (default 20) */
  maxLines?: number;
}

const INDENT = '  ';
const q = (s: string) => `'${s}'`;

/** The layout several transposes undo: theirs when they agree, else each kind once. */
function layoutHow(all: readonly Cause[]): string {
  const hows = [...new Set(all.map((c) => c.how ?? 'stored transposed'))];
  return hows.length === 1 ? hows[0]! : `stored in other layouts (${hows.join('; ')})`;
}

/**
 * What the merged transpose sentence must not say flatly (s20-verify 4): the ops among them that rest on a
 * guess (a square weight taken to follow others' layout), by their own numbering in the plan's table.
 */
function guessedTransposes(ops: readonly PlanOp[]): string {
  const guessed = guessedOps(ops);
  if (guessed.length === 0) return '';
  const which = guessed.map((g) => ops[g.index]!).map((o) => (o.op === 'transpose' ? `\`${o.key ?? o.pattern}\`` : '')).join(', ');
  return ` (${guessed.length === ops.length ? 'each of them' : `${guessed.length} of these ops, ${which},`} a guess: values unverified, see ${guessed.length === 1 ? 'its' : 'their'} evidence)`;
}

/** One sentence for several ops of one kind, where inference gave one per op. */
function aggregate(code: string, ops: readonly PlanOp[], all: readonly Cause[]): string {
  const first = all[0]!;
  const count = all.length;
  if (code === 'transpose' && all.every((c) => c.subject !== undefined)) {
    const keys = all.reduce((n, c) => n + (c.count ?? 1), 0);
    const subjects = all.map((c) => c.subject!);
    return `${keys} weights (${subjects.slice(0, 3).join(', ')}${subjects.length > 3 ? ', …' : ''}) are ${layoutHow(all)}: transpose them${guessedTransposes(ops)}`;
  }
  if (code === 'transpose') {
    const keys = ops.flatMap((o) => (o.op === 'transpose' && typeof o.key === 'string' ? [o.key] : []));
    if (keys.length === count) return `${count} weights (${examples(keys)}) are ${layoutHow(all)}: transpose them`;
  }
  if (code === 'split') {
    const keys = ops.flatMap((o) => (o.op === 'split' && o.key !== undefined ? [o.key] : []));
    if (keys.length === count) return `${count} fused tensors each hold tensors the model keeps apart (${examples(keys)}): split them`;
  }
  return `${first.message} (and ${plural(count - 1, 'more finding')} of this kind)`;
}

/**
 * The findings as lines, most important first; several ops of one kind make one line. Position
 * embedding warnings stay (they are what the user must know); nothing is dropped, only merged.
 */
export function summaryLines(causes: readonly Cause[], ops: readonly PlanOp[]): string[] {
  const count = new Map<string, number>();
  for (const c of causes) count.set(c.code, (count.get(c.code) ?? 0) + 1);
  const done = new Set<string>();
  const lines: string[] = [];
  for (const c of causes) {
    const n = count.get(c.code)!;
    if (n === 1 || c.code === 'position_embedding' || c.code === 'nested' || c.code === 'num_batches_tracked') {
      lines.push(c.message);
      continue;
    }
    if (done.has(c.code)) continue;
    done.add(c.code);
    lines.push(aggregate(c.code, ops.filter((o) => o.op === c.code), causes.filter((x) => x.code === c.code)));
  }
  return lines;
}

/** The op's fields besides its kind and its metadata, for kinds rendered generically. */
function otherFields(op: PlanOp): string {
  const skip = new Set(['op', 'confidence', 'evidence', 'reason']);
  return Object.entries(op)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
}

/** Several keys as one: their common leading and trailing dot segments around `{a,b,c}`. */
export function braced(keys: readonly string[]): string {
  if (keys.length < 2) return keys.join(', ');
  const segs = keys.map((k) => splitKey(k));
  const shortest = Math.min(...segs.map((s) => s.length));
  let head = 0;
  while (head < shortest - 1 && segs.every((s) => s[head] === segs[0]![head])) head++;
  let tail = 0;
  while (tail < shortest - head - 1 && segs.every((s) => s[s.length - 1 - tail] === segs[0]![segs[0]!.length - 1 - tail])) tail++;
  const middle = segs.map((s) => s.slice(head, s.length - tail).join('.'));
  const first = segs[0]!;
  return [...first.slice(0, head), `{${middle.join(',')}}`, ...first.slice(first.length - tail)].join('.');
}

/** An index table in one cell: its first rows, and how many more. */
function tableText(table: Readonly<Record<string, string>>): string {
  const rows = Object.entries(table);
  const shown = rows.slice(0, 4).map(([k, v]) => `${k} → ${v === '' ? '""' : v}`);
  return `${shown.join(', ')}${rows.length > shown.length ? `, … (${rows.length} rows)` : ''}`;
}

/** What an op does, in one cell. */
export function opWhat(op: PlanOp): string {
  switch (op.op) {
    case 'strip_prefix':
    case 'add_prefix':
      return q(op.prefix);
    case 'rename':
      // an empty replacement deletes what the pattern matched: say so visibly
      if (op.table !== undefined) return `${op.pattern} → by group 1: ${tableText(op.table)}`;
      return `${op.pattern} → ${op.replacement === '' ? '""' : op.replacement}`;
    case 'drop':
      return op.pattern;
    case 'transpose':
    case 'reshape': {
      const which = typeof op.key === 'string' ? op.key : typeof op.pattern === 'string' ? op.pattern : null;
      const how = op.op === 'transpose' ? (Array.isArray(op.dims) ? `dims [${op.dims.join(', ')}]` : null) : Array.isArray(op.shape) || Number.isSafeInteger(op.addTrailingOnes) || Number.isSafeInteger(op.removeTrailingOnes) ? `to ${describeReshape(op)}` : null;
      return which !== null && how !== null ? `${which} ${how}` : otherFields(op);
    }
    case 'split':
      return `${op.key ?? op.pattern} → ${braced(op.targets)} (dim ${op.dim}, sizes ${op.sizes.join('/')})`;
    case 'concat':
      return op.pattern !== undefined
        ? `${op.pattern} → ${op.target} (joined along dim ${op.dim} in the order ${op.parts.join(', ')} of group ${op.part})`
        : `${braced(op.keys)} → ${op.target} (dim ${op.dim})`;
    case 'copy':
      return `${op.key} → also ${op.target} (one tensor, two names: tied)`;
    case 'stack':
      return `${op.pattern} → ${op.target} (stacked by group ${op.index} along new dim ${op.dim})`;
    case 'rope_permute':
      return `${op.key ?? op.pattern} rows per head to the ${op.to} rotary layout (${op.kv_heads !== undefined ? `${op.kv_heads} of ${op.heads} heads` : `${op.heads} heads`})`;
    default:
      return otherFields(op);
  }
}

function opWhy(op: PlanOp): string {
  const o = op as { evidence?: unknown; reason?: unknown };
  const parts = [o.reason, o.evidence].filter((x): x is string => typeof x === 'string' && x !== '');
  return parts.join('; ');
}

function confidenceText(op: PlanOp): string {
  const c = (op as { confidence?: unknown }).confidence;
  return typeof c === 'number' ? c.toFixed(2) : '—';
}

/** The ops table, one row per op. */
export function renderOpsTable(outcome: PlanOutcome, style: Style): string[] {
  const rows = outcome.plan.ops.map((op, i) => [
    String(i + 1),
    op.op,
    printable(opWhat(op)),
    outcome.opKeys[i] === null || outcome.opKeys[i] === undefined ? '?' : String(outcome.opKeys[i]),
    confidenceText(op),
    printable(opWhy(op)),
  ]);
  return renderTable(style, ['#', 'op', 'what', 'keys', 'confidence', 'evidence / reason'], rows, ['right', 'left', 'left', 'right', 'right', 'left']).split('\n');
}

function keyLines(keys: readonly string[], opts: Required<RenderPlanOptions>): string[] {
  const groups = groupKeys(keys);
  return renderGroups(groups, { counts: true, maxLines: opts.all ? Infinity : opts.maxLines }).map(printable);
}

function section(style: Style, tone: Parameters<typeof paint>[1], title: string, body: readonly string[]): string[] {
  return ['', paint(style, tone, printable(title)), ...body.map((l) => (l ? INDENT + l : l))];
}

/**
 * From an error text alone, a plan that selects a field of the whole checkpoint (`checkpoint['state_dict']`,
 * chosen by the field's name) and moves no key: the keys inside the field are unseen, so what stays missing
 * after it is unknown (review 17 F8: "0 missing, 0 unexpected" over it read as success; a Lightning
 * checkpoint's keys mostly carry `model.`).
 */
function selectedBlind(outcome: PlanOutcome): boolean {
  return outcome.mode === 'error-only' && outcome.plan.ops.length === 0 && outcome.plan.source.select.length > 0;
}

/** "after the plan: N missing, M unexpected" with the lists, then ambiguities and warnings. */
export function renderAfterPlan(outcome: PlanOutcome, style: Style, options: RenderPlanOptions = {}): string[] {
  const opts: Required<RenderPlanOptions> = { all: false, maxLines: 20, ...options };
  const { missing, unexpected, counters, result } = outcome;
  const unknown = outcome.sideUnknown ?? [];
  const tone = missing.length + unexpected.length + unknown.length > 0 ? 'red' : 'green';
  const out = selectedBlind(outcome)
    ? ['', paint(style, 'yellow', `after the plan: not known — the error shows the checkpoint's fields, not the keys inside ${outcome.plan.source.select.map((f) => `\`${f}\``).join(' / ')}`)]
    : ['', paint(style, tone, `after the plan: ${missing.length} missing, ${unexpected.length} unexpected${unknown.length > 0 ? `, ${unknown.length} of unknown side` : ''}`)];
  if (unknown.length > 0) out.push(...section(style, 'red', `side unknown (${unknown.length}): the paste cut the heading that says whether they are missing or unexpected`, keyLines(unknown, opts)));
  if (missing.length > 0) out.push(...section(style, 'red', `missing (${missing.length}): the model expects them, nothing in the checkpoint becomes them`, keyLines(missing, opts)));
  if (unexpected.length > 0) out.push(...section(style, 'yellow', `unexpected (${unexpected.length}): checkpoint keys the plan gives no place in the model`, keyLines(unexpected, opts)));
  if (counters.length > 0) {
    out.push(...section(style, 'dim', `num_batches_tracked (${counters.length}): not in the checkpoint; BatchNorm fills them in when loading`, keyLines(counters, opts)));
  }
  if (result.sizeMismatches.length > 0) {
    const rows = result.sizeMismatches.map((m) => [printable(m.source), printable(m.target), m.sourceShape ? `[${m.sourceShape.join(', ')}]` : '?', m.targetShape ? `[${m.targetShape.join(', ')}]` : '?']);
    const [head = '', ...body] = renderTable({ color: false }, ['source', 'target', 'checkpoint', 'model'], rows).split('\n');
    out.push(...section(style, 'magenta', `shape mismatches no key transform fixes (${rows.length})`, [paint(style, 'bold', head), ...body]));
  }
  if (result.ambiguities.length > 0) {
    const lines = result.ambiguities.map((a) => `${a.keys.join(', ')} → ${a.candidates.length ? a.candidates.join(' | ') : '?'}: ${a.reason}`);
    out.push(...section(style, 'yellow', `ambiguous (${lines.length}): listed, not guessed`, lines.map(printable)));
  }
  if (result.warnings.length > 0) out.push(...section(style, 'yellow', 'warnings', mergeRepeated(result.warnings).map((w) => `- ${printable(w)}`)));
  if (outcome.adapterAlphas) out.push(...alphaLines(outcome.adapterAlphas, style, opts));
  return out;
}

/** A number as Python writes it in a config (4 → 4, 0.5 → 0.5). */
const pyNumber = (v: number) => (Number.isFinite(v) ? String(v) : v > 0 ? "float('inf')" : v < 0 ? "float('-inf')" : "float('nan')");

/**
 * The LoRA alphas' values for the adapter's config: LoraConfig(lora_alpha=the most common, alpha_pattern=
 * {module: value} where a module's differs), then each value with its modules, grouped.
 */
function alphaLines(a: AdapterAlphas, style: Style, opts: Required<RenderPlanOptions>): string[] {
  const common = a.groups[0];
  const lines: string[] = [];
  if (common) {
    const pattern = alphaPattern(a).map(([m, value]) => `${JSON.stringify(m)}: ${pyNumber(value)}`);
    const shown = opts.all ? pattern : pattern.slice(0, opts.maxLines);
    const more = pattern.length > shown.length ? `, …${pattern.length - shown.length} more (--all lists every one)` : '';
    lines.push(`LoraConfig(lora_alpha=${pyNumber(common.value)}${pattern.length ? `, alpha_pattern={${shown.join(', ')}${more}}` : ''})`);
    for (const g of a.groups) {
      const groups = renderGroups(groupKeys(g.modules), { counts: false, maxLines: opts.all ? Infinity : 3 });
      lines.push(`${pyNumber(g.value)}: ${plural(g.modules.length, 'module')}${g === common ? ' (lora_alpha)' : ' (alpha_pattern)'}: ${groups.join(', ')}`);
    }
  }
  if (a.unknown.length > 0) lines.push(`not read (not one number): ${a.unknown.slice(0, 5).join(', ')}${a.unknown.length > 5 ? ', …' : ''}`);
  const title = `LoRA alphas, read from the checkpoint (${plural(a.read, 'one-element tensor')}, nothing else): the adapter's config needs them`;
  return section(style, 'yellow', title, lines.map(printable));
}

/** The ops (or that there are none) and what stays after them. */
export function renderPlanBody(outcome: PlanOutcome, style: Style, options: RenderPlanOptions = {}): string[] {
  const ops = outcome.plan.ops;
  const out = [paint(style, 'cyan', ops.length ? `plan: ${plural(ops.length, 'op')}, applied in order` : selectedBlind(outcome) ? `plan: the state dict at ${outcome.plan.source.select.map((f) => `\`${f}\``).join(' / ')} (chosen by the field's name), no key ops` : 'plan: no ops')];
  if (ops.length) out.push(...renderOpsTable(outcome, style).map((l) => INDENT + l));
  out.push(...renderAfterPlan(outcome, style, options));
  return out;
}

/** Where the keys came from: both sides as the plan records them (an error text alone: that file). */
export function renderPlanSides(outcome: PlanOutcome, style: Style): string[] {
  const { source, target } = outcome.plan;
  const label = (s: string) => paint(style, 'bold', s.padEnd(10));
  if (outcome.mode === 'error-only') {
    const named = outcome.plan.target.keys + Object.keys(outcome.plan.mapping).length;
    const unknown = outcome.sideUnknown?.length ?? 0;
    const what = unknown > 0 && named === 0 ? `${plural(unknown, 'key')} in a list whose heading the paste cut` : `${plural(named, 'key')} (checkpoint and model sides together)`;
    return [`${label('error')}${printable(source.file)}${paint(style, 'dim', `, naming ${what}`)}`];
  }
  const where = outcome.mode === 'error-and-model' ? ', keys implied by the error' : `, state dict ${pathText(source.select)}`;
  const known = outcome.mode === 'checkpoint-and-error' ? ' (implied by the error)' : '';
  return [
    `${label('source')}${printable(source.file)}${paint(style, 'dim', printable(where))}`,
    `${label('expected')}${printable(target.file)}${paint(style, 'dim', `, ${plural(target.keys, 'key')}${known}`)}`,
  ];
}

/**
 * The one line that applies the fix: `sdmatch apply` when the source is a checkpoint (with the plan file
 * written, or the command that writes it), else `python` (the Python one-liner, when there is one).
 */
function fromCheckpoint(outcome: PlanOutcome): boolean {
  return (outcome.mode === 'keys' || outcome.mode === 'checkpoint-and-error') && planSourceKind(outcome.plan) === 'checkpoint';
}

/**
 * The two readings of the last of a list of look-alikes gone (trained-drops.ts), each as the plan command that
 * takes it, with the options that made this plan: the finding says what decides, the user runs one.
 */
function planChoices(outcome: PlanOutcome): { label: string; line: string }[] {
  const drops = outcome.trainedDrops;
  if (!drops?.shift || !outcome.fixable || !fromCheckpoint(outcome)) return [];
  const { command, local, name } = downloadStep(outcome.plan.source.file);
  const out = `fixed${name.endsWith('.safetensors') ? '.safetensors' : '.pt'}`;
  // the plan as written drops the last look-alike (a drop apply takes when told); the shift renames the later ones down
  const line = (edits: readonly string[], applyWords: readonly string[]) =>
    `${command ? `${command} && ` : ''}${planThenApply(remadePlanLine(outcome, local, [...edits, '-o', 'plan.json']), sdmatchLine(['apply', local, 'plan.json', ...applyWords, '-o', out]), false)}${stdinNote(outcome)}`;
  return [
    { label: 'either (the last look-alike gone)', line: line([], [ALLOW_GUESSED_DROPS]) },
    { label: 'or (the first look-alike removed, the later ones one place down)', line: line(drops.shift, []) },
  ];
}

export function planFixLine(outcome: PlanOutcome, written: string | null, python: string | null): string | null {
  const { plan } = outcome;
  // a plan with no ops changes nothing: no line to run (the finding says what, if anything, the load needs)
  if (!outcome.fixable || plan.ops.length === 0) return null;
  // the last of a list of look-alikes: gone at the end or shifted, two equal choices the finding gives (neither the fix: planChoices)
  if (outcome.trainedDrops?.shift) return null;
  if (!fromCheckpoint(outcome)) return python;
  // apply reads a local file: a remote source is downloaded first (download-step.ts)
  const { command, local, name } = downloadStep(plan.source.file);
  const out = `fixed${name.endsWith('.safetensors') ? '.safetensors' : '.pt'}`;
  // trained weights dropped for having no place are the user's decision: the line that takes it says so with --drop
  const accept = outcome.trainedDrops ? ['--drop', outcome.trainedDrops.accept] : [];
  if (written !== null && accept.length === 0) return applyLine(plan.source.file, written, out);
  // made again, the plan is this one: the options that shaped it are given again (the user's edits above all);
  // an incomplete plan exits 1 (even with --drop taking the trained drops, something else may stay open)
  const planCmd = remadePlanLine(outcome, local, [...accept, '-o', written ?? 'plan.json']);
  return `${command ? `${command} && ` : ''}${planThenApply(planCmd, applyLine(local, written ?? 'plan.json', out), outcome.complete)}${stdinNote(outcome)}`;
}

/** `sdmatch plan SOURCE EXPECTED` with the options that made `outcome` (report/command-line.ts), then `tail`. */
export function remadePlanLine(outcome: PlanOutcome, source: Word, tail: readonly string[]): string {
  return sdmatchLine(['plan', source, fromStdin(outcome) ? STDIN_FILE : outcome.plan.target.file, ...(outcome.remake ?? []), ...tail]);
}

/**
 * A target read from standard input (`explain CKPT -`) has no file a printed command can name, and `'<stdin>'`
 * fails as one (review 24 F11): the command names ERROR.txt, and the line ends saying what that file is.
 */
const STDIN_FILE = 'ERROR.txt';
const fromStdin = (outcome: PlanOutcome): boolean => namesNoFile(outcome.plan.target.file);

/** The end of a printed line whose plan command reads ERROR.txt for standard input: a shell comment saying what to save. */
export function stdinNote(outcome: PlanOutcome): string {
  return fromStdin(outcome) ? `  # ${STDIN_FILE}: the error text you gave on standard input, saved to a file` : '';
}

export function planAnswer(outcome: PlanOutcome, fix: string | null): Answer {
  const v = planVerdict(outcome, fix !== null);
  const choices = fix === null ? planChoices(outcome) : [];
  const leaves = fix !== null ? partialFixLeaves(outcome, v) : null;
  return { tone: v.tone, verdict: v.text, diagnosis: [...summaryLines(outcome.causes, outcome.plan.ops), ...notShownFinding(outcome)], fix, ...(leaves ? { leaves } : {}), ...(choices.length > 0 ? { choices } : {}) };
}

/**
 * A plan that would still fail a strict load (its verdict's `stillFails`): its fix line applies what it settles and is
 * never presented as the fix; these words follow it (text and HTML). Null where the verdict is not that.
 */
export function partialFixLeaves(outcome: PlanOutcome, verdict: { stillFails?: true }): string | null {
  return verdict.stillFails ? `it applies what the plan settles, and its output still fails load_state_dict(strict=True): ${leftToFail(outcome)} (the findings and lists say which)` : null;
}

/** What a strict load still refuses after the plan, counted by kind (keys kept missing on purpose aside). */
function leftToFail(outcome: PlanOutcome): string {
  const kept = new Set(outcome.keptMissing.map((k) => k.key));
  const missing = outcome.missing.filter((k) => !kept.has(k)).length;
  const shapes = new Set([...outcome.result.sizeMismatches.map((m) => m.target), ...outcome.shapesDiffer]).size;
  const open = outcome.result.ambiguities.filter((a) => !a.loadsAsStored).length;
  const parts = [
    missing > 0 ? `${plural(missing, 'key')} the model expects left missing` : '',
    outcome.unexpected.length > 0 ? `${plural(outcome.unexpected.length, 'key')} the model does not expect left in` : '',
    shapes > 0 ? `${plural(shapes, 'key')} of another shape than the model's` : '',
    open > 0 ? `${plural(open, 'pairing')} left undecided` : '',
  ].filter((x) => x !== '');
  return parts.length > 0 ? parts.join(', ') : 'keys left missing, unexpected or undecided';
}

/** The plan as the subject of a short verdict: its one prefix op in words (the fix the line says), else "the plan". */
function planInWords(ops: readonly PlanOp[]): string {
  const only = ops.length === 1 ? ops[0]! : null;
  if (only?.op === 'strip_prefix') return `stripping \`${only.prefix}\``;
  if (only?.op === 'add_prefix') return `adding \`${only.prefix}\``;
  return 'the plan';
}

/** Below the findings, for a head the error does not size: what the error leaves unknown, and how to check it. */
function notShownFinding(outcome: PlanOutcome): string[] {
  if (!outcome.notShown || !outcome.unshaped) return [];
  return [`the error gives no model shapes for ${outcome.unshaped.count === 1 ? 'one of the keys it names' : `${outcome.unshaped.count} of the keys it names`}, and ${datasetHeadText(outcome.notShown, "the checkpoint's")}; ${unshapedAdvice(outcome.unshaped)}`];
}

/** `sdmatch plan` for people: the answer (verdict, findings, the fix), then the sides, the plan and what stays wrong. */
export function renderPlan(outcome: PlanOutcome, style: Style, options: RenderPlanOptions & { written?: string | null } = {}): string {
  const written = options.written ?? null;
  const out = [...renderAnswer(style, planAnswer(outcome, planFixLine(outcome, written, null)))];
  if (written) {
    const unsettled = unsettledDrops(outcome.plan).length;
    out.push(`wrote ${printable(written)}${unsettled > 0 ? `: ${unsettled === 1 ? 'its drop is a guess' : `${unsettled} of its drops are guesses`} ${outcome.trainedDrops ? 'nothing settles (trained weights the model has no place for)' : 'the error text does not settle'}, so sdmatch apply refuses it unless ${ALLOW_GUESSED_DROPS}` : ''}`);
  }
  out.push('', ...renderPlanSides(outcome, style), '');
  out.push(...renderPlanBody(outcome, style, options));
  if (outcome.uncertain.length > 0) out.push(...section(style, 'cyan', 'uncertain', mergeRepeated(outcome.uncertain).map((u) => `- ${printable(u)}`)));
  out.push(...notShownLast(outcome, style));
  return `${out.join('\n')}\n`;
}

/**
 * The last line of plan's and explain's report when they exit 1 for a head the error does not size (notShown):
 * apply's last line on the output of the same plan, so a CI log reads the same whichever command ran.
 */
export function notShownLast(outcome: PlanOutcome, style: Style): string[] {
  if (!outcome.notShown) return [];
  return ['', paint(style, 'yellow', printable(datasetHeadExitLine('the state dict after the plan', `the model behind ${outcome.plan.target.file}`, outcome.notShown)))];
}

/**
 * What to do when the model's shapes are unknown: the checkpoint's head, when it is one, is where another
 * size bites (a head of another class count: drop it, the model keeps its own, issue 10); else compare.
 * Nothing here says the model's count differs, so the line keeps the model's own head only for keys of another
 * shape: followed as printed by someone whose model has the checkpoint's count, it keeps the trained head.
 */
function unshapedAdvice(u: UnshapedTargets): string {
  const check = 'sdmatch diff CHECKPOINT MODEL compares every shape';
  if (!u.head) return check;
  const { module, keys, shape, known, vocabulary, checkpointKey } = u.head;
  // the checkpoint's tensor by its own name, and the model's where the plan renames it (review 25 F13g: the model's was said as the checkpoint's)
  const own = `${module}.weight` === checkpointKey ? `\`${module}\`` : `\`${checkpointKey}\` (the model's \`${module}\`)`;
  // an LM's output layer: its rows are the tokenizer's, which no new head of another count replaces
  if (vocabulary) return `the checkpoint's ${own} is [${shape.join(', ')}], an output over a vocabulary of ${shape[0]} tokens (not a head of classes), and the error does not say your model's: compare \`model.state_dict()['${keys[0]}'].shape\`; a model built for another vocabulary size needs the checkpoint's tokenizer and vocabulary size, not a re-trained head; ${check}`;
  const count = `${shape[0]} classes${known ? ` (${known})` : ''}`;
  const list = keys.map((k) => `'${k}'`).join(', ');
  return `the checkpoint's ${own} is [${shape.join(', ')}], a head of ${count}, and the error does not say your model's: compare \`model.state_dict()['${keys[0]}'].shape\`; where it differs the head cannot load: after the fix keep the model's own (new, untrained) head for the keys of another shape, \`own = model.state_dict(); state_dict.update({k: own[k] for k in [${list}] if own[k].shape != state_dict[k].shape})\`, and re-train it (a model of the same count keeps the trained head); ${check}`;
}

/** Where a user checks the ops that rest on a guess. */
const LOOK_AT_GUESSES = "their evidence says what each rests on; compare a few of their tensors with a trusted conversion's before trusting the values";

/** The plan's verdict as words and a tone (the first line of the text report and of the HTML page). */
/**
 * The verdict line. `fixShown`: whether the answer under it shows a fix (a checkpoint source's command line, or
 * the Python fix; by default it does): a trained-drop verdict points at it only then.
 */
export function planVerdict(outcome: PlanOutcome, fixShown = true): { tone: 'green' | 'red' | 'yellow'; text: string; stillFails?: true } {
  // from an error text the keys it does not name and every shape are unknown: say what is known, and how to confirm
  // a transposed square weight loads without an error: the text cannot show it, and a strict load would not either;
  // the plan is then not complete (review 17 F1), whatever else it settles
  if (outcome.mode === 'error-only' && outcome.result.warnings.includes(SQUARE_CONV1D_UNNAMED) && outcome.fixable && !outcome.truncated && outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.ambiguities.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0) {
    return { tone: 'yellow', text: 'the plan accounts for every key the error names, but a square weight stored transposed (Conv1D) never shows in an error and would load with wrong values: give the checkpoint too (sdmatch explain CHECKPOINT ERROR.txt), which checks them' };
  }
  if (outcome.complete && outcome.mode === 'error-only') {
    return { tone: 'green', text: 'the plan accounts for every key the error names; to confirm that a strict load then works, give the checkpoint too: sdmatch explain CHECKPOINT ERROR.txt' };
  }
  // a model's tie written from two tensors (review 23 F3): loads, and one tensor's trained values are gone; said first
  const apart = outcome.plan.tiedApart ?? [];
  if (apart.length > 0 && outcome.fixable && outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0) {
    return { tone: 'red', text: `after the plan, load_state_dict(strict=True) loads, but trained weights are lost: ${tiedApartWords(apart)}` };
  }
  // the same tie from a checkpoint that cannot show whether its two names are one tensor (review 25 F7): not "succeeds"
  const unknownTie = outcome.causes.find((c) => c.code === TIED_UNKNOWN);
  if (unknownTie && outcome.fixable && outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0) {
    return { tone: 'yellow', text: `after the plan, load_state_dict(strict=True) loads, but whether trained weights are lost is not shown: ${unknownTie.message}` };
  }
  // two state dicts fit equally and order chose (review 17 F5, 24 F2): the values loaded are the user's choice, said first
  const rivals = outcome.plan.source.rivals ?? [];
  if (rivals.length > 0 && outcome.causes[0]?.code === SELECTION_TIE && outcome.fixable && outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.ambiguities.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0 && !outcome.trainedDrops) {
    return { tone: 'yellow', text: `after the plan, load_state_dict(strict=True) succeeds with \`${formatKeyPath(outcome.plan.source.select)}\`, which the file's order chose; ${rivals.map((p) => `\`${formatKeyPath(p)}\``).join(', ')} ${rivals.length === 1 ? 'fits' : 'fit'} as well, and which trained values you mean is undecided: choose with --select (see the first finding)` };
  }
  // a strict load checks names and shapes: ops resting on a guess load without an error whatever their values
  const guessed = outcome.complete || outcome.notShown || outcome.result.ambiguities.some((a) => a.loadsAsStored) ? guessesClause(guessedOps(outcome.plan.ops), outcome.plan.ops.length) : null;
  if (outcome.notShown && outcome.unshaped) {
    // apply exits 1 on the output of this plan, saying the same (report/dataset-head.ts)
    // one short line (review24 F13: ~900 characters led the commonest case); the head's account is a finding (notShownFinding)
    const text = `not shown to load with strict=True: ${planInWords(outcome.plan.ops)} accounts for every key the error names, but the checkpoint's head \`${outcome.notShown.module}\` has ${outcome.notShown.classes} outputs, ${outcome.notShown.dataset}'s classes, and the error does not give the model's class count`;
    return { tone: 'yellow', text: guessed === null ? text : `${text}; and ${guessed}: ${LOOK_AT_GUESSES}` };
  }
  if (outcome.complete && outcome.unshaped) {
    // the error lists the model's keys by name: their shapes, and so a strict load, are not known
    const text = `the plan accounts for every key the error names, but the error gives no model shapes for ${outcome.unshaped.count === 1 ? 'one of them' : `${outcome.unshaped.count} of them`}: a strict load may still refuse one of another size; ${unshapedAdvice(outcome.unshaped)}`;
    return { tone: 'yellow', text: guessed === null ? text : `${text}; and ${guessed}: ${LOOK_AT_GUESSES}` };
  }
  if (outcome.complete && outcome.mode !== 'keys') {
    const text = 'the plan accounts for every key the error names and every shape the checkpoint gives; sdmatch apply writes the checkpoint and checks it against this model';
    return guessed === null ? { tone: 'green', text } : { tone: 'yellow', text: `${text} (keys and shapes); ${guessed}: ${LOOK_AT_GUESSES}` };
  }
  if (outcome.complete && guessed !== null) return { tone: 'yellow', text: `keys and shapes check: after the plan, load_state_dict(strict=True) succeeds; but ${guessed}: ${LOOK_AT_GUESSES}` };
  // two state dicts fit equally and order chose (review 17 F5): the values loaded are a choice, said first
  if (outcome.complete && outcome.causes[0]?.code === SELECTION_TIE) return { tone: 'yellow', text: 'after the plan, load_state_dict(strict=True) succeeds with the state dict selected by order; another in the file fits as well: see the first finding' };
  // the keys match, the file is no state dict (a whole module, TorchScript, npz): "succeeds" would be false of it (review 22 F3)
  if (outcome.complete && outcome.causes.some((c) => c.code === NOT_A_STATE_DICT)) {
    return { tone: 'yellow', text: 'the keys need no change, but the file is not a state dict: as it is, load_state_dict(strict=True) cannot take it; pass its state dict (see the finding)' };
  }
  if (outcome.complete) return { tone: 'green', text: 'the plan explains every difference: after it, load_state_dict(strict=True) succeeds' };
  if (outcome.trainedDrops && outcome.fixable && outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.ambiguities.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0) {
    const n = outcome.trainedDrops.keys.length;
    return { tone: 'yellow', text: `after the plan, load_state_dict(strict=True) succeeds only because it drops ${n === 1 ? 'a trained weight' : `${n} trained weights`} the model has no place for: a decision, not a fix (unused module, or a layer the model's code lacks?): see the first finding${fixShown ? '; the fix line below is the command if they should go' : ''}` };
  }
  if (keptMissingOnly(outcome)) {
    const recipe = keptMissingRecipe(outcome.keptMissing.map((k) => k.key)).replace(/^after the plan, /, '');
    // a cut text shows some of the keys to keep: the ones past the cut (the same head's others) are not in the list
    if (outcome.truncated) return { tone: 'yellow', text: `the error text was cut short: the plan covers only the keys it shows, so keys past the cut (more of the same ${outcome.keptMissing.length === 1 ? 'module' : 'modules'}, likely) may still fail a strict load; give the whole error text, or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt); for the ${plural(outcome.keptMissing.length, 'key')} shown kept missing on purpose: ${recipe}` };
    return { tone: 'yellow', text: `after the plan, only the ${outcome.keptMissing.length === 1 ? 'key' : 'keys'} kept missing on purpose stay missing: ${recipe}` };
  }
  if (outcome.fixable && outcome.plan.source.select.length > 0 && outcome.plan.ops.length === 0 && outcome.mode === 'error-only') {
    // the field is chosen by its name: the text shows neither what it holds nor how deep the weights sit
    return { tone: 'yellow', text: `the whole checkpoint was passed to load_state_dict: its weights are probably at ${outcome.plan.source.select.join('/')} (by the field's name; they may sit deeper, and their keys are not known from the error): sdmatch inspect CHECKPOINT or sdmatch explain CHECKPOINT ERROR.txt finds the state dict and checks its keys` };
  }
  if (outcome.causes[0]?.code === 'not_this_checkpoint') return { tone: 'red', text: 'the error text does not come from this checkpoint as it is: see the first finding' };
  if (!outcome.fixable && outcome.causes.some((c) => c.undecided)) {
    return { tone: 'red', text: 'no key transform the text alone can justify: see the findings, which say what decides' };
  }
  // a cut text may have lost exactly what would settle it (the checkpoint's side of the lists): never "no transform"
  if (!outcome.fixable && outcome.truncated) return { tone: 'red', text: `the error text was cut short, and what it shows settles no fix: give the whole error text${outcome.mode === 'error-only' ? ', or the checkpoint too (sdmatch explain CHECKPOINT ERROR.txt)' : ''}; see the findings` };
  // from an error text, names that pair nothing show no transform, which is not "none exists" (review 17 F3)
  if (!outcome.fixable && (outcome.mode === 'error-only' || outcome.mode === 'checkpoint-and-error') && (anotherModelByNamesOnly(outcome.causes) || outcome.causes.some((c) => c.code === NAMES_ALONE_UNSHAPED))) {
    return { tone: 'red', text: 'no key transform the names in the error show: see the findings; the model\'s full key list may show one (sdmatch plan CHECKPOINT MODEL)' };
  }
  if (!outcome.fixable) return { tone: 'red', text: 'no key transform makes this checkpoint load: see the findings' };
  // everything the text shows is settled and it is not complete: only the cut can be why
  const settled = outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.ambiguities.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0;
  if (settled && outcome.mode === 'error-only') {
    return { tone: 'yellow', text: 'the plan accounts for every key the text shows, but the text was cut short: keys it lost are not covered; give the whole error text, or the checkpoint (sdmatch explain CHECKPOINT ERROR.txt)' };
  }
  // with the checkpoint too, its other keys are taken to load as they are: the cut part is still unknown,
  // and "strict would still fail" would contradict the counts the report prints (0 missing, 0 unexpected)
  if (settled) {
    return { tone: 'yellow', text: 'the plan accounts for every key the text shows, but the text was cut short: whether the keys it lost load is unknown; to confirm, give the whole error text, or compare the key sets (sdmatch diff CHECKPOINT MODEL)' };
  }
  // what is open is only which layout some kernels are stored in: they load as stored, so a strict load
  // passes — whether their values are right is what nothing decided (never "would still fail")
  const ambiguous = outcome.result.ambiguities;
  // weights, not kernels: a Linear's as much as a conv's (review 23 F8)
  const asStored = ambiguous.filter((a) => a.loadsAsStored).length;
  if (asStored > 0 && asStored === ambiguous.length && outcome.missing.length === 0 && outcome.unexpected.length === 0 && outcome.result.sizeMismatches.length === 0 && outcome.shapesDiffer.length === 0) {
    const one = asStored === 1;
    return { tone: 'yellow', text: `after the plan, load_state_dict(strict=True) loads, but ${one ? "one weight's layout is" : `${asStored} weights' layouts are`} undecided: ${one ? 'it loads' : 'they load'} as stored, which may be transposed (wrong values, no error); see the ambiguous list${guessed === null ? '' : `; and ${guessed}`}` };
  }
  return { tone: 'yellow', text: 'the plan leaves keys missing, unexpected or ambiguous: load_state_dict(strict=True) would still fail', stillFails: true };
}
