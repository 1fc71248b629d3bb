import { describe, expect, test } from 'vitest';
import { alignModules } from '../../../src/analysis/infer/modules.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

// Modules whose children are all keys (a layer's weight and bias) are aligned without align()'s groups
// (issue 14): the pairs, their order and the modules marked reordered must be what the groups gave.

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

function align(source: KeyEntry[], target: KeyEntry[]) {
  return alignModules({ source: locate(source), target: locate(target) });
}

describe('modules of keys only', () => {
  test('weight and bias pair by kind, in the source order, and a module listing them the other way round is marked reordered', () => {
    const r = align(
      [e('enc.0.proj.weight', [4, 6]), e('enc.0.proj.bias', [4]), e('enc.1.norm.weight', [4]), e('enc.1.norm.bias', [4])],
      [e('body.0.fc.bias', [4]), e('body.0.fc.weight', [4, 6]), e('body.1.ln.weight', [4]), e('body.1.ln.bias', [4])],
    );
    expect(r.pairs.map((p) => `${p.source} ${p.target}`)).toEqual([
      'enc.0.proj.weight body.0.fc.weight',
      'enc.0.proj.bias body.0.fc.bias',
      'enc.1.norm.weight body.1.ln.weight',
      'enc.1.norm.bias body.1.ln.bias',
    ]);
    expect(r.reorderedTargets).toEqual(['body.0.fc']);
  });

  test('a statistic one side lacks stays unpaired, the rest pairs', () => {
    const bn = (m: string, counter: boolean) => [e(`${m}.weight`, [4]), e(`${m}.bias`, [4]), e(`${m}.running_mean`, [4]), e(`${m}.running_var`, [4]), ...(counter ? [{ key: `${m}.num_batches_tracked`, shape: [], dtype: 'int64' } as KeyEntry] : [])];
    const r = align([e('a.conv.weight', [4, 3, 3, 3]), ...bn('a.bn', true)], [e('b.conv.weight', [4, 3, 3, 3]), ...bn('b.norm', false)]);
    expect(r.pairs.map((p) => p.source).sort()).toEqual(['a.bn.bias', 'a.bn.running_mean', 'a.bn.running_var', 'a.bn.weight', 'a.conv.weight']);
    expect(r.pairs.find((p) => p.source === 'a.bn.running_var')?.target).toBe('b.norm.running_var');
  });
});
