/**
 * Module alignment on the generalisation probe's opaque targets (bench/families/opaque.ts: every target name an
 * unrelated token), where only structure can pair: two rules that keep it from guessing.
 * - A tensor kind one side holds nowhere (MS Swin's `attn_mask` buffer of every shifted block; EVA-02's rope
 *   tables) is left out of module signatures: counted, it made each shifted block unlike every block of the other
 *   side, the block fell apart into its parts and its `norm1` was paired with mmseg's stage output `norm0`.
 * - A lone unit against three or more look-alikes is not paired by rank (rank 0 of one takes the first of them):
 *   EVA-02's weight-only `k_proj` against the checkpoint's `q_proj`, `k_proj`, `v_proj` was paired with `q_proj`.
 */
import { describe, expect, test } from 'vitest';
import { FAMILY_MAKERS_2, FAMILY_MAKERS_5 } from '../../../bench/families/index.js';
import { opaqueTarget } from '../../../bench/families/opaque.js';
import { relayout } from '../../../bench/families/layouts.js';
import { runFamily } from '../../../bench/suites/plan.js';

describe('module alignment: kinds one side lacks, lone units among many', () => {
  test('MS Swin → mmseg with opaque target names: shifted blocks align whole (44 wrong pairs before)', () => {
    const r = runFamily('swin-ms-to-mmseg', () => opaqueTarget(FAMILY_MAKERS_2['swin-ms-to-mmseg']!()));
    // the 2 left are the plain family's own (two source keys the truth leaves out)
    expect(r.predicted - r.correct).toBeLessThanOrEqual(2);
    expect(r.correct).toBe(188);
  });
  test('Pythia (GPT-NeoX sequential) listed sorted by name: no block falls apart (44 wrong pairs before)', () => {
    const r = runFamily('pythia-160m-neox-sequential-to-hf', () => relayout(FAMILY_MAKERS_5['pythia-160m-neox-sequential-to-hf']!(), 'sorted')!);
    expect(r.predicted - r.correct).toBe(0);
    expect(r.correct).toBe(160);
  });
  test('EVA-02 → timm with opaque target names: no lone projection paired by rank (12 wrong pairs before)', () => {
    const r = runFamily('eva02-base-p14-448-to-timm', () => opaqueTarget(FAMILY_MAKERS_5['eva02-base-p14-448-to-timm']!()));
    expect(r.wrong).toEqual([]);
  });
});
