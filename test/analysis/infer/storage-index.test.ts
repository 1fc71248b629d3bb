import { expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * The target's tied storages and the source's are read once per inference (storage-conflicts.ts tiedIndex),
 * not once by correspond and again, key by key, by judge-shapes (review 16): every walk of the source's
 * storage groups is counted through a proxy, and the warning judge-shapes gives is still there.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const keys = [e('embed.weight', [50, 8]), e('block.weight', [8, 8]), e('lm_head.weight', [50, 8])];

test('one walk of the source storages serves both stages', () => {
  const walks: string[] = [];
  const groups: string[][] = [['block.weight']];
  const sourceStorages = new Proxy(groups, {
    get(t, p, r) {
      if (p === 'forEach' || p === 'some' || p === 'map' || p === 'filter' || p === Symbol.iterator) walks.push(String(p));
      return Reflect.get(t, p, r);
    },
  });
  const r = inferPlan({ source: keys, target: keys, options: { targetStorages: [['embed.weight', 'lm_head.weight']], sourceStorages } });
  expect(r.warnings.some((w) => w.includes('the model ties `embed.weight`, `lm_head.weight`'))).toBe(true);
  expect(walks).toEqual(['forEach']);
});
