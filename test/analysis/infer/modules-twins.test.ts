import { describe, expect, test } from 'vitest';
import { alignModules } from '../../../src/analysis/infer/modules.js';
import { locate } from '../../../src/analysis/infer/types.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const d = 8;
const linear = (name: string, bias = true): KeyEntry[] => [e(`${name}.weight`, [d, d]), ...(bias ? [e(`${name}.bias`, [d])] : [])];

/** OpenAI Whisper's attention: query, key (no bias), value, out */
const openai = (block: number) => ['query', 'key', 'value', 'out'].flatMap((n) => linear(`blocks.${block}.attn.${n}`, n !== 'key'));
/** HF Whisper's: k_proj (no bias) first, then v_proj, q_proj, out_proj */
const hf = (block: number, names = ['k_proj', 'v_proj', 'q_proj', 'out_proj']) => names.flatMap((n, i) => linear(`layers.${block}.self_attn.${n}`, i !== 0));

function align(source: KeyEntry[], target: KeyEntry[]) {
  const r = alignModules({ source: locate(source), target: locate(target) });
  return { pairs: Object.fromEntries(r.pairs.map((p) => [p.source, p.target])), ties: r.ties, withheld: r.withheld };
}

describe('look-alike named siblings of a module defined in another order', () => {
  test('names tell them apart where the order of definition cannot (HF Whisper lists k, v, q)', () => {
    const r = align([...openai(0), ...openai(1)], [...hf(0), ...hf(1)]);
    expect(r.pairs['blocks.0.attn.query.weight']).toBe('layers.0.self_attn.q_proj.weight');
    expect(r.pairs['blocks.1.attn.value.bias']).toBe('layers.1.self_attn.v_proj.bias');
    expect(r.pairs['blocks.1.attn.out.weight']).toBe('layers.1.self_attn.out_proj.weight');
    expect(r.ties).toEqual([]);
  });

  test('with names that say nothing, the unique one is paired, the look-alikes are listed with their candidates, not guessed', () => {
    const r = align(openai(0), hf(0, ['zq', 'zw', 'zx', 'zy']));
    expect(r.pairs['blocks.0.attn.key.weight']).toBe('layers.0.self_attn.zq.weight');
    for (const n of ['query', 'value', 'out']) expect(r.pairs[`blocks.0.attn.${n}.weight`]).toBeUndefined();
    expect(r.ties).toHaveLength(1);
    expect(r.ties[0]!.keys).toContain('blocks.0.attn.query.weight');
    expect(r.ties[0]!.candidates).toContain('layers.0.self_attn.zx.weight');
    expect(r.withheld).toContain('blocks.0.attn.out.bias');
    expect(r.withheld).toContain('layers.0.self_attn.zy.bias');
  });

  test('the same look-alikes in the same order around the unique one are still paired by order', () => {
    const r = align(openai(0), ['zw', 'zq', 'zx', 'zy'].flatMap((n, i) => linear(`layers.0.self_attn.${n}`, i !== 1)));
    expect(r.pairs['blocks.0.attn.query.weight']).toBe('layers.0.self_attn.zw.weight');
    expect(r.pairs['blocks.0.attn.out.weight']).toBe('layers.0.self_attn.zy.weight');
    expect(r.ties).toEqual([]);
  });

  test('numbered look-alikes keep their numbers\' order though the module is reordered (timm norm1 is HF layernorm_before)', () => {
    const timm = [...linear('blocks.0.norm1'), ...linear('blocks.0.attn', true).map((x) => ({ ...x, shape: x.shape!.length === 2 ? [3 * d, d] : [3 * d] })), ...linear('blocks.0.norm2')];
    const hfVit = [...linear('layer.0.attention', true).map((x) => ({ ...x, shape: x.shape!.length === 2 ? [3 * d, d] : [3 * d] })), ...linear('layer.0.zzb'), ...linear('layer.0.zza')];
    // the norms are [d, d] "linears" here only to be look-alikes; what matters is their names and order
    const r = align(timm, hfVit);
    expect(r.pairs['blocks.0.norm1.weight']).toBe('layer.0.zzb.weight');
    expect(r.pairs['blocks.0.norm2.weight']).toBe('layer.0.zza.weight');
  });
});

describe('inferPlan lists the look-alikes it would only guess', () => {
  test('the ambiguity names the keys and their candidates; no op moves them, no later step pairs them by order', async () => {
    const { inferPlan } = await import('../../../src/analysis/infer/index.js');
    const common = [e('embed.weight', [50, d]), e('norm.weight', [d]), e('norm.bias', [d]), e('head.weight', [10, d]), e('head.bias', [10])];
    const r = inferPlan({ source: [...common, ...openai(0)], target: [...common, ...hf(0, ['zq', 'zw', 'zx', 'zy'])] });
    expect(r.mapping['blocks.0.attn.key.weight']).toBe('layers.0.self_attn.zq.weight');
    const tie = r.ambiguities.find((a) => a.keys.includes('blocks.0.attn.query.weight'));
    expect(tie?.candidates).toContain('layers.0.self_attn.zy.weight');
    for (const k of ['query', 'value', 'out']) expect(r.leftover).toContain(`blocks.0.attn.${k}.weight`);
    expect(r.unmapped).toContain('layers.0.self_attn.zw.bias');
  });
});

describe('several look-alikes per counterpart', () => {
  test('with names that say nothing, rank does not pick one of four (a fused qkv not recognised: proj against q, k, v, dense)', () => {
    const source = [0, 1].flatMap((b) => [e(`blocks.${b}.attn.qkv.weight`, [3 * d, d]), ...linear(`blocks.${b}.attn.proj`)]);
    const target = [0, 1].flatMap((b) => ['zq', 'zw', 'zx', 'zy'].flatMap((n) => linear(`layer.${b}.zz.${n}`)));
    const r = align(source, target);
    expect(r.pairs['blocks.0.attn.proj.weight']).toBeUndefined();
    expect(r.pairs['blocks.1.attn.proj.bias']).toBeUndefined();
    expect(r.withheld).toContain('blocks.1.attn.proj.weight');
    // the same with names that say it: paired
    const named = [0, 1].flatMap((b) => ['query', 'key', 'value', 'proj'].flatMap((n) => linear(`layer.${b}.zz.${n}`)));
    expect(align(source, named).pairs['blocks.1.attn.proj.weight']).toBe('layer.1.zz.proj.weight');
  });
});

describe('a TensorFlow checkpoint lists its variables sorted by name', () => {
  test('its order tells look-alikes nothing: T5 SelfAttention/{k,o,q,v} against names that say nothing are withheld, not paired k→first', () => {
    const tf = ['k', 'o', 'q', 'v'].map((n) => e(`block_0.SelfAttention.${n}`, [d, d]));
    const hfT5 = ['bh', 'cj', 'dl', 'fm'].map((n) => e(`block.0.layer.0.zz.${n}.weight`, [d, d]));
    const sorted = alignModules({ source: locate(tf), target: locate(hfT5) }, true);
    expect(sorted.pairs).toEqual([]);
    expect(sorted.withheld).toContain('block_0.SelfAttention.q');
    // a PyTorch checkpoint in definition order: order pairs them as before
    const torch = ['k', 'o', 'q', 'v'].map((n) => e(`block_0.SelfAttention.${n}.weight`, [d, d]));
    expect(alignModules({ source: locate(torch), target: locate(hfT5) }, false).pairs.length).toBe(4);
  });
});
