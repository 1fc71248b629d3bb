import { describe, expect, it } from 'vitest';
import { byPrecedent, Precedents } from '../../../src/analysis/infer/precedents.js';
import type { KeyPair } from '../../../src/analysis/infer/types.js';

const pair = (source: string, target: string): KeyPair => ({ source, target, stage: 'module', confidence: 0.9 });

describe('look-alike siblings settled by how another block paired the same names', () => {
  // the encoder's one attention per block, paired by its unique signature
  const made = new Precedents([
    pair('encoder.blocks.0.attn.query.weight', 'model.encoder.layers.0.self_attn.q_proj.weight'),
    pair('encoder.blocks.1.attn_ln.weight', 'model.encoder.layers.1.self_attn_layer_norm.weight'),
    pair('encoder.blocks.1.mlp_ln.weight', 'model.encoder.layers.1.final_layer_norm.weight'),
  ]);

  it('attn is self_attn as in the encoder, so cross_attn is the encoder_attn left', () => {
    expect(byPrecedent(['attn', 'cross_attn'], ['self_attn', 'encoder_attn'], made)).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(byPrecedent(['cross_attn', 'attn'], ['self_attn', 'encoder_attn'], made)).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('three norms, two with precedents: the third by elimination', () => {
    const got = byPrecedent(['attn_ln', 'cross_attn_ln', 'mlp_ln'], ['self_attn_layer_norm', 'encoder_attn_layer_norm', 'final_layer_norm'], made);
    expect(new Map(got!)).toEqual(new Map([[0, 0], [1, 1], [2, 2]]));
  });

  it('no precedent, or one that fits both, settles nothing: the group stays listed', () => {
    expect(byPrecedent(['a', 'b'], ['x', 'y'], made)).toBeNull();
    const both = new Precedents([pair('m.0.attn.w', 'n.0.self_attn.w'), pair('m.1.attn.w', 'n.1.encoder_attn.w')]);
    expect(byPrecedent(['attn', 'cross_attn'], ['self_attn', 'encoder_attn'], both)).toBeNull();
  });

  it('more units on one side: each of the fewer must be a precedent, the rest left over', () => {
    // the precedent's target holds an index of its own below the block (`downsample.0`): its tail after the block's index counts
    const p = new Precedents([pair('res3.0.branch1.weight', 'layer2.0.downsample.0.weight'), pair('res3.0.branch2c.weight', 'layer2.0.conv3.weight')]);
    expect(byPrecedent(['branch1', 'branch2c'], ['downsample'], p)).toEqual([[0, 0]]);
    expect(byPrecedent(['branch2c', 'branch1'], ['downsample'], p)).toEqual([[1, 0]]);
    // no elimination: a unit left of the fewer with no precedent of its own settles nothing
    expect(byPrecedent(['branch1'], ['downsample', 'shortcut'], new Precedents([]))).toBeNull();
    expect(byPrecedent(['branch1', 'branch2c'], ['shortcut'], p)).toBeNull();
  });

  it('a name with an index in it is not what follows a key\'s last index: not read', () => {
    const p = new Precedents([pair('m.0.mlp.0.weight', 'n.0.fc1.weight')]);
    expect(byPrecedent(['mlp.0', 'mlp.2'], ['fc1', 'fc2'], p)).toBeNull();
  });
});
