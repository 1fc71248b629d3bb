import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const byName = (entries: KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

// review 10 F1: numbered look-alikes a sorted side lists by the alphabet were paired by that order
describe('numbered look-alikes on a side sorted by name: names and numbers pair them, never the alphabet', () => {
  // nn.LSTM(H, H, num_layers=2) saved sorted (as a safetensors file lists it) → two nn.LSTMCell
  const H = 16;
  const lstm = (prefix: string) =>
    [0, 1].flatMap((l) => [
      e(`${prefix}weight_ih_l${l}`, [4 * H, H]),
      e(`${prefix}weight_hh_l${l}`, [4 * H, H]),
      e(`${prefix}bias_ih_l${l}`, [4 * H]),
      e(`${prefix}bias_hh_l${l}`, [4 * H]),
    ]);
  const cells = [0, 1].flatMap((l) => ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((n) => e(`cells.${l}.${n}`, n.startsWith('weight') ? [4 * H, H] : [4 * H])));
  const fc = (p: string) => [e(`${p}weight`, [30, H]), e(`${p}bias`, [30])];
  const right = (k: string) => k.replace(/^rnn\.(\w+)_l(\d)$/, 'cells.$2.$1');

  test('LSTM saved sorted → LSTMCell stack: every tensor goes to the cell of its layer and its own name', () => {
    const source = byName([...lstm('rnn.'), ...fc('fc.')]);
    const r = inferPlan({ source, target: [...cells, ...fc('fc.')] });
    for (const { key } of lstm('rnn.')) expect(r.mapping[key]).toBe(right(key));
  });

  test('unsorted, as before: the same pairs', () => {
    const r = inferPlan({ source: [...lstm('rnn.'), ...fc('fc.')], target: [...cells, ...fc('fc.')] });
    for (const { key } of lstm('rnn.')) expect(r.mapping[key]).toBe(right(key));
  });

  test('sorted look-alikes whose names say nothing are listed with their candidates, not paired by the alphabet', () => {
    // `x_gain`, `att_gain` against `norm_pre`, `norm_post`: only the sort relates them. The blocks differ
    // (a [8, 8] matrix against two halves), so the gains are grouped across blocks, each with its number
    const source = byName([0, 1].flatMap((l) => [e(`blocks.${l}.x_gain.weight`, [8]), e(`blocks.${l}.att_gain.weight`, [8]), e(`blocks.${l}.proj.weight`, [8, 8])]));
    const target = [0, 1].flatMap((l) => [e(`layers.${l}.norm_pre.weight`, [8]), e(`layers.${l}.fc.weight`, [4, 8]), e(`layers.${l}.fc2.weight`, [4, 8]), e(`layers.${l}.norm_post.weight`, [8])]);
    const r = inferPlan({ source, target });
    for (const l of [0, 1]) {
      for (const n of ['x_gain', 'att_gain']) expect(String(r.mapping[`blocks.${l}.${n}.weight`])).not.toMatch(/^layers\./);
      const tie = r.ambiguities.find((a) => a.keys.includes(`blocks.${l}.att_gain.weight`));
      expect(tie?.candidates).toEqual(expect.arrayContaining([`layers.${l}.norm_pre.weight`, `layers.${l}.norm_post.weight`]));
    }
  });
});
