import { describe, expect, test } from 'vitest';
import { chatGlmPlainQkv } from '../../../src/analysis/infer/chatglm-qkv.js';
import { checkQkvRenames } from '../../../src/analysis/infer/qkv-reorder.js';

const D = 64;
const HD = 8;
/** ChatGLM's source keys: `query_key_value` of rows D + 2 × groups × head dim */
const shapes = (rows: number) => (k: string) => (k.endsWith('.weight') ? [rows, D] : [rows]);
const key = (l: number, leaf: string) => `transformer.encoder.layers.${l}.self_attention.query_key_value.${leaf}`;

describe("ChatGLM's multi-query query_key_value: q, k, v consecutive, by its shape", () => {
  test('rows = hidden + 2 × groups × head dim: plain, weight and bias', () => {
    expect(chatGlmPlainQkv(key(0, 'weight'), shapes(D + 2 * 2 * HD))).toMatch(/split\(\[np·hn, ng·hn, ng·hn\]\)/);
    expect(chatGlmPlainQkv(key(3, 'bias'), shapes(D + 2 * 2 * HD))).not.toBeNull();
  });
  test('3 × hidden rows (per head without multi-query, or as many groups as heads) or another model: unknown', () => {
    expect(chatGlmPlainQkv(key(0, 'weight'), shapes(3 * D))).toBeNull();
    expect(chatGlmPlainQkv('transformer.h.0.self_attention.query_key_value.weight', shapes(D + 4 * HD))).toBeNull();
    expect(chatGlmPlainQkv('language_model.encoder.layers.0.self_attention.query_key_value.weight', shapes(D + 4 * HD))).toBeNull();
    expect(chatGlmPlainQkv('gpt_neox.layers.0.attention.query_key_value.weight', shapes(D + 4 * HD))).toBeNull();
  });
  test("renamed to llama.cpp's attn_qkv (q, k, v consecutive): kept, not withdrawn; of 3 × hidden rows: withdrawn", () => {
    const goals = new Map([[key(0, 'weight'), 'blk.0.attn_qkv.weight'], [key(0, 'bias'), 'blk.0.attn_qkv.bias']]);
    const mq = checkQkvRenames(goals, null, null, shapes(D + 2 * 2 * HD));
    expect(mq.withdrawn).toEqual([]);
    expect(mq.reorders.size).toBe(0);
    const mha = checkQkvRenames(goals, null, null, shapes(3 * D));
    expect(mha.withdrawn.map((w) => w.keys[0])).toEqual([key(0, 'weight'), key(0, 'bias')]);
  });
});
