/**
 * ChatGLM2/3's (and GLM-4's remote-code) `query_key_value` is a name whose row layout depends on the config
 * (qkv-reorder.ts keeps it unknown): with `multi_query_attention` (every published ChatGLM2/3 and GLM-4 config)
 * SelfAttention.forward splits its rows as q, then k, then v — `mixed_x_layer.split([np·hn, ng·hn, ng·hn],
 * dim=-1)` (THUDM modeling_chatglm.py, search-index file id 833876376) — and without it views them per head
 * (`[np, 3·hn]`, split_tensor_along_last_dim), as Megatron's does. The weight's shape tells them apart where
 * the groups are fewer than the heads: q, k, v consecutive give rows = hidden + 2·ng·hn, not 3 × hidden. A
 * `query_key_value` of 3 × hidden rows (no multi-query, or as many groups as heads) stays unknown. The key
 * names the model: ChatGLMModel's `transformer.encoder.layers.N.self_attention` (Megatron roots at
 * `language_model.`, BLOOM and Falcon at `transformer.h.N`, GPT-NeoX at `gpt_neox.layers.N.attention`).
 */
const CHATGLM_QKV = /^transformer\.encoder\.layers\.\d+\.self_attention\.query_key_value\.(?:weight|bias)$/;

/** Why `key` holds q, k and v consecutive, when it is ChatGLM's multi-query `query_key_value` (its weight's shape says so); else null. */
export function chatGlmPlainQkv(key: string, shapeOf: (key: string) => readonly number[] | null): string | null {
  if (!CHATGLM_QKV.test(key)) return null;
  const w = shapeOf(key.replace(/bias$/, 'weight'));
  if (w === null || w.length !== 2) return null;
  const [rows, hidden] = w as [number, number];
  const kv = rows - hidden;
  if (!(kv > 0 && kv % 2 === 0 && rows < 3 * hidden)) return null;
  return `ChatGLM multi-query query_key_value: split([np·hn, ng·hn, ng·hn]) into q, k, v (THUDM modeling_chatglm.py SelfAttention.forward; rows ${rows} = ${hidden} + 2 × ${kv / 2}, not 3 × ${hidden})`;
}
