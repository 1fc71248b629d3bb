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

  test('the same look-alikes in the same order around the unique one: the one it places is paired, the two after it listed', () => {
    // query alone before the unique key on both sides: its slot says which (anchor-slots.ts); value and out both come
    // after it, where only their order of definition would tell them apart
    const r = align(openai(0), ['zw', 'zq', 'zx', 'zy'].flatMap((n, i) => linear(`layers.0.self_attn.${n}`, i !== 1)));
    expect(r.pairs['blocks.0.attn.query.weight']).toBe('layers.0.self_attn.zw.weight');
    expect(r.pairs['blocks.0.attn.out.weight']).toBeUndefined();
    expect(r.ties).toHaveLength(1);
    expect(r.ties[0]!.keys).toEqual(expect.arrayContaining(['blocks.0.attn.value.weight', 'blocks.0.attn.out.weight']));
    expect(r.ties[0]!.candidates).toEqual(expect.arrayContaining(['layers.0.self_attn.zx.weight', 'layers.0.self_attn.zy.weight']));
  });

  test('numbered look-alikes keep their numbers\' order though the module is reordered (timm norm1 is HF layernorm_before)', () => {
    const timm = [...linear('blocks.0.norm1'), ...linear('blocks.0.attn', true).map((x) => ({ ...x, shape: x.shape!.length === 2 ? [3 * d, d] : [3 * d] })), ...linear('blocks.0.norm2')];
    // (HF's own names, whose places pair them: placeholders `zzb`, `zza` would read as the letters b, a, an
    // enumeration the order of definition contradicts, which is listed, not paired — ordinal-twins.test.ts)
    const hfVit = [...linear('layer.0.attention', true).map((x) => ({ ...x, shape: x.shape!.length === 2 ? [3 * d, d] : [3 * d] })), ...linear('layer.0.layernorm_after'), ...linear('layer.0.layernorm_before')];
    // the norms are [d, d] "linears" here only to be look-alikes; what matters is their names and order
    const r = align(timm, hfVit);
    expect(r.pairs['blocks.0.norm1.weight']).toBe('layer.0.layernorm_before.weight');
    expect(r.pairs['blocks.0.norm2.weight']).toBe('layer.0.layernorm_after.weight');
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
    // a PyTorch checkpoint in definition order: order pairs them as before (names that say no attention
    // role: k, q, v against names that say none would be listed whatever the order, rolesOneSided)
    const torch = ['ka', 'ob', 'qc', 'vd'].map((n) => e(`block_0.SelfAttention.${n}.weight`, [d, d]));
    expect(alignModules({ source: locate(torch), target: locate(hfT5) }, false).pairs.length).toBe(4);
  });
});

describe('look-alikes held back are evidence that the models correspond', () => {
  // four blocks: opaque look-alikes a, b, c against x, y, z in an attention module the target lists in another
  // order (its unique `dense` first); nothing else shares a name, so the held-back keys are most of the model
  const blocks = (i: number) => ({
    source: [...['a', 'b', 'c'].map((n) => e(`layers.${i}.attn.${n}.weight`, [d, d])), e(`layers.${i}.attn.out.weight`, [d, 2 * d]), e(`layers.${i}.norm.weight`, [d])],
    target: [e(`h.${i}.attention.dense.weight`, [d, 2 * d]), ...['x', 'y', 'z'].map((n) => e(`h.${i}.attention.${n}.weight`, [d, d])), e(`h.${i}.ln.weight`, [d])],
  });
  test('the unique modules are renamed, the ties are listed, and the verdict is not "another model"', async () => {
    const { inferPlan } = await import('../../../src/analysis/infer/index.js');
    const all = [0, 1, 2, 3].map(blocks);
    const r = inferPlan({ source: all.flatMap((b) => b.source), target: all.flatMap((b) => b.target) });
    expect(r.causes.map((c) => c.code)).not.toContain('another_model');
    expect(r.mapping['layers.2.attn.out.weight']).toBe('h.2.attention.dense.weight');
    expect(r.mapping['layers.3.norm.weight']).toBe('h.3.ln.weight');
    const tie = r.ambiguities.find((a) => a.keys.includes('layers.1.attn.b.weight'));
    expect(tie?.candidates).toEqual(expect.arrayContaining(['h.1.attention.x.weight', 'h.1.attention.z.weight']));
    for (const n of ['a', 'b', 'c']) expect(r.leftover).toContain(`layers.0.attn.${n}.weight`);
  });
});

describe('look-alikes held back do not block general renames', () => {
  test('one rename moves the plain keys; the look-alikes ride along unpaired, listed under their own names', async () => {
    const { inferPlan } = await import('../../../src/analysis/infer/index.js');
    const source: KeyEntry[] = [];
    const target: KeyEntry[] = [];
    for (let i = 0; i < 4; i++) {
      for (const n of ['a', 'b', 'c']) source.push(e(`layers.${i}.attn.${n}.weight`, [d, d]));
      source.push(e(`layers.${i}.attn.out.weight`, [d, 2 * d]));
      for (let f = 1; f <= 6; f++) source.push(e(`layers.${i}.mlp.fc${f}.weight`, [3 * d, f * d]));
      target.push(e(`h.${i}.attn.out.weight`, [d, 2 * d]));
      for (const n of ['x', 'y', 'z']) target.push(e(`h.${i}.attn.${n}.weight`, [d, d]));
      for (let f = 1; f <= 6; f++) target.push(e(`h.${i}.mlp.fc${f}.weight`, [3 * d, f * d]));
    }
    const r = inferPlan({ source, target });
    expect(r.ops.length).toBeLessThanOrEqual(2);
    expect(r.mapping['layers.3.mlp.fc4.weight']).toBe('h.3.mlp.fc4.weight');
    const targets = new Set(target.map((t) => t.key));
    for (let i = 0; i < 4; i++) {
      for (const n of ['a', 'b', 'c']) {
        expect(r.leftover).toContain(`layers.${i}.attn.${n}.weight`);
        expect(targets.has(r.mapping[`layers.${i}.attn.${n}.weight`] as string)).toBe(false);
      }
    }
    expect(r.ambiguities.find((a) => a.keys.includes('layers.2.attn.c.weight'))?.candidates).toContain('h.2.attn.y.weight');
    expect(r.unmapped).toContain('h.0.attn.x.weight');
  });
});

describe('attention projections one side names by role, the other by names that say nothing', () => {
  // fairseq's MultiheadAttention defines k_proj, v_proj, q_proj (then out_proj); HF RoBERTa query, key, value:
  // against names that say no role, the order of definition is the only thing left, and it is no evidence
  const mlp = (p: string): KeyEntry[] => [e(`${p}.fc1.weight`, [4 * d, d]), e(`${p}.fc1.bias`, [4 * d]), e(`${p}.fc2.weight`, [d, 4 * d]), e(`${p}.fc2.bias`, [d])];
  const fairseq = (i: number) => [...['k_proj', 'v_proj', 'q_proj', 'out_proj'].flatMap((n) => linear(`layers.${i}.self_attn.${n}`)), ...mlp(`layers.${i}`)];
  const silent = (i: number) => [...['za', 'zb', 'zc'].flatMap((n) => linear(`layer.${i}.zatt.zself.${n}`)), ...linear(`layer.${i}.zatt.zout.zd`), ...mlp(`layer.${i}.zffn`).map((x) => ({ ...x, key: x.key.replace('fc1', 'zi').replace('fc2', 'zo') }))];

  test('k, v, q are listed with their candidates, not paired by order; the unique parts are paired; names that say the roles pair them', () => {
    const r = align([...fairseq(0), ...fairseq(1)], [...silent(0), ...silent(1)]);
    for (const n of ['k_proj', 'v_proj', 'q_proj']) expect(r.pairs[`layers.0.self_attn.${n}.weight`]).toBeUndefined();
    expect(r.withheld).toContain('layers.1.self_attn.k_proj.weight');
    expect(r.withheld).toContain('layer.1.zatt.zself.za.weight');
    expect(r.ties.some((t) => t.keys.includes('layers.0.self_attn.k_proj.weight') && t.candidates.includes('layer.0.zatt.zself.zb.weight'))).toBe(true);
    expect(r.pairs['layers.1.fc1.weight']).toBe('layer.1.zffn.zi.weight');
    // where the other side names the roles too, they are paired by name (query is q_proj)
    const named = (i: number) => silent(i).map((x) => ({ ...x, key: x.key.replace('.za.', '.query.').replace('.zb.', '.key.').replace('.zc.', '.value.') }));
    const byName = align([...fairseq(0), ...fairseq(1)], [...named(0), ...named(1)]);
    expect(byName.pairs['layers.0.self_attn.q_proj.weight']).toBe('layer.0.zatt.zself.query.weight');
    expect(byName.pairs['layers.1.self_attn.k_proj.bias']).toBe('layer.1.zatt.zself.key.bias');
  });
});

describe('several look-alikes that differ only by their indices against one in the block they went to', () => {
  // AnimateDiff's motion module keeps a sinusoidal `pos_encoder.pe` in each of its two attention blocks;
  // diffusers' transformer block holds one `pos_embed.pe`: which of the two it is, only their order would say
  const pe = (k: string) => e(k, [1, 32, d]);
  const animatediff = (m: number) => [
    ...[0, 1].flatMap((a) => [...['to_q', 'to_k', 'to_v'].map((n) => e(`mm.${m}.tt.tb.0.ab.${a}.${n}.weight`, [d, d])), ...linear(`mm.${m}.tt.tb.0.ab.${a}.to_out.0`), pe(`mm.${m}.tt.tb.0.ab.${a}.pos_encoder.pe`)]),
    ...e2(`mm.${m}.tt.tb.0.norms.0`), ...e2(`mm.${m}.tt.tb.0.norms.1`), ...linear(`mm.${m}.tt.proj_out`),
  ];
  const diffusers = (m: number) => [
    pe(`mm.${m}.tb.0.pos_embed.pe`),
    ...[1, 2].flatMap((a) => [...e2(`mm.${m}.tb.0.norm${a}`), ...['to_q', 'to_k', 'to_v'].map((n) => e(`mm.${m}.tb.0.attn${a}.${n}.weight`, [d, d])), ...linear(`mm.${m}.tb.0.attn${a}.to_out.0`)]),
    ...linear(`mm.${m}.proj_out`),
  ];
  function e2(p: string): KeyEntry[] {
    return [e(`${p}.weight`, [d]), e(`${p}.bias`, [d])];
  }

  test('neither is paired; both are listed with the one candidate; the attention blocks around them are paired', () => {
    // down and up blocks: names that differ between the blocks, so the look-alikes are not all silent alike
    const at = (p: string, list: KeyEntry[]) => list.map((x) => ({ ...x, key: `${p}.${x.key}` }));
    const r = align([...at('down_blocks.0', [...animatediff(0), ...animatediff(1)]), ...at('up_blocks.0', animatediff(0))], [...at('down_blocks.0', [...diffusers(0), ...diffusers(1)]), ...at('up_blocks.0', diffusers(0))]);
    for (const b of ['down_blocks.0.mm.0', 'down_blocks.0.mm.1', 'up_blocks.0.mm.0']) for (const a of [0, 1]) expect(r.pairs[`${b}.tt.tb.0.ab.${a}.pos_encoder.pe`]).toBeUndefined();
    expect(r.withheld).toContain('down_blocks.0.mm.1.tt.tb.0.ab.1.pos_encoder.pe');
    expect(r.withheld).toContain('up_blocks.0.mm.0.tb.0.pos_embed.pe');
    expect(r.ties.some((t) => t.keys.includes('down_blocks.0.mm.0.tt.tb.0.ab.0.pos_encoder.pe') && t.keys.includes('down_blocks.0.mm.0.tt.tb.0.ab.1.pos_encoder.pe') && t.candidates.includes('down_blocks.0.mm.0.tb.0.pos_embed.pe'))).toBe(true);
    expect(r.pairs['down_blocks.0.mm.1.tt.tb.0.ab.1.to_q.weight']).toBe('down_blocks.0.mm.1.tb.0.attn2.to_q.weight');
    expect(r.pairs['up_blocks.0.mm.0.tt.proj_out.weight']).toBe('up_blocks.0.mm.0.proj_out.weight');
  });
});

describe('one unit against several, one of which alone holds its indices', () => {
  // LLaMA's 2 norms per layer and its final `norm` against NeMo (mcore) whose layer norms are kept inside the
  // fused linears under names of another kind (`layer_norm_weight`): the final norm is the one look-alike left on
  // that side, and a lone unit has no rank (it read as the first, `layers.0.input_layernorm`)
  const D = 8;
  const hfLayer = (i: number): KeyEntry[] => [e(`model.layers.${i}.self_attn.q_proj.weight`, [D, D]), e(`model.layers.${i}.self_attn.o_proj.weight`, [D, D]), e(`model.layers.${i}.mlp.down_proj.weight`, [D, 3 * D]), e(`model.layers.${i}.input_layernorm.weight`, [D]), e(`model.layers.${i}.post_attention_layernorm.weight`, [D])];
  const nemoLayer = (i: number): KeyEntry[] => [e(`decoder.layers.${i}.zatt.zproj.weight`, [D, D]), e(`decoder.layers.${i}.zatt.zqkv.zln`, [D]), e(`decoder.layers.${i}.zmlp.zfc1.zln`, [D]), e(`decoder.layers.${i}.zmlp.zfc2.weight`, [D, 3 * D])];
  test('the numbers pair it (model.norm is the final norm), not a rank', () => {
    const r = align([...hfLayer(0), ...hfLayer(1), ...hfLayer(2), e('model.norm.weight', [D])], [...nemoLayer(0), ...nemoLayer(1), ...nemoLayer(2), e('decoder.zfinal.weight', [D])]);
    expect(r.pairs['model.norm.weight']).toBe('decoder.zfinal.weight');
    expect(r.pairs['model.layers.0.input_layernorm.weight']).toBeUndefined();
  });
});
