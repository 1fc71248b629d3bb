import Table from 'cli-table3';
import { paint, type Style } from './style.js';

/** cli-table3's layout is quadratic in the row count (20,000 rows take 20 s): lay out slices this big. */
const SLICE = 200;

/**
 * A plain table for terminals. Borders are kept light so long key lists stay readable and
 * copy-pasteable. Columns are sized over all rows first and cells padded to those widths, so the
 * table can be laid out slice by slice in linear time and still line up. The heading is painted
 * after layout: cli-table3's own colouring shifts it against the rows below.
 */
export function renderTable(style: Style, head: string[], rows: (string | number)[][], align?: ('left' | 'right')[]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, c) => {
    let w = h.length;
    for (const r of cells) w = Math.max(w, (r[c] ?? '').length);
    return w;
  });
  const pad = (text: string, c: number) => (align?.[c] === 'right' ? text.padStart(widths[c]!) : text.padEnd(widths[c]!));
  const lines = allPrintableAscii(head, cells) ? plainLines(head, cells, pad) : cliTableLines(head, cells, pad);
  if (lines.length > 0) lines[0] = paint(style, 'bold', lines[0]!);
  return lines.join('\n');
}

type Pad = (text: string, c: number) => string;

/** printable ASCII only (no colour codes, newlines or wide characters): every character is one column */
const PLAIN = /^[\x20-\x7e]*$/;

function allPrintableAscii(head: readonly string[], cells: readonly string[][]): boolean {
  return head.every((h) => PLAIN.test(h)) && cells.every((r) => r.length === head.length && r.every((c) => PLAIN.test(c)));
}

/**
 * The lines cli-table3 lays out for cells that are already padded to their column's width and hold
 * one column per character: each cell with its one space either side, joined by the two-space
 * `middle`, the line's first space dropped and its end trimmed. Written out because cli-table3 run cold
 * costs ~65 ms for the 200 rows `inspect` prints (a third of a sharded set's whole reading); other
 * cells (colour, wide or control characters, ragged rows) still go through cli-table3. The tests
 * compare the two on generated tables.
 */
export function plainLines(head: readonly string[], cells: readonly string[][], pad: Pad): string[] {
  const line = (r: readonly string[]): string => r.map(pad).join('    ').trimEnd();
  return [line(head), ...cells.map(line)];
}

export function cliTableLines(head: readonly string[], cells: readonly string[][], pad: Pad): string[] {
  const headCells = head.map(pad);
  const lines: string[] = [];
  for (let i = 0; i < Math.max(cells.length, 1); i += SLICE) {
    const table = new Table({
      head: headCells,
      style: { head: [], border: [], compact: true },
      chars: {
        top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
        bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
        left: '', 'left-mid': '', mid: '', 'mid-mid': '',
        right: '', 'right-mid': '', middle: '  ',
      },
    });
    for (const r of cells.slice(i, i + SLICE)) table.push(r.map(pad));
    const text = table.toString().split('\n').map((l) => l.replace(/^ /, '').trimEnd());
    lines.push(...(i === 0 ? text : text.slice(1)));
  }
  return lines;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  // a rate (bytes / seconds) is no whole number: rounded like every other unit
  return i === 0 ? `${Math.round(n)} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}

/**
 * A whole number with its thousands grouped as `toLocaleString('en-US')` writes it (50,000): the same
 * text without Intl, whose first use loads ICU's number formatting, ~15–25 ms of CPU in a fresh process
 * (a fifth of what `inspect` of a sharded set spent after reading it, bench/scale-reading.md, session 9).
 * Anything but a safe integer is left to toLocaleString.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let k = head; k < digits.length; k += 3) out += `,${digits.slice(k, k + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

export function formatShape(shape: readonly number[] | null): string {
  return shape === null ? '?' : `[${shape.join(', ')}]`;
}
