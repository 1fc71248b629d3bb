import type { Recipe } from '../../src/analysis/op-keys.js';

/**
 * The rotary q/k row permutes of the public converters, as recipes (written from their code, not from
 * src/analysis/rope.ts, so the truth does not come from the code it judges):
 * - transformers convert_llama_weights_to_hf.py `permute(w, n_heads, dim1, dim2)`:
 *   `w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2).reshape(dim1, dim2)` (Meta → HF);
 * - llama.cpp convert_hf_to_gguf.py `LlamaModel.permute(weights, n_head, n_head_kv)`:
 *   `weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:]).swapaxes(1, 2).reshape(weights.shape)`
 *   (HF → GGUF; k with n_head = n_head_kv).
 */
export function metaToHfRows(of: Recipe, rows: number, cols: number, heads: number): Recipe {
  return { kind: 'reshape', of: { kind: 'transpose', of: { kind: 'reshape', of, shape: [heads, rows / heads / 2, 2, cols] }, dims: [0, 2, 1, 3] }, shape: [rows, cols] };
}

export function hfToGgufRows(of: Recipe, rows: number, cols: number, heads: number): Recipe {
  return { kind: 'reshape', of: { kind: 'transpose', of: { kind: 'reshape', of, shape: [heads, 2, rows / heads / 2, cols] }, dims: [0, 2, 1, 3] }, shape: [rows, cols] };
}
