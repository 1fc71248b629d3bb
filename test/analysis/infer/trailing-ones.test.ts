import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { trailingOnes } from '../../../src/analysis/infer/tensor-ops.js';
import type { KeyEntry } from '../../../src/formats/keys.js';
import { applyOpsToKeys } from '../../../src/analysis/op-keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });

/**
 * LeViT-like: linear weights of several widths and depths of nesting become 1×1 convs in the model,
 * a 3×3 stem conv and a linear head stay as they are. Pairs by name (same keys), shapes differ only by
 * trailing 1s.
 */
function layout(): { source: KeyEntry[]; target: KeyEntry[]; reshaped: string[] } {
  const source: KeyEntry[] = [e('stem.conv1.linear.weight', [16, 3, 3, 3])];
  const target: KeyEntry[] = [e('stem.conv1.linear.weight', [16, 3, 3, 3])];
  const reshaped: string[] = [];
  [16, 24, 32].forEach((d, s) => {
    for (const [name, o, i] of [[`stages.${s}.blocks.0.attn.qkv.linear.weight`, 3 * d, d], [`stages.${s}.blocks.0.mlp.ln1.linear.weight`, 2 * d, d], [`stages.${s}.blocks.0.attn.proj.ln.linear.weight`, d, d]] as const) {
      source.push(e(name, [o, i]));
      target.push(e(name, [o, i, 1, 1]));
      reshaped.push(name);
    }
    source.push(e(`stages.${s}.blocks.0.mlp.ln1.bn.weight`, [2 * d]));
    target.push(e(`stages.${s}.blocks.0.mlp.ln1.bn.weight`, [2 * d]));
  });
  source.push(e('head.linear.weight', [10, 32]));
  target.push(e('head.linear.weight', [10, 32]));
  return { source, target, reshaped };
}

describe('reshapes by trailing 1s', () => {
  test('trailingOnes: +n appended, −n removed, 0 for anything else', () => {
    expect(trailingOnes([8, 4], [8, 4, 1, 1])).toBe(2);
    expect(trailingOnes([8, 4, 1, 1], [8, 4])).toBe(-2);
    expect(trailingOnes([8, 4], [1, 8, 4])).toBe(0);
    expect(trailingOnes([8, 4], [8, 4, 2])).toBe(0);
    expect(trailingOnes(undefined, [8, 4, 1, 1])).toBe(0);
  });

  test('a full key set: one op for every linear → 1×1 conv weight, whatever its sizes and depth, touching nothing else', () => {
    const { source, target, reshaped } = layout();
    const r = inferPlan({ source, target });
    expect(r.ops).toHaveLength(1);
    const op = r.ops[0]!;
    expect(op).toMatchObject({ op: 'reshape', addTrailingOnes: 2 });
    expect(op.op === 'reshape' && op.shape).toBe(undefined);
    const out = applyOpsToKeys(r.ops, source);
    expect(out.errors).toEqual([]);
    const want = new Map(target.map((t) => [t.key, t.shape]));
    for (const o of out.outputs) expect(o.shape).toEqual(want.get(o.key));
    expect(out.outputs.filter((o) => o.recipe.kind === 'reshape').map((o) => o.key).sort()).toEqual([...reshaped].sort());
  });

  test('the other way (1×1 conv → linear): removeTrailingOnes', () => {
    const { source, target } = layout();
    const r = inferPlan({ source: target, target: source });
    expect(r.ops).toHaveLength(1);
    expect(r.ops[0]).toMatchObject({ op: 'reshape', removeTrailingOnes: 2 });
  });

  test('a partial key set keeps exact shapes (a pattern could reach keys the error did not show)', () => {
    const { source, target } = layout();
    const r = inferPlan({ source, target, options: { partial: true } });
    const reshapes = r.ops.filter((o) => o.op === 'reshape');
    expect(reshapes.length).toBeGreaterThan(1);
    expect(reshapes.every((o) => o.op === 'reshape' && Array.isArray(o.shape))).toBe(true);
  });
});

describe('a concat by pattern whose index values recur in one key', () => {
  test('layers.S.1.J with S = J: the target takes the groups in order, so every layer gives one template', () => {
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    for (let s = 0; s < 2; s++) {
      for (let j = 0; j < 2; j++) {
        const at = `layers.${s}.1.${j}.attn`;
        source.push(e(`${at}.q.weight`, [8, 8]), e(`${at}.kv.weight`, [16, 8]), e(`${at}.out.weight`, [8, 8]));
        target.push(e(`${at}.attn.in_proj_weight`, [24, 8]), e(`${at}.out.weight`, [8, 8]));
      }
    }
    const r = inferPlan({ source, target });
    const concats = r.ops.filter((o) => o.op === 'concat');
    expect(concats).toEqual([expect.objectContaining({ pattern: '^layers\\.(\\d+)\\.(\\d+)\\.(\\d+)\\.attn\\.(q|kv)\\.weight$', parts: ['q', 'kv'], target: 'layers.$1.$2.$3.attn.attn.in_proj_weight' })]);
    expect(r.mapping['layers.1.1.1.attn.kv.weight']).toBe('layers.1.1.1.attn.attn.in_proj_weight');
  });
});
