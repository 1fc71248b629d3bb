import { describe, expect, it } from 'vitest';
import type { KeySource } from '../../src/checkpoint/key-source.js';
import { resolveSides } from '../../src/analysis/sides.js';

/**
 * s23-verify F5 and F8: a printed list that holds no model's keys was read as one. `named_children()`'s module names
 * got a 0.95 rename `\.weight$ → ""`; `print(ckpt.keys())`'s fields were "probably of another model". Both are refused.
 */
const list = (file: string, keys: string[]): KeySource => ({ kind: 'key-list', file, entries: keys.map((key) => ({ key, shape: null, dtype: null })) });
const manifest = (keys: string[]): KeySource => ({ kind: 'manifest', file: 'model.json', entries: keys.map((key) => ({ key, shape: [2], dtype: 'float32' })) });
const NET = ['conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked', 'fc.weight', 'fc.bias'];

describe('a printed list that holds no model keys', () => {
  it('module names are refused as module names, on either side', () => {
    expect(() => resolveSides(manifest(NET), list('children.txt', ['conv', 'bn', 'fc']))).toThrow(/module names \(conv, bn, fc\).*print model\.state_dict\(\)\.keys\(\)/);
    expect(() => resolveSides(manifest(NET), list('children.txt', ['conv', 'bn', 'fc']))).toThrow(expect.objectContaining({ file: 'children.txt' }));
    expect(() => resolveSides(list('children.txt', ['conv', 'bn', 'fc']), manifest(NET))).toThrow(/module names/);
  });

  it("a checkpoint's fields are named as such", () => {
    expect(() => resolveSides(manifest(NET), list('fields.txt', ['epoch', 'state_dict', 'optimizer']))).toThrow(/checkpoint's fields \(epoch, state_dict, optimizer\).*ckpt\['state_dict'\]\.keys\(\)/);
  });

  it('a list with one real key, or number fields alone, is read as keys', () => {
    expect(() => resolveSides(manifest(NET), list('a.txt', ['conv', 'fc.weight']))).not.toThrow();
    expect(() => resolveSides(manifest(['scale']), list('b.txt', ['step', 'epoch']))).not.toThrow();
    expect(() => resolveSides(manifest(NET), list('c.txt', ['module.conv.weight', 'module.fc.weight']))).not.toThrow();
  });
});
