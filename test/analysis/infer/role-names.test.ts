import { describe, expect, test } from 'vitest';
import { inferPlan } from '../../../src/analysis/infer/index.js';
import { rolesOf } from '../../../src/analysis/infer/role-names.js';
import type { KeyEntry } from '../../../src/formats/keys.js';

/**
 * Review finding 4 (session 10): look-alike expert projections were paired by order of definition, the
 * only thing relating Meta's `w1`/`w3` to `gate_proj`/`up_proj`. What an engineer knows of the names is
 * data (role-names.ts, a reason per row): w1 is the gate, w3 the up projection, w2 the down projection
 * in Meta/Mistral code; Qwen's first MLP has them the other way (w1 up, w2 gate). Where neither a known
 * convention nor the names single a pair out in a module the two sides define in another order, the
 * candidates are listed, not guessed.
 */
const e = (key: string, shape: number[]): KeyEntry => ({ key, shape, dtype: 'float32' });
const D = 8;
const F = 12;
const L = 2;
const X = 3;

/** per layer an attention and X experts of three projections, each side's names and definition order given */
function moe(sourceNames: [string, number[]][], targetNames: [string, number[]][], sourceMoe = 'block_sparse_moe', targetMoe = 'mlp'): { source: KeyEntry[]; target: KeyEntry[] } {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  for (let l = 0; l < L; l++) {
    source.push(e(`model.layers.${l}.self_attn.q_proj.weight`, [D, D]), e(`model.layers.${l}.${sourceMoe}.gate.weight`, [X, D]));
    target.push(e(`model.layers.${l}.self_attn.q_proj.weight`, [D, D]), e(`model.layers.${l}.${targetMoe}.gate.weight`, [X, D]));
    for (let x = 0; x < X; x++) {
      for (const [n, shape] of sourceNames) source.push(e(`model.layers.${l}.${sourceMoe}.experts.${x}.${n}.weight`, shape));
      for (const [n, shape] of targetNames) target.push(e(`model.layers.${l}.${targetMoe}.experts.${x}.${n}.weight`, shape));
    }
  }
  return { source, target };
}
const FD = [F, D];
const DF = [D, F];

describe('look-alike projections paired by what their names are known to mean (role-names.ts)', () => {
  test("Meta's w1/w2/w3 against a model that defines up_proj before gate_proj: w1 is the gate, w3 the up projection, whatever the order", () => {
    const { source, target } = moe([['w1', FD], ['w2', DF], ['w3', FD]], [['up_proj', FD], ['gate_proj', FD], ['down_proj', DF]]);
    const r = inferPlan({ source, target });
    expect(r.mapping['model.layers.1.block_sparse_moe.experts.2.w1.weight']).toBe('model.layers.1.mlp.experts.2.gate_proj.weight');
    expect(r.mapping['model.layers.1.block_sparse_moe.experts.2.w3.weight']).toBe('model.layers.1.mlp.experts.2.up_proj.weight');
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.0.w2.weight']).toBe('model.layers.0.mlp.experts.0.down_proj.weight');
    expect(r.unmapped).toEqual([]);
  });

  test("Qwen's first MLP (w1 up, w2 gate, c_proj down) against gate_proj/up_proj/down_proj: w2 is the gate, though w1 comes first", () => {
    const { source, target } = moe([['w1', FD], ['w2', FD], ['c_proj', DF]], [['gate_proj', FD], ['up_proj', FD], ['down_proj', DF]]);
    const r = inferPlan({ source, target });
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.1.w2.weight']).toBe('model.layers.0.mlp.experts.1.gate_proj.weight');
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.1.w1.weight']).toBe('model.layers.0.mlp.experts.1.up_proj.weight');
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.1.c_proj.weight']).toBe('model.layers.0.mlp.experts.1.down_proj.weight');
  });

  test('names no convention knows, in a module defined in another order: the look-alikes are listed with their candidates, not paired by number', () => {
    // `w1`, `w3` number the source's order only; `fc_x`, `fc_y` are defined after the down projection, so
    // nothing relates either number to either model name
    const { source, target } = moe([['w1', FD], ['w2', DF], ['w3', FD]], [['proj_out', DF], ['fc_x', FD], ['fc_y', FD]]);
    const r = inferPlan({ source, target });
    const w1 = 'model.layers.0.block_sparse_moe.experts.0.w1.weight';
    expect(r.mapping[w1] === 'model.layers.0.mlp.experts.0.fc_x.weight' || r.mapping[w1] === 'model.layers.0.mlp.experts.0.fc_y.weight').toBe(false);
    expect(r.ambiguities.some((a) => a.keys.includes(w1) && a.candidates.includes('model.layers.0.mlp.experts.0.fc_x.weight') && a.candidates.includes('model.layers.0.mlp.experts.0.fc_y.weight'))).toBe(true);
    // what the shapes single out is still paired
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.0.w2.weight']).toBe('model.layers.0.mlp.experts.0.proj_out.weight');
  });

  test('a convention holds only where all its names are siblings, and conventions never disagree', () => {
    const meta = new Set(['w1', 'w2', 'w3']);
    expect(rolesOf(['w1', 'w3'], meta)).toEqual(['gated MLP: gate projection (activated)', 'gated MLP: up projection (multiplied in)']);
    // w1 and w2 alone (no w3, no c_proj): no convention is complete, so no role
    expect(rolesOf(['w1', 'w2'], new Set(['w1', 'w2', 'out']))).toBeNull();
    // Qwen's names: w1 is the up projection there
    expect(rolesOf(['w1', 'w2'], new Set(['w1', 'w2', 'c_proj']))).toEqual(['gated MLP: up projection (multiplied in)', 'gated MLP: gate projection (activated)']);
    // both conventions' names present: they disagree on w1, so neither decides
    expect(rolesOf(['w1', 'w2'], new Set(['w1', 'w2', 'w3', 'c_proj']))).toBeNull();
    // timm's norms need the attention and MLP beside them
    expect(rolesOf(['norm1', 'norm2'], new Set(['norm1', 'norm2']))).toBeNull();
    expect(rolesOf(['norm1', 'norm2'], new Set(['norm1', 'attn', 'norm2', 'mlp']))).toEqual(['norm before the attention', 'norm before the MLP']);
  });

  test('GLU-paper code names the down projection w3: the Meta roles would pair shapes that differ, so they do not decide', () => {
    // w1 gate, w2 up (both [F, D]), w3 down [D, F]: Meta's row says w2 is down, which the shapes refuse
    const { source, target } = moe([['w1', FD], ['w2', FD], ['w3', DF]], [['gate_proj', FD], ['up_proj', FD], ['down_proj', DF]]);
    const r = inferPlan({ source, target });
    // the down projection goes by its shape, never by Meta's name for it
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.0.w3.weight']).toBe('model.layers.0.mlp.experts.0.down_proj.weight');
    expect(r.mapping['model.layers.0.block_sparse_moe.experts.0.w2.weight']).not.toBe('model.layers.0.mlp.experts.0.down_proj.weight');
  });
});

/**
 * OLMo-2 (tuning11: transformers Olmo2 → llama.cpp GGUF): each block holds four [d] norms on each side, HF's
 * `post_attention_layernorm`, `post_feedforward_layernorm` beside `self_attn.q_norm` / `k_norm`, GGUF's
 * `post_attention_norm`, `post_ffw_norm` beside `attn_q_norm` / `attn_k_norm`, both listed sorted by name.
 * The post norms' words after `post` are what tells them apart, and the names read past a positional word
 * lose them: they were listed as undecided. Their roles are a convention on both sides (role-names.ts); the
 * q / k norms, which no convention names, are then paired by their names.
 */
describe('roles read among the units a convention names, the rest by names', () => {
  test('OLMo-2 HF → GGUF: every post norm, and the q / k norms, paired as the converter does', async () => {
    const { FAMILY_MAKERS_11, HELD_OUT_11 } = await import('../../../bench/families/index.js');
    const { notAsTruth, tuningPlan } = await import('../../helpers/tuning-plan.js');
    const { f, r } = tuningPlan(FAMILY_MAKERS_11, HELD_OUT_11, 'olmo2-1124-7b-hf-to-gguf');
    const norms = Object.keys(f.truth).filter((k) => /(post_\w+_layernorm|[qk]_norm)\.weight$/.test(k));
    expect(norms.length).toBe(32 * 4);
    expect(notAsTruth(f, r, norms)).toEqual([]);
  });

  test('a small block: two post norms by roles, q_norm / k_norm nested on one side by their names', () => {
    const src = [0, 1].flatMap((l) => ['post_attention_layernorm', 'post_feedforward_layernorm', 'self_attn.k_norm', 'self_attn.q_norm'].map((n) => e(`model.layers.${l}.${n}.weight`, [D])).concat([e(`model.layers.${l}.self_attn.q_proj.weight`, [D, 2 * D])]));
    const tgt = [0, 1].flatMap((l) => ['attn_k_norm', 'attn_q', 'attn_q_norm', 'post_attention_norm', 'post_ffw_norm'].map((n) => e(`blk.${l}.${n}.weight`, n === 'attn_q' ? [D, 2 * D] : [D])));
    const r = inferPlan({ source: src, target: tgt });
    expect(r.mapping['model.layers.1.post_attention_layernorm.weight']).toBe('blk.1.post_attention_norm.weight');
    expect(r.mapping['model.layers.0.post_feedforward_layernorm.weight']).toBe('blk.0.post_ffw_norm.weight');
    expect(r.mapping['model.layers.0.self_attn.q_norm.weight']).toBe('blk.0.attn_q_norm.weight');
  });
});

/**
 * YOLOX's CSPLayer (conv1 → m, conv2 around it, conv3 after the concatenation) against MMDetection's (main_conv,
 * short_conv, final_conv, blocks): the two branch convs are one shape, so before the convention they were listed as
 * look-alikes in every CSP layer (yolox-s: a fifth of its keys). The convention pairs them by role, whatever the
 * order either side defines them in; ResNet's conv1 / conv2 / conv3 (no `m` beside them) are no CSP layer.
 */
describe('CSP layers: main and short branch convs by their known roles', () => {
  const unit = (p: string, cout: number, cin: number, k = 1): KeyEntry[] => [
    e(`${p}.conv.weight`, [cout, cin, k, k]), e(`${p}.bn.weight`, [cout]), e(`${p}.bn.bias`, [cout]), e(`${p}.bn.running_mean`, [cout]), e(`${p}.bn.running_var`, [cout]),
  ];
  const csp = (p: string, names: { main: string; short: string; final: string; blocks: string }, shortFirst: boolean): KeyEntry[] => {
    const main = unit(`${p}.${names.main}`, 8, 16);
    const short = unit(`${p}.${names.short}`, 8, 16);
    return [...(shortFirst ? [...short, ...main] : [...main, ...short]), ...unit(`${p}.${names.final}`, 16, 16), ...unit(`${p}.${names.blocks}.0.conv1`, 8, 8), ...unit(`${p}.${names.blocks}.0.conv2`, 8, 8, 3)];
  };
  const YOLOX = { main: 'conv1', short: 'conv2', final: 'conv3', blocks: 'm' };
  const MMDET = { main: 'main_conv', short: 'short_conv', final: 'final_conv', blocks: 'blocks' };

  for (const shortFirst of [false, true]) {
    test(`conv1 is main_conv and conv2 short_conv (the model defines ${shortFirst ? 'short_conv first' : 'them in the same order'})`, () => {
      const source = [0, 1].flatMap((i) => csp(`backbone.dark.${i}`, YOLOX, false));
      const target = [0, 1].flatMap((i) => csp(`backbone.stage.${i}`, MMDET, shortFirst));
      const r = inferPlan({ source, target });
      for (const i of [0, 1]) {
        expect(r.mapping[`backbone.dark.${i}.conv1.conv.weight`]).toBe(`backbone.stage.${i}.main_conv.conv.weight`);
        expect(r.mapping[`backbone.dark.${i}.conv2.bn.running_var`]).toBe(`backbone.stage.${i}.short_conv.bn.running_var`);
      }
      expect(r.unmapped).toEqual([]);
    });
  }

  test('conv1 / conv2 / conv3 without the bottlenecks `m` beside them (a ResNet bottleneck) have no roles', () => {
    expect(rolesOf(['conv1', 'conv2'], new Set(['conv1', 'conv2', 'conv3', 'bn1', 'bn2', 'bn3', 'downsample']))).toBeNull();
    expect(rolesOf(['conv1', 'conv2'], new Set(['conv1', 'conv2', 'conv3', 'm']))).toEqual(['CSP layer: main-branch 1×1 conv, into the bottlenecks', 'CSP layer: short-branch 1×1 conv, around the bottlenecks']);
  });
});
