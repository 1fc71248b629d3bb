import { describe, expect, test } from 'vitest';
import { indicesListedAsText } from '../../../src/analysis/infer/text-ordered-indices.js';
import { listedSortedByName } from '../../../src/analysis/infer/natural-order.js';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[] = [4]): KeyEntry => ({ key, shape, dtype: 'float16' });
const LAYERS = 12;
const textOrder = Array.from({ length: LAYERS }, (_, i) => String(i)).sort();

// HF Llama-style parts, in state_dict order, with the GGUF names llama.cpp's tensor map gives them
const PARTS: [string, string, number[]][] = [
  ['self_attn.q_proj.weight', 'attn_q.weight', [8, 8]],
  ['self_attn.k_proj.weight', 'attn_k.weight', [8, 8]],
  ['self_attn.v_proj.weight', 'attn_v.weight', [8, 8]],
  ['self_attn.o_proj.weight', 'attn_output.weight', [8, 8]],
  ['mlp.gate_proj.weight', 'ffn_gate.weight', [16, 8]],
  ['mlp.up_proj.weight', 'ffn_up.weight', [16, 8]],
  ['mlp.down_proj.weight', 'ffn_down.weight', [8, 16]],
  ['input_layernorm.weight', 'attn_norm.weight', [8]],
  ['post_attention_layernorm.weight', 'ffn_norm.weight', [8]],
];
const source: KeyEntry[] = [
  e('model.embed_tokens.weight', [50, 8]),
  ...Array.from({ length: LAYERS }, (_, i) => PARTS.map(([s, , shape]) => e(`model.layers.${i}.${s}`, shape))).flat(),
  e('model.norm.weight', [8]),
];
// llama.cpp writes in the order it read the safetensors file, sorted by the HF names: `layers.10` before `layers.2`
const gguf = (hf: string) => {
  if (hf === 'model.embed_tokens.weight') return 'token_embd.weight';
  if (hf === 'model.norm.weight') return 'output_norm.weight';
  const m = /^model\.layers\.(\d+)\.(.+)$/.exec(hf)!;
  return `blk.${m[1]}.${PARTS.find(([s]) => s === m[2])![1]}`;
};
const target: KeyEntry[] = [...source].sort((a, b) => (a.key < b.key ? -1 : 1)).map((x) => e(gguf(x.key), x.shape as number[]));

describe('indicesListedAsText: a list in the order of its indices as text, its names unsorted', () => {
  test('GGUF written in the order of sorted HF names (blk.1, blk.10, blk.11, blk.2)', () => {
    const blocks = [...new Set(target.map((x) => /^blk\.(\d+)\./.exec(x.key)?.[1]).filter((b) => b !== undefined))];
    expect(blocks.slice(0, 4)).toEqual(['0', '1', '10', '11']);
    expect(listedSortedByName(target)).toBe(false);
    expect(indicesListedAsText(target)).toBe(true);
  });
  test('a state_dict (layers by number) is not, nor ten blocks or fewer, nor a block listed again', () => {
    expect(indicesListedAsText(source)).toBe(false);
    const ten = target.filter((x) => !/^blk\.1\d\./.test(x.key));
    expect(indicesListedAsText(ten)).toBe(false);
    expect(indicesListedAsText([...target, e('blk.0.extra.weight')])).toBe(false);
    expect(indicesListedAsText(['a.1.w', 'a.10.w', 'a.2.w', 'a.1.v'].map((k) => e(k)))).toBe(false);
  });
  test('each container is judged by its own indices (experts under a layer)', () => {
    const keys = ['l.0.x.0.w', 'l.0.x.1.w', 'l.0.x.10.w', 'l.0.x.2.w', 'l.1.x.0.w', 'l.1.x.1.w'];
    expect(indicesListedAsText(keys.map((k) => e(k)))).toBe(true);
  });
});

describe('a GGUF side listed in the text order of its indices pairs layer N with layer N', () => {
  test('every layers.N pairs with blk.N (not blk.10 for layers.2 by position)', () => {
    const r = inferPlan({ source, target });
    // q / k are listed, not paired (rope-renames.ts: whether llama.cpp permuted their rows the names cannot say): left over
    const left = new Set(r.leftover);
    for (const i of textOrder) {
      for (const [s, t] of PARTS) {
        const got = r.mapping[`model.layers.${i}.${s}`];
        if (got !== undefined && !left.has(`model.layers.${i}.${s}`)) expect(got).toBe(`blk.${i}.${t}`);
      }
    }
    // every layer's parts whose names single them out are placed, none with another layer's
    const wrong = Object.entries(r.mapping).filter(([s, t]) => !left.has(s) && /layers\.(\d+)\./.exec(s)?.[1] !== /blk\.(\d+)\./.exec(String(t))?.[1] && /layers\./.test(s));
    expect(wrong).toEqual([]);
    expect(r.mapping['model.layers.2.mlp.down_proj.weight']).toBe('blk.2.ffn_down.weight');
  });
});
