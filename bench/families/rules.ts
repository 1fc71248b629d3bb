/**
 * Ordered substring renames applied to every key in turn, the way the reference conversion scripts apply
 * their tables (`for old, new in table: key = key.replace(old, new)`). Counting which rules ever fired
 * gives the family's number of distinct rename patterns.
 */
export class RenameRules {
  private readonly rules: { from: string; to: string; atStart: boolean; used: boolean }[] = [];

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
    return this;
  }

  /** `key` after every rule, each replacing all of its occurrences */
  apply(key: string): string {
    let out = key;
    for (const rule of this.rules) {
      if (rule.atStart) {
        if (!out.startsWith(rule.from)) continue;
        out = rule.to + out.slice(rule.from.length);
      } else {
        if (!out.includes(rule.from)) continue;
        out = out.split(rule.from).join(rule.to);
      }
      rule.used = true;
    }
    return out;
  }

  /** how many rules changed at least one key so far */
  usedCount(): number {
    return this.rules.filter((r) => r.used).length;
  }
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
