import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/formats/errors.js';
import { looksLikeShardIndex, readShardIndex, scanShardIndexColumns, shardOrder } from '../../src/formats/hf-index.js';

const errorOf = (text: string): string => {
  try {
    readShardIndex(text, 'model.safetensors.index.json');
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).file).toBe('model.safetensors.index.json');
    return (e as Error).message;
  }
  throw new Error('expected a FormatError');
};

describe('readShardIndex', () => {
  const text = JSON.stringify(
    {
      metadata: { total_size: 123456 },
      weight_map: {
        'model.embed.weight': 'model-00001-of-00002.safetensors',
        'model.layers.0.w': 'model-00002-of-00002.safetensors',
        'model.layers.1.w': 'model-00001-of-00002.safetensors',
        lm_head: 'model-00002-of-00002.safetensors',
      },
    },
    null,
    2,
  );

  it('lists shards in their numbered order, not the order weight_map first names them (its keys sorted as text)', () => {
    // `layers.0`, `layers.1`, `layers.10`, `layers.2` as Hugging Face writes them: shard 3 is named before shard 2
    const map = { 'layers.0.w': 'model-00001-of-00003.safetensors', 'layers.1.w': 'model-00001-of-00003.safetensors', 'layers.10.w': 'model-00003-of-00003.safetensors', 'layers.2.w': 'model-00002-of-00003.safetensors' };
    const text = JSON.stringify({ metadata: {}, weight_map: map });
    const want = ['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors'];
    expect(readShardIndex(text, 'i.json').shards).toEqual(want);
    // the columns' reading lists them the same way, each key still under its own shard
    const bytes = new TextEncoder().encode(text);
    const c = scanShardIndexColumns(bytes, 'i.json')!;
    expect(c.shards).toEqual(want);
    expect(Array.from(c.shardOf.subarray(0, c.keys.size), (s) => c.shards[s])).toEqual(Object.values(map));
  });

  it('orders shard names by their numbers, whatever their padding, and deterministically', () => {
    const names = ['s-10.bin', 's-9.bin', 's-1.bin', 'a.bin', 's-01.bin', 'sub/s-2.bin', 's-2-of-3.bin', 's-100.bin'];
    const sorted = [...names].sort(shardOrder);
    expect(sorted).toEqual(['a.bin', 's-01.bin', 's-1.bin', 's-2-of-3.bin', 's-9.bin', 's-10.bin', 's-100.bin', 'sub/s-2.bin']);
    expect([...names].reverse().sort(shardOrder)).toEqual(sorted);
  });

  it('keeps the weight map in file order and lists shards in shard order', () => {
    const idx = readShardIndex(text, 'i.json');
    expect(idx.metadata).toEqual({ total_size: 123456 });
    expect([...idx.weightMap.keys()]).toEqual(['model.embed.weight', 'model.layers.0.w', 'model.layers.1.w', 'lm_head']);
    expect(idx.weightMap.get('lm_head')).toBe('model-00002-of-00002.safetensors');
    expect(idx.shards).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
  });

  it('keeps integer-like keys in file order and tolerates a BOM and a missing metadata', () => {
    const idx = readShardIndex('\uFEFF{"weight_map": {"10": "a.bin", "2": "b.bin"}}', 'i.json');
    expect([...idx.weightMap.keys()]).toEqual(['10', '2']);
    expect(idx.metadata).toEqual({});
  });

  it('refuses bad JSON and bad shapes', () => {
    expect(errorOf('{"weight_map": ')).toMatch(/^bad shard index: not valid JSON/);
    expect(errorOf('[1]')).toBe('bad shard index: not a JSON object');
    expect(errorOf('{"metadata": {}}')).toBe('bad shard index: no "weight_map" object');
    // review 19 F11: inspect read it as a set of 0 keys, exit 0, "safe", with three shards beside it unread
    expect(errorOf('{"metadata": {}, "weight_map": {}}')).toBe("bad shard index: its weight_map is empty: it names no tensor and so no shard (a set's index lists every tensor with its shard)");
    expect(errorOf('{"metadata": 3, "weight_map": {}}')).toBe('bad shard index: "metadata" is not an object');
    expect(errorOf('{"weight_map": {"a": 1}}')).toBe('bad shard index: weight_map entry "a" is not a shard file name');
    expect(errorOf('{"weight_map": {"a": "x.bin", "a": "y.bin"}}')).toBe('bad shard index: weight_map names tensor "a" twice');
    expect(errorOf('{"weight_map": {}, "weight_map": {"a": "x"}}')).toBe('bad shard index: "weight_map" appears twice');
    // spelled with an escape, the second key is found by the walk, not by its text
    expect(errorOf('{"weight_map": {}, "weight\\u005fmap": {"a": "x"}}')).toBe('bad shard index: "weight_map" appears twice');
    // the text "weight_map" elsewhere (a value, a tensor's name) is not a second key
    expect(readShardIndex('{"metadata": {"note": "weight_map"}, "weight_map": {"weight_map": "x.bin"}}', 'i').shards).toEqual(['x.bin']);
  });

  it('refuses shard names that leave the index directory', () => {
    expect(errorOf('{"weight_map": {"a": "../secret.safetensors"}}')).toBe('bad shard index: shard "../secret.safetensors" (for "a") is not a file beside the index');
    expect(errorOf('{"weight_map": {"a": "/etc/passwd"}}')).toMatch(/is not a file beside the index/);
    expect(readShardIndex('{"weight_map": {"a": "sub/x.safetensors"}}', 'i').shards).toEqual(['sub/x.safetensors']);
    // a name seen before is checked once; a bad one is refused wherever it first appears
    expect(errorOf('{"weight_map": {"a": "x.bin", "b": "x.bin", "c": "../y.bin", "d": "../y.bin"}}')).toBe('bad shard index: shard "../y.bin" (for "c") is not a file beside the index');
  });

  it('is recognised by looksLikeShardIndex', () => {
    expect(looksLikeShardIndex(text)).toBe(true);
    expect(looksLikeShardIndex('{"architectures": ["Llama"]}')).toBe(false);
    expect(looksLikeShardIndex('x "weight_map": {')).toBe(false);
  });
});
