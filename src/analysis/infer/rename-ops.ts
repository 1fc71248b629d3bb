/**
 * Step 6b: regex renames that take each remaining key to its target, as few as possible. Each pair
 * proposes candidate ops of a few simple shapes —
 *   head:   `^layers\.(\d+)\.attention\.wq\.` → `model.layers.$1.self_attn.q_proj.` (what differs is at the
 *           start; numbers the target reuses become groups, the others stay literal)
 *   middle: `^(.+\.)gamma$` → `$1weight`, `^(.+\.)norm\.1\.` → `$1norm1.` (what differs is inside)
 *   exact:  `^conv1\.weight$` → `stem.conv1.weight` (last resort)
 * — and the candidates covering most pairs are taken first. A candidate is safe only if every name it
 * matches, among all keys and all targets, is one it sends to the right target: then it moves no key
 * it should not, and the order of the renames does not matter.
 */
import type { PlanOp } from '../../plan/types.js';
import { commonPrefixLength, commonSuffixLength, isIndexSegment, templateOf } from './keys.js';
import { escapeRegex, expandReplacement } from './regex.js';

type RenameOp = Extract<PlanOp, { op: 'rename' }>;

interface Candidate {
  pattern: string;
  replacement: string;
  /** every match starts with this (head forms) or contains it (middle forms): a cheap pre-test */
  literal: string;
  anchoredLiteral: boolean;
  proposers: string[];
}

function headForms(c: string, t: string, generalize: boolean, out: (cand: Omit<Candidate, 'proposers'>) => void): void {
  const cs = c.split('.');
  const ts = t.split('.');
  const cp = commonPrefixLength(cs, ts);
  const csuf = commonSuffixLength(cs, ts, cp);
  for (let k = 0; k <= Math.min(2, csuf); k++) {
    const consumeS = cs.length - csuf + k;
    const consumeT = ts.length - csuf + k;
    if (consumeS === 0) continue;
    const whole = consumeS === cs.length;
    const head = cs.slice(0, consumeS);
    const tHead = ts.slice(0, consumeT);
    // numbers the target reuses become groups; the rest stay literal so they cannot over-match
    const groups = new Map<number, number>(); // source segment index → group number
    const used = new Set<number>();
    const repl = tHead.map((seg) => {
      if (!generalize || !isIndexSegment(seg)) return seg.replace(/\$/g, '$$$$');
      const i = head.findIndex((h, j) => h === seg && !used.has(j));
      if (i < 0) return seg;
      used.add(i);
      groups.set(i, 0);
      return `\u0000${i}\u0000`;
    });
    let g = 0;
    for (const i of [...groups.keys()].sort((a, b) => a - b)) groups.set(i, ++g);
    const pattern = `^${head.map((h, j) => (groups.has(j) ? '(\\d+)' : escapeRegex(h))).join('\\.')}${whole ? '$' : '\\.'}`;
    const body = repl.join('.').replace(/\u0000(\d+)\u0000/g, (_, i: string) => `$${groups.get(Number(i))}`);
    const replacement = whole ? body : consumeT > 0 ? `${body}.` : '';
    const firstGroup = groups.size ? Math.min(...groups.keys()) : head.length;
    const literal = `${head.slice(0, firstGroup).join('.')}${firstGroup < head.length || !whole ? '.' : ''}`;
    out({ pattern, replacement, literal: firstGroup === 0 ? '' : literal, anchoredLiteral: true });
  }
}

function middleForm(c: string, t: string, out: (cand: Omit<Candidate, 'proposers'>) => void): void {
  const cs = c.split('.');
  const ts = t.split('.');
  const cp = commonPrefixLength(cs, ts);
  const csuf = commonSuffixLength(cs, ts, cp);
  if (cp === 0) return;
  const mid = cs.slice(cp, cs.length - csuf);
  const tMid = ts.slice(cp, ts.length - csuf);
  if (mid.length === 0 || tMid.length === 0) return;
  const atEnd = csuf === 0;
  out({
    pattern: `^(.+\\.)${mid.map(escapeRegex).join('\\.')}${atEnd ? '$' : '\\.'}`,
    replacement: `$1${tMid.join('.').replace(/\$/g, '$$$$')}${atEnd ? '' : '.'}`,
    literal: `.${mid.join('.')}${atEnd ? '' : '.'}`,
    anchoredLiteral: false,
  });
}

function exactForm(c: string, t: string, out: (cand: Omit<Candidate, 'proposers'>) => void): void {
  out({ pattern: `^${escapeRegex(c)}$`, replacement: t.replace(/\$/g, '$$$$'), literal: c, anchoredLiteral: true });
}

/**
 * Pairs with equal templates and the same equalities between their numbers propose the same general
 * forms; this key lets 100,000 expert keys share one computation.
 */
function formKey(c: string, t: string): string {
  const a = templateOf(c);
  const b = templateOf(t);
  const eq = b.indices.map((v) => {
    const hits = a.indices.flatMap((u, i) => (u === v ? [i] : []));
    return hits.length ? hits.join('/') : `=${v}`;
  });
  const lonely = a.indices.map((u) => (b.indices.includes(u) ? '' : String(u)));
  return `${a.template}\u0000${b.template}\u0000${eq.join(',')}\u0000${lonely.join(',')}`;
}

function apply(re: RegExp, replacement: string, name: string): string | undefined {
  const m = re.exec(name);
  if (!m) return undefined;
  return name.slice(0, m.index) + expandReplacement(replacement, m) + name.slice(m.index + m[0].length);
}

export interface RenameOpsResult {
  ops: RenameOp[];
  covers: string[][];
  /** pairs no safe rename expresses (e.g. two keys swapping names) */
  unexpressed: string[];
}

/**
 * pending: source key → [its name now, its target]; universe: every name a rename could meet
 * (all current names, with duplicates, and all targets).
 */
export function findRenameOps(pending: ReadonlyMap<string, readonly [string, string]>, universe: readonly string[]): RenameOpsResult {
  const ops: RenameOp[] = [];
  const covers: string[][] = [];
  const covered = new Set<string>();

  const round = (keys: string[], propose: (c: string, t: string, out: (cand: Omit<Candidate, 'proposers'>) => void) => void, memoize: boolean) => {
    const cands = new Map<string, Candidate>();
    const memo = new Map<string, Candidate[]>();
    for (const s of keys) {
      const [c, t] = pending.get(s)!;
      const mk = memoize ? formKey(c, t) : '';
      const known = memoize ? memo.get(mk) : undefined;
      if (known) {
        for (const cand of known) cand.proposers.push(s);
        continue;
      }
      const mine: Candidate[] = [];
      propose(c, t, (cand) => {
        const id = `${cand.pattern}\u0000${cand.replacement}`;
        let have = cands.get(id);
        if (have) have.proposers.push(s);
        else cands.set(id, (have = { ...cand, proposers: [s] }));
        mine.push(have);
      });
      if (memoize) memo.set(mk, mine);
    }
    // most pairs first; on a tie the anchored form, which says where the key starts
    const ordered = [...cands.values()].sort(
      (a, b) => b.proposers.length - a.proposers.length || Number(b.anchoredLiteral) - Number(a.anchoredLiteral) || a.pattern.length - b.pattern.length,
    );
    for (const cand of ordered) {
      if (cand.proposers.every((s) => covered.has(s))) continue;
      const re = new RegExp(cand.pattern);
      const good = cand.proposers.filter((s) => {
        const [c, t] = pending.get(s)!;
        return apply(re, cand.replacement, c) === t;
      });
      if (good.length === 0 || good.every((s) => covered.has(s))) continue;
      const goodNames = new Set(good.map((s) => pending.get(s)![0]));
      let safe = true;
      let seenGood = 0;
      for (const name of universe) {
        if (cand.literal && (cand.anchoredLiteral ? !name.startsWith(cand.literal) : !name.includes(cand.literal))) continue;
        if (!re.test(name)) continue;
        if (goodNames.has(name)) seenGood++;
        else {
          safe = false;
          break;
        }
      }
      // a name both pending and a target (keys swapping names) shows up twice: not safe
      if (!safe || seenGood !== goodNames.size) continue;
      ops.push({ op: 'rename', pattern: cand.pattern, replacement: cand.replacement });
      covers.push(good);
      for (const s of good) covered.add(s);
    }
  };

  const all = [...pending.keys()];
  round(
    all,
    (c, t, out) => {
      headForms(c, t, true, out);
      middleForm(c, t, out);
    },
    true,
  );
  let rest = all.filter((s) => !covered.has(s));
  if (rest.length) round(rest, (c, t, out) => headForms(c, t, false, out), false);
  rest = all.filter((s) => !covered.has(s));
  if (rest.length) round(rest, exactForm, false);
  const unexpressed = all.filter((s) => !covered.has(s));
  return { ops, covers, unexpressed };
}
