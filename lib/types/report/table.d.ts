import { type Style } from './style.js';
/**
 * A plain table for terminals. Borders are kept light so long key lists stay readable and
 * copy-pasteable. Columns are sized over all rows first and cells padded to those widths, so the
 * table can be laid out slice by slice in linear time and still line up. The heading is painted
 * after layout: cli-table3's own colouring shifts it against the rows below.
 */
export declare function renderTable(style: Style, head: string[], rows: (string | number)[][], align?: ('left' | 'right')[]): string;
export declare function formatBytes(n: number): string;
export declare function formatCount(n: number): string;
export declare function formatShape(shape: readonly number[] | null): string;
