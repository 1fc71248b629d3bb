import { describe, expect, it } from 'vitest';
import { checkKeys } from '../../src/analysis/check.js';
import { DEFAULT_POLICY } from '../../src/analysis/check-policy.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/** check with the real plan inference on hand-written key lists: what a reviewer sees for common changes. */

function keys(spec: Record<string, number[]>): KeyEntry[] {
  return Object.entries(spec).map(([key, shape]) => ({ key, shape, dtype: 'float32' }));
}

const layers = (prefix: string, n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      [`${prefix}${i}.attention.wq.weight`, [16, 16]],
      [`${prefix}${i}.attention.wk.weight`, [16, 16]],
      [`${prefix}${i}.norm.weight`, [16]],
    ]).flat() as [string, number[]][],
  );

describe('checkKeys with inference', () => {
  it('a wrapper prefix added to every key is one migratable change per key', () => {
    const base = keys({ 'embed.weight': [100, 16], ...layers('layers.', 4), 'out.weight': [100, 16] });
    const cur = base.map((e) => ({ ...e, key: `model.${e.key}` }));
    const r = checkKeys({ baseline: base, current: cur, policy: DEFAULT_POLICY });
    expect(r.verdict).toBe('migratable');
    expect(r.counts.renamed).toBe(base.length);
    expect(r.changes.renamed.every((x) => x.to[0] === `model.${x.from[0]}` && x.severity === 'migratable')).toBe(true);
    expect(r.changes.added).toEqual([]);
  });

  it('a removed layer is breaking and names its keys; the other layers are unchanged', () => {
    const base = keys({ 'embed.weight': [100, 16], ...layers('layers.', 4) });
    const cur = base.filter((e) => !e.key.startsWith('layers.3.'));
    const r = checkKeys({ baseline: base, current: cur, policy: DEFAULT_POLICY });
    expect(r.verdict).toBe('breaking');
    expect(r.changes.removed.map((x) => x.key)).toEqual(['layers.3.attention.wq.weight', 'layers.3.attention.wk.weight', 'layers.3.norm.weight']);
    expect(r.unchanged).toHaveLength(cur.length);
  });

  it('a resized classifier is a shape change with the classifier reason', () => {
    const base = keys({ ...layers('blocks.', 2), 'head.weight': [1000, 16], 'head.bias': [1000] });
    const cur = keys({ ...layers('blocks.', 2), 'head.weight': [10, 16], 'head.bias': [10] });
    const r = checkKeys({ baseline: base, current: cur, policy: DEFAULT_POLICY });
    expect(r.verdict).toBe('breaking');
    expect(r.changes.shapeChanged.map((s) => [s.key, s.reason])).toEqual([
      ['head.weight', 'classifier of another class count'],
      ['head.bias', 'classifier of another class count'],
    ]);
  });

  it('an unrelated model is breaking: nothing is invented as a rename', () => {
    const base = keys({ 'conv1.weight': [64, 3, 7, 7], 'bn1.weight': [64], 'fc.weight': [1000, 512] });
    const cur = keys({ 'wte.weight': [50257, 768], 'wpe.weight': [1024, 768], 'ln_f.weight': [768] });
    const r = checkKeys({ baseline: base, current: cur, policy: DEFAULT_POLICY });
    expect(r.verdict).toBe('breaking');
    expect(r.changes.renamed).toEqual([]);
    expect(r.counts).toMatchObject({ removed: 3, added: 3 });
  });
});
