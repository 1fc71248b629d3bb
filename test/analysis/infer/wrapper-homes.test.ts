/**
 * Look-alikes that a wrapper child alone places (twin-homes.ts): PVT's original checkpoint holds each stage's patch
 * embedding (`patch_embed1.{proj,norm}`) and blocks (`block1.0.*`) at its top level, HF's model holds everything
 * under `pvt.encoder.*`. The patch embedding's unique conv sends `patch_embed1` home to `pvt`, the child that holds
 * every [d] norm of the stage; read below that home, `patch_embed1.norm` was only `norm`, and rank and a stray
 * digit paired it with a block's `layer_norm_1`, the block's `norm1` then taking the patch embedding's norm.
 * A tuning family (set 8): its truth is the bench's, from transformers' convert_pvt_to_pytorch.py.
 */
import { describe, expect, test } from 'vitest';
import { FAMILY_MAKERS_8, HELD_OUT_8 } from '../../../bench/families/index.js';
import { claimedWrong, tuningPlan } from '../../helpers/tuning-plan.js';

describe('look-alikes placed by a wrapper child only are read by their own names, not paired by rank inside the wrapper', () => {
  test("PVT original → HF: no stage's patch-embedding norm is crossed with a block's norm or the final norm", () => {
    const { f, r } = tuningPlan(FAMILY_MAKERS_8, HELD_OUT_8, 'pvt-tiny-original-to-hf');
    const norms = Object.keys(f.truth).filter((k) => /^(patch_embed\d\.norm|block\d\.\d+\.norm[12]|norm)\./.test(k));
    expect(norms.length).toBe(4 * 2 + 8 * 2 * 2 + 2);
    expect(claimedWrong(f, r, norms)).toEqual([]);
    // and the patch embeddings' norms, which names do single out, are paired
    for (let s = 1; s <= 4; s++) expect(r.mapping[`patch_embed${s}.norm.weight`]).toBe(`pvt.encoder.patch_embeddings.${s - 1}.layer_norm.weight`);
  });
});
