import { describe, expect, test } from 'vitest';
import { ropeRowOrder, ropeView, otherRopeLayout } from '../../src/analysis/rope.js';
import { applyOpsToKeys, type Recipe } from '../../src/analysis/op-keys.js';
import type { PlanOp } from '../../src/analysis/op-vocabulary.js';
import { traceRecipe } from '../../bench/families/recipe-trace.js';
import { makePlan, planToJson } from '../../src/plan/schema.js';
import { validatePlan } from '../../src/plan/validate.js';
import { invertPlan } from '../../src/plan/invert.js';
import { emitPython } from '../../src/report/emit-python.js';
import { reviseKeys } from '../../src/report/emit-mmengine.js';
import { hfUnexpressed } from '../../src/report/emit-hf.js';
import { formatErrorLine } from '../helpers/format-error.js';
import { loadSchema, validateJson } from '../helpers/json-schema.js';

/**
 * The rope row permute (src/analysis/rope.ts): its two directions against the converters' own index
 * arithmetic written out by hand, its recipe, and the plan format around the op.
 */

/** the rows a recipe's output takes from its source, for a [rows, cols] tensor: output row r ← source row */
function rowsOf(r: Recipe, rows: number, cols: number): number[] {
  const t = traceRecipe(r, new Map([['w', [rows, cols]]]))!;
  expect(t.shape).toEqual([rows, cols]);
  return Array.from({ length: rows }, (_, i) => {
    const [key, at] = t.at(i * cols);
    expect(key).toBe('w');
    // every column of the row comes from the same source row
    expect(t.at(i * cols + cols - 1)[1]).toBe(at + cols - 1);
    return at / cols;
  });
}

const permute = (op: Partial<Extract<PlanOp, { op: 'rope_permute' }>>): PlanOp => ({ op: 'rope_permute', key: 'w', heads: 1, to: 'interleaved', ...op }) as PlanOp;

describe('rope row permute', () => {
  test('llama.cpp LlamaModel.permute (to interleaved): reshape(h, 2, d/2).swapaxes(1, 2), one head of 6 rows by hand', () => {
    // rows [0..5] viewed [[0, 1, 2], [3, 4, 5]], swapped: [[0, 3], [1, 4], [2, 5]]
    expect(ropeRowOrder(6, 1, 'interleaved')).toEqual([0, 3, 1, 4, 2, 5]);
    // transformers permute_for_rope (to halves): view(h, d/2, 2).transpose(1, 2): [[0, 1], [2, 3], [4, 5]] → [[0, 2, 4], [1, 3, 5]]
    expect(ropeRowOrder(6, 1, 'halves')).toEqual([0, 2, 4, 1, 3, 5]);
    // per head: two heads of 4 rows each keep to their own rows
    expect(ropeRowOrder(8, 2, 'interleaved')).toEqual([0, 2, 1, 3, 4, 6, 5, 7]);
    expect(ropeView([8, 5], 2, 'interleaved')).toEqual({ view: [2, 2, 2, 5], dims: [0, 2, 1, 3] });
    expect(ropeView([12, 5], 2, 'halves')).toEqual({ view: [2, 3, 2, 5], dims: [0, 2, 1, 3] });
  });

  test('the op builds the converter rows; the two layouts undo each other; kv_heads cuts the rows as llama.cpp does', () => {
    for (const to of ['interleaved', 'halves'] as const) {
      const r = applyOpsToKeys([permute({ heads: 4, to })], [{ key: 'w', shape: [24, 3], dtype: 'float32' }]);
      expect(r.errors).toEqual([]);
      expect(rowsOf(r.outputs[0]!.recipe, 24, 3)).toEqual(ropeRowOrder(24, 4, to));
      const back = applyOpsToKeys([permute({ heads: 4, to }), permute({ heads: 4, to: otherRopeLayout(to) })], [{ key: 'w', shape: [24, 3], dtype: 'float32' }]);
      expect(rowsOf(back.outputs[0]!.recipe, 24, 3)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    }
    // permute(w, n_head=8, n_head_kv=2): 2 heads
    const k = applyOpsToKeys([permute({ heads: 8, kv_heads: 2, to: 'interleaved' })], [{ key: 'w', shape: [8, 3], dtype: 'float32' }]);
    expect(rowsOf(k.outputs[0]!.recipe, 8, 3)).toEqual(ropeRowOrder(8, 2, 'interleaved'));
  });

  test('rows that are no whole number of even heads are an error naming the tensor; a pattern reaches every match', () => {
    expect(applyOpsToKeys([permute({ heads: 4 })], [{ key: 'w', shape: [12, 3], dtype: 'float32' }]).errors).toEqual([
      'ops[0] (rope_permute w): 12 rows do not make 4 heads of an even size (the rotary pairs)',
    ]);
    const r = applyOpsToKeys([{ op: 'rope_permute', pattern: '\\.attn_[qk]\\.weight$', heads: 2, to: 'interleaved' }], [
      { key: 'blk.0.attn_q.weight', shape: [8, 2], dtype: 'float32' },
      { key: 'blk.0.attn_v.weight', shape: [8, 2], dtype: 'float32' },
      { key: 'blk.0.attn_k.weight', shape: [8, 2], dtype: 'float32' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.outputs.map((o) => o.recipe.kind)).toEqual(['reshape', 'source', 'reshape']);
  });
});

describe('rope_permute in the plan format', () => {
  const made = () =>
    makePlan({ file: 'meta.pth', size: 1, sha256: '', select: [] }, { file: 'hf.json', keys: 1 }, {
      ops: [
        { op: 'rename', pattern: '^layers\\.(\\d+)\\.attention\\.wq\\.', replacement: 'model.layers.$1.self_attn.q_proj.' },
        { op: 'rope_permute', pattern: '\\.q_proj\\.weight$', heads: 4, to: 'halves', evidence: 'rotary q rows' },
      ],
      mapping: { 'layers.0.attention.wq.weight': 'model.layers.0.self_attn.q_proj.weight' },
      unmapped: [],
    });

  test('a plan holding one is version 4, valid against the schema, and reads back; version 3 refuses it by name', () => {
    const p = made();
    expect(p.version).toBe(4);
    const json = JSON.parse(planToJson(p));
    expect(validateJson(loadSchema('plan.schema.json'), json)).toEqual([]);
    expect(validatePlan(json, 'plan.json')).toEqual(p);
    expect(formatErrorLine(() => validatePlan({ ...json, version: 3 }, 'plan.json'))).toBe("plan.json: ops[1].op: 'rope_permute' needs plan version 4 (this plan says version 3)");
    const bad = (op: Record<string, unknown>) => formatErrorLine(() => validatePlan({ ...json, ops: [json.ops[0], { ...json.ops[1], ...op }] }, 'plan.json'));
    expect(bad({ to: 'sideways' })).toBe('plan.json: ops[1].to: expected one of interleaved, halves (the row layout the op gives), got "sideways"');
    expect(bad({ heads: 0 })).toMatch(/^plan\.json: ops\[1\]\.heads: /);
    expect(bad({ kv_heads: 1.5 })).toMatch(/^plan\.json: ops\[1\]\.kv_heads: /);
    // a plan without one stays version 3, readable by the releases before 4
    expect(makePlan({ file: 'a', size: 1, sha256: '', select: [] }, { file: 'b', keys: 0 }, { ops: [], mapping: {}, unmapped: [] }).version).toBe(3);
  });

  test('invert gives the permute to the other layout; Python writes the converter line; key_mapping and revise_keys say they cannot', () => {
    const p = made();
    const inv = invertPlan(p, [{ key: 'layers.0.attention.wq.weight', shape: [8, 3], dtype: 'float32' }], 'plan.json');
    expect(inv.plan.ops[0]).toMatchObject({ op: 'rope_permute', pattern: '\\.q_proj\\.weight$', heads: 4, to: 'interleaved' });
    expect(inv.plan.version).toBe(4);
    const py = emitPython(p);
    expect(py).toContain('v.reshape(4, v.shape[0] // 4 // 2, 2, *v.shape[1:]).transpose(1, 2).reshape(v.shape).contiguous() if pattern.search(k) else v');
    expect(reviseKeys(p).notExpressible).toEqual(['rope_permute \\.q_proj\\.weight$']);
    expect(hfUnexpressed(p)).toEqual(['rope_permute \\.q_proj\\.weight$']);
  });
});
