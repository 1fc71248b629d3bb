/**
 * Pairs that the other pairs of their family contradict on the indices. A conversion numbers the blocks
 * of one sequence by one rule: LDM's `output_blocks.i` is diffusers' `up_blocks.{i//3}.resnets.{i%3}`
 * for every i (convert_ldm_unet_checkpoint). Where several blocks are look-alikes (an SD UNet whose
 * levels have equal widths: output_blocks 0..7 all 64 -> 32 channels), the pairing by order can cross
 * two of them (`output_blocks.6` -> `up_blocks.0.resnets.2`, `output_blocks.2` -> `up_blocks.2.resnets.0`),
 * and a strict load cannot see it: the shapes are equal. The rule is read off the family's pairs: per
 * target index, the one function of one source index (a shift `i - a`, a reversal `a - i`, `(i - a) // k`,
 * `(i - a) % k`, or a constant) that the most pairs follow. When at least MAJORITY times as many pairs
 * follow every index's function as break it, and the pairs that break it, renumbered by it, land on
 * model keys those same pairs held (a permutation among themselves) or that no pair holds, with the same
 * shapes, they are re-paired by it. Anything else is left as it was: a family without such a rule (stages of uneven depth
 * flattened into one list) renumbers onto keys other pairs hold, which proves nothing.
 * Read per family: source keys alike with their index segments masked, against target keys alike so.
 */
import { isIndexSegment, type KeyTokens, TokenRuns } from '../key-tokens.js';
import { goalTokens, type GoalTokens } from './goal-tokens.js';

/** how many times as many pairs must follow the family's index rule as break it */
const MAJORITY = 2;
/** pairs of a family searched beyond a plain shift (a UNet's blocks; a model's layers fit a shift at once) */
const MAX_ROWS = 256;
/** the largest group size `// k` and `% k` try */
const MAX_K = 8;

interface IndexFn {
  kind: 'const' | 'shift' | 'rev' | 'div' | 'mod';
  /** which source index it reads */
  q: number;
  a: number;
  k: number;
}

function applyFn(f: IndexFn, x: readonly number[]): number {
  const v = x[f.q]!;
  switch (f.kind) {
    case 'const':
      return f.a;
    case 'shift':
      return v - f.a;
    case 'rev':
      return f.a - v;
    case 'div':
      return Math.floor((v - f.a) / f.k);
    case 'mod':
      return (((v - f.a) % f.k) + f.k) % f.k;
  }
}

/** the rule as a reader writes it, of the source index `i` */
function fnText(f: IndexFn): string {
  const i = f.a === 0 ? 'i' : `(i-${f.a})`;
  switch (f.kind) {
    case 'const':
      return String(f.a);
    case 'shift':
      return f.a === 0 ? 'i' : f.a > 0 ? `i-${f.a}` : `i+${-f.a}`;
    case 'rev':
      return `${f.a}-i`;
    case 'div':
      return `${i}//${f.k}`;
    case 'mod':
      return `${i}%${f.k}`;
  }
}

interface Row {
  source: string;
  target: string;
  s: number[];
  t: number[];
}

/** the candidates for one target index, simplest first (a tie keeps the simpler) */
function* candidates(rows: readonly Row[], p: number, m: number): Generator<IndexFn> {
  const votes = (f: (r: Row) => number) => {
    const n = new Map<number, number>();
    for (const r of rows) n.set(f(r), (n.get(f(r)) ?? 0) + 1);
    return [...n].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0];
  };
  yield { kind: 'const', q: 0, a: votes((r) => r.t[p]!), k: 1 };
  for (let q = 0; q < m; q++) yield { kind: 'shift', q, a: votes((r) => r.s[q]! - r.t[p]!), k: 1 };
  for (let q = 0; q < m; q++) yield { kind: 'rev', q, a: votes((r) => r.s[q]! + r.t[p]!), k: 1 };
  for (let q = 0; q < m; q++) {
    const top = Math.max(...rows.map((r) => r.s[q]!));
    for (let k = 2; k <= MAX_K; k++) {
      for (let a = 0; a <= Math.min(top, 64); a++) {
        yield { kind: 'div', q, a, k };
        yield { kind: 'mod', q, a, k };
      }
    }
  }
}

function support(f: IndexFn, rows: readonly Row[], p: number): number {
  let n = 0;
  for (const r of rows) if (applyFn(f, r.s) === r.t[p]) n++;
  return n;
}

export interface Renumbered {
  source: string;
  /** the model key order gave it */
  from: string;
  /** the model key the family's rule gives it */
  to: string;
  /** the rule, `output_blocks.{i}` → `up_blocks.{i//3}.resnets.{i%3}`, and how many pairs follow it of how many */
  rule: string;
  follow: number;
  of: number;
}

/**
 * The pairs to re-pair by their family's index rule (see above). `fits(source, target)`: the source's
 * tensor may be the target's as it is (equal shapes, no fix of its own).
 */
export function contradictedIndices(pairs: ReadonlyMap<string, string> | GoalTokens, fits: (source: string, target: string) => boolean): Renumbered[] {
  // families by their masked keys as token runs (keys split once, no masked string per pair): numbered in
  // the order first met, as a map keyed by the masked texts would list them
  const p = goalTokens(pairs);
  const { keys, goals } = p;
  const masked = keys.token('#');
  const runs = new TokenRuns();
  const families: Row[][] = [];
  const run: number[] = [];
  for (let i = 0; i < p.size; i++) {
    const source = p.sources[i]!;
    const target = p.targets[i]!;
    const a = p.a[i]!;
    const b = p.b[i]!;
    if (keys.indexCount(a) === 0 || keys.indexCount(b) === 0) continue;
    run.length = 0;
    maskInto(keys, a, masked, run);
    // no token is negative: the run holds the two keys apart as `\u0000` held their texts apart
    run.push(-1);
    maskInto(keys, b, masked, run);
    const f = runs.of(run, run.length);
    (families[f] ??= []).push({ source, target, s: keys.indices(a), t: keys.indices(b) });
  }
  // every model key a pair holds: a set of every pair's target, made only when a family gets this far (rare)
  let taken: Set<string> | null = null;
  const out: Renumbered[] = [];
  for (const rows of families) {
    if (rows.length < 3) continue;
    const m = rows[0]!.s.length;
    const n = rows[0]!.t.length;
    // a family every pair of which follows a shift or a constant on each index (a model's layers): nothing to read
    if (everyIndexShifts(rows, m, n)) continue;
    if (rows.length > MAX_ROWS) continue;
    const fns: IndexFn[] = [];
    for (let p = 0; p < n; p++) {
      let best: IndexFn | null = null;
      let most = -1;
      for (const f of candidates(rows, p, m)) {
        const k = support(f, rows, p);
        if (k > most) {
          best = f;
          most = k;
        }
      }
      fns.push(best!);
    }
    const follows = (r: Row) => fns.every((f, p) => applyFn(f, r.s) === r.t[p]);
    const broken = rows.filter((r) => !follows(r));
    const kept = rows.length - broken.length;
    if (broken.length === 0 || kept < MAJORITY * broken.length) continue;
    // renumbered by the rule, the pairs that break it must take keys they held among themselves, or keys no pair holds
    const held = new Set(broken.map((r) => r.target));
    const moved = broken.map((r) => ({ r, to: renumber(r.target, fns.map((f) => applyFn(f, r.s))) }));
    const landing = new Set(moved.map((x) => x.to));
    if (landing.size !== moved.length || [...landing].some((k) => !held.has(k) && (taken ??= new Set(goals.values())).has(k)) || moved.some((x) => !fits(x.r.source, x.to))) continue;
    const rule = ruleText(rows[0]!, fns);
    for (const { r, to } of moved) out.push({ source: r.source, from: r.target, to, rule, follow: kept, of: rows.length });
  }
  return out;
}

/** whether on every target index some shift of a source index, or a constant, holds for every pair */
function everyIndexShifts(rows: readonly Row[], m: number, n: number): boolean {
  const first = rows[0]!;
  for (let p = 0; p < n; p++) {
    let found = rows.every((r) => r.t[p] === first.t[p]);
    for (let q = 0; q < m && !found; q++) {
      const a = first.s[q]! - first.t[p]!;
      found = rows.every((r) => r.s[q]! - r.t[p]! === a);
    }
    if (!found) return false;
  }
  return true;
}

/** key k's tokens with its index segments masked (as the token of `#`), appended to `out` */
function maskInto(keys: KeyTokens, k: number, masked: number, out: number[]): void {
  const n = keys.segmentCount(k);
  for (let i = 0; i < n; i++) {
    const t = keys.segment(k, i);
    out.push(keys.value(t) >= 0 ? masked : t);
  }
}

/** `key` with its index segments, in order, replaced by `values` */
function renumber(key: string, values: readonly number[]): string {
  let i = 0;
  return key
    .split('.')
    .map((x) => (isIndexSegment(x) ? String(values[i++]) : x))
    .join('.');
}

/** `output_blocks.{i}.0.in_layers.0.weight` → `up_blocks.{i//3}.resnets.{i%3}.norm1.weight`, the source index read named i */
function ruleText(row: Row, fns: readonly IndexFn[]): string {
  const reads = new Set(fns.filter((f) => f.kind !== 'const').map((f) => f.q));
  let q = 0;
  const source = row.source
    .split('.')
    .map((x) => (isIndexSegment(x) ? (reads.has(q++) ? '{i}' : x) : x))
    .join('.');
  let p = 0;
  const target = row.target
    .split('.')
    .map((x) => (isIndexSegment(x) ? `{${fnText(fns[p++]!)}}` : x))
    .join('.');
  return `\`${source}\` → \`${target}\``;
}
