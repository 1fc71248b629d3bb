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
