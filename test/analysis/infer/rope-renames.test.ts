import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { ropeName } from '../../../src/analysis/infer/rope-renames.js';
import { llamaMetaToHF } from '../../../bench/families/llama.js';
import { llamaHFToGGUF } from '../../../bench/families/transformers-families.js';
import { minicpm2bToGGUF, orion14bToGGUF } from '../../../bench/families/set12-language.js';
import { valueMisses } from '../../../bench/families/value-check.js';
import { claimedMapping } from '../../../bench/suites/plan-score.js';
import type { Family } from '../../../bench/families/types.js';

/**
 * Issue 11: a rotary q/k projection renamed between Meta's / llama.cpp's names and transformers' names needs its
 * rows permuted per head (llama.cpp LlamaModel.permute, transformers convert_llama_weights_to_hf.py permute),
 * and for GGUF only where the writer's architecture is Llama (Qwen2, Orion: none). tuning12's minicpm had 80
 * q/k pairs named right and built wrong (a plain rename). Now such a rename is made only with a rope_permute
 * whose head counts are given, and otherwise listed with what decides it.
 */
const run = (f: Family, options = {}) => inferPlan({ source: f.source, target: f.target, options });

/** source keys the plan claims, and those of them it names or builds wrong */
function judged(f: Family, r: ReturnType<typeof inferPlan>): { claimed: string[]; wrong: string[] } {
  const claims = claimedMapping(r);
  const values = valueMisses(f, r.ops);
  const wrong = Object.entries(claims).filter(([k, v]) => k in f.truth && (JSON.stringify(v) !== JSON.stringify(f.truth[k]) || values.has(k))).map(([k]) => k);
  return { claimed: Object.keys(claims), wrong };
}

const qk = (keys: readonly string[]) => keys.filter((k) => ropeName(k) !== null && /(q_proj|k_proj|wq|wk)\.weight$/.test(k));

describe('rotary q/k renames between naming families', () => {
  test('ropeName reads the three families and nothing else', () => {
    expect(ropeName('model.layers.3.self_attn.q_proj.weight')).toMatchObject({ family: 'hf', role: 'q', layout: 'halves' });
    expect(ropeName('layers.0.attention.wk.weight')).toMatchObject({ family: 'meta', role: 'k', layout: 'interleaved' });
    expect(ropeName('blk.12.attn_k.bias')).toMatchObject({ family: 'gguf', role: 'k', layout: null });
    expect(ropeName('model.layers.3.self_attn.v_proj.weight')).toBeNull();
    expect(ropeName('encoder.layer.0.attention.q_proj.weight')).toBeNull();
    expect(ropeName('enc.blk.0.attn_q.weight')).toMatchObject({ family: 'gguf' });
  });

  test('HF → GGUF (minicpm, tuning12): no q/k pair claimed, each listed with what decides it; nothing else wrong', () => {
    const f = minicpm2bToGGUF();
    const r = run(f);
    const { claimed, wrong } = judged(f, r);
    expect(wrong).toEqual([]);
    expect(qk(claimed)).toEqual([]);
    const listed = r.ambiguities.filter((a) => /rotary/.test(a.reason));
    expect(listed).toHaveLength(80);
    expect(listed[0]!.reason).toMatch(/general\.architecture decides it .*num_attention_heads/);
    // the v/o projections, MLP and norms keep their pairs
    expect(claimed.length).toBe(f.source.length - 80);
  });

  test('HF → GGUF of a writer that permutes nothing (Orion) is listed too: the names cannot tell the two apart', () => {
    const f = orion14bToGGUF();
    const r = run(f);
    expect(judged(f, r).wrong).toEqual([]);
    expect(qk(judged(f, r).claimed)).toEqual([]);
    expect(r.ambiguities.filter((a) => /rotary/.test(a.reason)).length).toBeGreaterThan(0);
  });

  test('Llama HF → GGUF (set 1, its truth now with llama.cpp\'s permute): nothing named right and built wrong', () => {
    const f = llamaHFToGGUF();
    const r = run(f);
    const { claimed, wrong } = judged(f, r);
    expect(wrong).toEqual([]);
    expect(qk(claimed)).toEqual([]);
  });

  test('Meta → HF without head counts: wv / wo paired by their roles, wq / wk listed (the counts decide)', () => {
    const f = llamaMetaToHF();
    const r = run(f);
    const { claimed, wrong } = judged(f, r);
    expect(wrong).toEqual([]);
    expect(qk(claimed)).toEqual([]);
    expect(claimed.filter((k) => /\.w[vo]\.weight$/.test(k))).toHaveLength(6);
    expect(r.ambiguities.find((a) => a.keys[0] === 'layers.0.attention.wq.weight')?.reason).toMatch(/need a rope permute per head .* the head counts are not known here/);
  });

  test('Meta → HF with the config\'s head counts: every key right, q and k built as convert_llama_weights_to_hf.py does', () => {
    const f = llamaMetaToHF();
    const r = run(f, { ropeHeads: { heads: 4, kvHeads: 2 } });
    const { claimed, wrong } = judged(f, r);
    expect(wrong).toEqual([]);
    expect(claimed).toHaveLength(f.source.length);
    expect(r.unmapped).toEqual([]);
    const permutes = r.ops.filter((o) => o.op === 'rope_permute');
    expect(permutes).toEqual([
      expect.objectContaining({ op: 'rope_permute', heads: 4, to: 'halves', pattern: expect.stringContaining('q_proj') }),
      expect.objectContaining({ op: 'rope_permute', heads: 4, kv_heads: 2, to: 'halves', pattern: expect.stringContaining('k_proj') }),
    ]);
    // head counts that do not fit the rows: listed, not permuted wrong
    const bad = run(f, { ropeHeads: { heads: 5, kvHeads: 2 } });
    expect(judged(f, bad).wrong).toEqual([]);
    expect(bad.ambiguities.some((a) => /do not make 5 heads/.test(a.reason))).toBe(true);
  });
});
