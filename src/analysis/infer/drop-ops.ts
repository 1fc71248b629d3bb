/**
 * Step 6c: drop ops for the tensors the plan discards, as few as possible: the widest module prefix
 * (`^head\.`), a name ending (`(^|\.)num_batches_tracked$`, `(^|\.)attn\.masked_bias$`) or an
 * indexed template (`^h\.\d+\.attn\.bias$`) that matches only discarded keys, else the exact key.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { isIndexSegment, splitKey } from '../key-tokens.js';
import { escapeRegex } from './regex.js';

type DropOp = Extract<PlanOp, { op: 'drop' }>;

export interface DropRequest {
  /** the key's name at this point of the ops */
  name: string;
  source: string;
  /** `shape [a] vs [b]`, or '' when the key has no counterpart at all */
  detail: string;
  /** `classifier of another class count` */
  why: string;
  /** dropped for having no counterpart in the model (judge-shapes.ts): its drop op says so in `no_counterpart` */
  noCounterpart?: true;
  /**
   * the pattern of the role that makes it droppable (`_slot_(?:v|vr|vc|m)$`, key-roles.ts), when one
   * does: a form of its own, which names every such key in one op however their names differ before it
   */
  rolePattern?: RegExp;
}

/** Endings of more segments than this are not proposed: they would read as the key itself. */
const MAX_ENDING = 3;

interface Form {
  pattern: string;
  /** a name matches when this holds (cheaper than the regex, same meaning) */
  test: (name: string) => boolean;
  /** wider forms first on equal coverage */
  rank: number;
  /** a module prefix (rank 0): the text every name it matches starts with, up to a dot of the name */
  prefix?: string;
  /** a name ending (rank 1): the last `endingSegments` segments of every name it matches, joined */
  ending?: string;
  endingSegments?: number;
}

export function formsOf(name: string, role?: RegExp): Form[] {
  const segs = splitKey(name);
  const out: Form[] = [];
  if (role) out.push({ pattern: role.source, test: (k) => role.test(k), rank: -1 });
  for (let n = 1; n < segs.length; n++) {
    const p = `${segs.slice(0, n).join('.')}.`;
    out.push({ pattern: `^${escapeRegex(p)}`, test: (k) => k.startsWith(p), rank: 0, prefix: p });
  }
  for (let n = 1; n <= Math.min(MAX_ENDING, segs.length - 1); n++) {
    const e = segs.slice(segs.length - n).join('.');
    if (isIndexSegment(segs[segs.length - n]!)) continue;
    out.push({ pattern: `(^|\\.)${escapeRegex(e)}$`, test: (k) => k === e || k.endsWith(`.${e}`), rank: 1, ending: e, endingSegments: n });
  }
  if (segs.some(isIndexSegment)) {
    const re = new RegExp(`^${segs.map((s) => (isIndexSegment(s) ? '\\d+' : escapeRegex(s))).join('\\.')}$`);
    out.push({ pattern: re.source, test: (k) => re.test(k), rank: 2 });
  }
  return out;
}

/** The op's mark of keys dropped for having no counterpart, when any of its requests is one. */
function noCounterpartOf(rs: readonly DropRequest[]): { no_counterpart?: true } {
  return rs.some((r) => r.noCounterpart) ? { no_counterpart: true } : {};
}

function reasonOf(rs: readonly DropRequest[]): string {
  const whys = [...new Set(rs.map((r) => r.why))];
  if (rs.length === 1) return rs[0]!.detail ? `${rs[0]!.detail}: ${rs[0]!.why}` : rs[0]!.why;
  const shown = rs.slice(0, 3).map((r) => (r.detail ? `${r.name} ${r.detail.replace(/^shape /, '')}` : r.name));
  const more = rs.length > 3 ? ` and ${rs.length - 3} more` : '';
  return `${shown.join(', ')}${more}: ${whys.join('; ')}`;
}

/**
 * One drop naming exactly its keys (`^(?:shared\.weight|lm_head\.weight)$`): for partial key sets,
 * where any wider form could match keys never seen.
 */
function exactDropOp(requests: readonly DropRequest[]): { ops: DropOp[]; covers: string[][] } {
  const names = [...new Set(requests.map((r) => r.name))].map(escapeRegex);
  const pattern = names.length === 1 ? `^${names[0]}$` : `^(?:${names.join('|')})$`;
  return { ops: [{ op: 'drop', pattern, reason: reasonOf(requests), ...noCounterpartOf(requests) }], covers: [requests.map((r) => r.source)] };
}

/** Above this many forms to check, the names are read once for all of them (matchingOthers). */
const FORMS_SCANNED_EACH = 16;

/**
 * The forms that match a name of `universe` not in `wanted` (such a form is unsafe). A few forms are each
 * tested over every name; more (a drop per block of a flat list at 1,000,000 keys: one prefix form per
 * block, a scan of every name each) are found from the names once: each name's prefixes up to a dot and
 * its last segments looked up among the forms' (the same answers as their tests: a prefix form's text
 * ends in a dot, so a name starts with it exactly when it is the name up to one of the name's dots; an
 * ending of n segments is a name's last n segments exactly when the name is it or ends in `.` and it),
 * only the other forms (roles, indexed templates) tested name by name.
 */
export function matchingOthers(forms: readonly Form[], universe: readonly string[], wanted: ReadonlySet<string>): Set<Form> {
  const unsafe = new Set<Form>();
  if (forms.length <= FORMS_SCANNED_EACH) {
    for (const form of forms) if (!universe.every((k) => wanted.has(k) || !form.test(k))) unsafe.add(form);
    return unsafe;
  }
  const prefixes = new Map<string, Form>();
  const endings = new Map<string, Form>();
  let endingSegments = 0;
  const others: Form[] = [];
  for (const form of forms) {
    if (form.prefix !== undefined) prefixes.set(form.prefix, form);
    else if (form.ending !== undefined) {
      endings.set(form.ending, form);
      endingSegments = Math.max(endingSegments, form.endingSegments!);
    } else others.push(form);
  }
  for (const k of universe) {
    if (wanted.has(k)) continue;
    if (prefixes.size > 0) {
      for (let dot = k.indexOf('.'); dot >= 0; dot = k.indexOf('.', dot + 1)) {
        const form = prefixes.get(k.slice(0, dot + 1));
        if (form) unsafe.add(form);
      }
    }
    // the last n segments, n = 1 … endingSegments: the text after the n-th dot from the end (the whole name once it has n segments)
    for (let n = 1, end = k.length; n <= endingSegments; n++) {
      // (lastIndexOf reads a negative start as 0: a name starting with a dot would find that dot again)
      const dot = end > 0 ? k.lastIndexOf('.', end - 1) : -1;
      const form = endings.get(dot < 0 ? k : k.slice(dot + 1));
      if (form) unsafe.add(form);
      if (dot < 0) break;
      end = dot;
    }
    for (const form of others) if (!unsafe.has(form) && form.test(k)) unsafe.add(form);
  }
  return unsafe;
}

/** universe: every key name at this point of the ops; exact: name the keys, never a wider form. */
export function findDropOps(requests: readonly DropRequest[], universe: readonly string[], exact = false): { ops: DropOp[]; covers: string[][] } {
  if (requests.length === 0) return { ops: [], covers: [] };
  if (exact) return exactDropOp(requests);
  const wanted = new Set(requests.map((r) => r.name));
  const forms = new Map<string, { form: Form; rs: DropRequest[] }>();
  for (const r of requests) {
    for (const form of formsOf(r.name, r.rolePattern)) {
      const have = forms.get(form.pattern);
      if (have) have.rs.push(r);
      else forms.set(form.pattern, { form, rs: [r] });
    }
  }
  // a form is safe when every name it matches is to be dropped; check only forms worth an op
  const worth = [...forms.values()].filter(({ rs }) => rs.length > 1);
  const unsafe = matchingOthers(
    worth.map(({ form }) => form),
    universe,
    wanted,
  );
  const safe = worth
    .filter(({ form }) => !unsafe.has(form))
    .sort((a, b) => b.rs.length - a.rs.length || a.form.rank - b.form.rank || a.form.pattern.length - b.form.pattern.length);
  const done = new Set<string>();
  const chosen: Chosen[] = [];
  const choose = (c: Chosen) => {
    chosen.push(c);
    for (const r of c.rs) done.add(r.name);
  };
  for (const { form, rs } of safe) {
    const fresh = rs.filter((r) => !done.has(r.name));
    // a form whose keys are mostly dropped already adds an op for little
    if (fresh.length * 2 <= rs.length || fresh.length < 2) continue;
    choose({ pattern: form.pattern, rs: fresh, ...(form.prefix !== undefined ? { shape: { segments: splitKey(form.prefix.slice(0, -1)), whole: false } } : {}) });
  }
  for (const r of requests) if (!done.has(r.name)) choose({ pattern: `^${escapeRegex(r.name)}$`, rs: [r], shape: { segments: splitKey(r.name), whole: true } });
  const ops: DropOp[] = [];
  const covers: string[][] = [];
  for (const { pattern, rs } of joinShared(chosen)) {
    ops.push({ op: 'drop', pattern, reason: reasonOf(rs), ...noCounterpartOf(rs) });
    covers.push(rs.map((r) => r.source));
  }
  return { ops, covers };
}

/** A drop chosen, before drops of one shape are joined: its form's segments when it is a module prefix or an exact key. */
interface Chosen {
  pattern: string;
  rs: DropRequest[];
  /** the prefix's segments (`x8.` → [x8]), or the whole key's (`fc.weight` → [fc, weight], whole) */
  shape?: { segments: string[]; whole: boolean };
}

/**
 * Drops of one structure joined into one op, as a person writing the conversion would
 * (`^(?:x2|x4|x8|x16|x32|bn)\.` for six aliases of the root, `^(?:fc|linear)\.weight$`): module prefixes,
 * or exact keys, with as many segments, equal but in one place, dropped for the same reasons. Each part
 * matched only dropped names, so the alternation does too: no new check. Largest group first, from one
 * pass over the drops (thousands at scale); a drop joins one group at most (one alternation a pattern),
 * and the joined op takes its first member's place.
 */
function joinShared(chosen: readonly Chosen[]): Array<{ pattern: string; rs: DropRequest[] }> {
  const groups = new Map<string, { at: number; members: Chosen[] }>();
  for (const c of chosen) {
    if (!c.shape) continue;
    const { segments, whole } = c.shape;
    // only drops of the same reasons and the same no-counterpart mark share an op (its reason and mark are theirs)
    const why = `${whole}\0${[...new Set(c.rs.map((r) => r.why))].sort().join('\0')}\0${c.rs.some((r) => r.noCounterpart)}`;
    for (let at = 0; at < segments.length; at++) {
      const key = `${segments.length}\0${at}\0${segments.map((s, i) => (i === at ? '' : s)).join('.')}\0${why}`;
      const g = groups.get(key);
      if (g) g.members.push(c);
      else groups.set(key, { at, members: [c] });
    }
  }
  const joined = new Map<Chosen, { pattern: string; rs: DropRequest[] } | null>();
  // largest first (a stable sort: on equal sizes, the first position); members another group took are left out
  for (const { at, members } of [...groups.values()].filter((g) => g.members.length > 1).sort((x, y) => y.members.length - x.members.length)) {
    const free = members.filter((c) => !joined.has(c));
    if (free.length < 2) continue;
    const { segments, whole } = free[0]!.shape!;
    const alternatives = free.map((c) => escapeRegex(c.shape!.segments[at]!));
    const parts = segments.map((s, i) => (i === at ? `(?:${alternatives.join('|')})` : escapeRegex(s)));
    joined.set(free[0]!, { pattern: `^${parts.join('\\.')}${whole ? '$' : '\\.'}`, rs: free.flatMap((c) => c.rs) });
    for (const c of free.slice(1)) joined.set(c, null);
  }
  const out: Array<{ pattern: string; rs: DropRequest[] }> = [];
  for (const c of chosen) {
    const j = joined.get(c);
    if (j === undefined) out.push({ pattern: c.pattern, rs: c.rs });
    else if (j) out.push(j);
  }
  return out;
}
