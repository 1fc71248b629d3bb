/**
 * One fused whole, one reading met twice (fused.ts distinctReadings): a family the pairs placed beside the whole is
 * also met by its shape or as a sub-family cut anew (`key` + `value` out of `query`, `key`, `value`), and the two
 * copies of the same parts in the same order were taken for two readings that tie, so the whole stayed uncut as
 * "several families add up to its shape". In PVT and GLPN (SegFormer-style `attn.q`, `attn.kv`, `attn.proj` against
 * HF's `attention.self.{query,key,value}`, `attention.output.dense`) the first block of each stage then kept its
 * `kv` whole, module alignment had `proj` take `value` by rank, and the split op by pattern cut the left `kv` into
 * another block's parts. Tuning families of set 8; their truth is the bench's, from transformers' converters.
 */
import { describe, expect, test } from 'vitest';
import { FAMILY_MAKERS_8, HELD_OUT_8, type Family } from '../../../bench/families/index.js';
import { notAsTruth, tuningPlan } from '../../helpers/tuning-plan.js';

function attentionMisses(name: string, probe?: (f: Family) => Family): string[] {
  const { f, r } = tuningPlan(FAMILY_MAKERS_8, HELD_OUT_8, name, probe);
  const attention = Object.keys(f.truth).filter((k) => /\.attn\.(kv|proj)\.(weight|bias)$/.test(k));
  expect(attention.length).toBeGreaterThan(0);
  return notAsTruth(f, r, attention);
}

describe('a fused whole whose one reading is met twice is cut, not left as a tie with itself', () => {
  test('PVT original → HF: every block\'s kv is cut into its own key and value, every proj is output.dense', () => {
    expect(attentionMisses('pvt-tiny-original-to-hf')).toEqual([]);
  });
  test('GLPN original → HF: likewise in every block of every stage', () => {
    expect(attentionMisses('glpn-kitti-original-to-hf')).toEqual([]);
  });
  test('probe: GLPN with every attention\'s `query` defined after its `value`: the same, nothing rests on that order', () => {
    const valueFirst = (f: Family): Family => {
      const query = f.target.filter((e) => e.key.includes('.attention.self.query.'));
      const rest = f.target.filter((e) => !e.key.includes('.attention.self.query.'));
      const target = rest.flatMap((e) => (e.key.endsWith('.attention.self.value.bias') ? [e, ...query.filter((q) => q.key.startsWith(e.key.replace(/value\.bias$/, '')))] : [e]));
      expect(target.length).toBe(f.target.length);
      return { ...f, target };
    };
    expect(attentionMisses('glpn-kitti-original-to-hf', valueFirst)).toEqual([]);
  });
});
