import { describe, expect, it } from 'vitest';
import { anchoredLiteral, compileNameOp } from '../../src/analysis/op-vocabulary.js';

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
