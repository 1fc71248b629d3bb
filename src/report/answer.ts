/**
 * The answer every human report opens with (explain, diff, plan, check, apply): the verdict on one
 * painted line, the diagnosis in a few plain lines, and the fix as one line to run. The details and the
 * long key lists come after it, so the first screen says what is wrong and what to do.
 */
import { printable } from './printable.js';
import { paint, type Style, type Tone } from './style.js';

export interface Answer {
  tone: Tone;
  /** one line: does it load, did it pass, was it written */
  verdict: string;
  /** why, in plain words: a line per finding */
  diagnosis: readonly string[];
  /** the one line to run next, or null when there is nothing to fix */
  fix: string | null;
  /**
   * what the line leaves undone, where its output still fails a strict load (a plan that leaves keys missing,
   * unexpected or of another shape): the line is then labelled a partial fix, never "fix:", and this follows it
   */
  leaves?: string;
  /** where no line is the fix, the lines of equal readings, one per reading (`either:`, `or:`) */
  choices?: readonly { label: string; line: string }[];
}

export function renderAnswer(style: Style, a: Answer): string[] {
  const out = [paint(style, a.tone, printable(a.verdict))];
  for (const d of a.diagnosis) out.push(`  - ${printable(d)}`);
  if (a.fix !== null) out.push(`${paint(style, 'bold', a.leaves === undefined ? 'fix:' : 'partial fix:')} ${printable(a.fix)}`);
  if (a.fix !== null && a.leaves !== undefined) out.push(`  ${printable(a.leaves)}`);
  for (const c of a.choices ?? []) out.push(`${paint(style, 'bold', `${c.label}:`)} ${printable(c.line)}`);
  return out;
}

/**
 * Identical lines said once, with how many times: a warning raised for each of 40 layers reads
 * `… (×40)`. Order is that of each line's first appearance.
 */
export function mergeRepeated(lines: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const l of lines) count.set(l, (count.get(l) ?? 0) + 1);
  return [...count].map(([l, n]) => (n > 1 ? `${l} (×${n})` : l));
}

/** A path as a shell word: quoted only when it needs to be. */
export function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
