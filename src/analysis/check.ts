/**
 * `sdmatch check BASELINE CURRENT`: every difference between what a model's state dict held (the
 * baseline, usually a committed lock manifest) and what it holds now, classified, weighed against a
 * policy, and turned into a verdict. Pure: the caller reads the files and writes the reports.
 *
 * Correspondence comes from plan inference (baseline as source, current as target), so a renamed
 * submodule is one migratable rename rather than N removed plus N added keys; what the plan's ops do
 * to each baseline key is traced op by op, which gives every migrated key the confidence of the ops
 * that moved it. Ignored keys still take part in inference (a rename op then covers them too, and the
 * written plan stays whole); only their changes are left out of the verdict.
 */
import { compilePattern, regexProblem } from './infer/regex.js';
import { FormatError } from '../formats/errors.js';
import type { DType } from '../formats/dtype.js';
import { byKey, sameShape, type KeyEntry } from '../formats/keys.js';
import type { PlanOp } from './op-vocabulary.js';
import { failsPolicy, policyOf, severityRank, verdictOf, type CheckPolicy, type Severity, type Verdict } from './check-policy.js';
import { inferPlan, type Ambiguity, type InferResult } from './infer/index.js';
import { LIST_SHIFT } from './infer/types.js';
import { compileNameOp, compileSplit, concatGroups, isNameOp, stackGroups } from './op-vocabulary.js';
import { groupKeys, groupRenames } from './group.js';
import { castVerdict } from './check-casts.js';
import { CONFIDENCE } from './infer/confidence.js';
import { counterFilledIn } from './module-versions.js';
import { moduleOf } from './key-tokens.js';
import { removesWrapperInfix } from './key-roles.js';
import { plural } from './prose.js';
import { tieWrites, writtenFrom } from './tie-writes.js';
import { isFraction, rankShard, rankShardReason } from './rank-shard.js';
import { unwritableMessage, unwritableWhy as storageReason } from './unwritable-words.js';

export interface AddedKey {
  key: string;
  shape: number[] | null;
  dtype: DType | null;
  severity: Severity;
  /** why old checkpoints still load without it (BatchNorm fills in its counter); null when they do not */
  reason: string | null;
}

export interface RemovedKey {
  key: string;
  shape: number[] | null;
  dtype: DType | null;
  severity: Severity;
  /** why the plan leaves it out, when an op dropped it */
  reason: string | null;
}

/**
 * One migration: a rename (1 → 1), a split (1 → n), a concat (n → 1), a stack (n → 1: experts into one
 * tensor) or a copy (a second name for a tensor, such as a tied head), possibly with a transpose.
 */
export type MigrationKind = 'rename' | 'split' | 'concat' | 'stack' | 'copy';

export interface RenamedKey {
  from: string[];
  to: string[];
  how: MigrationKind;
  /** the tensor is also transposed or reshaped to fit */
  reshaped: boolean;
  /** the least confident op that moved these keys, 0..1 */
  confidence: number;
  severity: Severity;
}

export interface ShapeChange {
  /** the key in the current model */
  key: string;
  /** the baseline key it corresponds to (equal to `key` unless renamed) */
  from: string;
  baseline: number[];
  current: number[];
  /** the plan's op that makes old weights fit; null when nothing does */
  fix: 'transpose' | 'reshape' | null;
  /** confidence of the fixing op; null when unfixed */
  confidence: number | null;
  reason: string;
  severity: Severity;
}

export interface DTypeChange {
  key: string;
  from: string;
  baseline: DType;
  current: DType;
  /** the cast load_state_dict makes keeps the values (check-casts.ts); breaking when it does not */
  keepsValues: boolean;
  /** the cast table's reason */
  reason: string;
  severity: Severity;
}

/**
 * A tie the current model makes of keys old checkpoints hold as separate tensors (review 25 F8): a strict load takes
 * both names into the one tensor and keeps the last one's values, so the others' trained values are lost with no
 * error. The finding plan makes of a checkpoint into a tied model (analysis/tie-writes.ts), made of the baseline.
 */
export interface TieAdded {
  /** the current model's tied keys, in its order: old checkpoints keep only the last one's values */
  keys: string[];
  /** the baseline keys written into them */
  from: string[];
  /** the baseline shows them as separate tensors (its storages, a manifest's `tied`, bytes that differ); false: it cannot show whether they are */
  shown: boolean;
  severity: Severity;
}

/**
 * A baseline tensor the migration keeps whose bytes sdmatch cannot write as one tensor (plan/unwritable.ts: a Megatron
 * key whose split over the tensor-parallel ranks cannot be told, read from rank 0 without bytes): apply refuses it, so
 * old checkpoints of this form do not come through sdmatch (review25 F6: check said "compatible" where plan exited 1
 * and apply 2). Breaking; said in the words plan and apply use (unwritable-words.ts).
 */
export interface UnwritableKey {
  /** the baseline key */
  key: string;
  /** the current key it goes to (a split's parts, joined with ', ') */
  to: string;
  /** the reader's reason, from its storage's name (`(mp_rank_00 of 2 ranks, split unknown: …)`) */
  why: string;
  severity: Severity;
}

export interface CheckChanges {
  /** in the current model's order */
  added: AddedKey[];
  /** in the baseline's order */
  removed: RemovedKey[];
  renamed: RenamedKey[];
  shapeChanged: ShapeChange[];
  dtypeChanged: DTypeChange[];
  /** in the current model's order */
  tiesAdded: TieAdded[];
  /** in the baseline's order */
  unwritable: UnwritableKey[];
}

export const RULES = [
  { id: 'no-removed-keys', name: 'no removed keys' },
  { id: 'no-added-keys', name: 'no added keys' },
  { id: 'no-shape-changes', name: 'no shape changes' },
  { id: 'renames-migratable', name: 'renames are migratable' },
  { id: 'loads-without-plan', name: 'old checkpoints load without a plan' },
  { id: 'no-dtype-changes', name: 'no dtype changes' },
  { id: 'no-ties-added', name: 'no ties added' },
  { id: 'kept-weights-writable', name: 'every kept weight can be written' },
] as const;
export type RuleId = (typeof RULES)[number]['id'];

export interface RuleOutcome {
  id: RuleId;
  name: string;
  /** the worst severity among the changes that break this rule; null when the rule holds */
  severity: Severity | null;
  /** a change breaking this rule reaches the policy's threshold */
  failed: boolean;
  /** one line per change breaking the rule */
  violations: string[];
  /**
   * the same lines by severity, worst first: a rule's changes need not weigh alike (a bfloat16 cast that keeps
   * the values beside a float16 one that does not; a BatchNorm counter torch fills in beside a missing weight),
   * so GitHub's annotations and JUnit's failure speak of each group at its own severity (review 22 F4)
   */
  groups: RuleGroup[];
}

export interface RuleGroup {
  severity: Severity;
  /** this group's changes reach the policy's threshold */
  failed: boolean;
  violations: string[];
}

export interface Reason {
  severity: Severity;
  message: string;
}

/**
 * What a strict load of an old checkpoint does, counting every change, those the policy allows or
 * ignores too: `as-is` (it loads and keeps its values), `after-plan` (it loads after the inferred
 * plan), `no` (some weights cannot reach the model, or reach it destroyed).
 */
export type Loads = 'as-is' | 'after-plan' | 'no';

/** A change the policy lets pass although it makes old checkpoints load worse than the verdict says. */
export interface Tolerated {
  key: string;
  by: 'allow' | 'ignore';
}

export interface CheckResult {
  verdict: Verdict;
  /** what old checkpoints do under torch's strict load, whatever the policy says */
  loads: Loads;
  /** the allowed or ignored changes that make `loads` worse than the verdict's meaning; empty when the verdict's meaning holds */
  tolerated: Tolerated[];
  /** no counted change reaches the policy's `failOn` threshold */
  passed: boolean;
  policy: CheckPolicy;
  counts: { baseline: number; current: number; unchanged: number; added: number; removed: number; renamed: number; shapeChanged: number; dtypeChanged: number; ignored: number };
  /** counted changes only; ignored ones are in `ignored` */
  changes: CheckChanges;
  /** keys equal on both sides (baseline names) */
  unchanged: string[];
  /** keys whose changes the ignore patterns leave out of the verdict */
  ignored: string[];
  rules: RuleOutcome[];
  /** why the verdict is what it is, worst first; empty when nothing changed */
  reasons: Reason[];
  inference: InferResult;
}

export interface CheckInput {
  baseline: readonly KeyEntry[];
  current: readonly KeyEntry[];
  /** the settings given; each one absent is DEFAULT_POLICY's (fail on breaking, allow and ignore nothing, minimum confidence 0.8), as for `sdmatch check` */
  policy?: Partial<CheckPolicy>;
  /** baseline → current inference, when the caller already has it */
  inference?: InferResult;
  /**
   * module versions the baseline's `_metadata` records (module-versions.ts moduleVersions): whether
   * BatchNorm fills in a counter the baseline lacks; absent or empty, none recorded (it does)
   */
  versions?: ReadonlyMap<string, number>;
  /**
   * what the current checkpoint shows beyond its keys, as `plan` gives inference: the keys one storage holds
   * (a tied head is a copy only where the model shows the tie) and both sides' Megatron args
   */
  /** baseline keys whose tensor has no bytes sdmatch can write (plan/unwritable.ts unwritableSources), each with its storage's name */
  unwritable?: ReadonlyMap<string, string>;
  inferOptions?: Pick<NonNullable<Parameters<typeof inferPlan>[0]['options']>, 'targetStorages' | 'sourceStorages' | 'sourceEqualValues' | 'sourceModules' | 'targetModules' | 'megatronArgs' | 'targetMegatronArgs'>;
}

interface Item {
  name: string;
  from: string[];
  /** indices of the ops that moved, split, joined or transposed it */
  touched: number[];
  /** a second name for a tensor another item carries (a copy op): its own migration */
  copy?: true;
}

interface Dropped {
  name: string;
  from: string[];
  op: number;
  copy?: true;
}

/** The ops' effect on each baseline key, with the same semantics as simulateNames (op-keys.ts). */
function traceOps(ops: readonly PlanOp[], sources: readonly string[]): { finals: Item[]; dropped: Dropped[] } {
  let items: Item[] = sources.map((s) => ({ name: s, from: [s], touched: [] }));
  const dropped: Dropped[] = [];
  // ops naming exact keys look them up here; rebuilt only after the names change (100,000 keys, many ops)
  let byName: Map<string, Item> | null = null;
  const named = (name: string): Item | undefined => {
    byName ??= new Map(items.map((it) => [it.name, it]));
    return byName.get(name);
  };
  ops.forEach((op, index) => {
    if (isNameOp(op)) {
      const step = compileNameOp(op);
      const next: Item[] = [];
      for (const it of items) {
        const r = step(it.name);
        if (r === null) {
          dropped.push({ name: it.name, from: it.from, op: index, ...(it.copy ? { copy: true as const } : {}) });
          continue;
        }
        if (r !== undefined && r !== it.name) {
          it.name = r;
          it.touched.push(index);
        }
        next.push(it);
      }
      items = next;
      byName = null;
    } else if (op.op === 'transpose' || op.op === 'reshape' || op.op === 'rope_permute') {
      // these keep the name: they only make old tensors fit (a key or every key a pattern matches)
      if (op.pattern !== undefined) {
        const re = compilePattern(op.pattern);
        for (const it of items) if (re.test(it.name)) it.touched.push(index);
      } else {
        named(op.key)?.touched.push(index);
      }
    } else if (op.op === 'split') {
      const cut = compileSplit(op);
      const chosen = items.flatMap((it) => {
        const targets = cut(it.name);
        return targets ? [[it, targets] as const] : [];
      });
      if (chosen.length === 0) return;
      const gone = new Set(chosen.map(([it]) => it));
      items = items.filter((x) => !gone.has(x));
      for (const [it, targets] of chosen) {
        // the pieces share one `from` array: that identity is what groups them into one migration later
        const from = [...it.from];
        for (const t of targets) items.push({ name: t, from, touched: [...it.touched, index] });
      }
      byName = null;
    } else if (op.op === 'copy') {
      const it = named(op.key);
      if (!it) return;
      // the copy is the same tensor under a second name: a migration of its own (its source stays where
      // it is), so it gets its own `from` array, the identity that groups items into migrations
      items.push({ name: op.target, from: [...it.from], touched: [...it.touched, index], copy: true });
      byName = null;
    } else {
      const joins: [string, (Item | undefined)[]][] = op.op === 'stack'
        ? [...stackGroups(op, items.map((it) => it.name)).groups].map(([t, names]) => [t, names.map((k) => named(k))])
        : op.pattern !== undefined
          ? [...concatGroups(op, items.map((it) => it.name)).groups].map(([t, names]) => [t, names.map((k) => named(k))])
          : [[op.target, op.keys.map((k) => named(k))]];
      for (const [target, parts] of joins) {
        if (parts.some((p) => !p)) continue;
        const joined = new Set(parts);
        items = items.filter((x) => !joined.has(x));
        items.push({ name: target, from: parts.flatMap((p) => p!.from), touched: [...new Set([...parts.flatMap((p) => p!.touched), index])] });
        byName = null;
      }
    }
  });
  return { finals: items, dropped };
}

const fmtShape = (s: readonly number[]) => `[${s.join(', ')}]`;

/** A drop op's reason reads `detail: why`; the why is what a single key's report needs. */
function whyOf(reason: string): string {
  const i = reason.lastIndexOf(': ');
  return i < 0 ? reason : reason.slice(i + 2);
}

/** Ignore patterns come from a policy file or the command line: the plan dialect, matched without backtracking blow-ups. */
function compileIgnore(patterns: readonly string[]): (key: string) => boolean {
  for (const p of patterns) {
    const problem = regexProblem(p);
    if (problem) throw new FormatError('', `ignore pattern ${JSON.stringify(p)}: ${problem}`);
  }
  const res = patterns.map((p) => compilePattern(p));
  return (key) => res.some((re) => re.test(key));
}

interface Draft {
  changes: CheckChanges;
  unchanged: string[];
}

/** The kind of migration a unit of items is, from the ops that made it. */
function migrationKind(items: readonly Item[], kinds: ReadonlySet<PlanOp['op']>): MigrationKind {
  if (items.length === 1 && items[0]!.copy) return 'copy';
  if (kinds.has('split')) return 'split';
  if (kinds.has('stack')) return 'stack';
  if (kinds.has('concat')) return 'concat';
  return 'rename';
}

/**
 * Classify every key; severities come later, once the policy is applied, except those the policy's
 * `allow` and `minConfidence` decide here. `filled` says whether BatchNorm fills in a current counter
 * the baseline lacks, given the baseline module its module comes from.
 */
// a wrapper infix removed (key-roles.ts WRAPPER_INFIXES) is a prefix by another name: each key keeps its own
const isPrefixOp = (op: PlanOp) => op.op === 'strip_prefix' || op.op === 'add_prefix' || removesWrapperInfix(op);

function classify(baseline: readonly KeyEntry[], current: readonly KeyEntry[], inference: InferResult, policy: CheckPolicy, versions: ReadonlyMap<string, number>): Draft {
  const base = byKey(baseline);
  const cur = byKey(current);
  const { ops } = inference;
  // keys paired as stored although nothing decided their layout (Ambiguity.loadsAsStored), with why
  const asStored = new Map<string, string>();
  for (const a of inference.ambiguities) if (a.loadsAsStored === true) for (const k of a.keys) asStored.set(k, a.reason);
  // a prefix op is a rule read off the names (each key keeps its own name past it), whatever confidence the pairs
  // that showed it carry (module alignment finds DDP's `module.` at 0.85): as plan/guesses.ts, it is no guess
  // so a key only prefix ops move is never below the guess line, and one other ops move too has theirs
  const conf = (indices: readonly number[]) => {
    let named: number | null = null;
    let prefix = 1;
    for (const i of indices) {
      const c = ops[i]!.confidence ?? 1;
      if (isPrefixOp(ops[i]!)) prefix = Math.min(prefix, c);
      else named = Math.min(named ?? 1, c);
    }
    return named ?? Math.max(prefix, GUESS_LINE);
  };
  const migrated = (c: number): Severity => (c >= policy.minConfidence ? 'migratable' : 'breaking');
  const changes: CheckChanges = { added: [], removed: [], renamed: [], shapeChanged: [], dtypeChanged: [], tiesAdded: [], unwritable: [] };
  const unchanged: string[] = [];
  const produced = new Set<string>();
  const removed = (key: string, reason: string | null) => {
    const e = base.get(key)!;
    changes.removed.push({ key, shape: e.shape, dtype: e.dtype, severity: 'breaking', reason });
  };
  const dtypeCheck = (from: string, key: string) => {
    const a = base.get(from)!.dtype;
    const b = cur.get(key)!.dtype;
    if (a === null || b === null || a === b) return;
    const cast = castVerdict(a, b);
    // --allow dtype accepts casts that keep the values; one that destroys them stays breaking
    const severity: Severity = !cast.keepsValues ? 'breaking' : policy.allow.includes('dtype') ? 'allowed' : 'compatible';
    changes.dtypeChanged.push({ key, from, baseline: a, current: b, keepsValues: cast.keepsValues, reason: cast.reason, severity });
  };
  const sizeReason = (key: string, movedFrom: string | null, how: MigrationKind) => {
    const warning = inference.warnings.find((w) => w.includes(key));
    const why = warning ?? 'another size: no key transform makes the old weights fit';
    return movedFrom === null ? why : `${how === 'copy' ? 'copied' : 'renamed'} from ${movedFrom}, and ${why}`;
  };

  const { finals, dropped } = traceOps(ops, [...base.keys()]);
  for (const d of dropped) {
    // a dropped copy takes nothing from old checkpoints: its source goes on under its own name
    if (d.copy) continue;
    const op = ops[d.op] as Extract<PlanOp, { op: 'drop' }>;
    const b = d.from.length === 1 ? base.get(d.from[0]!)! : null;
    const c = cur.get(d.name);
    if (b && c && b.shape && c.shape && !sameShape(b.shape, c.shape) && !produced.has(d.name)) {
      produced.add(d.name);
      changes.shapeChanged.push({ key: d.name, from: b.key, baseline: b.shape, current: c.shape, fix: null, confidence: null, reason: whyOf(op.reason), severity: 'breaking' });
    } else {
      for (const f of d.from) removed(f, op.reason);
    }
  }

  // items cut from one tensor (a split) share their `from` array; each unit is one migration
  const units = new Map<readonly string[], Item[]>();
  for (const it of finals) {
    const list = units.get(it.from);
    if (list) list.push(it);
    else units.set(it.from, [it]);
  }
  // a current module → the baseline module its tensors came from, for the counters BatchNorm fills in
  const sourceModule = new Map<string, string>();
  for (const items of units.values()) {
    const from = items[0]!.from;
    const names = items.map((i) => i.name);
    if (!names.every((n) => cur.has(n) && !produced.has(n))) {
      // a copy's source goes on under its own name: only the copy is missing, and it is reported added
      if (!items[0]!.copy) for (const f of from) removed(f, null);
      continue;
    }
    for (const n of names) produced.add(n);
    const touched = items.length === 1 ? items[0]!.touched : [...new Set(items.flatMap((i) => i.touched))];
    const kinds = new Set(touched.map((i) => ops[i]!.op));
    const transposed = kinds.has('transpose') || kinds.has('reshape'); // the tensor itself changes form
    if (from.length === 1 && names.length === 1 && !sourceModule.has(moduleOf(names[0]!))) sourceModule.set(moduleOf(names[0]!), moduleOf(from[0]!));
    // one key that kept its name is the only unit that is not a migration: every other one (a rename,
    // split, concat, stack, copy or any mix of them) is, whatever ops made it
    const inPlace = from.length === 1 && names.length === 1 && from[0] === names[0] && !items[0]!.copy;
    if (!inPlace) {
      const how = migrationKind(items, kinds);
      const c = conf(touched);
      if (from.length === 1 && names.length === 1) {
        const b = base.get(from[0]!)!;
        const t = cur.get(names[0]!)!;
        if (!transposed && b.shape && t.shape && !sameShape(b.shape, t.shape)) {
          changes.shapeChanged.push({ key: t.key, from: b.key, baseline: b.shape, current: t.shape, fix: null, confidence: null, reason: sizeReason(t.key, b.key, how), severity: 'breaking' });
          continue;
        }
      }
      changes.renamed.push({ from, to: names, how, reshaped: transposed, confidence: c, severity: migrated(c) });
      if (from.length === 1 && names.length === 1) dtypeCheck(from[0]!, names[0]!);
      continue;
    }
    const key = names[0]!;
    const b = base.get(key)!;
    const t = cur.get(key)!;
    if (transposed) {
      const c = conf(touched);
      const op = ops[touched.find((i) => ops[i]!.op === 'transpose' || ops[i]!.op === 'reshape')!] as Extract<PlanOp, { op: 'transpose' | 'reshape' }>;
      const reason = op.evidence ? whyOf(op.evidence) : op.op === 'transpose' ? 'stored transposed' : 'same elements in another shape';
      changes.shapeChanged.push({ key, from: key, baseline: b.shape ?? [], current: t.shape ?? [], fix: op.op, confidence: c, reason, severity: migrated(c) });
      dtypeCheck(key, key);
      continue;
    }
    // a pair inference made but whose layout nothing decided (a square weight of a Conv1D-like name against a Linear,
    // class recorded on one side only): a strict load passes, the values may be transposed. Fail closed, as plan and
    // apply do (s19-verify: an old baseline manifest without module classes was "compatible", 21/25 in torch)
    const undecided = asStored.get(key);
    if (undecided !== undefined && b.shape !== null && t.shape !== null && sameShape(b.shape, t.shape)) {
      changes.shapeChanged.push({ key, from: key, baseline: b.shape, current: t.shape, fix: null, confidence: null, reason: undecided, severity: 'breaking' });
      dtypeCheck(key, key);
      continue;
    }
    const reshaped = b.shape !== null && t.shape !== null && !sameShape(b.shape, t.shape);
    if (reshaped) changes.shapeChanged.push({ key, from: key, baseline: b.shape!, current: t.shape!, fix: null, confidence: null, reason: sizeReason(key, null, 'rename'), severity: 'breaking' });
    const before = changes.dtypeChanged.length;
    dtypeCheck(key, key);
    if (!reshaped && changes.dtypeChanged.length === before) unchanged.push(key);
  }
  const allowAdded = policy.allow.includes('added');
  for (const e of cur.values()) {
    if (produced.has(e.key)) continue;
    // the shared rule (module-versions.ts): BatchNorm fills in a counter the baseline's _metadata does not
    // record at version 2, asked under the name the counter's module had in the baseline
    const filled = counterFilledIn(e.key, versions, (m) => sourceModule.get(m) ?? m);
    const reason = filled ? 'BatchNorm fills the counter in when loading: the baseline records no BatchNorm version 2 for its module (_metadata)' : null;
    changes.added.push({ key: e.key, shape: e.shape, dtype: e.dtype, severity: allowAdded ? 'allowed' : filled ? 'compatible' : 'breaking', reason });
  }
  // drops, splits and concats come out of order; everything else is already in the baseline's order
  const basePos = new Map<string, number>();
  let i = 0;
  for (const k of base.keys()) basePos.set(k, i++);
  inBaselineOrder(changes.removed, (c) => basePos.get(c.key)!);
  inBaselineOrder(changes.renamed, (c) => basePos.get(c.from[0]!)!);
  inBaselineOrder(changes.shapeChanged, (c) => basePos.get(c.from)!);
  inBaselineOrder(changes.dtypeChanged, (c) => basePos.get(c.from)!);
  return { changes, unchanged };
}

function inBaselineOrder<T>(list: T[], pos: (x: T) => number): void {
  const at = list.map(pos);
  if (at.every((p, i) => i === 0 || at[i - 1]! <= p)) return;
  const order = list.map((_, i) => i).sort((a, b) => at[a]! - at[b]!);
  const sorted = order.map((i) => list[i]!);
  sorted.forEach((x, i) => (list[i] = x));
}

/** Leave out changes whose every key matches an ignore pattern; `left` holds them, for what they do to loading. */
function withoutIgnored(changes: CheckChanges, ignore: (key: string) => boolean): { kept: CheckChanges; left: CheckChanges; ignored: string[] } {
  const ignored = new Set<string>();
  const split = <T>(list: T[], keys: (c: T) => string[]): [T[], T[]] => {
    const kept: T[] = [];
    const left: T[] = [];
    for (const c of list) {
      const ks = keys(c);
      if (!ks.every(ignore)) {
        kept.push(c);
        continue;
      }
      for (const k of ks) ignored.add(k);
      left.push(c);
    }
    return [kept, left];
  };
  const [added, addedLeft] = split(changes.added, (c) => [c.key]);
  const [removed, removedLeft] = split(changes.removed, (c) => [c.key]);
  const [renamed, renamedLeft] = split(changes.renamed, (c) => [...c.from, ...c.to]);
  const [shapeChanged, shapeLeft] = split(changes.shapeChanged, (c) => [c.from, c.key]);
  const [dtypeChanged, dtypeLeft] = split(changes.dtypeChanged, (c) => [c.from, c.key]);
  const [tiesAdded, tiesLeft] = split(changes.tiesAdded, (c) => [...c.from, ...c.keys]);
  const [unwritable, unwritableLeft] = split(changes.unwritable, (c) => [c.key, c.to]);
  return {
    kept: { added, removed, renamed, shapeChanged, dtypeChanged, tiesAdded, unwritable },
    left: { added: addedLeft, removed: removedLeft, renamed: renamedLeft, shapeChanged: shapeLeft, dtypeChanged: dtypeLeft, tiesAdded: tiesLeft, unwritable: unwritableLeft },
    ignored: [...ignored],
  };
}

const LOADS_RANK: Record<Loads, number> = { 'as-is': 0, 'after-plan': 1, no: 2 };
/** What each verdict says old checkpoints do. */
const VERDICT_LOADS: Record<Verdict, Loads> = { compatible: 'as-is', migratable: 'after-plan', breaking: 'no' };

/** Each change with the key a report names it by and what it does to a strict load of an old checkpoint. */
function loadEffects(c: CheckChanges): { key: string; severity: Severity; loads: Loads }[] {
  return [
    // an added key is missing from old checkpoints, unless BatchNorm fills it in (then it has a reason)
    ...c.added.map((a) => ({ key: a.key, severity: a.severity, loads: a.reason === null ? 'no' as const : 'as-is' as const })),
    ...c.removed.map((r) => ({ key: r.key, severity: r.severity, loads: 'no' as const })),
    ...c.renamed.map((r) => ({ key: r.from[0]!, severity: r.severity, loads: 'after-plan' as const })),
    ...c.shapeChanged.map((s) => ({ key: s.key, severity: s.severity, loads: s.fix === null ? 'no' as const : 'after-plan' as const })),
    // a cast that destroys the values loads, but what reaches the model is not the old weights
    ...c.dtypeChanged.map((d) => ({ key: d.key, severity: d.severity, loads: d.keepsValues ? 'as-is' as const : 'no' as const })),
    // a tie added loads, and keeps one of the old tensors: the others' trained values do not reach the model
    ...c.tiesAdded.map((t) => ({ key: t.keys[0]!, severity: t.severity, loads: 'no' as const })),
    // apply refuses a tensor it cannot write: nothing of the old checkpoint reaches the model through sdmatch
    ...c.unwritable.map((u) => ({ key: u.key, severity: u.severity, loads: 'no' as const })),
  ];
}

/**
 * What old checkpoints do, every change counted, and the changes the policy lets pass (allowed, or
 * ignored) that make them do worse than the verdict says: a verdict is the policy's, the load is torch's.
 */
function loadOutcome(kept: CheckChanges, left: CheckChanges, verdict: Verdict): { loads: Loads; tolerated: Tolerated[] } {
  const counted = loadEffects(kept);
  const ignoredEffects = loadEffects(left);
  let loads: Loads = 'as-is';
  for (const e of [...counted, ...ignoredEffects]) if (LOADS_RANK[e.loads] > LOADS_RANK[loads]) loads = e.loads;
  const claim = LOADS_RANK[VERDICT_LOADS[verdict]];
  const tolerated: Tolerated[] = [
    ...counted.filter((e) => e.severity === 'allowed' && LOADS_RANK[e.loads] > claim).map((e) => ({ key: e.key, by: 'allow' as const })),
    ...ignoredEffects.filter((e) => LOADS_RANK[e.loads] > claim).map((e) => ({ key: e.key, by: 'ignore' as const })),
  ];
  return { loads, tolerated };
}

function examples(keys: readonly string[], n = 3): string {
  const shown = keys.slice(0, n).join(', ');
  return keys.length > n ? `${shown}, …` : shown;
}

/**
 * The plan's guess line (plan/guesses.ts GUESS_BELOW, the same constant): a migration inferred below it
 * pairs keys by structure, similarity or order, not by rules read off the names; a strict load takes it
 * whatever its values (review 17 F2: two look-alike [8, 8] weights paired by order load swapped).
 */
export const GUESS_LINE = CONFIDENCE.prefixBase;

/** Why a migration below the guess line is one, in words (every format says it beside the row). */
export const GUESS_WORDS = `a guess (confidence below ${GUESS_LINE.toFixed(2)}: paired by structure, similarity or order, not by the names), its values unverified`;

export interface GuessedMigration {
  from: string[];
  to: string[];
  confidence: number;
  severity: Severity;
  why: string;
}

/** The renames and tensor fixes inferred below the guess line, as check's JSON lists them (`guesses`). */
export function guessedMigrations(c: CheckChanges): GuessedMigration[] {
  return [
    ...c.renamed.filter((r) => r.confidence < GUESS_LINE).map((r) => ({ from: r.from, to: r.to, confidence: r.confidence, severity: r.severity, why: GUESS_WORDS })),
    ...c.shapeChanged.filter((s) => s.fix !== null && s.confidence !== null && s.confidence < GUESS_LINE).map((s) => ({ from: [s.from], to: [s.key], confidence: s.confidence!, severity: s.severity, why: GUESS_WORDS })),
  ];
}

const guessMark = (confidence: number | null) => (confidence !== null && confidence < GUESS_LINE ? `, ${GUESS_WORDS}` : '');

function renameLine(r: RenamedKey): string {
  const how = r.how === 'rename' ? '' : ` (${r.how})`;
  return `${r.from.join(', ')} → ${r.to.join(', ')}${how}${r.reshaped ? ', reshaped to fit' : ''}, confidence ${r.confidence.toFixed(2)}${guessMark(r.confidence)}`;
}

function shapeLine(s: ShapeChange): string {
  const name = s.from === s.key ? s.key : `${s.from} → ${s.key}`;
  return `${name}: ${fmtShape(s.baseline)} → ${fmtShape(s.current)} (${s.reason}${s.fix ? `; fixed by a ${s.fix}, confidence ${s.confidence!.toFixed(2)}${guessMark(s.confidence)}` : ''})`;
}

/** One tensor sdmatch cannot write, as a rule's line. */
export function unwritableLine(u: UnwritableKey): string {
  return `${u.key}${u.to === u.key ? '' : ` → ${u.to}`}${u.why ? ` ${u.why}` : ''}: no bytes sdmatch can write as one tensor, so apply refuses it`;
}

/** One tie added, as a rule's line: which old tensor's values the model keeps, which are lost. */
export function tieAddedLine(t: TieAdded): string {
  const kept = t.keys[t.keys.length - 1]!;
  const lost = t.keys.slice(0, -1).join(', ');
  return `tie added: ${t.keys.join(' = ')} (one tensor now): old checkpoints ${t.shown ? 'hold them as separate tensors' : 'may hold them as separate tensors (the baseline cannot show whether they were one)'}, and a strict load keeps only ${kept}'s values: ${lost}'s trained values are lost, with no error`;
}

function evaluateRules(c: CheckChanges, policy: CheckPolicy): RuleOutcome[] {
  const below = (x: { confidence: number | null }) => `confidence ${x.confidence!.toFixed(2)} is below the minimum ${policy.minConfidence}`;
  const byRule: Record<RuleId, { severity: Severity; line: string }[]> = {
    'no-removed-keys': c.removed.map((r) => ({ severity: r.severity, line: `${r.key}${r.shape ? ` ${fmtShape(r.shape)}` : ''}${r.reason ? ` (${r.reason})` : ''}` })),
    'no-added-keys': c.added.map((a) => ({ severity: a.severity, line: `${a.key}${a.shape ? ` ${fmtShape(a.shape)}` : ''}${a.reason ? ` (${a.reason})` : ''}` })),
    'no-shape-changes': c.shapeChanged.filter((s) => s.fix === null).map((s) => ({ severity: s.severity, line: shapeLine(s) })),
    'renames-migratable': [
      ...c.renamed.filter((r) => r.severity === 'breaking').map((r) => ({ severity: r.severity, line: `${renameLine(r)}: ${below(r)}` })),
      ...c.shapeChanged.filter((s) => s.fix !== null && s.severity === 'breaking').map((s) => ({ severity: s.severity, line: `${shapeLine(s)}: ${below(s)}` })),
    ],
    'loads-without-plan': [
      ...c.renamed.filter((r) => r.severity !== 'breaking').map((r) => ({ severity: r.severity, line: renameLine(r) })),
      ...c.shapeChanged.filter((s) => s.fix !== null && s.severity !== 'breaking').map((s) => ({ severity: s.severity, line: shapeLine(s) })),
    ],
    'no-dtype-changes': c.dtypeChanged.map((d) => ({ severity: d.severity, line: `${d.key}: ${d.baseline} → ${d.current} (${d.reason})` })),
    'no-ties-added': c.tiesAdded.map((t) => ({ severity: t.severity, line: tieAddedLine(t) })),
    'kept-weights-writable': c.unwritable.map((u) => ({ severity: u.severity, line: unwritableLine(u) })),
  };
  return RULES.map(({ id, name }) => {
    const v = byRule[id];
    const severity = v.length === 0 ? null : v.reduce<Severity>((w, x) => (severityRank(x.severity) > severityRank(w) ? x.severity : w), 'allowed');
    const groups = [...new Set(v.map((x) => x.severity))]
      .sort((a, b) => severityRank(b) - severityRank(a))
      .map((g) => ({ severity: g, failed: failsPolicy(g, policy.failOn), violations: v.filter((x) => x.severity === g).map((x) => x.line) }));
    return { id, name, severity, failed: groups.some((g) => g.failed), violations: v.map((x) => x.line), groups };
  });
}

/** How the reasons name each migration kind but a plain rename, in this order. */
const MIGRATION_WORDS: readonly (readonly [MigrationKind, string])[] = [
  ['split', 'split into parts'],
  ['concat', 'joined into one tensor'],
  ['stack', 'stacked into one tensor'],
  ['copy', 'copied to a second name, as tied weights are'],
];

function explain(c: CheckChanges, policy: CheckPolicy, ambiguities: readonly Ambiguity[]): Reason[] {
  const out: Reason[] = [];
  const worst = (list: readonly { severity: Severity }[]) => verdictOf(list.map((x) => x.severity)) as Severity;
  const shapes = c.shapeChanged.filter((s) => s.fix === null);
  for (const s of shapes.slice(0, 3)) out.push({ severity: s.severity, message: `${shapeLine(s)}: old weights do not fit the new model` });
  if (shapes.length > 3) out.push({ severity: 'breaking', message: `${plural(shapes.length - 3, 'more shape change')}` });
  // keys new (or gone) at the end of a list of look-alikes may be a layer inserted (removed) anywhere in it
  // (infer/list-ends.ts): then old checkpoints do hold their weights, one place off, and strict=False (or a
  // drop) is no way to load them
  const atListEnd = new Set(ambiguities.filter((a) => a.listEnd === true).flatMap((a) => a.keys));
  // (an ambiguity shows 8 keys at most: a member of more is known by its list and index)
  const ends = ambiguities.flatMap((a) => {
    const s = a[LIST_SHIFT];
    return s ? [`${s.list}.${s.members[s.members.length - 1]}.`] : [];
  });
  if (c.removed.length) {
    const shifted = c.removed.every((r) => atListEnd.has(r.key) || ends.some((e) => r.key.startsWith(e)));
    out.push({
      severity: 'breaking',
      message: shifted
        ? `${plural(c.removed.length, 'key')} removed (${examples(c.removed.map((r) => r.key))}) at the end of a numbered list of look-alikes: a layer gone at its end, or one removed anywhere in it, which gives the same keys and moves the layers after it one index down (then old checkpoints load them one place off under their kept names); which, the keys cannot say (undecided below), so neither dropping them nor renaming the later layers down is the fix until it is known (sdmatch plan OLD_CHECKPOINT CURRENT gives the command for each)`
        : `${plural(c.removed.length, 'key')} removed (${examples(c.removed.map((r) => r.key))}): old checkpoints hold weights the new model has no place for`,
    });
  }
  const missing = c.added.filter((a) => a.reason === null);
  if (missing.length) {
    const allowed = missing.every((a) => a.severity === 'allowed');
    const shifted = missing.every((a) => atListEnd.has(a.key));
    out.push({
      severity: worst(missing),
      message: shifted
        ? `${plural(missing.length, 'key')} added (${examples(missing.map((a) => a.key))}) at the end of a numbered list of look-alikes: a layer new at its end, or one inserted anywhere in it, which gives the same keys and moves the old layers after it one index on (then old checkpoints load them one place off under their kept names); which, the keys cannot say (undecided below), so strict=False is no fix until it is known${allowed ? ' (allowed by the policy)' : ''}`
        : `${plural(missing.length, 'key')} added (${examples(missing.map((a) => a.key))}): old checkpoints have no weights for ${missing.length === 1 ? 'it' : 'them'}, so they load only with strict=False${allowed ? ' (allowed by the policy)' : ''}`,
    });
  }
  const filled = c.added.filter((a) => a.reason !== null);
  if (filled.length) {
    out.push({
      severity: worst(filled),
      message: `${plural(filled.length, 'BatchNorm counter')} added (${examples(filled.map((a) => a.key))}): the baseline records no BatchNorm version 2 for ${filled.length === 1 ? 'its module' : 'their modules'} (_metadata), so BatchNorm fills ${filled.length === 1 ? 'it' : 'them'} in and old checkpoints still load as they are`,
    });
  }
  const lowRenames = c.renamed.filter((r) => r.severity === 'breaking');
  const lowTransposes = c.shapeChanged.filter((s) => s.fix !== null && s.severity === 'breaking');
  if (lowRenames.length + lowTransposes.length) {
    const guessed = policy.minConfidence <= GUESS_LINE ? `: ${lowRenames.length + lowTransposes.length === 1 ? 'it rests' : 'they rest'} on a guess (paired by structure, similarity or order, not by the names), so a strict load would take ${lowRenames.length + lowTransposes.length === 1 ? 'it' : 'them'} whatever the values; check the pairing (sdmatch plan BASELINE CURRENT shows the evidence, plan edit --rename fixes it) before lowering --min-confidence` : ': not trusted to carry old weights';
    out.push({ severity: 'breaking', message: `${plural(lowRenames.length + lowTransposes.length, 'migration')} inferred with confidence below the minimum ${policy.minConfidence} (${examples([...lowRenames.map((r) => r.from[0]!), ...lowTransposes.map((s) => s.key)])})${guessed}` });
  }
  // below the guess line but allowed by a lower --min-confidence: migratable, and said as a guess
  const okGuesses = guessedMigrations(c).filter((g) => g.severity !== 'breaking');
  if (okGuesses.length) {
    out.push({ severity: 'migratable', message: `${plural(okGuesses.length, 'migration')} (${examples(okGuesses.map((g) => g.from[0]!))}) ${okGuesses.length === 1 ? 'rests' : 'rest'} on a guess (confidence below ${GUESS_LINE.toFixed(2)}: paired by structure, similarity or order, not by the names): old checkpoints load after the plan, but ${okGuesses.length === 1 ? 'its' : 'their'} values are unverified; compare a few tensors with a trusted conversion` });
  }
  const okRenames = c.renamed.filter((r) => r.severity !== 'breaking');
  const renames = okRenames.filter((r) => r.how === 'rename');
  if (renames.length) {
    const keys = renames.reduce((n, r) => n + r.from.length, 0);
    // grouped by the template that produced them: `layer.{0..11}.q.{weight,bias} → blocks.{0..11}.query.{weight,bias}`
    const grouped = groupRenames(renames.map((r) => ({ from: r.from[0]!, to: r.to[0]! })));
    out.push({ severity: 'migratable', message: `${plural(keys, 'key')} renamed (${examples(grouped.map((g) => `${g.from} → ${g.to}`), 2)}): old checkpoints load after the plan` });
  }
  for (const [how, words] of MIGRATION_WORDS) {
    const list = okRenames.filter((r) => r.how === how);
    if (list.length === 0) continue;
    const keys = list.reduce((n, r) => n + r.from.length, 0);
    // each migration's keys as patterns: `experts.{0..3}.w1.weight → experts.w1`
    const named = (ks: readonly string[]) => groupKeys(ks).map((g) => g.pattern).join(' + ');
    out.push({ severity: 'migratable', message: `${plural(keys, 'key')} ${words} (${examples(list.map((r) => `${named(r.from)} → ${named(r.to)}`), 2)}): old checkpoints load after the plan` });
  }
  const okTransposes = c.shapeChanged.filter((s) => s.fix !== null && s.severity !== 'breaking');
  if (okTransposes.length) out.push({ severity: 'migratable', message: `${plural(okTransposes.length, 'tensor')} stored transposed (${examples(okTransposes.map((s) => s.key))}): old checkpoints load after the plan` });
  const pairsOf = (list: readonly DTypeChange[]) => [...new Set(list.map((d) => `${d.baseline} → ${d.current}`))].join(', ');
  const lossy = c.dtypeChanged.filter((d) => !d.keepsValues);
  if (lossy.length) {
    const why = [...new Set(lossy.map((d) => d.reason))].join('; ');
    out.push({ severity: worst(lossy), message: `${plural(lossy.length, 'tensor')} changed dtype (${pairsOf(lossy)}) in a way that destroys the values: ${why}; a strict load succeeds, but old weights reach the model changed` });
  }
  const kept = c.dtypeChanged.filter((d) => d.keepsValues);
  if (kept.length) {
    const allowed = kept.every((d) => d.severity === 'allowed');
    out.push({ severity: worst(kept), message: `${plural(kept.length, 'tensor')} changed dtype (${pairsOf(kept)}): old checkpoints still load, load_state_dict casts on copy${allowed ? ' (allowed by the policy)' : ''}` });
  }
  for (const t of c.tiesAdded) out.push({ severity: t.severity, message: `${tieAddedLine(t)}; to keep them, build the model untied (tie_word_embeddings=False)` });
  if (c.unwritable.length) {
    const why = new Map(c.unwritable.map((u) => [u.key, u.why]));
    out.push({ severity: worst(c.unwritable), message: unwritableMessage(c.unwritable.map((u) => u.key), (k) => why.get(k) ?? '') });
  }
  return out.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/**
 * The current model's ties that old checkpoints write from separate tensors (analysis/tie-writes.ts, the finding
 * plan makes): breaking, whatever else the keys say, since a strict load takes them and loses one's values.
 */
function tiesAdded(current: readonly KeyEntry[], inference: InferResult, opts: CheckInput['inferOptions']): TieAdded[] {
  const ties = opts?.targetStorages;
  if (!ties || ties.length === 0) return [];
  const pos = new Map(current.map((e, i) => [e.key, i]));
  const groups = ties.map((g) => [...g].sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0)));
  const from = writtenFrom(inference.mapping);
  return tieWrites(inference.mapping, groups, opts.sourceStorages, opts.sourceEqualValues)
    .filter((w) => w.held !== 'equal')
    .map((w) => ({ keys: w.keys, from: w.keys.map((k) => from.get(k)!), shown: w.held === 'lost', severity: 'breaking' as const }));
}

/** The baseline's unwritable keys the inferred migration keeps (plan/unwritable.ts keptUnwritable, on the mapping). */
function unwritableKept(inference: InferResult, unwritable: ReadonlyMap<string, string> | undefined): UnwritableKey[] {
  if (!unwritable || unwritable.size === 0) return [];
  return [...unwritable].flatMap(([key, storage]) => {
    const to = inference.mapping[key];
    // a split's parts are named together
    return to === null ? [] : [{ key, to: Array.isArray(to) ? to.join(', ') : to ?? key, why: storageReason(key, storage), severity: 'breaking' as const }];
  });
}

/**
 * Shape changes that read as one tensor-parallel rank's shard (analysis/rank-shard.ts, the rule plan applies): said as
 * plan says them, never "another size" (review25 F6: a Megatron folder's tensors of unknown split show rank 0's piece).
 */
function asRankShards(shapes: ShapeChange[]): ShapeChange[] {
  const unfixed = shapes.filter((s) => s.fix === null);
  const shard = rankShard(unfixed.map((s) => ({ key: s.key, source: s.baseline, target: s.current })));
  if (!shard) return shapes;
  return shapes.map((s) => (s.fix === null && isFraction(s.baseline, s.current, shard.ranks) ? { ...s, reason: rankShardReason(shard.ranks) } : s));
}

/**
 * The migration plan a check stands behind: the inferred ops, or null when the verdict is breaking. A breaking
 * change is one no plan makes old checkpoints load through (a head of another class count, a removed layer):
 * the ops inference finds then drop what does not fit, and written as "the migration plan" (--plan-out, the
 * Action's artifact, the HTML page) they dropped the trained head of every old checkpoint they were applied to
 * while the text and the annotations said no plan fixes it (review 22 F16). One decision for every format:
 * no plan when breaking; `sdmatch plan OLD_CHECKPOINT CURRENT` still shows what one checkpoint can keep.
 */
export function migrationOps(result: Pick<CheckResult, 'verdict' | 'inference'>): PlanOp[] | null {
  return result.verdict === 'breaking' ? null : result.inference.ops;
}

/**
 * The check of two key lists. From checkpoints, checkSources (plan/check-run.ts) is what `sdmatch check`
 * runs: it also gives inference the storages and Megatron args the files show, and the baseline's module versions.
 */
export function checkKeys(input: CheckInput): CheckResult {
  const policy: CheckPolicy = policyOf(input.policy);
  const inference = input.inference ?? inferPlan({ source: [...input.baseline], target: [...input.current], ...(input.inferOptions ? { options: input.inferOptions } : {}) });
  const draft = classify(input.baseline, input.current, inference, policy, input.versions ?? new Map());
  draft.changes.tiesAdded.push(...tiesAdded(input.current, inference, input.inferOptions));
  draft.changes.unwritable.push(...unwritableKept(inference, input.unwritable));
  draft.changes.shapeChanged = asRankShards(draft.changes.shapeChanged);
  const { kept, left, ignored } = withoutIgnored(draft.changes, compileIgnore(policy.ignore));
  const severities = [
    ...kept.added, ...kept.removed, ...kept.renamed, ...kept.shapeChanged, ...kept.dtypeChanged, ...kept.tiesAdded, ...kept.unwritable,
  ].map((c) => c.severity);
  const renamedKeys = kept.renamed.reduce((n, r) => n + r.from.length, 0);
  const verdict = verdictOf(severities);
  const { loads, tolerated } = loadOutcome(kept, left, verdict);
  const reasons = explain(kept, policy, inference.ambiguities);
  const ignoredTolerated = tolerated.filter((t) => t.by === 'ignore');
  if (ignoredTolerated.length) {
    const n = ignoredTolerated.length;
    reasons.push({ severity: 'allowed', message: `${plural(n, 'change')} the policy ignores (${examples(ignoredTolerated.map((t) => t.key))}) still ${n === 1 ? 'keeps' : 'keep'} old checkpoints from loading ${VERDICT_LOADS[verdict] === 'as-is' ? 'as they are' : 'after the plan'}` });
  }
  return {
    verdict,
    loads,
    tolerated,
    passed: !severities.some((s) => failsPolicy(s, policy.failOn)),
    policy,
    counts: {
      baseline: byKey(input.baseline).size,
      current: byKey(input.current).size,
      unchanged: draft.unchanged.length,
      added: kept.added.length,
      removed: kept.removed.length,
      renamed: renamedKeys,
      shapeChanged: kept.shapeChanged.length,
      dtypeChanged: kept.dtypeChanged.length,
      ignored: ignored.length,
    },
    changes: kept,
    unchanged: draft.unchanged,
    ignored,
    rules: evaluateRules(kept, policy),
    reasons,
    inference,
  };
}
