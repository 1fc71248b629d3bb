/**
 * Ordered substring renames applied to every key in turn, the way the reference conversion scripts apply
 * their tables (`for old, new in table: key = key.replace(old, new)`). Counting which rules ever fired
 * gives the family's number of distinct rename patterns.
 */
export class RenameRules {
  private readonly rules: { from: string; to: string; atStart: boolean; used: boolean }[] = [];
  /**
   * Rules at the start, by the first two segments of their pattern (`input_blocks.5.`), and the rest
   * (anywhere, or shorter): a key meets only the rules that can match it, in order, so a converter of
   * 30,000 per-block rules (SD UNet deepened for the scale bench) does not test each on every key.
   */
  private byHead: Map<string, number[]> | null = null;
  private always: number[] = [];

  /** replace every occurrence of `from` */
  add(from: string, to: string): this {
    return this.push(from, to, false);
  }

  /** replace `from` only where the key begins with it (`norm.` the module, not `attention_norm.`) */
  addAtStart(from: string, to: string): this {
    return this.push(from, to, true);
  }

  private push(from: string, to: string, atStart: boolean): this {
    if (from === '') throw new Error('a rename rule needs a non-empty pattern');
    this.rules.push({ from, to, atStart, used: false });
    this.byHead = null;
    return this;
  }

  private index(): Map<string, number[]> {
    if (this.byHead) return this.byHead;
    const byHead = new Map<string, number[]>();
    this.always = [];
    this.rules.forEach((r, i) => {
      const head = r.atStart ? headOf(r.from) : null;
      if (head === null) this.always.push(i);
      else (byHead.get(head) ?? byHead.set(head, []).get(head)!).push(i);
    });
    return (this.byHead = byHead);
  }

  /** `key` after every rule, each replacing all of its occurrences */
  apply(key: string): string {
    const byHead = this.index();
    let out = key;
    let i = 0;
    for (;;) {
      // the next rule at or after i that can match `out`: one of `always`, or of out's head
      const head = headOf(out);
      const a = firstAtLeast(this.always, i);
      const b = head === null ? undefined : firstAtLeast(byHead.get(head) ?? [], i);
      const next = b === undefined ? a : a === undefined ? b : Math.min(a, b);
      if (next === undefined) return out;
      const rule = this.rules[next]!;
      i = next + 1;
      if (rule.atStart) {
        if (!out.startsWith(rule.from)) continue;
        out = rule.to + out.slice(rule.from.length);
      } else {
        if (!out.includes(rule.from)) continue;
        out = out.split(rule.from).join(rule.to);
      }
      rule.used = true;
    }
  }

  /** how many rules changed at least one key so far */
  usedCount(): number {
    return this.rules.filter((r) => r.used).length;
  }
}

/** The first two segments with their dots (`input_blocks.5.`), or null for a text with fewer. */
function headOf(text: string): string | null {
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  return second < 0 ? null : text.slice(0, second + 1);
}

/** The first entry ≥ at of a sorted list (binary search), or undefined. */
function firstAtLeast(sorted: readonly number[], at: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/**
 * A key taken through a reference script's rules one at a time, remembering which rules changed it (the
 * per-key form of RenameRules, for scripts whose rules are regexes or callbacks).
 */
export class RuleTrace {
  readonly rules = new Set<string>();

  constructor(public key: string) {}

  /** the script's rule `name` applied to the key (it counts when it changes the key) */
  step(name: string, rule: (key: string) => string): this {
    const next = rule(this.key);
    if (next !== this.key) this.rules.add(name);
    this.key = next;
    return this;
  }

  /** Python's `key.replace(a, b)`: every occurrence */
  replace(a: string, b: string): this {
    return this.step(a, (k) => k.split(a).join(b));
  }
}
