/**
 * `--emit hf`: a transformers `key_mapping` dict for `from_pretrained(..., key_mapping=...)`.
 * transformers tries the patterns in dict order and applies only the FIRST one that matches a key
 * (`re.subn`, every occurrence), unlike a plan's pipeline. So keys that several ops touch get one
 * composed entry, and the result is checked against the plan's mapping by simulating those
 * semantics; any key the dict would still get wrong gets an exact entry placed first.
 * Drops, transposes, reshapes, rope row permutes, splits and joins cannot be said in a key_mapping: they are listed as comments.
 */
import type { Plan } from '../plan/types.js';
import { compileNameOp, describeOp, isNameOp, type NameOp } from '../analysis/op-vocabulary.js';
import { escapeRegex, expandReplacement, hasArithmetic } from '../analysis/infer/regex.js';
import { isIndexSegment, splitKey } from '../analysis/key-tokens.js';
import { generatedByLine, oneCommentLine, pyReplacement } from './emit-python.js';
import { templatesText } from '../analysis/infer/causes.js';
import { pyStr } from '../formats/python-source.js';
import { selectionNote } from './emit-select.js';

/** One key_mapping entry in plan spelling (`$1` replacements). */
export interface HfEntry {
  pattern: string;
  replacement: string;
}

export interface HfKeyMapping {
  entries: HfEntry[];
  /** ops (and keys) a key_mapping cannot express */
  notExpressible: string[];
}

/** transformers' semantics: the first entry whose pattern matches is applied everywhere it matches. */
export function applyHfKeyMapping(entries: readonly HfEntry[], key: string): string {
  for (const e of entries) {
    const re = new RegExp(e.pattern, 'g');
    let n = 0;
    const out = key.replace(re, (...args: unknown[]) => {
      n++;
      // replace() passes the match, its groups, then offset and input
      const m = Object.assign(args.slice(0, -2) as (string | undefined)[], { index: 0, input: key }) as unknown as RegExpExecArray;
      return expandReplacement(e.replacement, m);
    });
    if (n > 0) return out;
  }
  return key;
}

/**
 * What the printed dict literal holds: a pattern given twice keeps its first position and takes the
 * last value (as a JS Map does on set), so the self-check judges what transformers will read.
 */
export function asPythonDict(entries: readonly HfEntry[]): HfEntry[] {
  const dict = new Map<string, string>();
  for (const e of entries) dict.set(e.pattern, e.replacement);
  return [...dict].map(([pattern, replacement]) => ({ pattern, replacement }));
}

function opEntry(op: NameOp): HfEntry | null {
  switch (op.op) {
    case 'strip_prefix':
      return { pattern: `^${escapeRegex(op.prefix)}`, replacement: '' };
    case 'add_prefix':
      return { pattern: '^', replacement: op.prefix.replace(/\$/g, '$$$$') };
    case 'rename':
      // key_mapping values are replacement strings (transformers also reverses them on save): index
      // arithmetic cannot be said there, so those keys get entries of their own
      // nor an index table: one value per pattern
      return op.table !== undefined || hasArithmetic(op.replacement) ? null : { pattern: op.pattern, replacement: op.replacement };
    case 'drop':
      return null;
  }
}

/** One entry doing what a short sequence of ops does to the keys it touches, when that is sayable. */
function composedEntry(ops: NameOp[]): HfEntry | null {
  if (ops.length === 1) return opEntry(ops[0]!);
  if (ops.length !== 2 || ops.some((o) => o.op === 'rename' && (o.table !== undefined || hasArithmetic(o.replacement)))) return null;
  const [a, b] = ops as [NameOp, NameOp];
  const lit = (s: string) => s.replace(/\$/g, '$$$$');
  if (a.op === 'strip_prefix' && b.op === 'add_prefix') return { pattern: `^${escapeRegex(a.prefix)}`, replacement: lit(b.prefix) };
  if (b.op === 'rename' && b.table !== undefined) return null;
  if (a.op === 'strip_prefix' && b.op === 'rename' && b.pattern.startsWith('^')) {
    return { pattern: `^${escapeRegex(a.prefix)}${b.pattern.slice(1)}`, replacement: b.replacement };
  }
  if (a.op === 'add_prefix' && b.op === 'rename' && b.pattern.startsWith(`^${escapeRegex(a.prefix)}`)) {
    return { pattern: `^${b.pattern.slice(1 + escapeRegex(a.prefix).length)}`, replacement: b.replacement };
  }
  return null;
}

/** The plan's ops a key_mapping cannot carry at all (a tensor op, a drop): what loads without them is not the plan's result. */
export function hfUnexpressed(plan: Plan): string[] {
  return plan.ops.filter((o) => !isNameOp(o) || o.op === 'drop').map((o) => describeOp(o));
}

export function hfKeyMapping(plan: Plan): HfKeyMapping {
  const notExpressible = hfUnexpressed(plan);
  // a key_mapping value is a replacement string: `${2-1}` has no form there (the keys still load: they get entries by family or by key)
  for (const o of plan.ops) {
    if (o.op !== 'rename') continue;
    if (o.table !== undefined) notExpressible.push(`${describeOp(o)}: an index table (a key_mapping value is one replacement string), so the keys it moves have entries of their own above`);
    else if (hasArithmetic(o.replacement)) notExpressible.push(`${describeOp(o)} → ${o.replacement}: index arithmetic, so the keys it moves have entries of their own above`);
  }
  const nameOps = plan.ops.map((o) => (isNameOp(o) ? o : null));
  const steps = nameOps.map((o) => (o ? compileNameOp(o) : null));
  // Which name ops touch each key, in order: keys with the same history share one entry.
  const histories = new Map<string, { ops: number[]; keys: string[] }>();
  for (const key of Object.keys(plan.mapping)) {
    let name = key;
    const used: number[] = [];
    let dropped = false;
    steps.forEach((step, i) => {
      if (!step || dropped) return;
      const r = step(name);
      if (r === undefined) return;
      if (r === null) dropped = true;
      else {
        name = r;
        used.push(i);
      }
    });
    if (dropped || used.length === 0) continue;
    const sig = used.join(',');
    const h = histories.get(sig);
    if (h) h.keys.push(key);
    else histories.set(sig, { ops: used, keys: [key] });
  }
  // each general entry with the keys it stands for, so an entry that cannot stay can hand them to exact entries
  const general: { entry: HfEntry; keys: string[] }[] = [];
  const exact: HfEntry[] = [];
  const sorted = [...histories.values()].sort((x, y) => y.ops.length - x.ops.length || x.ops[0]! - y.ops[0]!);
  for (const h of sorted) {
    const entry = composedEntry(h.ops.map((i) => nameOps[i]!));
    if (entry) {
      const same = general.find((g) => g.entry.pattern === entry.pattern && g.entry.replacement === entry.replacement);
      if (same) same.keys.push(...h.keys);
      else general.push({ entry, keys: [...h.keys] });
    } else {
      const { entries: families, rest } = familyEntries(h.keys, plan.mapping);
      general.push(...families);
      for (const k of rest) exact.push(exactEntry(k, plan.mapping[k]));
    }
  }
  // The dict is keyed by pattern: two entries with one pattern would be one entry holding the later
  // value. A pattern several general entries share is said key by key instead.
  const perPattern = new Map<string, number>();
  for (const g of general) perPattern.set(g.entry.pattern, (perPattern.get(g.entry.pattern) ?? 0) + 1);
  const composed: HfEntry[] = [];
  for (const g of general) {
    if (perPattern.get(g.entry.pattern) === 1) composed.push(g.entry);
    else for (const k of g.keys) exact.push(exactEntry(k, plan.mapping[k]));
  }
  let entries = [...exact, ...composed];
  // Check against the plan; keys still wrong get an exact entry ahead of everything.
  const fixes: HfEntry[] = [];
  // several keys ending as one tensor are joined (concat, stack): renaming each to that name would make
  // them overwrite one another, so they get no entry of their own — the join is listed as inexpressible
  const sources = new Map<string, number>();
  for (const want of Object.values(plan.mapping)) if (typeof want === 'string') sources.set(want, (sources.get(want) ?? 0) + 1);
  let joinedKeys = 0;
  const joinedInto = new Set<string>();
  for (const [key, want] of Object.entries(plan.mapping)) {
    if (typeof want !== 'string') {
      if (Array.isArray(want)) notExpressible.push(`'${key}' becomes several tensors`);
      continue;
    }
    if (sources.get(want)! > 1) {
      joinedKeys++;
      joinedInto.add(want);
      continue;
    }
    if (applyHfKeyMapping(asPythonDict(entries), key) !== want) fixes.push(exactEntry(key, want));
  }
  if (joinedKeys > 0) notExpressible.push(`${joinedKeys} keys are joined into ${joinedInto.size} tensors (${templatesText([...joinedInto])}): a key_mapping gives each key one name of its own`);
  // a fix replaces the entry (an exact one) that has its pattern, rather than sharing the pattern with it
  const fixed = new Set(fixes.map((f) => f.pattern));
  entries = [...fixes, ...entries.filter((e) => !fixed.has(e.pattern))];
  return { entries: asPythonDict(entries), notExpressible };
}

const isIndex = isIndexSegment;

/**
 * Keys that several renames touch, which no single rename composes: one entry per indexed family
 * (`^module\.layers\.(\d+)\.attention\.wq\.weight$` → `model.layers.$1.self_attn.q_proj.weight`)
 * when every key of the family lands where the plan says; the others are left for exact entries.
 */
function familyEntries(keys: readonly string[], mapping: Plan['mapping']): { entries: { entry: HfEntry; keys: string[] }[]; rest: string[] } {
  const families = new Map<string, { entry: HfEntry; keys: string[] }>();
  const rest: string[] = [];
  for (const key of keys) {
    const want = mapping[key];
    if (typeof want !== 'string') {
      rest.push(key);
      continue;
    }
    const segs = splitKey(key);
    const indexAt = segs.flatMap((seg, i) => (isIndex(seg) ? [i] : []));
    const groupOf = new Map<string, number>();
    indexAt.forEach((i, g) => {
      if (!groupOf.has(segs[i]!)) groupOf.set(segs[i]!, g + 1);
    });
    const pattern = `^${segs.map((seg) => (isIndex(seg) ? '(\\d+)' : escapeRegex(seg))).join('\\.')}$`;
    const replacement = want
      .split('.')
      .map((seg) => (isIndex(seg) && groupOf.has(seg) ? `$${groupOf.get(seg)}` : seg.replace(/\$/g, '$$$$')))
      .join('.');
    const id = `${pattern}\u0000${replacement}`;
    const f = families.get(id);
    if (f) f.keys.push(key);
    else families.set(id, { entry: { pattern, replacement }, keys: [key] });
  }
  const entries: { entry: HfEntry; keys: string[] }[] = [];
  for (const family of families.values()) {
    const { entry, keys: members } = family;
    // e.g. a number that is an index in the source but fixed in the target makes the family too wide
    if (reproducesAll(entry, members, mapping)) entries.push(family);
    else rest.push(...members);
  }
  return { entries, rest };
}

function reproducesAll(entry: HfEntry, keys: readonly string[], mapping: Plan['mapping']): boolean {
  return keys.every((k) => applyHfKeyMapping([entry], k) === mapping[k]);
}

function exactEntry(key: string, target: Plan['mapping'][string] | undefined): HfEntry {
  const t = typeof target === 'string' ? target : key;
  return { pattern: `^${escapeRegex(key)}$`, replacement: t.replace(/\$/g, '$$$$') };
}

export function emitHf(plan: Plan, caveats: readonly string[] = []): string {
  const { entries, notExpressible } = hfKeyMapping(plan);
  const lines = [
    generatedByLine(plan),
    ...caveats,
    ...selectionNote(plan, { name: "transformers' from_pretrained", reads: 'each weights file as the state dict itself' }),
    '# transformers applies the first pattern that matches each key, so the order below matters.',
    '# Use: model = AutoModel.from_pretrained(path, key_mapping=key_mapping)',
    'key_mapping = {',
    ...entries.map((e) => `    ${pyStr(e.pattern)}: ${pyStr(pyReplacement(e.replacement))},`),
    '}',
  ];
  if (notExpressible.length) {
    lines.push('# Not expressible as a key_mapping (apply the plan with `sdmatch apply` or --emit python):');
    for (const n of notExpressible) lines.push(oneCommentLine(`#   ${n}`));
  }
  // why each drop, as the other emitters say it: a drop the error text points away from says so (review8 p6)
  const drops = plan.ops.filter((o) => o.op === 'drop');
  if (drops.length) {
    lines.push('# Why each drop:');
    for (const o of drops) lines.push(oneCommentLine(`#   ${describeOp(o)}: ${o.reason}`));
  }
  return `${lines.join('\n')}\n`;
}

