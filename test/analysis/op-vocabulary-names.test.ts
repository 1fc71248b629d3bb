import { describe, expect, it } from 'vitest';
import { anchoredLiteral, compileNameOp, type PlanOp } from '../../src/analysis/op-vocabulary.js';
import { NameSimulation, simulateNames } from '../../src/analysis/op-keys.js';

describe('anchoredLiteral', () => {
  it('is the literal run after ^, escapes read as the characters they stand for', () => {
    expect(anchoredLiteral('^blocks\\.3\\.m\\.(\\d+)\\.')).toBe('blocks.3.m.');
    expect(anchoredLiteral('^conv1\\.weight$')).toBe('conv1.weight');
    expect(anchoredLiteral('^_orig_mod-x\\.')).toBe('_orig_mod-x.');
  });

  it('is empty without an anchor, and stops at classes, groups and quantified characters', () => {
    expect(anchoredLiteral('(^|\\.)bn1\\.')).toBe('');
    expect(anchoredLiteral('blocks\\.')).toBe('');
    expect(anchoredLiteral('^layers\\d')).toBe('layers');
    expect(anchoredLiteral('^ab?c')).toBe('a');
    expect(anchoredLiteral('^a\\.{2}')).toBe('a');
    expect(anchoredLiteral('^ab*')).toBe('a');
  });

  it('is empty when an alternation outside any group can match without it', () => {
    expect(anchoredLiteral('^a\\.b|c\\.d')).toBe('');
    expect(anchoredLiteral('^out\\.(1|2)\\.')).toBe('out.');
    expect(anchoredLiteral('^x[|]y')).toBe('x');
  });
});

describe('name ops keep their meaning with the literal pre-test', () => {
  const rename = (pattern: string, replacement: string) => compileNameOp({ op: 'rename', pattern, replacement });
  it('renames exactly the keys the regex matches', () => {
    const step = rename('^blocks\\.(\\d+)\\.attn\\.', 'layers.$1.self_attn.');
    expect(step('blocks.3.attn.qkv.weight')).toBe('layers.3.self_attn.qkv.weight');
    expect(step('blocks.3.mlp.fc1.weight')).toBeUndefined();
    expect(step('x.blocks.3.attn.weight')).toBeUndefined();
    // a top-level alternation: the second branch matches keys without the first's literal start
    const either = rename('^a\\.b|c\\.d', 'z');
    expect(either('q.c.d.weight')).toBe('q.z.weight');
  });

  it('drops by the regex', () => {
    const drop = compileNameOp({ op: 'drop', pattern: '^head\\.', reason: 'another head' });
    expect(drop('head.weight')).toBeNull();
    expect(drop('backbone.head.weight')).toBeUndefined();
  });
});

describe('NameSimulation', () => {
  const sources = ['module.blocks.0.attn.qkv.weight', 'module.blocks.1.attn.qkv.weight', 'module.head.weight', 'module.emb.weight'];
  const ops: PlanOp[] = [
    { op: 'strip_prefix', prefix: 'module.' },
    { op: 'rename', pattern: '^blocks\\.(\\d+)\\.attn\\.', replacement: 'layers.$1.' },
    { op: 'split', pattern: '^layers\\.(\\d+)\\.qkv\\.weight$', targets: ['layers.$1.q.weight', 'layers.$1.k.weight', 'layers.$1.v.weight'], dim: 0, sizes: [1, 1, 1] },
    { op: 'drop', pattern: '^head\\.', reason: 'another head' },
    { op: 'copy', key: 'emb.weight', target: 'lm_head.weight' },
  ];

  it('advanced op by op, answers as the whole pipeline run at once', () => {
    const sim = new NameSimulation(sources);
    const steps = ops.map((_, i) => sim.advance(ops.slice(0, i + 1)).result());
    ops.forEach((_, i) => expect(steps[i]).toEqual(simulateNames(ops.slice(0, i + 1), sources)));
    expect(steps[ops.length - 1]!.get('module.blocks.1.attn.qkv.weight')).toEqual(['layers.1.q.weight', 'layers.1.k.weight', 'layers.1.v.weight']);
    expect(steps[ops.length - 1]!.get('module.head.weight')).toBeNull();
    expect(steps[ops.length - 1]!.get('module.emb.weight')).toEqual(['emb.weight', 'lm_head.weight']);
  });

  it('applies each op once however often it is asked', () => {
    const sim = new NameSimulation(['a.x']);
    const grow: PlanOp[] = [{ op: 'add_prefix', prefix: 'p.' }];
    sim.advance(grow);
    sim.advance(grow);
    expect(sim.result().get('a.x')).toBe('p.a.x');
  });
});
