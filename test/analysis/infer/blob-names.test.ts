import { describe, expect, test } from 'vitest';
import { readBlobNames } from '../../../src/analysis/infer/blob-names.js';
import { readScopePaths } from '../../../src/analysis/infer/scope-paths.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { blobSegments } from '../../../src/analysis/key-tokens.js';
import { matchModules } from '../../../src/analysis/infer/modules.js';
import { locate } from '../../../src/analysis/infer/types.js';
import { simulateNames } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

describe('blobSegments (the one tokenizer reads Caffe2 blobs as paths)', () => {
  test('underscores of a dotless key are its module path', () => {
    expect(blobSegments('res2_0_branch2a_bn_s')).toEqual(['res2', '0', 'branch2a', 'bn', 's']);
    expect(blobSegments('conv1_w')).toEqual(['conv1', 'w']);
  });
  test('a dotted key, a key without underscore, or an empty segment is no blob', () => {
    expect(blobSegments('layers.0.attn_norm.weight')).toBeNull();
    expect(blobSegments('lr')).toBeNull();
    expect(blobSegments('res2__w')).toBeNull();
    expect(blobSegments('_w')).toBeNull();
  });
});

/** A ResNet bottleneck in Caffe2 names (sorted, as Detectron's R-50.pkl lists them) and in detectron2's. */
function bottleneck(stage: number, block: number, ch: number): { c2: KeyEntry[]; d2: KeyEntry[] } {
  const c2: KeyEntry[] = [];
  const d2: KeyEntry[] = [];
  (['2a', '2b', '2c'] as const).forEach((b, i) => {
    const out = i === 2 ? 4 * ch : ch;
    c2.push(e(`res${stage}_${block}_branch${b}_bn_b`, [out]), e(`res${stage}_${block}_branch${b}_bn_s`, [out]), e(`res${stage}_${block}_branch${b}_w`, [out, ch, i === 1 ? 3 : 1, i === 1 ? 3 : 1]));
    const p = `res${stage}.${block}.conv${i + 1}`;
    d2.push(e(`${p}.weight`, [out, ch, i === 1 ? 3 : 1, i === 1 ? 3 : 1]), e(`${p}.norm.weight`, [out]), e(`${p}.norm.bias`, [out]), e(`${p}.norm.running_mean`, [out]), e(`${p}.norm.running_var`, [out]));
  });
  return { c2, d2 };
}

describe('readBlobNames', () => {
  test('a blob checkpoint against a dotted model: one rename per underscore count, then the abbreviated leaves', () => {
    const r = readBlobNames([e('conv1_w', [64, 3, 7, 7]), e('res_conv1_bn_s', [64]), e('res_conv1_bn_b', [64])], [e('stem.conv1.weight', [64, 3, 7, 7])])!;
    expect(r.entries.map((x) => x.key)).toEqual(['conv1.weight', 'res.conv1.bn.weight', 'res.conv1.bn.bias']);
    // the ops are what the plan will run: they must produce exactly these names
    const names = simulateNames(r.ops, ['conv1_w', 'res_conv1_bn_s', 'res_conv1_bn_b']);
    expect([...names.values()]).toEqual(['conv1.weight', 'res.conv1.bn.weight', 'res.conv1.bn.bias']);
    expect(r.ops).toHaveLength(4);
  });
  test('not read as blobs: a dotted checkpoint, a model of blobs too, or two blobs that would read as one path', () => {
    expect(readBlobNames([e('layer1.conv_w', [1])], [e('layer1.conv.weight', [1])])).toBeNull();
    expect(readBlobNames([e('conv1_w', [1])], [e('conv1_w', [1])])).toBeNull();
    expect(readBlobNames([e('conv_w', [1]), e('conv_s', [1])], [e('conv.weight', [1])])).toBeNull();
  });
});

describe('Caffe2 blobs through inferPlan', () => {
  test('sorted blob names pair by structure: each norm follows its conv, the plan reads like the converter', () => {
    const blocks = [bottleneck(2, 0, 8), bottleneck(2, 1, 8), bottleneck(3, 0, 16)];
    const source = [...blocks.flatMap((b) => b.c2)].sort((a, b) => (a.key < b.key ? -1 : 1));
    const target = blocks.flatMap((b) => b.d2);
    const r = inferPlan({ source, target });
    for (const s of [2, 3]) {
      const block = s === 2 ? [0, 1] : [0];
      for (const b of block) {
        expect(r.mapping[`res${s}_${b}_branch2a_bn_s`]).toBe(`res${s}.${b}.conv1.norm.weight`);
        expect(r.mapping[`res${s}_${b}_branch2c_w`]).toBe(`res${s}.${b}.conv3.weight`);
        expect(r.mapping[`res${s}_${b}_branch2b_bn_b`]).toBe(`res${s}.${b}.conv2.norm.bias`);
      }
    }
    expect(r.leftover).toEqual([]);
    // templated renames, not one per blob: split, leaves, branch2a/2b/2c, bn
    expect(r.ops.length).toBeLessThanOrEqual(8);
    // the statistics FrozenBN keeps have no source: missing, never invented
    expect(r.unmapped.every((k) => k.endsWith('running_mean') || k.endsWith('running_var'))).toBe(true);
  });
});

/** The same bottleneck as mmdet's ResNet holds it: the norms numbered beside the convs (conv1, bn1, …), a downsample in the first block. */
function mmdetBottleneck(stage: number, block: number, ch: number, first = 2 * ch): { c2: KeyEntry[]; mm: KeyEntry[] } {
  const c2: KeyEntry[] = [];
  const mm: KeyEntry[] = [];
  const cin = block === 0 ? first : 4 * ch;
  const at = `layer${stage - 1}.${block}`;
  const bn = (p: string, n: number) => [e(`${p}.weight`, [n]), e(`${p}.bias`, [n]), e(`${p}.running_mean`, [n]), e(`${p}.running_var`, [n])];
  (['2a', '2b', '2c'] as const).forEach((b, i) => {
    const out = i === 2 ? 4 * ch : ch;
    const shape = [out, i === 0 ? cin : ch, i === 1 ? 3 : 1, i === 1 ? 3 : 1];
    c2.push(e(`res${stage}_${block}_branch${b}_bn_b`, [out]), e(`res${stage}_${block}_branch${b}_bn_s`, [out]), e(`res${stage}_${block}_branch${b}_w`, shape));
    mm.push(e(`${at}.conv${i + 1}.weight`, shape), ...bn(`${at}.bn${i + 1}`, out));
  });
  if (block === 0) {
    c2.push(e(`res${stage}_${block}_branch1_bn_b`, [4 * ch]), e(`res${stage}_${block}_branch1_bn_s`, [4 * ch]), e(`res${stage}_${block}_branch1_w`, [4 * ch, cin, 1, 1]));
    mm.push(e(`${at}.downsample.0.weight`, [4 * ch, cin, 1, 1]), ...bn(`${at}.downsample.1`, 4 * ch));
  }
  return { c2, mm };
}

describe('Caffe2 blobs against numbered partners (mmdet: conv1, bn1, conv2, bn2)', () => {
  test('a norm nested under its conv blob is the bn numbered as that conv, though the names share another number', () => {
    // bn1 and bn2 are one shape and the blobs are sorted: only `branch2a` (its weight is conv1) says branch2a.bn is bn1;
    // `branch2b` carries the 2 of bn2 in every block, which names alone read the other way
    const blocks = [mmdetBottleneck(3, 0, 8), mmdetBottleneck(3, 1, 8), mmdetBottleneck(4, 0, 16), mmdetBottleneck(4, 1, 16)];
    const source = blocks.flatMap((b) => b.c2).sort((a, b) => (a.key < b.key ? -1 : 1));
    const target = blocks.flatMap((b) => b.mm);
    const r = inferPlan({ source, target });
    for (const [s, b] of [[3, 0], [3, 1], [4, 0], [4, 1]] as const) {
      expect(r.mapping[`res${s}_${b}_branch2a_bn_s`]).toBe(`layer${s - 1}.${b}.bn1.weight`);
      expect(r.mapping[`res${s}_${b}_branch2b_bn_b`]).toBe(`layer${s - 1}.${b}.bn2.bias`);
      expect(r.mapping[`res${s}_${b}_branch2c_bn_s`]).toBe(`layer${s - 1}.${b}.bn3.weight`);
      expect(r.mapping[`res${s}_${b}_branch2b_w`]).toBe(`layer${s - 1}.${b}.conv2.weight`);
    }
    expect(r.leftover).toEqual([]);
  });

  test('the first stage, whose downsample and third conv are one shape: the other stages say which blob is the downsample', () => {
    // layer1.0 takes the stem's width: branch1 and branch2c are both [4·ch, ch, 1, 1] with their norms, against
    // one `downsample` (conv3 and bn3 are no unit of their own there). Every later stage paired branch1 with downsample
    const blocks = [mmdetBottleneck(2, 0, 8, 8), mmdetBottleneck(2, 1, 8), mmdetBottleneck(3, 0, 16), mmdetBottleneck(3, 1, 16), mmdetBottleneck(4, 0, 32)];
    const source = blocks.flatMap((b) => b.c2).sort((a, b) => (a.key < b.key ? -1 : 1));
    const target = blocks.flatMap((b) => b.mm);
    const r = inferPlan({ source, target });
    expect(r.mapping['res2_0_branch1_w']).toBe('layer1.0.downsample.0.weight');
    expect(r.mapping['res2_0_branch1_bn_s']).toBe('layer1.0.downsample.1.weight');
    expect(r.mapping['res2_0_branch2c_w']).toBe('layer1.0.conv3.weight');
    expect(r.mapping['res2_0_branch2c_bn_b']).toBe('layer1.0.bn3.bias');
    expect(r.leftover).toEqual([]);
  });
});

describe('module signatures leave running statistics out', () => {
  test('a conv with an affine-channel norm meets a conv with a BatchNorm holding statistics', () => {
    const source = [e('b.x.weight', [8, 8, 1, 1]), e('b.x.bn.weight', [8]), e('b.x.bn.bias', [8]), e('b.y.weight', [8, 8, 3, 3]), e('b.y.bn.weight', [8]), e('b.y.bn.bias', [8])];
    const target = ['conv1', 'conv2'].flatMap((c, i) => [e(`b.${c}.weight`, [8, 8, i ? 3 : 1, i ? 3 : 1]), e(`b.${c}.norm.weight`, [8]), e(`b.${c}.norm.bias`, [8]), e(`b.${c}.norm.running_mean`, [8]), e(`b.${c}.norm.running_var`, [8])]);
    // listed in the other order than the model: only the module (its conv's shape) tells the norms apart
    const pairs = Object.fromEntries(matchModules({ source: locate([...source.slice(3), ...source.slice(0, 3)]), target: locate(target) }).map((p) => [p.source, p.target]));
    expect(pairs['b.x.bn.weight']).toBe('b.conv1.norm.weight');
    expect(pairs['b.y.bn.bias']).toBe('b.conv2.norm.bias');
  });
});

describe('TensorFlow variable paths', () => {
  const d = 8;
  // Mesh TF names (sorted, as tf.train.list_variables gives them), one Adafactor slot and the step counter
  const source = [
    e('encoder/block_000/layer_000/SelfAttention/k', [d, d]),
    e('encoder/block_000/layer_000/SelfAttention/q', [d, d]),
    e('encoder/block_000/layer_000/SelfAttention/q_slot_vc', [d]),
    e('encoder/block_000/layer_000/layer_norm/scale', [d]),
    e('encoder/block_000/layer_001/DenseReluDense/wi/kernel', [d, 4 * d]),
    e('encoder/block_001/layer_000/SelfAttention/k', [d, d]),
    e('encoder/block_001/layer_000/SelfAttention/q', [d, d]),
    e('encoder/block_001/layer_000/layer_norm/scale', [d]),
    e('encoder/block_001/layer_001/DenseReluDense/wi/kernel', [d, 4 * d]),
    e('global_step', []),
  ];
  const target = [0, 1].flatMap((b) => [
    e(`encoder.block.${b}.layer.0.SelfAttention.q.weight`, [d, d]),
    e(`encoder.block.${b}.layer.0.SelfAttention.k.weight`, [d, d]),
    e(`encoder.block.${b}.layer.0.layer_norm.weight`, [d]),
    e(`encoder.block.${b}.layer.1.DenseReluDense.wi.weight`, [4 * d, d]),
  ]);

  test('through inferPlan: every 2-D array transposed (square ones too: TF stores [in, out]), slots dropped, names exact', () => {
    const r = inferPlan({ source, target });
    expect(r.mapping['encoder/block_001/layer_000/SelfAttention/q']).toBe('encoder.block.1.layer.0.SelfAttention.q.weight');
    expect(r.mapping['encoder/block_000/layer_001/DenseReluDense/wi/kernel']).toBe('encoder.block.0.layer.1.DenseReluDense.wi.weight');
    expect(r.mapping['encoder/block_000/layer_000/SelfAttention/q_slot_vc']).toBeNull();
    expect(r.mapping['global_step']).toBeNull();
    // the square q is transposed too (ops run after the scope-path renames, on dot paths)
    const transposes = r.ops.filter((o) => o.op === 'transpose' && 'pattern' in o && o.pattern !== undefined);
    expect(transposes.some((t) => 'pattern' in t && new RegExp(t.pattern!).test('encoder.block.0.layer.0.SelfAttention.q.weight'))).toBe(true);
    expect(transposes.some((t) => 'pattern' in t && new RegExp(t.pattern!).test('encoder.block.1.layer.1.DenseReluDense.wi.weight'))).toBe(true);
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.sizeMismatches).toEqual([]);
  });

  test('not a TF checkpoint: dotted keys, or a model named with slashes too', () => {
    expect(readScopePaths([e('a.b/c', [1])], target)).toBeNull();
    expect(readScopePaths(source, [e('encoder/x', [1])])).toBeNull();
  });
});
