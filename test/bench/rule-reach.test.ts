import { describe, expect, it } from 'vitest';
import { rarelyReached, reachOfBlocks, type Range } from '../../bench/diagnosis/rule-reach.js';

// V8 block coverage names a nested range only where its count differs from its parent's: a block's
// count for one text is that of the smallest range holding it
describe('rule-reach: which tuning texts run each block', () => {
  // a function [0, 100) with an if-body [10, 30) and an else-body [40, 60)
  const perText = new Map<string, readonly Range[]>([
    // ran the function, took the if (the if-body's count equals the function's, so V8 names only the else-body, at 0)
    ['a', [[0, 100, 1], [40, 60, 0]]],
    // took the else
    ['b', [[0, 100, 1], [10, 30, 0]]],
    // took the else as well
    ['c', [[0, 100, 1], [10, 30, 0]]],
  ]);

  it('counts a block for a text when the smallest range holding it ran', () => {
    const reach = reachOfBlocks(perText);
    expect(reach.get('10:30')).toEqual(['a']);
    expect(reach.get('40:60')).toEqual(['b', 'c']);
    expect(reach.get('0:100')).toEqual(['a', 'b', 'c']);
  });

  it('lists the outermost blocks few texts reach, and with min 0 those none reaches', () => {
    const reach = reachOfBlocks(perText);
    expect(rarelyReached(reach, 1).map((r) => [r.start, r.end, r.texts])).toEqual([[10, 30, ['a']]]);
    expect(rarelyReached(reach, 2).map((r) => [r.start, r.end])).toEqual([[10, 30], [40, 60]]);
    const none = reachOfBlocks(new Map<string, readonly Range[]>([['a', [[0, 100, 1], [10, 30, 0]]]]));
    expect(rarelyReached(none, 0, 0).map((r) => [r.start, r.end])).toEqual([[10, 30]]);
  });

  it('leaves out a block inside one already listed', () => {
    const reach = new Map<string, string[]>([['10:50', ['a']], ['20:30', ['a']], ['60:70', ['b', 'c']]]);
    expect(rarelyReached(reach, 1).map((r) => [r.start, r.end])).toEqual([[10, 50]]);
  });
});
