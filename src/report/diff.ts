import { groupKeys, renderGroups } from '../analysis/group.js';
import { renderAnswer, type Answer } from './answer.js';
import { sdmatchLine } from './command-line.js';
import { isIndexSegment, splitKey } from '../analysis/key-tokens.js';
import { formatKeyPath } from '../analysis/select.js';
import { hasDifferences, type DiffReport, type SelectionSummary, type SideDescription } from '../analysis/diff-model.js';
import { paint, type Style, type Tone } from './style.js';
import { formatShape, renderTable } from './table.js';
import { printable } from './printable.js';
import { applyLine, downloadStep, planThenApply } from './download-step.js';
import { diffDiagnosisMessage } from './diff-diagnosis.js';
import { castOnLoad } from '../analysis/dtype-cast.js';
import { plural } from '../analysis/prose.js';

export { printable };

/**
 * `sdmatch diff` for people: both sides and how the compared state dict was chosen, the counts, the
 * differing keys grouped by module with numeric runs collapsed, shape and dtype tables, then what the
 * diff shows in plain words. Colour marks headings only, so keys copy-paste cleanly.
 */

export interface RenderDiffOptions {
  /** every line of every list, instead of at most `maxLines` per list */
  all?: boolean;
  /** collapse numeric runs and sibling keys into patterns (default true) */
  group?: boolean;
  /** lines per list without `all` (default 40) */
  maxLines?: number;
  /** the options that chose the state dicts compared, for the plan the fix line makes (report/command-line.ts) */
  remake?: readonly string[];
}

export const DEFAULT_MAX_LINES = 40;

const INDENT = '  ';

function moreLine(n: number): string {
  return `… and ${plural(n, 'more key')} (--all lists every one)`;
}

/** At most `max` lines of plain keys; the last line counts the rest. */
function plainLines(keys: readonly string[], max: number): string[] {
  if (keys.length <= max) return [...keys];
  const shown = keys.slice(0, Math.max(0, max - 1));
  return [...shown, moreLine(keys.length - shown.length)];
}

/** How many keys a capped list groups: a first slice, then at most the budget (tens of milliseconds). */
const FIRST_SLICE = 2048;
const GROUP_BUDGET = 8192;

/** A key up to its first index segment (`layers.3.`), or the whole key when it has none. */
function outerItem(key: string): string {
  const segs = splitKey(key);
  const i = segs.findIndex(isIndexSegment);
  return i < 0 ? key : segs.slice(0, i + 1).join('.');
}

/**
 * Move a slice's end back to where the outermost indexed item changes (between `layers.818.*` and
 * `layers.819.*`), so the slice does not end half-way through a block and print it as a ragged
 * pattern. Looks back at most half the slice; a list with no such boundary is cut where it is.
 */
function cutAtBoundary(keys: readonly string[], end: number): number {
  if (end >= keys.length) return end;
  const after = outerItem(keys[end]!);
  for (let i = end; i > end / 2; i--) if (outerItem(keys[i - 1]!) !== after) return i;
  return end;
}

/**
 * At most `max` lines of grouped keys. Grouping all of 100,000 keys costs more than the rest of a
 * diff together, so a capped list groups only a leading slice: 2,048 keys, then up to 8,192 when
 * those fill too few lines. Keys past the slice are counted, never grouped. A pattern from a slice
 * still stands for exactly the keys it lists (groups are exact cross products), and the last line
 * accounts for every key left out. `--all` groups everything, as asked.
 */
function groupedLines(keys: readonly string[], max: number): string[] {
  if (!Number.isFinite(max)) return renderGroups(groupKeys(keys), { counts: true });
  let take = Math.min(keys.length, FIRST_SLICE);
  for (;;) {
    const complete = take === keys.length;
    const groups = groupKeys(complete ? keys : keys.slice(0, cutAtBoundary(keys, take)));
    if (complete && groups.length <= max) return renderGroups(groups, { counts: true });
    if (complete || groups.length >= max || take >= GROUP_BUDGET) {
      const shown = groups.slice(0, Math.max(0, max - 1));
      const listed = shown.reduce((n, g) => n + g.keys.length, 0);
      // groupKeys drops repeated keys (a state dict has none); count the rest over distinct keys
      const total = complete ? groups.reduce((n, g) => n + g.keys.length, 0) : keys.length;
      return [...renderGroups(shown, { counts: true }), moreLine(total - listed)];
    }
    take = Math.min(keys.length, GROUP_BUDGET);
  }
}

function keyLines(keys: readonly string[], opts: Required<RenderDiffOptions>): string[] {
  const max = opts.all ? Infinity : opts.maxLines;
  return (opts.group ? groupedLines(keys, max) : plainLines(keys, max)).map(printable);
}

const ERROR_KINDS: Record<NonNullable<SideDescription['error']>['kind'], string> = {
  load_state_dict: 'load_state_dict error',
  incompatible_keys: 'strict=False _IncompatibleKeys',
  transformers: 'transformers warning',
  mixed: 'several messages',
};

function describeKind(side: SideDescription): string {
  switch (side.kind) {
    case 'checkpoint':
      return `checkpoint (${side.format ?? 'unknown format'})`;
    case 'manifest':
      return `manifest, ${plural(side.keys ?? 0, 'key')}`;
    case 'key-list':
      return `key list, ${plural(side.keys ?? 0, 'key')}`;
    case 'error-text': {
      const e = side.error;
      if (!e) return 'error text';
      const what = [ERROR_KINDS[e.kind], e.model ? `model ${e.model}` : null, e.truncated ? 'cut short' : null].filter(Boolean).join(', ');
      return `error text (${what})`;
    }
  }
}

function selectionLine(side: SideDescription, sel: SelectionSummary | null, option: string): string | null {
  if (!sel) return null;
  const what = `state dict ${formatKeyPath(sel.path)}, ${plural(side.keys ?? 0, 'tensor')}`;
  if (sel.by === 'option') return `${what} (chosen with ${option}; the file holds ${plural(sel.candidates, 'state dict')})`;
  return `${what}: ${sel.reason ?? ''}`;
}

function header(r: DiffReport, style: Style): string[] {
  const label = (s: string) => paint(style, 'bold', s.padEnd(10));
  const lines: string[] = [];
  const side = (name: string, d: SideDescription, sel: SelectionSummary | null, option: string) => {
    lines.push(`${label(name)}${printable(d.file)}  ${paint(style, 'dim', printable(describeKind(d)))}`);
    const s = selectionLine(d, sel, option);
    if (s) lines.push(`${' '.repeat(10)}${printable(s)}`);
  };
  side('source', r.source, r.sourceSelection, '--select');
  side('expected', r.expected, r.expectedSelection, '--select-expected');
  return lines;
}

function countsLine(r: DiffReport, style: Style): string {
  const item = (n: number, what: string, tone: Tone) => (n > 0 ? paint(style, tone, `${what} ${n}`) : `${what} ${n}`);
  const parts = [
    item(r.matched.length, 'matched', 'green'),
    item(r.missing.length, 'missing', 'red'),
    item(r.unexpected.length, 'unexpected', 'yellow'),
    item(r.shapeMismatch.length, 'shape mismatches', 'magenta'),
    item(r.dtypeMismatch.length, 'dtype mismatches', 'magenta'),
    `non-tensor ${r.nonTensor.length}`,
  ];
  if (r.unknown.length > 0) parts.push(paint(style, 'yellow', `unknown ${r.unknown.length}`));
  return parts.join(' · ');
}

/** Body lines must be printable already: a table's lines carry its own colour codes. */
function section(style: Style, tone: Tone, title: string, body: readonly string[]): string[] {
  return ['', paint(style, tone, printable(title)), ...body.map((l) => (l ? INDENT + l : l))];
}

function tableLines(style: Style, rows: string[][], opts: Required<RenderDiffOptions>): string[] {
  const max = opts.all ? Infinity : opts.maxLines;
  const cut = rows.length > max ? rows.slice(0, Math.max(0, max - 1)) : rows;
  const lines = renderTable(style, ['key', 'source', 'expected'], cut.map((row) => row.map(printable))).split('\n');
  if (cut.length < rows.length) lines.push(moreLine(rows.length - cut.length));
  return lines;
}

/** The first line of the text report, as words and a tone (the HTML page leads with it too). */
export function diffVerdict(r: DiffReport): { tone: 'green' | 'red' | 'yellow'; text: string } {
  if (!hasDifferences(r)) {
    const aside = r.nonTensor.length > 0 ? ` (${plural(r.nonTensor.length, 'non-tensor entry', 'non-tensor entries')} not compared)` : '';
    // a state dict found inside the file matches; the file as torch.load returns it does not (the 'nested' finding says where)
    const at = r.sourceSelection?.by === 'auto' && r.sourceSelection.path.length > 0 ? r.sourceSelection.path.map(String).join('/') : null;
    const where = at === null ? 'the source' : `the state dict at ${at} (not the whole checkpoint)`;
    return { tone: 'green', text: `same: every expected key is in ${where} with the same shape and dtype${aside}` };
  }
  // counters BatchNorm fills in are missing keys torch does not refuse (module-versions.ts)
  const filled = r.filledCounters.length;
  const fails = r.missing.length - filled + r.unexpected.length + r.shapeMismatch.length > 0;
  if (fails || r.holder) return { tone: 'red', text: 'different: load_state_dict(strict=True) would fail' };
  if (filled > 0 && r.unknown.length === 0) {
    const dtype = r.dtypeMismatch.length > 0 ? ' (and in dtype, which load_state_dict casts on copy)' : '';
    return { tone: 'yellow', text: `different only in ${plural(filled, 'BatchNorm `num_batches_tracked` counter')} the source lacks${dtype}, which BatchNorm fills in when loading: load_state_dict(strict=True) succeeds` };
  }
  if (r.dtypeMismatch.length > 0 && r.unknown.length === 0) {
    return { tone: 'yellow', text: `different in dtype only: ${castOnLoad(r.dtypeMismatch)}` };
  }
  return { tone: 'yellow', text: 'different: the error text leaves some keys open' };
}

/** The one line that fixes it: infer the plan and apply it to a checkpoint; from other sources, see the plan. */
function diffFix(r: DiffReport, remake: readonly string[]): string | null {
  // counters BatchNorm fills in need no fix
  if (r.missing.length - r.filledCounters.length + r.unexpected.length + r.shapeMismatch.length === 0) return null;
  // ZeRO-3's empty placeholders: no plan of this state dict fixes them (the folder's weights do; the finding says how)
  if (r.diagnosis.some((d) => d.code === 'zero3-placeholder')) return null;
  // another model's checkpoint: no key transform makes it load, as plan says; a line that plans and applies it
  // wrote the other model's weights unchanged (review 22 F5). The finding says what decides: which file it is
  if (r.diagnosis.some((d) => d.code === 'disjoint')) return null;
  if (r.source.kind !== 'checkpoint') return sdmatchLine(['plan', r.source.file, r.expected.file, ...remake]);
  // apply reads a local file: a remote source is downloaded first, and planned from there (its sha256 recorded)
  const { command, local, name } = downloadStep(r.source.file);
  const plan = sdmatchLine(['plan', local, r.expected.file, ...remake, '-o', 'plan.json']);
  const apply = applyLine(local, 'plan.json', `fixed${name.endsWith('.safetensors') ? '.safetensors' : '.pt'}`);
  // plan's exit code is not known here: apply runs when it is 0 or 1 (keys kept missing on purpose)
  return `${command ? `${command} && ` : ''}${planThenApply(plan, apply, false)}`;
}

export function diffAnswer(r: DiffReport, remake: readonly string[] = []): Answer {
  const v = diffVerdict(r);
  return { tone: v.tone, verdict: v.text, diagnosis: r.diagnosis.map((d) => diffDiagnosisMessage(d, remake)), fix: diffFix(r, remake) };
}

export function renderDiff(r: DiffReport, style: Style, options: RenderDiffOptions = {}): string {
  const opts: Required<RenderDiffOptions> = { all: false, group: true, maxLines: DEFAULT_MAX_LINES, remake: [], ...options };
  // the answer first (verdict, diagnosis, the fix), then the sides, the counts and the lists
  const out: string[] = [...renderAnswer(style, diffAnswer(r, opts.remake)), '', ...header(r, style), '', countsLine(r, style)];

  if (r.missing.length > 0) out.push(...section(style, 'red', `missing (${r.missing.length}): in EXPECTED, not in SOURCE`, keyLines(r.missing, opts)));
  if (r.unexpected.length > 0) {
    out.push(...section(style, 'yellow', `unexpected (${r.unexpected.length}): in SOURCE, not in EXPECTED`, keyLines(r.unexpected, opts)));
  }
  if (r.shapeMismatch.length > 0) {
    const rows = r.shapeMismatch.map((m) => [m.key, formatShape(m.source), formatShape(m.expected)]);
    out.push(...section(style, 'magenta', `shape mismatches (${r.shapeMismatch.length})`, tableLines(style, rows, opts)));
  }
  if (r.dtypeMismatch.length > 0) {
    const rows = r.dtypeMismatch.map((m) => [m.key, m.source, m.expected]);
    out.push(...section(style, 'magenta', `dtype mismatches (${r.dtypeMismatch.length})`, tableLines(style, rows, opts)));
  }
  if (r.unknown.length > 0) {
    out.push(...section(style, 'yellow', `unknown (${r.unknown.length}): the error text was cut short and does not say whether these keys match`, keyLines(r.unknown, opts)));
  }
  if (r.nonTensor.length > 0) {
    const where = r.sourceSelection ? ` in ${formatKeyPath(r.sourceSelection.path)}` : '';
    const title = `non-tensor entries (${r.nonTensor.length})${where}: not compared; load_state_dict(strict=True) calls them unexpected unless a module reads them as extra state`;
    out.push(...section(style, 'dim', title, keyLines(r.nonTensor, { ...opts, group: false })));
  }
  if (r.notes.length > 0) {
    out.push(...section(style, 'cyan', 'what the error text alone could not tell', r.notes.map((n) => `- ${printable(n)}`)));
  }
  return `${out.join('\n')}\n`;
}
