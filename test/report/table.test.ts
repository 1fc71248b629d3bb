import { describe, expect, it } from 'vitest';
import { cliTableLines, groupDigits, plainLines, renderTable } from '../../src/report/table.js';

/** A deterministic generator (mulberry32): the same tables on every run. */
function rng(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe('renderTable: the plain-ASCII layout', () => {
  it('lays out generated tables exactly as cli-table3 does (edge spaces, empty cells, right-aligned columns, slices past 200 rows)', () => {
    const rnd = rng(14);
    const word = (): string => {
      const k = rnd(4) === 0 ? 0 : rnd(9);
      let s = '';
      // printable ASCII, spaces weighted up so cells start and end with them
      for (let i = 0; i < k; i++) s += rnd(4) === 0 ? ' ' : String.fromCharCode(0x20 + rnd(95));
      return s;
    };
    for (let t = 0; t < 120; t++) {
      const cols = 1 + rnd(6);
      const head = Array.from({ length: cols }, word);
      const rows = Array.from({ length: t < 3 ? t : rnd(t % 10 === 0 ? 450 : 30) }, () => Array.from({ length: cols }, word));
      const align = Array.from({ length: cols }, () => (rnd(2) === 0 ? 'right' : 'left'));
      const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
      const pad = (x: string, c: number): string => (align[c] === 'right' ? x.padStart(widths[c]!) : x.padEnd(widths[c]!));
      expect(plainLines(head, rows, pad)).toEqual(cliTableLines(head, rows, pad));
    }
  });

  it('leaves cells one column per character cannot lay out (wide, colour, newline, ragged rows) to cli-table3', () => {
    const head = ['key', 'dtype'];
    for (const odd of ['层.weight', '\u001b[31mred\u001b[39m', 'a\nb', 'tab\there']) {
      const rows = [[odd, 'F32'], ['b', 'F16']];
      expect(renderTable({ color: false }, head, rows)).toBe(cliTableLines(head, rows.map((r) => r.map(String)), padTo(head, rows)).join('\n'));
    }
    const ragged = [['a'], ['b', 'F16', 'extra']];
    expect(renderTable({ color: false }, head, ragged)).toBe(cliTableLines(head, ragged, padTo(head, ragged)).join('\n'));
  });
});

function padTo(head: string[], rows: string[][]): (x: string, c: number) => string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  return (x, c) => x.padEnd(widths[c]!);
}

describe('groupDigits', () => {
  it('writes what toLocaleString("en-US") writes, without Intl', () => {
    const values = [0, -0, 7, -7, 999, 1000, -1000, 50_000, 123_456, 1_000_000, -9_876_543, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, 1234.5678, 2 ** 60, NaN, Infinity];
    for (let k = 1; k < 1e15; k *= 7) values.push(k, k - 1, k + 1);
    for (const v of values) expect(groupDigits(v), String(v)).toBe(v.toLocaleString('en-US'));
  });
});
