import { describe, expect, it } from 'vitest';
import { unshapedTargets } from '../../src/plan/unshaped.js';
import type { KeyEntry } from '../../src/formats/keys.js';

/**
 * Review24 F10: with a checkpoint and a names-only error, the last 2-D weight the plan writes was called "a
 * head of N classes" when its name merely matched a head word: a block's MLP layer (`blocks.3.mlp.fc2`) and
 * an LM's vocabulary output (`lm_head`). A head is a head only where its name says the network's output.
 */
const unshaped = (keys: [string, number[]][]) => {
  const target: KeyEntry[] = keys.map(([key]) => ({ key, shape: null, dtype: 'float32' }));
  const produced = new Map(keys.map(([key, shape]) => [key, { key, shape, dtype: 'float32' } as KeyEntry]));
  return unshapedTargets(target, produced)!;
};

describe('the head an unshaped plan warns about (review24 F10)', () => {
  it('a transformer block\'s MLP layer written last is no head', () => {
    const u = unshaped([['pretrained.blocks.3.norm1.weight', [16]], ['pretrained.blocks.3.mlp.fc1.weight', [64, 16]], ['pretrained.blocks.3.mlp.fc2.weight', [4, 16]], ['pretrained.blocks.3.mlp.fc2.bias', [4]]]);
    expect(u.head).toBeNull();
  });

  it('an LM head is an output over a vocabulary, never classes', () => {
    const u = unshaped([['transformer.wte.weight', [96, 32]], ['transformer.h.0.mlp.c_fc.weight', [32, 128]], ['lm_head.weight', [96, 32]]]);
    expect(u.head?.module).toBe('lm_head');
    expect(u.head?.vocabulary).toBe(true);
    expect(u.head?.known).toBeNull();
  });

  it('the checkpoint\'s own name of the head is kept beside the model\'s (review 25 F13g)', () => {
    const target: KeyEntry[] = [{ key: 'embed.weight', shape: null, dtype: 'float32' }, { key: 'lm_head.weight', shape: null, dtype: 'float32' }];
    const produced = new Map<string, KeyEntry>([['embed.weight', { key: 'embed.weight', shape: [50, 16], dtype: 'float32' }], ['lm_head.weight', { key: 'head.weight', shape: [50, 16], dtype: 'float32' }]]);
    const u = unshapedTargets(target, produced)!;
    expect(u.head?.module).toBe('lm_head');
    expect(u.head?.checkpointKey).toBe('head.weight');
  });

  it('a classifier written last is still a head of classes', () => {
    const u = unshaped([['layer4.1.conv2.weight', [512, 512, 3, 3]], ['fc.weight', [1000, 512]], ['fc.bias', [1000]]]);
    expect(u.head?.module).toBe('fc');
    expect(u.head?.vocabulary).toBe(false);
    expect(u.head?.known).not.toBeNull();
  });
});
