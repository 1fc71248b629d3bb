import { describe, expect, test } from 'vitest';
import { listedSortedByName, naturalCompare, naturalOrderIfSorted } from '../../../src/analysis/infer/natural-order.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { f32, H5_ORDER, KERAS_VGG, KERAS_VGG_TARGET } from './keras-vgg.js';

describe('naturalCompare: digit runs compared as numbers wherever they sit in a segment', () => {
  test('a number inside a segment (block10_attn) sorts after block2_attn, as at the end (stage10 after stage2)', () => {
    const keys = ['enc.block10_attn.weight', 'enc.block1_attn.weight', 'enc.block2_attn.weight', 'enc.block0_attn.weight'];
    expect([...keys].sort(naturalCompare)).toEqual(['enc.block0_attn.weight', 'enc.block1_attn.weight', 'enc.block2_attn.weight', 'enc.block10_attn.weight']);
    expect(['stage10', 'stage2'].sort(naturalCompare)).toEqual(['stage2', 'stage10']);
  });
  test('several runs in one segment, text between them compared as text', () => {
    expect(['l1_h10', 'l1_h9', 'l0_h11'].sort(naturalCompare)).toEqual(['l0_h11', 'l1_h9', 'l1_h10']);
    expect(naturalCompare('a1b', 'a1c')).toBeLessThan(0);
  });
  test('a side sorted by name with inner numbers is paired in natural order', () => {
    const e = (key: string) => ({ key, shape: [4], dtype: 'float32' as const });
    const sorted = ['b10_x', 'b1_x', 'b2_x'].map(e);
    expect(naturalOrderIfSorted(sorted)?.map((x) => x.key)).toEqual(['b1_x', 'b2_x', 'b10_x']);
  });
});

describe('a side laid out as safetensors writers lay it out (by dtype, then by name) is sorted by name (review 26 F4)', () => {
  // nn.Sequential of 12 conv+BN units (`body.{0,3,…}` conv, `body.{1,4,…}` BN) refactored into conv1..conv12 / bn1..bn12
  const units = Array.from({ length: 12 }, (_, i) => i);
  const moduleOrder = units.flatMap((i) => [
    f32(`body.${3 * i}.weight`, [8, 8, 3, 3]),
    f32(`body.${3 * i}.bias`, [8]),
    ...['weight', 'bias', 'running_mean', 'running_var'].map((a) => f32(`body.${3 * i + 1}.${a}`, [8])),
    { key: `body.${3 * i + 1}.num_batches_tracked`, shape: [], dtype: 'int64' as const },
  ]);
  const target = moduleOrder.map((e) => {
    const n = Number(e.key.split('.')[1]);
    return { ...e, key: e.key.replace(/^body\.\d+\./, n % 3 === 0 ? `conv${n / 3 + 1}.` : `bn${(n - 1) / 3 + 1}.`) };
  });
  const byName = (es: typeof moduleOrder) => [...es].sort((a, b) => (a.key < b.key ? -1 : 1));
  const safetensorsLayout = [...byName(moduleOrder.filter((e) => e.dtype === 'int64')), ...byName(moduleOrder.filter((e) => e.dtype === 'float32'))];

  test('the layout counts as sorted; module order with counters between the floats does not', () => {
    expect(listedSortedByName(safetensorsLayout)).toBe(true);
    expect(listedSortedByName(moduleOrder)).toBe(false);
    // sorted by name whatever the dtypes (a counter after its BatchNorm's floats, by the alphabet) stays sorted
    expect(listedSortedByName(byName(moduleOrder))).toBe(true);
    expect(naturalOrderIfSorted(safetensorsLayout)?.slice(0, 3).map((e) => e.key)).toEqual(['body.0.bias', 'body.0.weight', 'body.1.bias']);
  });

  test('inferPlan pairs every unit with its own, as from the module-order file, and says the same order evidence', () => {
    const want = (k: string) => target[moduleOrder.findIndex((e) => e.key === k)]!.key;
    const fromSorted = inferPlan({ source: safetensorsLayout, target });
    const fromModuleOrder = inferPlan({ source: moduleOrder, target });
    for (const r of [fromSorted, fromModuleOrder]) {
      expect(r.ambiguities).toEqual([]);
      for (const [k, v] of Object.entries(r.mapping)) expect(v).toBe(want(k));
    }
    expect(fromSorted.ops).toEqual(fromModuleOrder.ops);
  });
});

describe('Keras layers as an .h5 file lists them: groups by name, each layer\'s weights in its own order (review 26 F2)', () => {
  const h5Order = H5_ORDER.flatMap((l) => [f32(`${l.name}/kernel`, l.kernel), f32(`${l.name}/bias`, l.bias)]);

  test('the layer groups sorted by name make the side a sorted one, though kernel comes before bias', () => {
    expect(h5Order.slice(4, 6).map((e) => e.key)).toEqual(['conv2d_10/kernel', 'conv2d_10/bias']);
    expect(listedSortedByName(h5Order.map((e) => ({ ...e, key: e.key.replace('/', '.') })))).toBe(true);
  });

  test('each conv is paired by the number Keras gave it, not by its place in the file', () => {
    const r = inferPlan({ source: h5Order, target: KERAS_VGG_TARGET });
    for (const l of KERAS_VGG) {
      expect(r.mapping[`${l.name}/kernel`]).toBe(`${l.home}.weight`);
      expect(r.mapping[`${l.name}/bias`]).toBe(`${l.home}.bias`);
    }
  });
});
