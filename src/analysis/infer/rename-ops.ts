/**
 * Step 6b: regex renames that take each remaining key to its target, as few as possible. The renames
 * form a pipeline (each sees the names the previous ones left), so they compose: Detectron2's
 * `layer1` → `res2` and `bn1` → `conv1.norm` are two ops for every block, not one op per block and
 * module. Greedy: every round, the pairs still apart propose renames (rename-candidates.ts) and the
 * one that moves most keys is taken — if it is safe:
 *   - every name it matches belongs to a key still on its way, and brings that key strictly closer to
 *     its target (longer common head + tail: progress from the outside in, so it never undoes one),
 *     writing only text that is the target's own (it lands in the common head or tail);
 *   - it makes no two keys share a name.
 * So no op moves a key it should not, and each matches at least one key. What no general rename
 * reaches ends with exact renames; keys that swap names cannot be expressed and are reported.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { compileReplacement as expander, type Expander } from './regex.js';
import { exactRename, proposeRenames, type RenameCandidate } from './rename-candidates.js';
import { arithmeticRenames } from './index-arithmetic.js';
import { gluedIndexAt, isIndexAt } from '../key-tokens.js';
import { anchoredLiteral } from '../op-vocabulary.js';
import { NamePrefixIndex } from '../name-prefix-index.js';

/** Where nextIndex's index starts, where its digits start and where it ends (scratch: no object per index). */
let indexSeg = 0;
let indexDigits = 0;
let indexEnd = 0;

/**
 * Is there an index of `name` at or after `from` — a whole index segment (`3`) or one glued to a name
 * (`layer3`, key-tokens' gluedIndexAt)? Where its segment starts, where its digits start and where it
 * ends (the next dot or the end) are left in indexSeg, indexDigits and indexEnd.
 */
function nextIndex(name: string, from: number): boolean {
  while (from <= name.length) {
    let dot = name.indexOf('.', from);
    if (dot < 0) dot = name.length;
    if (isIndexAt(name, from, dot)) {
      indexSeg = indexDigits = from;
      indexEnd = dot;
      return true;
    }
    const stem = gluedIndexAt(name, from, dot);
    if (stem >= 0) {
      indexSeg = from;
      indexDigits = from + stem;
      indexEnd = dot;
      return true;
    }
    from = dot + 1;
  }
  return false;
}

/**
 * Does the goal carry the name's indices unchanged: each of its indices, in order, the name's index at
 * the same place, with the same value and glued to the same name (the name may have more: `w1` of an
 * expert that becomes `gate_proj`)? Then there is nothing to compute and the arithmetic renames skip the
 * pair. Compared in place, without building either list: this runs over every key still apart
 * (1,000,000 at scale).
 */
function sameIndices(name: string, goal: string): boolean {
  let i = nextIndex(name, 0);
  let iSeg = indexSeg;
  let iDigits = indexDigits;
  let iEnd = indexEnd;
  let j = nextIndex(goal, 0);
  while (j) {
    const jSeg = indexSeg;
    const jEnd = indexEnd;
    if (!i) return false;
    if (iDigits - iSeg !== indexDigits - jSeg || iEnd - iDigits !== jEnd - indexDigits) return false;
    // the same text (the lengths are equal)
    for (let x = iSeg, y = jSeg; y < jEnd; x++, y++) if (name.charCodeAt(x) !== goal.charCodeAt(y)) return false;
    i = nextIndex(name, iEnd + 1);
    iSeg = indexSeg;
    iDigits = indexDigits;
    iEnd = indexEnd;
    j = nextIndex(goal, jEnd + 1);
  }
  return true;
}

/** The literal text of a generated pattern's segments (for the cheap pre-test before the regex). */
function literalsOf(pattern: string): string[] {
  return pattern.replace(/^\^/, '').split('\\.').filter((s) => /^[\w-]+$/.test(s));
}

type RenameOp = Extract<PlanOp, { op: 'rename' }>;

export interface RenameOpsResult {
  ops: RenameOp[];
  covers: string[][];
  /** pairs no safe rename expresses (e.g. two keys swapping names) */
  unexpressed: string[];
  /**
   * what the ops make of each name of `universe`, beside it, as the search followed them (every key each
   * op matches moved, no other); and the longest name any of them had on the way (the ops' regexes, run
   * natively on names that long, match as the search's did: regex.ts nativeUpTo)
   */
  final: string[];
  longest: number;
  /**
   * (speed only) per op, the indices of `universe` it moved, ascending, as the search followed them —
   * what a run of the ops over `universe` finds when their regexes match natively as the search's did
   * (merge-renames.ts takes them instead of that run); absent when two names of `universe` are one
   */
  moved?: number[][];
}

/** Above this many keys still apart, a round proposes from an even sample of them. */
const PROPOSERS_PER_ROUND = 1500;
const MAX_ROUNDS = 2000;
/** proposers whose proposals are kept between rounds (a few rounds' samples; the memo is cleared beyond) */
const PROPOSALS_KEPT = 8 * PROPOSERS_PER_ROUND;
/** candidates ranked per round, the most proposed first */
const SHORTLIST = 48;
const DOT = 46;
/** below this many names, a scan of them all is as quick as an index */
const PREFIX_INDEX_MIN_KEYS = 2000;
/**
 * anchored evaluations answered by a scan before the index is built: plans of many ops need it, plans of
 * a few tens do not (a scan is one `includes` per name; the index, once built, four set updates per key
 * each op moves: at 8, the 29- and 54-op plans of LeViT and SD UNet at 100,000 keys paid that for no gain)
 */
const PREFIX_INDEX_AFTER_SCANS = 64;

/** A literal every name the candidate matches contains: a cheap test before the regex. */
function longestLiteral(cand: RenameCandidate): string {
  return cand.literals.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function dots(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === DOT) n++;
  return n;
}

export function segmentCount(name: string): number {
  let n = 1;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === DOT) n++;
  return n;
}

/** What two names share at each end: whole segments, and the characters those cover (dots included). */
interface Ends {
  /** segments outside the common head and tail (prefix-ops' segmentDistance) */
  distance: number;
  headChars: number;
  tailChars: number;
}

/** What a candidate does to one key (KeyState.step). */
const SKIP = 0;
const REFUSE = 1;
const MOVE = 2;
/** keys that refused recent candidates, kept to be tried first */
const SUSPECTS = 16;
/** evaluate and movesEach look at every STRIDE-th key first, where there are many: a refusal is met early */
const STRIDE = 64;

/** What the last endsOf found besides the distance (scratch: no object per call, 100,000 calls a scan). */
let lastHeadChars = 0;
let lastTailChars = 0;

/**
 * The common head and tail of two names, computed on the strings themselves: this runs for every key
 * a candidate touches, 100,000 times at scale. Returns the distance; the characters the head and tail
 * cover are left in lastHeadChars and lastTailChars.
 */
function endsOf(a: string, b: string, na: number, nb: number): number {
  if (a === b) {
    lastHeadChars = lastTailChars = a.length;
    return 0;
  }
  let cp = 0;
  let headChars = 0;
  let i = 0;
  for (; i < a.length && i < b.length; i++) {
    const c = a.charCodeAt(i);
    if (c !== b.charCodeAt(i)) break;
    if (c === DOT) {
      cp++;
      headChars = i + 1;
    }
  }
  // one name ends where the other has a dot: that last segment is common too
  if ((i === a.length && b.charCodeAt(i) === DOT) || (i === b.length && a.charCodeAt(i) === DOT)) {
    cp++;
    headChars = i;
  }
  const room = Math.min(na, nb) - cp;
  let cs = 0;
  let tailChars = 0;
  for (let x = a.length - 1, y = b.length - 1; x >= 0 && y >= 0 && cs < room; x--, y--) {
    const c = a.charCodeAt(x);
    if (c !== b.charCodeAt(y)) break;
    if (c === DOT) {
      cs++;
      tailChars = a.length - x;
    } else if (x === 0 || y === 0) {
      if ((x === 0 || a.charCodeAt(x - 1) === DOT) && (y === 0 || b.charCodeAt(y - 1) === DOT)) {
        cs++;
        tailChars = a.length - x;
      }
      break;
    }
  }
  lastHeadChars = headChars;
  lastTailChars = tailChars;
  return na + nb - 2 * (cp + cs);
}

/** The common head and tail of two names (endsOf, as an object). */
export function commonEnds(a: string, b: string, na = segmentCount(a), nb = segmentCount(b)): Ends {
  const distance = endsOf(a, b, na, nb);
  return { distance, headChars: lastHeadChars, tailChars: lastTailChars };
}

export function nameDistance(a: string, b: string, na = segmentCount(a), nb = segmentCount(b)): number {
  return endsOf(a, b, na, nb);
}

/**
 * How far `next` (the name after a rename that wrote [from, to)) is from the goal, or -1 when the
 * rename wrote anything that is not the goal's own text: what it writes must end up in the common
 * head or the common tail, so a rename is never right by coincidence of a few segments.
 */
function progress(next: string, nextCount: number, from: number, to: number, goal: string, goalCount: number): number {
  const distance = endsOf(next, goal, nextCount, goalCount);
  if (distance === 0) return 0;
  const headChars = lastHeadChars;
  if (from >= next.length - lastTailChars) return distance;
  if (to > headChars) return -1;
  // A head that stops right before the goal's module index, with another number there, is cut in
  // the wrong place (`input_blocks.4.` → `down_blocks.` leaves `0.` where the goal has `1.`).
  const c = goal.charCodeAt(headChars);
  return headChars === to && c >= 48 && c <= 57 ? -1 : distance;
}

/**
 * What a rename does: key ids, their new names, segment counts and distances, index by index. The
 * numbers are views of the state's buffers (no arrays grown per evaluation, 100,000 entries at scale):
 * valid until the next evaluation.
 */
interface Moves {
  ids: Int32Array;
  names: string[];
  counts: Int32Array;
  dists: Int32Array;
}

/**
 * The keys still apart from their goals, ascending: keys only ever leave it (a key once at its goal is
 * never moved again), so a flag per key lists them in the order a set filled in id order would.
 */
class Apart {
  private readonly flags: Uint8Array;
  size = 0;
  constructor(n: number) {
    this.flags = new Uint8Array(n);
  }
  add(id: number): void {
    if (this.flags[id]) return;
    this.flags[id] = 1;
    this.size++;
  }
  delete(id: number): void {
    if (!this.flags[id]) return;
    this.flags[id] = 0;
    this.size--;
  }
  list(): number[] {
    const out: number[] = [];
    for (let id = 0; out.length < this.size; id++) if (this.flags[id]) out.push(id);
    return out;
  }

  /**
   * An even sample of n of them (every one when no more): the one at rank ⌊i·size/n⌋ for each i, read
   * off the flags without listing them all (a round's list of 100,000 ids, for 1,500 of them).
   */
  sample(n: number): number[] {
    if (this.size <= n) return this.list();
    const step = this.size / n;
    const out: number[] = [];
    for (let id = 0, rank = 0; out.length < n; id++) {
      if (!this.flags[id]) continue;
      // the ranks wanted rise by more than one (step > 1): at most one i wants this rank
      if (rank === Math.floor(out.length * step)) out.push(id);
      rank++;
    }
    return out;
  }
}

/** Every key's name now, its goal (null: it must not move), and how far it still is. */
class KeyState {
  readonly names: string[];
  readonly goals: (string | null)[];
  /** typed arrays: small integers, 1,000,000 of each at scale, nothing for the collector to trace */
  readonly goalCounts: Int32Array;
  /** segments in each name now */
  readonly counts: Int32Array;
  readonly dist: Int32Array;
  readonly owner: Map<string, number>;
  readonly apart: Apart;
  /** which ids the check in progress moves (stamped with that check's number) */
  private readonly stamp: Int32Array;
  private check = 0;
  /**
   * What the last movesEach that said yes found for its ids (stamped with its check number, `reusable`
   * while `reusableFor` is its candidate): evaluate of that candidate, asked next, takes them instead
   * of matching those names again — an arithmetic proposal's ids are most of the keys it moves.
   */
  private readonly found: Int32Array;
  private readonly foundNames: string[];
  private readonly foundCounts: Int32Array;
  private readonly foundDists: Int32Array;
  /** evaluate's buffers (Moves) */
  private readonly moveIds: Int32Array;
  private readonly moveCounts: Int32Array;
  private readonly moveDists: Int32Array;
  private reusable = -1;
  private reusableFor: RenameCandidate | null = null;
  /** keys that refused recent candidates (evaluate tries them first) */
  private readonly suspects: number[] = [];
  /** step's results for a key it moves */
  private stepName = '';
  private stepCount = 0;
  private stepDist = 0;
  private prefixes: NamePrefixIndex<number> | null = null;
  /** the longest name held so far */
  longest = 0;
  /** anchored look-ups answered by a full scan so far (the index is built past PREFIX_INDEX_AFTER_SCANS) */
  private scans = 0;

  /**
   * names: every key's name now, each once; owner: name → its index in `names` (taken over, not
   * copied: at scale a second map of 1,000,000 names is ~50 MB). The arrays are taken over too.
   */
  constructor(names: string[], goals: (string | null)[], owner: Map<string, number>, optional: ReadonlySet<number> = new Set()) {
    this.names = names;
    this.goals = goals;
    this.owner = owner;
    const n = names.length;
    this.apart = new Apart(n);
    this.goalCounts = new Int32Array(n);
    this.counts = new Int32Array(n);
    this.dist = new Int32Array(n);
    this.stamp = new Int32Array(n);
    this.found = new Int32Array(n);
    this.foundNames = new Array<string>(n);
    this.foundCounts = new Int32Array(n);
    this.foundDists = new Int32Array(n);
    this.moveIds = new Int32Array(n);
    this.moveCounts = new Int32Array(n);
    this.moveDists = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const goal = goals[i]!;
      this.counts[i] = segmentCount(name);
      if (name.length > this.longest) this.longest = name.length;
      this.goalCounts[i] = goal === null ? 0 : segmentCount(goal);
      // 0 for a key that is where it belongs, or must stay where it is
      this.dist[i] = goal === null ? 0 : nameDistance(name, goal, this.counts[i], this.goalCounts[i]);
      // an optional key (a rider) may be moved towards its goal, but is never what a round works for
      if (goal !== null && name !== goal && !optional.has(i)) this.apart.add(i);
    }
  }

  /**
   * How many of `ids` (keys still apart) the candidate moves, and how much closer they get; null when
   * it would move one of them the wrong way. A cheap estimate on a sample: `evaluate` decides.
   */
  estimate(re: RegExp, expand: Expander, ids: readonly number[]): { count: number; gain: number } | null {
    let count = 0;
    let gain = 0;
    for (const id of ids) {
      const name = this.names[id]!;
      const m = re.exec(name);
      if (!m) continue;
      const written = expand(m);
      if (written === undefined) continue;
      const next = name.slice(0, m.index) + written + name.slice(m.index + m[0].length);
      const d = progress(next, this.counts[id]! - dots(m[0]) + dots(written), m.index, m.index + written.length, this.goals[id]!, this.goalCounts[id]!);
      if (d < 0 || d >= this.dist[id]!) return null;
      count++;
      gain += this.dist[id]! - d;
    }
    return count ? { count, gain } : null;
  }

  /**
   * What the candidate does to every key, or null when it is unsafe or moves nothing. `total`: also null
   * when it matches a name its index arithmetic cannot apply to (a capture going negative): the plan's
   * executor leaves such a name alone, but a script written from the plan (emit-python) would not.
   * Whether a new name is taken is commit's to check: the moves are valid until the next evaluation.
   */
  evaluate(cand: RenameCandidate, re: RegExp, expand: Expander, total = false): Moves | null {
    const needle = longestLiteral(cand);
    const names: string[] = [];
    const { moveIds, moveCounts, moveDists } = this;
    let len = 0;
    const stamp = ++this.check;
    // movesEach's findings on this candidate, once (the state has not changed since)
    const reuse = this.reusableFor === cand ? this.reusable : -1;
    this.reusableFor = null;
    // a rename anchored on a literal start concerns only the names starting so: looked up, in id order
    const ids = this.candidates(anchoredLiteral(cand.pattern));
    // The keys that refused the last candidates first: a refusal anywhere refuses the candidate, and
    // candidates that fail (most of those index arithmetic tries) fail on the same few keys (a first
    // block whose index would go negative), so their scan of every name is spared. A key these
    // candidates cannot match is one the scan below skips too.
    for (const id of this.suspects) if (this.step(id, needle, re, expand, total) === REFUSE) return null;
    const n = ids ? ids.length : this.names.length;
    // Then every STRIDE-th key: most candidates tried are refused (of SD UNet's arithmetic proposals at
    // 100,000 keys, two in three), by keys that sit together (a block range), and the scan of every key
    // below met them only where they are. A refusal anywhere refuses the candidate, so the answer is the
    // same; a candidate that stands pays one key in STRIDE twice.
    if (n >= STRIDE * 4) {
      for (let x = STRIDE - 1; x < n; x += STRIDE) {
        const id = ids ? ids[x]! : x;
        if (this.found[id] === reuse) continue;
        if (this.step(id, needle, re, expand, total) === REFUSE) {
          this.suspect(id);
          return null;
        }
      }
    }
    for (let x = 0; x < n; x++) {
      const id = ids ? ids[x]! : x;
      if (this.found[id] === reuse) {
        moveIds[len] = id;
        moveCounts[len] = this.foundCounts[id]!;
        moveDists[len++] = this.foundDists[id]!;
        names.push(this.foundNames[id]!);
        this.stamp[id] = stamp;
        continue;
      }
      const r = this.step(id, needle, re, expand, total);
      if (r === SKIP) continue;
      if (r === REFUSE) {
        this.suspect(id);
        return null;
      }
      moveIds[len] = id;
      moveCounts[len] = this.stepCount;
      moveDists[len++] = this.stepDist;
      names.push(this.stepName);
      this.stamp[id] = stamp;
    }
    if (len === 0) return null;
    return { ids: moveIds.subarray(0, len), names, counts: moveCounts.subarray(0, len), dists: moveDists.subarray(0, len) };
  }

  /**
   * What the candidate does to one key, as evaluate reads it: SKIP (it does not concern the key, or
   * its arithmetic has no index there and the rename need not be total), REFUSE (the key must stay, is
   * done already, or would not come strictly closer: the candidate is unsafe), or MOVE, the new name,
   * its segments and its distance left in stepName, stepCount and stepDist.
   */
  private step(id: number, needle: string, re: RegExp, expand: Expander, total: boolean): number {
    const name = this.names[id]!;
    if (!name.includes(needle)) return SKIP;
    const m = re.exec(name);
    if (!m) return SKIP;
    // a key that must stay or is done already
    if (this.dist[id] === 0) return REFUSE;
    const written = expand(m);
    if (written === undefined) return total ? REFUSE : SKIP;
    const next = name.slice(0, m.index) + written + name.slice(m.index + m[0].length);
    const count = this.counts[id]! - dots(m[0]) + dots(written);
    const d = progress(next, count, m.index, m.index + written.length, this.goals[id]!, this.goalCounts[id]!);
    if (d < 0 || d >= this.dist[id]!) return REFUSE;
    this.stepName = next;
    this.stepCount = count;
    this.stepDist = d;
    return MOVE;
  }

  /**
   * Does a quick look refuse the candidate: one of the keys that refused recent candidates, or every
   * STRIDE-th key? Then evaluate(cand, re, expand, total) is null too (a refusal anywhere refuses it: a
   * key that refuses matches the candidate, and evaluate visits every key that can match), so a caller
   * may skip work it would do before evaluate. Reads the state only (the suspects besides, which set
   * the order keys are tried in, never an answer).
   */
  refusedEarly(cand: RenameCandidate, re: RegExp, expand: Expander, total: boolean): boolean {
    const needle = longestLiteral(cand);
    for (const id of this.suspects) if (this.step(id, needle, re, expand, total) === REFUSE) return true;
    const n = this.names.length;
    if (n < STRIDE * 4) return false;
    for (let id = STRIDE - 1; id < n; id += STRIDE) {
      if (this.step(id, needle, re, expand, total) === REFUSE) {
        this.suspect(id);
        return true;
      }
    }
    return false;
  }

  /** Remember a key that refused a candidate (the few most recent, each once). */
  private suspect(id: number): void {
    if (this.suspects.includes(id)) return;
    this.suspects.push(id);
    if (this.suspects.length > SUSPECTS) this.suspects.shift();
  }

  /**
   * Would evaluate(cand, re, expand, true) move each of `ids` — match it, find it still apart, write its
   * index arithmetic and bring it strictly closer? A necessary condition of a proposal that must move
   * them all, tested on them alone: false when evaluate would refuse the candidate or leave one of them.
   */
  movesEach(ids: readonly number[], cand: RenameCandidate, re: RegExp, expand: Expander): boolean {
    const needle = longestLiteral(cand);
    const mark = ++this.check;
    this.reusableFor = null;
    // by an even stride (every STRIDE-th id, then the next …): the ids that refuse sit together, and the
    // answer is the same in any order (what is found is read only when every id moves)
    const stride = ids.length >= STRIDE * 4 ? STRIDE : 1;
    for (let start = 0; start < stride; start++) {
      for (let x = start; x < ids.length; x += stride) {
        const id = ids[x]!;
        if (this.step(id, needle, re, expand, true) !== MOVE) return false;
        this.found[id] = mark;
        this.foundNames[id] = this.stepName;
        this.foundCounts[id] = this.stepCount;
        this.foundDists[id] = this.stepDist;
      }
    }
    this.reusable = mark;
    this.reusableFor = cand;
    return true;
  }

  /**
   * Undoes commit's names up to `clash`, the one it found taken (and overwrote): the names set released,
   * `clash` given back to the key that stays and holds it — unless it was given earlier in this commit
   * (then no key held it but a moving one, by its old name) — and the moving keys' old names held again.
   */
  private restore(moves: Moves, clash: number): void {
    const { ids, names } = moves;
    const owner = this.owner;
    const name = names[clash]!;
    let givenTwice = false;
    for (let j = 0; j < clash; j++) {
      if (names[j] === name) givenTwice = true;
      owner.delete(names[j]!);
    }
    owner.delete(name);
    // a key that stays: the moving keys' old names were released before, so none of them is this name
    // (found by its name, on this rare path)
    if (!givenTwice) owner.set(name, this.names.indexOf(name));
    for (let j = 0; j < ids.length; j++) owner.set(this.names[ids[j]!]!, ids[j]!);
  }

  /** Did the last evaluate move this id? */
  movedLast(id: number): boolean {
    return this.stamp[id] === this.check;
  }

  /**
   * The ids whose names start with `literal`'s whole segments, ascending, or null (every id may): through
   * a prefix index built on first use. Plans of many renames (a flat list regrouped block by block) run a
   * round per op, and testing every name in every round made them quadratic in the keys.
   */
  private candidates(literal: string): number[] | null {
    if (!literal.includes('.') || this.names.length < PREFIX_INDEX_MIN_KEYS) return null;
    if (this.prefixes === null) {
      // a plan of a few ops (most) scans a few times: cheaper than building the index and keeping it
      // current through every move (a million keys moved, four set updates each)
      if (++this.scans <= PREFIX_INDEX_AFTER_SCANS) return null;
      this.prefixes = new NamePrefixIndex();
      this.names.forEach((name, id) => this.prefixes!.add(id, name));
    }
    return this.prefixes.candidates(literal)?.sort((a, b) => a - b) ?? null;
  }

  /**
   * Takes the moves, unless a new name is taken by a key that stays or given twice: then nothing changes
   * and the answer is false. Names and owners are one to one (every name is held once), so with the
   * moving keys' names released, a new name already in the map is one of those two cases: each is
   * checked as it is set (the map's size does not grow), one look-up per name and no set of new names.
   */
  commit(moves: Moves): boolean {
    const { ids, names } = moves;
    const owner = this.owner;
    for (let i = 0; i < ids.length; i++) owner.delete(this.names[ids[i]!]!);
    for (let i = 0; i < ids.length; i++) {
      const size = owner.size;
      owner.set(names[i]!, ids[i]!);
      if (owner.size !== size) continue;
      this.restore(moves, i);
      return false;
    }
    // no reuse across a change of names
    this.reusableFor = null;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const name = names[i]!;
      if (this.prefixes) {
        this.prefixes.delete(id, this.names[id]!);
        this.prefixes.add(id, name);
      }
      this.names[id] = name;
      if (name.length > this.longest) this.longest = name.length;
      this.dist[id] = moves.dists[i]!;
      this.counts[id] = moves.counts[i]!;
      if (moves.dists[i] === 0) this.apart.delete(id);
    }
    return true;
  }
}

/**
 * (speed only) The keys on their way by the numbers of `universe`: goals[u] is the target of the key
 * named universe[u] (undefined: it is not on its way), keys[u] that key. A map of 1,000,000 tuples
 * keyed by key strings, each looked up again by its name, cost more than the rest of the set-up.
 */
export interface NumberedPending {
  goals: readonly (string | undefined)[];
  keys: readonly string[];
}

/**
 * pending: source key → [its name now, its target], or the same by the universe's numbers; universe:
 * the name now of every key present at this point (pending or not — those not pending must not move).
 */
export function findRenameOps(
  pending: ReadonlyMap<string, readonly [string, string]> | NumberedPending,
  universe: readonly string[],
  /** which general renames may be used at all (partial key sets: only scoped ones); exact renames always may */
  allow: (cand: RenameCandidate) => boolean = () => true,
  /**
   * riders: source key → [its name now, a direction]. Keys a split or concat takes as they are named
   * after the renames: a rename may carry them along when it brings them closer to the direction (the
   * module their pieces land in), so the renames of their neighbours stay general; they never need
   * to arrive.
   */
  riders: ReadonlyMap<string, readonly [string, string]> = new Map(),
): RenameOpsResult {
  // every name present once, its index, its goal (null: it must stay) and its source key, built in
  // one pass with one map (it becomes the state's owner map)
  const names: string[] = [];
  const goals: (string | null)[] = [];
  const keys: string[] = [];
  const owner = new Map<string, number>();
  const optional = new Set<number>();
  const slot = (name: string): number => {
    let i = owner.get(name);
    if (i === undefined) {
      owner.set(name, (i = names.length));
      names.push(name);
      goals.push(null);
      keys.push(undefined as unknown as string);
    }
    return i;
  };
  const universeIds = new Int32Array(universe.length);
  // a name listed twice in the universe: its ids are no longer its indices
  let twins = false;
  for (let u = 0; u < universe.length; u++) {
    // a new name, as nearly all are: set without a look-up first (a name met before keeps its first slot)
    const name = universe[u]!;
    const size = owner.size;
    owner.set(name, names.length);
    if (owner.size === size) {
      owner.set(name, (universeIds[u] = names.indexOf(name)));
      twins = true;
      continue;
    }
    universeIds[u] = names.length;
    names.push(name);
    goals.push(null);
    keys.push(undefined as unknown as string);
  }
  if (pending instanceof Map) {
    for (const [s, [c, t]] of pending) {
      const i = slot(c);
      goals[i] = t;
      keys[i] = s;
    }
  } else {
    const numbered = pending as NumberedPending;
    for (let u = 0; u < universe.length; u++) {
      const t = numbered.goals[u];
      if (t === undefined) continue;
      const i = universeIds[u]!;
      goals[i] = t;
      keys[i] = numbered.keys[u]!;
    }
  }
  for (const [s, [c, direction]] of riders) {
    const i = slot(c);
    if (keys[i] !== undefined) continue;
    goals[i] = direction;
    keys[i] = s;
    optional.add(i);
  }
  const state = new KeyState(names, goals, owner, optional);
  const ops: RenameOp[] = [];
  const covers: string[][] = [];
  // per op, the universe's indices it moved: with no twins, a universe name's id is its index, and ids
  // past the universe are names it does not hold
  const movedUniverse: number[][] = [];
  // What each proposer proposes depends only on its name now and its goal: kept from round to round
  // until a rename moves it. Plans of many ops (a flat list regrouped block by block) run a round per
  // op, and proposing anew each round, not evaluating, was most of their time.
  const proposals = new Map<number, { id: string; cand: RenameCandidate }[]>();
  const proposalsOf = (key: number): { id: string; cand: RenameCandidate }[] => {
    let list = proposals.get(key);
    if (list === undefined) {
      const made: { id: string; cand: RenameCandidate }[] = [];
      proposeRenames(state.names[key]!.split('.'), state.goals[key]!.split('.'), (cand) => made.push({ id: `${cand.pattern}\u0000${cand.replacement}`, cand }));
      if (proposals.size >= PROPOSALS_KEPT) proposals.clear();
      proposals.set(key, (list = made));
    }
    return list;
  };
  // the candidate's moves taken, unless they give a name that is taken (KeyState.commit)
  const take = (cand: RenameCandidate, moves: Moves): boolean => {
    if (!state.commit(moves)) return false;
    ops.push({ op: 'rename', pattern: cand.pattern, replacement: cand.replacement });
    const moved = new Array<string>(moves.ids.length);
    for (let i = 0; i < moved.length; i++) moved[i] = keys[moves.ids[i]!]!;
    covers.push(moved);
    if (!twins) {
      const inUniverse: number[] = [];
      for (let i = 0; i < moves.ids.length; i++) if (moves.ids[i]! < universe.length) inUniverse.push(moves.ids[i]!);
      movedUniverse.push(inUniverse);
    }
    for (const id of moves.ids) proposals.delete(id);
    return true;
  };

  // indices that change by arithmetic (index-arithmetic.ts), before the general renames could spell
  // them out one index at a time: one templated rename per group, when safe
  const takeArithmetic = (onlyChanging: boolean) => {
    // indices can only be computed where they differ: the rest (most keys, at scale) is skipped cheaply,
    // before any object is made for it
    const rest: { id: number; name: string; goal: string }[] = [];
    for (const id of state.apart.list()) {
      const name = state.names[id]!;
      const goal = state.goals[id]!;
      if (!onlyChanging || !sameIndices(name, goal)) rest.push({ id, name, goal });
    }
    for (const alternatives of arithmeticRenames(rest)) {
      for (const p of alternatives) {
        if (onlyChanging && !p.arithmetic) continue;
        const cand: RenameCandidate = { pattern: p.pattern, replacement: p.replacement, literals: literalsOf(p.pattern) };
        if (!allow(cand)) continue;
        const re = new RegExp(cand.pattern);
        const expand = expander(cand.replacement);
        // a proposal must move every key it was fitted on: one that cannot is refused before the scan
        // of every name (most alternatives tried, at 100,000 keys ~5 ms a scan). Before that, a look at
        // a few keys anywhere: the first alternatives of a group (`^blocks\.(\d+)\.`) move every key they
        // were fitted on and are refused on another stage's blocks, which movesEach, all of whose keys
        // move, met only after stepping through them all (LeViT and SD UNet at 100,000 keys: 15 and 81
        // alternatives, most of movesEach's time)
        if (state.refusedEarly(cand, re, expand, true) || !state.movesEach(p.ids, cand, re, expand)) continue;
        const moves = state.evaluate(cand, re, expand, true);
        // safe, and it moves every key it was fitted on; others it moves are brought closer to their
        // goals (evaluate's rule), as any general rename may (a stage offset fitted on a block's convs
        // that carries its norms and shortcut along)
        if (!moves || moves.ids.length < p.ids.length) continue;
        if (!p.ids.every((id) => state.movedLast(id))) continue;
        if (take(cand, moves)) break;
      }
    }
  };
  takeArithmetic(true);

  for (let round = 0; round < MAX_ROUNDS && state.apart.size > 0; round++) {
    const proposers = state.apart.sample(PROPOSERS_PER_ROUND);
    const cands = new Map<string, { cand: RenameCandidate; votes: number }>();
    for (const id of proposers) {
      for (const { id: k, cand } of proposalsOf(id)) {
        const have = cands.get(k);
        if (have) have.votes++;
        else cands.set(k, { cand, votes: 1 });
      }
    }
    // A rename moves about as many proposers as proposed it: only the most proposed are worth
    // ranking. Ranked on the proposers: more keys first, then more progress (a rename that finishes
    // keys beats one that starts them); then checked on every key, best first, until one is safe.
    const shortlist = [...cands.values()].filter(({ cand }) => allow(cand)).sort((a, b) => b.votes - a.votes).slice(0, SHORTLIST);
    const ranked: { cand: RenameCandidate; re: RegExp; expand: Expander; count: number; gain: number }[] = [];
    for (const { cand } of shortlist) {
      const re = new RegExp(cand.pattern);
      const expand = expander(cand.replacement);
      const est = state.estimate(re, expand, proposers);
      if (est) ranked.push({ cand, re, expand, ...est });
    }
    ranked.sort((a, b) => b.count - a.count || b.gain - a.gain || a.cand.pattern.length - b.cand.pattern.length);
    let taken = false;
    for (const r of ranked) {
      const moves = state.evaluate(r.cand, r.re, r.expand);
      if (!moves || !take(r.cand, moves)) continue;
      taken = true;
      break;
    }
    if (!taken) break;
  }

  // what the general renames left with indices alike on both sides
  takeArithmetic(false);

  // what no general rename reached: exact renames, unless a name is taken (keys swapping names)
  for (const id of state.apart.list()) {
    const name = state.goals[id]!;
    if (state.owner.has(name)) continue;
    take(exactRename(state.names[id]!, name), { ids: Int32Array.of(id), names: [name], counts: Int32Array.of(state.goalCounts[id]!), dists: Int32Array.of(0) });
  }
  const unexpressed = state.apart.list().map((id) => keys[id]!);
  const final = new Array<string>(universe.length);
  for (let u = 0; u < universe.length; u++) final[u] = state.names[universeIds[u]!]!;
  return { ops, covers, unexpressed, final, longest: state.longest, ...(twins ? {} : { moved: movedUniverse }) };
}
