/**
 * Review 10 F6 and F7: a finding's words are true of the keys. A rename's example pair ends on a key
 * the model has (a prefix op's output may be only a name on the way to another op, or no model key at
 * all); a bare matrix used as `x @ P` (CLIP's `text_projection`) that becomes a Linear weight is said to
 * be that, not "Conv1D vs Linear".
 */
import { describe, expect, it } from 'vitest';
import { explainCauses, transposeWords, type CauseFacts } from '../../../src/analysis/infer/causes.js';
import { classifyShapes } from '../../../src/analysis/infer/shape-mismatch.js';
import type { PlanOp } from '../../../src/plan/types.js';

const facts = (ops: PlanOp[], covers: string[][], mapping: Record<string, string>, model: string[]): CauseFacts => ({
  sourceCount: Object.keys(mapping).length,
  targetCount: model.length,
  ops,
  covers,
  exampleOf: (k) => mapping[k],
  isModelKey: (k) => model.includes(k),
  anotherModel: false,
  matched: 0,
  sizeMismatches: [],
  positionWarnings: [],
  leftover: [],
  unmapped: [],
  ambiguous: 0,
});

describe("a rename's example pair ends on a model key (F6)", () => {
  it('Gemma-2 GGUF → HF: the first key the prefix op covers lands on no model key; the example is one that does', () => {
    // `blk.0.attn_norm.weight` is left as `model.layers.0.attn_norm.weight`, a name the model lacks (its norms are ambiguous)
    const mapping = { 'blk.0.attn_norm.weight': 'model.layers.0.attn_norm.weight', 'blk.0.attn_q.weight': 'model.layers.0.self_attn.q_proj.weight' };
    const model = ['model.layers.0.input_layernorm.weight', 'model.layers.0.self_attn.q_proj.weight'];
    const [cause] = explainCauses(facts([{ op: 'rename', pattern: '^blk\\.', replacement: 'model.layers.' }], [Object.keys(mapping)], mapping, model));
    expect(cause!.message).toBe('2 keys are named differently (`blk.0.attn_q.weight` is `model.layers.0.self_attn.q_proj.weight`): rename ^blk\\. → model.layers.');
  });

  it('no key the op covers lands on the model: no example rather than a false one', () => {
    const mapping = { 'blk.0.attn_norm.weight': 'model.layers.0.attn_norm.weight' };
    const [cause] = explainCauses(facts([{ op: 'rename', pattern: '^blk\\.', replacement: 'model.layers.' }], [Object.keys(mapping)], mapping, ['x']));
    expect(cause!.message).toBe('1 key is named differently: rename ^blk\\. → model.layers.');
  });
});

describe('CLIP projections are bare matrices used as x @ P (F7)', () => {
  const at = (key: string, shape: number[]) => ({ key, shape, dtype: 'float32' as const, pos: 0 });
  it("the op's evidence", () => {
    const bare = classifyShapes(at('text_projection', [96, 64]), at('text_projection.weight', [64, 96]), 0.5);
    expect(bare).toEqual({ kind: 'transpose', evidence: 'shape [96, 64] vs [64, 96]: stored as a bare matrix used as x @ P (a Linear weight holds its transpose)' });
    const conv1d = classifyShapes(at('h.0.mlp.c_fc.weight', [96, 64]), at('h.0.mlp.c_fc.weight', [64, 96]), 0.5);
    expect(conv1d).toEqual({ kind: 'transpose', evidence: 'shape [96, 64] vs [64, 96]: stored transposed (Conv1D vs Linear)' });
  });
  it('the finding', () => {
    expect(transposeWords([1, 0], ['text_projection', 'visual.proj'], false)).toBe('stored as bare matrices used as x @ P (a Linear weight holds their transpose)');
    expect(transposeWords([1, 0], ['h.0.attn.c_attn.weight'], false)).toBe('stored transposed (Conv1D vs Linear)');
  });
});
