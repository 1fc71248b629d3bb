import { describe, expect, it } from 'vitest';
import { applyOpsToKeys } from '../../src/analysis/op-keys.js';
import type { PlanOp } from '../../src/analysis/op-vocabulary.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { invertPlan } from '../../src/plan/invert.js';
import { makePlan } from '../../src/plan/schema.js';

const names = (keys: string[]): KeyEntry[] => keys.map((key) => ({ key, shape: null, dtype: null }));

/** The forward plan over `keys`, its inverse from names alone, and where the inverse sends the forward output. */
function roundTrip(ops: PlanOp[], keys: string[]) {
  const fwd = applyOpsToKeys(ops, names(keys));
  expect(fwd.errors).toEqual([]);
  const plan = makePlan({ file: 'src.pt', size: 1, sha256: '', select: [] }, { file: 'model', keys: 0 }, { ops, mapping: fwd.mapping, unmapped: [] });
  const inv = invertPlan(plan, names(keys), 'plan.json');
  const back = applyOpsToKeys(inv.plan.ops, fwd.outputs.map((o) => ({ key: o.key, shape: null, dtype: null })));
  return { inv, back: back.outputs.map((o) => o.key), errors: back.errors };
}

describe('invertPlan from names alone', () => {
  it('a strip_prefix that touched some keys: a rename anchored on the segments that set them apart', () => {
    const keys = ['module.encoder.0.weight', 'module.encoder.1.weight', 'module.head', 'decoder.weight'];
    const { inv, back, errors } = roundTrip([{ op: 'strip_prefix', prefix: 'module.' }], keys);
    expect(errors).toEqual([]);
    expect(back).toEqual(keys);
    expect(inv.plan.ops).toEqual([{ op: 'rename', pattern: '^(encoder\\.|head$)', replacement: 'module.$1', evidence: "inverts: strip_prefix 'module.'" }]);
    expect(inv.lost).toEqual([]);
  });

  it('a rename with groups and +1 arithmetic swaps pattern and replacement, the arithmetic reversed', () => {
    const keys = ['layers.0.attn.weight', 'layers.1.attn.weight', 'layers.1.mlp.weight'];
    const { inv, back } = roundTrip([{ op: 'rename', pattern: '^layers\\.(\\d+)\\.(attn|mlp)\\.', replacement: 'h.${1+1}.$2.' }], keys);
    expect(back).toEqual(keys);
    expect(inv.plan.ops).toEqual([{ op: 'rename', pattern: '^h\\.(\\d+)\\.(attn|mlp)\\.', replacement: 'layers.${1-1}.$2.', evidence: expect.any(String) }]);
  });

  it('each inverse op keeps its forward op\'s confidence (a guess undone is the same guess); ops without one stay without', () => {
    const keys = ['module.enc.0.weight', 'module.enc.1.weight', 'module.embed.weight'];
    const { inv, back } = roundTrip([
      { op: 'strip_prefix', prefix: 'module.', confidence: 0.99 },
      { op: 'rename', pattern: '^enc\\.(\\d+)\\.', replacement: 'layers.${1+1}.', confidence: 0.8 },
      { op: 'copy', key: 'embed.weight', target: 'lm_head.weight', confidence: 0.7 },
      { op: 'transpose', key: 'layers.1.weight', dims: [1, 0] },
    ], keys);
    expect(back).toEqual(keys);
    expect(inv.plan.ops.map((o) => [o.op, o.confidence])).toEqual([['transpose', undefined], ['drop', 0.7], ['rename', 0.8], ['add_prefix', 0.99]]);
  });

  it('a tie is undone by dropping the copy, which loses nothing; a drop is listed as lost', () => {
    const keys = ['embed.weight', 'aux.w', 'aux.b'];
    const { inv, back } = roundTrip([{ op: 'copy', key: 'embed.weight', target: 'lm_head.weight' }, { op: 'drop', pattern: '^aux\\.', reason: 'aux' }], keys);
    expect(back).toEqual(['embed.weight']);
    expect(inv.lost).toEqual([{ op: 'drop ^aux\\.', keys: ['aux.w', 'aux.b'] }]);
    expect(inv.plan.unmapped).toEqual(['aux.w', 'aux.b']);
    expect(inv.plan.ops).toEqual([{ op: 'drop', pattern: '^lm_head\\.weight$', reason: 'inverts the tie lm_head.weight = embed.weight: a second name for one tensor' }]);
  });

  it('a split and a stack are undone by a concat and a split from names alone', () => {
    const keys = ['qkv', 'e.0', 'e.1'];
    const ops: PlanOp[] = [
      { op: 'split', key: 'qkv', dim: 0, targets: ['q', 'k', 'v'], sizes: [2, 2, 2] },
      { op: 'stack', pattern: '^e\\.(\\d+)$', index: 1, dim: 0, target: 'experts' },
    ];
    const { inv, back } = roundTrip(ops, keys);
    expect(back.sort()).toEqual([...keys].sort());
    expect(inv.plan.ops.map((o) => o.op)).toEqual(['split', 'concat']);
  });

  it('a concat by pattern (version 3) is undone by one exact split per joined tensor, sizes from the source shapes', () => {
    const source: KeyEntry[] = [0, 1].flatMap((i) => [['q', 4], ['k', 2], ['v', 2]].map(([p, rows]) => ({ key: `l.${i}.${p}`, shape: [rows as number, 4], dtype: 'float32' as const })));
    const ops: PlanOp[] = [{ op: 'concat', pattern: '^l\\.(\\d+)\\.(q|k|v)$', part: 2, parts: ['q', 'k', 'v'], dim: 0, target: 'l.$1.qkv' }];
    const fwd = applyOpsToKeys(ops, source);
    expect(fwd.errors).toEqual([]);
    const plan = makePlan({ file: 'src.pt', size: 1, sha256: '', select: [] }, { file: 'model', keys: 2 }, { ops, mapping: fwd.mapping, unmapped: [] });
    const inv = invertPlan(plan, source, 'plan.json');
    expect(inv.plan.ops.map((o) => (o.op === 'split' ? [o.key, o.targets, o.sizes] : o.op))).toEqual([
      ['l.0.qkv', ['l.0.q', 'l.0.k', 'l.0.v'], [4, 2, 2]],
      ['l.1.qkv', ['l.1.q', 'l.1.k', 'l.1.v'], [4, 2, 2]],
    ]);
    const back = applyOpsToKeys(inv.plan.ops, fwd.outputs.map((o) => ({ key: o.key, shape: o.shape, dtype: 'float32' })));
    expect(back.outputs.map((o) => [o.key, o.shape])).toEqual(source.map((e) => [e.key, e.shape]));
  });
});

describe('invertPlan: a reshape by trailing 1s', () => {
  it('swaps add and remove on the same keys, from names alone', () => {
    const keys = ['b.0.fc.weight', 'b.1.fc.weight', 'b.0.norm.weight'];
    const { inv, back, errors } = roundTrip([{ op: 'reshape', pattern: '^b\\.\\d+\\.fc\\.weight$', addTrailingOnes: 2 }], keys);
    expect(errors).toEqual([]);
    expect(back).toEqual(keys);
    expect(inv.plan.ops).toEqual([{ op: 'reshape', pattern: '^b\\.\\d+\\.fc\\.weight$', removeTrailingOnes: 2, evidence: expect.any(String) }]);
  });
});
