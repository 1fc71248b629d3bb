/**
 * Long key lists made readable, the one implementation every report uses: numbers collapse, whole
 * segments and numbers inside names alike (`layers.{0..11}.attn.qkv.weight`, `encoder_layer_{0..11}`,
 * `x_{0..3}_{0..3}`, with gaps `{0..3,5,7..9}`, as a shell's brace expansion reads), and sibling leaves
 * share a line (`bn1.{weight,bias,running_mean}`). Every pattern is an exact cross product of what it
 * shows, so it stands for precisely the keys listed under it. Renames (`from → to` pairs) group the same
 * way when both sides carry the same numbers (`blocks.{0..11}.attn.q → layers.{0..11}.self_attn.q_proj`).
 * Groups keep the order in which their first key appears, which keeps a module's keys together.
 */
import { splitKey } from './key-tokens.js';

export interface GroupedKey {
  /** what to print: a key, or a pattern such as `layers.[0-11].attn.{q_proj,k_proj}.weight` */
  pattern: string;
  /** the first segment of the keys (their top-level module), for headings */
  module: string;
  /** the keys the pattern stands for, in input order */
  keys: string[];
}

/** `[0,1,2,3,5,7,8,9]` → `{0..3,5,7..9}`; a single value prints bare; runs of two as `a,b`. */
export function formatIndexSet(values: readonly number[]): string {
  const v = [...new Set(values)].sort((a, b) => a - b);
  if (v.length === 1) return String(v[0]);
  const parts: string[] = [];
  for (let i = 0; i < v.length; ) {
    let j = i;
    while (j + 1 < v.length && v[j + 1] === v[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${v[i]}..${v[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(v[k]));
    i = j + 1;
  }
  return `{${parts.join(',')}}`;
}

/** Where a number stood in a name; braces never occur in real module names. */
const SLOT = '{}';

/**
 * A digit run that prints back as it was read: `0`, or 1–9 digits without a leading zero (`01` or a
 * 12-digit id stays part of the name, as key-tokens' isIndexSegment says for whole segments).
 */
const NUMBER = /(?<!\d)(?:0|[1-9]\d{0,8})(?!\d)/g;

/** A key with every number taken out: `encoder_layer_3.fc1` → `encoder_layer_{}.fc{}`, [3, 1]. */
interface NameTemplate {
  template: string;
  indices: number[];
}

function nameTemplate(key: string): NameTemplate {
  const indices: number[] = [];
  const template = key.replace(NUMBER, (d) => {
    indices.push(Number(d));
    return SLOT;
  });
  return { template, indices };
}

/** The template's segments with each slot filled, left to right (a slot may hold `{0..11}`, dots and all). */
function fill(template: string, slots: readonly string[]): string[] {
  let i = 0;
  return splitKey(template).map((seg) => seg.replace(/\{\}/g, () => slots[i++]!));
}

/** One key on its way through factoring: its indices, and where it stood in the input. */
interface Row {
  t: number[];
  key: string;
  pos: number;
}

interface Factor {
  /** one rendering per index position from `depth` on */
  slots: string[];
  rows: Row[];
}

function isCrossProduct(rows: readonly Row[], depth: number): boolean {
  const width = rows[0]!.t.length;
  let product = 1;
  for (let p = depth; p < width; p++) {
    const seen = new Set<number>();
    for (const r of rows) seen.add(r.t[p]!);
    product *= seen.size;
    if (product > rows.length) return false;
  }
  return product === rows.length;
}

/**
 * Split rows into cross products of their indices (from position `depth` on), the first position
 * outermost; values of that position whose remainders factor identically share one pattern.
 */
function factor(rows: Row[], depth: number): Factor[] {
  const width = rows[0]!.t.length;
  if (depth === width) return [{ slots: [], rows }];
  if (isCrossProduct(rows, depth)) {
    const slots: string[] = [];
    for (let p = depth; p < width; p++) slots.push(formatIndexSet(rows.map((r) => r.t[p]!)));
    return [{ slots, rows }];
  }
  const byFirst = new Map<number, Row[]>();
  for (const r of rows) {
    const v = r.t[depth]!;
    const list = byFirst.get(v);
    if (list) list.push(r);
    else byFirst.set(v, [r]);
  }
  const bySub = new Map<string, { values: number[]; subs: Factor[][] }>();
  for (const [v, group] of byFirst) {
    const sub = factor(group, depth + 1);
    const sig = sub.map((f) => f.slots.join('|')).join('||');
    const entry = bySub.get(sig);
    if (entry) {
      entry.values.push(v);
      entry.subs.push(sub);
    } else bySub.set(sig, { values: [v], subs: [sub] });
  }
  const out: Factor[] = [];
  for (const { values, subs } of bySub.values()) {
    const head = formatIndexSet(values);
    subs[0]!.forEach((f, i) => out.push({ slots: [head, ...f.slots], rows: subs.flatMap((sub) => sub[i]!.rows) }));
  }
  return out;
}

interface Draft {
  segments: string[];
  keys: string[];
  first: number;
}

/** A segment another pattern may differ in: a plain name, not an index nor a collapsed set or earlier merge. */
function mergeable(seg: string): boolean {
  return !/^\d/.test(seg) && !/[{},]/.test(seg);
}

/**
 * Merge runs of neighbouring drafts (in first-appearance order) that differ only in the segment at
 * `fromEnd` from the end: `q_proj.weight`, `k_proj.weight` → `{q_proj,k_proj}.weight`. Every draft
 * is a cross product, so the merge is one too.
 */
function mergeSiblings(drafts: Draft[], fromEnd: number): Draft[] {
  const out: Draft[] = [];
  let run: Draft[] = [];
  let runSig = '';
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    else if (run.length > 1) {
      const p = run[0]!.segments.length - fromEnd;
      const segments = [...run[0]!.segments];
      segments[p] = `{${run.map((d) => d.segments[p]).join(',')}}`;
      out.push({ segments, keys: run.flatMap((d) => d.keys), first: run[0]!.first });
    }
    run = [];
  };
  for (const d of drafts) {
    const p = d.segments.length - fromEnd;
    const sig = p >= 0 && d.segments.length >= 2 && mergeable(d.segments[p]!) ? `${d.segments.length}|${d.segments.map((s, i) => (i === p ? '*' : s)).join('.')}` : null;
    if (sig !== null && run.length > 0 && sig === runSig) {
      run.push(d);
      continue;
    }
    flush();
    run = [d];
    runSig = sig ?? '\u0000';
  }
  flush();
  return out;
}

/**
 * Rows gathered by template, each template's rows factored into cross products, in order of their first
 * row. `template` returns the grouping template (rows of one template share their slots' count) or null
 * for an item that stands alone.
 */
function collapse<T extends { pos: number }>(items: readonly T[], template: (x: T) => NameTemplate | null): { rows: (Row & { item: T })[]; slots: string[] | null; template: string }[] {
  const byTemplate = new Map<string, (Row & { item: T })[]>();
  const alone: { rows: (Row & { item: T })[]; slots: null; template: string }[] = [];
  for (const item of items) {
    const t = template(item);
    if (t === null) {
      alone.push({ rows: [{ t: [], key: '', pos: item.pos, item }], slots: null, template: '' });
      continue;
    }
    const row = { t: t.indices, key: '', pos: item.pos, item };
    const rows = byTemplate.get(t.template);
    if (rows) rows.push(row);
    else byTemplate.set(t.template, [row]);
  }
  const out: { rows: (Row & { item: T })[]; slots: string[] | null; template: string }[] = [...alone];
  for (const [template, rows] of byTemplate) {
    for (const f of factor(rows, 0)) {
      const fr = f.rows as (Row & { item: T })[];
      fr.sort((a, b) => a.pos - b.pos);
      out.push({ rows: fr, slots: fr.length === 1 ? null : f.slots, template });
    }
  }
  return out.sort((a, b) => a.rows[0]!.pos - b.rows[0]!.pos);
}

export function groupKeys(keys: readonly string[]): GroupedKey[] {
  const seen = new Set<string>();
  const items: { key: string; pos: number }[] = [];
  keys.forEach((key, pos) => {
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ key, pos });
  });
  let drafts: Draft[] = collapse(items, (x) => nameTemplate(x.key)).map((g) => ({
    segments: g.slots === null ? g.rows[0]!.item.key.split('.') : fill(g.template, g.slots),
    keys: g.rows.map((r) => r.item.key),
    first: g.rows[0]!.pos,
  }));
  // leaves first (`bn1.{weight,bias}`), then the module name before a shared leaf (`{q_proj,k_proj}.weight`)
  drafts = mergeSiblings(mergeSiblings(drafts, 1), 2);
  return drafts.map((d) => ({ pattern: d.segments.join('.'), module: d.segments.length > 1 ? d.keys[0]!.slice(0, d.keys[0]!.indexOf('.')) : '', keys: d.keys }));
}

export interface RenameLike {
  from: string;
  to: string;
}

export interface GroupedRename<R extends RenameLike> {
  /** `blocks.{0..11}.attn.q.weight`, or the one key */
  from: string;
  /** `layers.{0..11}.self_attn.q_proj.weight`, with the same numbers in the same slots */
  to: string;
  /** the renames it stands for, in input order */
  renames: R[];
}

/**
 * Renames grouped by the template that produced them: pairs whose names differ in the same way, and whose
 * numbers differ by the same offset in each slot (none, or a renumbering such as `blocks.{i}` →
 * `layers.{i-1}`), collapse into one `from → to` line. The sets in a slot correspond in order
 * (`blocks.{3..11}` → `layers.{2..10}`), so every line reads as exactly the renames it stands for; a pair
 * whose numbers move otherwise (`blocks.{i}` → `stages.{i//3}`) stands alone.
 */
export function groupRenames<R extends RenameLike>(renames: readonly R[]): GroupedRename<R>[] {
  const items = renames.map((r, pos) => ({ r, pos, from: nameTemplate(r.from), to: nameTemplate(r.to) }));
  const offsets = (x: (typeof items)[number]): number[] | null =>
    x.from.indices.length === x.to.indices.length ? x.from.indices.map((v, i) => x.to.indices[i]! - v) : null;
  const groups = collapse(items, (x) => {
    const shift = offsets(x);
    return shift ? { template: `${x.from.template}\u0000${x.to.template}\u0000${shift.join(',')}`, indices: x.from.indices } : null;
  }).map((g) => {
    const first = g.rows[0]!.item;
    const renamesOf = g.rows.map((row) => row.item.r);
    if (g.slots === null) return { from: splitKey(first.r.from), to: splitKey(first.r.to), renames: renamesOf };
    // each slot's set on the target side: the same rows' numbers there (the source set shifted by the offset)
    const toSlots = g.slots.map((_, p) => formatIndexSet(g.rows.map((row) => row.item.to.indices[p]!)));
    return { from: fill(first.from.template, g.slots), to: fill(first.to.template, toSlots), renames: renamesOf };
  });
  return mergeLeaves(groups).map((g) => ({ from: g.from.join('.'), to: g.to.join('.'), renames: g.renames }));
}

/**
 * Neighbouring rename groups that differ only in a leaf both sides share (`….q.weight → ….query.weight`,
 * `….q.bias → ….query.bias`) become one line: `….q.{weight,bias} → ….query.{weight,bias}`.
 */
function mergeLeaves<R>(groups: { from: string[]; to: string[]; renames: R[] }[]): { from: string[]; to: string[]; renames: R[] }[] {
  const out: { from: string[]; to: string[]; renames: R[] }[] = [];
  const stem = (g: { from: string[]; to: string[] }) => `${g.from.slice(0, -1).join('.')}\u0000${g.to.slice(0, -1).join('.')}`;
  const leafOk = (g: { from: string[]; to: string[] }) => g.from.length >= 2 && g.to.length >= 2 && g.from.at(-1) === g.to.at(-1) && mergeable(g.from.at(-1)!);
  let run: { from: string[]; to: string[]; renames: R[] }[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    else if (run.length > 1) {
      const leaves = `{${run.map((g) => g.from.at(-1)).join(',')}}`;
      out.push({ from: [...run[0]!.from.slice(0, -1), leaves], to: [...run[0]!.to.slice(0, -1), leaves], renames: run.flatMap((g) => g.renames) });
    }
    run = [];
  };
  for (const g of groups) {
    // the same count per group, so the merged line is still a cross product
    if (run.length > 0 && leafOk(g) && leafOk(run[0]!) && stem(g) === stem(run[0]!) && g.renames.length === run[0]!.renames.length) {
      run.push(g);
      continue;
    }
    flush();
    run = [g];
  }
  flush();
  return out;
}

export interface RenderOptions {
  /** at most this many lines; the rest is summarised in a final line */
  maxLines?: number;
  /** append `(N keys)` to patterns that stand for more than one key */
  counts?: boolean;
}

/** The groups as lines of text, for the terminal report. */
export function renderGroups(groups: readonly GroupedKey[], opts: RenderOptions = {}): string[] {
  const line = (g: GroupedKey) => (opts.counts && g.keys.length > 1 ? `${g.pattern}  (${g.keys.length} keys)` : g.pattern);
  const max = opts.maxLines ?? Infinity;
  if (groups.length <= max) return groups.map(line);
  const shown = groups.slice(0, Math.max(0, max - 1));
  const rest = groups.slice(shown.length);
  const restKeys = rest.reduce((n, g) => n + g.keys.length, 0);
  return [...shown.map(line), `… and ${restKeys} more key${restKeys === 1 ? '' : 's'} in ${rest.length} more line${rest.length === 1 ? '' : 's'}`];
}
