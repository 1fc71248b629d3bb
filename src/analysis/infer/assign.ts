/**
 * Step 3c: one-to-one assignment of source templates to target templates, solved separately in each
 * block of templates that structure and shapes allow to correspond (so it scales: blocks are small
 * even when the model is not). Exact Hungarian on small blocks, greedy on large ones, nothing on
 * blocks too large to score. A pair whose swap with another pair costs the same is an ambiguity:
 * reported, not guessed.
 */
import { greedyAssignmentMatrix, hungarian } from '../hungarian.js';
import { blockKey, hasUnknownShape, structureKey, type Template } from './templates.js';
import { PairScores, scoreTemplatePairInto, type PairScore } from './template-score.js';
import type { Ambiguity } from './types.js';
import { singleOut } from './single-out.js';
import { letteredRun } from './twin-order.js';
import { orderAloneChose, type SideRoles } from './order-alone.js';

const HUNGARIAN_MAX_CELLS = 250_000;
const GREEDY_MAX_CELLS = 4_000_000;
const TIE_EPSILON = 1e-9;

export interface TemplateMatch {
  source: Template;
  target: Template;
  score: PairScore;
}

export interface AssignOptions {
  /** a pair costing more is not a match */
  maxCost: number;
  /** templates without placeholders (single keys) also need names this alike */
  minNameSimilarityForSingles: number;
  /** which sides list their keys sorted by name (natural-order.ts): there, order between names is the alphabet's */
  sorted?: { source: boolean; target: boolean };
  /** each side's key roles by the roles table (role-names.ts keyRoles); absent: none read */
  roles?: SideRoles;
}

/**
 * On a block whose order is the alphabet's, a pair stands when it costs this much less than every
 * alternative of its two templates: a twentieth of what two names that share nothing cost (name and
 * module similarity weigh 1 each), as modules.ts's TWIN_MARGIN — a word read (`ih` of `input`) decides,
 * rounding between names equally unlike does not.
 */
const ALPHABET_MARGIN = 0.1;
/** above this many cells, a block whose order is the alphabet's is assigned as any other (singling out asks Hungarian again per round) */
const SINGLE_OUT_MAX_CELLS = 40_000;

/**
 * Whether a side sorted by name put these templates in the alphabet's order: their names differ by more
 * than their numbers (`weight_hh_l0` before `weight_ih_l0`), which natural order keeps, and are no run
 * of letters (`f.a`, `f.b`), which enumerate like numbers.
 */
function alphabetOrders(templates: readonly Template[]): boolean {
  const names = templates.map((t) => t.name);
  return new Set(names.map((n) => n.replace(/\d+/g, '#'))).size > 1 && !letteredRun(names);
}

/** the score's shapes of cell k are equal */
const SHAPE_EQUAL = (sc: PairScores, k: number) => sc.at(k).shapes === 'equal';

export const DEFAULT_ASSIGN: AssignOptions = { maxCost: 1.35, minNameSimilarityForSingles: 0.3 };

function rank(i: number, n: number): number {
  return n <= 1 ? 0 : i / (n - 1);
}

/**
 * Templates grouped into blocks that may correspond: same structure (placeholders, index values) and
 * shapes up to transpose. Where a template of a structure has a shape nobody knows, shapes cannot
 * block: that structure is one block, and the score's shape check alone keeps impossible pairs apart.
 */
function makeBlocks(sources: readonly Template[], targets: readonly Template[]): Map<string, { s: Template[]; t: Template[] }> {
  const unknown = new Set<string>();
  for (const t of [...sources, ...targets]) if (hasUnknownShape(t)) unknown.add(structureKey(t));
  const keyOf = (t: Template) => {
    const structure = structureKey(t);
    return unknown.has(structure) ? structure : blockKey(t);
  };
  const blocks = new Map<string, { s: Template[]; t: Template[] }>();
  for (const s of sources) {
    const k = keyOf(s);
    const b = blocks.get(k);
    if (b) b.s.push(s);
    else blocks.set(k, { s: [s], t: [] });
  }
  for (const t of targets) blocks.get(keyOf(t))?.t.push(t);
  return blocks;
}

/** How alike the templates of cell k read, names only: what decides a pair when shapes cannot. */
const nameScore = (sc: PairScores, k: number) => sc.nameSimilarity[k]! + sc.moduleSimilarity[k]!;

/**
 * A pair whose shapes say nothing rests on its names. When another candidate of either template
 * reads as much alike, only the order in the state dict would decide between them: that is a
 * guess, so the pair is listed as ambiguous instead (a fused `in_proj_bias` is no more `q_proj.bias`
 * than `v_proj.bias`). Scores in row-major cells of `cols` columns.
 */
function rivalsByName(i: number, j: number, scores: PairScores, rows: number, cols: number, allowed: (i: number, j: number) => boolean): { sources: number[]; targets: number[] } {
  const mine = nameScore(scores, i * cols + j) - TIE_EPSILON;
  const targets: number[] = [];
  for (let jj = 0; jj < cols; jj++) {
    if (jj !== j && allowed(i, jj) && nameScore(scores, i * cols + jj) >= mine) targets.push(jj);
  }
  const sources: number[] = [];
  for (let ii = 0; ii < rows; ii++) {
    if (ii !== i && allowed(ii, j) && nameScore(scores, ii * cols + j) >= mine) sources.push(ii);
  }
  return { sources, targets };
}

export function assignTemplates(
  sources: readonly Template[],
  targets: readonly Template[],
  options: AssignOptions = DEFAULT_ASSIGN,
): { matches: TemplateMatch[]; ambiguities: Ambiguity[]; orderless: Ambiguity[]; skippedBlocks: number } {
  const blocks = makeBlocks(sources, targets);

  const matches: TemplateMatch[] = [];
  const ambiguities: Ambiguity[] = [];
  // look-alikes held back because their only order is the alphabet's: no weaker step may pair them either
  const orderless: Ambiguity[] = [];
  let skippedBlocks = 0;
  for (const { s, t } of blocks.values()) {
    if (t.length === 0) continue;
    const cells = s.length * t.length;
    if (cells > GREEDY_MAX_CELLS) {
      skippedBlocks++;
      continue;
    }
    // scores and costs in row-major cells (no object per pair: blocks at depth hold millions)
    const n = s.length;
    const m = t.length;
    // a side sorted by name ranks these templates by the alphabet: rank is no evidence, names alone decide
    const sorted = options.sorted;
    const byAlphabet = !!sorted && cells <= SINGLE_OUT_MAX_CELLS && n > 1 && m > 1 && ((sorted.source && alphabetOrders(s)) || (sorted.target && alphabetOrders(t)));
    const scores = new PairScores(cells);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) scoreTemplatePairInto(scores, i * m + j, s[i]!, t[j]!, byAlphabet ? 0 : rank(i, n), byAlphabet ? 0 : rank(j, m));
    const allowed = (i: number, j: number): boolean => {
      const k = i * m + j;
      if (!(scores.cost[k]! <= options.maxCost)) return false;
      return s[i]!.placeholders > 0 || scores.nameSimilarity[k]! >= options.minNameSimilarityForSingles;
    };
    const cost = new Float64Array(cells);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost[i * m + j] = allowed(i, j) ? scores.cost[i * m + j]! : Infinity;
    if (byAlphabet) {
      // pairs the names single out; the rest listed with the candidates they could as well be
      const { pairs, rows, cols } = singleOut(Array.from({ length: n }, (_, i) => Array.from(cost.subarray(i * m, (i + 1) * m))), ALPHABET_MARGIN);
      for (const [i, j] of pairs) matches.push({ source: s[i]!, target: t[j]!, score: scores.at(i * m + j) });
      const open = [...rows].filter((i) => [...cols].some((j) => allowed(i, j)));
      if (open.length > 0) {
        orderless.push({
          keys: open.slice(0, 8).map((i) => s[i]!.name),
          candidates: [...cols].filter((j) => open.some((i) => allowed(i, j))).slice(0, 8).map((j) => t[j]!.name),
          reason: 'look-alikes a side lists sorted by name, so their order is the alphabet\'s, and whose names do not say which is which: not paired',
        });
      }
      continue;
    }
    // two chosen pairs whose swap fits as well by shapes and names, where only the order of definition chose (order-alone.ts)
    const chosenPair = (p: { i: number; j: number }) => ({ source: s[p.i]!.name, target: t[p.j]!.name, sourceKey: s[p.i]!.instances[0]!.entry.key, targetKey: t[p.j]!.instances[0]!.entry.key });
    const orderAloneDecides = (a: { i: number; j: number }, b: { i: number; j: number }): boolean => {
      // cheapest first: this runs for every two pairs of a block (as the swap test above does)
      const cells = [a.i * m + a.j, b.i * m + b.j, a.i * m + b.j, b.i * m + a.j] as const;
      const names = nameScore(scores, cells[0]) + nameScore(scores, cells[1]) - nameScore(scores, cells[2]) - nameScore(scores, cells[3]);
      if (Math.abs(names) >= ALPHABET_MARGIN) return false;
      if (!cells.every((k) => SHAPE_EQUAL(scores, k))) return false;
      return orderAloneChose(chosenPair(a), chosenPair(b), options.roles);
    };
    const assignment =
      cells <= HUNGARIAN_MAX_CELLS ? hungarian(Array.from({ length: n }, (_, i) => Array.from(cost.subarray(i * m, (i + 1) * m)))) : greedyAssignmentMatrix(n, m, cost);
    const chosen = assignment.map((j, i) => ({ i, j })).filter(({ j }) => j >= 0);
    const tied = new Set<number>();
    const byOrderAlone = new Set<number>();
    if (chosen.length <= 200) {
      for (let x = 0; x < chosen.length; x++) {
        for (let y = x + 1; y < chosen.length; y++) {
          const a = chosen[x]!;
          const b = chosen[y]!;
          const here = cost[a.i * m + a.j]! + cost[b.i * m + b.j]!;
          const swapped = cost[a.i * m + b.j]! + cost[b.i * m + a.j]!;
          if (Math.abs(here - swapped) <= TIE_EPSILON) {
            tied.add(x);
            tied.add(y);
          } else if (Number.isFinite(swapped) && orderAloneDecides(a, b)) {
            byOrderAlone.add(x);
            byOrderAlone.add(y);
          }
        }
      }
    }
    // differently named siblings of one shape that only the order of definition told apart: listed, and no weaker step pairs them
    if (byOrderAlone.size > 0) {
      const open = [...byOrderAlone].map((x) => chosen[x]!);
      orderless.push({
        keys: open.slice(0, 8).map(({ i }) => s[i]!.name),
        candidates: open.slice(0, 8).map(({ j }) => t[j]!.name),
        reason: 'look-alikes of one shape named apart on both sides, which names do not pair: only their order of definition would say which is which',
      });
      for (const x of byOrderAlone) tied.delete(x);
    }
    chosen.forEach(({ i, j }, x) => {
      if (tied.has(x) || byOrderAlone.has(x)) return;
      const score = scores.at(i * m + j);
      if (score.shapes === 'unknown') {
        const rivals = rivalsByName(i, j, scores, n, m, allowed);
        if (rivals.sources.length + rivals.targets.length > 0) {
          ambiguities.push({
            keys: [i, ...rivals.sources].slice(0, 8).map((x) => s[x]!.name),
            candidates: [j, ...rivals.targets].slice(0, 8).map((x) => t[x]!.name),
            reason: 'no shapes to tell them apart and the names fit several equally: only the order would choose, which is a guess',
          });
          return;
        }
      }
      matches.push({ source: s[i]!, target: t[j]!, score });
    });
    if (tied.size) {
      const tiedChoices = [...tied].map((x) => chosen[x]!);
      ambiguities.push({
        keys: tiedChoices.map(({ i }) => s[i]!.name),
        candidates: tiedChoices.map(({ j }) => t[j]!.name),
        reason: 'equally good candidates (same shapes, names and order say nothing to choose between them)',
      });
    }
  }
  return { matches, ambiguities, orderless, skippedBlocks };
}
