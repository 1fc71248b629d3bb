/**
 * What the tests of each later family set (test/bench/families-set5..9.test.ts) check of their own set the same
 * way: the set built once by name, the split as committed with it, where its truth was read, that a split keeps
 * its elements and that a recipe builds its target from its own source. None of it runs the matcher: a set's
 * held-out half stays a clean measure.
 */
import { expect, it } from 'vitest';
import { FAMILIES, type Family } from '../../bench/families/index.js';
import { traceRecipe } from '../../bench/families/recipe-trace.js';
import type { Recipe } from '../../src/analysis/op-keys.js';

export const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
export const keys = (f: Family, side: 'source' | 'target'): string[] => f[side].map((e) => e.key);
export const shapeOf = (f: Family, side: 'source' | 'target', key: string): number[] | undefined => f[side].find((e) => e.key === key)?.shape ?? undefined;
/** the source shapes by key, as traceRecipe reads them */
export const sourceShapes = (f: Family): Map<string, number[] | null> => new Map(f.source.map((e) => [e.key, e.shape]));

export interface FamilySet {
  families: (readonly [string, Family])[];
  byName: Map<string, Family>;
  family: (name: string) => Family;
}

/** every family of a set built once, by its name */
export function familySet(makers: Record<string, () => Family>): FamilySet {
  const families = Object.entries(makers).map(([name, make]) => [name, make()] as const);
  const byName = new Map(families);
  return { families, byName, family: (name) => byName.get(name)! };
}

/**
 * The three checks a set makes of itself: its size and names (all among FAMILIES, no name twice), its held-out
 * half exactly as committed with the set (a change to a name or to the rule shows up here), and that each family
 * cites the code its truth was read from and counts that code's rules.
 */
export function itHoldsItsSplit(set: FamilySet, heldOut: ReadonlySet<string>, committed: { count: number; heldOut: string[] }): void {
  it(`has ${committed.count} families under their own names, all among FAMILIES, none an earlier family`, () => {
    expect(set.families).toHaveLength(committed.count);
    for (const [name, f] of set.families) expect(f.name, name).toBe(name);
    const all = FAMILIES.map((make) => make().name);
    expect(new Set(all).size).toBe(all.length);
    for (const [name] of set.families) expect(all).toContain(name);
  });

  it('holds out half of the set, by the salted hash, never chosen by hand', () => {
    expect(heldOut.size).toBe(committed.heldOut.length);
    for (const name of heldOut) expect(set.byName.has(name), name).toBe(true);
    expect([...heldOut].sort()).toEqual(committed.heldOut);
  });

  it('cites where its truth was read and counts the reference rules', () => {
    for (const [name, f] of set.families) {
      expect(f.reference, name).toMatch(/\S+\/\S+ \S+\.py/);
      expect(f.reference, name).toMatch(/commit [0-9a-f]{40}|as stored/);
      expect(f.url, name).toMatch(/^https:\/\/github\.com\//);
      expect(f.patterns, name).toBeGreaterThan(0);
    }
  });
}

/**
 * Every split keeps the elements of its source: the parts add up to the source tensor. A tensor the truth
 * also copies onto a tied target (sets 5 and 6) is one part plus its copies, each of the part's size.
 */
export function expectSplitsKeepElements(f: Family): void {
  const target = new Map(f.target.map((e) => [e.key, e.shape!]));
  const source = new Map(f.source.map((e) => [e.key, e.shape!]));
  for (const [from, to] of Object.entries(f.truth)) {
    if (!Array.isArray(to)) continue;
    const tied = to.filter((k) => f.tied?.[k] === from);
    const parts = to.filter((k) => f.tied?.[k] !== from);
    const sum = parts.reduce((a, k) => a + numel(target.get(k)!), 0);
    expect(sum, from).toBe(tied.length > 0 ? numel(target.get(parts[0]!)!) * parts.length : numel(source.get(from)!));
    if (tied.length > 0) expect(parts.length, from).toBe(1);
  }
}

/** the target keys the truth names, each source key's one, several (a split) or none (a drop) */
export function truthTargets(to: Family['truth'][string]): readonly string[] {
  return to === null ? [] : typeof to === 'string' ? [to] : to;
}

/**
 * The truth reaches every target key but those left unreached by design (`exempt`: tied copies, keys the
 * conversion script lets go missing), none of those, and maps every source key.
 */
export function expectReachesEveryKey(f: Family, exempt: ReadonlySet<string> = new Set()): void {
  const reached = new Set<string>();
  for (const to of Object.values(f.truth)) for (const k of truthTargets(to)) reached.add(k);
  expect(f.target.map((e) => e.key).filter((k) => !reached.has(k) && !exempt.has(k))).toEqual([]);
  for (const k of exempt) expect(reached.has(k), k).toBe(false);
  expect(f.source.map((e) => e.key).filter((k) => !(k in f.truth))).toEqual([]);
}

/** the source element a target element comes from under its recipe (flat indices) */
export function sourceOf(f: Family, target: string, i: number): [string, number] {
  return traceRecipe(f.recipes![target]! as Recipe, sourceShapes(f))!.at(i);
}

/** every split part has a recipe, and every recipe builds its target's shape starting from the source key the truth names */
export function expectRecipesBuildTheirTargets(f: Family): void {
  for (const [, to] of Object.entries(f.truth)) if (Array.isArray(to)) for (const key of to) expect(f.recipes?.[key], key).toBeDefined();
  const sourceOfTarget = new Map<string, string>();
  for (const [from, to] of Object.entries(f.truth)) for (const k of truthTargets(to)) sourceOfTarget.set(k, from);
  for (const [key, recipe] of Object.entries(f.recipes ?? {})) {
    const traced = traceRecipe(recipe, sourceShapes(f));
    expect(traced?.shape, key).toEqual(shapeOf(f, 'target', key));
    expect(traced!.at(0)[0], key).toBe(sourceOfTarget.get(key));
  }
}

/**
 * Every joined target (experts stacked, gate and up concatenated) is built by its recipe from the sources the truth
 * sends there: its shape the target's, its first, middle and last elements from those sources, its size their sum.
 */
export function expectJoinedTargetsTraced(f: Family): void {
  for (const key of f.joined ?? []) {
    const traced = traceRecipe(f.recipes![key]! as Recipe, sourceShapes(f));
    expect(traced?.shape, key).toEqual(shapeOf(f, 'target', key));
    const parts = new Set(Object.entries(f.truth).filter(([, to]) => to === key).map(([from]) => from));
    const shape = traced!.shape;
    for (const i of [0, Math.floor(numel(shape) / 2), numel(shape) - 1]) expect(parts.has(traced!.at(i)[0]), `${key} ${i}`).toBe(true);
    expect(numel(shape)).toBe([...parts].reduce((a, p) => a + numel(shapeOf(f, 'source', p)!), 0));
  }
}
