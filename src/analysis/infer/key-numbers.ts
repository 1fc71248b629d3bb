/**
 * Every key's number, made once when inference starts (index.ts) and carried by the stages that act on
 * every pair (judge shapes → generalise → explain): a source key's number is its place among the sides'
 * source keys (Sides.sourceKeys), a model key's its position in the model's list (Located.pos). At
 * 1,000,000 keys, maps and sets keyed by whole key strings were most of those stages' own time and,
 * with the objects they hold, of the garbage collector's; arrays and bitsets indexed by these numbers
 * replace them. A number is read off a Located (its pos), never looked up by the key's text on a path
 * that runs per key.
 */
import { KeyTokens } from '../key-tokens.js';
import type { Located } from './types.js';

export class KeyNumbers {
  /** model keys by number: holes at the positions of a key the model lists twice (its later entries) */
  readonly targetKeys: readonly string[];
  /**
   * source number by a source entry's position, where the file lists a key twice (positions then skip
   * numbers); null: every position is the key's number
   */
  private readonly sourceAt: Int32Array | null;

  constructor(source: ReadonlyMap<string, Located>, sourceKeys: readonly string[], target: ReadonlyMap<string, Located>, targetEntries: number) {
    const targetKeys = new Array<string>(targetEntries);
    for (const [k, e] of target) targetKeys[e.pos] = k;
    this.targetKeys = targetKeys;
    // positions rise with the keys (locate keeps a key's first entry), so the last one tells whether any was skipped
    const last = sourceKeys.length ? source.get(sourceKeys[sourceKeys.length - 1]!)!.pos : -1;
    if (last === sourceKeys.length - 1) {
      this.sourceAt = null;
      return;
    }
    const at = new Int32Array(last + 1).fill(-1);
    for (let i = 0; i < sourceKeys.length; i++) at[source.get(sourceKeys[i]!)!.pos] = i;
    this.sourceAt = at;
  }

  /** the source entry's number: its index in Sides.sourceKeys */
  source(e: Located): number {
    return this.sourceAt === null ? e.pos : this.sourceAt[e.pos]!;
  }

  /** the model entry's number */
  target(e: Located): number {
    return e.pos;
  }
}

/**
 * Every key of both sides as tokens, numbered when inference starts (index.ts, beside `locate`), in the one
 * tokenizer's meaning of a segment and an index (key-tokens.ts' KeyTokens): a located key is split the
 * first time a stage reads it and never again, whichever stage reads it next (goal-tokens.ts first).
 * Split when first read, not all at `locate`: the first reader (generalise's goal pairs) reads only the
 * paired keys, and splitting every key of both sides up front cost more than it saved (a third more at
 * 100,000 keys of ViT, where a third of the model's keys are in no pair). A name that is no located key
 * (a pair re-pointed to a name the ops made) is split when asked, so the table answers for every name the
 * same way a table of its own would.
 */
export class KeyTable {
  readonly tokens = new KeyTokens();
  /** token number by key number on each side, -1 until the key is first read */
  private readonly sourceIds: Int32Array;
  private readonly targetIds: Int32Array;

  constructor(
    private readonly sourceKeys: readonly string[],
    private readonly numbers: KeyNumbers,
    private readonly source: ReadonlyMap<string, Located>,
    private readonly target: ReadonlyMap<string, Located>,
  ) {
    this.sourceIds = new Int32Array(sourceKeys.length).fill(-1);
    this.targetIds = new Int32Array(numbers.targetKeys.length).fill(-1);
  }

  /** the token number of the source key numbered `n` (KeyNumbers.source) */
  sourceAt(n: number): number {
    let k = this.sourceIds[n]!;
    if (k < 0) this.sourceIds[n] = k = this.tokens.add(this.sourceKeys[n]!);
    return k;
  }

  /** the token number of the model key numbered `n` (KeyNumbers.target) */
  targetAt(n: number): number {
    let k = this.targetIds[n]!;
    if (k < 0) this.targetIds[n] = k = this.tokens.add(this.numbers.targetKeys[n]!);
    return k;
  }

  /** the token number of a source key (its text as in `source`), added when it is none */
  sourceKey(key: string): number {
    const e = this.source.get(key);
    return e === undefined ? this.tokens.add(key) : this.sourceAt(this.numbers.source(e));
  }

  /** the token number of a model key (its text as in `target`), added when it is none */
  targetKey(key: string): number {
    const e = this.target.get(key);
    return e === undefined ? this.tokens.add(key) : this.targetAt(this.numbers.target(e));
  }
}

/**
 * The model keys the plan's ops give a tensor (generalise's settle): a bit per model key by its number,
 * where a set of 1,000,000 names and the look-ups of every model key in it were settle's and explain's
 * largest items; listed in the order first given, as a set would iterate them.
 */
export class ProducedTargets implements Iterable<string> {
  private readonly marks: Uint8Array;
  private readonly order: string[] = [];

  constructor(
    private readonly target: ReadonlyMap<string, Located>,
    private readonly numbers: KeyNumbers,
  ) {
    this.marks = new Uint8Array(numbers.targetKeys.length);
  }

  /** Marks `name` given when the model expects it; false when it does not. */
  add(name: string): boolean {
    const e = this.target.get(name);
    if (e === undefined) return false;
    const n = this.numbers.target(e);
    if (this.marks[n] === 0) {
      this.marks[n] = 1;
      this.order.push(name);
    }
    return true;
  }

  has(name: string): boolean {
    const e = this.target.get(name);
    return e !== undefined && this.marks[this.numbers.target(e)] === 1;
  }

  /** is the model entry given a tensor (by its number: no look-up by name) */
  hasEntry(e: Located): boolean {
    return this.marks[this.numbers.target(e)] === 1;
  }

  get size(): number {
    return this.order.length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.order[Symbol.iterator]();
  }
}
