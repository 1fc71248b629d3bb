/**
 * A module moved between two numbered lists of look-alikes (review 18 F1): `backbone.layers.0–3`,
 * `neck.layers.0–1` against `backbone.layers.0–2`, `neck.layers.0–2`. Exact names keep five of the six
 * modules, and module alignment pairs the one left over on each side (`backbone.layers.3` →
 * `neck.layers.2`). But a layer moved from the end of the backbone to the front of the neck gives the same
 * keys, and then the state-dict order pairs them position by position (`backbone.layers.3` →
 * `neck.layers.0`, each neck layer one place on): the keys cannot say which happened, and the two readings
 * load different tensors into half the list. So the leftover pair is not proposed: it is listed as a tie
 * naming both readings (issue 11: a pair is proposed only when the evidence singles it out).
 *
 * Said only where both readings exist: the pair crosses from list P to list Q, other members of both
 * lists kept their exact names, and the look-alikes of P and Q taken in state-dict order put the moved
 * module at another place on each side (an order-preserving shift then explains the same keys).
 */
import { isIndexAt, isIndexSegment, splitKey } from '../key-tokens.js';
import { listMembers, memberEnd } from './list-members.js';
import type { Ambiguity, KeyPair, Located } from './types.js';

export interface CrossListMoves {
  /** the pairs kept: every pair given but those of a move the keys do not single out */
  kept: KeyPair[];
  /** keys of both sides of the withheld moves: no weaker step may pair them by order */
  withheld: string[];
  ties: Ambiguity[];
}

/** `P.i` → [P, i] for a module path ending in an index, else null. */
function listSlot(module: string): [string, number] | null {
  const dot = module.lastIndexOf('.');
  return dot > 0 && isIndexAt(module, dot + 1, module.length) ? [module.slice(0, dot), Number(module.slice(dot + 1))] : null;
}

/**
 * The list members a pair may move between, coarsest first: `encoder.blocks.2` → `decoder.blocks.2` for
 * `encoder.blocks.2.norm.weight` → `decoder.blocks.2.norm.weight`, where what follows the indices is the same.
 */
function memberMoves(source: string, target: string): [string, string][] {
  const a = splitKey(source);
  const b = splitKey(target);
  const out: [string, string][] = [];
  for (let tail = 1; tail < Math.min(a.length, b.length); tail++) {
    if (a[a.length - tail] !== b[b.length - tail]) break;
    const i = a.length - tail - 1;
    const j = b.length - tail - 1;
    if (i > 0 && j > 0 && isIndexSegment(a[i]!) && isIndexSegment(b[j]!)) out.push([a.slice(0, i + 1).join('.'), b.slice(0, j + 1).join('.')]);
  }
  return out.reverse();
}

/** What each member of the lists holds (list-members.ts), by module name. */
function signatures(side: ReadonlyMap<string, Located>, lists: ReadonlySet<string>): Map<string, { sig: string; pos: number }> {
  const out = new Map<string, { sig: string; pos: number }>();
  for (const list of lists) for (const [i, m] of listMembers(side, list)) out.set(`${list}.${i}`, m);
  return out;
}

/** The modules of the lists with the signature, in state-dict order. */
function ordered(sigs: ReadonlyMap<string, { sig: string; pos: number }>, sig: string): string[] {
  return [...sigs].filter(([, v]) => v.sig === sig).sort((a, b) => a[1].pos - b[1].pos).map(([m]) => m);
}

/** The number of dots in a key: a module moved between lists of one depth keeps it. */
function depth(k: string): number {
  let n = 0;
  for (let i = k.indexOf('.'); i >= 0; i = k.indexOf('.', i + 1)) n++;
  return n;
}

/**
 * `found`, less the pairs of a move between two numbered lists the keys do not single out (their keys in
 * `withheld`, a tie for each in `ties`). `taken` are the pairs made before (exact names among them); `live`
 * says whether a pair's keys are still unpaired.
 */
export function crossListMoves(found: readonly KeyPair[], taken: readonly KeyPair[], source: ReadonlyMap<string, Located>, target: ReadonlyMap<string, Located>, live: (p: KeyPair) => boolean): CrossListMoves {
  // module pairs that cross from one numbered list to another, at one depth: rare, so what follows is paid only for them
  const moves = new Map<string, { from: string; to: string; pairs: KeyPair[] }>();
  for (const p of found) {
    if (p.source === p.target || depth(p.source) !== depth(p.target) || !live(p)) continue;
    for (const [from, to] of memberMoves(p.source, p.target)) {
      if (listSlot(from)![0] === listSlot(to)![0]) continue;
      const id = `${from}\u0000${to}`;
      (moves.get(id) ?? moves.set(id, { from, to, pairs: [] }).get(id)!).pairs.push(p);
    }
  }
  if (moves.size === 0) return { kept: [...found], withheld: [], ties: [] };
  // of the lists moved between, those some of whose members kept their exact names
  const lists = new Set([...moves.values()].flatMap((m) => [listSlot(m.from)![0], listSlot(m.to)![0]]));
  const kept = new Set<string>();
  for (const p of taken) {
    if (p.source !== p.target) continue;
    for (const l of lists) if (!kept.has(l) && memberEnd(p.source, l) >= 0) kept.add(l);
    if (kept.size === lists.size) break;
  }
  const withheld: KeyPair[] = [];
  const out = new Set<KeyPair>();
  const ties: Ambiguity[] = [];
  for (const { from, to, pairs } of moves.values()) {
    const p = listSlot(from)![0];
    const q = listSlot(to)![0];
    if (!kept.has(p) || !kept.has(q) || pairs.some((x) => out.has(x))) continue;
    const lists = new Set([p, q]);
    const sigs = { s: signatures(source, lists), t: signatures(target, lists) };
    const sig = sigs.s.get(from)?.sig;
    if (sig === undefined || sigs.t.get(to)?.sig !== sig) continue;
    const inList = (m: string) => lists.has(listSlot(m)?.[0] ?? '');
    const sOrder = ordered(sigs.s, sig).filter(inList);
    const tOrder = ordered(sigs.t, sig).filter(inList);
    const at = sOrder.indexOf(from);
    // an order-preserving shift pairs the lists position by position: it needs as many look-alikes on
    // each side, and it puts the moved module elsewhere than the pair does
    if (sOrder.length !== tOrder.length || at === tOrder.indexOf(to)) continue;
    const byOrder = tOrder[at]!;
    // the modules whose tensors the two readings give differently: those between the two places, paired by order
    const lo = Math.min(at, tOrder.indexOf(to));
    const hi = Math.max(at, tOrder.indexOf(to));
    const shift = sOrder.slice(lo, hi + 1).map((m, i) => `\`${m}\` → \`${tOrder[lo + i]}\``);
    const differ = shift.length;
    withheld.push(...pairs);
    for (const x of pairs) out.add(x);
    // (a step may give one pair twice)
    const keys = [...new Set(pairs.map((x) => x.source))];
    ties.push({
      keys,
      candidates: [...new Set(pairs.map((x) => x.target)), ...keys.map((k) => byOrder + k.slice(from.length))],
      held: keys.length,
      reason: `a module moved between two numbered lists of look-alikes: \`${from}\` → \`${to}\` (the one left over once the others kept their names), or the lists shifted, the look-alikes paired in state-dict order (${shift.slice(0, 3).join(', ')}${shift.length > 3 ? ', …' : ''}): the same keys either way, and the two readings load other tensors into ${differ} modules; what decides is where the refactor moved the layer: not paired (--rename says which)`,
    });
  }
  if (withheld.length === 0) return { kept: [...found], withheld: [], ties: [] };
  return { kept: found.filter((x) => !out.has(x)), withheld: withheld.flatMap((x) => [x.source, x.target]), ties };
}
