import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';

/**
 * Review 18 F3's second half (S21): four look-alike Linears `layers.0–3`, and a model with a new one inserted at
 * the front. With the checkpoint, `plan` lists the list-end ambiguity (a layer new at the end, or one inserted
 * anywhere); `explain CKPT ERROR` with the complete error text said only that `layers.4` has no source (the
 * error gives the missing keys no shapes, so they were no look-alikes). Beside the checkpoint the same
 * inference runs on their names: both readings listed. A text cut short shows no list's end.
 */

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const ckpt = (entries: KeyEntry[]): ResolvedSide => ({ file: 'src.pt', kind: 'key-list', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const errorSide = (text: string): ResolvedSide => {
  const report = parseErrorText(text, 'error.txt');
  return { file: 'error.txt', kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report, checkpoint: null };
};
const NO_SOURCE = { file: 'src.pt', size: 0, sha256: '', select: [] };
const layers = [0, 1, 2, 3].flatMap((i) => [e(`layers.${i}.weight`, [16, 16]), e(`layers.${i}.bias`, [16])]);
const TEXT = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "layers.4.weight", "layers.4.bias". \n';

describe('explain CKPT ERROR: a list one look-alike longer (review 18 F3, second half)', () => {
  it('lists both readings: new at the end, or inserted anywhere', () => {
    const sides = inferenceSides(ckpt(layers), errorSide(TEXT));
    expect(sides.mode).toBe('checkpoint-and-error');
    const out = buildPlan(sides, NO_SOURCE, 'error.txt');
    const amb = out.result.ambiguities;
    expect(amb).toHaveLength(1);
    expect(amb[0]!.keys).toEqual(['layers.4.weight', 'layers.4.bias']);
    expect(amb[0]!.reason).toMatch(/`layers\.4` is new at the end of `layers\.0`–`layers\.4`, or a layer was inserted anywhere in the list/);
    expect(out.complete).toBe(false);
  });

  it('not from a text cut short (more of the list may be missing)', () => {
    const cut = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "layers.4.weight", "layers.4.bias", ...\n';
    const sides = inferenceSides(ckpt(layers), errorSide(cut));
    expect(sides.report?.truncated).toBe(true);
    const out = buildPlan(sides, NO_SOURCE, 'error.txt');
    expect(out.result.ambiguities.filter((a) => a.listEnd)).toEqual([]);
  });
});
