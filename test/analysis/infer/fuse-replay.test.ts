import { describe, expect, test } from 'vitest';
import { collectFusions, copyPool, newFusions, replaysNamedPass } from '../../../src/analysis/infer/stages/fuse.js';
import { MODULE_ALIGN_MAX_KEYS } from '../../../src/analysis/infer/modules.js';
import { locate, type Pool } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

// collectFusions replays a fused-name pass on a pool unchanged since that pass took nothing (issue 14:
// module alignment runs the pass again): the replay must add exactly what a pass of its own adds.

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
// a qkv whole that two families of the same layer add up to alike: an ambiguity, nothing taken
const source = [e('layers.0.qkv.weight', [6, 4]), e('layers.0.out.weight', [4, 4])];
const target = ['a', 'b'].flatMap((m) => ['q', 'k', 'v'].map((p) => e(`layers.0.${m}.${p}.weight`, [2, 4])));
const poolOf = (): Pool => ({ source: locate(source), target: locate(target) });

describe('collectFusions on an unchanged pool', () => {
  test('a second fused-name pass adds what a fresh pass adds (the same ambiguities, as copies)', () => {
    const pool = poolOf();
    const replayed = newFusions();
    collectFusions(pool, replayed, true);
    collectFusions(pool, replayed, true);
    // the same two passes, the second on a pool object of its own (nothing to replay)
    const fresh = newFusions();
    collectFusions(poolOf(), fresh, true);
    collectFusions(poolOf(), fresh, true);
    expect(replayed.ambiguities).toHaveLength(2);
    expect(replayed).toEqual(fresh);
    expect(replayed.ambiguities[1]).not.toBe(replayed.ambiguities[0]);
  });

  test('a pool that lost a key since is searched again', () => {
    const pool = poolOf();
    const into = newFusions();
    collectFusions(pool, into, true);
    // the `b` family gone: the whole is now `a`'s alone, a split
    for (const p of ['q', 'k', 'v']) pool.target.delete(`layers.0.b.${p}.weight`);
    collectFusions(pool, into, true);
    expect(into.splits.map((s) => s.targets)).toEqual([['layers.0.a.q.weight', 'layers.0.a.k.weight', 'layers.0.a.v.weight']]);
  });

  test('a copy of the pool (the trial pass of module alignment) replays what the pool would, and a fresh pass agrees', () => {
    const pool = poolOf();
    collectFusions(pool, newFusions(), true);
    const copy = copyPool(pool);
    expect([...copy.source.keys()]).toEqual([...pool.source.keys()]);
    const replayed = newFusions();
    collectFusions(copy, replayed, true);
    const fresh = newFusions();
    collectFusions(poolOf(), fresh, true);
    expect(replayed).toEqual(fresh);
    // the copy is its own: a key taken from it stays in the pool
    copy.source.delete('layers.0.qkv.weight');
    expect(pool.source.has('layers.0.qkv.weight')).toBe(true);
  });
});

describe('replaysNamedPass: whether a fused-name pass would only replay the one recorded on the pool', () => {
  // above the size where pairs place fused parts: the pool's own pass is all a later pass can find
  const big = (): Pool => {
    const filler = Array.from({ length: MODULE_ALIGN_MAX_KEYS }, (_, i) => e(`blocks.${i}.norm.weight`, [4]));
    return { source: locate([...source, ...filler]), target: locate([...target, ...filler.map((f) => ({ ...f, key: `stages.${f.key}` }))]) };
  };

  test('a large pool after a pass that took nothing replays it, and a pass on its copy indeed takes nothing', () => {
    const pool = big();
    expect(replaysNamedPass(pool, 0)).toBe(false);
    collectFusions(pool, newFusions(), true);
    expect(replaysNamedPass(pool, 0)).toBe(true);
    const copy = copyPool(pool);
    collectFusions(copy, newFusions(), true, [{ source: 'layers.0.out.weight', target: 'layers.0.a.q.weight', stage: 'module', confidence: 1 }]);
    expect([copy.source.size, copy.target.size]).toEqual([pool.source.size, pool.target.size]);
  });

  test('not where the pool lost a key since, nor at the sizes where pairs place fused parts', () => {
    const pool = big();
    collectFusions(pool, newFusions(), true);
    pool.target.delete('layers.0.b.q.weight');
    expect(replaysNamedPass(pool, 0)).toBe(false);
    const small = poolOf();
    collectFusions(small, newFusions(), true);
    expect(replaysNamedPass(small, 0)).toBe(false);
  });
});
