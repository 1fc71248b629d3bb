/**
 * Look-alikes that lie under different named children of the aligned module (OpenAI CLIP's `visual.*`
 * and text `transformer.*` layer norms against HF's `text_model.*` and `vision_model.*`; LDM's
 * `middle_block` against diffusers' `down_blocks.3` and `mid_block`) are never paired by their order
 * across those children: the two sides define the children in their own order (OpenAI lists the vision
 * tower first, HF the text tower; diffusers registers `up_blocks` before `mid_block`), so a rank says
 * nothing about which child is which. Each source child gets the target child the evidence singles out:
 *   - its home, where the unique parts already paired (orderFree: `visual.conv1` is
 *     `vision_model.embeddings.patch_embedding`) send a strict majority of its keys;
 *   - else the one target child whose name shares a word with its own that the other candidates'
 *     names do not (`middle` ~ `mid`; `block(s)`, in every candidate, says nothing);
 *   - else the one target child of the group no home of its other source children claims (elimination), or,
 *     where one source child is left, the target children no home claims, together.
 * The look-alikes are then paired inside each (source child, target child) cell, where order is the
 * order of one module's parts again; a source child none of this singles out is left to names alone,
 * and what they do not tell apart is listed with its candidates (modules.ts singledOut), never guessed.
 */
import { majorityHomes } from './majority-homes.js';
import { isIndexAt, ownWords, wordsOf } from '../key-tokens.js';
import { tokenSimilarity } from './similarity.js';
import { segmentOf, type Group, type Node } from './modules.js';

/** a word pair this alike is one word (`block` and `blocks`, `mid` and `middle`) */
const SAME_WORD = 0.8;

/**
 * The named child of `parent` a unit lies under: the first segment of its path below the parent;
 * '' where that segment is an index (a member of the parent's own sequence: one child for all).
 */
export function childOf(u: { path: string }, parent: { path: string }): string {
  const from = parent.path ? parent.path.length + 1 : 0;
  let end = u.path.indexOf('.', from);
  if (end < 0) end = u.path.length;
  return isIndexAt(u.path, from, end) ? '' : u.path.slice(from, end);
}

/** whether a unit lies strictly below the child of `parent` that holds it */
const inside = (u: Node, parent: Node) => {
  const name = childOf(u, parent);
  return name !== '' && u.path.length > (parent.path ? parent.path.length + 1 : 0) + name.length;
};

/** the words of a child's name */
const words = (name: string) => ownWords(wordsOf(name));

/**
 * The target child, among `candidates`, whose name alone shares a word with `name`: words that every
 * candidate shares with it say nothing. Null when none or several.
 */
function namedHome(name: string, candidates: readonly string[]): string | null {
  if (name === '' || candidates.length < 2) return null;
  const own = words(name);
  const theirs = candidates.map(words);
  const alike = (w: string, ws: readonly string[]) => ws.some((x) => tokenSimilarity(w, x) >= SAME_WORD);
  const telling = own.filter((w) => !theirs.every((ws) => alike(w, ws)));
  const hits = candidates.filter((_, i) => telling.some((w) => alike(w, theirs[i]!)));
  return hits.length === 1 ? hits[0]! : null;
}

/** Where each source child's already-paired unique parts went: a strict majority of their keys, else none. */
function homesOf(anchors: readonly (readonly [Node, Node])[], s: Node, t: Node): Map<string, string> {
  return majorityHomes(anchors, (u) => childOf(u, s), (v) => childOf(v, t), (u) => u.size);
}

/** look-alikes one source child (or several) and its target child hold, with the nodes their names are read below */
export interface HomeCell {
  g: Group;
  s: Node;
  t: Node;
}

export interface HomeCells {
  /** order pairs the look-alikes of a cell */
  cells: HomeCell[];
  /** the source units whose child nothing singled out, with the target units no decided child claims: names alone decide */
  open: Group | null;
}

/**
 * Whether the parts already paired without order (unique signatures, names) come in another order on
 * the two sides: the module defines its children in its own order on each side.
 */
export function anchorsCross(anchors: readonly (readonly [Node, Node])[]): boolean {
  const sorted = [...anchors].sort((a, b) => a[0].pos - b[0].pos);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]![1].pos < sorted[i - 1]![1].pos) return true;
  return false;
}

/**
 * A group of look-alikes cut into cells by the children that hold them (see above), in a module whose
 * children the two sides define in another order. Null where the group lies in one child on each side
 * (a module's own parts, a sequence's members): order stands.
 */
export function cellsByHome(g: Group, s: Node, t: Node, anchors: readonly (readonly [Node, Node])[]): HomeCells | null {
  const sChild = g.s.map((u) => childOf(u, s));
  const tChild = g.t.map((v) => childOf(v, t));
  const sNames = [...new Set(sChild)];
  const tNames = [...new Set(tChild)];
  if (sNames.length < 2 && tNames.length < 2) return null;
  // look-alikes that are the children themselves (`norm1`, `norm2`; `q`, `k`, `v`) are the module's own
  // parts: names, numbers and roles tell those apart (modules.ts's twins), not the children's homes
  if (!g.s.some((u) => inside(u, s)) && !g.t.some((v) => inside(v, t))) return null;
  const homes = homesOf(anchors, s, t);
  const home = new Map<string, string>();
  for (const a of sNames) {
    const h = homes.get(a);
    if (h !== undefined && tNames.includes(h)) home.set(a, h);
  }
  for (const a of sNames) {
    if (home.has(a)) continue;
    const h = namedHome(a, tNames);
    if (h !== null) home.set(a, h);
  }
  // elimination: the one target child of the group that no home of the group's source children claims
  // (homes beside the group say nothing: HF's `model.*` holds the layers and the embedding alike)
  const claimed = new Set<string>(home.values());
  const free = tNames.filter((b) => !claimed.has(b));
  if (free.length === 1) for (const a of sNames) if (!home.has(a)) home.set(a, free[0]!);
  // nothing here says which child is which (opaque names, no anchor): this rule has no evidence to add,
  // and cutting the group would only unpair what the module's other evidence pairs (FLUX with opaque
  // target names: every block lost). Order stands there, as before; a known limit
  if (home.size === 0) return null;
  const cells = new Map<string, Group>();
  const open: Group = { s: [], t: [] };
  g.s.forEach((u, i) => {
    const h = home.get(sChild[i]!);
    if (h === undefined) open.s.push(u);
    else (cells.get(h) ?? cells.set(h, { s: [], t: [] }).get(h)!).s.push(u);
  });
  g.t.forEach((v, j) => {
    const cell = cells.get(tChild[j]!);
    if (cell) cell.t.push(v);
    else open.t.push(v);
  });
  // one source child left open against the target children no home claims: they are all it can be
  const openChildren = new Set(open.s.map((u) => childOf(u, s)));
  if (openChildren.size === 1 && free.length > 0) {
    const rest = open.t.filter((v) => free.includes(childOf(v, t)));
    if (rest.length > 0) {
      cells.set('\u0000open', { s: open.s, t: rest });
      open.s = [];
    }
  }
  // a cell of one source child against several look-alikes a wrapper child holds (`patch_embed1.norm` against all of
  // `pvt.*`'s norms) has not found the source child's counterpart, only a container of it: there the source child's own
  // name (`patch_embed`) is the evidence, so names are read below the aligned module, not below the cell. Only one source
  // child: a cell of several on each side (CLIP's towers of equal width, test/python/twin-subtrees.test.ts) is a real
  // pairing of homes whose names are read below them, else the towers cross
  const cut = [...cells.values()].filter((c) => c.t.length > 0).map((c) => (c.s.length === 1 && c.t.length > 1 ? { g: c, s, t } : { g: c, s: below(c.s, s), t: below(c.t, t) }));
  return { cells: cut, open: open.s.length > 0 ? open : null };
}

/**
 * The child of `parent` all `units` lie strictly inside, else the parent: a cell's names are read below
 * the children already matched, whose own words (`visual`, `vision_model`) would only add noise (`v_proj`'s
 * `v` read as the start of `visual`).
 */
function below(units: readonly Node[], parent: Node): Node {
  const name = childOf(units[0]!, parent);
  if (name === '' || units.some((u) => childOf(u, parent) !== name || !inside(u, parent))) return parent;
  return parent.children.find((c) => segmentOf(c) === name) ?? parent;
}
