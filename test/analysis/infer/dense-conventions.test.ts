import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[] | null): KeyEntry => ({ key, shape, dtype: 'float32' });
const layers = ['fc1', 'fc2', 'fc3', 'head'];

/** the model keys `apply` transposes: each transposed output's key */
function transposed(r: ReturnType<typeof inferPlan>, source: KeyEntry[]): string[] {
  const ops = r.ops;
  const keysAfter = (i: number) => applyOpsToKeys(ops.slice(0, i), source).outputs.map((o) => o.key);
  const out: string[] = [];
  ops.forEach((o, i) => {
    if (o.op !== 'transpose') return;
    const names = keysAfter(i);
    for (const k of names) if (o.key === k || (o.pattern !== undefined && new RegExp(o.pattern).test(k))) out.push(k);
  });
  return out.sort();
}

describe('TF-Slim `weights` are [in, out] by convention, square or not (review 26 F6)', () => {
  test('every matrix square: each weight transposed, said by the convention; the biases not', () => {
    const source = layers.flatMap((n) => [e(`mlp/${n}/weights`, [16, 16]), e(`mlp/${n}/biases`, [16])]);
    const target = layers.flatMap((n) => [e(`${n}.weight`, [16, 16]), e(`${n}.bias`, [16])]);
    const r = inferPlan({ source, target });
    expect(r.unmapped).toEqual([]);
    expect(transposed(r, source)).toEqual(layers.map((n) => `${n}.weight`).sort());
    expect(r.ops.find((o) => o.op === 'transpose')?.evidence).toMatch(/TF-Slim fully_connected weights \[in, out\]/);
  });

  test('from an error text (no model shapes): the non-square head is transposed too, not listed as kept', () => {
    const source = layers.flatMap((n) => [e(`mlp/${n}/weights`, n === 'head' ? [16, 10] : [16, 16]), e(`mlp/${n}/biases`, [n === 'head' ? 10 : 16])]);
    const target = layers.flatMap((n) => [e(`${n}.weight`, null), e(`${n}.bias`, null)]);
    const r = inferPlan({ source, target });
    expect(transposed(r, source)).toEqual(layers.map((n) => `${n}.weight`).sort());
    expect(r.ambiguities).toEqual([]);
  });

  test('a non-square weight of the name stored as the model has it: the convention does not hold, every square is listed', () => {
    const source = layers.flatMap((n) => [e(`mlp/${n}/weights`, n === 'head' ? [10, 16] : [16, 16]), e(`mlp/${n}/biases`, [n === 'head' ? 10 : 16])]);
    const target = layers.flatMap((n) => [e(`${n}.weight`, n === 'head' ? [10, 16] : [16, 16]), e(`${n}.bias`, [n === 'head' ? 10 : 16])]);
    const r = inferPlan({ source, target });
    expect(transposed(r, source)).toEqual([]);
    expect(r.ambiguities.map((a) => a.keys[0]).sort()).toEqual(['mlp/fc1/weights', 'mlp/fc2/weights', 'mlp/fc3/weights']);
  });

  test('a TF checkpoint of squares under names no convention fixes, with no witnesses: listed, never renamed silently', () => {
    const source = ['q', 'k'].flatMap((n) => [e(`attn/${n}`, [16, 16])]);
    const target = ['q', 'k'].flatMap((n) => [e(`attn.${n}.weight`, [16, 16])]);
    const r = inferPlan({ source, target });
    expect(transposed(r, source)).toEqual([]);
    expect(r.ambiguities.map((a) => a.keys[0]).sort()).toEqual(['attn/k', 'attn/q']);
  });
});
