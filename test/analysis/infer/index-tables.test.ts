import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { indexTables } from '../../../src/analysis/infer/index-tables.js';
import { simulateNames } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

/**
 * torchvision's VGG-BN `features` (conv, bn, relu per layer, a max pool per stage: one flat Sequential) and
 * mmpretrain's VGG (ConvModule n = conv + bn, the pools counted in n), as mmpretrain's vgg_to_mmpretrain.py
 * maps them with its own index table. `stages` gives each stage's conv widths.
 */
function vgg(stages: number[][]): { source: KeyEntry[]; target: KeyEntry[]; truth: Map<string, string> } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth = new Map<string, string>();
  let s = 0;
  let n = 0;
  let cin = 3;
  const bn = (c: number): [string, number[]][] => [['weight', [c]], ['bias', [c]], ['running_mean', [c]], ['running_var', [c]], ['num_batches_tracked', []]];
  for (const stage of stages) {
    for (const c of stage) {
      for (const [leaf, shape] of [['weight', [c, cin, 3, 3]], ['bias', [c]]] as [string, number[]][]) {
        source.push(e(`features.${s}.${leaf}`, shape));
        target.push(e(`backbone.features.${n}.conv.${leaf}`, shape));
        truth.set(`features.${s}.${leaf}`, `backbone.features.${n}.conv.${leaf}`);
      }
      for (const [leaf, shape] of bn(c)) {
        source.push(e(`features.${s + 1}.${leaf}`, shape));
        target.push(e(`backbone.features.${n}.bn.${leaf}`, shape));
        truth.set(`features.${s + 1}.${leaf}`, `backbone.features.${n}.bn.${leaf}`);
      }
      s += 3;
      n += 1;
      cin = c;
    }
    // the pool: one index on each side, no tensors
    s += 1;
    n += 1;
  }
  for (const [i, shape] of [[0, [32, cin * 4]], [3, [10, 32]]] as [number, number[]][]) {
    for (const [leaf, sh] of [['weight', shape], ['bias', [shape[0]!]]] as [string, number[]][]) {
      source.push(e(`classifier.${i}.${leaf}`, sh));
      target.push(e(`backbone.classifier.${i}.${leaf}`, sh));
      truth.set(`classifier.${i}.${leaf}`, `backbone.classifier.${i}.${leaf}`);
    }
  }
  return { source, target, truth };
}

describe('index tables: a flat list renumbered by no arithmetic is one rename by table', () => {
  test('VGG-BN torchvision → mmpretrain: one table for features, one rename for the classifier; every key right', () => {
    const { source, target, truth } = vgg([[8, 8], [16, 16], [32, 32, 32], [64, 64, 64], [64, 64, 64]]);
    const r = inferPlan({ source, target });
    for (const [k, v] of truth) expect(r.mapping[k]).toBe(v);
    expect(r.leftover).toEqual([]);
    expect(r.unmapped).toEqual([]);
    // mmpretrain's converter: 3 rules (its table, the prefix); one op per module before (57 at VGG-16)
    expect(r.ops.length).toBeLessThanOrEqual(3);
    // the cause names the table, not a replacement the op does not have (it read "→ undefined")
    const tableCause = r.causes.find((c) => c.code === 'rename' && c.message.includes('features'));
    expect(tableCause?.message).toMatch(/→ by an index table of \d+ rows \(group 1 picks the row\)$/);
    expect(r.causes.map((c) => c.message).join('\n')).not.toContain('undefined');
    const table = r.ops.find((o) => o.op === 'rename' && o.table !== undefined);
    expect(table).toMatchObject({ pattern: '^features\\.(\\d+)\\.' });
    expect((table as { table: Record<string, string> }).table).toMatchObject({ '0': 'backbone.features.0.conv.', '1': 'backbone.features.0.bn.', '7': 'backbone.features.3.conv.', '15': 'backbone.features.6.bn.' });
    // the ops run as apply runs them give the mapping
    const named = simulateNames(r.ops, source.map((x) => x.key));
    for (const [k, v] of truth) expect(named.get(k)).toBe(v);
  });

  test('rows that only renumber are no table: renames with index arithmetic say them, one per stage', () => {
    const pending = new Map<string, readonly [string, string]>(Array.from({ length: 6 }, (_, i) => [`blocks.${i}.fc.weight`, [`blocks.${i}.fc.weight`, `stages.${Math.floor(i / 3)}.layers.${i + 1}.fc.weight`]] as const));
    expect(indexTables(pending, [...pending.keys()])).toEqual([]);
    // the same list, its rows naming different things: a table
    const named = new Map([...pending].map(([k, [n, t]]) => [k, [n, t.replace('layers', Number(k.split('.')[1]) % 2 ? 'odd' : 'even')] as const]));
    expect(indexTables(named, [...named.keys()])).toHaveLength(1);
    const source = Array.from({ length: 6 }, (_, i) => [e(`blocks.${i}.fc.weight`, [4, 4]), e(`blocks.${i}.fc.bias`, [4])]).flat();
    const target = Array.from({ length: 6 }, (_, i) => [e(`layers.${i + 1}.fc.weight`, [4, 4]), e(`layers.${i + 1}.fc.bias`, [4])]).flat();
    const r = inferPlan({ source, target });
    expect(r.ops.some((o) => o.op === 'rename' && o.table !== undefined)).toBe(false);
    expect(r.mapping['blocks.5.fc.bias']).toBe('layers.6.fc.bias');
  });

  test('a row is offered only where every key of its index agrees and no other name under it would move', () => {
    const pending = new Map<string, readonly [string, string]>([
      ['f.0.w', ['f.0.w', 'g.0.a.w']],
      ['f.1.w', ['f.1.w', 'g.0.b.w']],
      ['f.3.w', ['f.3.w', 'g.1.a.w']],
      ['f.4.w', ['f.4.w', 'g.1.b.w']],
      // index 6: its two keys disagree on what replaces `f.6.`
      ['f.6.w', ['f.6.w', 'g.2.a.w']],
      ['f.6.v', ['f.6.v', 'h.2.a.v']],
    ]);
    // index 4 holds a name that stays where it is
    const universe = [...[...pending.values()].map(([n]) => n), 'f.4.stay'];
    const [t] = indexTables(pending, universe);
    expect(t!.op).toEqual({ op: 'rename', pattern: '^f\\.(\\d+)\\.', table: { '0': 'g.0.a.', '1': 'g.0.b.', '3': 'g.1.a.' } });
    expect(t!.covers).toEqual(['f.0.w', 'f.1.w', 'f.3.w']);
    // fewer than three rows left: no table
    expect(indexTables(pending, [...universe, 'f.3.stay'])).toEqual([]);
  });
});
