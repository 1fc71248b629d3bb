/**
 * Step 6a: the global prefix ops (strip_prefix / add_prefix) that bring the most mapped keys closer to
 * their targets, found greedily. An op is taken only if it breaks no key that is already right and
 * makes no two keys collide; `strip_prefix` touches only keys that start with the prefix, so a
 * `module.` on part of the keys is still one op. What is left is for regex renames.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { commonPrefixLength, commonSuffixLength, gluedIndexAt, splitKey } from '../key-tokens.js';
import { nameDistance, segmentCount } from './rename-ops.js';

const MAX_ROUNDS = 4;
const CANDIDATES_PER_ROUND = 8;

/**
 * Segments outside the common head and tail: how far a name is from its target. On segment arrays,
 * the plain definition; the ops are chosen with rename-ops' nameDistance, the same on the strings
 * (a test holds them equal).
 */
export function segmentDistance(name: string, target: string): number {
  return distanceOf(splitKey(name), splitKey(target));
}

function distanceOf(a: readonly string[], b: readonly string[]): number {
  const cp = commonPrefixLength(a, b);
  const cs = commonSuffixLength(a, b, cp);
  return a.length + b.length - 2 * (cp + cs);
}

type PrefixOp = Extract<PlanOp, { op: 'strip_prefix' | 'add_prefix' }>;

/**
 * The first one and two segments of a name, with their dots (`module.`, `module.model.`): `count` of
 * them, in `one` and `two`. Read for every key every round, and neighbouring keys share them: the
 * strings of the name before are kept when they are this one's too, so no string is made per key and
 * the vote's map finds them by a hash already computed.
 */
class LeadingPrefixes {
  count = 0;
  one = '';
  two = '';

  read(name: string): void {
    const a = name.indexOf('.');
    if (a < 0) {
      this.count = 0;
      return;
    }
    if (this.one.length !== a + 1 || !name.startsWith(this.one)) this.one = name.slice(0, a + 1);
    const b = name.indexOf('.', a + 1);
    if (b < 0) {
      this.count = 1;
      return;
    }
    if (this.two.length !== b + 1 || !name.startsWith(this.two)) this.two = name.slice(0, b + 1);
    this.count = 2;
  }
}

function applyPrefix(op: PrefixOp, name: string): string {
  if (op.op === 'add_prefix') return op.prefix + name;
  return name.startsWith(op.prefix) ? name.slice(op.prefix.length) : name;
}

/** Does the op change the name (applyPrefix(op, name) !== name), without building the new name? */
function moves(op: PrefixOp, name: string): boolean {
  return op.op === 'add_prefix' ? op.prefix.length > 0 : op.prefix.length > 0 && name.startsWith(op.prefix);
}

/** Is applyPrefix(op, name) === target, for a name the op moves, without building the new name? */
function landsOn(op: PrefixOp, name: string, target: string): boolean {
  const p = op.prefix;
  if (op.op === 'add_prefix') return target.length === p.length + name.length && target.startsWith(p) && target.endsWith(name);
  return target.length === name.length - p.length && name.endsWith(target);
}

/**
 * Would the op give two of the names one name? Names listed twice stay twins whatever it does
 * (`distinct`: whether they are all distinct). Of distinct names, an add_prefix never collides; a strip
 * only when a name it shortens becomes a name it leaves as it is (two it shortens stay distinct): the
 * smaller of the two sides goes in a set, the other is looked up in it — at 100,000 keys a set of every
 * name was most of the prefix ops' time.
 */
function collides(op: PrefixOp, names: readonly string[], distinct: () => boolean): boolean {
  if (!distinct()) return true;
  if (op.op === 'add_prefix') return false;
  const p = op.prefix;
  let shortened = 0;
  for (const c of names) if (c.startsWith(p)) shortened++;
  if (shortened === 0) return false;
  // a shortened name that still starts with the prefix is no name left as it is
  if (shortened * 2 <= names.length) {
    const made = new Set<string>();
    for (const c of names) {
      if (!c.startsWith(p)) continue;
      const n = c.slice(p.length);
      if (!n.startsWith(p)) made.add(n);
    }
    for (const c of names) if (!c.startsWith(p) && made.has(c)) return true;
    return false;
  }
  const kept = new Set<string>();
  for (const c of names) if (!c.startsWith(p)) kept.add(c);
  // every name shortened (a wrapper on all keys): none left as it is to become
  if (kept.size === 0) return false;
  for (const c of names) {
    if (c.startsWith(p) && kept.has(c.slice(p.length))) return true;
  }
  return false;
}

export interface PrefixOpsResult {
  ops: PrefixOp[];
  /** per op, the source keys it renamed */
  covers: string[][];
  /** every source key's name after the ops */
  current: SourceNames;
}

/**
 * Every source key's name after the prefix ops, by the key's number: its place among the sources. A map
 * of every key to its name (1,000,000 entries at scale) was built for the few keys looked up by name and
 * the pass over every pair; keys are found by number here, through `numberOf` where the caller has one
 * (the sides' positions), else through a map made on the first look-up by name.
 */
export class SourceNames {
  private byName: Map<string, number> | null = null;

  constructor(
    private readonly sources: readonly string[],
    /** the names, indexed like `sources` */
    readonly names: readonly string[],
    private readonly numberOf?: (key: string) => number | undefined,
  ) {}

  /** the source key's name now, or undefined when it is no source key */
  get(key: string): string | undefined {
    const i = this.indexOf(key);
    return i === undefined ? undefined : this.names[i];
  }

  has(key: string): boolean {
    return this.indexOf(key) !== undefined;
  }

  /** the names in the sources' order */
  values(): IterableIterator<string> {
    return this.names.values();
  }

  private indexOf(key: string): number | undefined {
    if (this.numberOf) return this.numberOf(key);
    if (!this.byName) {
      this.byName = new Map();
      for (let i = 0; i < this.sources.length; i++) this.byName.set(this.sources[i]!, i);
    }
    return this.byName.get(key);
  }
}

/** sources: all source keys, each once; goals: source → target for the keys that are mapped. */
export function findPrefixOps(
  sources: readonly string[],
  goals: ReadonlyMap<string, string>,
  /** which prefix ops may be used at all (partial key sets: only scoped ones) */
  allow: (op: PrefixOp) => boolean = () => true,
  /**
   * partial key sets (an error text alone): a prefix taken as a wrapper's must give a model name for some
   * key it moves — the key itself, or its goal's first module (DeBERTa's `lm_predictions.lm_head.dense.weight`
   * for `cls.predictions.transform.dense.weight`: neither `lm_predictions.` nor then `lm_head.` is a
   * wrapper, stripping them gives `dense.weight`, no model key; renames say it)
   */
  wrapperMustLand = false,
  /** a source key's place among `sources`, or undefined for no source key, where the caller knows it without a map */
  numberOf?: (key: string) => number | undefined,
): PrefixOpsResult {
  // arrays indexed like `sources`: this runs over 100,000 keys several times per round
  const names = [...sources];
  const goalAt: number[] = [];
  const goalTarget: string[] = [];
  sources.forEach((s, i) => {
    const t = goals.get(s);
    if (t !== undefined) {
      goalAt.push(i);
      goalTarget.push(t);
    }
  });
  const ops: PrefixOp[] = [];
  const covers: string[][] = [];
  // whether the names are all distinct, read once: an op is taken only when it makes no two names one,
  // so distinct names stay distinct, and names that are not are never renamed
  let distinctNames: boolean | null = null;
  const distinct = () => (distinctNames ??= new Set(names).size === names.length);
  const heads = new LeadingPrefixes();
  const goalHeads = new LeadingPrefixes();
  // segments of each name now and of each goal, counted once (-1: not yet) and carried through the ops
  // taken: nameDistance counts both names' dots when not told, and that scan was most of the distances' time
  const segs = new Int32Array(names.length).fill(-1);
  const goalSegs = new Int32Array(goalAt.length).fill(-1);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // each key's distance now, computed once a round for every candidate that moves it (not per candidate)
    const distance = new Int32Array(goalAt.length).fill(-1);
    // which keys are at their target already, compared once a round (not per candidate)
    const done = new Uint8Array(goalAt.length);
    // votes by prefix, one map per kind: no op object or id string per vote (4 a key a round, 1,000,000
    // keys); `seq` keeps the first vote's order, which breaks ties as one map's insertion order did
    const strips = new Map<string, { op: PrefixOp; n: number; seq: number }>();
    const adds = new Map<string, { op: PrefixOp; n: number; seq: number }>();
    let seq = 0;
    const vote = (kind: PrefixOp['op'], prefix: string) => {
      const freq = kind === 'strip_prefix' ? strips : adds;
      const f = freq.get(prefix);
      if (f) f.n++;
      else freq.set(prefix, { op: { op: kind, prefix }, n: 1, seq: seq++ });
    };
    for (let g = 0; g < goalAt.length; g++) {
      const c = names[goalAt[g]!]!;
      const t = goalTarget[g]!;
      if (c === t) {
        done[g] = 1;
        continue;
      }
      heads.read(c);
      if (heads.count > 0 && !t.startsWith(heads.one)) vote('strip_prefix', heads.one);
      if (heads.count > 1 && !t.startsWith(heads.two)) vote('strip_prefix', heads.two);
      goalHeads.read(t);
      if (goalHeads.count > 0 && !c.startsWith(goalHeads.one)) vote('add_prefix', goalHeads.one);
      if (goalHeads.count > 1 && !c.startsWith(goalHeads.two)) vote('add_prefix', goalHeads.two);
    }
    const candidates = [...strips.values(), ...adds.values()].sort((a, b) => b.n - a.n || b.op.prefix.length - a.op.prefix.length || a.seq - b.seq).slice(0, CANDIDATES_PER_ROUND);
    const viable: { op: PrefixOp; gain: number }[] = [];
    for (const { op } of candidates) {
      if (!allow(op)) continue;
      // cheap pass on strings: does it break a finished key, and is it plausible at all?
      let finished = 0;
      let touched = 0;
      let broken = false;
      // an add_prefix moves every key and is never a wrapper's: it is taken only when most keys finish,
      // so once too few are left for that, it is not (the rest of the pass could only refuse it too)
      const everyKey = op.op === 'add_prefix' && op.prefix.length > 0;
      for (let g = 0; g < goalAt.length; g++) {
        if (everyKey && (finished + goalAt.length - g) * 2 < goalAt.length) {
          broken = true;
          break;
        }
        const c = names[goalAt[g]!]!;
        if (!moves(op, c)) continue;
        if (done[g]) {
          broken = true;
          break;
        }
        touched++;
        if (landsOn(op, c, goalTarget[g]!)) finished++;
      }
      if (broken || touched === 0) continue;
      const mostlyFinished = finished * 2 >= touched;
      if (!mostlyFinished && !(op.op === 'strip_prefix' && isWrapper(op.prefix, names, goalTarget) && !leavesBareParameter(op.prefix, goalAt, names, goalTarget) && (!wrapperMustLand || landsSomewhere(op.prefix, goalAt.map((i) => names[i]!), goalTarget)))) continue;
      let gain = 0;
      let better = 0;
      let worse = 0;
      // segments the op adds to (or strips from) each name it moves: its prefix ends in a dot
      const shift = (op.op === 'add_prefix' ? 1 : -1) * (segmentCount(op.prefix) - 1);
      // distances on the strings themselves (rename-ops.ts): segment arrays of every target, kept
      // for the rounds, were ~300 bytes a key (300 MB at 1,000,000 keys)
      for (let g = 0; g < goalAt.length; g++) {
        const i = goalAt[g]!;
        const c = names[i]!;
        if (!moves(op, c)) continue;
        const t = goalTarget[g]!;
        let n = segs[i]!;
        if (n < 0) segs[i] = n = segmentCount(c);
        let nt = goalSegs[g]!;
        if (nt < 0) goalSegs[g] = nt = segmentCount(t);
        let now = distance[g]!;
        if (now < 0) distance[g] = now = nameDistance(c, t, n, nt);
        const d = now - nameDistance(applyPrefix(op, c), t, n + shift, nt);
        gain += d;
        if (d > 0) better++;
        else if (d < 0) worse++;
      }
      if (gain <= 0 || better <= worse) continue;
      // A prefix op must be the whole story for most keys it moves, or a wrapper (DDP's `module.`)
      // around most of the checkpoint that helps every key it moves; otherwise renames say it better.
      if (!mostlyFinished && (worse > 0 || better < touched)) continue;
      viable.push({ op, gain });
    }
    viable.sort((a, b) => b.gain - a.gain);
    const best = viable.find(({ op }) => !collides(op, names, distinct));
    if (!best) break;
    const moved: string[] = [];
    const shift = (best.op.op === 'add_prefix' ? 1 : -1) * (segmentCount(best.op.prefix) - 1);
    names.forEach((c, i) => {
      const n = applyPrefix(best.op, c);
      if (n === c) return;
      moved.push(sources[i]!);
      names[i] = n;
      if (segs[i]! >= 0) segs[i] = segs[i]! + shift;
    });
    ops.push(best.op);
    covers.push(moved);
  }
  return { ops, covers, current: new SourceNames(sources, names, numberOf) };
}

/** Some key the strip moves becomes its goal, or starts with its goal's first module (the rest is renames inside the model). */
function landsSomewhere(prefix: string, names: readonly string[], goals: readonly string[]): boolean {
  return names.some((c, g) => {
    if (!c.startsWith(prefix)) return false;
    const n = c.slice(prefix.length);
    const t = goals[g]!;
    return n === t || n.split('.', 1)[0] === t.split('.', 1)[0];
  });
}

/**
 * The strip leaves a key it moves as a bare parameter name (`ln_f.weight` → `weight`) that is not its goal:
 * a wrapper holds modules, so what it strips off a module's own parameters is that module's name, and the
 * change is a rename of the module (`ln_f.` → `norm.`, review 18 F9), not a wrapper and a second op.
 */
function leavesBareParameter(prefix: string, goalAt: readonly number[], names: readonly string[], goals: readonly string[]): boolean {
  return goalAt.some((i, g) => {
    const c = names[i]!;
    return c.startsWith(prefix) && c.indexOf('.', prefix.length) < 0 && c.slice(prefix.length) !== goals[g];
  });
}

/**
 * A wrapper's prefix (`module.`, `_orig_mod.`, `vit.`): one segment, on at least half of the keys,
 * found nowhere in the target names, not sitting right before an index (`layers.0` is structure) and
 * carrying none glued to it (pycls' stage `s4.` is structure too, however many keys it holds).
 */
function isWrapper(prefix: string, names: readonly string[], targets: readonly string[]): boolean {
  if (prefix.indexOf('.') !== prefix.length - 1 || gluedIndexAt(prefix, 0, prefix.length - 1) >= 0) return false;
  let on = 0;
  for (const c of names) {
    if (!c.startsWith(prefix)) continue;
    on++;
    const next = c.charCodeAt(prefix.length);
    if (next >= 48 && next <= 57) return false;
  }
  if (on * 2 < names.length) return false;
  const inner = `.${prefix}`;
  for (const t of targets) if (t.startsWith(prefix) || t.includes(inner)) return false;
  return true;
}
