/**
 * Renames by index table (op-vocabulary.ts: a rename with `table`): a numbered list whose members move
 * by no arithmetic. torchvision's VGG is one flat `features.N` (conv, bn, relu, …, pool) that mmpretrain
 * holds as ConvModules `features.n.conv` / `features.n.bn`, n counting the pools too: conv and bn of one
 * module sit at consecutive N, every stage shifts the offset, so no `${…}` replacement says it and the
 * greedy search (rename-ops.ts) writes one op per module — 57 ops where mmpretrain's converter has one
 * index table. Here the decided pairs are read per list (the text before a key's first index segment):
 * each index whose keys all keep their tail and agree on what replaces `head.N.` is a row. A table is
 * offered only where rows differ in more than their numbers (renumbering is index arithmetic's job), and
 * taken only where it is fewer ops than the renames its keys alone would need.
 * It moves exactly the pairs decided before: the mapping does not change, only how the plan says it.
 */
import { anchoredLiteral, type PlanOp } from '../op-vocabulary.js';
import { escapeRegex } from './regex.js';
import type { NumberedPending, RenameOpsResult } from './rename-ops.js';

/** source key → [its name now, its target], as a map or by the universe's numbers (rename-ops.ts NumberedPending) */
type Pending = ReadonlyMap<string, readonly [string, string]> | NumberedPending;

/** The pending keys as [source key, name now, target], in the order the form holds them. */
function* pendingEntries(pending: Pending, universe: readonly string[]): Iterable<readonly [string, string, string]> {
  if (pending instanceof Map) {
    for (const [source, [name, goal]] of pending as ReadonlyMap<string, readonly [string, string]>) yield [source, name, goal];
    return;
  }
  const numbered = pending as NumberedPending;
  for (let u = 0; u < universe.length; u++) {
    const goal = numbered.goals[u];
    if (goal !== undefined) yield [numbered.keys[u]!, universe[u]!, goal];
  }
}

const DOT = 46;
/** rows a table needs to be worth a reader's look instead of a rename or two */
const TABLE_ROWS_MIN = 3;
/** rows a table may have (src/plan/validate.ts TABLE_ROWS_MAX): a short list a reader checks, not a key-by-key mapping */
const TABLE_ROWS_MAX = 256;

type RenameOp = Extract<PlanOp, { op: 'rename' }>;

interface Table {
  op: RenameOp;
  /** source keys it moves, per row in row order */
  covers: string[];
}

/** A name read at its first whole index segment: the text before it, the index, the text after it (non-empty). */
function atFirstIndex(name: string): { head: string; index: string; tail: string } | null {
  let from = 0;
  while (from < name.length) {
    let dot = name.indexOf('.', from);
    if (dot < 0) return null;
    if (from > 0 && dot > from && /^\d+$/.test(name.slice(from, dot))) return { head: name.slice(0, from), index: name.slice(from, dot), tail: name.slice(dot + 1) };
    from = dot + 1;
  }
  return null;
}

/**
 * Do the rows only renumber (every row the same text once its numbers are masked)? Then renames with index
 * arithmetic say it, one per run of a stage (`^blocks\.(2|3|4)\.` → `stages.1.blocks.${1-2}.`), as a script
 * would: a table is for rows that name different things (`conv` and `bn`, `stem` and `stages.1.downsample`).
 */
function onlyRenumbers(rows: ReadonlyMap<string, string>): boolean {
  const masks = new Set<string>();
  for (const row of rows.values()) masks.add(row.replace(/\d+/g, '#'));
  return masks.size === 1;
}

/**
 * The tables the pending renames offer: per list head, the rows every pending key of that index agrees
 * on, where no other name of the universe under that index would move.
 */
export function indexTables(pending: Pending, universe: readonly string[]): Table[] {
  // head → index → the row its keys agree on (null: they do not), those keys and their names now (kept
  // beside them, not in a map of every pending key: few lists become tables)
  const lists = new Map<string, Map<string, { row: string | null; keys: string[]; names: string[] }>>();
  for (const [source, name, goal] of pendingEntries(pending, universe)) {
    const at = atFirstIndex(name);
    if (!at) continue;
    // the goal's text before the tail, when the goal ends with `.tail` (compared in place: the row is
    // sliced once per index, not per key)
    const cut = goal.length - at.tail.length;
    const ends = cut > 0 && goal.charCodeAt(cut - 1) === DOT && goal.endsWith(at.tail);
    const list = lists.get(at.head) ?? lists.set(at.head, new Map()).get(at.head)!;
    const entry = list.get(at.index);
    if (!entry) list.set(at.index, { row: ends ? goal.slice(0, cut) : null, keys: [source], names: [name] });
    else {
      if (entry.row !== null && !(ends && entry.row.length === cut && goal.startsWith(entry.row))) entry.row = null;
      entry.keys.push(source);
      entry.names.push(name);
    }
  }
  const tables: Table[] = [];
  for (const [head, list] of lists) {
    for (const [index, e] of list) if (e.row === null || e.row === `${head}${index}.`) list.delete(index);
    if (list.size < TABLE_ROWS_MIN || list.size > TABLE_ROWS_MAX) continue;
    // a row moves every name under its index: each must be one of its pending keys' names
    const mine = new Map<string, number>();
    for (const e of list.values()) for (const name of e.names) mine.set(name, (mine.get(name) ?? 0) + 1);
    for (const name of universe) {
      if (!name.startsWith(head)) continue;
      const at = atFirstIndex(name);
      if (!at || at.head !== head || !list.has(at.index)) continue;
      if (!mine.has(name)) list.delete(at.index);
    }
    if (list.size < TABLE_ROWS_MIN) continue;
    const rows = new Map([...list].map(([i, e]) => [i, e.row!] as const));
    if (onlyRenumbers(rows)) continue;
    const table: Record<string, string> = Object.create(null);
    for (const [i, row] of rows) table[i] = row.replace(/\$/g, '$$$$');
    tables.push({ op: { op: 'rename', pattern: `^${escapeRegex(head)}(\\d+)\\.`, table }, covers: [...list.values()].flatMap((e) => e.keys) });
  }
  return tables;
}

/**
 * The renames for `pending`: index tables first and the search's renames (`search`) for the rest, where
 * the tables are fewer ops than the search needs for their keys alone (judged among the names under the
 * tables' lists: the rest is searched once, as without tables); else the search's renames for them all.
 * Either way the ops reproduce exactly the pending pairs.
 */
export function withIndexTables(
  given: Pending,
  universe: readonly string[],
  search: (pending: Pending, universe: readonly string[]) => RenameOpsResult,
): RenameOpsResult {
  const tables = indexTables(given, universe);
  if (tables.length === 0) return search(given, universe);
  // tables are rare: the map form from here on
  const pending = new Map<string, readonly [string, string]>();
  for (const [source, name, goal] of pendingEntries(given, universe)) pending.set(source, [name, goal]);
  const tabledKeys = new Set(tables.flatMap((t) => t.covers));
  const heads = tables.map((t) => anchoredLiteral(t.op.pattern));
  const under = universe.filter((n) => heads.some((h) => n.startsWith(h)));
  const alone = search(new Map([...pending].filter(([k]) => tabledKeys.has(k))), under);
  if (tables.length >= alone.ops.length || alone.unexpressed.length > 0) return search(pending, universe);
  const moved = new Map<string, string>();
  for (const k of tabledKeys) moved.set(pending.get(k)![0], pending.get(k)![1]);
  const rest = new Map([...pending].filter(([k]) => !tabledKeys.has(k)));
  const tabled = search(rest, universe.map((n) => moved.get(n) ?? n));
  return {
    ops: [...tables.map((t) => t.op), ...tabled.ops],
    covers: [...tables.map((t) => t.covers), ...tabled.covers],
    unexpressed: tabled.unexpressed,
    final: tabled.final,
    longest: universe.reduce((m, n) => Math.max(m, n.length), tabled.longest),
  };
}
