/**
 * After apply wrote its output: would `model.load_state_dict(out, strict=True)` succeed for the target
 * the plan was made against? The output is compared with that target as `sdmatch diff OUT TARGET`
 * would: every key the model expects present, none it does not, shapes equal. Only that makes the
 * word "verified" true of the model, not just of the plan.
 *
 * A target known only through an error text is checked against the keys the error names, and said
 * to be. A target file that is gone is said to be unchecked, never passed.
 */
import { diffKeys, diffWithErrorReport } from '../analysis/diff.js';
import { countersFilledIn } from '../analysis/module-versions.js';
import { resolveSides } from '../analysis/sides.js';
import { openKeySource, type KeySource } from '../checkpoint/key-source.js';
import type { KeyPath } from '../checkpoint/types.js';
import { candidateAt, candidateTensors } from '../checkpoint/walk.js';
import { FormatError } from '../formats/errors.js';
import { fileNamedByPlan, namesNoFile } from '../plan/plan-paths.js';
import type { Plan } from '../plan/types.js';
import { guessedDrops } from '../plan/unsettled.js';
import { guessedOps, type GuessedOp } from '../plan/guesses.js';

export interface TargetCheck {
  target: string;
  /** what the output was compared with: the model's full key set, the keys an error text names, or nothing */
  against: 'model' | 'error-text' | 'none';
  /** why nothing could be compared */
  why?: string;
  missing: string[];
  unexpected: string[];
  shapes: { key: string; have: number[]; want: number[] }[];
  /** the error text was cut (a partial paste): keys past the cut are not known, so nothing about them was checked */
  cut?: boolean;
  /** drops the plan made on a guess (--allow-guessed-drops): if the model has these keys, strict=True reports them missing */
  guessedDrops?: number;
  /** BatchNorm counters the output lacks and torch fills in when loading (no `_metadata` says otherwise): not missing */
  counters?: string[];
  /** the plan's ops that rest on a guess (plan/guesses.ts): a strict load checks their keys and shapes, not their values */
  guesses?: GuessedOp[];
  /** source keys the plan writes as stored although nothing decided their layout (plan.loadsAsStored): values may be transposed */
  loadsAsStored?: string[];
  /** keys of the output the error text lists by name only (missing lines give no shapes): their shapes were not compared */
  unshaped?: number;
}

/**
 * What is known of `load_state_dict(out, strict=True)` into the target: `loads` — compared, nothing
 * missing, unexpected or of another shape; `refused` — some key is; `unknown` — none of the keys compared
 * is, but the target is known only from an error text cut short, whose keys past the cut nobody checked
 * (a partial paste cannot show that the output loads); `unchecked` — nothing could be compared.
 */
export type StrictLoad = 'loads' | 'refused' | 'unknown' | 'unchecked';

export function strictLoad(c: TargetCheck): StrictLoad {
  if (c.against === 'none') return 'unchecked';
  if (c.missing.length > 0 || c.unexpected.length > 0 || c.shapes.length > 0) return 'refused';
  return c.cut ? 'unknown' : 'loads';
}

/** Shown to load with strict=True into the target (a cut text never shows it). */
export function loadsStrict(c: TargetCheck): boolean {
  return strictLoad(c) === 'loads';
}

/**
 * apply's exit 1: the output was written, but is not shown to load with strict=True into the target the
 * plan was made against — refused, or not known from a cut text. A target that is not there to compare
 * with is said to be unchecked on the first line, and is no failure of the output (exit 0).
 */
export function failsTarget(c: TargetCheck): boolean {
  const known = strictLoad(c);
  return known === 'refused' || known === 'unknown';
}

/** What a strict load does not say of the output: counters torch fills in, ops whose values rest on a guess. */
function verdictOf(plan: Plan, counters: string[]): Pick<TargetCheck, 'counters' | 'guesses' | 'loadsAsStored'> {
  const guesses = guessedOps(plan.ops);
  const asStored = plan.loadsAsStored ?? [];
  return { ...(counters.length > 0 ? { counters } : {}), ...(guesses.length > 0 ? { guesses } : {}), ...(asStored.length > 0 ? { loadsAsStored: [...asStored] } : {}) };
}

/** The file the plan's target names, as given or beside the plan file; null when neither exists (or it was standard input). */
export function targetFile(plan: Plan, planFile: string | null): string | null {
  return fileNamedByPlan(plan.target.file, planFile);
}

/**
 * The output's side at the path apply wrote its state dict to (`outSelect`: the plan's select with
 * --keep-container, else the root), not the one a selection by keys would pick: a container may hold
 * another state dict that matches the target as well (an unchanged copy, or one with a prefix stripped).
 */
function writtenSides(out: KeySource, expected: KeySource, outSelect: KeyPath | null): ReturnType<typeof resolveSides> {
  const sides = resolveSides(out, expected);
  const ckpt = out.kind === 'checkpoint' && outSelect !== null ? out.checkpoint : null;
  const cand = ckpt?.root ? candidateAt(ckpt, outSelect!) : undefined;
  if (!cand) return sides;
  const entries = candidateTensors(ckpt!.root!, cand).map(([key, t]) => ({ key, shape: t.shape, dtype: t.dtype }));
  return { ...sides, source: { ...sides.source, entries, selected: cand.path, selection: null, nonTensor: cand.nonTensor } };
}

/**
 * `outEntry`: the written file, or the shard index of a sharded output. The target is looked for as the
 * plan names it (plan files record it absolute: src/plan/plan-paths.ts), then beside the plan file (older plans name it as given).
 */
export function checkAgainstTarget(plan: Plan, outEntry: string, planFile: string | null = null, outSelect: KeyPath | null = null): TargetCheck {
  const named = plan.target.file;
  const none = (why: string): TargetCheck => ({ target: named, against: 'none', why, missing: [], unexpected: [], shapes: [] });
  if (namesNoFile(named)) return none('the plan was made against standard input');
  const target = targetFile(plan, planFile);
  if (target === null) return none(`the target ${named} is not a file here`);
  let expected;
  try {
    expected = openKeySource(target);
  } catch (e) {
    if (e instanceof FormatError) return none(`the target cannot be read (${e.message})`);
    throw e;
  }
  const out = openKeySource(outEntry);
  if (expected.kind === 'error-text') {
    const sides = writtenSides(out, expected, outSelect);
    const d = diffWithErrorReport(sides.source.entries, expected.report);
    const filled = countersFilledIn(sides.source);
    return {
      ...verdictOf(plan, d.missing.filter(filled)),
      target,
      against: 'error-text',
      cut: expected.report.truncated,
      // the drops --allow-guessed-drops applied: those the text argues against were left undone
      guessedDrops: guessedDrops(plan).length,
      missing: d.missing.filter((k) => !filled(k)),
      unexpected: d.unexpected,
      shapes: d.shapeMismatch.map((m) => ({ key: m.key, have: m.source, want: m.expected })),
      unshaped: expected.report.missing.length - d.missing.filter((k) => expected.report.missing.includes(k)).length,
    };
  }
  const sides = writtenSides(out, expected, outSelect);
  const d = diffKeys(sides.source.entries, sides.expected.entries, { ignoreDtype: true });
  const filled = countersFilledIn(sides.source);
  return {
    ...verdictOf(plan, d.missing.filter(filled)),
    target,
    against: 'model',
    missing: d.missing.filter((k) => !filled(k)),
    unexpected: d.unexpected,
    shapes: d.shapeMismatch.map((m) => ({ key: m.key, have: m.source, want: m.expected })),
  };
}
