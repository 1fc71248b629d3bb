import { describe, expect, it } from 'vitest';
import type { ResolvedSide } from '../../src/analysis/sides.js';
import { parseErrorText } from '../../src/formats/error-text.js';
import type { KeyEntry } from '../../src/formats/keys.js';
import { buildPlan, inferenceSides } from '../../src/plan/build.js';

/**
 * A checkpoint with a cut error text (review B finding 4, rv/dino.pt + rv/t4.txt): the checkpoint keys the
 * text lost may be weights the model loaded; the plan must not drop them, nor generalise a drop onto them.
 */

const e = (key: string): KeyEntry => ({ key, shape: [4], dtype: null });
const side = (over: Partial<ResolvedSide>): ResolvedSide => ({ file: 'x', kind: 'key-list', entries: [], selected: null, selection: null, nonTensor: [], report: null, checkpoint: null, ...over });

// rv/dino.pt: a student and its teacher copy, the student's weights at the top level
const DINO = ['conv1.weight', 'teacher.conv1.weight', 'bn1.weight', 'teacher.bn1.weight', 'bn1.bias', 'teacher.bn1.bias', 'layer1.0.conv1.weight', 'teacher.layer1.0.conv1.weight', 'layer1.0.bn1.weight', 'teacher.layer1.0.bn1.weight'];
const T4 = 'RuntimeError: Error(s) in loading state_dict for Net:\n\tUnexpected key(s) in state_dict: "teacher.conv1.weight", "teacher.bn1.weight", "teacher.bn1.bias", "teacher.layer1.0.conv1.weight", "teacher.layer1.0.bn1.weigh';

describe('a checkpoint with a cut error text', () => {
  it('keeps every key the text does not name outside the copy it shows, and drops only that copy', () => {
    const report = parseErrorText(T4, 't4.txt');
    const sides = inferenceSides(side({ kind: 'checkpoint', entries: DINO.map(e) }), side({ kind: 'error-text', report }));
    const out = buildPlan(sides, { file: 'x', size: 0, sha256: '', select: [] }, 't');
    const kept = DINO.filter((k) => out.plan.mapping[k] != null);
    expect(out.plan.mapping['conv1.weight']).toBe('conv1.weight');
    expect(kept).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias', 'layer1.0.conv1.weight', 'layer1.0.bn1.weight']);
  });
});

/**
 * review20 F4: a cut text that shows a module only through buffers it saved (Swin's `relative_position_index` /
 * `attn_mask`, GPT-2's `attn.bias` mask) does not show a module the model lacks: the keys of that module past the
 * cut are its trained weights unless they are the same buffers. The drop had widened to `^layers\.` (every
 * trained table, qkv and proj) under "nothing trained".
 */
describe('a cut text that shows a module only through its saved buffers', () => {
  const shaped = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: null });
  const plan = (entries: KeyEntry[], text: string) => {
    const report = parseErrorText(text, 'cut.txt');
    return buildPlan(inferenceSides(side({ kind: 'checkpoint', entries }), side({ kind: 'error-text', report })), { file: 'x', size: 0, sha256: '', select: [] }, 't').plan;
  };
  const dropped = (p: ReturnType<typeof plan>) => Object.keys(p.mapping).filter((k) => p.mapping[k] === null).sort();

  it('drops the Swin buffers only, past the cut too, and keeps the blocks\' trained weights', () => {
    const blocks = [0, 1].flatMap((i) => [shaped(`layers.${i}.relative_position_bias_table`, [9, 2]), shaped(`layers.${i}.relative_position_index`, [4, 4]), shaped(`layers.${i}.attn_mask`, [1, 4, 4]), shaped(`layers.${i}.qkv.weight`, [24, 8]), shaped(`layers.${i}.qkv.bias`, [24]), shaped(`layers.${i}.proj.weight`, [8, 8]), shaped(`layers.${i}.proj.bias`, [8])]);
    const p = plan([...blocks, shaped('head.weight', [3, 8]), shaped('head.bias', [3])], 'RuntimeError: Error(s) in loading state_dict for Swinish:\n\tUnexpected key(s) in state_dict: "layers.0.relative_position_index", "layers.0.attn_mask", "layers.1.relative_position_index", ... ');
    expect(dropped(p)).toEqual(['layers.0.attn_mask', 'layers.0.relative_position_index', 'layers.1.attn_mask', 'layers.1.relative_position_index']);
    expect(p.mapping['layers.1.qkv.weight']).toBe('layers.1.qkv.weight');
    expect(p.mapping['layers.0.relative_position_bias_table']).toBe('layers.0.relative_position_bias_table');
    for (const op of p.ops) if (op.op === 'drop') expect(new RegExp(op.pattern).test('layers.0.qkv.weight')).toBe(false);
  });

  it("drops GPT-2's masks only, and keeps every weight of `h.*`", () => {
    const blocks = [0, 1].flatMap((i) => [shaped(`h.${i}.attn.bias`, [1, 1, 8, 8]), shaped(`h.${i}.attn.masked_bias`, []), shaped(`h.${i}.attn.c_attn.weight`, [16, 48]), shaped(`h.${i}.attn.c_attn.bias`, [48]), shaped(`h.${i}.attn.c_proj.weight`, [16, 16]), shaped(`h.${i}.attn.c_proj.bias`, [16])]);
    const p = plan(blocks, 'RuntimeError: Error(s) in loading state_dict for G:\n\tUnexpected key(s) in state_dict: "h.0.attn.bias", "h.0.attn.masked_bias", "h.1.attn.bias", ... ');
    expect(dropped(p)).toEqual(['h.0.attn.bias', 'h.0.attn.masked_bias', 'h.1.attn.bias', 'h.1.attn.masked_bias']);
    expect(p.mapping['h.1.attn.c_attn.weight']).toBe('h.1.attn.c_attn.weight');
    // the mask past the cut is dropped as the mask it is, in the same op: no op of its own that apply refuses as matching no key
    expect(p.ops.map((o) => (o.op === 'drop' ? o.pattern : o.op))).toEqual(['(?:^|\\.)(?:attn|attention|self_attn|attn1|attn2)\\.(?:bias|masked_bias)$']);
  });
});
