/**
 * The rotary (rope) row permute of q/k projections: the one fact of how Meta's / llama.cpp's row layout
 * and Hugging Face's differ, read by the plan op `rope_permute` (op-keys.ts executes it, invert.ts
 * reverses it, emit-python.ts writes it) and by plan inference (infer/rope-pairs.ts).
 *
 * Within one head of d rows, Meta's checkpoints and llama.cpp's GGUF keep each rotary pair in rows
 * (2i, 2i+1) (`interleaved`); transformers' Llama rotates rows (i, i + d/2) (`halves`, `rotate_half`).
 * A plain rename between the two loads strict=True with every q and k weight scrambled. The converters:
 * - Meta → HF, transformers models/llama/convert_llama_weights_to_hf.py `permute(w, n_heads, dim1, dim2)`:
 *   `w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2).reshape(dim1, dim2)` → `halves`;
 *   k with `num_key_value_heads`.
 * - HF → GGUF, llama.cpp convert_hf_to_gguf.py `LlamaModel.permute(weights, n_head, n_head_kv)`: with
 *   n_head_kv given and different, n_head = n_head_kv; then `weights.reshape(n_head, 2, weights.shape[0] //
 *   n_head // 2, *weights.shape[1:]).swapaxes(1, 2).reshape(weights.shape)` → `interleaved`; q with
 *   (n_head, n_head), k with (n_head, n_kv_head). Llama-architecture models only: Qwen2's and Orion's
 *   writers permute nothing, so the names alone never say whether a conversion needs it.
 * Each is the other's inverse: the same view and swap with the two middle dims exchanged.
 */
import type { RopeLayout } from './op-vocabulary.js';

/** The heads a rope_permute op's tensors are cut into: llama.cpp's rule (kv_heads when given, else heads). */
export function ropeHeads(op: { heads: number; kv_heads?: number }): number {
  return op.kv_heads ?? op.heads;
}

/** Why a tensor of `shape` cannot be permuted in `heads` heads, or null when it can (null shape: not known here). */
export function ropeProblem(heads: number, shape: readonly number[] | null): string | null {
  if (!Number.isSafeInteger(heads) || heads < 1) return `${heads} heads is not a head count`;
  if (!shape) return null;
  if (shape.length === 0) return 'a scalar has no rows to permute';
  const rows = shape[0]!;
  if (rows % (2 * heads) !== 0) return `${rows} rows do not make ${heads} heads of an even size (the rotary pairs)`;
  return null;
}

/**
 * The permute as a view, a swap and a flatten: `shape` viewed as `view`, its dims 1 and 2 exchanged
 * (`dims`), then read back as `shape`. `to: 'interleaved'` is llama.cpp's [h, 2, d/2, …]; `to: 'halves'`
 * is transformers' permute_for_rope [h, d/2, 2, …].
 */
export function ropeView(shape: readonly number[], heads: number, to: RopeLayout): { view: number[]; dims: number[] } {
  const [rows, ...rest] = shape;
  const half = rows! / heads / 2;
  const view = to === 'interleaved' ? [heads, 2, half, ...rest] : [heads, half, 2, ...rest];
  const dims = view.map((_, i) => (i === 1 ? 2 : i === 2 ? 1 : i));
  return { view, dims };
}

/** The layout the other way round: a rope_permute's inverse is the same op to the other layout. */
export function otherRopeLayout(to: RopeLayout): RopeLayout {
  return to === 'interleaved' ? 'halves' : 'interleaved';
}

/** Where the permute's rows go, as a list: output row r is input row `order[r]` (tests and emitters check against it). */
export function ropeRowOrder(rows: number, heads: number, to: RopeLayout): number[] {
  const half = rows / heads / 2;
  const out: number[] = [];
  for (let h = 0; h < heads; h++) {
    for (let a = 0; a < (to === 'interleaved' ? half : 2); a++) {
      for (let b = 0; b < (to === 'interleaved' ? 2 : half); b++) {
        // output view [h, a, b] is input view [h, b, a]
        const inner = to === 'interleaved' ? b * half + a : b * 2 + a;
        out.push(h * 2 * half + inner);
      }
    }
  }
  return out;
}
