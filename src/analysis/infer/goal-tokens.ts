/**
 * (speed only) The goal pairs split into tokens once, for the two readers of every pair's tokens in
 * generalise: index-contradictions.ts, then role-contradictions.ts. Each split every pair's two keys
 * again (KeyTokens.add was most of their time, 200,000 keys each at 100,000 pairs). Pairs are kept in
 * the goals' order, a key sent to itself left out, as both iterated them; a target the first reader
 * re-pairs is split again where it stands (retarget), so the second reads the goals as they are then.
 * Given the located keys' table (key-numbers.ts' KeyTable), a key is split there, once for every stage
 * that reads it, and generalise's pairs are read by number (judge shapes' goalOrder), not by name.
 */
import { KeyTokens } from '../key-tokens.js';
import type { KeyTable } from './key-numbers.js';

/**
 * The goals by number (key-numbers.ts): the source numbers of their keys in the order the goals map
 * iterates them, each one's model number, and the keys by number on each side
 */
export interface NumberedGoals {
  order: readonly number[];
  goalTo: Int32Array;
  sourceKeys: readonly string[];
  targetKeys: readonly string[];
}

export class GoalTokens {
  readonly keys: KeyTokens;
  /** pair i: its source key and target key, and their numbers in `keys` */
  readonly sources: string[] = [];
  readonly targets: string[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  /** source key → its pair, made on the first retarget (rare: a family's crossed look-alikes) */
  private at: Map<string, number> | null = null;

  /** (speed only) keys read off the located keys' table (key-numbers.ts' KeyTable), not split again */
  private readonly table: KeyTable | null;

  constructor(
    readonly goals: ReadonlyMap<string, string>,
    table?: KeyTable,
    numbered?: NumberedGoals,
  ) {
    this.table = table ?? null;
    this.keys = table ? table.tokens : new KeyTokens();
    if (table && numbered && this.byNumber(table, numbered)) return;
    for (const [s, t] of goals) {
      if (s === t) continue;
      this.sources.push(s);
      this.targets.push(t);
      this.a.push(this.sourceKey(s));
      this.b.push(this.targetKey(t));
    }
  }

  /**
   * The pairs read by number, in the goals' order (judge shapes' goalOrder), where that order still lists
   * every goal: no key looked up by name (two map look-ups per pair were as costly as splitting both keys)
   */
  private byNumber(table: KeyTable, g: NumberedGoals): boolean {
    if (g.order.length !== this.goals.size) return false;
    for (const n of g.order) if (g.goalTo[n]! < 0) return false;
    for (const n of g.order) {
      const t = g.goalTo[n]!;
      const s = g.sourceKeys[n]!;
      const target = g.targetKeys[t]!;
      if (s === target) continue;
      this.sources.push(s);
      this.targets.push(target);
      this.a.push(table.sourceAt(n));
      this.b.push(table.targetAt(t));
    }
    return true;
  }

  private sourceKey(key: string): number {
    return this.table ? this.table.sourceKey(key) : this.keys.add(key);
  }

  private targetKey(key: string): number {
    return this.table ? this.table.targetKey(key) : this.keys.add(key);
  }

  /** how many pairs */
  get size(): number {
    return this.sources.length;
  }

  /** the pair of `source` now goes to `target` (the goals map is the caller's to change) */
  retarget(source: string, target: string): void {
    if (this.at === null) {
      this.at = new Map();
      this.sources.forEach((s, i) => this.at!.set(s, i));
    }
    const i = this.at.get(source);
    if (i === undefined) throw new Error(`retarget: ${source} is no pair`);
    this.targets[i] = target;
    this.b[i] = this.targetKey(target);
  }
}

/** The pairs of `goals` as GoalTokens, unless given so already. */
export const goalTokens = (goals: ReadonlyMap<string, string> | GoalTokens): GoalTokens => (goals instanceof GoalTokens ? goals : new GoalTokens(goals));
