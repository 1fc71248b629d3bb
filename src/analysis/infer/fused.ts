/**
 * Step 5: fused and split tensors. One tensor on one side whose dim 0 is the sum of the dims 0 of a
 * family of tensors on the other side (`in_proj_weight` ↔ q/k/v, `qkv` ↔ `query`/`key`/`value`), or
 * whose dim 0 counts them (stacked experts ↔ one tensor per expert), is a split (or, the other way,
 * a concat). A family is a set of keys equal but for one segment; the chunk order follows q, k, v,
 * then numeric order, then the state-dict order.
 */
import { formatShape } from './shapes.js';
import { nameSimilarity } from './similarity.js';
import { isIndexSegment } from './keys.js';
import type { Ambiguity, ConcatMatch, Located, SplitMatch } from './types.js';

interface Family {
  pattern: string;
  members: Located[];
  /** the segment that differs, per member */
  labels: string[];
}

function families(side: Map<string, Located>): Family[] {
  const groups = new Map<string, { members: Located[]; labels: string[] }>();
  for (const e of side.values()) {
    if (!e.shape || e.shape.length === 0) continue;
    const segs = e.key.split('.');
    // the differing segment sits near the end: `q_proj` in `….q_proj.weight`, `3` in `experts.3.w1.weight`
    for (let p = Math.max(0, segs.length - 3); p < segs.length; p++) {
      const label = segs[p]!;
      const pattern = [...segs.slice(0, p), '*', ...segs.slice(p + 1)].join('.');
      const g = groups.get(pattern);
      if (g) {
        g.members.push(e);
        g.labels.push(label);
      } else groups.set(pattern, { members: [e], labels: [label] });
    }
  }
  const out: Family[] = [];
  for (const [pattern, g] of groups) if (g.members.length >= 2) out.push({ pattern, ...g });
  return out;
}

/**
 * Families by the exact shape a whole tensor needs to be them: [sum of dims 0, ...common trailing
 * dims] (concatenated) or [count, ...common shape] (stacked). Looking up by that keeps this linear.
 */
function indexFamilies(fams: Family[]): Map<string, Family[]> {
  const index = new Map<string, Family[]>();
  const add = (k: string, f: Family) => {
    const l = index.get(k);
    if (l) l.push(f);
    else index.set(k, [f]);
  };
  for (const f of fams) {
    const first = f.members[0]!.shape!;
    const full = first.join('x');
    if (f.members.every((m) => m.shape!.join('x') === full)) add(`${f.members.length}x${full}`, f);
    const rest = first.slice(1);
    if (f.members.every((m) => m.shape!.length === first.length && m.shape!.slice(1).every((d, i) => d === rest[i]))) {
      const sum = f.members.reduce((a, m) => a + m.shape![0]!, 0);
      add([sum, ...rest].join('x'), f);
    }
  }
  return index;
}

const QKV_ORDER: RegExp[] = [/^(w?q|query|q_?proj)$/i, /^(w?k|key|k_?proj)$/i, /^(w?v|value|v_?proj)$/i];
const GATE_UP_ORDER: RegExp[] = [/gate|^w1$/i, /up|^w3$/i];
const KV_ORDER: RegExp[] = [/^(w?k|key|k_?proj)$/i, /^(w?v|value|v_?proj)$/i];
/** words that say a tensor holds several: `qkv`, `in_proj_weight`, `gate_up_proj`, `experts` */
const FUSED_WORDS = /(^|[._])(qkv|wqkv|kv|qk|in_proj\w*|c_attn|fused\w*|packed\w*|merged\w*|gate_up\w*|experts?|stacked\w*)([._]|$)/i;

/**
 * Only a recognized set of parts (q/k/v, gate/up, indices) or a whole whose name says it is fused
 * counts: sums alone coincide too often (a 4·d MLP weight is a 3·d qkv plus a d proj).
 */
function looksFused(whole: string, f: Family): boolean {
  if (FUSED_WORDS.test(whole)) return true;
  if (f.labels.every(isIndexSegment)) return true;
  return [QKV_ORDER, GATE_UP_ORDER, KV_ORDER].some(
    (order) => f.labels.length === order.length && new Set(f.labels.map((l) => order.findIndex((re) => re.test(l)))).size === order.length && f.labels.every((l) => order.some((re) => re.test(l))),
  );
}

/** Members in chunk order. */
function chunkOrder(f: Family): number[] {
  const idx = f.members.map((_, i) => i);
  for (const order of [QKV_ORDER, GATE_UP_ORDER, KV_ORDER]) {
    if (f.labels.length === order.length) {
      const slot = f.labels.map((l) => order.findIndex((re) => re.test(l)));
      if (slot.every((s) => s >= 0) && new Set(slot).size === slot.length) return idx.sort((a, b) => slot[a]! - slot[b]!);
    }
  }
  if (f.labels.every(isIndexSegment)) return idx.sort((a, b) => Number(f.labels[a]) - Number(f.labels[b]));
  return idx.sort((a, b) => f.members[a]!.pos - f.members[b]!.pos);
}

/** How a family fits one tensor along dim 0: by sizes (concatenated) or by count (stacked). */
function fit(whole: readonly number[], f: Family): { sizes: number[]; stacked: boolean } | null {
  const shapes = f.members.map((m) => m.shape!);
  const rest = whole.slice(1);
  if (shapes.every((s) => s.length === rest.length && s.every((d, i) => d === rest[i])) && whole[0] === shapes.length) {
    return { sizes: shapes.map(() => 1), stacked: true };
  }
  if (!shapes.every((s) => s.length === whole.length && s.slice(1).every((d, i) => d === rest[i]))) return null;
  const sizes = shapes.map((s) => s[0]!);
  return sizes.reduce((a, b) => a + b, 0) === whole[0] ? { sizes, stacked: false } : null;
}

interface Found {
  whole: Located;
  family: Family;
  order: number[];
  sizes: number[];
  stacked: boolean;
  similarity: number;
}

/** Names that say a tensor holds several, for the early pass (stacked experts: `experts.w1`, not `experts.3.w1`). */
const FUSED_NAME = /(^|[._])(qkv|wqkv|kv|qk|in_proj\w*|c_attn|fused\w*|packed\w*|merged\w*|gate_up\w*|experts\.(?!\d))/i;

export function hasFusedName(key: string): boolean {
  return FUSED_NAME.test(key);
}

function findFused(wholes: Map<string, Located>, parts: Map<string, Located>): { found: Found[]; ambiguities: Ambiguity[] } {
  if (wholes.size === 0 || parts.size < 2) return { found: [], ambiguities: [] };
  const byShape = indexFamilies(families(parts));
  const found: Found[] = [];
  const ambiguities: Ambiguity[] = [];
  if (byShape.size === 0) return { found, ambiguities };
  for (const w of wholes.values()) {
    if (!w.shape || w.shape.length === 0) continue;
    const indexTokens = w.key.split('.').filter(isIndexSegment);
    const fitting: Found[] = [];
    for (const f of byShape.get(w.shape.join('x')) ?? []) {
      const shape = fit(w.shape, f);
      if (!shape) continue;
      // a fused tensor and its parts live in the same layer: every index of the whole is in the family
      const famSegs = f.pattern.split('.');
      if (!indexTokens.every((t) => famSegs.includes(t))) continue;
      if (!looksFused(w.key, f)) continue;
      const order = chunkOrder(f);
      fitting.push({ whole: w, family: f, order, sizes: order.map((i) => shape.sizes[i]!), stacked: shape.stacked, similarity: nameSimilarity(w.key, f.pattern) });
    }
    if (fitting.length === 0) continue;
    fitting.sort((a, b) => b.similarity - a.similarity);
    const [best, second] = fitting;
    if (second && second.similarity >= best!.similarity - 1e-9) {
      ambiguities.push({ keys: [w.key], candidates: fitting.slice(0, 4).map((f) => f.family.pattern), reason: 'several families of tensors add up to its shape' });
      continue;
    }
    if (best!.similarity < 0.3) continue;
    found.push(best!);
  }
  // one family serves one whole tensor
  const used = new Set<string>();
  const unique = found.filter((f) => {
    if (f.family.members.some((m) => used.has(m.key))) return false;
    for (const m of f.family.members) used.add(m.key);
    return true;
  });
  return { found: unique, ambiguities };
}

function evidence(f: Found): string {
  const parts = f.order.map((i) => f.family.members[i]!);
  const how = f.stacked ? `stacks ${parts.length} tensors of shape ${formatShape(parts[0]!.shape)}` : `dim 0 is ${f.sizes.join(' + ')}`;
  return `${formatShape(f.whole.shape)} ${how} (${f.family.pattern})`;
}

function confidence(f: Found): number {
  return Math.min(0.95, 0.75 + 0.2 * f.similarity);
}

/** Source tensors that are several target tensors. */
export function findSplits(source: Map<string, Located>, target: Map<string, Located>): { splits: SplitMatch[]; ambiguities: Ambiguity[] } {
  const { found, ambiguities } = findFused(source, target);
  const splits = found.map((f) => ({
    source: f.whole.key,
    targets: f.order.map((i) => f.family.members[i]!.key),
    dim: 0,
    sizes: f.sizes,
    confidence: confidence(f),
    evidence: evidence(f),
  }));
  return { splits, ambiguities };
}

/** Target tensors that are several source tensors. */
export function findConcats(source: Map<string, Located>, target: Map<string, Located>): { concats: ConcatMatch[]; ambiguities: Ambiguity[] } {
  const { found, ambiguities } = findFused(target, source);
  // stacking would need a new dim; `concat` joins along an existing one, so only sums qualify
  const concats = found
    .filter((f) => !f.stacked)
    .map((f) => ({
      sources: f.order.map((i) => f.family.members[i]!.key),
      target: f.whole.key,
      dim: 0,
      confidence: confidence(f),
      evidence: evidence(f),
    }));
  return { concats, ambiguities };
}
