/**
 * `sdmatch plan invert`: the plan that takes a plan's output back to its source. Ops are inverted one
 * by one, last first, each against the keys as they are at that point of the forward pipeline, and each
 * inverse is checked on those keys before it is kept:
 * - add_prefix ↔ strip_prefix; a strip_prefix that touched only some keys becomes a rename anchored on
 *   the segments that tell those keys apart;
 * - a rename whose pattern is literals and groups, each group used once in the replacement (`$1`, or
 *   `${1+1}`-style arithmetic with + − ×), swaps pattern and replacement; any other rename (`${1//3}`
 *   with `${1%3}`, alternations) becomes one literal rename per distinct replaced text, or per key;
 * - transpose → the inverse permutation; reshape → the original shapes; split ↔ concat; stack → a
 *   split into its parts; a tie (copy) → dropping the copy;
 * - drop loses information: the dropped tensors are gone, and are listed as such.
 * Reshapes, concats and squeezing splits need the source's shapes (give SOURCE); the rest need names only.
 * The whole inverse is finally run over the forward output and must give back every source key that
 * was not dropped, with its shape.
 */
import { escapeRegex, groupCount, replacementParts, type ArithmeticPart } from '../analysis/infer/regex.js';
import { applyOpsToKeys } from '../analysis/op-keys.js';
import { concatGroups, describeOp, type PlanOp } from '../analysis/op-vocabulary.js';
import { otherRopeLayout } from '../analysis/rope.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { keySetDigest } from './key-set.js';
import { makePlan, planToJson } from './schema.js';
import type { Plan } from './types.js';
import { validatePlan } from './validate.js';
import { splitKey } from '../analysis/key-tokens.js';

export interface Inversion {
  plan: Plan;
  /** ops that lose information: each drop, with the source keys it removes */
  lost: { op: string; keys: string[] }[];
}

interface Item {
  name: string;
  shape: number[] | null;
}

type Step = { before: Item[]; after: Item[] };

const literalRepl = (s: string) => s.replace(/\$/g, '$$$$');

/** Do `ops`, run over `from`, give exactly the names of `to`, position by position? */
function sendsTo(ops: readonly PlanOp[], from: readonly string[], to: readonly string[]): boolean {
  const r = applyOpsToKeys(ops, from.map((key) => ({ key, shape: null, dtype: null })));
  if (r.errors.length > 0) return false;
  return from.every((k, i) => r.mapping[k] === to[i]);
}

/** Pattern `^literal(group)literal$`-like: its pieces, or null for anything else. */
function simplePattern(pattern: string): { anchored: boolean; end: boolean; parts: (string | { group: string })[] } | null {
  let i = 0;
  const anchored = pattern.startsWith('^');
  if (anchored) i = 1;
  const parts: (string | { group: string })[] = [];
  let literal = '';
  let end = false;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined || /[A-Za-z0-9]/.test(n)) return null;
      literal += n;
      i += 2;
    } else if (c === '(') {
      const close = pattern.indexOf(')', i);
      const inner = pattern.slice(i + 1, close);
      if (close < 0 || inner.includes('(') || inner.startsWith('?')) return null;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ group: inner });
      i = close + 1;
    } else if (c === '$' && i === pattern.length - 1) {
      end = true;
      i++;
    } else if (/[.*+?{}[\]|^$)]/.test(c)) {
      return null;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push(literal);
  return { anchored, end, parts };
}

/** The inverse of arithmetic steps with + − ×, or null. */
function inverseSteps(part: ArithmeticPart): string | null {
  const out: string[] = [];
  for (const [op, k] of [...part.steps].reverse()) {
    if (op === '+') out.push(`-${k}`);
    else if (op === '-') out.push(`+${k}`);
    else if (op === '*' && k !== 0) out.push(`//${k}`);
    else return null;
  }
  return out.join('');
}

/** A rename with pattern and replacement swapped, when the pattern is literals and groups each used once. */
function swappedRename(op: Extract<PlanOp, { op: 'rename' }>): PlanOp | null {
  // a rename by index table has no one replacement to swap: it is undone per replaced text
  if (op.table !== undefined) return null;
  const p = simplePattern(op.pattern);
  if (!p) return null;
  const groups = p.parts.filter((x): x is { group: string } => typeof x !== 'string');
  if (groups.length !== groupCount(op.pattern)) return null;
  const r = replacementParts(op.replacement);
  const used = r.filter((x) => typeof x !== 'string').map((x) => (typeof x === 'number' ? x : x.group));
  if (used.length !== groups.length || new Set(used).size !== used.length) return null;
  // inverse pattern: the replacement's literals, its group references as the groups they came from
  let pattern = p.anchored ? '^' : '';
  const position = new Map<number, { at: number; steps: string }>();
  let at = 0;
  for (const x of r) {
    if (typeof x === 'string') pattern += escapeRegex(x);
    else {
      const g = typeof x === 'number' ? x : x.group;
      const steps = typeof x === 'number' ? '' : inverseSteps(x);
      if (steps === null) return null;
      pattern += typeof x === 'number' ? `(${groups[g - 1]!.group})` : '(\\d+)';
      position.set(g, { at: ++at, steps });
    }
  }
  if (p.end) pattern += '$';
  let replacement = '';
  let g = 0;
  for (const x of p.parts) {
    if (typeof x === 'string') replacement += literalRepl(x);
    else {
      const { at: k, steps } = position.get(++g)!;
      replacement += steps ? `\${${k}${steps}}` : `$${k}`;
    }
  }
  return { op: 'rename', pattern, replacement, evidence: `inverts: ${describeOp(op)}` };
}

/** One exact rename per key: `^from$` → to. Always right, never compact: the last resort. */
function perKeyRenames(changed: readonly [string, string][], evidence: string): PlanOp[] {
  return changed.map(([from, to]): PlanOp => ({ op: 'rename', pattern: `^${escapeRegex(from)}$`, replacement: literalRepl(to), evidence }));
}

/**
 * One literal rename per distinct replaced text: a rename's match `m` became `rep` in every key it
 * touched, so `rep` → `m` undoes it (one op per layer for index arithmetic such as `${1//3}`/`${1%3}`).
 */
function byReplacedText(op: Extract<PlanOp, { op: 'rename' }>, before: readonly string[], after: readonly string[], evidence: string): PlanOp[] {
  const re = new RegExp(op.pattern);
  const anchored = op.pattern.startsWith('^');
  const pairs = new Map<string, string>();
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    const m = re.exec(before[i]!);
    if (!m) return [];
    const tail = before[i]!.length - m.index - m[0].length;
    const rep = after[i]!.slice(m.index, after[i]!.length - tail);
    if (pairs.has(rep) && pairs.get(rep) !== m[0]) return [];
    pairs.set(rep, m[0]);
  }
  return [...pairs].map(([rep, m]): PlanOp => ({ op: 'rename', pattern: `${anchored ? '^' : ''}${escapeRegex(rep)}`, replacement: literalRepl(m), evidence }));
}

function invertNameStep(op: Extract<PlanOp, { op: 'strip_prefix' | 'add_prefix' | 'rename' }>, step: Step): PlanOp[] {
  const after = step.after.map((x) => x.name);
  const before = step.before.map((x) => x.name);
  const evidence = `inverts: ${describeOp(op)}`;
  const candidates: PlanOp[][] = [];
  if (op.op === 'add_prefix') candidates.push([{ op: 'strip_prefix', prefix: op.prefix, evidence }]);
  if (op.op === 'strip_prefix') {
    candidates.push([{ op: 'add_prefix', prefix: op.prefix, evidence }]);
    const stripped = new Set(before.filter((n) => n.startsWith(op.prefix)).map((n) => n.slice(op.prefix.length)));
    const others = after.filter((_, i) => !before[i]!.startsWith(op.prefix));
    const heads = new Set<string>();
    for (const n of stripped) {
      const segments = splitKey(n);
      let head = n;
      for (let k = 1; k < segments.length; k++) {
        const h = `${segments.slice(0, k).join('.')}.`;
        if (!others.some((o) => o.startsWith(h))) {
          head = h;
          break;
        }
      }
      heads.add(head === n ? `${escapeRegex(n)}$` : escapeRegex(head));
    }
    candidates.push([{ op: 'rename', pattern: `^(${[...heads].join('|')})`, replacement: `${literalRepl(op.prefix)}$1`, evidence }]);
  }
  if (op.op === 'rename') {
    const swapped = swappedRename(op);
    if (swapped) candidates.push([swapped]);
    const literal = byReplacedText(op, before, after, evidence);
    if (literal.length > 0) candidates.push(literal);
  }
  const changed: [string, string][] = after.flatMap((n, i) => (n !== before[i] ? [[n, before[i]!] as [string, string]] : []));
  candidates.push(perKeyRenames(changed, evidence));
  for (const c of candidates) if (sendsTo(c, after, before)) return c;
  throw new FormatError('', `cannot invert ops (${describeOp(op)}): no rename gives every key back`);
}

function shapeNeeded(op: PlanOp, name: string, shape: number[] | null): number[] {
  if (!shape) throw new FormatError('', `inverting ${describeOp(op)} needs the shape of '${name}': give the source checkpoint (sdmatch plan invert PLAN SOURCE)`);
  return shape;
}

/** The forward pipeline, step by step: the keys (names and shapes) before and after each op. */
/** The keys an op names exactly (split/concat/copy/transpose/reshape by key); null when it goes by a regex. */
function namedKeys(op: PlanOp): string[] | null {
  if (op.op === 'concat') return op.keys ?? null;
  if (op.op === 'copy') return [op.key];
  if ((op.op === 'split' || op.op === 'transpose' || op.op === 'reshape') && op.key !== undefined) return [op.key];
  return null;
}

/**
 * The forward pipeline, step by step: the keys (names and shapes) before and after each op, each op
 * run by the one executor (applyOpsToKeys) over the keys as the previous left them — over just the keys
 * it names when it names them, so a plan of many per-layer ops stays linear.
 */
function steps(ops: readonly PlanOp[], source: readonly KeyEntry[]): Step[] {
  const out: Step[] = [];
  let before: Item[] = source.map((e) => ({ name: e.key, shape: e.shape ? [...e.shape] : null }));
  const entries = (xs: readonly Item[]) => xs.map((x) => ({ key: x.name, shape: x.shape, dtype: null }));
  ops.forEach((op, i) => {
    const namedList = namedKeys(op);
    const named = namedList ? new Set(namedList) : null;
    const input = named ? before.filter((x) => named.has(x.name)) : before;
    const r = applyOpsToKeys([op], entries(named && input.length === named.size ? input : before));
    if (r.errors.length > 0) throw new FormatError('', `the plan's ops do not run over its source keys: ${r.errors[0]!.replace(/^ops\[0\]/, `ops[${i}]`)}`);
    let after: Item[];
    if (named && input.length === named.size) {
      // the named keys' results spliced in: kept ones in place (a transpose changes the shape), new ones appended
      const results = new Map(r.outputs.map((o) => [o.key, o]));
      after = [];
      for (const x of before) {
        if (!named.has(x.name)) after.push(x);
        else if (results.has(x.name)) after.push({ name: x.name, shape: results.get(x.name)!.shape });
      }
      for (const o of r.outputs) if (!named.has(o.key)) after.push({ name: o.key, shape: o.shape });
    } else {
      after = r.outputs.map((o) => ({ name: o.key, shape: o.shape }));
    }
    out.push({ before, after });
    before = after;
  });
  return out;
}

function inverseOf(ops: readonly PlanOp[], index: number, step: Step, lost: Inversion['lost'], sources: readonly string[]): PlanOp[] {
  const op = ops[index]!;
  const evidence = `inverts: ${describeOp(op)}`;
  // built only for the ops that need them: most ops name one key
  let beforeMap: Map<string, Item> | null = null;
  let afterSet: Set<string> | null = null;
  const beforeBy = () => (beforeMap ??= new Map(step.before.map((x) => [x.name, x])));
  const afterNames = () => (afterSet ??= new Set(step.after.map((x) => x.name)));
  switch (op.op) {
    case 'strip_prefix':
    case 'add_prefix':
    case 'rename':
      return invertNameStep(op, step);
    case 'drop': {
      const gone = step.before.filter((x) => !afterNames().has(x.name)).map((x) => x.name);
      // named as the source keys they came from, when a name op before the drop renamed them
      const origin = applyOpsToKeys(ops.slice(0, index), sources.map((key) => ({ key, shape: null, dtype: null }))).mapping;
      const goneSet = new Set(gone);
      const from = sources.filter((k) => { const v = origin[k]; return typeof v === 'string' && goneSet.has(v); });
      lost.push({ op: describeOp(op), keys: from.length === gone.length ? from : gone });
      return [];
    }
    case 'copy':
      return [{ op: 'drop', pattern: `^${escapeRegex(op.target)}$`, reason: `inverts the tie ${op.target} = ${op.key}: a second name for one tensor` }];
    case 'transpose': {
      const inv = op.dims.map((_, i) => op.dims.indexOf(i));
      // undoing a layout nothing witnessed is the same guess the other way
      return [{ ...(op.key !== undefined ? { key: op.key } : { pattern: op.pattern }), op: 'transpose', dims: inv, evidence, ...(op.unwitnessed ? { unwitnessed: true } : {}) } as PlanOp];
    }
    case 'rope_permute': {
      // the names are as they were (a permute keeps them): the same tensors, back to the other layout (rope.ts)
      const sel = op.key !== undefined ? { key: op.key } : { pattern: op.pattern };
      return [{ op: 'rope_permute', ...sel, heads: op.heads, ...(op.kv_heads !== undefined ? { kv_heads: op.kv_heads } : {}), to: otherRopeLayout(op.to), evidence }];
    }
    case 'reshape': {
      // trailing 1s added or removed per key: the same keys at this point, the other way (no shapes needed)
      const sel = op.key !== undefined ? { key: op.key } : { pattern: op.pattern };
      if (op.addTrailingOnes !== undefined) return [{ op: 'reshape', ...sel, removeTrailingOnes: op.addTrailingOnes, evidence }];
      if (op.removeTrailingOnes !== undefined) return [{ op: 'reshape', ...sel, addTrailingOnes: op.removeTrailingOnes, evidence }];
      const chosen = step.before.filter((x, i) => step.after[i]?.name === x.name && (op.key !== undefined ? x.name === op.key : new RegExp(op.pattern).test(x.name)));
      return chosen.map((x): PlanOp => ({ op: 'reshape', key: x.name, shape: shapeNeeded(op, x.name, x.shape), evidence }));
    }
    case 'concat': {
      // by pattern: each group joined is cut back by its own exact split
      const joins = op.pattern !== undefined ? [...concatGroups(op, step.before.map((x) => x.name)).groups] : [[op.target, op.keys] as const];
      return joins.map(([target, keys]): PlanOp => {
        const sizes = keys.map((k) => shapeNeeded(op, k, beforeBy().get(k)?.shape ?? null)[op.dim]!);
        return { op: 'split', key: target, dim: op.dim, targets: [...keys], sizes, evidence };
      });
    }
    case 'stack': {
      // the stacked members are gone from `after` and the targets new: each target splits back into its parts
      const made = step.after.filter((x) => !beforeBy().has(x.name));
      const gone = step.before.filter((x) => !afterNames().has(x.name)).map((x) => x.name);
      const re = new RegExp(op.pattern);
      return made.map((t): PlanOp => {
        const parts = gone.filter((g) => re.test(g) && applyOpsToKeys([op], gone.filter((x) => re.test(x)).map((key) => ({ key, shape: null, dtype: null }))).mapping[g] === t.name)
          .sort((a, b) => Number(re.exec(a)![op.index]) - Number(re.exec(b)![op.index]));
        return { op: 'split', key: t.name, dim: op.dim, targets: parts, sizes: parts.map(() => 1), evidence };
      });
    }
    case 'split': {
      // each cut key: its pieces (new in `after`) joined back in order; pieces of size 1 lost their dim
      const out: PlanOp[] = [];
      const squeeze = op.sizes.every((s) => s === 1);
      const cutKeys = op.key !== undefined ? step.before.filter((x) => x.name === op.key) : step.before.filter((x) => !afterNames().has(x.name));
      const cut = applyOpsToKeys([op], cutKeys.map((x) => ({ key: x.name, shape: null, dtype: null }))).mapping;
      for (const x of cutKeys) {
        const pieces = cut[x.name];
        if (!Array.isArray(pieces)) continue;
        if (squeeze) {
          const shape = shapeNeeded(op, x.name, x.shape);
          const one = [...shape];
          one[op.dim] = 1;
          for (const p of pieces) out.push({ op: 'reshape', key: p, shape: one, evidence });
        }
        out.push({ op: 'concat', keys: [...pieces], dim: op.dim, target: x.name, evidence });
      }
      return out;
    }
  }
}

/**
 * An inverse op keeps its forward op's confidence: it undoes exactly what that op did, so it is as right
 * about the source's layout as that op was about the model's (a guessed rename undone is the same guess).
 */
function withConfidenceOf(forward: PlanOp, inverse: PlanOp): PlanOp {
  return forward.confidence === undefined ? inverse : { ...inverse, confidence: forward.confidence };
}

/**
 * The inverse of `plan` over its source keys (`source`: with shapes and dtypes when the checkpoint was
 * given, else names only). Throws FormatError('', why) when an op cannot be inverted.
 */
export function invertPlan(plan: Plan, source: readonly KeyEntry[], planFile: string): Inversion {
  const lost: Inversion['lost'] = [];
  const forward = steps(plan.ops, source);
  const names = source.map((e) => e.key);
  const ops: PlanOp[] = [];
  for (let i = plan.ops.length - 1; i >= 0; i--) ops.push(...inverseOf(plan.ops, i, forward[i]!, lost, names).map((inv) => withConfidenceOf(plan.ops[i]!, inv)));
  const out = applyOpsToKeys(plan.ops, source);
  const dtypes = new Map(source.map((e) => [e.key, e.dtype]));
  const outputs: KeyEntry[] = out.outputs.map((o) => ({ key: o.key, shape: o.shape, dtype: dtypes.get(o.sources[0]!) ?? null }));
  // the whole inverse, run over the forward output, must give back every source key that was not dropped
  const back = applyOpsToKeys(ops, outputs);
  const dropped = new Set(lost.flatMap((l) => l.keys));
  const want = source.filter((e) => !dropped.has(e.key));
  const got = new Map(back.outputs.map((o) => [o.key, o]));
  const wanted = new Set(want.map((e) => e.key));
  const wrong = back.errors[0]
    ?? want.find((e) => !got.has(e.key))?.key
    ?? back.outputs.find((o) => !wanted.has(o.key))?.key;
  if (wrong !== undefined) throw new FormatError(planFile, `cannot invert the plan: its inverse does not give back the source keys (${wrong})`);
  const keySet = keySetDigest(outputs);
  const inverse = makePlan(
    { file: `${planFile} (its output)`, size: 0, sha256: '', select: [], kind: 'manifest', ...(keySet ? { keySet } : {}) },
    { file: plan.source.file, keys: source.length },
    { ops, mapping: back.mapping, unmapped: [...dropped], unexpected: [] },
  );
  // what sdmatch writes, sdmatch must read back: the inverse goes through the same validation as any plan
  return { plan: validatePlan(JSON.parse(planToJson(inverse)), planFile), lost };
}
