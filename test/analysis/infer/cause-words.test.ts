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

describe('review 12 F5 and the way back from HF CLIP: the words fit the keys', () => {
  it("a rename's example is a key the renames alone place, not one a later stack and join make into another tensor (Mixtral v4 -> v5)", () => {
    const mapping = {
      'model.layers.0.block_sparse_moe.experts.0.w1.weight': 'model.layers.0.mlp.experts.gate_up_proj',
      'model.layers.0.block_sparse_moe.gate.weight': 'model.layers.0.mlp.gate.weight',
    };
    const model = ['model.layers.0.mlp.experts.gate_up_proj', 'model.layers.0.mlp.gate.weight'];
    const ops: PlanOp[] = [
      { op: 'rename', pattern: '(^|\\.)block_sparse_moe\\.', replacement: '$1mlp.' },
      { op: 'stack', pattern: '^model\\.layers\\.(\\d+)\\.mlp\\.experts\\.(\\d+)\\.w1\\.weight$', index: 2, dim: 0, target: 'model.layers.$1.mlp.experts.w1.weight' },
    ];
    const [cause] = explainCauses(facts(ops, [Object.keys(mapping), ['model.layers.0.block_sparse_moe.experts.0.w1.weight']], mapping, model));
    expect(cause!.message).toBe('2 keys are named differently (`model.layers.0.block_sparse_moe.gate.weight` is `model.layers.0.mlp.gate.weight`): rename (^|\\.)block_sparse_moe\\. → $1mlp.');
  });

  it('a square Linear weight becoming a bare x @ P matrix is said as that, not as Conv1D; one bare matrix is one', () => {
    expect(transposeWords([1, 0], ['text_projection.weight'], false, false, ['text_projection'])).toBe('a Linear weight where the model holds a bare matrix used as x @ P (the transpose)');
    expect(transposeWords([1, 0], ['visual.proj'], false)).toBe('stored as a bare matrix used as x @ P (a Linear weight holds its transpose)');
    expect(classifyShapes(at2('text_projection.weight', [64, 96]), at2('text_projection', [96, 64]), 0.5)).toEqual({
      kind: 'transpose',
      evidence: 'shape [64, 96] vs [96, 64]: a Linear weight where the model holds a bare matrix used as x @ P (its transpose)',
    });
  });
});

function at2(key: string, shape: number[]) {
  return { key, shape, dtype: 'float32' as const, pos: 0 };
}
