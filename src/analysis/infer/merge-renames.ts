/**
 * Step 6c: the rename pipeline said in fewer ops. The greedy search (rename-ops.ts) takes one rename per
 * round, for the keys still apart then, so it can say one rule twice: LeViT's stage 2 as
 * `^blocks\.(16|18|20|22)\.` and `^blocks\.(15|17|19|21|23)\.` with one replacement; MobileNet's
 * `layer2` … `layer7` each with its own copy of one rename; a rename a later, wider one repeats
 * (`^stages\.(\d+)\.(\d+)\.m\.` → `…block.` before `(^|\.)m\.` → `$1block.`). Here ops are merged
 * (rename-templates.ts mergedRename: a union of alternations, a literal a group takes, literals the
 * replacement copies captured as one group) or one is left out, each change kept only when the whole
 * pipeline, run again over the keys it can touch, names every key exactly as before. Then no key, on the
 * way, holds a name another key holds either (what a script renaming a dict op by op would lose): each op
 * names a key by its name alone, so two keys that met would end alike, and the search's ends are
 * distinct. The mapping never changes, only how many ops say it.
 */
import { compileNameOp, type NameStep, type PlanOp } from '../op-vocabulary.js';
import { editOf, mergedRename, needleOf } from './rename-templates.js';

type RenameOp = Extract<PlanOp, { op: 'rename' }>;

/** Above this many renames the pipeline is a key-by-key list, not rules a merge would shorten: left as it is. */
const MAX_OPS = 256;
/** passes over the pipeline at most (each after the first only when the one before merged something) */
const MAX_SWEEPS = 4;
/** rerun scans the keys by this stride (every 64th key, then the next 64th …): a refusal is met early */
const RERUN_STRIDE = 64;

export interface MergedRenames {
  ops: RenameOp[];
  /** per op, the universe's indices it renames, ascending */
  moved: number[][];
  /** the longest name any key holds on the way */
  longest: number;
}

/** Candidates for the op at p: the ops to try in place of it, with the later op each one also replaces (or none). */
function candidates(ops: readonly RenameOp[], p: number): { op: RenameOp | null; drop: number }[] {
  const out: { op: RenameOp | null; drop: number }[] = [];
  const x = ops[p]!;
  if (x.table !== undefined) return out;
  // left out, when another op makes the same edit
  const edit = editOf(x);
  if (edit !== null && ops.some((o, q) => q !== p && o.table === undefined && editOf(o) === edit)) out.push({ op: null, drop: -1 });
  for (let q = p + 1; q < ops.length; q++) {
    const y = ops[q]!;
    if (y.table !== undefined) continue;
    const m = mergedRename(x, y);
    if (m) out.push({ op: m, drop: q });
  }
  return out;
}

/** The last position whose op a merge might change (a test on the ops alone, before any key is read), or -1. */
function lastCandidate(ops: readonly RenameOp[]): number {
  for (let p = ops.length - 1; p >= 0; p--) if (candidates(ops, p).length) return p;
  return -1;
}

/** An op's name step, behind an `includes` of a literal its matches hold: most keys never reach the regex. */
function stepOf(op: RenameOp): NameStep {
  const step = compileNameOp(op);
  const needle = op.table === undefined ? needleOf(op.pattern) : '';
  return needle ? (name) => (name.includes(needle) ? step(name) : undefined) : step;
}

/**
 * The renames `ops` merged where that changes nothing they do to `universe` (every key's name before
 * them), whose names after them are `final`; null when nothing merges. `followed` (speed only): what the
 * run below would find — per op, the indices of `universe` it moves, ascending, and the longest name
 * on the way — when the caller knows it (the search's own moves, rename-ops.ts `moved`, where the ops'
 * regexes match natively as the search's did); then that run over every key is spared.
 */
export function mergeRenames(ops: readonly RenameOp[], universe: readonly string[], final: readonly string[], followed?: { moved: readonly (readonly number[])[]; longest: number }): MergedRenames | null {
  if (ops.length < 2 || ops.length > MAX_OPS || universe.length !== final.length || lastCandidate(ops) < 0) return null;
  // each op compiled once, whatever pipelines it is tried in
  const compiled = new Map<RenameOp, NameStep>();
  const stepFor = (op: RenameOp): NameStep => compiled.get(op) ?? compiled.set(op, stepOf(op)).get(op)!;
  let steps: NameStep[] = ops.map(stepFor);
  let longest = 0;
  let moved: number[][];
  if (followed && followed.moved.length === ops.length) {
    moved = followed.moved.map((ids) => ids.slice());
    longest = followed.longest;
  } else {
    // one run of the pipeline: what each op moves
    const names = universe.slice();
    for (let u = 0; u < names.length; u++) if (names[u]!.length > longest) longest = names[u]!.length;
    moved = steps.map((step) => {
      const ids: number[] = [];
      for (let u = 0; u < names.length; u++) {
        const next = step(names[u]!);
        if (typeof next !== 'string' || next === names[u]) continue;
        names[u] = next;
        ids.push(u);
        if (next.length > longest) longest = next.length;
      }
      return ids;
    });
    // the search followed every key as this run does (else its names are not these ops': nothing is merged)
    for (let u = 0; u < names.length; u++) if (names[u] !== final[u]) return null;
  }

  let current = ops.slice();
  let changed = false;
  const mark = new Uint8Array(universe.length);
  // sweeps until one merges nothing: a merge can make two ops alike that were not (`up_blocks` and
  // `down_blocks` differ in one segment only once each has its `to_q|to_k|to_v` merged)
  for (let sweep = 0, merging = true; merging && sweep < MAX_SWEEPS; sweep++) {
    merging = false;
    // no op after the last that has a candidate needs the names before it
    let last = lastCandidate(current);
    if (last < 0) break;
    const at = universe.slice();
    for (let p = 0; p <= last && p < current.length; p++) {
      let again = true;
      while (again) {
        again = false;
        for (const c of candidates(current, p)) {
          const next = current.slice();
          if (c.drop >= 0) next.splice(c.drop, 1);
          if (c.op) next[p] = c.op;
          else next.splice(p, 1);
          const nextSteps = next.map(stepFor);
          const tried = rerun(next, nextSteps, steps[p]!, p, c, moved, at, final, mark);
          if (!tried) continue;
          if (tried.longest > longest) longest = tried.longest;
          current = next;
          steps = nextSteps;
          moved = tried.moved;
          changed = merging = true;
          again = p < current.length;
          last = lastCandidate(current);
          break;
        }
      }
      if (p >= current.length || p >= last) break;
      for (const u of moved[p]!) at[u] = steps[p]!(at[u]!) as string;
    }
  }
  return changed ? { ops: current, moved, longest } : null;
}

/**
 * The changed pipeline `next` (from position p on) run over the keys it may treat otherwise: those the op
 * it leaves out moved, those its new op at p moves that the op it replaces did not (or moves elsewhere),
 * and those the later op it replaces moved; every other key meets the same ops by the same names. Their
 * new moves when every one ends where it did; else null. `mark` is scratch, one per key, zero on entry
 * and on return.
 */
function rerun(
  next: readonly RenameOp[],
  steps: readonly NameStep[],
  replaced: NameStep,
  p: number,
  c: { op: RenameOp | null; drop: number },
  moved: readonly number[][],
  at: readonly string[],
  final: readonly string[],
  mark: Uint8Array,
): { moved: number[][]; longest: number } | null {
  const AFFECTED = 1;
  const REPLACED = 2;
  const affected: number[] = [];
  const movesOf = new Map<number, number[]>();
  let longest = 0;
  // Each affected key is run through the rest of the pipeline as soon as it is found, and the first that
  // ends elsewhere refuses the change: most changes tried are refused (all twelve of LeViT's at 100,000
  // keys), and finding the keys they affect in a scan of every key first, then running them, paid the
  // whole scan for each. The keys are scanned by an even stride, so a refusal whose keys sit together
  // (a block range the merged op takes too) is met early. Each key is read alone and the moves are kept
  // sorted below, so what a change that stands gives is as before.
  const add = (u: number): boolean => {
    if (mark[u] === AFFECTED) return true;
    mark[u] = AFFECTED;
    affected.push(u);
    let name = at[u]!;
    for (let q = p; q < next.length; q++) {
      const n = steps[q]!(name);
      if (typeof n !== 'string' || n === name) continue;
      name = n;
      (movesOf.get(q) ?? movesOf.set(q, []).get(q)!).push(u);
      if (n.length > longest) longest = n.length;
    }
    return name === final[u];
  };
  try {
    if (c.drop >= 0) for (const u of moved[c.drop]!) if (!add(u)) return null;
    if (!c.op) {
      for (const u of moved[p]!) if (!add(u)) return null;
    } else {
      for (const u of moved[p]!) if (mark[u] === 0) mark[u] = REPLACED;
      const step = steps[p]!;
      const stride = at.length >= RERUN_STRIDE * 4 ? RERUN_STRIDE : 1;
      for (let start = 0; start < stride; start++) {
        for (let u = start; u < at.length; u += stride) {
          const was = mark[u];
          if (was === AFFECTED) continue;
          const n = step(at[u]!);
          const moves = typeof n === 'string' && n !== at[u];
          if (was !== REPLACED) {
            if (moves && !add(u)) return null;
            continue;
          }
          // moved by the op replaced: unaffected when the new op names it the same (no later op differs for it)
          mark[u] = 0;
          if ((!moves || n !== replaced(at[u]!)) && !add(u)) return null;
        }
      }
    }
    // the old moves at and after p, by the new positions, without the keys run again (copied only where those were)
    const old = moved.slice();
    if (c.drop >= 0) old.splice(c.drop, 1);
    if (!c.op) old.splice(p, 1);
    const out = old.map((ids, q) => {
      const added = movesOf.get(q);
      if (q < p || (!added && !ids.some((u) => mark[u] === AFFECTED))) return ids;
      const kept = ids.filter((u) => mark[u] !== AFFECTED);
      return added ? [...kept, ...added].sort((x, y) => x - y) : kept;
    });
    return { moved: out, longest };
  } finally {
    for (const u of affected) mark[u] = 0;
    // a refusal mid-scan leaves the replaced op's keys not reached yet marked
    if (c.op) for (const u of moved[p]!) mark[u] = 0;
  }
}
