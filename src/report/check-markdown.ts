import type { Severity, Verdict } from '../analysis/check-policy.js';
import type { CheckReport } from './check-json.js';
import { addedWhy, belowWhy, countsAs, dtypeWhy, failOnWords, groupedRows, planDeclinedLine, policyLine, renamedRows, tieWhy, verdictWords } from './check-text.js';
import { safetyPageLines } from './danger.js';
import { printable } from './printable.js';
import { formatShape } from './table.js';

/**
 * `sdmatch check --format markdown`: a compact pull-request comment (and the GitHub step summary).
 * The verdict and the reasons are always visible; each list of changes is a table, folded into
 * `<details>` when longer than a few rows, and capped so a comment stays far below GitHub's 65,536
 * characters. Text from files goes into code spans and table cells escaped, so a key can neither
 * break the table nor inject markup.
 */

const ICON: Record<Verdict, string> = { compatible: '✅', migratable: '⚠️', breaking: '❌' };
/** lists longer than this fold into <details> */
const INLINE_ROWS = 5;
const MAX_ROWS = 200;

/**
 * A code span holding `text` verbatim: the fence is one backtick longer than the longest run inside,
 * with a space either side when the text starts or ends with a backtick.
 */
export function mdCode(text: string): string {
  const t = printable(text);
  const runs = t.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * Plain text safe in a paragraph or table cell: the characters that start markup escaped (`&` so no
 * entity is formed, a leading `#` so no heading). Pipes are left to `cell`, which escapes them in
 * code spans too.
 */
export function mdText(text: string): string {
  return printable(text).replace(/[\\`*_[\]<>~&]/g, (c) => `\\${c}`).replace(/^#/, '\\#');
}

/** A cell: a pipe must be escaped even inside a code span, or GFM splits the cell there. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function mdTable(head: string[], rows: string[][]): string[] {
  const shown = rows.slice(0, MAX_ROWS);
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...shown.map((r) => `| ${r.map(cell).join(' | ')} |`)];
  if (rows.length > shown.length) lines.push('', `… and ${rows.length - shown.length} more (see \`sdmatch check --format json\`)`);
  return lines;
}

function block(title: string, head: string[], rows: string[][]): string[] {
  const body = mdTable(head, rows);
  if (rows.length <= INLINE_ROWS) return [`**${title}**`, '', ...body, ''];
  return ['<details>', `<summary>${title}</summary>`, '', ...body, '', '</details>', ''];
}

const sev = (s: Severity, why?: string) => mdText(countsAs(s, why));

export function renderCheckMarkdown(r: CheckReport): string {
  const { result } = r;
  const c = result.changes;
  const min = result.policy.minConfidence;
  const words = verdictWords(r);
  // a verdict whose meaning does not hold (changes allowed or ignored keep old checkpoints from loading) is no tick
  const icon = result.tolerated.length ? ICON.migratable : ICON[result.verdict];
  const out: string[] = [
    `### ${icon} sdmatch check: ${words.verdict}`,
    '',
    `**${words.verdict}**: ${mdText(words.meaning)}; the policy **${result.passed ? 'passes' : 'fails'}** (${failOnWords(result.policy)}).`,
    '',
    `${mdCode(r.baseline.file)} (${r.baseline.keys} keys) → ${mdCode(r.current.file)} (${r.current.keys} keys)`,
    '',
  ];
  // a checkpoint whose loading runs code leads the PR comment, as it leads the HTML page (s17-verify F15)
  const danger = safetyPageLines(r.checkpointSafety ?? []);
  if (danger.length) out.splice(2, 0, ...danger.map((l) => `> **${mdText(l)}**`), '');
  if (result.reasons.length) out.push(...result.reasons.map((x) => `- ${mdText(x.message)}`), '');
  const counts: [string, number][] = [
    ['shape changes', c.shapeChanged.length],
    ['removed', c.removed.length],
    ['added', c.added.length],
    ['renamed', result.counts.renamed],
    ['dtype changes', c.dtypeChanged.length],
    ['ties added', c.tiesAdded.length],
    ['not writable', c.unwritable.length],
    ['unchanged', result.counts.unchanged],
    ['ignored', result.counts.ignored],
  ];
  out.push(...mdTable(['change', 'keys'], counts.filter(([, n]) => n > 0).map(([k, n]) => [k, String(n)])), '');

  if (c.shapeChanged.length) {
    const rows = c.shapeChanged.map((s) => [s.from === s.key ? mdCode(s.key) : `${mdCode(s.from)} → ${mdCode(s.key)}`, formatShape(s.baseline), formatShape(s.current), mdText(s.fix ? `${s.reason}; fixed by a ${s.fix}` : s.reason), sev(s.severity, s.fix ? belowWhy(s.severity, min, s.confidence) : undefined)]);
    out.push(...block(`Shape changes (${c.shapeChanged.length})`, ['key', 'baseline', 'current', 'reason', 'counts as'], rows));
  }
  const grouped = (list: typeof c.added | typeof c.removed, why: (s: Severity) => string | undefined) =>
    groupedRows(list, why).map(([pattern, shape, counts]) => [mdCode(pattern!), mdText(shape!), mdText(counts!)]);
  if (c.removed.length) out.push(...block(`Removed (${c.removed.length})`, ['key', 'shape', 'counts as'], grouped(c.removed, () => undefined)));
  if (c.added.length) {
    out.push(...block(`Added (${c.added.length})`, ['key', 'shape', 'counts as'], grouped(c.added, addedWhy)));
  }
  if (c.renamed.length) {
    // grouped by the template that produced them, as in the text report
    const rows = renamedRows(c.renamed, min).map((x) => [`${x.from.map(mdCode).join(', ')}${x.from.length === 1 && x.count > 1 ? ` (${x.count} keys)` : ''}`, x.to.map(mdCode).join(', '), x.confidence, mdText(x.countsAs)]);
    out.push(...block(`Renamed (${result.counts.renamed} keys)`, ['from', 'to', 'confidence', 'counts as'], rows));
  }
  if (c.dtypeChanged.length) {
    const rows = c.dtypeChanged.map((d) => [d.from === d.key ? mdCode(d.key) : `${mdCode(d.from)} → ${mdCode(d.key)}`, d.baseline, d.current, sev(d.severity, dtypeWhy(d))]);
    out.push(...block(`Dtype changes (${c.dtypeChanged.length})`, ['key', 'baseline', 'current', 'counts as'], rows));
  }
  if (c.tiesAdded.length) {
    const rows = c.tiesAdded.map((t) => [t.keys.map(mdCode).join(' = '), t.from.map(mdCode).join(', '), mdCode(t.keys[t.keys.length - 1]!), sev(t.severity, tieWhy(t))]);
    out.push(...block(`Ties added (${c.tiesAdded.length})`, ['tied keys', 'baseline keys', 'old checkpoints keep', 'counts as'], rows));
  }
  if (c.unwritable.length) {
    const rows = c.unwritable.map((u) => [mdCode(u.key), mdCode(u.to), mdText(u.why), sev(u.severity, 'apply refuses it')]);
    out.push(...block(`Not writable (${c.unwritable.length})`, ['baseline key', 'current key', 'why', 'counts as'], rows));
  }
  const foot = [mdText(policyLine(r))];
  if (r.planFile) foot.push(`migration plan: ${mdCode(r.planFile)} (${result.inference.ops.length} ${result.inference.ops.length === 1 ? 'op' : 'ops'})`);
  const declined = planDeclinedLine(r);
  if (declined !== null) foot.push(mdText(declined));
  if (r.updated) foot.push(`${r.updated.created ? 'created' : 'updated'} ${mdCode(r.updated.file)} from ${mdCode(r.current.file)}`);
  out.push(`<sub>${foot.join(' · ')}</sub>`);
  return `${out.join('\n')}\n`;
}
