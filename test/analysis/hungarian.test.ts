import { describe, expect, test } from 'vitest';
import { greedyAssignment, hungarian } from '../../src/analysis/hungarian.js';

function total(cost: number[][], a: number[]): number {
  return a.reduce((s, j, i) => (j >= 0 ? s + cost[i]![j]! : s), 0);
}

function bruteMin(cost: number[][]): number {
  const n = cost.length;
  const m = cost[0]!.length;
  let best = Infinity;
  const used = new Array<boolean>(m).fill(false);
  const go = (i: number, acc: number) => {
    if (i === n) return void (best = Math.min(best, acc));
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + cost[i]![j]!);
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe('hungarian', () => {
  test('finds the optimum on a classic 3x3', () => {
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const a = hungarian(cost);
    expect(total(cost, a)).toBe(5);
    expect(new Set(a).size).toBe(3);
  });

  test('matches brute force on random square and rectangular matrices', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(rnd() * 6);
      const m = n + Math.floor(rnd() * 3);
      const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(rnd() * 20)));
      const a = hungarian(cost);
      expect(total(cost, a)).toBe(bruteMin(cost));
      // more rows than columns: solve the transpose
      const t = cost[0]!.map((_, j) => cost.map((r) => r[j]!));
      const b = hungarian(t);
      expect(b.filter((x) => x >= 0).length).toBe(n);
      expect(total(t, b)).toBe(bruteMin(cost));
    }
  });

  test('leaves rows unassigned rather than using a forbidden pair', () => {
    const cost = [
      [1, Infinity],
      [2, Infinity],
    ];
    const a = hungarian(cost);
    expect(a.filter((j) => j === 1)).toEqual([]);
    expect(a.filter((j) => j === 0).length).toBe(1);
    expect(a).toContain(-1);
  });

  test('empty input', () => {
    expect(hungarian([])).toEqual([]);
    expect(hungarian([[], []])).toEqual([-1, -1]);
  });
});

describe('greedyAssignment', () => {
  test('cheapest first, each row and column once, infinite pairs skipped', () => {
    const a = greedyAssignment(3, [
      { row: 0, col: 0, cost: 0.5 },
      { row: 1, col: 0, cost: 0.1 },
      { row: 0, col: 1, cost: 0.7 },
      { row: 2, col: 2, cost: Infinity },
    ]);
    expect(a).toEqual([1, 0, -1]);
  });
});
