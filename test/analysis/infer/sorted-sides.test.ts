import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const byName = (entries: KeyEntry[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const layers = (n: number, f: (i: number) => KeyEntry[]) => Array.from({ length: n }, (_, i) => f(i)).flat();

describe('a side listed sorted by name: the alphabet orders its siblings, not the model', () => {
  test('with every index below 10 (natural order = alphabetical) the sort is still no evidence: wq/wk/wv/wo are never crossed', () => {
    // meta-llama's definition order against an HF safetensors file (sorted): k_proj, o_proj, q_proj, v_proj
    const source = layers(4, (i) => [
      ...['wq', 'wk', 'wv', 'wo'].map((n) => e(`layers.${i}.attention.${n}.weight`, [8, 8])),
      e(`layers.${i}.feed_forward.w2.weight`, [8, 24]),
    ]);
    const target = byName(
      layers(4, (i) => [
        ...['q_proj', 'k_proj', 'v_proj', 'o_proj'].map((n) => e(`model.layers.${i}.self_attn.${n}.weight`, [8, 8])),
        e(`model.layers.${i}.mlp.down_proj.weight`, [8, 24]),
      ]),
    );
    const r = inferPlan({ source, target });
    const right = { wq: 'q_proj', wk: 'k_proj', wv: 'v_proj', wo: 'o_proj' };
    for (let i = 0; i < 4; i++) {
      for (const [s, t] of Object.entries(right)) {
        const got = r.mapping[`layers.${i}.attention.${s}.weight`];
        if (got?.includes('self_attn')) expect(got).toBe(`model.layers.${i}.self_attn.${t}.weight`);
      }
    }
    expect(r.ambiguities.some((a) => a.keys.includes('layers.0.attention.wq.weight'))).toBe(true);
  });

  test('twins numbered only on the unsorted side (w1, w3) against sorted names that say nothing are listed, not paired by the alphabet', () => {
    const source = layers(12, (i) => [
      e(`layers.${i}.feed_forward.w1.weight`, [24, 8]),
      e(`layers.${i}.feed_forward.w2.weight`, [8, 24]),
      e(`layers.${i}.feed_forward.w3.weight`, [24, 8]),
    ]);
    const target = byName(
      layers(12, (i) => [
        e(`model.layers.${i}.mlp.wg.weight`, [24, 8]),
        e(`model.layers.${i}.mlp.proj_down.weight`, [8, 24]),
        e(`model.layers.${i}.mlp.fc_up.weight`, [24, 8]),
      ]),
    );
    const r = inferPlan({ source, target });
    for (const i of [0, 5, 11]) {
      expect(String(r.mapping[`layers.${i}.feed_forward.w1.weight`])).not.toMatch(/mlp\.(fc_up|wg)/);
      expect(String(r.mapping[`layers.${i}.feed_forward.w3.weight`])).not.toMatch(/mlp\.(fc_up|wg)/);
      const tie = r.ambiguities.find((a) => a.keys.includes(`layers.${i}.feed_forward.w1.weight`));
      expect(tie?.candidates).toEqual(expect.arrayContaining([`model.layers.${i}.mlp.fc_up.weight`, `model.layers.${i}.mlp.wg.weight`]));
    }
  });

  test('counters of twin BatchNorms held back are listed with their candidates, never dropped as if the model had no place for them', () => {
    const bn = (m: string, c: number) => [e(`${m}.weight`, [c]), e(`${m}.bias`, [c]), e(`${m}.running_mean`, [c]), e(`${m}.running_var`, [c]), e(`${m}.num_batches_tracked`, [])];
    const source = layers(6, (i) => [e(`blocks.${i}.conv.weight`, [24, 8, 3, 3]), ...bn(`blocks.${i}.n1`, 24), ...bn(`blocks.${i}.n3`, 24)]);
    const target = byName(layers(6, (i) => [e(`stage.${i}.conv.weight`, [24, 8, 3, 3]), ...bn(`stage.${i}.norm_up`, 24), ...bn(`stage.${i}.gate_norm`, 24)]));
    const r = inferPlan({ source, target });
    for (const i of [0, 3, 5]) {
      for (const n of ['n1', 'n3']) {
        const k = `blocks.${i}.${n}.num_batches_tracked`;
        // not dropped (null), not paired by the alphabet: unpaired and listed
        expect(r.mapping[k] === null || /norm_up|gate_norm/.test(String(r.mapping[k]))).toBe(false);
      }
      const tie = r.ambiguities.find((a) => a.keys.includes(`blocks.${i}.n1.weight`));
      // (an ambiguity lists its first keys: both modules are named among them)
      expect(tie?.candidates.some((k) => k.startsWith(`stage.${i}.norm_up.`))).toBe(true);
      expect(tie?.candidates.some((k) => k.startsWith(`stage.${i}.gate_norm.`))).toBe(true);
    }
  });

  test('letters in sequence on the sorted side (pycls f.a, f.b, f.c) enumerate like numbers: paired in order with conv1, conv2, conv3', () => {
    const source = byName(
      layers(3, (i) => ['a', 'b', 'c'].flatMap((n) => [e(`s1.b${i + 1}.f.${n}.weight`, [8, 8, 3, 3]), e(`s1.b${i + 1}.f.${n}_bn.weight`, [8])])),
    );
    const target = layers(3, (i) => [1, 2, 3].flatMap((n) => [e(`layer1.${i}.conv${n}.weight`, [8, 8, 3, 3]), e(`layer1.${i}.bn${n}.weight`, [8])]));
    const r = inferPlan({ source, target });
    for (const [n, k] of [['a', 1], ['b', 2], ['c', 3]] as const) {
      expect(r.mapping[`s1.b2.f.${n}.weight`]).toBe(`layer1.1.conv${k}.weight`);
      expect(r.mapping[`s1.b2.f.${n}_bn.weight`]).toBe(`layer1.1.bn${k}.weight`);
    }
  });
});
