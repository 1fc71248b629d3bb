import { describe, expect, test } from 'vitest';
import { alignModules } from '../../../src/analysis/infer/modules.js';
import { locate, type Pool } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { SCALE_STRUCTURES } from '../../../bench/gen/scale-structures.js';

// Module alignment replays align() for a pair of modules like one aligned before (align-memo.ts, issue 14):
// what it finds must be exactly what aligning every pair finds, in the same order, ties and reordered
// modules included.

/** a small deterministic generator (no Math.random: a failure reproduces) */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const aligned = (pool: Pool, unnamed: boolean, replays: boolean, sorted = { source: unnamed, target: false }) =>
  JSON.stringify(alignModules(pool, unnamed, sorted, replays));

function expectSame(source: KeyEntry[], target: KeyEntry[]): void {
  const pool = { source: locate(source), target: locate(target) };
  for (const unnamed of [false, true]) expect(aligned(pool, unnamed, true)).toBe(aligned(pool, unnamed, false));
  expect(aligned(pool, false, true, { source: false, target: true })).toBe(aligned(pool, false, false, { source: false, target: true }));
}

/**
 * Repeated blocks with what makes alignment differ from block to block: units left out, shapes that
 * change the pairing, look-alikes in another order, keys of one block listed interleaved, blocks under a
 * numbered and an unnumbered parent, a renamed or absent counterpart.
 */
function randomSides(rnd: () => number): { source: KeyEntry[]; target: KeyEntry[] } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const units = ['q', 'k', 'v', 'proj', 'norm1', 'norm2', 'fc1', 'fc2'];
  const renamed: Record<string, string> = { q: 'query', k: 'key', v: 'value', proj: 'out', norm1: 'ln_1', norm2: 'ln_2', fc1: 'up', fc2: 'down' };
  const shapes = [[8, 8], [8, 16], [16, 8], [8]];
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const blocks = 2 + Math.floor(rnd() * 10);
  for (let b = 0; b < blocks; b++) {
    const sBlock = rnd() < 0.2 ? `extra.${pick(['a', 'b'])}` : `blocks.${b}`;
    const tBlock = rnd() < 0.2 ? `head.${pick(['a', 'b'])}` : `layers.${b}`;
    const own = units.filter(() => rnd() < 0.8);
    const sKeys: KeyEntry[] = [];
    const tKeys: KeyEntry[] = [];
    for (const u of own) {
      const shape = pick(shapes);
      const leaves = shape.length === 1 ? ['weight'] : ['weight', 'bias'];
      for (const leaf of leaves) {
        const s = leaf === 'bias' ? [shape[0]!] : shape;
        sKeys.push({ key: `${sBlock}.${u}.${leaf}`, shape: s, dtype: 'float32' });
        if (rnd() < 0.95) tKeys.push({ key: `${tBlock}.${rnd() < 0.7 ? renamed[u] : u}.${leaf}`, shape: rnd() < 0.1 ? [...s].reverse() : s, dtype: rnd() < 0.05 ? 'float16' : 'float32' });
      }
    }
    // another order on one side, or keys of two units interleaved
    if (rnd() < 0.3) tKeys.reverse();
    if (rnd() < 0.2 && sKeys.length > 3) [sKeys[1], sKeys[2]] = [sKeys[2]!, sKeys[1]!];
    source.push(...sKeys);
    target.push(...tKeys);
  }
  return { source, target };
}

describe('align memo', () => {
  test('random repeated blocks: the same pairs, ties and reordered modules as aligning every pair', () => {
    const rnd = lcg(23);
    for (let trial = 0; trial < 60; trial++) {
      const { source, target } = randomSides(rnd);
      expectSame(source, target);
    }
  });

  test('scale structures (a few thousand keys): the same alignment', () => {
    for (const s of SCALE_STRUCTURES) {
      const layout = s.make(1500);
      expectSame(layout.source, layout.target);
    }
  }, 120_000);

  test('blocks alike by names but not by shapes are aligned each on its own', () => {
    // block 0: x is [8, 16] and y [8, 32]; block 1 the other way round: the target's names say nothing
    // (a, b), so shapes pair them, and block 1's pairs are not block 0's replayed
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    const shapes = [
      [[8, 16], [8, 32]],
      [[8, 32], [8, 16]],
    ];
    for (const [b, [x, y]] of shapes.entries()) {
      source.push({ key: `blocks.${b}.m.x.weight`, shape: x!, dtype: 'float32' }, { key: `blocks.${b}.m.y.weight`, shape: y!, dtype: 'float32' });
      target.push({ key: `layers.${b}.m.a.weight`, shape: [8, 16], dtype: 'float32' }, { key: `layers.${b}.m.b.weight`, shape: [8, 32], dtype: 'float32' });
    }
    const pool = { source: locate(source), target: locate(target) };
    const pairs = alignModules(pool).pairs.map((p) => `${p.source}>${p.target}`);
    expect(pairs).toEqual(['blocks.0.m.x.weight>layers.0.m.a.weight', 'blocks.0.m.y.weight>layers.0.m.b.weight', 'blocks.1.m.x.weight>layers.1.m.b.weight', 'blocks.1.m.y.weight>layers.1.m.a.weight']);
    expectSame(source, target);
  });
  test('a block whose keys come interleaved is aligned on its own: order pairs its look-alikes otherwise', () => {
    // block 0 lists q.b between p's two keys, block 1 after them: the same tree, but q.b comes before p.a
    // in block 0 only, and order pairs the look-alikes a and b with x and y
    const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
    const source = [
      ...[e('blocks.0.p.c.weight', [8, 4]), e('blocks.0.q.b.weight', [8, 8]), e('blocks.0.p.a.weight', [8, 8])],
      ...[e('blocks.1.p.c.weight', [8, 4]), e('blocks.1.p.a.weight', [8, 8]), e('blocks.1.q.b.weight', [8, 8])],
    ];
    const target = [0, 1].flatMap((b) => [e(`layers.${b}.m.weight`, [8, 4]), e(`layers.${b}.x.weight`, [8, 8]), e(`layers.${b}.y.weight`, [8, 8])]);
    const pairs = alignModules({ source: locate(source), target: locate(target) }).pairs.map((p) => `${p.source}>${p.target}`);
    expect(pairs).toContain('blocks.0.q.b.weight>layers.0.x.weight');
    expect(pairs).toContain('blocks.1.p.a.weight>layers.1.x.weight');
    expectSame(source, target);
  });
  test('a module in a numbered block is aligned on its own, apart from a like one in none', () => {
    // extra.m and blocks.0.m are alike below them, and so are head.m and layers.0.m; in m the anchors a1, a2
    // come in another order on the target side. In a numbered block that reorders the block, and its
    // look-alikes 0 and 1 are then left to names alone, which do not say (a tie); outside any numbered block
    // (blockOf '') rank pairs them. A replay of extra.m's pairs for blocks.0.m would pair them
    const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
    const sides = [
      ['extra', 'head'],
      ['blocks.0', 'layers.0'],
    ];
    const source = sides.flatMap(([s]) => [e(`${s}.n.weight`, [2, 3]), e(`${s}.m.a1.weight`, [4, 8]), e(`${s}.m.a2.weight`, [4, 16]), e(`${s}.m.0.weight`, [8, 8]), e(`${s}.m.1.weight`, [8, 8])]);
    const target = sides.flatMap(([, t]) => [e(`${t}.n.weight`, [2, 3]), e(`${t}.m.b2.weight`, [4, 16]), e(`${t}.m.b1.weight`, [4, 8]), e(`${t}.m.0.weight`, [8, 8]), e(`${t}.m.1.weight`, [8, 8])]);
    const a = alignModules({ source: locate(source), target: locate(target) });
    const pairs = a.pairs.map((p) => `${p.source}>${p.target}`);
    expect(pairs).toContain('extra.m.0.weight>head.m.0.weight');
    expect(pairs.some((p) => p.startsWith('blocks.0.m.0.'))).toBe(false);
    expect(a.ties).toHaveLength(1);
    expectSame(source, target);
  });
});
