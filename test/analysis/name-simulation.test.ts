import { describe, expect, test } from 'vitest';
import { applyOpsToKeys, NameSimulation, simulateNames } from '../../src/analysis/op-keys.js';
import type { PlanOp } from '../../src/plan/types.js';

// keys a plan of every op kind touches: renames, a drop, tensor ops, a split by pattern, a concat, a stack, a copy
const KEYS = [
  'module.blocks.0.attn.qkv.weight',
  'module.blocks.1.attn.qkv.weight',
  'module.blocks.0.mlp.fc1.weight',
  'module.blocks.1.mlp.fc1.weight',
  'module.blocks.0.mlp.fc2.weight',
  'module.experts.0.w1.weight',
  'module.experts.1.w1.weight',
  'module.head.weight',
  'module.embed.weight',
  'module.embed.weight',
];
const OPS: PlanOp[] = [
  { op: 'strip_prefix', prefix: 'module.' },
  { op: 'drop', pattern: '^head\\.', reason: 'classifier' },
  { op: 'rename', pattern: '^blocks\\.(\\d+)\\.', replacement: 'layers.${1+1}.' },
  { op: 'transpose', pattern: '\\.fc1\\.weight$', dims: [1, 0] },
  { op: 'rename', pattern: '(^|\\.)fc2\\.', replacement: '$1down.' },
  { op: 'split', pattern: '^layers\\.(\\d+)\\.attn\\.qkv\\.weight$', dim: 0, sizes: [1, 1, 1], targets: ['layers.$1.q.weight', 'layers.$1.k.weight', 'layers.$1.v.weight'] },
  { op: 'reshape', key: 'layers.1.mlp.fc1.weight', addTrailingOnes: 2 },
  { op: 'concat', keys: ['layers.1.mlp.fc1.weight', 'layers.2.mlp.fc1.weight'], dim: 0, target: 'fc1.weight' },
  { op: 'rename', pattern: '^layers\\.1\\.q\\.', replacement: 'first.q.' },
  { op: 'stack', pattern: '^experts\\.(\\d+)\\.w1\\.weight$', index: 1, dim: 0, target: 'experts.w1.weight' },
  { op: 'copy', key: 'embed.weight', target: 'lm_head.weight' },
  { op: 'rename', pattern: '^nothing\\.', replacement: 'never.' },
];

/** the names applyOpsToKeys gives, as simulateNames reports them */
function reference(ops: readonly PlanOp[]): Map<string, string | string[] | null> {
  const { mapping } = applyOpsToKeys(ops, KEYS.map((key) => ({ key, shape: null, dtype: null })));
  return new Map(KEYS.map((k) => [k, mapping[k] ?? null]));
}

describe('NameSimulation', () => {
  test('continued op by op, it names every key as the whole plan run at once does', () => {
    const sim = new NameSimulation(KEYS);
    for (let n = 0; n <= OPS.length; n++) {
      const grown = OPS.slice(0, n);
      const got = sim.namesAfter(grown);
      expect([...got], `after ${n} ops`).toEqual([...reference(grown)]);
      expect([...got]).toEqual([...simulateNames(grown, KEYS)]);
    }
    // the split and the stack really ran: several names for one key, one name for several
    const end = sim.namesAfter(OPS);
    expect(end.get('module.blocks.0.attn.qkv.weight')).toEqual(['first.q.weight', 'layers.1.k.weight', 'layers.1.v.weight']);
    expect(end.get('module.blocks.1.mlp.fc1.weight')).toBe('fc1.weight');
    expect(end.get('module.experts.1.w1.weight')).toBe('experts.w1.weight');
    expect(end.get('module.embed.weight')).toEqual(['embed.weight', 'lm_head.weight']);
    expect(end.get('module.head.weight')).toBeNull();
  });

  test('ops that do not extend the last ones start the run again', () => {
    const sim = new NameSimulation(KEYS);
    sim.namesAfter(OPS.slice(0, 6));
    const other: PlanOp[] = [OPS[0]!, { op: 'rename', pattern: '^blocks\\.', replacement: 'h.' }];
    expect([...sim.namesAfter(other)]).toEqual([...reference(other)]);
    expect([...sim.namesAfter(OPS.slice(0, 3))]).toEqual([...reference(OPS.slice(0, 3))]);
  });

  test('in jumps: several ops of every kind at once', () => {
    const sim = new NameSimulation(KEYS);
    for (const n of [3, 4, 7, 12]) expect([...sim.namesAfter(OPS.slice(0, n))], `after ${n} ops`).toEqual([...reference(OPS.slice(0, n))]);
  });

  test('seeded with the names the leading name ops give, it continues from them as a full run does', () => {
    const keys = [...new Set(KEYS)].filter((k) => k !== 'module.head.weight');
    const lead: PlanOp[] = [{ op: 'strip_prefix', prefix: 'module.' }, OPS[2]!];
    const rest = OPS.slice(3);
    const full = new NameSimulation(keys).after([...lead, ...rest]);
    const sim = new NameSimulation(keys);
    const seeded = sim.seed(lead, [...new NameSimulation(keys).after(lead).values] as string[]);
    expect([...seeded.values]).toEqual([...new NameSimulation(keys).after(lead).values]);
    // the names given stand for the leading ops: a seed unlike them shows in every later read
    expect([...sim.after([...lead, ...rest]).values]).toEqual([...full.values]);
    const wrong = new NameSimulation(keys);
    wrong.seed(lead, keys.map((k) => `x.${k}`));
    expect(wrong.after([...lead, ...rest]).values).not.toEqual(full.values);
    // a drop among them is refused: the names say nothing of the keys it removes
    expect(() => new NameSimulation(KEYS).seed(OPS.slice(0, 2), KEYS)).toThrow(/drop nothing/);
  });

  test('seeded with a drop among the leading ops (the keys it drops flagged), it continues as a full run does', () => {
    const keys = [...new Set(KEYS)];
    // strip_prefix, the drop of head.weight, the arithmetic rename
    const lead = OPS.slice(0, 3);
    const rest = OPS.slice(3);
    const alone = new NameSimulation(keys).after(lead).values;
    const dropped = Uint8Array.from(alone, (v) => (v === null ? 1 : 0));
    expect([...dropped]).toEqual(keys.map((k) => (k === 'module.head.weight' ? 1 : 0)));
    // a dropped key's name as the drop found it (prefix stripped), the others' after the ops
    const names = keys.map((k, i) => (dropped[i] ? k.slice('module.'.length) : (alone[i] as string)));
    const sim = new NameSimulation(keys);
    expect([...sim.seedDropped(lead, names, dropped).values]).toEqual([...alone]);
    expect([...sim.after([...lead, ...rest]).values]).toEqual([...new NameSimulation(keys).after([...lead, ...rest]).values]);
    // the flags decide: the same names with nothing flagged leave the dropped key alive in every later read
    const none = new NameSimulation(keys);
    none.seedDropped(lead, names, new Uint8Array(keys.length));
    expect(none.after([...lead, ...rest]).values).not.toEqual(new NameSimulation(keys).after([...lead, ...rest]).values);
    expect(() => new NameSimulation(keys).seedDropped(lead, names.slice(1), dropped)).toThrow(/a name per source key/);
  });
});
