/**
 * Items grouped by the first one and the first two dot segments of their names, kept up to date as
 * names change: the items an op anchored on a literal start (`^blocks\.3\.m\.`, a `strip_prefix`) can
 * concern, without testing every name. A plan that regroups a flat list block by block has an op per
 * block; testing every key for every op made those plans quadratic in the keys (levit, SD UNet at
 * depth). Only whole segments are indexed, so a literal without a dot (`^blocks`) finds no group and
 * the caller scans everything, as before.
 */
export class NamePrefixIndex<T> {
  private readonly one = new Map<string, Set<T>>();
  private readonly two = new Map<string, Set<T>>();
  /**
   * The groups the last added name went to, with their prefixes: names added in order share them with
   * the name before (`blocks.3.attn.q.weight`, `blocks.3.attn.q.bias`), so those are found by comparing,
   * not by slicing each prefix out and hashing it (the index is built over every key at 100,000 keys)
   */
  private lastOne: { prefix: string; set: Set<T> } | null = null;
  private lastTwo: { prefix: string; set: Set<T> } | null = null;

  add(item: T, name: string): void {
    const d1 = name.indexOf('.');
    if (d1 < 0) return;
    this.lastOne = into(this.one, this.lastOne, name, d1 + 1, item);
    const d2 = name.indexOf('.', d1 + 1);
    if (d2 >= 0) this.lastTwo = into(this.two, this.lastTwo, name, d2 + 1, item);
  }

  delete(item: T, name: string): void {
    const d1 = name.indexOf('.');
    if (d1 < 0) return;
    this.one.get(name.slice(0, d1 + 1))?.delete(item);
    const d2 = name.indexOf('.', d1 + 1);
    if (d2 >= 0) this.two.get(name.slice(0, d2 + 1))?.delete(item);
  }

  /**
   * A snapshot of every item whose name may start with `literal` (a superset: the caller still tests
   * each), or null when the literal holds no whole segment and any item may.
   */
  candidates(literal: string): T[] | null {
    const d1 = literal.indexOf('.');
    if (d1 < 0) return null;
    const d2 = literal.indexOf('.', d1 + 1);
    const set = d2 < 0 ? this.one.get(literal.slice(0, d1 + 1)) : this.two.get(literal.slice(0, d2 + 1));
    return set ? [...set] : [];
  }
}

/** Adds the item to the group of name.slice(0, end) — `last`'s when that is its prefix — and returns that group. */
function into<T>(m: Map<string, Set<T>>, last: { prefix: string; set: Set<T> } | null, name: string, end: number, item: T): { prefix: string; set: Set<T> } {
  if (last && last.prefix.length === end && name.startsWith(last.prefix)) {
    last.set.add(item);
    return last;
  }
  const prefix = name.slice(0, end);
  let set = m.get(prefix);
  if (set) set.add(item);
  else m.set(prefix, (set = new Set([item])));
  return { prefix, set };
}
