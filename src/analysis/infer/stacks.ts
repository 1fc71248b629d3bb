/**
 * Stacked tensors: per-expert (or per-head) weights on one side, one tensor per layer with a new leading
 * dimension on the other (llama.cpp's ffn_gate_exps, transformers v5 fused experts). A target key of shape
 * [n, …rest] takes the source keys that differ only in one index running 0..n−1, each of shape rest, and
 * whose other indices are the target's own (layer 3 stacks into layer 3). One such group: it is the stack.
 * Several of the same shape (Mixtral's w1 and w3 are both [ffn, hidden]) are paired with the targets of
 * the same shape and layer where names say which is which: words of their own, or the roles a known
 * naming convention gives them (w1 = gate, w3 = up: role-names.ts). Otherwise they are listed as an
 * ambiguity, never paired by order: a model may define `up` before `gate`, and a sorted side's order
 * is the alphabet's (review10 F3: the order pairing loaded strict=True with gate and up swapped).
 *
 * A target no single group fits may be several groups stacked and then joined along the next dim
 * (transformers v5's `experts.gate_up_proj` [n, 2·ffn, d] is w1 and w3 stacked over experts, then
 * concatenated): each group fits as a stack would but for dim 1, their dims 1 add up exactly, and the
 * target's name lists the parts, which gives the order (findJoinedStacks). Without such a name the
 * order would be a guess: the groups are listed as an ambiguity instead.
 */
import { CONFIDENCE } from './confidence.js';
import { listedOrder } from './fused.js';
import type { Ambiguity, Located, Pool } from './types.js';
import { isIndexSegment, splitKey, wordsOf } from '../key-tokens.js';
import { wordSimilarity } from './similarity.js';
import { rolesOf } from './role-names.js';

export interface StackMatch {
  /** in stacking order: index 0, 1, … */
  sources: string[];
  target: string;
  dim: number;
  confidence: number;
  evidence: string;
  /**
   * several groups, each stacked along `dim`, then joined along `join.dim` in this order: `sources`
   * is their concatenation (what the target is made from)
   */
  join?: { parts: string[][]; dim: number };
}

interface Group {
  id: string;
  /** the source keys in index order */
  keys: string[];
  /** the other indices of the keys (what the target must carry) */
  fixed: string;
  shape: string;
  pos: number;
}

const shapeText = (s: readonly number[]) => s.join(',');

function indexValues(key: string): string {
  return splitKey(key).filter(isIndexSegment).join(',');
}

/** Source groups: keys alike but for one index that runs 0..n−1, n ≥ 2, all of one shape. */
function sourceGroups(source: ReadonlyMap<string, Located>): Map<string, Group[]> {
  const raw = new Map<string, { at: number[]; keys: string[]; fixed: string; shape: string; pos: number }>();
  for (const e of source.values()) {
    if (!e.shape) continue;
    const segs = splitKey(e.key);
    segs.forEach((seg, p) => {
      if (!isIndexSegment(seg)) return;
      const templ = [...segs.slice(0, p), '{}', ...segs.slice(p + 1)].join('.');
      const shape = shapeText(e.shape!);
      const id = `${templ}|${shape}`;
      let g = raw.get(id);
      if (!g) raw.set(id, (g = { at: [], keys: [], fixed: segs.filter((s, i) => i !== p && isIndexSegment(s)).join(','), shape, pos: e.pos }));
      g.at.push(Number(seg));
      g.keys.push(e.key);
      g.pos = Math.min(g.pos, e.pos);
    });
  }
  // by (count, member shape, fixed indices): what a target of shape [count, …] at those indices can take
  const out = new Map<string, Group[]>();
  for (const [id, g] of raw) {
    const n = g.keys.length;
    if (n < 2) continue;
    const order = g.at.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    if (order.some(([v], i) => v !== i)) continue;
    const group: Group = { id, keys: order.map(([, i]) => g.keys[i]!), fixed: g.fixed, shape: g.shape, pos: g.pos };
    const k = `${n}|${g.shape}|${g.fixed}`;
    (out.get(k) ?? out.set(k, []).get(k)!).push(group);
  }
  return out;
}

export function findStacks(pool: Pool, reorderedTargets: ReadonlySet<string> = new Set()): { stacks: StackMatch[]; ambiguities: Ambiguity[] } {
  const stacks: StackMatch[] = [];
  const ambiguities: Ambiguity[] = [];
  const targets = [...pool.target.values()].filter((t) => t.shape && t.shape.length >= 2 && t.shape[0]! >= 2);
  if (targets.length === 0) return { stacks, ambiguities };
  const groups = sourceGroups(pool.source);
  if (groups.size === 0) return { stacks, ambiguities };
  // targets that want the same kind of group, in state-dict order
  const wanting = new Map<string, Located[]>();
  for (const t of targets) {
    const k = `${t.shape![0]}|${shapeText(t.shape!.slice(1))}|${indexValues(t.key)}`;
    if (!groups.has(k)) continue;
    (wanting.get(k) ?? wanting.set(k, []).get(k)!).push(t);
  }
  const used = new Set<string>();
  const stack = (g: Group, t: Located, confidence: number, how: string) => {
    for (const key of g.keys) used.add(key);
    stacks.push({ sources: g.keys, target: t.key, dim: 0, confidence, evidence: `${g.keys.length} tensors [${g.shape}] stack into [${t.shape!.join(', ')}]${how}` });
  };
  for (const [k, ts] of wanting) {
    // a key may stand in groups along several of its indices: the one whose keys are all still free
    const gs = groups.get(k)!.filter((g) => g.keys.every((key) => !used.has(key)));
    if (gs.length !== ts.length) {
      ambiguities.push({ keys: ts.map((t) => t.key).slice(0, 8), candidates: gs.map((g) => g.keys[0]!).slice(0, 8), reason: `${ts.length} stacked tensor(s) of this shape and ${gs.length} groups of tensors that could be stacked into them: not paired` });
      continue;
    }
    gs.sort((a, b) => a.pos - b.pos);
    ts.sort((a, b) => a.pos - b.pos);
    if (gs.length === 1) {
      stack(gs[0]!, ts[0]!, CONFIDENCE.stackUnique, '');
      continue;
    }
    // several alike: the words each group's keys do not share with the others name its target, or a
    // known naming convention gives both sides' names roles (Mixtral's `w1` is the gate projection, `w3`
    // the up one: role-names.ts). Their order is no evidence of which is which: a model may define `up`
    // before `gate`, a side sorted by name lists the alphabet, and `w1` before `w3` says nothing of the
    // target (review10 F3) — so the rest is listed, never paired by order
    const byName = singledOutByName(gs, ts);
    const byRole = byName ? null : singledOutByRole(gs, ts, groups, pool.target);
    if (byName) byName.forEach((t, i) => stack(gs[i]!, t, CONFIDENCE.stackByName, `; ${gs.length} such groups, each named like its target`));
    else if (byRole) byRole.forEach((t, i) => stack(gs[i]!, t, CONFIDENCE.stackByName, `; ${gs.length} such groups, paired by the roles a known naming convention gives their names (${byRole.why[i]})`));
    else {
      const reordered = ts.some((t) => underReordered(t.key, reorderedTargets));
      ambiguities.push({
        keys: gs.map((g) => g.keys[0]!).slice(0, 8),
        candidates: ts.map((t) => t.key).slice(0, 8),
        reason: `${gs.length} groups of tensors that stack alike into ${ts.length} tensors of one shape${reordered ? ', in a module the two sides define in another order' : ''}, names not saying which is which (and order is no evidence of it): not paired`,
      });
    }
  }
  const joined = findJoinedStacks(targets.filter((t) => !stacks.some((s) => s.target === t.key)), groups, used);
  return { stacks: [...stacks, ...joined.stacks], ambiguities: [...ambiguities, ...joined.ambiguities] };
}

/** whether a model key lies in a module (or below one) whose parts module alignment saw defined in another order ('' is the root) */
function underReordered(key: string, reordered: ReadonlySet<string>): boolean {
  if (reordered.size === 0) return false;
  if (reordered.has('')) return true;
  for (let at = key.indexOf('.'); at > 0; at = key.indexOf('.', at + 1)) if (reordered.has(key.slice(0, at))) return true;
  return false;
}

/**
 * A group's words set against its look-alikes' (`gate_proj` among `gate_proj`, `up_proj`) need to read
 * like one target's own words by this much more than like any other's: a twentieth of the similarity
 * scale, so a shared letter or rounding never decides, a word read (`gate` in `ffn_gate_exps`) does
 */
const NAME_MARGIN = 0.05;

/** Each group's own words (those its look-alikes lack) against each target's: the one target each names, or null where names leave any open. */
function singledOutByName(gs: readonly Group[], ts: readonly Located[]): Located[] | null {
  const own = (texts: readonly string[]) => {
    const words = texts.map((x) => wordsOf(x));
    const everywhere = words.reduce((acc, w) => acc.filter((x) => w.includes(x)));
    return words.map((w) => w.filter((x) => !everywhere.includes(x)));
  };
  const a = own(gs.map((g) => g.id.slice(0, g.id.indexOf('|'))));
  const b = own(ts.map((t) => t.key));
  const sim = a.map((x) => b.map((y) => wordSimilarity(x, y)));
  const out: Located[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < gs.length; i++) {
    const row = sim[i]!;
    const j = row.indexOf(Math.max(...row));
    const col = sim.map((r) => r[j]!);
    if (row[j]! <= 0 || taken.has(j)) return null;
    if (row.some((v, j2) => j2 !== j && row[j]! - v < NAME_MARGIN) || col.some((v, i2) => i2 !== i && row[j]! - v < NAME_MARGIN)) return null;
    taken.add(j);
    out.push(ts[j]!);
  }
  return out;
}

/**
 * Groups and targets paired by the roles a known naming convention (role-names.ts) gives the segment
 * where their names differ (`w1`, `w3` among `w1`, `w2`, `w3`; `ffn_gate_exps`, `ffn_up_exps` among
 * their module's tensors): each target in the groups' order, with the role's name; null unless every
 * group has a role, every target one, and they pair one to one.
 */
function singledOutByRole(gs: readonly Group[], ts: readonly Located[], all: ReadonlyMap<string, Group[]>, targets: ReadonlyMap<string, Located>): (Located[] & { why: string[] }) | null {
  const templates = [...all.values()].flat().map((g) => g.id.slice(0, g.id.indexOf('|')));
  const a = rolesAmong(gs.map((g) => g.id.slice(0, g.id.indexOf('|'))), templates);
  const b = a && rolesAmong(ts.map((t) => t.key), [...targets.keys()]);
  if (!a || !b) return null;
  const out = Object.assign([] as Located[], { why: [] as string[] });
  for (let i = 0; i < a.labels.length; i++) {
    const j = b.roles.indexOf(a.roles[i]!);
    if (j < 0) return null;
    out.push(ts[j]!);
    out.why.push(`${a.labels[i]} → ${b.labels[j]}: ${a.roles[i]}`);
  }
  return out;
}

/**
 * The roles of names that differ in one segment, that segment read among its siblings: the same segment
 * of every name in `among` alike but for it (its module's other children); null where rolesOf says none.
 */
function rolesAmong(names: readonly string[], among: Iterable<string>): { labels: string[]; roles: string[] } | null {
  const labels = labelsOf(names);
  if (!labels) return null;
  const segs = names[0]!.split('.');
  const at = segs.findIndex((s, i) => s !== names[1]!.split('.')[i]);
  const siblings = new Set<string>();
  for (const n of among) {
    const o = splitKey(n);
    if (o.length > at && o.slice(0, at).every((x, i) => x === segs[i])) siblings.add(o[at]!);
  }
  const roles = rolesOf(labels, siblings);
  return roles ? { labels, roles } : null;
}

/** The segment where templates differ (`w1`/`w3` of `….experts.{}.w1.weight`), one per template; null if not exactly one position. */
function labelsOf(templates: readonly string[]): string[] | null {
  const segs = templates.map((t) => splitKey(t));
  if (segs.some((s) => s.length !== segs[0]!.length)) return null;
  const differ = segs[0]!.flatMap((_, i) => (segs.some((s) => s[i] !== segs[0]![i]) ? [i] : []));
  return differ.length === 1 ? segs.map((s) => s[differ[0]!]!) : null;
}

/** Targets [n, S, …rest] that are several free groups of n tensors [s_j, …rest] (Σ s_j = S) stacked, then joined along dim 1. */
function findJoinedStacks(targets: readonly Located[], groups: ReadonlyMap<string, Group[]>, used: Set<string>): { stacks: StackMatch[]; ambiguities: Ambiguity[] } {
  const stacks: StackMatch[] = [];
  const ambiguities: Ambiguity[] = [];
  // free groups by (count, member dims after the first, fixed indices): what a joined target can take
  const byRest = new Map<string, Group[]>();
  for (const [k, gs] of groups) {
    const [n, shape, fixed] = k.split('|') as [string, string, string];
    const dims = shape.split(',');
    if (dims.length < 2) continue;
    const rk = `${n}|${dims.slice(1).join(',')}|${fixed}`;
    (byRest.get(rk) ?? byRest.set(rk, []).get(rk)!).push(...gs);
  }
  for (const t of targets) {
    if (t.shape!.length < 3) continue;
    const candidates = (byRest.get(`${t.shape![0]}|${shapeText(t.shape!.slice(2))}|${indexValues(t.key)}`) ?? []).filter((g) => g.keys.every((k) => !used.has(k)));
    if (candidates.length < 2) continue;
    const dim0 = (g: Group) => Number(g.shape.split(',')[0]);
    // the groups whose module the target's name lists, in its order; else every candidate (an ambiguity if they fit)
    const labels = labelsOf(candidates.map((g) => g.id.slice(0, g.id.indexOf('|'))));
    const order = labels ? listedOrder(t.key, labels) : null;
    if (!order) {
      if (candidates.reduce((a, g) => a + dim0(g), 0) === t.shape![1]) {
        ambiguities.push({ keys: [t.key], candidates: candidates.map((g) => g.keys[0]!).slice(0, 8), reason: `${candidates.length} groups of stacked tensors add up to it along dim 1, but its name does not say in which order they join: not joined` });
      }
      continue;
    }
    const parts = order.map((i) => candidates[i]!);
    if (parts.reduce((a, g) => a + dim0(g), 0) !== t.shape![1]) continue;
    for (const g of parts) for (const k of g.keys) used.add(k);
    stacks.push({
      sources: parts.flatMap((g) => g.keys),
      target: t.key,
      dim: 0,
      join: { parts: parts.map((g) => g.keys), dim: 1 },
      confidence: CONFIDENCE.stackJoined,
      evidence: `${parts.map((g, i) => `${g.keys.length} × [${g.shape}] (${labels![order[i]!]})`).join(' and ')} stacked along a new dim 0 and joined along dim 1 make [${t.shape!.join(', ')}]; the order ${order.map((i) => labels![i]).join(', ')} is the one its name lists`,
    });
  }
  return { stacks, ambiguities };
}
