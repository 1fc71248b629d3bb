/**
 * A plain weight whose dims are a permutation of the model's is another library's layout only where something
 * besides the shapes says the source is that library's (s22-verify F1, F4): the error text naming a
 * sparse-convolution library (ErrorReport.sparseLibrary), or a TensorFlow / Flax checkpoint's own names. Between
 * two torch state dicts the shapes alone fit documented pairs by chance (a Conv2d(3, 8, (2, 3)) for a
 * Conv2d(3, 8, (3, 2)) reads as spconv KRSC → dense; a dense [3, 3, 16, 1] as TF's depthwise [kh, kw, C, 1]):
 * permuted, they loaded strict=True with scrambled values. And (F5) a cut list of a model's own root tensors
 * beside `step` / `epoch` buffers is no checkpoint's fields.
 */
import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { parseErrorText } from '../../../src/formats/error-text.js';
import { errorHints } from '../../../src/analysis/error-hints.js';
import { sideOfHeadless } from '../../../src/analysis/readings.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { e } from './layouts.js';

function sides(from: number[], to: number[], names: readonly string[], extraSource: KeyEntry[] = []): { source: KeyEntry[]; target: KeyEntry[] } {
  return {
    source: [...names.map((n) => e(`${n}.weight`, from)), ...extraSource],
    target: names.map((n) => e(`${n}.weight`, to)),
  };
}
const transposes = (r: ReturnType<typeof inferPlan>) => r.ops.filter((o) => o.op === 'transpose');

describe('kernel layouts need evidence besides the shapes (s22-verify F1, F4)', () => {
  test('F1: [8, 3, 2, 3] for [8, 3, 3, 2] between torch state dicts: listed, not permuted as spconv KRSC', () => {
    const r = inferPlan(sides([8, 3, 2, 3], [8, 3, 3, 2], ['stem', 'aux', 'side']));
    expect(transposes(r)).toEqual([]);
    expect(r.sizeMismatches).toHaveLength(3);
    expect(r.fixable).toBe(false);
  });

  test('F1: the same shapes, the text naming spconv: the documented permutation', () => {
    const r = inferPlan({ ...sides([8, 3, 2, 3], [8, 3, 3, 2], ['stem', 'aux', 'side']), options: { sparseLibrary: 'spconv' } });
    expect(transposes(r).map((o) => (o as { dims: number[] }).dims)).toEqual([[0, 3, 1, 2]]);
  });

  test('F4: a dense [3, 3, 16, 1] for a depthwise [16, 1, 3, 3], torch names only: listed, not read as TensorFlow', () => {
    const r = inferPlan(sides([3, 3, 16, 1], [16, 1, 3, 3], ['blocks.0.dw', 'blocks.1.dw', 'blocks.2.dw']));
    expect(transposes(r)).toEqual([]);
    expect(r.sizeMismatches).toHaveLength(3);
  });

  test("a torch checkpoint with a layer scale `gamma` (ConvNeXt's) is no TensorFlow evidence: listed, not permuted", () => {
    const scale = [e('stages.0.blocks.0.gamma', [16]), e('stages.0.blocks.1.gamma', [16])];
    const r = inferPlan(sides([3, 3, 16, 1], [16, 1, 3, 3], ['blocks.0.dw', 'blocks.1.dw', 'blocks.2.dw'], scale));
    expect(transposes(r)).toEqual([]);
    expect(r.sizeMismatches).toHaveLength(3);
  });

  test("F4: the checkpoint's own names say TensorFlow (TF-Slim's BatchNorm `moving_mean`): permuted as before", () => {
    const bn = [e('blocks.0.bn.moving_mean', [16])];
    const r = inferPlan(sides([3, 3, 16, 1], [16, 1, 3, 3], ['blocks.0.dw', 'blocks.1.dw', 'blocks.2.dw'], bn));
    expect(transposes(r).length).toBeGreaterThan(0);
  });
});

describe('the error text as evidence of a sparse-convolution library', () => {
  const line = (k: string, a: number[], b: number[]) => `\tsize mismatch for ${k}: copying a param with shape torch.Size([${a.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${b.join(', ')}]).`;
  const lines = [line('backbone.conv_input.0.weight', [3, 3, 3, 5, 16], [16, 3, 3, 3, 5]), line('backbone.conv2.0.weight', [3, 3, 3, 16, 32], [32, 3, 3, 3, 16])].join('\n');

  test("torch's own error, nothing naming the library: no sparseLibrary, the kernel layout stays a blocker", () => {
    const report = parseErrorText(`RuntimeError: Error(s) in loading state_dict for VoxelNet:\n${lines}`, 'e.txt');
    expect(report.sparseLibrary).toBeUndefined();
    const h = errorHints(report);
    expect(h.blockers.some((b) => b.code === 'kernel_layout')).toBe(true);
    expect(h.notes.some((b) => b.code === 'kernel_layout')).toBe(false);
  });

  test('a traceback through spconv, or det3d\'s `these keys have mismatched shape` table: read as the evidence', () => {
    const spconv = parseErrorText(`  File "/usr/lib/python3/site-packages/spconv/pytorch/conv.py", line 12\nRuntimeError: Error(s) in loading state_dict for VoxelNet:\n${lines}`, 'e.txt');
    expect(spconv.sparseLibrary).toMatch(/spconv/);
    expect(errorHints(spconv).notes.some((b) => b.code === 'kernel_layout')).toBe(true);
    const table = parseErrorText('these keys have mismatched shape:\n+---+---+---+\n| key | expected shape | loaded shape |\n+---+---+---+\n| backbone.conv_input.0.weight | torch.Size([16, 3, 3, 3, 5]) | torch.Size([3, 3, 3, 5, 16]) |\n+---+---+---+', 'e.txt');
    expect(table.sparseLibrary).toBeDefined();
  });
});

describe("a cut list of a model's root tensors beside counters is no checkpoint's fields (s22-verify F5)", () => {
  test('`scale`, `step`, `epoch` under a cut heading: left unsided (the side decides), no field selected', () => {
    const report = sideOfHeadless(parseErrorText('Error(s) in loading state_dict for Dst:\n\tkey(s) in state_dict: "scale", "step", "epoch". ', 'e.txt'));
    expect(report.unexpected).not.toContain('scale');
    expect(errorHints(report).select ?? null).toBeNull();
  });

  test('`net_ema`, `optimizer`, `epoch`: a field no model holds (`optimizer`) shows the checkpoint passed whole', () => {
    const report = sideOfHeadless(parseErrorText('Error(s) in loading state_dict for Dst:\n\tkey(s) in state_dict: "net_ema", "optimizer", "epoch". ', 'e.txt'));
    expect(report.unexpected).toEqual(['net_ema', 'optimizer', 'epoch']);
    expect(errorHints(report).select?.field).toBe('net_ema');
  });
});
