import { STATUSES, type StatusId } from './statuses.js';

/**
 * Each side's keys with a status, from the `--json` object alone (the side's key list only lends
 * order and shapes), computed when the page is written so that the page draws its first screen without
 * parsing the 12 MB a 100,000-key mapping takes (the JSON is embedded too, and parsed after). The first
 * status a key is given wins, so the calls run from the most specific fact (a shape mismatch) to the
 * least (matched). Keys the JSON names beyond a side's list are appended; keys it does not name are
 * left out. `partners` links a key to its counterpart(s) on the other side; `rules` lists the plan
 * ops that act on it.
 */

export interface KeyStatusSide {
  keys: string[];
  /** per key, its index in STATUSES */
  st: number[];
  /** per key, its index in the side's shape table, -1 when unknown */
  shapes: number[];
  /** per key, the positions of its counterparts on the other side (empty: none) */
  partners: number[][];
  /** per key, the plan ops acting on it (ascending), or null */
  rules: (number[] | null)[];
}

export interface SideInput {
  keys: readonly string[];
  shapes: readonly number[];
}

const SI = new Map<string, number>(STATUSES.map((s, i) => [s.id, i]));

class Side {
  keys: string[];
  index = new Map<string, number>();
  st: number[];
  shapes: number[];
  partners: string[][] = [];
  rules: (number[] | undefined)[] = [];
  constructor(p: SideInput) {
    this.keys = p.keys.slice();
    for (let i = 0; i < this.keys.length; i++) this.index.set(this.keys[i]!, i);
    this.st = new Array<number>(this.keys.length).fill(-1);
    this.shapes = p.shapes.slice();
  }
  set(key: string, status: StatusId): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push(key);
      this.index.set(key, i);
      this.st.push(-1);
      this.shapes.push(-1);
    }
    if (this.st[i]! < 0) this.st[i] = SI.get(status)!;
    return i;
  }
}

/**
 * `opKeys[r]`: the positions in source.keys of the keys op r acts on. Returns both sides and opKeys
 * again as positions in the returned source keys.
 */
export function keyStatuses(command: string, json: any, source: SideInput, expected: SideInput, opKeys: readonly number[][]): { sides: [KeyStatusSide, KeyStatusSide]; opKeys: number[][] } {
  const S = new Side(source);
  const E = new Side(expected);
  // the ops acting on each source key (one shared list per combination of ops)
  const combos = new Map<string, number[]>();
  const perKey: number[][] = [];
  opKeys.forEach((idx, r) => idx.forEach((i) => (perKey[i] ??= []).push(r)));
  perKey.forEach((rs, i) => {
    const id = rs.join(',');
    let shared = combos.get(id);
    if (!shared) combos.set(id, (shared = rs));
    S.rules[i] = shared;
  });
  const add = (list: string[][], i: number, name: string) => {
    const l = (list[i] ??= []);
    if (!l.includes(name)) l.push(name);
  };
  const link = (i: number, e: number) => {
    add(S.partners, i, E.keys[e]!);
    add(E.partners, e, S.keys[i]!);
    const rs = S.rules[i];
    if (rs) {
      const mine = E.rules[e];
      E.rules[e] = mine ? [...new Set([...mine, ...rs])].sort((x, y) => x - y) : rs;
    }
  };

  const j = json;
  if (command === 'diff') {
    for (const m of j.shapeMismatch) { S.set(m.key, 'shape'); E.set(m.key, 'shape'); }
    for (const m of j.dtypeMismatch) { S.set(m.key, 'dtype'); E.set(m.key, 'dtype'); }
    for (const k of j.matched) { S.set(k, 'matched'); E.set(k, 'matched'); }
    for (const k of j.missing) E.set(k, 'missing');
    for (const k of j.unexpected) S.set(k, 'unexpected');
    // a cut-short error leaves open the keys of the side that is not the error
    const open = j.expected.kind === 'error-text' ? S : E;
    for (const k of j.unknown) open.set(k, 'unknown');
  } else if (command === 'check') {
    const inS = new Set(S.keys);
    const inE = new Set(E.keys); // before any key is appended
    for (const x of j.shapeChanged) link(S.set(x.from, 'shape'), E.set(x.key, 'shape'));
    for (const x of j.dtypeChanged) link(S.set(x.from, 'dtype'), E.set(x.key, 'dtype'));
    for (const r of j.renamed) {
      const to = (r.to as string[]).map((t) => E.set(t, 'renamed'));
      for (const f of r.from as string[]) {
        const i = S.set(f, 'renamed');
        for (const e of to) link(i, e);
      }
    }
    for (const x of j.removed) S.set(x.key, 'unexpected');
    for (const x of j.added) E.set(x.key, 'missing');
    for (const k of j.unchanged) { S.set(k, 'matched'); E.set(k, 'matched'); }
    for (const k of j.ignored) {
      if (inS.has(k) || !inE.has(k)) S.set(k, 'ignored');
      if (inE.has(k)) E.set(k, 'ignored');
    }
  } else {
    // plan and explain print the same JSON (schemas/explain.schema.json)
    const unplaced = new Set<string>(j.after.unexpected);
    for (const x of j.sizeMismatches) link(S.set(x.source, 'shape'), E.set(x.target, 'shape'));
    for (const k of j.after.unexpected) S.set(k, 'unexpected');
    for (const k of j.after.missing) E.set(k, 'missing');
    for (const k of j.after.numBatchesTracked) E.set(k, 'counter');
    const mapping = j.plan.mapping as Record<string, string | string[] | null>;
    for (const k in mapping) {
      const v = mapping[k]!;
      if (v === null) { S.set(k, 'dropped'); continue; }
      const at = S.index.get(k);
      const moved = (at !== undefined && S.rules[at] !== undefined) || typeof v !== 'string' || v !== k;
      const i = S.set(k, moved ? 'renamed' : 'matched');
      if (unplaced.has(k)) continue; // its name after the plan is no key of the model
      if (typeof v === 'string') {
        const e = E.set(v, moved ? 'renamed' : 'matched');
        if (moved) link(i, e);
      } else for (const t of v) link(i, E.set(t, 'renamed'));
    }
  }

  const s = finish(S);
  const e = finish(E);
  // counterparts as positions; a key on both sides under one name, matched or mismatched, is its own
  for (const [side, other, out] of [[s, e, S], [e, s, E]] as const) {
    const otherIndex = new Map(other.keys.map((k, i) => [k, i]));
    side.partners = side.keys.map((key, i) => {
      const names = out.partners[side.from[i]!];
      if (names) return names.map((n) => otherIndex.get(n)).filter((x): x is number => x !== undefined);
      const id = STATUSES[side.st[i]!]!.id;
      const same = otherIndex.get(key);
      return (id === 'matched' || id === 'shape' || id === 'dtype') && same !== undefined ? [same] : [];
    });
  }
  const moved = new Map(s.from.map((orig, i) => [orig, i]));
  const remapped = opKeys.map((idx) => idx.map((i) => moved.get(i)).filter((i): i is number => i !== undefined));
  return { sides: [strip(s), strip(e)], opKeys: remapped };

  /** Keys in the side's own order, then any the JSON names that it lacks; none the JSON does not name. */
  function finish(side: Side): KeyStatusSide & { from: number[] } {
    const out: KeyStatusSide & { from: number[] } = { keys: [], st: [], shapes: [], partners: [], rules: [], from: [] };
    for (let i = 0; i < side.keys.length; i++) {
      if (side.st[i]! < 0) continue;
      out.keys.push(side.keys[i]!);
      out.st.push(side.st[i]!);
      out.shapes.push(side.shapes[i]!);
      out.rules.push(side.rules[i] ?? null);
      out.from.push(i);
    }
    return out;
  }
  function strip(x: KeyStatusSide & { from: number[] }): KeyStatusSide {
    return { keys: x.keys, st: x.st, shapes: x.shapes, partners: x.partners, rules: x.rules };
  }
}
