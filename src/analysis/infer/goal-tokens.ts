/**
 * (speed only) The goal pairs split into tokens once, for the two readers of every pair's tokens in
 * generalise: index-contradictions.ts, then role-contradictions.ts. Each split every pair's two keys
 * again (KeyTokens.add was most of their time, 200,000 keys each at 100,000 pairs). Pairs are kept in
 * the goals' order, a key sent to itself left out, as both iterated them; a target the first reader
 * re-pairs is split again where it stands (retarget), so the second reads the goals as they are then.
 */
import { KeyTokens } from '../key-tokens.js';

export class GoalTokens {
  readonly keys = new KeyTokens();
  /** pair i: its source key and target key, and their numbers in `keys` */
  readonly sources: string[] = [];
  readonly targets: string[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  /** source key → its pair, made on the first retarget (rare: a family's crossed look-alikes) */
  private at: Map<string, number> | null = null;

  constructor(readonly goals: ReadonlyMap<string, string>) {
    for (const [s, t] of goals) {
      if (s === t) continue;
      this.sources.push(s);
      this.targets.push(t);
      this.a.push(this.keys.add(s));
      this.b.push(this.keys.add(t));
    }
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
    this.b[i] = this.keys.add(target);
  }
}

/** The pairs of `goals` as GoalTokens, unless given so already. */
export const goalTokens = (goals: ReadonlyMap<string, string> | GoalTokens): GoalTokens => (goals instanceof GoalTokens ? goals : new GoalTokens(goals));
