/**
 * The members `P.N` of a numbered list on one side of a plan, as the list rules read them (a module moved
 * between two lists, cross-list-moves.ts; a list one member longer or shorter, list-ends.ts): each member's
 * keys, its signature (the names below it and their shapes, sorted: look-alikes share one) and where it
 * starts in state-dict order. An index is what the project's tokenizer says it is (isIndexSegment).
 */
import { isIndexAt } from '../key-tokens.js';
import { formatShape } from './shapes.js';
import type { Located } from './types.js';

export interface ListMember {
  keys: string[];
  sig: string;
  /** the state-dict position of its first key */
  pos: number;
}

/** `list.N` of one side by N, for the keys `list.N.…` (a key that is `list.N` itself holds no member). */
export function listMembers(side: ReadonlyMap<string, Located>, list: string): Map<number, ListMember> {
  const parts = new Map<number, { keys: string[]; items: string[]; pos: number }>();
  for (const [k, e] of side) {
    const dot = memberEnd(k, list);
    if (dot < 0) continue;
    const i = Number(k.slice(list.length + 1, dot));
    let p = parts.get(i);
    if (!p) parts.set(i, (p = { keys: [], items: [], pos: e.pos }));
    p.keys.push(k);
    p.items.push(`${k.slice(dot + 1)}:${formatShape(e.shape ?? [])}`);
  }
  return new Map([...parts].map(([i, p]) => [i, { keys: p.keys, sig: p.items.sort().join('|'), pos: p.pos }]));
}

/** Where the index of `list.N.…` ends in `key` (the dot after N), or -1 when `key` sits under no member of `list`. */
export function memberEnd(key: string, list: string): number {
  if (key.length <= list.length + 2 || !key.startsWith(list) || key[list.length] !== '.') return -1;
  const dot = key.indexOf('.', list.length + 1);
  return dot > 0 && isIndexAt(key, list.length + 1, dot) ? dot : -1;
}
