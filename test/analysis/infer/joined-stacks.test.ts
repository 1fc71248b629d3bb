import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const E = 3;
const L = 2;

/** per-expert `a`/`b`/`down` of one shape each, as a v4 Mixtral holds w1/w3/w2 */
function perExpert(a: string, b: string): KeyEntry[] {
  return Array.from({ length: L }, (_, l) => Array.from({ length: E }, (_, x) => [e(`layers.${l}.moe.experts.${x}.${a}.weight`, [5, 8]), e(`layers.${l}.moe.experts.${x}.down.weight`, [8, 5]), e(`layers.${l}.moe.experts.${x}.${b}.weight`, [5, 8])]).flat()).flat();
}
function fused(whole: string): KeyEntry[] {
  return Array.from({ length: L }, (_, l) => [e(`layers.${l}.moe.experts.${whole}`, [E, 10, 8]), e(`layers.${l}.moe.experts.down_proj`, [E, 8, 5])]).flat();
}

describe('groups stacked, then joined along dim 1', () => {
  test('the whole names its parts (gate_up ← w1, w3): stacked in expert order, joined in the order the name lists, one op per kind', () => {
    const source = perExpert('w3', 'w1');
    const r = inferPlan({ source, target: fused('gate_up_proj') });
    expect(r.unmapped).toEqual([]);
    expect(r.leftover).toEqual([]);
    const out = applyOpsToKeys(r.ops, source).outputs.find((o) => o.key === 'layers.1.moe.experts.gate_up_proj')!;
    // w1 (gate) first though w3 comes first in the file, experts 0..2 within each
    expect(out.sources).toEqual(['w1', 'w3'].flatMap((w) => [0, 1, 2].map((x) => `layers.1.moe.experts.${x}.${w}.weight`)));
    expect(out.shape).toEqual([E, 10, 8]);
    expect(r.ops.filter((o) => o.op === 'concat')).toEqual([expect.objectContaining({ part: 2, parts: ['w1', 'w3'], dim: 1 })]);
    expect(r.ops.filter((o) => o.op === 'stack')).toHaveLength(3);
  });

  test('a whole whose name lists no parts: the groups add up, but the order would be a guess, so it is listed, not joined', () => {
    const source = perExpert('w1', 'w3');
    const r = inferPlan({ source, target: fused('fused_weight') });
    expect(r.unmapped).toEqual(['layers.0.moe.experts.fused_weight', 'layers.1.moe.experts.fused_weight']);
    expect(r.ops.some((o) => o.op === 'concat')).toBe(false);
    expect(r.ambiguities.some((a) => a.keys.includes('layers.0.moe.experts.fused_weight') && /does not say in which order/.test(a.reason))).toBe(true);
    // the down projections still stack: one group fits each
    expect(r.mapping['layers.0.moe.experts.2.down.weight']).toBe('layers.0.moe.experts.down_proj');
  });

  test('sizes that do not add up are no join', () => {
    const source = perExpert('w1', 'w3').map((x) => (x.key.endsWith('w3.weight') ? { ...x, shape: [4, 8] } : x));
    const r = inferPlan({ source, target: fused('gate_up_proj') });
    expect(r.ops.some((o) => o.op === 'concat')).toBe(false);
    expect(r.unmapped).toContain('layers.0.moe.experts.gate_up_proj');
  });
});
