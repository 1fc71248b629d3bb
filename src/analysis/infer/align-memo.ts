/**
 * Module alignment's work divided by repetition (issue 14): a deep model is the same block thousands of
 * times (SD's `input_blocks.N.M` resnets and transformers, each against a diffusers `resnets.J` or
 * `attentions.J`), and align() of two modules reads nothing but what lies below them, relative to them.
 * So align() of a pair of modules whose subtrees are, relative to their own paths, the same as a pair
 * aligned before gives the same pairs with those paths in front: it is run once per such class and
 * replayed for the rest, strings only for the output.
 *
 * Why a replay is exact. A node's form (formOf) is equal for two nodes exactly when their subtrees are the
 * same below them: every key's path relative to the node, its dtype, shape and kind, in the same order,
 * and the children of every node listed in the order their keys come, none interleaved with a sibling's
 * (a node whose children interleave, or that is a key and holds keys, has no form and is never replayed).
 * What align(s, t) reads, and why the form and the memo key fix it:
 *   - names: only below s and t (relative paths, unit words, indexed slots, sibling names, roles), all in
 *     the forms; s's and t's own last segment is in the key (an index as '#': only the parent reads it);
 *   - kinds, signatures and `below` sets: functions of the kinds below, in the forms; shapes and dtypes
 *     (canCorrespond, costs) likewise;
 *   - order: comparisons of `pos` between nodes of one side below s (or t). With no interleaving, which
 *     of two nodes comes first, or whether one holds the other's first key, follows from the tree;
 *   - blockOf(path) of units: a block inside the subtree (relative, in the form), or else the deepest
 *     indexed module above the unit outside it, which is the same for every unit of the call; its
 *     strings are only compared for equality, except that '' (no numbered block) is skipped
 *     (orderRejudged): whether s's and t's paths hold an index is in the key;
 *   - the confidence and parentReordered it is called with, in the key; out.sortedByName, fixed per run;
 *   - out.confidence and out.decided are set by every align() before anything reads them.
 * What it writes is kept as text relative to s and t: pairs and reordered targets. A call that lists a
 * tie, withholds keys or leaves a group open (whose nodes precedents settle later) is never replayed:
 * those hold nodes and texts not kept relative. Checked by test/analysis/infer/align-memo.test.ts,
 * which aligns with and without the memo, and by plan-hashes at 10k, 30k and 100k keys.
 */
import type { KeyPair } from './types.js';

/** what align() needs of a tree node here (modules.ts's Node) */
export interface FormNode {
  path: string;
  key: { key: string; dtype: string | null; shape: readonly number[] | null } | null;
  children: readonly FormNode[];
  pos: number;
  kind?: string;
  /** formOf's answer, once asked (a field, not a map: every node of both trees is asked at scale) */
  form?: number;
  /** the last position of a key below it, set with `form` */
  last?: number;
}

interface Cell {
  next: Map<number | string, Cell> | undefined;
  id: number;
}

/**
 * what a replayable align() wrote, relative to its two nodes: each pair as the places of its two keys among
 * the keys below each node in tree order (equal forms: the same tails at the same places), so a replay
 * writes the keys' own strings, none built
 */
interface Replay {
  pairs: { source: number; target: number; stage: KeyPair['stage']; confidence: number }[];
  reorderedTails: string[];
}

/**
 * Where a call's output lies in `out`, until it is first replayed. align() only appends to `out.pairs` and
 * `out.reorderedTargets` (settledByPrecedent, after every call, filters ties and withheld keys alone), so
 * those ranges hold the call's output until the run ends.
 */
class Written {
  constructor(
    private readonly s: FormNode,
    private readonly t: FormNode,
    private readonly p0: number,
    private readonly p1: number,
    private readonly r0: number,
    private readonly r1: number,
  ) {}

  relative(out: AlignOut): Replay | null {
    return record(out, this.p0, this.p1, this.r0, this.r1, this.s, this.t);
  }
}

/** the output align() writes to, as far as a replay reads and writes it */
export interface AlignOut {
  pairs: KeyPair[];
  ties: unknown[];
  withheld: unknown[];
  open: unknown[];
  reorderedTargets: string[];
}

const NO_FORM = -1;

/** One run's memo: the nodes' forms and align()'s replayable results by the forms it was called with. */
export class AlignMemo {
  private readonly root: Cell = { next: undefined, id: NO_FORM };
  private count = 0;
  private readonly results = new Map<string, Replay | Written | null>();

  /** `replays` false: every call aligned for real (the tests' reference) */
  constructor(private readonly replays = true) {}

  /**
   * align(s, t) through the memo: `run` aligns for real. Leaves and the trees' roots are aligned as
   * they are (a leaf pair is cheaper to align than to look up; a root is aligned once).
   */
  align(s: FormNode, t: FormNode, out: AlignOut, confidence: number, parentReordered: boolean, run: () => void, outerBlock: (path: string) => boolean): void {
    if (!this.replays || (s.children.length === 0 && t.children.length === 0) || s.path === '' || t.path === '') return run();
    const sf = this.formOf(s);
    const tf = sf === NO_FORM ? NO_FORM : this.formOf(t);
    if (tf === NO_FORM) return run();
    const key = `${sf},${tf},${confidence},${parentReordered ? 1 : 0},${outerBlock(s.path) ? 1 : 0},${outerBlock(t.path) ? 1 : 0},${ownSegment(s.path)}\u0000${ownSegment(t.path)}`;
    let known = this.results.get(key);
    if (known === null) return run();
    if (known !== undefined) {
      // kept relative at its first repeat: most calls (a model's upper modules) are never met again
      if (known instanceof Written) this.results.set(key, (known = known.relative(out)));
      if (known) return replay(known, s, t, out);
      return run();
    }
    const [p0, t0, w0, o0, r0] = [out.pairs.length, out.ties.length, out.withheld.length, out.open.length, out.reorderedTargets.length];
    run();
    const kept = out.ties.length === t0 && out.withheld.length === w0 && out.open.length === o0;
    this.results.set(key, kept ? new Written(s, t, p0, out.pairs.length, r0, out.reorderedTargets.length) : null);
  }

  /**
   * The node's form: an id equal for two nodes whose subtrees are the same relative to them (see the
   * file's comment), NO_FORM where its children interleave or it is a key that holds keys.
   */
  formOf(n: FormNode): number {
    if (n.form !== undefined) return n.form;
    let form = NO_FORM;
    let last = n.pos;
    if (!(n.key && n.children.length > 0)) {
      // a key: its dtype (never ''), rank, dims and kind, read as tokens (no text per key); a module: ''
      let cell = this.root;
      if (n.key) {
        const shape = n.key.shape;
        cell = step(step(cell, n.key.dtype ?? '?'), shape ? shape.length : -1);
        if (shape) for (const d of shape) cell = step(cell, d);
        cell = step(cell, n.kind ?? '');
      } else cell = step(cell, '');
      let ok = true;
      let before = -Infinity;
      for (const c of n.children) {
        const f = this.formOf(c);
        if (f === NO_FORM || c.pos <= before) {
          ok = false;
          break;
        }
        before = c.last!;
        cell = step(step(cell, segmentOf(c.path)), f);
      }
      if (ok) {
        if (cell.id === NO_FORM) cell.id = this.count++;
        form = cell.id;
        last = n.children.length > 0 ? before : n.pos;
      }
    }
    n.form = form;
    n.last = last;
    return form;
  }
}

function step(cell: Cell, token: number | string): Cell {
  let next = cell.next;
  if (next === undefined) cell.next = next = new Map();
  let c = next.get(token);
  if (c === undefined) next.set(token, (c = { next: undefined, id: NO_FORM }));
  return c;
}

const segmentOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** a node's own last segment as the memo key holds it: an index segment as '#' (only the parent's call reads its value) */
function ownSegment(path: string): string {
  const seg = segmentOf(path);
  return seg !== '' && /^\d+$/.test(seg) ? '#' : seg;
}

/** the text after `base` of `path` under it ('.rest', or '' for base itself), null when not under it */
function tailUnder(path: string, base: string): string | null {
  if (!path.startsWith(base)) return null;
  if (path.length === base.length) return '';
  return path.charCodeAt(base.length) === 46 /* . */ ? path.slice(base.length) : null;
}

/** the keys below a node (itself, where a key), in tree order: the order a form lists them in */
function keysBelow(n: FormNode, into: string[]): string[] {
  if (n.key) into.push(n.key.key);
  for (const c of n.children) keysBelow(c, into);
  return into;
}

function record(out: AlignOut, p0: number, p1: number, r0: number, r1: number, s: FormNode, t: FormNode): Replay | null {
  const sPlace = new Map(keysBelow(s, []).map((k, i) => [k, i]));
  const tPlace = new Map(keysBelow(t, []).map((k, i) => [k, i]));
  const pairs: Replay['pairs'] = [];
  for (let i = p0; i < p1; i++) {
    const pair = out.pairs[i]!;
    const source = sPlace.get(pair.source);
    const target = tPlace.get(pair.target);
    if (source === undefined || target === undefined) return null;
    pairs.push({ source, target, stage: pair.stage, confidence: pair.confidence });
  }
  const reorderedTails: string[] = [];
  for (let i = r0; i < r1; i++) {
    const tail = tailUnder(out.reorderedTargets[i]!, t.path);
    if (tail === null) return null;
    reorderedTails.push(tail);
  }
  return { pairs, reorderedTails };
}

function replay(r: Replay, s: FormNode, t: FormNode, out: AlignOut): void {
  if (r.pairs.length > 0) {
    const sKeys = keysBelow(s, []);
    const tKeys = keysBelow(t, []);
    // the fields in the order align() writes them (the plan is serialised as written)
    for (const p of r.pairs) out.pairs.push({ source: sKeys[p.source]!, target: tKeys[p.target]!, stage: p.stage, confidence: p.confidence });
  }
  for (const tail of r.reorderedTails) out.reorderedTargets.push(t.path + tail);
}
