/**
 * Executes a plan's ops over key names (never tensor bytes): the mapping the ops produce, how each
 * output tensor is built from source tensors (for `apply`), the shapes that result when shapes are
 * known, and every inconsistency (an op matching nothing, a split whose sizes do not add up, two
 * sources landing on one key).
 *
 * Ops see keys as earlier ops left them. split, concat, transpose and reshape name one exact key (a
 * concat: exact keys) or every key a regex matches at that point (`pattern`).
 * A split whose sizes are all 1 removes the split dimension (unbind: stacked experts → one per expert).
 *
 * simulateNames (at the end) is the lenient form plan inference uses on candidate ops: names only,
 * ops that fail are skipped rather than reported.
 */
import type { KeyEntry } from '../formats/keys.js';
import { compilePattern, type KeyPattern } from './infer/regex.js';
import { compileNameOp, compileSplit, concatGroups, describeOp, isNameOp, nameOpLiteral, reshapedShape, stackGroups, type NameOp, type PlanOp } from './op-vocabulary.js';
import { NamePrefixIndex } from './name-prefix-index.js';
import { ropeHeads, ropeProblem, ropeView } from './rope.js';

/**
 * How one output tensor is made from source tensors. Recipes nest: the `of`/`parts` are built first.
 * - source: the source tensor as stored.
 * - transpose: `of` with its dims permuted (output dim i is input dim dims[i]); bytes move.
 * - reshape: `of`'s elements in the same row-major order, viewed with `shape` (same numel, checked
 *   here when shapes are known; null only for a trailing-ones reshape of a tensor of unknown shape,
 *   which names keys but is never materialized)
 *   here when shapes are known). Of a contiguous tensor — a `source`, or anything `apply` has just
 *   materialized — it is only a metadata change: new sizes, contiguous strides, same storage and
 *   offset; no byte is read or written. Only a non-contiguous input (a transpose not yet
 *   materialized) needs its bytes laid out first.
 * - split: the slice [start, start + size) of `of` along `dim`; `squeeze` drops that dim (size 1).
 * - concat: `parts` joined along `dim`, in order.
 */
export type Recipe =
  | { kind: 'source'; key: string }
  | { kind: 'transpose'; of: Recipe; dims: number[] }
  | { kind: 'reshape'; of: Recipe; shape: number[] | null }
  | { kind: 'split'; of: Recipe; dim: number; start: number; size: number; squeeze: boolean }
  | { kind: 'concat'; parts: Recipe[]; dim: number; /** built by a stack op (each part given a new dim): said "stacked", not "concatenated" */ stacked?: true };

export interface OutputTensor {
  key: string;
  recipe: Recipe;
  /** resulting shape when the source shapes are known */
  shape: number[] | null;
  /** original source keys it is made from */
  sources: string[];
}

export type MappingValue = string | string[] | null;

export interface KeyMappingResult {
  /** every source key → final key, final keys (split) or null (dropped) */
  mapping: Record<string, MappingValue>;
  /** final key → permutation applied by a transpose op */
  transposed: Map<string, number[]>;
  /** output tensors in the order they come out */
  outputs: OutputTensor[];
  errors: string[];
}

interface Item {
  name: string;
  recipe: Recipe;
  shape: number[] | null;
  sources: string[];
  alive: boolean;
}

/**
 * Items by name, first alive item of a name winning, kept up to date as ops consume and make items
 * (rebuilt only after ops that rename many: 100,000 keys and a concat per layer stay linear).
 */
class NameIndex {
  private map: Map<string, Item> | null = null;
  /** two alive items share a name (a collision, reported at the end): removals then rebuild */
  private dup = false;
  constructor(private readonly items: () => readonly Item[]) {}

  get(name: string): Item | undefined {
    if (this.map === null) {
      this.map = new Map();
      this.dup = false;
      for (const it of this.items()) {
        if (!it.alive) continue;
        if (this.map.has(it.name)) this.dup = true;
        else this.map.set(it.name, it);
      }
    }
    return this.map.get(name);
  }

  invalidate(): void {
    this.map = null;
  }

  removed(it: Item): void {
    if (this.map === null) return;
    if (this.dup) this.map = null;
    else if (this.map.get(it.name) === it) this.map.delete(it.name);
  }

  added(it: Item): void {
    if (this.map === null) return;
    if (this.map.has(it.name)) this.dup = true;
    else this.map.set(it.name, it);
  }
}

/**
 * Above this many name ops, the ops anchored on a literal start look up the keys they can concern
 * (name-prefix-index.ts). Below it a scan is cheaper: a scan costs one `startsWith` per key per op, the
 * index four set updates per key an op moves. At 16, SD UNet's 54-op plan of 100,000 keys spent 4.7 s
 * keeping the index current where scans cost under 0.1 s; plans of thousands of exact renames still use it.
 */
const PREFIX_INDEX_AFTER_OPS = 256;

/** What a name op needs of a key: its name now, and whether it is still there. */
interface Named {
  name: string;
  alive: boolean;
}

/** Runs name ops over items, through a prefix index of their names when there are many ops. */
class NameOpRunner<T extends Named> {
  private prefixes: NamePrefixIndex<T> | null = null;
  constructor(
    private readonly items: () => readonly T[],
    private readonly nameOps: number,
  ) {}

  /** The number of keys the op concerned, or why it could not run (an invalid regex). */
  run(op: NameOp): number | Error {
    let step;
    try {
      step = compileNameOp(op);
    } catch (e) {
      return e as Error;
    }
    const literal = nameOpLiteral(op);
    if (this.prefixes === null && this.nameOps > PREFIX_INDEX_AFTER_OPS && literal.includes('.')) {
      this.prefixes = new NamePrefixIndex();
      for (const it of this.items()) if (it.alive) this.prefixes.add(it, it.name);
    }
    const prefixes = this.prefixes;
    // in any order: each key's step is its own, only the count is shared
    const scan = (literal && prefixes?.candidates(literal)) || this.items();
    let matched = 0;
    for (const it of scan) {
      if (!it.alive) continue;
      const r = step(it.name);
      if (r === undefined) continue;
      matched++;
      prefixes?.delete(it, it.name);
      if (r === null) it.alive = false;
      else {
        it.name = r;
        prefixes?.add(it, r);
      }
    }
    return matched;
  }

  /** Items were made or consumed otherwise: the index is rebuilt when next needed. */
  invalidate(): void {
    this.prefixes = null;
  }
}

export function applyOpsToKeys(ops: readonly PlanOp[], sourceKeys: readonly KeyEntry[]): KeyMappingResult {
  const run = new KeyExecution(sourceKeys, ops.filter(isNameOp).length);
  ops.forEach((op, i) => run.run(op, i));
  return run.result();
}

/**
 * The output tensors of applyOpsToKeys(ops, sourceKeys), in the same order, without the mapping, the
 * transposes and the errors it also builds (a mapping entry and a list per source key): what a check of
 * the shapes after the ops reads.
 */
export function outputsOfOps(ops: readonly PlanOp[], sourceKeys: readonly KeyEntry[]): OutputTensor[] {
  const run = new KeyExecution(sourceKeys, ops.filter(isNameOp).length);
  ops.forEach((op, i) => run.run(op, i));
  return run.outputs();
}

/**
 * outputsOfOps's tensors one at a time, in the same order, with no object made per tensor: a check of
 * the shapes after the ops reads each once (100,000 tensors at scale). For callers whose source keys
 * are distinct (not checked here: no set of every key) that only read: a source's shape is the entry's
 * own, not a copy.
 */
export function visitOutputs(
  ops: readonly PlanOp[],
  sourceKeys: readonly KeyEntry[],
  visit: (key: string, shape: readonly number[] | null, sources: readonly string[]) => void,
  /**
   * what the first `done` ops, all name ops, already named the keys (beside `sourceKeys`: a name, or
   * null when dropped), as plan inference's simulation found: those ops are not run again. Name ops
   * change no shape, so the run continues from there exactly as if it had run them.
   */
  start?: { done: number; names: readonly MappingValue[] },
): void {
  const run = new KeyExecution(sourceKeys, ops.filter(isNameOp).length, undefined, true);
  const from = start && ops.slice(0, start.done).every(isNameOp) && run.startFrom(start.names) ? start.done : 0;
  for (let i = from; i < ops.length; i++) run.run(ops[i]!, i);
  run.visitOutputs(visit);
}

/**
 * applyOpsToKeys's execution, one op at a time: the same run whether the ops come at once or as a
 * plan grows (NameSimulation continues one where inference left it instead of running every op again).
 */
class KeyExecution {
  readonly errors: string[] = [];
  /** consumed items stay here (alive: false) until the end: filtering after every op is quadratic */
  private readonly items: Item[] = [];
  private readonly index = new NameIndex(() => this.items);
  private readonly names: NameOpRunner<Item>;
  /** every source key, each once, in order */
  private readonly sourceKeys: string[] = [];

  /**
   * nameOps: how many name ops the plan holds (how names are looked up, never what they become);
   * reading: for a caller that only reads and gives each key once — items take the entries' shape
   * arrays as they are (no op changes a shape array in place: each makes a new one), no twins looked for
   */
  constructor(sourceKeys: readonly KeyEntry[], nameOps: number, from?: readonly { key: string; name: string; alive: boolean }[], reading = false) {
    const { errors, items } = this;
    if (from) {
      // items after name ops only (NameSimulation's quick start): a name and whether it is alive
      for (const it of from) {
        items.push({ name: it.name, recipe: { kind: 'source', key: it.key }, shape: null, sources: [it.key], alive: it.alive });
        this.sourceKeys.push(it.key);
      }
    } else if (reading) {
      for (const e of sourceKeys) {
        this.sourceKeys.push(e.key);
        items.push({ name: e.key, recipe: { kind: 'source', key: e.key }, shape: e.shape, sources: [e.key], alive: true });
      }
    } else {
      const seen = new Set<string>();
      for (const e of sourceKeys) {
        if (seen.has(e.key)) {
          errors.push(`source key '${e.key}' appears twice`);
          continue;
        }
        seen.add(e.key);
        this.sourceKeys.push(e.key);
        items.push({ name: e.key, recipe: { kind: 'source', key: e.key }, shape: e.shape ? [...e.shape] : null, sources: [e.key], alive: true });
      }
    }
    this.names = new NameOpRunner(() => this.items, nameOps);
  }

  /** Runs ops[i]: its effect on the items, or an error naming it. */
  run(op: PlanOp, i: number): void {
    const { errors, items, index, names } = this;
    const alive = () => items.filter((it) => it.alive);
    const push = (it: Item) => {
      items.push(it);
      index.added(it);
    };
    const consume = (it: Item) => {
      it.alive = false;
      index.removed(it);
    };
    const where = `ops[${i}] (${describeOp(op)})`;
    if (isNameOp(op)) {
      const matched = names.run(op);
      index.invalidate();
      if (matched instanceof Error) errors.push(`${where}: ${matched.message}`);
      else if (matched === 0) errors.push(`${where}: matches no key`);
      return;
    }
    // the other ops make and consume items: the prefix index is rebuilt when next needed
    names.invalidate();
    switch (op.op) {
      case 'transpose':
      case 'reshape': {
        const chosen = selectItems(op, items, index);
        if (typeof chosen === 'string') return void errors.push(`${where}: ${chosen}`);
        const shapes: (number[] | null)[] = [];
        for (const it of chosen) {
          let problem: string | null = null;
          if (op.op === 'transpose') problem = permutationProblem(op.dims, it.shape);
          else {
            const r = reshapedShape(op, it.shape);
            if ('problem' in r) problem = r.problem;
            else shapes.push(r.shape);
          }
          if (problem) return void errors.push(`${where}: ${op.pattern !== undefined ? `'${it.name}': ` : ''}${problem}`);
        }
        chosen.forEach((it, i) => {
          if (op.op === 'transpose') {
            it.recipe = { kind: 'transpose', of: it.recipe, dims: [...op.dims] };
            if (it.shape) it.shape = op.dims.map((d) => it.shape![d]!);
          } else {
            // a trailing-ones reshape of a tensor whose shape is not known here (a key list): the
            // names are right, the bytes are never made from such a recipe (apply knows every shape)
            it.recipe = { kind: 'reshape', of: it.recipe, shape: shapes[i] ?? null };
            it.shape = shapes[i] ?? null;
          }
        });
        return;
      }
      case 'rope_permute': {
        const chosen = selectItems(op, items, index);
        if (typeof chosen === 'string') return void errors.push(`${where}: ${chosen}`);
        const heads = ropeHeads(op);
        for (const it of chosen) {
          const problem = ropeProblem(heads, it.shape);
          if (problem) return void errors.push(`${where}: ${op.pattern !== undefined ? `'${it.name}': ` : ''}${problem}`);
        }
        for (const it of chosen) {
          // a view per head, its two middle dims swapped, read back: recipes apply and the bench already trace
          // (rope.ts). A tensor whose shape is not known here (a key list) keeps its name; apply knows every shape.
          if (!it.shape) {
            it.recipe = { kind: 'reshape', of: it.recipe, shape: null };
            continue;
          }
          const { view, dims } = ropeView(it.shape, heads, op.to);
          it.recipe = { kind: 'reshape', of: { kind: 'transpose', of: { kind: 'reshape', of: it.recipe, shape: view }, dims }, shape: [...it.shape] };
        }
        return;
      }
      case 'split': {
        if (op.targets.length !== op.sizes.length) return void errors.push(`${where}: ${op.targets.length} targets but ${op.sizes.length} sizes`);
        if (op.targets.length < 2) return void errors.push(`${where}: a split needs at least 2 targets`);
        const cut = compileSplit(op);
        const chosen: [Item, string[]][] = [];
        for (const it of op.key !== undefined ? [index.get(op.key)].filter((x): x is Item => !!x) : alive()) {
          const targets = cut(it.name);
          if (targets) chosen.push([it, targets]);
        }
        if (chosen.length === 0) return void errors.push(op.key !== undefined ? `${where}: no key '${op.key}' at this point` : `${where}: matches no key`);
        const squeeze = op.sizes.every((s) => s === 1);
        const total = op.sizes.reduce((a, b) => a + b, 0);
        for (const [it] of chosen) {
          if (!it.shape) continue;
          const at = op.pattern !== undefined ? `'${it.name}': ` : '';
          if (op.dim < 0 || op.dim >= it.shape.length) return void errors.push(`${where}: ${at}dim ${op.dim} out of range for shape [${it.shape.join(', ')}]`);
          if (it.shape[op.dim] !== total) return void errors.push(`${where}: ${at}sizes add up to ${total} but dim ${op.dim} of [${it.shape.join(', ')}] is ${it.shape[op.dim]}`);
        }
        for (const [it, targets] of chosen) {
          consume(it);
          let start = 0;
          targets.forEach((t, j) => {
            const size = op.sizes[j]!;
            let shape: number[] | null = null;
            if (it.shape) {
              shape = [...it.shape];
              if (squeeze) shape.splice(op.dim, 1);
              else shape[op.dim] = size;
            }
            push({ name: t, recipe: { kind: 'split', of: it.recipe, dim: op.dim, start, size, squeeze }, shape, sources: [...it.sources], alive: true });
            start += size;
          });
        }
        return;
      }
      case 'stack': {
        const { groups, error } = stackGroups(op, alive().map((it) => it.name));
        if (error) return void errors.push(`${where}: ${error}`);
        if (groups.size === 0) return void errors.push(`${where}: matches no key`);
        const built: Item[] = [];
        for (const [target, members] of groups) {
          const parts = members.map((n) => index.get(n)!);
          const first = parts[0]!.shape;
          let shape: number[] | null = null;
          if (parts.every((p) => p.shape)) {
            const bad = parts.find((p) => p.shape!.length !== first!.length || p.shape!.some((d, k) => d !== first![k]));
            if (bad) return void errors.push(`${where}: '${bad.name}' [${bad.shape!.join(', ')}] differs from '${parts[0]!.name}' [${first!.join(', ')}]: only tensors of one shape stack`);
            if (op.dim < 0 || op.dim > first!.length) return void errors.push(`${where}: dim ${op.dim} out of range for stacking [${first!.join(', ')}]`);
            shape = [...first!];
            shape.splice(op.dim, 0, parts.length);
          }
          // a stack is a concat of the parts, each given a new dimension of size 1 (a view, no bytes)
          const unsqueezed = parts.map((p): Recipe => {
            if (!p.shape) return p.recipe;
            const s = [...p.shape];
            s.splice(op.dim, 0, 1);
            return { kind: 'reshape', of: p.recipe, shape: s };
          });
          for (const p of parts) consume(p);
          built.push({ name: target, recipe: { kind: 'concat', parts: unsqueezed, dim: op.dim, stacked: true }, shape, sources: parts.flatMap((p) => p.sources), alive: true });
        }
        for (const b of built) push(b);
        return;
      }
      case 'copy': {
        const it = index.get(op.key);
        if (!it) return void errors.push(`${where}: no key '${op.key}' at this point`);
        // the same recipe: the copy shares the tensor (a tied weight), it is not a second set of bytes
        push({ name: op.target, recipe: it.recipe, shape: it.shape ? [...it.shape] : null, sources: [...it.sources], alive: true });
        return;
      }
      case 'concat': {
        // by keys: one group, its target as written; by pattern: a group per expanded target
        const groups = new Map<string, Item[]>();
        if (op.pattern === undefined) {
          const parts: Item[] = [];
          for (const k of op.keys) {
            const it = index.get(k);
            if (!it) return void errors.push(`${where}: no key '${k}' at this point`);
            parts.push(it);
          }
          if (parts.length < 2) return void errors.push(`${where}: a concat needs at least 2 keys`);
          groups.set(op.target, parts);
        } else {
          if (op.parts.length < 2) return void errors.push(`${where}: a concat needs at least 2 parts`);
          const found = concatGroups(op, alive().map((it) => it.name));
          if (found.error) return void errors.push(`${where}: ${found.error}`);
          if (found.groups.size === 0) return void errors.push(`${where}: matches no key`);
          for (const [target, names] of found.groups) groups.set(target, names.map((n) => index.get(n)!));
        }
        const built: Item[] = [];
        for (const [target, parts] of groups) {
          let shape: number[] | null = null;
          if (parts.every((p) => p.shape)) {
            const first = parts[0]!.shape!;
            if (op.dim < 0 || op.dim >= first.length) return void errors.push(`${where}: dim ${op.dim} out of range for shape [${first.join(', ')}]`);
            const bad = parts.find((p) => p.shape!.length !== first.length || p.shape!.some((d, j) => j !== op.dim && d !== first[j]));
            if (bad) return void errors.push(`${where}: '${bad.name}' [${bad.shape!.join(', ')}] does not line up with [${first.join(', ')}] outside dim ${op.dim}`);
            shape = [...first];
            shape[op.dim] = parts.reduce((a, p) => a + p.shape![op.dim]!, 0);
          }
          built.push({ name: target, recipe: { kind: 'concat', parts: parts.map((p) => p.recipe), dim: op.dim }, shape, sources: parts.flatMap((p) => p.sources), alive: true });
        }
        // every group checked before any is consumed: a failing op leaves the keys as they were
        for (const parts of groups.values()) for (const p of parts) consume(p);
        for (const b of built) push(b);
        return;
      }
    }
  }

  /**
   * Every source key (each once, in order) → its name now, its names (split), or null: what simulateNames
   * reads, as an array beside the source keys (no map of every key per read; `indexOf`: key → position).
   */
  namesNow(indexOf: (key: string) => number | undefined): MappingValue[] {
    const out: MappingValue[] = new Array<MappingValue>(this.sourceKeys.length).fill(null);
    // alive items in order: a source key's names in the order its tensors come out
    for (const it of this.items) {
      if (!it.alive) continue;
      for (const s of it.sources) {
        const i = indexOf(s)!;
        const v = out[i]!;
        if (v === null) out[i] = it.name;
        else if (typeof v === 'string') out[i] = [v, it.name];
        else v.push(it.name);
      }
    }
    return out;
  }

  /** The names each source key's tensors now have, alive items in order. */
  private lists(items: readonly Item[]): Map<string, string[]> {
    const lists = new Map<string, string[]>();
    for (const it of items) {
      for (const s of it.sources) {
        const l = lists.get(s);
        if (l) l.push(it.name);
        else lists.set(s, [it.name]);
      }
    }
    return lists;
  }

  /** The output tensors of the ops run so far, in order. */
  outputs(): OutputTensor[] {
    const out: OutputTensor[] = [];
    for (const it of this.items) if (it.alive) out.push({ key: it.name, recipe: it.recipe, shape: it.shape, sources: it.sources });
    return out;
  }

  /**
   * Names the items as name ops left them (`names` beside the source keys: a name, or null when
   * dropped), before any other op has run; false, with nothing changed, when they do not line up.
   */
  startFrom(names: readonly MappingValue[]): boolean {
    const { items } = this;
    if (names.length !== items.length || names.some((n) => Array.isArray(n))) return false;
    for (let i = 0; i < items.length; i++) {
      const n = names[i] as string | null;
      if (n === null) items[i]!.alive = false;
      else items[i]!.name = n;
    }
    this.index.invalidate();
    this.names.invalidate();
    return true;
  }

  /** outputs(), one tensor at a time, without the objects. */
  visitOutputs(visit: (key: string, shape: readonly number[] | null, sources: readonly string[]) => void): void {
    for (const it of this.items) if (it.alive) visit(it.name, it.shape, it.sources);
  }

  /** The mapping, outputs and errors of the ops run so far (read once, at the end). */
  result(): KeyMappingResult {
    const { errors } = this;
    const items = this.items.filter((it) => it.alive);
    const finalNames = new Map<string, Item>();
    for (const it of items) {
      const other = finalNames.get(it.name);
      if (other) errors.push(`collision: '${other.sources.join("', '")}' and '${it.sources.join("', '")}' both become '${it.name}'`);
      else finalNames.set(it.name, it);
    }

    const mapping: Record<string, MappingValue> = Object.create(null);
    for (const k of this.sourceKeys) mapping[k] = null;
    for (const [s, names] of this.lists(items)) mapping[s] = names.length === 1 ? names[0]! : names;

    const transposedDims = new Map<string, number[]>();
    for (const it of items) {
      const dims = transposeIn(it.recipe);
      if (dims) transposedDims.set(it.name, dims);
    }
    return {
      mapping,
      transposed: transposedDims,
      outputs: this.outputs(),
      errors,
    };
  }
}

/** The permutation a recipe applies on the way from its (single) source, if any. */
function transposeIn(r: Recipe): number[] | null {
  if (r.kind === 'transpose') return r.dims;
  if (r.kind === 'split') return transposeIn(r.of);
  return null;
}

/** The items a transpose/reshape concerns, or why there are none. */
function selectItems(op: Extract<PlanOp, { op: 'transpose' | 'reshape' | 'rope_permute' }>, items: readonly Item[], byName: { get(name: string): Item | undefined }): Item[] | string {
  if (op.key !== undefined) {
    const it = byName.get(op.key);
    return it ? [it] : `no key '${op.key}' at this point`;
  }
  let re: KeyPattern;
  try {
    re = compilePattern(op.pattern);
  } catch (e) {
    return (e as Error).message;
  }
  const chosen = items.filter((it) => it.alive && re.test(it.name));
  return chosen.length ? chosen : 'matches no key';
}

function permutationProblem(dims: readonly number[], shape: number[] | null): string | null {
  const n = dims.length;
  const sorted = [...dims].sort((a, b) => a - b);
  if (!sorted.every((d, i) => d === i)) return `dims [${dims.join(', ')}] is not a permutation of 0..${n - 1}`;
  if (shape && shape.length !== n) return `dims [${dims.join(', ')}] has ${n} entries but the tensor has shape [${shape.join(', ')}]`;
  return null;
}

/**
 * The names ops give source keys (transpose/reshape/split/concat included, tensors not): source key → final
 * name, final names (split) or null (dropped). The same execution as applyOpsToKeys, shapes unknown;
 * ops that fail to apply are skipped here (applyOpsToKeys reports them, for plans).
 */
export function simulateNames(ops: readonly PlanOp[], sources: readonly string[]): Map<string, MappingValue> {
  return new NameSimulation(sources).namesAfter(ops);
}

/**
 * What NameSimulation names the source keys: `values[i]` is what `keys[i]` is named (a name, names after
 * a split, or null: dropped), arrays beside each other instead of a map of every key per read (plan
 * inference reads the names five times a plan; at 1,000,000 keys a map each time).
 */
export class SimulatedNames {
  constructor(
    /** the source keys, each once, in order */
    readonly keys: readonly string[],
    readonly values: readonly MappingValue[],
    private readonly indexOf: (key: string) => number | undefined,
  ) {}

  /** What `key` is named, undefined when it is no source key. */
  get(key: string): MappingValue | undefined {
    const i = this.indexOf(key);
    return i === undefined ? undefined : this.values[i];
  }

  /** As a map, source key → name(s) (simulateNames's form). */
  toMap(): Map<string, MappingValue> {
    const out = new Map<string, MappingValue>();
    this.keys.forEach((k, i) => out.set(k, this.values[i]!));
    return out;
  }
}

/**
 * simulateNames for a plan that grows: each call names the keys after `ops`, running only the ops added
 * since the last call (plan inference asks after the renames, after the tensor ops, after the splits and
 * after the ties: at 100,000 keys each run of the whole plan cost 0.3–1 s). The ops given must extend
 * those given before (checked: else the run starts again). Until an op makes or consumes tensors the
 * keys are names alone (renames, prefixes and drops: most plans), without the recipe and shape a plan's
 * execution carries per key; transposes and reshapes never change a name, so they are not run at all
 * until then, and a read after them alone is the last read.
 */
export class NameSimulation {
  /** the source keys, each once, in order (never changed) */
  private readonly keys: readonly string[];
  /** names now of `keys`, while every op run was a name op (or a transpose / reshape); alive: not dropped */
  private named: { name: string; alive: boolean }[] | null = null;
  private runner: NameOpRunner<{ name: string; alive: boolean }> | null = null;
  /** the full execution, from the first op that makes or consumes tensors on */
  private exec: KeyExecution | null = null;
  private given: PlanOp[] = [];
  private last: SimulatedNames | null = null;
  /** key → its position in `keys`, built on the first read by key (one map for every read) */
  private positions: Map<string, number> | null = null;
  private readonly indexOf: (key: string) => number | undefined;

  /**
   * `positionOf`: the caller knows the sources are distinct and where each stands among them (plan
   * inference's sides do): no set to find twins and no map of positions is built here, at 1,000,000
   * keys two of the largest structures of a run.
   */
  constructor(sources: readonly string[], positionOf?: (key: string) => number | undefined) {
    if (positionOf) {
      this.keys = sources;
      this.indexOf = positionOf;
      return;
    }
    const seen = new Set<string>();
    const keys: string[] = [];
    for (const key of sources) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
    this.keys = keys;
    // built on the first read by key: one map for every read
    this.indexOf = (key) => {
      if (this.positions === null) {
        this.positions = new Map();
        this.keys.forEach((k, i) => this.positions!.set(k, i));
      }
      return this.positions.get(key);
    };
  }

  namesAfter(ops: readonly PlanOp[]): Map<string, MappingValue> {
    return this.after(ops).toMap();
  }

  /** namesAfter as arrays beside the source keys (SimulatedNames). */
  after(ops: readonly PlanOp[]): SimulatedNames {
    if (ops.length < this.given.length || this.given.some((op, i) => ops[i] !== op)) this.restart();
    const fresh = ops.slice(this.given.length);
    if (this.last && fresh.every((op) => op.op === 'transpose' || op.op === 'reshape')) {
      // renamed by nothing since the last read: the same names (still run when the execution is full)
      if (this.exec) fresh.forEach((op, i) => this.exec!.run(op, this.given.length + i));
      this.given.push(...fresh);
      return this.last;
    }
    const nameOps = ops.filter(isNameOp).length;
    if (this.exec === null && this.named === null) {
      this.named = this.keys.map((name) => ({ name, alive: true }));
      this.runner = new NameOpRunner(() => this.named!, nameOps);
    }
    fresh.forEach((op, i) => {
      const at = this.given.length + i;
      if (this.exec === null) {
        if (isNameOp(op)) return void this.runner!.run(op);
        if (op.op === 'transpose' || op.op === 'reshape') return;
        this.exec = new KeyExecution([], nameOps, this.named!.map((it, j) => ({ key: this.keys[j]!, name: it.name, alive: it.alive })));
        this.named = null;
        this.runner = null;
      }
      this.exec.run(op, at);
    });
    this.given.push(...fresh);
    this.last = new SimulatedNames(this.keys, this.exec ? this.exec.namesNow(this.indexOf) : this.named!.map((it) => (it.alive ? it.name : null)), this.indexOf);
    return this.last;
  }

  /**
   * Continues from names found otherwise, instead of running `ops` — name ops only, the plan's first ops,
   * none dropping a key — over every key: `names[i]` is what they name the i-th source key, as plan
   * inference's search for them followed each key. Later reads run only the ops after them.
   */
  seed(ops: readonly PlanOp[], names: readonly string[]): SimulatedNames {
    if (!ops.every((op) => isNameOp(op) && op.op !== 'drop') || names.length !== this.keys.length) throw new Error('NameSimulation.seed: name ops that drop nothing, and a name per source key');
    this.restart();
    this.named = names.map((name) => ({ name, alive: true }));
    this.runner = new NameOpRunner(() => this.named!, ops.length);
    this.given.push(...ops);
    this.last = new SimulatedNames(this.keys, names, this.indexOf);
    return this.last;
  }

  /**
   * seed, for name ops that may drop keys: the i-th source key is `names[i]` after them, or dropped
   * where `dropped[i]` is 1 (its name then as the drop found it: read by nothing, kept as a run would).
   */
  seedDropped(ops: readonly PlanOp[], names: readonly string[], dropped: Uint8Array): SimulatedNames {
    if (!ops.every(isNameOp) || names.length !== this.keys.length || dropped.length !== this.keys.length) throw new Error('NameSimulation.seedDropped: name ops, and a name per source key');
    this.restart();
    this.named = names.map((name, i) => ({ name, alive: dropped[i] === 0 }));
    this.runner = new NameOpRunner(() => this.named!, ops.length);
    this.given.push(...ops);
    this.last = new SimulatedNames(this.keys, this.named.map((it) => (it.alive ? it.name : null)), this.indexOf);
    return this.last;
  }

  private restart(): void {
    this.named = null;
    this.runner = null;
    this.exec = null;
    this.given = [];
    this.last = null;
  }
}
