import { describe, expect, test } from 'vitest';
import { segmentHolders } from '../../../src/analysis/infer/fused.js';

// namesASibling (fused.ts) builds a sibling name only for a segment some part key holds (issue 14, speed
// only): segmentHolders must say a key holds a segment exactly when splitting the key on dots lists it.
// That the sibling is still found where a part holds the segment: stacked-siblings.test.ts (Switch wi/wo;
// both its tests fail when no sibling is looked up).

const holdsBySplit = (keys: readonly string[], x: string) => keys.some((k) => k.split('.').includes(x));

describe('segmentHolders', () => {
  test('a whole segment, at either end, between dots or the whole key; never part of a longer segment', () => {
    const keys = ['blocks.0.attn.qkv_proj.weight', 'enc.aqkv', 'qkvx.bias', 'head.qkv', 'qkv.scale', 'qkv', 'a..b', '.lead'];
    const holds = segmentHolders(new Map(keys.map((k) => [k, null])));
    for (const k of [['blocks.0.attn.qkv_proj.weight'], ['enc.aqkv'], ['qkvx.bias'], ['head.qkv'], ['qkv.scale'], ['qkv']]) {
      const one = segmentHolders(new Map(k.map((x) => [x, null])));
      expect(one('qkv'), k[0]).toBe(holdsBySplit(k, 'qkv'));
    }
    const words = ['qkv', 'qkv_proj', 'aqkv', 'qkvx', 'attn', 'blocks', '0', 'weight', 'scale', 'head', 'b', 'a', '', 'lead', 'ead', 'proj'];
    // asked twice: the kept answer is the scan's
    for (const x of [...words, ...words]) expect(holds(x), x).toBe(holdsBySplit(keys, x));
  });
});
