/**
 * `sdmatch plan check PLAN EXPECTED`: does the plan cover the model exactly? Its ops are run over the
 * source keys it records (its mapping's keys) and the result is held against the expected key set:
 * - every source key is consumed: it lands on keys the model expects, or a drop op removes it — none is
 *   left over under a name the model does not expect;
 * - every expected key is written exactly once, or stays missing because the plan declares it may
 *   (`keepMissing`, `--keep-missing`);
 * - the ops run cleanly (each matches a key, no two tensors land on one key) and the stored mapping is
 *   what they give;
 * - every tensor they write has the shape EXPECTED gives it, when the source's shapes are at hand (the
 *   plan records none: its source file, or `--source`): the ops run over them as apply runs them, so a
 *   split size, a transpose's dims or a reshape EXPECTED contradicts is what apply would refuse
 *   (src/plan/shape-check.ts). Without them only names are checked, and the verdict says so.
 */
import { applyOpsToKeys } from '../analysis/op-keys.js';
import { moduleOf } from '../analysis/key-tokens.js';
import { counterFilledIn } from '../analysis/module-versions.js';
import type { KeyEntry } from '../formats/keys.js';
import { keptMissingBy } from './edit.js';
import { shapeContradictions, type ShapeContradiction } from './shape-check.js';
import type { Plan } from './types.js';
import { checkPlanConsistency } from './validate.js';
import { guessedOps, type GuessedOp } from './guesses.js';
import { tiedWrittenApart } from './tied-writes.js';

export interface Coverage {
  /** the plan covers the expected keys exactly */
  exact: boolean;
  sources: number;
  expected: number;
  /** source keys a drop op removes */
  dropped: string[];
  /** expected keys the plan leaves missing on purpose (keepMissing) */
  keptMissing: string[];
  /** BatchNorm `num_batches_tracked` counters nothing writes that BatchNorm fills in as it loads (the source's
   * `_metadata` records no BatchNorm version 2 for their modules): plan, diff, apply and check's rule */
  filledCounters: string[];
  /** expected keys nothing writes and nothing declares */
  missing: string[];
  /** source keys left under a name the model does not expect: source → that name */
  unexpected: { source: string; name: string }[];
  /** the ops' own problems (an op matching nothing, two tensors on one key, a split or transpose its tensor's shape contradicts) and mapping disagreements */
  errors: string[];
  /** the plan's ops that rest on a guess (plan/guesses.ts): exact coverage says nothing of their values (review 17 F2) */
  guesses: GuessedOp[];
  /**
   * EXPECTED's ties (one tensor under several names) the plan writes from separate source tensors, each in EXPECTED's
   * order (plan/tied-writes.ts; the plan's own `tiedApart` too): the model keeps the last one's values, so not exact
   * (review 23 F5). Without the source's storages at hand only the plan's record says it.
   */
  tiedApart: string[][];
  /** source keys the plan itself lists as written as stored although nothing decided their layout (plan.loadsAsStored): not exact */
  loadsAsStored: string[];
  /** whether the written tensors' shapes were held against EXPECTED's, and those of another shape */
  shapes: { checked: true; source: string; contradictions: ShapeContradiction[] } | { checked: false; why: string };
}

/** The source's keys with their shapes (the plan records none), or why there are none to check with. */
export type SourceShapes = { file: string; entries: readonly KeyEntry[]; versions?: ReadonlyMap<string, number> } | { why: string };

/** EXPECTED's ties (keys one storage holds; null: it cannot show them) and the source's (null: not at hand). */
export interface CoverageTies {
  target: readonly (readonly string[])[] | null;
  source: readonly (readonly string[])[] | null;
  /** the source's tensors written into a tie, read and grouped by equal bytes (checkpoint/equal-values.ts valueGroups); absent: not read */
  values?: readonly (readonly string[])[] | null;
}

export function planCoverage(plan: Plan, expected: readonly KeyEntry[], sourceShapes: SourceShapes = { why: 'no source was given to read shapes from' }, ties: CoverageTies = { target: null, source: null }): Coverage {
  const names: KeyEntry[] = Object.keys(plan.mapping).map((key) => ({ key, shape: null, dtype: null }));
  const why = unshapedWhy(names, expected, sourceShapes);
  // with shapes, the run apply makes: an op the shapes contradict fails here as it fails there
  const source = why === null && 'entries' in sourceShapes ? sourceShapes.entries : names;
  const { mapping, outputs, errors } = applyOpsToKeys(plan.ops, source);
  const problems = [...errors, ...checkPlanConsistency(plan, names).filter((p) => !errors.includes(p))];
  const want = new Set(expected.map((e) => e.key));
  const written = new Set(outputs.map((o) => o.key));
  const unwritten = expected.map((e) => e.key).filter((k) => !written.has(k));
  const keptMissing = keptMissingBy(plan.keepMissing ?? [], unwritten);
  const kept = new Set(keptMissing);
  const unexpected: Coverage['unexpected'] = [];
  const dropped: string[] = [];
  for (const s of Object.keys(mapping)) {
    const v = mapping[s];
    if (v === null || v === undefined) dropped.push(s);
    else for (const name of typeof v === 'string' ? [v] : v) if (!want.has(name)) unexpected.push({ source: s, name });
  }
  // a counter BatchNorm fills in is no gap (module-versions.ts): known only with the source at hand, whose
  // `_metadata` says; without it the counter stays missing (fail closed)
  const filled = 'file' in sourceShapes ? counterFilter(plan, sourceShapes.versions ?? new Map()) : () => false;
  const filledCounters = unwritten.filter((k) => !kept.has(k) && filled(k));
  const missing = unwritten.filter((k) => !kept.has(k) && !filledCounters.includes(k));
  const shapes: Coverage['shapes'] = why !== null || !('file' in sourceShapes)
    ? { checked: false, why: why ?? '' }
    : { checked: true, source: sourceShapes.file, contradictions: shapeContradictions(plan.ops, source, { outputs, errors }, expected) };
  const tiedApart = tiesApart(plan, expected, ties);
  const loadsAsStored = [...(plan.loadsAsStored ?? [])];
  return {
    exact: problems.length === 0 && missing.length === 0 && unexpected.length === 0 && (!shapes.checked || shapes.contradictions.length === 0) && tiedApart.length === 0 && loadsAsStored.length === 0,
    sources: names.length,
    expected: want.size,
    dropped,
    keptMissing,
    filledCounters,
    missing,
    unexpected,
    errors: problems,
    guesses: guessedOps(plan.ops),
    tiedApart,
    loadsAsStored,
    shapes,
  };
}

/** The plan's recorded ties written apart, and those EXPECTED's ties show in its mapping, once each. */
function tiesApart(plan: Plan, expected: readonly KeyEntry[], ties: CoverageTies): string[][] {
  const pos = new Map(expected.map((e, i) => [e.key, i]));
  const groups = (ties.target ?? []).map((g) => [...g].sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0)));
  const out = new Map<string, string[]>();
  for (const g of [...(plan.tiedApart ?? []), ...tiedWrittenApart(plan.mapping, groups, ties.source, ties.values)]) out.set(g.join('\u0000'), [...g]);
  return [...out.values()];
}

/** Why the shapes cannot be checked (null: they can): none given, or a side without them, or another key set. */
function unshapedWhy(names: readonly KeyEntry[], expected: readonly KeyEntry[], given: SourceShapes): string | null {
  if ('why' in given) return given.why;
  if (expected.every((e) => e.shape === null)) return 'EXPECTED gives no shapes (a key list)';
  if (given.entries.some((e) => e.shape === null)) return `${given.file} gives no shapes (a key list)`;
  const have = new Set(given.entries.map((e) => e.key));
  const absent = names.filter((e) => !have.has(e.key)).length;
  const extra = given.entries.length - (names.length - absent);
  if (absent > 0 || extra > 0) return `${given.file} holds other keys than the plan's source (${absent} of the plan's absent, ${extra} others)`;
  return null;
}

/** Whether BatchNorm fills in a counter the plan leaves unwritten: its module's version in the source's names. */
function counterFilter(plan: Plan, versions: ReadonlyMap<string, number>): (key: string) => boolean {
  const sourceModule = new Map<string, string>();
  for (const [s, t] of Object.entries(plan.mapping)) if (typeof t === 'string' && !sourceModule.has(moduleOf(t))) sourceModule.set(moduleOf(t), moduleOf(s));
  return (key) => counterFilledIn(key, versions, (m) => sourceModule.get(m) ?? m);
}
