import { describe, expect, it } from 'vitest';
import type { KeyEntry } from '../../src/formats/keys.js';
import { heldSubtree } from '../../src/plan/held-subtree.js';

/** s22-mend5's leftover: the model's missing subtree the file holds under another prefix, paired whole and one to one. */
const e = (key: string, shape: number[] | null = [8]): KeyEntry => ({ key, shape, dtype: null });
const TOWER = ['conv1.weight', 'conv1.bias', 'ln_pre.weight', 'blocks.0.weight'];
const source = [...TOWER.map((t) => e(`clip.visual.${t}`)), e('model.head.weight')];
const missing = TOWER.map((t) => `model.clip.visual.${t}`);
// the implied target: the file's keys the error does not name, and the model's missing ones (no shapes)
const target = [...source, ...missing.map((k) => e(k, null))];

describe('heldSubtree', () => {
  it('names the two prefixes and the file\'s keys when every key pairs', () => {
    expect(heldSubtree(source, target, missing)).toEqual({ from: 'clip.visual.', to: 'model.clip.visual.', keys: TOWER.map((t) => `clip.visual.${t}`) });
  });

  it('the file holding a key more under its prefix: none', () => {
    expect(heldSubtree([...source, e('clip.visual.proj')], target, missing)).toBeNull();
  });

  it('a missing key the file lacks under the prefix: none', () => {
    expect(heldSubtree(source, [...target, e('model.clip.visual.extra.weight', null)], [...missing, 'model.clip.visual.extra.weight'])).toBeNull();
  });

  it('a key of the model\'s subtree that loaded: none (the move would be partial)', () => {
    expect(heldSubtree(source, [...target, e('model.clip.visual.ln_post.weight')], missing)).toBeNull();
  });

  it('a shape both sides know that differs: none', () => {
    const shaped = target.map((x) => (x.key === 'model.clip.visual.conv1.weight' ? e(x.key, [9]) : x));
    expect(heldSubtree(source, shaped, missing)).toBeNull();
  });

  it('two file prefixes that would both do: none (no guess between them)', () => {
    const twice = [...source, ...TOWER.map((t) => e(`ema.visual.${t}`))];
    expect(heldSubtree(twice, [...twice, ...missing.map((k) => e(k, null))], missing)).toBeNull();
  });
});
