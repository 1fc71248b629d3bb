import { describe, expect, test } from 'vitest';
import { GoalTokens } from '../../../src/analysis/infer/goal-tokens.js';
import { KeyNumbers, KeyTable } from '../../../src/analysis/infer/key-numbers.js';
import { locate } from '../../../src/analysis/infer/types.js';
import { contradictedIndices } from '../../../src/analysis/infer/index-contradictions.js';
import { contradictedRoles } from '../../../src/analysis/infer/role-contradictions.js';

/**
 * (speed only) generalise splits the goal pairs once for both contradiction readers: what they find on the shared
 * split must be what they find on the map, including after the first re-pairs some keys (the second reads them re-paired).
 */
describe('GoalTokens: the goal pairs split once for index-contradictions and role-contradictions', () => {
  // LDM resnets: output_blocks 2<->6 crossed on their indices; input block 11's in_layers.2 sent to conv2 (a role the others contradict)
  const goals = () => {
    const m = new Map<string, string>();
    for (let i = 0; i < 12; i++) {
      const j = i === 2 ? 6 : i === 6 ? 2 : i;
      m.set(`output_blocks.${i}.0.in_layers.0.weight`, `up_blocks.${Math.floor(j / 3)}.resnets.${j % 3}.norm1.weight`);
    }
    for (const [i, b, r] of [[1, 0, 0], [2, 0, 1], [4, 1, 0], [5, 1, 1]] as const) {
      m.set(`input_blocks.${i}.0.in_layers.2.weight`, `down_blocks.${b}.resnets.${r}.conv1.weight`);
      m.set(`input_blocks.${i}.0.out_layers.3.weight`, `down_blocks.${b}.resnets.${r}.conv2.weight`);
    }
    m.set('input_blocks.11.0.in_layers.2.weight', 'down_blocks.3.resnets.0.conv2.weight');
    // a key sent to itself is no pair of either reader
    m.set('time_embed.0.weight', 'time_embed.0.weight');
    return m;
  };

  test('both readers find on the shared split what they find on the map, the second after the first re-paired', () => {
    const byMap = goals();
    const shared = goals();
    const pairs = new GoalTokens(shared);
    expect(pairs.size).toBe(byMap.size - 1);
    const renumbered = contradictedIndices(pairs, () => true);
    expect(renumbered.map((r) => r.source)).toEqual(['output_blocks.2.0.in_layers.0.weight', 'output_blocks.6.0.in_layers.0.weight']);
    expect(renumbered).toEqual(contradictedIndices(byMap, () => true));
    for (const r of renumbered) {
      shared.set(r.source, r.to);
      byMap.set(r.source, r.to);
      pairs.retarget(r.source, r.to);
    }
    expect(pairs.targets[pairs.sources.indexOf('output_blocks.2.0.in_layers.0.weight')]).toBe('up_blocks.0.resnets.2.norm1.weight');
    const roles = contradictedRoles(pairs);
    expect(roles.map((c) => c.source)).toEqual(['input_blocks.11.0.in_layers.2.weight']);
    expect(roles).toEqual(contradictedRoles(byMap));
  });

  test("on the located keys' table (generalise's way) the readers find what they find on the map, a retarget to a name not located included", () => {
    const byMap = goals();
    const shared = goals();
    const entries = (keys: Iterable<string>) => [...new Set(keys)].map((key) => ({ key, shape: [2], dtype: null }));
    const sourceEntries = entries(shared.keys());
    // the model lists one key twice, and lacks the name one pair is re-pointed to below
    const targetEntries = entries([...shared.values(), 'up_blocks.0.resnets.0.norm1.weight']).filter((x) => x.key !== 'up_blocks.0.resnets.2.norm1.weight');
    const source = locate(sourceEntries);
    const target = locate(targetEntries);
    const sourceKeys = [...source.keys()];
    const table = new KeyTable(sourceKeys, new KeyNumbers(source, sourceKeys, target, targetEntries.length), source, target);
    const pairs = new GoalTokens(shared, table);
    expect(pairs.keys).toBe(table.tokens);
    const renumbered = contradictedIndices(pairs, () => true);
    expect(renumbered).toEqual(contradictedIndices(byMap, () => true));
    expect(renumbered.map((r) => r.to)).toContain('up_blocks.0.resnets.2.norm1.weight');
    for (const r of renumbered) {
      shared.set(r.source, r.to);
      byMap.set(r.source, r.to);
      pairs.retarget(r.source, r.to);
    }
    const roles = contradictedRoles(pairs);
    expect(roles.map((c) => c.source)).toEqual(['input_blocks.11.0.in_layers.2.weight']);
    expect(roles).toEqual(contradictedRoles(byMap));
  });

  test("by number (judge shapes' goal order) the pairs are the map's, in its order; an order that no longer lists every goal is not read", () => {
    const goalMap = goals();
    const sourceEntries = [...goalMap.keys()].reverse().map((key) => ({ key, shape: [2], dtype: null }));
    const targetEntries = [...new Set(goalMap.values())].map((key) => ({ key, shape: [2], dtype: null }));
    const source = locate(sourceEntries);
    const target = locate(targetEntries);
    const sourceKeys = [...source.keys()];
    const numbers = new KeyNumbers(source, sourceKeys, target, targetEntries.length);
    const table = new KeyTable(sourceKeys, numbers, source, target);
    const goalTo = new Int32Array(sourceKeys.length).fill(-1);
    const order: number[] = [];
    for (const [s, t] of goalMap) {
      const n = numbers.source(source.get(s)!);
      order.push(n);
      goalTo[n] = numbers.target(target.get(t)!);
    }
    const byName = new GoalTokens(goalMap, table);
    const byNumber = new GoalTokens(goalMap, table, { order, goalTo, sourceKeys, targetKeys: numbers.targetKeys });
    expect(byNumber.sources).toEqual(byName.sources);
    expect(byNumber.targets).toEqual(byName.targets);
    expect(byNumber.a).toEqual(byName.a);
    expect(byNumber.b).toEqual(byName.b);
    expect(byNumber.sources).toEqual([...goalMap.keys()].filter((k) => goalMap.get(k) !== k));
    expect(contradictedIndices(byNumber, () => true)).toEqual(contradictedIndices(goalMap, () => true));
    // a goal gone since the order was taken: the map is read
    const fewer = goals();
    fewer.delete('output_blocks.0.0.in_layers.0.weight');
    const fallback = new GoalTokens(fewer, table, { order, goalTo, sourceKeys, targetKeys: numbers.targetKeys });
    expect(fallback.sources).toEqual([...fewer.keys()].filter((k) => fewer.get(k) !== k));
  });

  test('a retarget of a key that is no pair is an error, not a silent no-op', () => {
    const pairs = new GoalTokens(goals());
    expect(() => pairs.retarget('time_embed.0.weight', 'x')).toThrow(/no pair/);
  });
});
