import { describe, expect, test } from 'vitest';
import { keepModulesWhole } from '../../../src/analysis/infer/whole-modules.js';
import { locate, type KeyPair, type Pool } from '../../../src/analysis/infer/types.js';
import { canCorrespond } from '../../../src/analysis/infer/shapes.js';
import { leafOf, moduleOf } from '../../../src/analysis/key-tokens.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

// keepModulesWhole collects the moves of modules that have an exact pair only (issue 14: a renamed model pairs
// 100,000 keys, none exactly): the re-pairing and the pool it leaves are the whole collection's

/** the step as it was, collecting every module's moves */
function reference(pairs: readonly KeyPair[], source: ReadonlyMap<string, any>, target: ReadonlyMap<string, any>, pool: Pool): Map<KeyPair, KeyPair> | null {
  const moved = new Map<string, KeyPair[]>();
  for (const p of pairs) {
    if (p.source === p.target) continue;
    const [x, leaf, y, tleaf] = [moduleOf(p.source), leafOf(p.source), moduleOf(p.target), leafOf(p.target)];
    if (x === '' || x === y || leaf !== tleaf) continue;
    (moved.get(x) ?? moved.set(x, []).get(x)!).push(p);
  }
  if (moved.size === 0) return null;
  const replace = new Map<KeyPair, KeyPair>();
  for (const q of pairs) {
    if (q.source !== q.target) continue;
    const along = moved.get(moduleOf(q.source));
    if (!along) continue;
    const homes = new Set(along.map((p) => moduleOf(p.target)));
    if (homes.size !== 1) continue;
    const to = `${[...homes][0]}.${leafOf(q.source)}`;
    const t = target.get(to);
    const s = source.get(q.source);
    if (!t || !s || !pool.target.has(to) || !canCorrespond(s, t)) continue;
    replace.set(q, { source: q.source, target: to, stage: along[0]!.stage, confidence: along[0]!.confidence });
    pool.target.delete(to);
    pool.target.set(q.target, target.get(q.target)!);
  }
  return replace.size === 0 ? null : replace;
}

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('keepModulesWhole', () => {
  test('a conv\'s bias follows its weight past an inserted BatchNorm', () => {
    const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
    const source = locate([e('features.4.weight', [8, 4, 3, 3]), e('features.4.bias', [8])]);
    const target = locate([e('features.4.weight', [8]), e('features.4.bias', [8]), e('features.6.weight', [8, 4, 3, 3]), e('features.6.bias', [8])]);
    const w: KeyPair = { source: 'features.4.weight', target: 'features.6.weight', stage: 'module', confidence: 0.8 };
    const b: KeyPair = { source: 'features.4.bias', target: 'features.4.bias', stage: 'exact', confidence: 1 };
    const pool: Pool = { source: new Map(), target: new Map([...target].filter(([k]) => k === 'features.6.bias' || k === 'features.4.weight')) };
    const r = keepModulesWhole([w, b], source, target, pool);
    expect(r?.get(b)).toEqual({ source: 'features.4.bias', target: 'features.6.bias', stage: 'module', confidence: 0.8 });
    expect([...pool.target.keys()].sort()).toEqual(['features.4.bias', 'features.4.weight']);
    // renamed modules with no exact pair: nothing to re-pair
    expect(keepModulesWhole([w], source, target, { source: new Map(), target: new Map(pool.target) })).toBeNull();
  });

  test('the same re-pairing and pool as collecting every module\'s moves', () => {
    let repaired = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = lcg(seed);
      const mods = ['a', 'b', 'a.0', 'a.1', 'b.0', 'c.2', 'm', ''];
      const leaves = ['weight', 'bias', 'running_mean'];
      const key = () => {
        const m = mods[Math.floor(rnd() * mods.length)]!;
        const l = leaves[Math.floor(rnd() * leaves.length)]!;
        return m ? `${m}.${l}` : l;
      };
      const shape = () => (rnd() < 0.9 ? [4] : [4, 4]);
      const sKeys = [...new Set(Array.from({ length: 14 }, key))];
      const tKeys = [...new Set(Array.from({ length: 14 }, key))];
      const source = locate(sKeys.map((k) => ({ key: k, shape: shape(), dtype: 'float32' }) as KeyEntry));
      const target = locate(tKeys.map((k) => ({ key: k, shape: shape(), dtype: 'float32' }) as KeyEntry));
      const pairs: KeyPair[] = sKeys.map((s, i) => ({ source: s, target: rnd() < 0.3 && target.has(s) ? s : tKeys[i % tKeys.length]!, stage: 'module', confidence: 0.5 }));
      const poolTargets = tKeys.filter(() => rnd() < 0.8);
      const mine: Pool = { source: new Map(), target: new Map(poolTargets.map((k) => [k, target.get(k)!])) };
      const theirs: Pool = { source: new Map(), target: new Map(poolTargets.map((k) => [k, target.get(k)!])) };
      const got = keepModulesWhole(pairs, source, target, mine);
      const want = reference(pairs, source, target, theirs);
      expect(got && [...got]).toEqual(want && [...want]);
      expect([...mine.target.keys()]).toEqual([...theirs.target.keys()]);
      if (got) repaired++;
    }
    expect(repaired).toBeGreaterThan(5);
  });
});
