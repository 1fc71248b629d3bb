import type { PyValue } from './values.js';

/**
 * Python dict semantics for the machine: setting an equal key replaces the value in place (keeping
 * the first key object and its position). Equality is decided for the primitive keys state dicts use
 * — str, int, bool, None, float — with Python's cross-type rules (1 == 1.0 == True). Other keys
 * (tuples, objects) are never merged: their equality depends on code we do not run.
 */
function keyOf(v: PyValue): string | undefined {
  switch (typeof v) {
    case 'string': return v;
    case 'number': return 'i' + v;
    case 'bigint': return 'i' + v.toString();
    case 'boolean': return v ? 'i1' : 'i0';
    case 'object':
      if (v === null) return 'n';
      if (v.kind === 'float') {
        const f = v.value;
        if (Number.isNaN(f)) return undefined; // nan != nan
        if (Number.isInteger(f)) return 'i' + (Number.isSafeInteger(f) ? String(f === 0 ? 0 : f) : BigInt(f).toString());
        return 'f' + f;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Below this many entries a linear scan beats building a Map. */
const INDEX_FROM = 8;

/**
 * Str keys index by themselves (no concatenation: state dicts have 100k of them); the other primitives
 * by a tagged string in a separate map, so `'i1'` the str and `1` the int never collide.
 */
interface KeyMaps {
  str: Map<string, number>;
  other: Map<string, number>;
}

export class DictKeyIndex {
  private readonly indexes = new Map<[PyValue, PyValue][], KeyMaps>();
  /** the dict last indexed: SETITEMS sets up to 1,000 keys of one dict in a row */
  private lastEntries: [PyValue, PyValue][] | null = null;
  private lastIndex: KeyMaps | undefined;

  /** `entries[key] = value` with Python's overwrite rule. */
  set(entries: [PyValue, PyValue][], key: PyValue, value: PyValue): void {
    const k = keyOf(key);
    if (k === undefined) {
      entries.push([key, value]);
      return;
    }
    let index: KeyMaps | undefined;
    if (entries === this.lastEntries) index = this.lastIndex;
    else {
      index = this.indexes.get(entries);
      if (index !== undefined) {
        this.lastEntries = entries;
        this.lastIndex = index;
      }
    }
    if (index === undefined) {
      if (entries.length < INDEX_FROM) {
        for (const entry of entries) {
          const other = entry[0];
          // a str key can only equal a str, and other keys only non-strs
          if (typeof key === 'string' ? other === key : typeof other !== 'string' && keyOf(other) === k) {
            entry[1] = value;
            return;
          }
        }
        entries.push([key, value]);
        return;
      }
      index = { str: new Map(), other: new Map() };
      for (let i = 0; i < entries.length; i++) {
        const ek = entries[i]![0];
        const tag = keyOf(ek);
        if (tag !== undefined) (typeof ek === 'string' ? index.str : index.other).set(tag, i);
      }
      this.indexes.set(entries, index);
      this.lastEntries = entries;
      this.lastIndex = index;
    }
    const map = typeof key === 'string' ? index.str : index.other;
    const at = map.get(k);
    if (at !== undefined) {
      entries[at]![1] = value;
      return;
    }
    map.set(k, entries.length);
    entries.push([key, value]);
  }
}
