import { moduleTree, type ModuleNode } from '../checkpoint/module-tree.js';
import type { KeyPath, TensorRecord } from '../checkpoint/types.js';
import { groupKeys, renderGroups } from '../analysis/group.js';
import type { GlobalFinding } from '../formats/pickle/safety.js';
import { basename, dirname } from 'node:path';
import { isContiguous, locationFiles, type ByteLocation } from '../formats/tensor.js';
import type { InspectModel, TensorGroup } from './inspect-model.js';
import { pathText } from './key-path.js';
import { printable } from './printable.js';
import { loaderAt, pickleLoader } from './danger.js';
import { paint, type Style } from './style.js';
import { formatBytes, formatCount, formatShape, groupDigits, renderTable } from './table.js';

export interface InspectTextOptions {
  verbose?: boolean;
  tree?: boolean;
  /** most tensor rows per state dict before the listing is cut (the JSON always has all) */
  maxRows?: number;
}

/** The human report: summary, safety, object tree, then the tensors of each state dict. */
export function renderInspect(m: InspectModel, style: Style, opts: InspectTextOptions = {}): string {
  const out: string[] = [];
  out.push(paint(style, 'bold', printable(m.file)));
  out.push(...safetyBlock(m, style));
  const facts: [string, string][] = [
    ['format', [m.format, ...m.detail].map(printable).join(' · ')],
    ['size', formatBytes(m.size)],
    ['tensors', `${groupDigits(m.totals.tensors)} (${formatCount(m.totals.elements)} parameters, ${formatBytes(m.totals.bytes)})`],
  ];
  const dtypes = Object.entries(m.totals.byDtype)
    .sort((a, b) => b[1]!.bytes - a[1]!.bytes)
    .map(([d, v]) => `${d} ${formatBytes(v!.bytes)} (${v!.tensors})`);
  if (dtypes.length > 0) facts.push(['dtypes', dtypes.join(', ')]);
  const names = namesOf(m.tensorCount, m.aliased());
  if (names.total > m.totals.tensors) facts[2]![1] += `, under ${groupDigits(names.total)} names`;
  for (const line of names.lines) facts.push(['shared', line]);
  for (const s of m.shared.slice(0, 10)) facts.push(['shared', sharedLine(s)]);
  if (m.shared.length > 10) facts.push(['shared', `… ${m.shared.length - 10} more shared storages`]);
  facts.push(['safety', safetyLine(m)]);
  if (m.error) facts.push(['error', paint(style, 'red', printable(m.error))]);
  if (m.filter !== null) facts.push(['filter', `tensors whose key matches /${printable(m.filter)}/`]);
  const width = Math.max(...facts.map(([k]) => k.length));
  for (const [k, v] of facts) out.push(`  ${paint(style, 'gray', k.padEnd(width))}  ${v}`);

  if (m.stateDicts.length > 0 || m.leaves.length > 0) {
    out.push('', paint(style, 'bold', 'Object tree'));
    for (const d of m.stateDicts) {
      const extra = d.nonTensor.length > 0 ? `, ${d.nonTensor.length} non-tensor: ${d.nonTensor.slice(0, 4).map(printable).join(', ')}${d.nonTensor.length > 4 ? ', …' : ''}` : '';
      out.push(`  ${paint(style, 'cyan', shownPath(d.path))}  state dict, ${plural(d.count, 'tensor')}${extra}`);
    }
    for (const l of m.leaves) out.push(`  ${shownPath(l.path)}: ${printable(l.text)}`);
  }

  for (const g of m.groups) {
    out.push('', paint(style, 'bold', groupTitle(g)));
    if (opts.tree && g.dict !== null) out.push(...renderTree(moduleTree(g.rows.map((r) => ({ key: printable(r.key), shape: r.record.info.shape })))));
    else out.push(tensorTable(g, style, opts));
  }
  return out.join('\n');
}

/** a list of keys longer than this is written as collapsed patterns (`layers.{0..29999}.v`) */
const KEYS_INLINE = 6;

/** Keys as a short text: each one while few, else their collapsed patterns, at most 3 lines of them. */
function keysText(keys: readonly string[], sep: string): string {
  if (keys.length <= KEYS_INLINE) return keys.join(sep);
  return renderGroups(groupKeys(keys), { maxLines: 3 }).join(', ');
}

/**
 * One tensor under several names (the same object in the file: `w = t1 = t2`), the tie load_state_dict and a
 * manifest's `tied` are about (review 14 F11: these were on no line); and how many names there are in all.
 */
function namesOf(count: number, aliased: readonly TensorRecord[]): { total: number; lines: string[] } {
  let total = count;
  const lines: string[] = [];
  let more = 0;
  for (const t of aliased) {
    total += t.aliases.length;
    if (lines.length < 10) lines.push(`${keysText([t.path, ...t.aliases].map(shownPath), ' = ')} (one tensor under ${1 + t.aliases.length} names)`);
    else more++;
  }
  if (more > 0) lines.push(`… ${more} more tensors under several names`);
  return { total, lines };
}

/**
 * Distinct tensors on one storage. Those that view it alike (offset, shape, strides: a tie as state_dict()
 * saves it) are one value, written `a = b`; views of other parts are not equal tensors and are said to be
 * views (review 14 F11: `v0 = v1 = v2` for row 0, row 1 and column 2). Long lists are collapsed.
 */
function sharedLine(s: InspectModel['shared'][number]): string {
  const paths = s.paths.map(shownPath);
  const views = s.views;
  const storage = `storage ${printable(s.key)}`;
  if (views <= 1) return `${keysText(paths, ' = ')} (${storage}${paths.length > KEYS_INLINE ? `: ${groupDigits(paths.length)} tensors viewing it alike, equal` : ''})`;
  return `${keysText(paths, ', ')} (${storage}: ${groupDigits(paths.length)} tensors, ${groupDigits(views)} different views of it, not equal tensors)`;
}

function groupTitle(g: TensorGroup): string {
  return g.dict === null ? `Other tensors (${g.count})` : `Tensors in ${shownPath(g.dict)} (${g.count})`;
}

/** most chunks listed per tensor; a tensor saved by thousands of ranks says how many more */
const MAX_CHUNKS_SHOWN = 8;

/**
 * A chunked tensor's pieces (torch.distributed.checkpoint) as the slices of the whole they are, with
 * the file each is in: `[0:6, 0:3] __0_0.distcp`. A tensor saved whole says so.
 */
function chunkText(loc: ByteLocation | null): string {
  if (loc === null || loc.kind !== 'chunks') return 'whole';
  const wheres = loc.chunks.slice(0, MAX_CHUNKS_SHOWN).map((c) => (c.tensor.storage.bytes ? locationFiles(c.tensor.storage.bytes)[0] : undefined));
  // files of one name in rank folders (Megatron's mp_rank_TT/model_optim_rng.pt) are told apart by their folder
  const paths = new Set(wheres.filter((w) => w !== undefined));
  const twoLevels = new Set([...paths].map((w) => basename(w))).size < paths.size;
  const shown = loc.chunks.slice(0, MAX_CHUNKS_SHOWN).map((c, i) => {
    const where = wheres[i];
    const file = where !== undefined ? ` ${twoLevels ? `${basename(dirname(where))}/${basename(where)}` : basename(where)}` : '';
    return `[${c.offsets.map((o, d) => `${o}:${o + c.sizes[d]!}`).join(', ')}]${printable(file)}`;
  });
  const more = loc.chunks.length > MAX_CHUNKS_SHOWN ? ` … ${loc.chunks.length - MAX_CHUNKS_SHOWN} more` : '';
  return `${loc.chunks.length}: ${shown.join(' · ')}${more}`;
}

function tensorTable(g: TensorGroup, style: Style, opts: InspectTextOptions): string {
  const max = opts.maxRows ?? Infinity;
  const shown = g.head(max);
  // over every row, not only those shown: the column is there for the whole group or not at all
  const chunked = opts.verbose === true && g.rows.some((r) => r.record.info.storage.bytes?.kind === 'chunks');
  const rows = shown.map(({ key, record }) => {
    const t = record.info;
    const base: string[] = [printable(key), t.dtype, formatShape(t.shape)];
    if (opts.verbose) base.push(formatShape(t.stride), String(t.storageOffset), printable(t.storage.key), isContiguous(t) ? 'yes' : 'no');
    if (opts.verbose && chunked) base.push(chunkText(t.storage.bytes));
    return base;
  });
  const head = opts.verbose ? ['key', 'dtype', 'shape', 'stride', 'offset', 'storage', 'contiguous'] : ['key', 'dtype', 'shape'];
  if (opts.verbose && chunked) head.push('chunks');
  let text = renderTable(style, head, rows);
  if (g.count > max) text += `\n… ${g.count - max} more (use --all, --json or --filter to see them)`;
  return text;
}

/** single-child modules in a row shown a line each; a longer chain is one line */
const MAX_CHAIN_LINES = 16;

/** `0-11  (12 × 1.2M = 14.2M)` style lines, indented by depth. */
export function renderTree(root: ModuleNode): string[] {
  const lines: string[] = [];
  for (const t of root.tensors) lines.push(`  ${t.name}  ${formatShape(t.shape)}`);
  const stack: { node: ModuleNode; depth: number }[] = root.children.map((node) => ({ node, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { node: top, depth } = stack.pop()!;
    // a long chain of modules that each hold only the next (`s0.s1.….s4999`) is one line: a key of
    // thousands of segments would otherwise indent thousands of lines one step further each (output
    // quadratic in the key); real models nest a few levels, and keep their one line per module
    let node = top;
    const names = [top.name];
    for (let n = top; n.tensors.length === 0 && n.children.length === 1 && !n.repeat && !n.children[0]!.repeat; ) {
      n = n.children[0]!;
      names.push(n.name);
    }
    if (names.length > MAX_CHAIN_LINES) {
      while (node.tensors.length === 0 && node.children.length === 1 && !node.repeat && !node.children[0]!.repeat) node = node.children[0]!;
    } else names.length = 1;
    const name = names.join('.');
    const count = node.elements === null ? '?' : formatCount(node.elements);
    const label = node.repeat
      ? `${name}  (${node.repeat.count} × ${node.repeat.elementsEach === null ? '?' : formatCount(node.repeat.elementsEach)} = ${count})`
      : `${name}  (${count})`;
    lines.push(`${'  '.repeat(depth + 1)}${label}`);
    const leafIndent = '  '.repeat(depth + 2);
    for (const t of node.tensors) lines.push(`${leafIndent}${t.name}  ${formatShape(t.shape)}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, depth: depth + 1 });
  }
  return lines;
}

function safetyLine(m: InspectModel): string {
  const g = m.safety.globals;
  if (g.length === 0) return 'safe: no pickle globals';
  if (m.safety.verdict === 'unknown') return `unknown: ${unknownParts(g)}; not on the allowlist, so loading it needs trust in the code it names`;
  const dangerous = g.filter((x) => x.verdict === 'dangerous');
  const unknown = g.filter((x) => x.verdict === 'unknown');
  const incomplete = g.filter((x) => x.verdict === 'incomplete');
  const parts = [plural(g.length, 'global')];
  if (dangerous.length) parts.push(`${dangerous.length} dangerous`);
  if (incomplete.length) parts.push(`${incomplete.length} not seen (${incomplete.slice(0, 2).map((x) => printable(`${x.where}: ${x.reason ?? x.name}`)).join('; ')}${incomplete.length > 2 ? '; …' : ''})`);
  if (unknown.length) parts.push(`${unknown.length} unknown (${unknown.slice(0, 3).map(globalName).join(', ')}${unknown.length > 3 ? ', …' : ''})`);
  return `${m.safety.verdict}: ${parts.join(', ')}`;
}

function unknownParts(g: GlobalFinding[]): string {
  const unknown = g.filter((x) => x.verdict === 'unknown');
  return `${plural(g.length, 'global')}, ${unknown.length} unknown (${unknown.slice(0, 3).map(globalName).join(', ')}${unknown.length > 3 ? ', …' : ''})`;
}

function globalName(g: GlobalFinding): string {
  return printable(g.module === '' ? g.name : `${g.module}.${g.name}`);
}

/** A dangerous file gets a block nobody can miss, before anything else. */
function safetyBlock(m: InspectModel, style: Style): string[] {
  const bad = m.safety.globals.filter((g) => g.verdict === 'dangerous');
  if (bad.length === 0) return [];
  const lines = [
    paint(style, 'red', `!! DANGEROUS: loading this file with ${m.format === 'npy' || m.format === 'npz' ? pickleLoader(m.format) : `pickle or ${[...new Set(bad.map((g) => loaderAt(m.format, g.where)))].join(' or ')}`} would run code.`),
  ];
  for (const g of bad) lines.push(paint(style, 'red', `!!   ${globalName(g)}  in ${printable(g.where)}${g.reason ? `: ${printable(g.reason)}` : ''}`));
  lines.push(paint(style, 'red', '!! sdmatch did not execute anything; do not load this file.'));
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shownPath(path: KeyPath): string {
  return printable(pathText(path));
}


export { printable };
