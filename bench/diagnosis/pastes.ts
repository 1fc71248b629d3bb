import { looksLikeErrorText, parseErrorText, type ErrorReport } from '../../src/formats/error-text.js';
import { rng } from '../fuzz/mutate.js';
import type { DiagnosisCase, Half } from './score.js';

export { rng };

/**
 * The ways a pasted error text varies on its way from a terminal to sdmatch, as deterministic
 * mutations of the corpus texts, and the invariant each must keep: the parse of a mutated text equals
 * the parse of the text it came from (its key sets, size mismatches with their shapes, its message
 * families, whether a list is cut), or, where the mutation really removes information (an elision,
 * a paste cut mid-key), the parse is marked truncated and reads nothing the clean text does not hold.
 *
 * Only the visible halves are mutated; the clean held-out halves are never read.
 *
 *   npx esbuild bench/diagnosis/pastes.ts --bundle --platform=node --format=esm --outfile=/tmp/pastes.mjs
 *   node /tmp/pastes.mjs [-v]      (prints the failure table per mutation kind)
 */

/** The halves whose texts may be read and mutated (heldout2/3/4 stay clean). */
export const VISIBLE_HALVES: readonly Half[] = ['tuning', 'heldout', 'tuning2', 'tuning3', 'tuning4'];
/** The files that hold them (cases5.json, a clean measure being collected, is not opened at all). */
export const VISIBLE_FILES = ['cases.json', 'cases2.json', 'cases3.json', 'cases4.json'] as const;

/** The visible texts: the visible halves of the visible files, nothing else kept. */
export async function visibleCases(): Promise<DiagnosisCase[]> {
  const { loadFile } = await import('./run-cases.js');
  return VISIBLE_FILES.flatMap((f) => loadFile(f).filter((c) => VISIBLE_HALVES.includes(c.half)));
}

export function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Whether a mutation keeps every fact of the text (`same`) or may remove some (`cuts`: then truncated must be set). */
export type Effect = 'same' | 'cuts' | 'adds';

export interface Mutation {
  kind: string;
  effect: Effect;
  why: string;
  /** null when the mutation does not apply to this text */
  apply(text: string, r: () => number, clean: ErrorReport): string | null;
}

const lines = (t: string): string[] => t.split('\n');
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Break every line longer than `width` at exactly that column, as a terminal or a fixed-width log viewer does. */
export function hardWrap(text: string, width: number): string {
  return lines(text)
    .map((l) => {
      const parts: string[] = [];
      for (let k = 0; k < l.length; k += width) parts.push(l.slice(k, k + width));
      return parts.length ? parts.join('\n') : l;
    })
    .join('\n');
}

/** Break lines longer than `width` at the last space before it, as an e-mail client or an editor's hard wrap does. */
function wordWrap(text: string, width: number): string {
  return lines(text)
    .map((l) => {
      const out: string[] = [];
      let rest = l;
      while (rest.length > width) {
        const at = rest.lastIndexOf(' ', width);
        if (at <= 0) break;
        out.push(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
      out.push(rest);
      return out.join('\n');
    })
    .join('\n');
}

/** Where the text shows each parsed key verbatim (the keys a cut or an elision can land in). */
function keyPlaces(text: string, clean: ErrorReport): { at: number; key: string }[] {
  const keys = new Set([...clean.missing, ...clean.unexpected, ...clean.sizeMismatch.map((s) => s.key)]);
  const places: { at: number; key: string }[] = [];
  for (const key of keys) {
    if (key.length < 4) continue;
    const at = text.indexOf(key);
    if (at >= 0) places.push({ at, key });
  }
  return places.sort((a, b) => a.at - b.at);
}

const TRANSFORMERS_WARNING = `Some weights of the model checkpoint at bert-base-uncased were not used when initializing BertModel: ['cls.predictions.bias', 'cls.predictions.transform.dense.weight', 'cls.seq_relationship.weight', 'cls.seq_relationship.bias']
- This IS expected if you are initializing BertModel from the checkpoint of a model trained on another task or with another architecture (e.g. initializing a BertForSequenceClassification model from a BertForPreTraining model).
- This IS NOT expected if you are initializing BertModel from the checkpoint of a model that you expect to be exactly identical (initializing a BertForSequenceClassification model from a BertForSequenceClassification model).`;

const WINDOWS_TRACEBACK = `Traceback (most recent call last):
  File "C:\\Users\\dev\\Projects\\my-model\\train.py", line 42, in <module>
    model.load_state_dict(torch.load("C:\\\\weights\\\\best_model.pth", map_location="cpu"))
  File "C:\\Users\\dev\\anaconda3\\envs\\torch\\lib\\site-packages\\torch\\nn\\modules\\module.py", line 2041, in load_state_dict
    raise RuntimeError('Error(s) in loading state_dict for {}:\\n\\t{}'.format(
`;

const ANSI_RED = '\x1b[0;31m';
const ANSI_GREEN = '\x1b[0;32m';
const ANSI_RESET = '\x1b[0m';

export const MUTATIONS: Mutation[] = [
  { kind: 'md-quote', effect: 'same', why: 'quoted in a Markdown reply (`> ` before each line)', apply: (t) => lines(t).map((l) => `> ${l}`).join('\n') },
  {
    kind: 'md-fence',
    effect: 'same',
    why: 'inside a Markdown code fence, with prose around it',
    apply: (t, r) => {
      const fence = pick(r, ['```', '~~~']);
      return `I get this error when loading:\n\n${fence}${pick(r, ['', 'python', 'bash', 'text'])}\n${t}\n${fence}\n\nAny idea?`;
    },
  },
  { kind: 'hard-wrap', effect: 'same', why: 'a terminal hard wrap at 60-120 columns, inside keys and quotes', apply: (t, r) => hardWrap(t, 60 + Math.floor(r() * 61)) },
  { kind: 'word-wrap', effect: 'same', why: 'an editor re-wrapping at spaces at 60-120 columns', apply: (t, r) => wordWrap(t, 60 + Math.floor(r() * 61)) },
  {
    kind: 'tabs-spaces',
    effect: 'same',
    why: 'indentation tabs turned into spaces and leading spaces into tabs',
    apply: (t) => lines(t).map((l) => l.replace(/\t/g, '    ').replace(/^( {2,})/, (s) => '\t'.repeat(Math.ceil(s.length / 4)))).join('\n'),
  },
  { kind: 'crlf', effect: 'same', why: 'Windows line ends', apply: (t) => t.replace(/\r?\n/g, '\r\n') },
  {
    kind: 'smart-quotes',
    effect: 'same',
    why: 'typographic quotes from a word processor or a rendered page',
    apply: (t) => {
      let d = 0;
      let s = 0;
      return t.replace(/"/g, () => (d++ % 2 === 0 ? '\u201C' : '\u201D')).replace(/'/g, () => (s++ % 2 === 0 ? '\u2018' : '\u2019'));
    },
  },
  {
    kind: 'ansi',
    effect: 'same',
    why: 'colour codes of a Jupyter or rich traceback',
    apply: (t) =>
      lines(t)
        .map((l) => (l.trim() ? `${ANSI_RED}${l.replace(/(RuntimeError|Error\(s\)|KeyError)/, `${ANSI_GREEN}$1${ANSI_RED}`)}${ANSI_RESET}` : l))
        .join('\n'),
  },
  {
    kind: 'log-prefix',
    effect: 'same',
    why: 'a logger or launcher prefix on every line',
    apply: (t, r) => {
      const prefix = pick(r, ['[2023-01-01 12:00:00,123] ERROR ', 'INFO:root:', '[rank0]: ', '2024-03-05 10:11:12,345 - train - ERROR - ', 'ERROR:__main__:']);
      return lines(t).map((l) => prefix + l).join('\n');
    },
  },
  {
    kind: 'line-numbers',
    effect: 'same',
    why: 'copied from an IDE console or a numbered code view (`12  ` or `12 | ` before each line)',
    apply: (t, r) => {
      const start = 1 + Math.floor(r() * 200);
      const style = pick(r, ['pad', 'bar', 'tab'] as const);
      const ls = lines(t);
      const w = String(start + ls.length).length;
      return ls.map((l, k) => (style === 'pad' ? `${String(start + k).padStart(w)}  ${l}` : style === 'bar' ? `${String(start + k).padStart(w)} | ${l}` : `${start + k}\t${l}`)).join('\n');
    },
  },
  {
    kind: 'html-escape',
    effect: 'same',
    why: 'scraped from a page: quotes and brackets as HTML entities',
    apply: (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
  },
  { kind: 'windows-traceback', effect: 'same', why: 'a Windows traceback (backslash paths, torch\'s own raise line) above the message', apply: (t) => WINDOWS_TRACEBACK + t },
  {
    kind: 'duplicated',
    effect: 'same',
    why: 'the error printed twice, by two ranks (only whole texts: a cut is the excerpt\'s, made once, after the printing)',
    apply: (t, r, clean) =>
      clean.truncated
        ? null
        : pick(r, [true, false])
        ? `${lines(t).map((l) => `[rank0]: ${l}`).join('\n')}\n${lines(t).map((l) => `[rank1]: ${l}`).join('\n')}`
        : `${t}\n${t}`,
  },
  {
    kind: 'combined',
    effect: 'same',
    why: 'several at once, in the order they happen: a log prefix, the terminal wrap, a Markdown quote, Windows line ends',
    apply: (t, r, clean) => {
      const byKind = (k: string): Mutation => MUTATIONS.find((m) => m.kind === k)!;
      let out = t;
      for (const k of ['log-prefix', 'hard-wrap', 'md-quote', 'crlf']) out = byKind(k).apply(out, r, clean) ?? out;
      return out;
    },
  },
  {
    kind: 'mixed-family',
    effect: 'adds',
    why: 'a transformers warning printed before the error',
    apply: (t) => `${TRANSFORMERS_WARNING}\n${t}`,
  },
  {
    kind: 'elision',
    effect: 'cuts',
    why: 'the poster replaced keys in the middle of a list with `...` or `[...]`',
    apply: (t, r, clean) => {
      const places = keyPlaces(t, clean);
      if (places.length < 4) return null;
      // two keys on one line, at least one key between them
      for (let tries = 0; tries < 8; tries++) {
        const i = 1 + Math.floor(r() * (places.length - 3));
        const j = i + 1 + Math.floor(r() * Math.min(4, places.length - i - 2));
        const a = places[i]!;
        const b = places[j]!;
        const end = b.at + b.key.length;
        if (t.slice(a.at, end).includes('\n')) continue;
        // take the quotes around the keys too
        const from = /["']/.test(t[a.at - 1] ?? '') ? a.at - 1 : a.at;
        const to = /["']/.test(t[end] ?? '') ? end + 1 : end;
        return t.slice(0, from) + pick(r, ['...', '[...]', '…']) + t.slice(to);
      }
      return null;
    },
  },
  {
    kind: 'cut-mid-key',
    effect: 'cuts',
    why: 'the paste stops inside a key',
    apply: (t, r, clean) => {
      const places = keyPlaces(t, clean);
      if (places.length < 3) return null;
      const p = places[1 + Math.floor(r() * (places.length - 1))]!;
      const cut = p.at + 1 + Math.floor(r() * (p.key.length - 2));
      return t.slice(0, cut);
    },
  },
];

/** The facts of a parse the invariant compares (order aside: lists are compared as sets). */
export interface ParseFacts {
  /** what explain's input detection says (error text or not), before any parse */
  detected: boolean;
  error: string | null;
  missing: string[];
  unexpected: string[];
  sizes: string[];
  cutSizes: string[];
  families: string[];
  truncated: boolean;
  nothingMissing: boolean;
  allMatched: boolean;
}

export function factsOf(text: string): ParseFacts {
  const detected = looksLikeErrorText(text);
  let r: ErrorReport;
  try {
    r = parseErrorText(text, 'paste');
  } catch (e) {
    return { detected, error: (e as Error).message, missing: [], unexpected: [], sizes: [], cutSizes: [], families: [], truncated: false, nothingMissing: false, allMatched: false };
  }
  return {
    detected,
    error: null,
    missing: [...new Set(r.missing)].sort(),
    unexpected: [...new Set(r.unexpected)].sort(),
    sizes: r.sizeMismatch.map((s) => `${s.key} ${s.source.join('x')}->${s.expected.join('x')}`).sort(),
    cutSizes: (r.sizeMismatchCut ?? []).map((s) => s.key).sort(),
    families: [...new Set(r.families ?? [])].sort(),
    truncated: r.truncated,
    nothingMissing: r.nothingMissing === true,
    allMatched: r.allMatched === true,
  };
}

const FIELDS = ['detected', 'error', 'missing', 'unexpected', 'sizes', 'cutSizes', 'families', 'truncated', 'nothingMissing', 'allMatched'] as const;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const subset = (a: string[], b: string[]): string[] => {
  const s = new Set(b);
  return a.filter((x) => !s.has(x));
};

function unionFacts(a: ParseFacts, b: ParseFacts): ParseFacts {
  const u = (x: string[], y: string[]): string[] => [...new Set([...x, ...y])].sort();
  return {
    detected: a.detected || b.detected,
    error: a.error && b.error ? a.error : null,
    missing: u(a.missing, b.missing),
    unexpected: u(a.unexpected, b.unexpected),
    sizes: u(a.sizes, b.sizes),
    cutSizes: u(a.cutSizes, b.cutSizes),
    families: u(a.families, b.families),
    truncated: a.truncated || b.truncated,
    nothingMissing: a.nothingMissing && b.nothingMissing,
    allMatched: a.allMatched && b.allMatched,
  };
}

/**
 * What differs between the clean parse and the mutated one, against the mutation's effect; empty when
 * the invariant holds. `cuts`: truncated set, nothing read that the clean text does not hold.
 */
export function violations(m: Mutation, clean: ParseFacts, mutated: ParseFacts): string[] {
  if (m.effect === 'cuts') {
    const out: string[] = [];
    if (mutated.error && !clean.error) {
      // a cut that leaves no key at all may honestly read as no error text
      return [];
    }
    if (!mutated.truncated) out.push('not marked truncated');
    for (const f of ['missing', 'unexpected', 'sizes'] as const) {
      const extra = subset(mutated[f], clean[f]);
      if (extra.length) out.push(`${f} not in the clean text: ${extra.slice(0, 2).join(', ')}`);
    }
    const cutExtra = subset(mutated.cutSizes, [...clean.cutSizes, ...clean.sizes.map((s) => s.split(' ')[0]!)]);
    if (cutExtra.length) out.push(`cut size lines not in the clean text: ${cutExtra.slice(0, 2).join(', ')}`);
    return out;
  }
  const want = m.effect === 'adds' ? unionFacts(clean, factsOf(TRANSFORMERS_WARNING)) : clean;
  const out: string[] = [];
  for (const f of FIELDS) {
    if (m.effect === 'adds' && (f === 'nothingMissing' || f === 'allMatched')) continue;
    if (same(want[f], mutated[f])) continue;
    const a = want[f];
    const b = mutated[f];
    if (Array.isArray(a) && Array.isArray(b)) {
      const lost = subset(a, b);
      const gained = subset(b, a);
      out.push(`${f}${lost.length ? ` lost ${lost.length} (${lost.slice(0, 2).join(', ')})` : ''}${gained.length ? ` gained ${gained.length} (${gained.slice(0, 2).join(', ')})` : ''}`);
    } else out.push(`${f}: ${String(a).slice(0, 60)} -> ${String(b).slice(0, 60)}`);
  }
  return out;
}

export interface MutationResult {
  id: string;
  kind: string;
  text: string;
  problems: string[];
}

/** Every mutation of every visible text whose clean text parses (a rejected clean text has nothing to keep). */
export function* pastes(cases: DiagnosisCase[], kinds: readonly Mutation[] = MUTATIONS): Generator<{ c: DiagnosisCase; m: Mutation; text: string }> {
  for (const c of cases) {
    if (!VISIBLE_HALVES.includes(c.half)) continue;
    let report: ErrorReport;
    try {
      report = parseErrorText(c.text, c.id);
    } catch {
      continue;
    }
    for (const m of kinds) {
      const text = m.apply(c.text, rng(seedOf(`${c.id}:${m.kind}`)), report);
      if (text !== null) yield { c, m, text };
    }
  }
}

/** Every mutated text with what its parse breaks of the invariant. */
export function mutateCorpus(cases: DiagnosisCase[], kinds: readonly Mutation[] = MUTATIONS): MutationResult[] {
  const clean = new Map<string, ParseFacts>();
  const out: MutationResult[] = [];
  for (const { c, m, text } of pastes(cases, kinds)) {
    if (!clean.has(c.id)) clean.set(c.id, factsOf(c.text));
    out.push({ id: c.id, kind: m.kind, text, problems: violations(m, clean.get(c.id)!, factsOf(text)) });
  }
  return out;
}

/** The failure table: per mutation kind, texts mutated and texts whose parse broke the invariant. */
export function failureTable(results: MutationResult[]): { kind: string; mutated: number; changed: number }[] {
  return MUTATIONS.map((m) => {
    const mine = results.filter((x) => x.kind === m.kind);
    return { kind: m.kind, mutated: mine.length, changed: mine.filter((x) => x.problems.length > 0).length };
  });
}

/**
 * What explain decides on a text, for the end-to-end invariant: exit code, verdict flags and the plan
 * (selection, ops, mapping, unmapped), without the words, which may quote the text. An error is its class.
 */
export async function explainPlan(text: string): Promise<string> {
  const { explainOnce } = await import('./run-cases.js');
  const r = await explainOnce(text, true);
  if (r.code !== 0 && r.code !== 1) return `exit ${r.code}`;
  const j = JSON.parse(r.stdout) as { fixable: boolean; complete: boolean; truncated: boolean; plan: { source: { select: unknown }; ops: unknown; mapping: unknown; unmapped: unknown } };
  return JSON.stringify({ code: r.code, fixable: j.fixable, complete: j.complete, truncated: j.truncated, select: j.plan.source.select, ops: j.plan.ops, mapping: j.plan.mapping, unmapped: j.plan.unmapped });
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('-v');
  const results = mutateCorpus(await visibleCases());
  console.log('| mutation | texts mutated | parse changed |');
  console.log('|---|---|---|');
  for (const row of failureTable(results)) console.log(`| ${row.kind} | ${row.mutated} | ${row.changed} |`);
  const bad = results.filter((x) => x.problems.length > 0);
  console.log(`total: ${bad.length}/${results.length}`);
  if (verbose) for (const x of bad) console.log(`- ${x.kind} ${x.id}: ${x.problems.join('; ')}`);
}

if (process.argv[1]?.endsWith('pastes.mjs')) void main();
