import { expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const block = (p: string) => [e(`${p}.0.weight`, [16]), e(`${p}.0.bias`, [16]), e(`${p}.1.weight`, [16, 16]), e(`${p}.1.bias`, [16])];

// review 18 F9 (S05): blocks.0–5 regrouped as stages.{0,1}.blocks.0–2. The add_prefix keeps every key's order;
// that the pairs it moves end out of order is the rename after it, and its evidence may not say otherwise
test('a prefix op never says the order differs: it cannot reorder', () => {
  // the source a safetensors file: its keys sorted by name
  const source = [0, 1, 2, 3, 4, 5].flatMap((i) => block(`blocks.${i}`)).sort((a, b) => (a.key < b.key ? -1 : 1));
  const target = [0, 1].flatMap((s) => [0, 1, 2].flatMap((b) => block(`stages.${s}.blocks.${b}`)));
  const r = inferPlan({ source, target });
  expect(r.unmapped).toEqual([]);
  const prefixOps = r.ops.filter((o) => o.op === 'add_prefix' || o.op === 'strip_prefix');
  expect(prefixOps.length).toBeGreaterThan(0);
  for (const op of prefixOps) expect(op.evidence).not.toMatch(/order differs/);
});
