import { GUESS_LINE, guessedMigrations, type AddedKey, type DTypeChange, type RemovedKey, type RenamedKey, type TieAdded } from '../analysis/check.js';
import type { CheckPolicy, Severity, Verdict } from '../analysis/check-policy.js';
import { groupKeys, groupRenames } from '../analysis/group.js';
import { renderAnswer } from './answer.js';
import { sdmatchLine } from './command-line.js';
import type { CheckReport, CheckSide } from './check-json.js';
import { safetyPageLines } from './danger.js';
import { printable } from './printable.js';
import { paint, type Style, type Tone } from './style.js';
import { formatShape, renderTable } from './table.js';
import { plural } from '../analysis/prose.js';

/**
 * `sdmatch check` for people: the verdict and whether the policy passes on the first line, the
 * reasons in plain words and the fix, then the sides and one table per kind of change (renames grouped
 * by the template that produced them). Keys come from files, so they are
 * printed through `printable`; colour marks the verdict and headings only.
 */

export interface RenderCheckOptions {
  /** every row of every table instead of at most `maxRows` */
  all?: boolean;
  maxRows?: number;
  /** the options that shaped the verdict and its plan, for the check the fix line runs again (report/command-line.ts) */
  remake?: readonly string[];
}

const DEFAULT_MAX_ROWS = 40;
export const VERDICT_TONE: Record<Verdict, Tone> = { compatible: 'green', migratable: 'yellow', breaking: 'red' };

/** `fail on breaking`, `fail on any change` — the policy's threshold in words. */
export function failOnWords(p: CheckPolicy): string {
  return p.failOn === 'any' ? 'fails on any change not allowed' : p.failOn === 'migratable' ? 'fails on migratable or breaking' : 'fails on breaking';
}

/** What each verdict means for old checkpoints. */
export const VERDICT_MEANING: Record<Verdict, string> = {
  compatible: 'old checkpoints load as they are',
  migratable: 'old checkpoints load after the plan',
  breaking: 'old checkpoints cannot fully load into the new model',
};

/** What old checkpoints really do when changes the policy allows or ignores make the verdict's meaning untrue. */
const TOLERATED_MEANING: Record<Verdict, string> = {
  compatible: 'old checkpoints do NOT load as they are',
  migratable: 'old checkpoints do NOT load even after the plan',
  breaking: VERDICT_MEANING.breaking,
};

function someKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).join(', ');
  return keys.length > 3 ? `${keys.length} changes (${shown}, …)` : shown;
}

/**
 * The verdict and what it means for old checkpoints, as every format heads its report. The verdict is
 * the policy's; when changes it allows or ignores keep old checkpoints from loading as the verdict
 * says, the verdict reads `compatible by the policy` and the meaning says what torch will do instead.
 */
export function verdictWords(r: CheckReport): { verdict: string; meaning: string; tone: Tone } {
  const { verdict, tolerated } = r.result;
  // migratable only because a lower --min-confidence lets guesses through: the values are unverified (review 17 F2)
  const guessed = verdict === 'migratable' ? guessedMigrations(r.result.changes).filter((g) => g.severity === 'migratable').length : 0;
  if (tolerated.length === 0 && guessed > 0) return { verdict: 'migratable, values unverified', meaning: `${VERDICT_MEANING[verdict]}, but ${guessed === 1 ? 'one migration rests' : `${guessed} migrations rest`} on a guess (confidence below ${GUESS_LINE.toFixed(2)})`, tone: 'yellow' };
  // breaking although every old weight loads: the policy, not torch, makes it so (review 18 F7)
  if (tolerated.length === 0 && verdict === 'breaking' && r.result.loads !== 'no') return { verdict: 'breaking by the policy', meaning: byPolicyMeaning(r), tone: VERDICT_TONE[verdict] };
  if (tolerated.length === 0) return { verdict, meaning: VERDICT_MEANING[verdict], tone: VERDICT_TONE[verdict] };
  const allowed = tolerated.filter((t) => t.by === 'allow').map((t) => t.key);
  const ignored = tolerated.filter((t) => t.by === 'ignore').map((t) => t.key);
  const why = [...(allowed.length ? [`the policy allows ${someKeys(allowed)}`] : []), ...(ignored.length ? [`the policy ignores ${someKeys(ignored)}`] : [])].join(' and ');
  const after = verdict === 'compatible' && r.result.loads === 'after-plan' ? ', only after the plan' : '';
  return { verdict: `${verdict} by the policy`, meaning: `${TOLERATED_MEANING[verdict]}${after} (${why})`, tone: 'yellow' };
}

/** The migrations the policy's minimum confidence counts as breaking: they load after the plan, were they trusted. */
export function belowMinimum(r: CheckReport): { key: string; confidence: number }[] {
  const c = r.result.changes;
  return [
    ...c.renamed.filter((x) => x.severity === 'breaking').map((x) => ({ key: x.from[0]!, confidence: x.confidence })),
    ...c.shapeChanged.filter((x) => x.severity === 'breaking' && x.fix !== null && x.confidence !== null).map((x) => ({ key: x.key, confidence: x.confidence! })),
  ].filter((x) => x.confidence < r.result.policy.minConfidence);
}

/** What a verdict the policy alone makes breaking means: what it counts, and that old checkpoints do load. */
function byPolicyMeaning(r: CheckReport): string {
  const below = belowMinimum(r);
  const min = r.result.policy.minConfidence;
  const loads = r.result.loads === 'as-is' ? 'old checkpoints do load as they are' : 'old checkpoints do load after the plan';
  if (below.length === 0) return `the policy counts changes as breaking that keep no weight from loading; ${loads}`;
  const what = below.every((x) => x.confidence < GUESS_LINE) ? `${below.length === 1 ? 'is a guess' : 'are guesses'} below` : `${below.length === 1 ? 'is' : 'are'} less sure than`;
  return `${plural(below.length, 'migration')} ${what} --min-confidence ${min}; ${loads}`;
}

/** The one-line verdict every format starts with. */
export function summaryLine(r: CheckReport): string {
  const w = verdictWords(r);
  return `${w.verdict} — ${w.meaning}; the policy ${r.result.passed ? 'passes' : 'FAILS'} (${failOnWords(r.result.policy)})`;
}

/** Why an added key counts as it does: only a BatchNorm counter the baseline lets torch fill in is compatible. */
export function addedWhy(s: Severity): string {
  return s === 'allowed' ? 'allow added' : s === 'compatible' ? 'BatchNorm fills it in when loading' : 'no source in old checkpoints';
}

/** Why a dtype change counts as it does: the cast table's reason (src/analysis/check-casts.ts). */
export function dtypeWhy(d: DTypeChange): string {
  return d.severity === 'allowed' ? `allow dtype; ${d.reason}` : d.reason;
}

/** Why a tie added counts as it does: the other tensors' trained values are lost on load. */
export function tieWhy(t: TieAdded): string {
  return `${t.keys.slice(0, -1).join(', ')}'s trained values lost${t.shown ? '' : ' if the baseline held them apart'}`;
}

/** How a change counts, in a table cell. */
export function countsAs(s: Severity, why?: string): string {
  return why ? `${s} (${why})` : s;
}

export function policyLine(r: CheckReport): string {
  const p = r.result.policy;
  const parts = [
    failOnWords(p),
    p.allow.length ? `allow ${p.allow.join(', ')}` : 'allow nothing',
    p.ignore.length ? `ignore ${p.ignore.map((x) => `/${x}/`).join(' ')}` : 'ignore nothing',
    `minimum confidence ${p.minConfidence}`,
  ];
  return `policy: ${parts.join('; ')}${r.policyFile ? ` (file: ${r.policyFile}; flags override it)` : ''}`;
}

function sideLine(style: Style, label: string, s: CheckSide): string {
  const where = s.selected ? `, state dict ${s.selected.length ? s.selected.join('/') : '(root)'}` : '';
  return `${paint(style, 'bold', label.padEnd(9))}${printable(s.file)}  ${paint(style, 'dim', `(${s.kind}${where}, ${plural(s.keys, 'key')})`)}`;
}

function table(style: Style, head: string[], rows: string[][], opts: Required<RenderCheckOptions>): string[] {
  const max = opts.all ? Infinity : opts.maxRows;
  const cut = rows.length > max ? rows.slice(0, Math.max(0, max - 1)) : rows;
  const lines = renderTable(style, head, cut.map((row) => row.map(printable))).split('\n');
  if (cut.length < rows.length) lines.push(`… and ${rows.length - cut.length} more rows (--all lists every one)`);
  return lines.map((l) => `  ${l}`);
}

/** Why a migration counts as it does: below the minimum, or (allowed by a lower minimum) below the guess line. */
export function belowWhy(s: Severity, min: number, confidence: number | null = null): string | undefined {
  const guess = confidence !== null && confidence < GUESS_LINE;
  if (s === 'breaking') return `confidence below ${min}${guess ? ': a guess' : ''}`;
  return guess ? `a guess: confidence below ${GUESS_LINE.toFixed(2)}, values unverified` : undefined;
}

/** Added and removed keys, grouped by pattern: a new layer of 40 tensors is one row, not 40. */
export function groupedRows(list: readonly (AddedKey | RemovedKey)[], why: (s: Severity) => string | undefined): string[][] {
  // keys are grouped only with keys that count alike: a row's verdict is every key's (review 18 F9: BatchNorm
  // counters torch fills in were shown `breaking` beside the running stats they were grouped with)
  const bySeverity = new Map<Severity, (AddedKey | RemovedKey)[]>();
  list.forEach((x) => (bySeverity.get(x.severity) ?? bySeverity.set(x.severity, []).get(x.severity)!).push(x));
  const at = new Map(list.map((x, i) => [x.key, i]));
  const rows: { first: number; row: string[] }[] = [];
  for (const [severity, members] of bySeverity) {
    const byKey = new Map(members.map((x) => [x.key, x]));
    for (const g of groupKeys(members.map((x) => x.key))) {
      const first = byKey.get(g.keys[0]!)!;
      const shape = g.keys.length === 1 ? formatShape(first.shape) : `${g.keys.length} keys`;
      rows.push({ first: g.keys.reduce((m, k) => Math.min(m, at.get(k)!), Infinity), row: [g.pattern, shape, countsAs(severity, why(severity))] });
    }
  }
  return rows.sort((a, b) => a.first - b.first).map((r) => r.row);
}

/**
 * Renamed keys, grouped by the template that produced them (`blocks.{0..11}.attn.q → layers.{0..11}.q_proj`,
 * one row) among renames that read alike in the table (one-to-one, same confidence and verdict); splits and
 * concats stay a row each.
 */
export interface RenamedRow {
  /** the key, or a pattern standing for `count` keys; several keys for a split or concat */
  from: string[];
  to: string[];
  count: number;
  confidence: string;
  countsAs: string;
}

export function renamedRows(list: readonly RenamedKey[], min: number): RenamedRow[] {
  const cells = (x: RenamedKey) => ({
    confidence: `${x.confidence.toFixed(2)}${x.how === 'rename' ? '' : ` ${x.how}`}${x.reshaped ? ' reshaped' : ''}`,
    countsAs: countsAs(x.severity, belowWhy(x.severity, min, x.confidence)),
  });
  const rows: { first: number; row: RenamedRow }[] = [];
  const alike = new Map<string, { from: string; to: string; x: RenamedKey; at: number }[]>();
  list.forEach((x, at) => {
    if (x.how !== 'rename' || x.from.length !== 1 || x.to.length !== 1) {
      rows.push({ first: at, row: { from: x.from, to: x.to, count: x.from.length, ...cells(x) } });
      return;
    }
    const c = cells(x);
    const sig = `${c.confidence}\u0000${c.countsAs}`;
    const bucket = alike.get(sig) ?? alike.set(sig, []).get(sig)!;
    bucket.push({ from: x.from[0]!, to: x.to[0]!, x, at });
  });
  for (const bucket of alike.values()) {
    for (const g of groupRenames(bucket)) rows.push({ first: g.renames[0]!.at, row: { from: [g.from], to: [g.to], count: g.renames.length, ...cells(g.renames[0]!.x) } });
  }
  return rows.sort((a, b) => a.first - b.first).map((r) => r.row);
}

/** The one line that fixes a migratable change: apply the plan (written with --plan-out) to each old checkpoint. */
function checkFix(r: CheckReport, remake: readonly string[]): string | null {
  if (r.result.verdict !== 'migratable') return null;
  return r.planFile !== null
    ? `${sdmatchLine(['apply', 'OLD_CHECKPOINT', r.planFile, '-o', 'NEW_CHECKPOINT'])}, for each checkpoint made before the change`
    : `${sdmatchLine(['check', r.baseline.file, r.current.file, ...remake, '--plan-out', 'migrate.json'])} writes the plan; ${sdmatchLine(['apply', 'OLD_CHECKPOINT', 'migrate.json', '-o', 'NEW_CHECKPOINT'])} applies it`;
}

/**
 * What every format says when --plan-out asked for a plan that a breaking change does not get (analysis/check.ts
 * migrationOps): nothing written, and why; null when a plan was written or none was asked for.
 */
export function planDeclinedLine(r: CheckReport): string | null {
  if (r.planDeclined === undefined) return null;
  return `no plan written to ${r.planDeclined}: the change is breaking, and no plan makes old checkpoints load into the new model (${sdmatchLine(['plan', 'OLD_CHECKPOINT', r.current.file])} shows what one checkpoint can keep)`;
}

export function renderCheck(r: CheckReport, style: Style, options: RenderCheckOptions = {}): string {
  const opts: Required<RenderCheckOptions> = { all: false, maxRows: DEFAULT_MAX_ROWS, remake: [], ...options };
  const { result } = r;
  const c = result.changes;
  const min = result.policy.minConfidence;
  // the answer first: the verdict, the reasons, the fix; then the sides and one table per kind of change
  // a checkpoint whose loading runs code leads, as on the HTML page: stdout alone (a CI log, a pasted report) must say it too (s17-verify F15)
  const out: string[] = renderAnswer(style, { tone: verdictWords(r).tone, verdict: `sdmatch check: ${summaryLine(r)}`, diagnosis: [...safetyPageLines(r.checkpointSafety ?? []), ...result.reasons.map((x) => x.message)], fix: checkFix(r, opts.remake) });
  out.push('', sideLine(style, 'baseline', r.baseline), sideLine(style, 'current', r.current));
  const section = (title: string, tone: Tone, lines: string[]) => out.push('', paint(style, tone, title), ...lines);

  if (c.shapeChanged.length) {
    const rows = c.shapeChanged.map((s) => [s.from === s.key ? s.key : `${s.from} → ${s.key}`, formatShape(s.baseline), formatShape(s.current), s.fix ? `${s.reason}; fixed by a ${s.fix}` : s.reason, countsAs(s.severity, s.fix ? belowWhy(s.severity, min, s.confidence) : undefined)]);
    section(`shape changes (${c.shapeChanged.length})`, 'magenta', table(style, ['key', 'baseline', 'current', 'reason', 'counts as'], rows, opts));
  }
  if (c.removed.length) {
    const allowedWhy = () => undefined;
    section(`removed (${c.removed.length}): in the baseline, not in the current model`, 'red', table(style, ['key', 'shape', 'counts as'], groupedRows(c.removed, allowedWhy), opts));
  }
  if (c.added.length) {
    section(`added (${c.added.length}): in the current model, not in the baseline`, 'yellow', table(style, ['key', 'shape', 'counts as'], groupedRows(c.added, addedWhy), opts));
  }
  if (c.renamed.length) {
    const rows = renamedRows(c.renamed, min).map((x) => [`${x.from.join(', ')}${x.from.length === 1 && x.count > 1 ? `  (${x.count} keys)` : ''}`, x.to.join(', '), x.confidence, x.countsAs]);
    section(`renamed (${result.counts.renamed} keys)`, 'cyan', table(style, ['from', 'to', 'confidence', 'counts as'], rows, opts));
  }
  if (c.dtypeChanged.length) {
    const rows = c.dtypeChanged.map((d) => [d.from === d.key ? d.key : `${d.from} → ${d.key}`, d.baseline, d.current, countsAs(d.severity, dtypeWhy(d))]);
    section(`dtype changes (${c.dtypeChanged.length})`, 'magenta', table(style, ['key', 'baseline', 'current', 'counts as'], rows, opts));
  }
  if (c.tiesAdded.length) {
    const rows = c.tiesAdded.map((t) => [t.keys.join(' = '), t.from.join(', '), t.keys[t.keys.length - 1]!, countsAs(t.severity, tieWhy(t))]);
    section(`ties added (${c.tiesAdded.length}): one tensor in the current model, separate tensors in old checkpoints`, 'red', table(style, ['tied keys', 'baseline keys', 'old checkpoints keep', 'counts as'], rows, opts));
  }
  if (c.unwritable.length) {
    const rows = c.unwritable.map((u) => [u.key, u.to, u.why, countsAs(u.severity, 'apply refuses it')]);
    section(`not writable (${c.unwritable.length}): tensors sdmatch cannot write as one tensor`, 'red', table(style, ['baseline key', 'current key', 'why', 'counts as'], rows, opts));
  }
  const amb = result.inference.ambiguities;
  if (amb.length) {
    const lines = amb.slice(0, opts.all ? amb.length : 10).map((a) => `  ${printable(`${a.keys.join(', ')} → ${a.candidates.join(' | ')}: ${a.reason}`)}`);
    if (!opts.all && amb.length > 10) lines.push(`  … and ${amb.length - 10} more`);
    section(`undecided (${amb.length}): inference saw more than one answer and chose none`, 'yellow', lines);
  }
  out.push('', `unchanged ${result.counts.unchanged} · ignored ${result.counts.ignored}${result.counts.ignored ? ` (${printable(result.ignored.slice(0, 3).join(', '))}${result.ignored.length > 3 ? ', …' : ''})` : ''}`);
  out.push(printable(policyLine(r)));
  if (r.planFile) out.push(printable(`plan: wrote ${r.planFile} (${plural(result.inference.ops.length, 'op')})`));
  const declined = planDeclinedLine(r);
  if (declined !== null) out.push(printable(declined));
  if (r.updated) out.push(printable(`${r.updated.created ? 'created' : 'updated'} ${r.updated.file} from ${r.current.file} (${plural(r.updated.keys, 'key')})`));
  return `${out.join('\n')}\n`;
}
