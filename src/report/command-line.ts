/**
 * The sdmatch command lines the reports print (plan's and diff's fix lines, explain's folder step, the list-shift
 * readings, check's --plan-out step): each is made again from the options that shaped the output it follows, so
 * that run as printed it gives that output, not the unedited one (review 19's backlog: the fix line re-made the
 * plan without the user's --rename, and the other printed commands still did).
 *
 * CARRIED is the one table of which options carry over, and into which printed command: the CLI hands the
 * options as given (ShapingOptions), carriedWords turns them into words, sdmatchLine quotes them for the shell.
 */
import type { PlanEdits } from '../plan/edit.js';
import { shellWord } from './answer.js';

/** What the user gave that shapes a plan or a check's verdict, under the options' own names. */
export interface ShapingOptions {
  select?: string;
  selectExpected?: string;
  /** check's CURRENT side */
  selectCurrent?: string;
  /** as given (plan's default 0 is not given) */
  minConfidence?: number;
  /** `--heads`: rotary q/k renames permuted per head */
  heads?: { heads: number; kvHeads?: number };
  edits?: PlanEdits;
  /** check's policy: --allow, --fail-on, --ignore, --config */
  allow?: readonly string[];
  failOn?: string;
  ignore?: readonly string[];
  config?: string;
}

/** The sdmatch commands a report prints, made again with the options. */
export type Printed = 'plan' | 'check';

/** `=` inside the regex of a --rename or the target of a --tie is escaped, as editsFromArgs splits them back. */
const left = (text: string) => text.replace(/=/g, '\\=');

/**
 * Which options a printed command carries over (each kind in its order; editOps appends the edit kinds in a
 * fixed order, renames, ties, drops, whatever order they came in). --no-hash, --json, --html, --all change what
 * is shown or recorded, not the plan or the verdict: not carried.
 */
const CARRIED: readonly { into: readonly Printed[]; words: (o: ShapingOptions) => string[] }[] = [
  { into: ['plan', 'check'], words: (o) => (o.select !== undefined ? ['--select', o.select] : []) },
  { into: ['plan'], words: (o) => (o.selectExpected !== undefined ? ['--select-expected', o.selectExpected] : []) },
  { into: ['check'], words: (o) => (o.selectCurrent !== undefined ? ['--select-current', o.selectCurrent] : []) },
  { into: ['plan', 'check'], words: (o) => (o.minConfidence !== undefined ? ['--min-confidence', String(o.minConfidence)] : []) },
  { into: ['plan'], words: (o) => (o.heads ? ['--heads', `${o.heads.heads}${o.heads.kvHeads !== undefined ? `/${o.heads.kvHeads}` : ''}`] : []) },
  { into: ['plan'], words: (o) => (o.edits?.rename ?? []).flatMap((r) => ['--rename', `${left(r.from)}=${r.to}`]) },
  { into: ['plan'], words: (o) => (o.edits?.tie ?? []).flatMap((t) => ['--tie', `${left(t.target)}=${t.source}`]) },
  { into: ['plan'], words: (o) => (o.edits?.drop ?? []).flatMap((d) => ['--drop', d]) },
  { into: ['plan'], words: (o) => (o.edits?.keepMissing ?? []).flatMap((k) => ['--keep-missing', k]) },
  { into: ['check'], words: (o) => (o.allow ?? []).flatMap((a) => ['--allow', a]) },
  { into: ['check'], words: (o) => (o.failOn !== undefined ? ['--fail-on', o.failOn] : []) },
  { into: ['check'], words: (o) => (o.ignore ?? []).flatMap((i) => ['--ignore', i]) },
  { into: ['check'], words: (o) => (o.config !== undefined ? ['--config', o.config] : []) },
];

/** The words that give `o` again to a printed `sdmatch <into>`. */
export function carriedWords(o: ShapingOptions, into: Printed): string[] {
  return CARRIED.filter((row) => row.into.includes(into)).flatMap((row) => row.words(o));
}

/**
 * A word already written for the shell, left as it is: a download's path under the fresh folder `"$d"` the line
 * made (download-step.ts), which quoting would turn into a literal `$d`.
 */
export class ShellText {
  constructor(readonly text: string) {}
}

/** A word of a printed command: a path or option to quote, or shell text to keep. */
export type Word = string | ShellText;

/** The word as the shell is given it. */
export function shellText(word: Word): string {
  return word instanceof ShellText ? word.text : shellWord(word);
}

/** The program every printed command line calls (cli/npx-note.ts says how to type it when npx ran it). */
export const PROGRAM = 'sdmatch';

/** `sdmatch WORD…`, each word quoted for the shell when it needs it. */
export function sdmatchLine(words: readonly Word[]): string {
  return [PROGRAM, ...words.map(shellText)].join(' ');
}
