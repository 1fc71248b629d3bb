import { type Style } from './style.js';
/**
 * A plain table for terminals. Borders are kept light so long key lists stay readable and
 * copy-pasteable. Columns are sized over all rows first and cells padded to those widths, so the
 * table can be laid out slice by slice in linear time and still line up. The heading is painted
 * after layout: cli-table3's own colouring shifts it against the rows below.
 */
export declare function renderTable(style: Style, head: string[], rows: (string | number)[][], align?: ('left' | 'right')[]): string;
type Pad = (text: string, c: number) => string;
/**
 * The lines cli-table3 lays out for cells that are already padded to their column's width and hold
 * one column per character: each cell with its one space either side, joined by the two-space
 * `middle`, the line's first space dropped and its end trimmed. Written out because cli-table3 run cold
 * costs ~65 ms for the 200 rows `inspect` prints (a third of a sharded set's whole reading); other
 * cells (colour, wide or control characters, ragged rows) still go through cli-table3. The tests
 * compare the two on generated tables.
 */
export declare function plainLines(head: readonly string[], cells: readonly string[][], pad: Pad): string[];
export declare function cliTableLines(head: readonly string[], cells: readonly string[][], pad: Pad): string[];
export declare function formatBytes(n: number): string;
/**
 * A whole number with its thousands grouped as `toLocaleString('en-US')` writes it (50,000): the same
 * text without Intl, whose first use loads ICU's number formatting, ~15–25 ms of CPU in a fresh process
 * (a fifth of what `inspect` of a sharded set spent after reading it, bench/scale-reading.md, session 9).
 * Anything but a safe integer is left to toLocaleString.
 */
export declare function groupDigits(n: number): string;
export declare function formatCount(n: number): string;
export declare function formatShape(shape: readonly number[] | null): string;
export {};
