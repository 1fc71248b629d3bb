/**
 * A TF-Slim classifier is a 1×1 conv stored channels-last (`Logits/Conv2d_1c_1x1/weights` [1, 1, I, O]) where
 * the PyTorch model has a Linear [O, I]: dims merged to [I, O], then transposed. Its class (`weights` of rank
 * 4 into rank 2) holds one tensor, and a layout is read on two witnesses, so it was renamed with no value op:
 * it loaded with its values scrambled into [O, I]. Its leaf's tensors of the full rank (the convs' `weights`,
 * every one stored HWIO, none as stored) now witness it (layout-fixes.ts, a squeezed class).
 */
import { describe, expect, test } from 'vitest';
import { layoutFixes } from '../../../src/analysis/infer/layout-fixes.js';
import { locate } from '../../../src/analysis/infer/types.js';
import { e } from './layouts.js';

const WIDTHS = [8, 16, 32];
const CLASSES = 10;
const LAST = 2 * WIDTHS[WIDTHS.length - 1]!;

function run(convs: number): ReturnType<typeof layoutFixes> {
  const goals = new Map<string, string>();
  const src = [];
  const tgt = [];
  for (const [k, c] of WIDTHS.slice(0, convs).entries()) {
    src.push(e(`Net.block_${k}.conv.weights`, [3, 3, c, 2 * c]));
    tgt.push(e(`net.layer.${k}.weight`, [2 * c, c, 3, 3]));
    goals.set(`Net.block_${k}.conv.weights`, `net.layer.${k}.weight`);
  }
  src.push(e('Net.Logits.weights', [1, 1, LAST, CLASSES]));
  tgt.push(e('net.classifier.weight', [CLASSES, LAST]));
  goals.set('Net.Logits.weights', 'net.classifier.weight');
  // a TF-Slim checkpoint: the real family's BatchNorm `moving_mean` (or its scope paths) says so; shapes alone do not
  // (layout-fixes.ts LayoutEvidence, s22-verify F1/F4)
  return layoutFixes(goals, [], locate(src), locate(tgt), () => 0.9, { sparse: false, foreign: true });
}

describe('a 1×1 conv stored channels-last for a Linear', () => {
  test("is merged to [I, O] and transposed, as its leaf's convs are permuted", () => {
    const mine = run(WIDTHS.length).fixes.filter((f) => f.source === 'Net.Logits.weights');
    expect(mine).toMatchObject([
      { kind: 'reshape', shape: [LAST, CLASSES], before: true },
      { kind: 'transpose', dims: [1, 0] },
    ]);
  });

  test('with one conv of its name, no reading: one witness is no layout', () => {
    expect(run(1).fixes.some((f) => f.source === 'Net.Logits.weights')).toBe(false);
  });
});
