/**
 * Look-alikes named after a sibling module (MusicGen's `norm_cross` beside `cross_attention`; HF's
 * `encoder_attn_layer_norm` beside `encoder_attn`): where names alone do not say which look-alike is which
 * (`norm_cross` and `encoder_attn_layer_norm` share no word), the sibling each is named after does, once that
 * sibling's counterpart is decided (`cross_attention` went to `encoder_attn`): a counterpart already decided,
 * not order. A unit's namesake is the one sibling, outside its group, that shares the most of the unit's telling
 * words (words of its own name that not every other unit of the group has: `cross`, not `norm`), and it
 * carries all of them; none or a tie
 * is no namesake, and the unit stays to the other evidence. Where the other side's look-alikes are named after
 * nothing but each lies in a module of its own (HF T5's `layer.0.layer_norm`), the one in the module the
 * namesake went to is its counterpart (besideCounterparts).
 */
import { commonPrefixLength, ownWords, wordsOf } from '../key-tokens.js';
import { childOf } from './twin-homes.js';
import { segmentOf, type Group, type Node } from './modules.js';

/** a word that names something: letters only, three or more (`1`, `kv` and `fc` say too little to tie a unit to a sibling) */
const NAMING = /^[a-z]{3,}$/;

const namingWords = (name: string) => ownWords(wordsOf(name)).filter((w) => NAMING.test(w));

/**
 * The words of a name, with the module a `pre_` names (T5X's `pre_attention_layer_norm` is the attention's
 * own norm, in its residual branch), not one a `post_` / `after_` names (`post_attention_layernorm` is the
 * MLP's): besideCounterparts reads a look-alike's namesake with these
 */
const branchWords = (name: string) => {
  const ws = wordsOf(name);
  return ws.filter((w, i) => NAMING.test(w) && !(i > 0 && i < ws.length - 1 && AFTER.has(ws[i - 1]!)));
};
const AFTER = new Set(['post', 'after']);

/** The sibling of `u` under `parent` it is named after, or null (see above). */
function namesakeOf(u: Node, units: readonly Node[], parent: Node, words = namingWords): Node | null {
  const own = segmentOf(u);
  if (u.path !== (parent.path ? `${parent.path}.${own}` : own)) return null;
  const others = units.filter((x) => x !== u).map((x) => new Set(words(segmentOf(x))));
  const telling = words(own).filter((w) => !others.every((ws) => ws.has(w)));
  if (telling.length === 0) return null;
  const inGroup = new Set(units.map((x) => x.path));
  let best: Node | null = null;
  let bestScore = 0;
  let tie = false;
  for (const c of parent.children) {
    if (inGroup.has(c.path)) continue;
    const words = new Set(namingWords(segmentOf(c)));
    // it carries every telling word (`encoder_attn` is not `self_attn_layer_norm`'s, though both say `attn`)
    const score = telling.every((w) => words.has(w)) ? telling.length : 0;
    if (score > bestScore) [best, bestScore, tie] = [c, score, false];
    else if (score > 0 && score === bestScore) tie = true;
  }
  return tie ? null : best;
}

/** The named child of `t` that every decided pair from inside `c` went to, or null when none or several. */
function counterpartChild(c: Node, decided: readonly (readonly [Node, Node, ...unknown[]])[], t: Node): string | null {
  let found: string | null = null;
  for (const [a, b] of decided) {
    if (a.path !== c.path && !a.path.startsWith(`${c.path}.`)) continue;
    const name = childOf(b, t);
    if (name === '' || (found !== null && found !== name)) return null;
    found = name;
  }
  return found;
}

/**
 * Pairs of the group's units `left` (source) and `free` (target) whose namesakes correspond: the source
 * unit's namesake went (every decided pair from inside it) to the very sibling the target unit is named
 * after, and no other unit of either side claims that sibling.
 */
export function byNamesakes(g: Group, left: readonly Node[], free: readonly Node[], s: Node, t: Node, decided: readonly (readonly [Node, Node, ...unknown[]])[]): [Node, Node][] {
  if (left.length === 0 || free.length === 0 || decided.length === 0) return [];
  const claims = new Map<string, Node[]>();
  for (const u of left) {
    const n = namesakeOf(u, g.s, s);
    const to = n && counterpartChild(n, decided, t);
    if (to) (claims.get(to) ?? claims.set(to, []).get(to)!).push(u);
  }
  if (claims.size === 0) return besideCounterparts(g, left, free, s, t, decided, []);
  const named = new Map<string, Node[]>();
  for (const v of free) {
    const n = namesakeOf(v, g.t, t);
    if (n) (named.get(segmentOf(n)) ?? named.set(segmentOf(n), []).get(segmentOf(n))!).push(v);
  }
  const out: [Node, Node][] = [];
  for (const [to, us] of claims) {
    const vs = named.get(to);
    if (us.length === 1 && vs?.length === 1) out.push([us[0]!, vs[0]!]);
  }
  out.push(...besideCounterparts(g, left, free, s, t, decided, out));
  return out;
}

/**
 * Target look-alikes named after nothing, each inside a module of its own below `t` (T5's `layer.0.layer_norm`
 * beside `layer.0.SelfAttention`, `layer.1.layer_norm` beside `layer.1.DenseReluDense`): the source unit goes
 * to the one whose module holds where its namesake went (T5X's `pre_attention_layer_norm` is `attention`'s,
 * which went to `layer.0.SelfAttention`). One claimant for one such look-alike, or nothing.
 */
function besideCounterparts(g: Group, left: readonly Node[], free: readonly Node[], s: Node, t: Node, decided: readonly (readonly [Node, Node, ...unknown[]])[], done: readonly [Node, Node][]): [Node, Node][] {
  const used = new Set(done.flatMap(([a, b]) => [a, b]));
  const claimants = new Map<Node, Node[]>();
  for (const u of left) {
    if (used.has(u)) continue;
    const n = namesakeOf(u, g.s, s, branchWords);
    const home = n && counterpartHome(n, decided);
    if (!home) continue;
    const vs = free.filter((v) => !used.has(v) && namesakeOf(v, g.t, t) === null && holds(moduleAround(v), home, t));
    if (vs.length === 1) (claimants.get(vs[0]!) ?? claimants.set(vs[0]!, []).get(vs[0]!)!).push(u);
  }
  const out: [Node, Node][] = [];
  for (const [v, us] of claimants) if (us.length === 1) out.push([us[0]!, v]);
  return out;
}

/** the path of the module a unit lies in */
function moduleAround(v: Node): string {
  const dot = v.path.lastIndexOf('.');
  return dot < 0 ? '' : v.path.slice(0, dot);
}

/** `m` is a module below `t` (not `t` itself, where every look-alike lies) and `home` is it or lies inside it */
function holds(m: string, home: string, t: Node): boolean {
  if (m.length <= t.path.length || !(t.path === '' || m.startsWith(`${t.path}.`))) return false;
  return home === m || home.startsWith(`${m}.`);
}

/** The longest path every decided pair from inside `c` went under, or null when none went anywhere. */
function counterpartHome(c: Node, decided: readonly (readonly [Node, Node, ...unknown[]])[]): string | null {
  let home: string[] | null = null;
  for (const [a, b] of decided) {
    if (a.path !== c.path && !a.path.startsWith(`${c.path}.`)) continue;
    const segs = b.path.split('.');
    home = home === null ? segs : home.slice(0, commonPrefixLength(home, segs));
  }
  return home && home.length > 0 ? home.join('.') : null;
}
