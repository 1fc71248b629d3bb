import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import { compilePattern } from '../../src/analysis/infer/regex.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';

/**
 * Review 20 F4: a Swin-like checkpoint (relative_position_index and attn_mask saved, the model's buffers
 * non-persistent), the error cut to three unexpected keys + `...`. The cut text names `layers` only by those
 * buffers, and the plan took the whole module for one the model lacks: its drop reached every `layers.*` key,
 * trained tables, qkv and proj, said as "nothing trained". Buffers named unexpected say nothing of the module.
 */

const e = (key: string, shape: number[], dtype: KeyEntry['dtype'] = 'float32'): KeyEntry => ({ key, shape, dtype });
const ckpt = (entries: KeyEntry[]): ResolvedSide => ({ file: 'ckpt.pt', kind: 'checkpoint', entries, selected: null, selection: null, nonTensor: [], report: null, checkpoint: null });
const errorSide = (text: string): ResolvedSide => ({ file: 'err.txt', kind: 'error-text', entries: [], selected: null, selection: null, nonTensor: [], report: parseErrorText(text, 'err.txt'), checkpoint: null });
const NO_SOURCE = { file: 'ckpt.pt', size: 0, sha256: '', select: [] };

const src = [
  e('patch.weight', [8, 3, 2, 2]),
  ...[0, 1].flatMap((i) => [
    e(`layers.${i}.relative_position_bias_table`, [9, 2]),
    e(`layers.${i}.relative_position_index`, [4, 4], 'int64'),
    e(`layers.${i}.attn_mask`, [4, 4, 4]),
    e(`layers.${i}.qkv.weight`, [24, 8]),
    e(`layers.${i}.qkv.bias`, [24]),
    e(`layers.${i}.proj.weight`, [8, 8]),
    e(`layers.${i}.proj.bias`, [8]),
  ]),
];
const CUT = 'RuntimeError: Error(s) in loading state_dict for Swin:\n\tUnexpected key(s) in state_dict: "layers.0.relative_position_index", "layers.0.attn_mask", "layers.1.relative_position_index", ...\n';

describe('a cut text naming a module only by its recomputed buffers (review 20 F4)', () => {
  it('drops those buffers, never the module\'s trained keys', () => {
    const out = buildPlan(inferenceSides(ckpt(src), errorSide(CUT)), NO_SOURCE, 'err.txt');
    const drops = out.plan.ops.filter((o) => o.op === 'drop').map((o) => compilePattern(o.pattern));
    expect(drops.length).toBeGreaterThan(0);
    const trained = src.map((x) => x.key).filter((k) => !/relative_position_index|attn_mask/.test(k));
    expect(trained.filter((k) => drops.some((re) => re.test(k)))).toEqual([]);
    expect(drops.some((re) => re.test('layers.0.relative_position_index'))).toBe(true);
  });
});
