/**
 * Editing a plan from the command line (`sdmatch plan … --drop/--keep-missing/--rename/--tie`, and the
 * same on a plan file with `sdmatch plan edit`): each edit is an op appended to the plan's ops, or a
 * pattern of target keys left missing on purpose; the derived parts (mapping, unmapped, unexpected)
 * are then recomputed from the ops, so a plan is edited in one place.
 *
 * Edits see the keys as the plan's own ops leave them (the names its report shows), and are appended in
 * a fixed order: renames, then ties, then drops — so a tie may name a renamed key, and a drop removes
 * whatever is left over under its final name.
 */
import { groupCount, regexProblem, replacementProblem } from '../analysis/infer/regex.js';
import { compilePattern } from '../analysis/infer/regex.js';
import { applyOpsToKeys, type MappingValue } from '../analysis/op-keys.js';
import type { PlanOp } from '../analysis/op-vocabulary.js';
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { keySetDigest } from './key-set.js';
import type { Plan } from './types.js';

export interface PlanEdits {
  /** regexes: keys (as the ops leave them) to drop */
  drop: string[];
  /** regexes: target keys the model initialises itself (a new head), left missing on purpose */
  keepMissing: string[];
  /** `FROM=TO`: rename the first match of regex FROM to TO (`$1` for a group) */
  rename: { from: string; to: string }[];
  /** `TARGET=SOURCE`: store the tensor SOURCE also as TARGET (a tied weight) */
  tie: { target: string; source: string }[];
}

export const NO_EDITS: PlanEdits = { drop: [], keepMissing: [], rename: [], tie: [] };

export function hasEdits(e: PlanEdits): boolean {
  return e.drop.length + e.keepMissing.length + e.rename.length + e.tie.length > 0;
}

function checkRegex(option: string, pattern: string): void {
  const problem = pattern.length === 0 ? 'an empty pattern matches every key' : regexProblem(pattern);
  if (problem) throw new FormatError('', `${option} ${pattern}: ${problem}`);
}

/** `FROM=TO` split at the first `=` that is not part of the regex (a `\=` stays in FROM). */
export function splitPair(option: string, text: string, left: string, right: string): [string, string] {
  const at = text.search(/(?<!\\)=/);
  if (at <= 0) throw new FormatError('', `${option} ${text}: expected ${left}=${right}`);
  return [text.slice(0, at).replace(/\\=/g, '='), text.slice(at + 1)];
}

/** The edits checked up front: every regex in the plan dialect, every replacement's groups present. */
export function checkEdits(e: PlanEdits): void {
  for (const d of e.drop) checkRegex('--drop', d);
  for (const k of e.keepMissing) checkRegex('--keep-missing', k);
  for (const r of e.rename) {
    checkRegex('--rename', r.from);
    const problem = replacementProblem(r.to, groupCount(r.from));
    if (problem) throw new FormatError('', `--rename ${r.from}=${r.to}: ${problem}`);
  }
  for (const t of e.tie) if (!t.target || !t.source) throw new FormatError('', `--tie ${t.target}=${t.source}: expected TARGET=SOURCE`);
}

/**
 * `--drop` patterns the plan already carries out: they match no key the plan's ops leave, but they match a
 * key the plan drops (by its file name, or by the name the plan's renames give it). The user's intent holds,
 * so such a drop is not an error ("matches no key") and adds no op.
 */
export function dropsAlreadyDone(ops: readonly PlanOp[], source: readonly KeyEntry[], drops: readonly string[]): string[] {
  if (drops.length === 0) return [];
  const after = applyOpsToKeys(ops, source).mapping;
  const left = producedNames(after);
  const dropped = source.filter((e) => after[e.key] === null);
  if (dropped.length === 0) return [];
  const renamed = applyOpsToKeys(ops.filter((o) => o.op !== 'drop'), dropped).mapping;
  const droppedNames = dropped.flatMap(({ key }) => [key, ...(typeof renamed[key] === 'string' ? [renamed[key] as string] : [])]);
  return drops.filter((d) => {
    const re = compilePattern(d);
    return !left.some((k) => re.test(k)) && droppedNames.some((k) => re.test(k));
  });
}

/** The plan's ops with the edits appended: renames, ties, drops. */
/** The ops of `--rename` edits, in their order. */
export function renameEditOps(renames: PlanEdits['rename']): PlanOp[] {
  return renames.map((r): PlanOp => ({ op: 'rename', pattern: r.from, replacement: r.to, evidence: 'given with --rename' }));
}

export function editOps(ops: readonly PlanOp[], e: PlanEdits): PlanOp[] {
  return [
    ...ops,
    ...renameEditOps(e.rename),
    ...e.tie.map((t): PlanOp => ({ op: 'copy', key: t.source, target: t.target, evidence: 'given with --tie' })),
    ...e.drop.map((d): PlanOp => ({ op: 'drop', pattern: d, reason: 'given with --drop' })),
  ];
}

/** The final names the mapping gives, in source order, each once. */
export function producedNames(mapping: Record<string, MappingValue>): string[] {
  const out = new Set<string>();
  for (const v of Object.values(mapping)) {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) for (const x of v) out.add(x);
  }
  return [...out];
}

/**
 * The target's key set as the plan records it: what it produces less what the target does not expect,
 * plus what stays missing. A plan written before `unexpected` existed records it only when nothing was
 * unexpected, which its counts then show; otherwise null.
 */
export function targetKeysOf(plan: Plan): Set<string> | null {
  const produced = producedNames(plan.mapping);
  if (plan.unexpected) {
    const unexpected = new Set(plan.unexpected);
    return new Set([...produced.filter((k) => !unexpected.has(k)), ...plan.unmapped]);
  }
  if (produced.length + plan.unmapped.length === plan.target.keys) return new Set([...produced, ...plan.unmapped]);
  return null;
}

export interface Derived {
  mapping: Record<string, MappingValue>;
  unmapped: string[];
  unexpected: string[];
  errors: string[];
}

/** What the ops do to the source keys, against the target's key set: the parts of a plan derived from its ops. */
export function deriveFromOps(ops: readonly PlanOp[], source: readonly KeyEntry[], target: ReadonlySet<string>, targetOrder: readonly string[] = [...target]): Derived {
  const { mapping, errors } = applyOpsToKeys(ops, source);
  const produced = producedNames(mapping);
  const made = new Set(produced);
  return {
    mapping,
    unmapped: targetOrder.filter((k) => !made.has(k)),
    unexpected: produced.filter((k) => !target.has(k)),
    errors,
  };
}

/** Target keys the patterns declare as kept missing. */
export function keptMissingBy(patterns: readonly string[], keys: readonly string[]): string[] {
  if (patterns.length === 0) return [];
  const res = patterns.map(compilePattern);
  return keys.filter((k) => res.some((re) => re.test(k)));
}

/** A `--keep-missing` pattern that matches no key the plan leaves missing is a mistake worth saying. */
export function checkDeclaredMissing(file: string, patterns: readonly string[], unmapped: readonly string[]): void {
  for (const k of patterns) {
    if (keptMissingBy([k], unmapped).length > 0) continue;
    const shown = unmapped.slice(0, 3).map((x) => `'${x}'`).join(', ') + (unmapped.length > 3 ? ', …' : '');
    throw new FormatError(file, `--keep-missing ${k}: matches no key the plan leaves missing (${unmapped.length ? shown : 'none is'})`);
  }
}

/** `plan edit --select PATH`: another state dict of the plan's source file, read again (with shapes). */
export interface Reselected {
  select: (string | number)[];
  entries: KeyEntry[];
}

function withoutKeySet(source: Plan['source']): Plan['source'] {
  const { keySet: _, ...rest } = source;
  return rest;
}

/**
 * `sdmatch plan edit`: the edits applied to a plan file, its derived parts recomputed over the source
 * keys it records (its mapping's keys) — or, with `--select`, over the keys of another state dict of
 * its source file, whose key set it then records — and re-validated. An op that matches nothing, a collision, or a
 * `--keep-missing` that matches no missing key is an error naming the plan file.
 */
export function editPlan(plan: Plan, planFile: string, e: PlanEdits, reselected: Reselected | null = null): Plan {
  checkEdits(e);
  const target = targetKeysOf(plan);
  if (!target) {
    throw new FormatError(planFile, 'records no list of unexpected keys (written by an older sdmatch, with keys the model does not expect): re-run sdmatch plan to edit it');
  }
  const source: KeyEntry[] = reselected ? reselected.entries : Object.keys(plan.mapping).map((key) => ({ key, shape: null, dtype: null }));
  const done = new Set(dropsAlreadyDone(plan.ops, source, e.drop));
  const ops = editOps(plan.ops, { ...e, drop: e.drop.filter((d) => !done.has(d)) });
  const order = [...producedNames(plan.mapping).filter((k) => target.has(k)), ...plan.unmapped];
  const d = deriveFromOps(ops, source, target, order);
  if (d.errors.length > 0) {
    const more = d.errors.length > 1 ? ` (and ${d.errors.length - 1} more problem(s))` : '';
    throw new FormatError(planFile, `after the edits: ${d.errors[0]}${more}`);
  }
  const keepMissing = [...(plan.keepMissing ?? []), ...e.keepMissing.filter((k) => !(plan.keepMissing ?? []).includes(k))];
  checkDeclaredMissing(planFile, e.keepMissing, d.unmapped);
  const keySet = reselected ? keySetDigest(reselected.entries) : null;
  return {
    ...plan,
    ...(reselected ? { source: { ...withoutKeySet(plan.source), select: [...reselected.select], ...(keySet ? { keySet } : {}) } } : {}),
    ops,
    mapping: d.mapping,
    unmapped: d.unmapped,
    unexpected: d.unexpected,
    ...(keepMissing.length > 0 ? { keepMissing } : {}),
  };
}
