/**
 * Whether the order of a group of look-alike siblings relates the two sides at all. Within the group,
 * a unit whose exact shape no other unit of its side has, met by exactly one such unit on the other
 * side, is paired by that shape (Meta's `w2` [D, F] is `down_proj`, the only [D, F] among `gate_proj`,
 * `up_proj`); the others stand before or after it. When they stand elsewhere on the two sides (`w1`
 * before `w2` and `w3` after it, but `gate_proj` and `up_proj` both before `down_proj`), the two
 * sides define the group in another order, and order tells none of the rest apart: only names (or a
 * known naming convention, role-names.ts) can. modules.ts lists them instead of pairing by rank.
 */
import type { Group, Node } from './modules.js';
import type { Located } from './types.js';

export function lookAlikesCrossed(g: Group): boolean {
  const s = g.s.map(soloShape);
  const t = g.t.map(soloShape);
  if (s.some((x) => x === null) || t.some((x) => x === null)) return false;
  const count = (shapes: (string | null)[]) => {
    const m = new Map<string, number>();
    for (const x of shapes) m.set(x!, (m.get(x!) ?? 0) + 1);
    return m;
  };
  const cs = count(s);
  const ct = count(t);
  const anchor = (x: string) => cs.get(x) === 1 && ct.get(x) === 1;
  const anchors = [...cs.keys()].filter(anchor);
  if (anchors.length === 0 || anchors.length === cs.size) return false;
  // each side in its own order (positions): the anchors' order, then every other unit's slot among them
  const bySide = (units: readonly Node[], shapes: (string | null)[]) => {
    const order = units.map((u, i) => [u.pos, shapes[i]!] as const).sort((a, b) => a[0] - b[0]);
    const seen: string[] = [];
    const slots = new Map<string, number[]>();
    for (const [, x] of order) {
      if (anchor(x)) seen.push(x);
      else (slots.get(x) ?? slots.set(x, []).get(x)!).push(seen.length);
    }
    return { seen: seen.join('\u0000'), slots };
  };
  const a = bySide(g.s, s);
  const b = bySide(g.t, t);
  if (a.seen !== b.seen) return true;
  for (const [x, slots] of a.slots) if (slots.join() !== (b.slots.get(x) ?? []).join()) return true;
  return false;
}

/** The shape of the one tensor a unit holds (through single-child wrappers), as text; null when it holds several or none is known. */
function soloShape(n: Node): string | null {
  while (!n.key && n.children.length === 1) n = n.children[0]!;
  return n.key && n.children.length === 0 && n.key.shape ? n.key.shape.join('x') : null;
}

/** The tensors under a node, in state-dict order. */
export function tensorsUnder(n: Node): Located[] {
  const out: Located[] = [];
  const visit = (x: Node) => {
    if (x.key) out.push(x.key);
    for (const c of x.children) visit(c);
  };
  visit(n);
  return out.sort((a, b) => a.pos - b.pos);
}

/**
 * Whether names differ only by one letter, the letters a run of the alphabet (`a`, `b`, `c`; `a_bn`,
 * `b_bn`): an enumeration, which a sort by name keeps in order, unlike T5's `k`, `o`, `q`, `v`, which
 * only the sort put in that order.
 */
export function letteredRun(names: readonly string[]): boolean {
  if (names.length < 2 || names.some((r) => r.length !== names[0]!.length)) return false;
  const at = [...names[0]!].findIndex((_, i) => names.some((r) => r[i] !== names[0]![i]));
  if (at < 0 || names.some((r) => r.slice(0, at) !== names[0]!.slice(0, at) || r.slice(at + 1) !== names[0]!.slice(at + 1))) return false;
  const codes = names.map((r) => r.charCodeAt(at)).sort((a, b) => a - b);
  return codes.every((c, i) => c >= 97 && c <= 122 && (i === 0 || c === codes[i - 1]! + 1));
}
