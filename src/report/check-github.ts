import type { RuleGroup, RuleId } from '../analysis/check.js';
import type { CheckReport } from './check-json.js';
import { planDeclinedLine, summaryLine, verdictWords } from './check-text.js';
import { safetyPageLines } from './danger.js';
import { printable } from './printable.js';

/**
 * `sdmatch check --format github`: GitHub Actions workflow commands. One annotation per rule a change
 * breaks and per severity among its changes — `::error` when they fail the policy, `::warning` when the
 * policy tolerates them, `::notice` when it allows them outright — attached to the lock file, then the
 * summary as a plain log line. GitHub shows at most 10 annotations of each level per step, so they are
 * per rule and severity, with the keys listed in the message, never per key.
 *
 * Escaping follows @actions/core (toolkit/packages/core/src/command.ts): in the message `%`, `\r`
 * and `\n` become `%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A`, `%2C`.
 * Text from files passes through `printable` first, so no key can end the line and start a command.
 */

const MAX_LINES = 20;

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export function annotation(level: AnnotationLevel, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties).map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * An annotation's title says what was found, never the rule's name: GitHub shows the title bold, and
 * "no removed keys" over a removed key, or "old checkpoints load without a plan" over renames that
 * need one, read as the opposite of the finding (review 15 F8). junit keeps the names: there a failed
 * case "no removed keys" reads right.
 */
const FOUND: Record<RuleId, (n: number) => string> = {
  'no-removed-keys': (n) => `${count(n, 'key', 'keys')} removed`,
  'no-added-keys': (n) => `${count(n, 'key', 'keys')} added`,
  'no-shape-changes': (n) => `${count(n, 'shape', 'shapes')} changed, no plan fixes ${n === 1 ? 'it' : 'them'}`,
  'renames-migratable': (n) => `${count(n, 'rename', 'renames')} too unsure to migrate`,
  'loads-without-plan': (n) => `${count(n, 'key', 'keys')} moved: old checkpoints need the plan`,
  'no-dtype-changes': (n) => `${count(n, 'dtype', 'dtypes')} changed`,
  'no-ties-added': (n) => `${count(n, 'tie', 'ties')} added: old checkpoints lose trained values`,
  'kept-weights-writable': (n) => `${count(n, 'tensor', 'tensors')} sdmatch cannot write as one tensor: apply refuses ${n === 1 ? 'it' : 'them'}`,
};

function levelOf(group: RuleGroup): AnnotationLevel {
  if (group.failed) return 'error';
  return group.severity === 'allowed' ? 'notice' : 'warning';
}

function message(group: RuleGroup): string {
  const lines = group.violations.slice(0, MAX_LINES).map(printable);
  if (group.violations.length > MAX_LINES) lines.push(`… and ${group.violations.length - MAX_LINES} more (sdmatch check --format json lists every one)`);
  return lines.join('\n');
}

export function renderCheckGithub(r: CheckReport): string {
  const file = r.baseline.file === '<stdin>' ? null : r.baseline.file;
  const out: string[] = [];
  // a checkpoint whose loading runs code: an error annotation on it, first, as the HTML page leads with it (s17-verify F15)
  (r.checkpointSafety ?? []).forEach((s) => {
    for (const line of safetyPageLines([s])) out.push(annotation(s.verdict === 'dangerous' ? 'error' : 'warning', { file: printable(s.file), title: `sdmatch check: ${s.verdict === 'dangerous' ? 'dangerous checkpoint' : 'checkpoint safety not known'}` }, line));
  });
  // one annotation per rule and severity: a compatible cast is never listed under a breaking one's ::error (review 22 F4)
  for (const rule of r.result.rules) {
    for (const group of rule.groups) {
      const title = `sdmatch check: ${FOUND[rule.id](group.violations.length)} (${group.severity})`;
      out.push(annotation(levelOf(group), { ...(file ? { file: printable(file) } : {}), title }, message(group)));
    }
  }
  if (r.result.tolerated.length) {
    // the policy lets these pass, but the load torch makes is worse than the verdict says: never silent
    out.push(annotation('warning', { ...(file ? { file: printable(file) } : {}), title: `sdmatch check: ${verdictWords(r).verdict}` }, printable(verdictWords(r).meaning)));
  }
  out.push(printable(`sdmatch check: ${summaryLine(r)}`));
  if (r.planFile) out.push(printable(`sdmatch check: wrote the plan to ${r.planFile}`));
  const declined = planDeclinedLine(r);
  if (declined !== null) out.push(printable(`sdmatch check: ${declined}`));
  if (r.updated) out.push(printable(`sdmatch check: ${r.updated.created ? 'created' : 'updated'} ${r.updated.file} from ${r.current.file}`));
  return `${out.join('\n')}\n`;
}
