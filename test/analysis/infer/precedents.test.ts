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

  it('a name with an index in it is not what follows a key\'s last index: not read', () => {
    const p = new Precedents([pair('m.0.mlp.0.weight', 'n.0.fc1.weight')]);
    expect(byPrecedent(['mlp.0', 'mlp.2'], ['fc1', 'fc2'], p)).toBeNull();
  });
});
