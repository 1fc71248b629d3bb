import Table from 'cli-table3';
import type { Style } from './style.js';

/**
 * A plain table for terminals. Borders are kept light so long key lists stay readable and
 * copy-pasteable; cli-table3's own colouring is disabled unless the style allows colour.
 */
export function renderTable(style: Style, head: string[], rows: (string | number)[][], align?: ('left' | 'right')[]): string {
  const table = new Table({
    head,
    style: { head: style.color ? ['bold'] : [], border: style.color ? ['gray'] : [], compact: true },
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '',
      right: '', 'right-mid': '', middle: '  ',
    },
    ...(align ? { colAligns: align } : {}),
  });
  for (const r of rows) table.push(r.map(String));
  return table
    .toString()
    .split('\n')
    .map((l) => l.replace(/^ /, '').trimEnd())
    .join('\n');
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
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
