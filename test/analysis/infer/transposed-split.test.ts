import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * Mistral's consolidated Mixtral checkpoint keeps each layer's experts in three tensors [E·F, D]; w1 and
 * w3 are the experts' [F, D] weights one under the other, but w2 holds every expert's [D, F] down
 * projection as its transpose (transformers convert_mixtral_weights_to_hf.py: `w2.view(E, F, D)[e].T`).
 * The plan must cut w2 as transposed-then-split along dim 1, templated over layers, and let the layer
 * renames stay general: before, w2 was a tie between the w1 and w3 families (both add up along dim 0),
 * left unmapped, and every other key of the layers got an exact rename of its own.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const E = 4;
const F = 6;
const D = 5;
const L = 12;

function consolidated(): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [e('tok_embeddings.weight', [32, D])];
  const target: KeyEntry[] = [e('model.embed_tokens.weight', [32, D])];
  for (let l = 0; l < L; l++) {
    source.push(e(`layers.${l}.attention.wq.weight`, [D, D]), e(`layers.${l}.attention.wo.weight`, [D, D]), e(`layers.${l}.block_sparse_moe.gate.weight`, [E, D]));
    for (const w of ['w1', 'w2', 'w3']) source.push(e(`layers.${l}.block_sparse_moe.${w}`, [E * F, D]));
    source.push(e(`layers.${l}.attention_norm.weight`, [D]), e(`layers.${l}.ffn_norm.weight`, [D]));
    const at = `model.layers.${l}.`;
    target.push(e(`${at}self_attn.q_proj.weight`, [D, D]), e(`${at}self_attn.o_proj.weight`, [D, D]), e(`${at}block_sparse_moe.gate.weight`, [E, D]));
    for (let x = 0; x < E; x++) {
      target.push(e(`${at}block_sparse_moe.experts.${x}.w1.weight`, [F, D]), e(`${at}block_sparse_moe.experts.${x}.w2.weight`, [D, F]), e(`${at}block_sparse_moe.experts.${x}.w3.weight`, [F, D]));
    }
    target.push(e(`${at}input_layernorm.weight`, [D]), e(`${at}post_attention_layernorm.weight`, [D]));
  }
  source.push(e('norm.weight', [D]), e('output.weight', [32, D]));
  target.push(e('model.norm.weight', [D]), e('lm_head.weight', [32, D]));
  return { source, target };
}

describe('a fused whole holding its parts transposed (Mixtral consolidated w2)', () => {
  test('w2 is transposed, then cut along dim 1 per expert; one op per kind for every layer', () => {
    const { source, target } = consolidated();
    const r = inferPlan({ source, target });
    // wq and wo are [D, D] look-alikes with nothing between them that only their order would pair: listed
    // (anchor-slots.ts); everything else is placed
    const attention = (k: string) => /\.(attention\.w[qo]|self_attn\.[qo]_proj)\./.test(k);
    expect(r.unmapped.filter((k) => !attention(k))).toEqual([]);
    expect(r.leftover.filter((k) => !attention(k))).toEqual([]);
    expect(r.ambiguities.every((a) => a.keys.every(attention))).toBe(true);
    const transposes = r.ops.filter((o) => o.op === 'transpose');
    expect(transposes).toEqual([expect.objectContaining({ pattern: '^model\\.layers\\.\\d+\\.block_sparse_moe\\.w2$', dims: [1, 0] })]);
    const splits = r.ops.filter((o) => o.op === 'split');
    // one split by pattern per kind (w1, w2, w3), whatever the layer's number (layers 0..3 share theirs with an expert)
    expect(splits).toHaveLength(3);
    expect(splits.every((o) => o.pattern !== undefined)).toBe(true);
    expect(splits.map((o) => o.dim).sort()).toEqual([0, 0, 1]);
    // the whole plan reads like the conversion script: far fewer ops than keys
    expect(r.ops.length).toBeLessThanOrEqual(14);

    const out = new Map(applyOpsToKeys(r.ops, source).outputs.map((o) => [o.key, o]));
    const w2 = out.get('model.layers.3.block_sparse_moe.experts.2.w2.weight')!;
    // expert 2's rows of w2 ([2F, 3F) of dim 0), transposed: the transposed whole's columns [2F, 3F)
    expect(w2.shape).toEqual([D, F]);
    expect(w2.recipe).toEqual({ kind: 'split', of: { kind: 'transpose', of: { kind: 'source', key: 'layers.3.block_sparse_moe.w2' }, dims: [1, 0] }, dim: 1, start: 2 * F, size: F, squeeze: false });
    const w1 = out.get('model.layers.3.block_sparse_moe.experts.2.w1.weight')!;
    expect(w1.recipe).toEqual({ kind: 'split', of: { kind: 'source', key: 'layers.3.block_sparse_moe.w1' }, dim: 0, start: 2 * F, size: F, squeeze: false });
  });

  test('a square whole is never read as transposed parts: cut along either dim alike, nothing says which', () => {
    // [2·3, 6] parts [6, 3]: a transposed fit; but a [6, 6] whole into [6, 3] parts fits a plain dim-1 cut as well
    const source = [e('m.fused_w', [6, 6])];
    const target = [e('m.parts.0.weight', [6, 3]), e('m.parts.1.weight', [6, 3])];
    const r = inferPlan({ source, target });
    expect(r.ops.some((o) => o.op === 'transpose')).toBe(false);
    expect(r.ops.some((o) => o.op === 'split' && o.dim === 1)).toBe(false);
  });
});
