import { describe, expect, test } from 'vitest';
import { squareConv1dFixes, type TensorFix } from '../../../src/analysis/infer/tensor-ops.js';
import { locate } from '../../../src/analysis/infer/types.js';

// review 12 F5: layer 0's square attn.c_proj cited `transformer.h.1.mlp.c_proj.weight` ("a module of the same
// name"): another layer's MLP. The witness in the same block is cited, and where it is is said
const fix = (k: string, shape: number[]): TensorFix => ({ kind: 'transpose', source: k, target: k, shape, evidence: 'shapes', confidence: 0.9 });

describe('a square Conv1D weight cites the witness of its own block', () => {
  test('h.0.attn.c_proj cites h.0.mlp.c_proj, said to be in the same block', () => {
    const keys = [0, 1].flatMap((l) => [
      { key: `transformer.h.${l}.attn.c_proj.weight`, shape: [8, 8], dtype: 'float32' as const },
      { key: `transformer.h.${l}.mlp.c_proj.weight`, shape: [32, 8], dtype: 'float32' as const },
    ]);
    const source = locate(keys);
    const goals = new Map(keys.map((k) => [k.key, k.key]));
    // the later layer's witness first, as a sorted or reversed list of fixes gives it
    const proven = [fix('transformer.h.1.mlp.c_proj.weight', [8, 32]), fix('transformer.h.0.mlp.c_proj.weight', [8, 32])];
    const out = squareConv1dFixes(proven, goals, source, source);
    const l0 = out.find((f) => f.source === 'transformer.h.0.attn.c_proj.weight')!;
    expect(l0.evidence).toContain('`transformer.h.0.mlp.c_proj.weight` (in the same block');
    expect(l0.evidence).not.toContain('a module of the same name');
  });
});
