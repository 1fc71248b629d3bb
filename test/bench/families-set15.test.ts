/**
 * The fifteenth family set's generators, checked without running the matcher (set 15 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against its key
 * lists (targets exist, shapes agree or are declared split / joined, sizes); this file adds what holds for set 15 in
 * particular: the split, coverage of the target (but for the 21B ERNIE's tied lm_head, which the checkpoint does not
 * hold), the parameter totals of the models against the published ones, and the names, joins and regrouping the
 * reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_15, HELD_OUT_15, type Family } from '../../bench/families/index.js';
import { expectJoinedTargetsTraced, expectReachesEveryKey, expectSplitsKeepElements, familySet, itHoldsItsSplit, numel, shapeOf, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_15);
const { families, family } = set;

/** elements of one side, BatchNorm running statistics and step counters left out (buffers, not parameters) */
const params = (f: Family, side: 'source' | 'target'): number => f[side].filter((e) => !/(running_(mean|var)|num_batches_tracked)$/.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);

/** the target keys no source reaches by design: a tied lm_head */
const exempt = (f: Family): Set<string> => new Set(Object.keys(f.tied ?? {}));

describe('family set 15', () => {
  itHoldsItsSplit(set, HELD_OUT_15, {
    count: 10,
    // the split as committed with the set
    heldOut: ['ernie-4.5-21b-a3b-v4-to-v5-fused-experts', 'fastvit-s12-original-to-timm', 'fastvit-sa12-original-to-timm', 'fastvit-t8-original-to-timm', 'jamba-v0.1-v4-to-v5-fused-experts'],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key but a tied lm_head, and maps every source key', () => expectReachesEveryKey(f, exempt(f)));
    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));
    it('builds every joined target from the sources the truth sends there, its shape the target\'s', () => expectJoinedTargetsTraced(f));
  });

  it('matches the published parameter totals of the real models', () => {
    // exact where the publisher gives a count (timm's model cards, the STDC paper's ImageNet table), to the published precision where only a rounded one is given
    const exact: [string, 'source' | 'target', number][] = [
      // timm fastvit_t8 / s12 / sa12 / ma36 (train-time, unfused): 4.03 M, 9.47 M, 11.58 M, 44.07 M
      ['fastvit-t8-original-to-timm', 'target', 4_026_232],
      ['fastvit-s12-original-to-timm', 'target', 9_473_576],
      ['fastvit-sa12-original-to-timm', 'target', 11_580_968],
      ['fastvit-ma36-original-to-timm', 'target', 44_068_004],
    ];
    for (const [name, side, total] of exact) expect(params(family(name), side), `${name} ${side}`).toBe(total);
    for (const name of ['fastvit-t8-original-to-timm', 'fastvit-s12-original-to-timm', 'fastvit-sa12-original-to-timm', 'fastvit-ma36-original-to-timm']) {
      expect(params(family(name), 'source'), name).toBe(params(family(name), 'target'));
    }
    // STDC1 / STDC2 ImageNet classifiers (features, conv_last, fc, bn, linear: each tensor once) 8.44 M / 12.47 M;
    // the checkpoint lists the backbone a second time under the x2 … x32 aliases
    for (const [name, published] of [['stdc1-imagenet-to-mmseg', 8.44], ['stdc2-imagenet-to-mmseg', 12.47]] as const) {
      const f = family(name);
      const once = f.source.filter((e) => !/^x\d+\./.test(e.key) && !/(running_(mean|var)|num_batches_tracked)$/.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);
      expect(Math.round(once / 1e4) / 100, name).toBe(published);
      // the target (stages + final_conv) is the classifier without fc, bn and linear
      expect(params(f, 'target'), name).toBe(once - 1024 * 1024 - 2 * 1024 - 1000 * 1024);
    }
    // Jamba-v0.1 51.6 B (52 B); AI21-Jamba-Large-1.5 "398B total" (the definition gives 398.56 B: the card truncates);
    // ERNIE-4.5-21B-A3B 21.8 B (21 B total, the tied head once); ERNIE-4.5-300B-A47B "300B" (299.5 B, to the card's two figures)
    const rounded: [string, number, number, typeof Math.round][] = [
      ['jamba-v0.1-v4-to-v5-fused-experts', 1e8, 516, Math.round],
      ['jamba-1.5-large-v4-to-v5-fused-experts', 1e9, 398, Math.floor],
      ['ernie-4.5-21b-a3b-v4-to-v5-fused-experts', 1e8, 218, Math.round],
      ['ernie-4.5-300b-a47b-v4-to-v5-fused-experts', 1e10, 30, Math.round],
    ];
    for (const [name, unit, total, round] of rounded) {
      const f = family(name);
      expect(round(params(f, 'source') / unit), name).toBe(total);
      // the v5 model holds the same elements (plus a tied lm_head)
      const tied = Object.keys(f.tied ?? {}).reduce((a, k) => a + numel(shapeOf(f, 'target', k)!), 0);
      expect(params(f, 'target'), name).toBe(params(f, 'source') + tied);
    }
    expect([...new Set([...exact, ...rounded].map((t) => t[0]).concat(['stdc1-imagenet-to-mmseg', 'stdc2-imagenet-to-mmseg']))].sort()).toEqual(families.map(([n]) => n).sort());
  });

  it('uses the names, joins and regrouping the reference code writes', () => {
    const j = family('jamba-1.5-large-v4-to-v5-fused-experts');
    // attention in layers 4, 12, …; MoE in the odd layers; the dense MLPs of the even layers keep their names
    expect(shapeOf(j, 'source', 'model.layers.12.self_attn.k_proj.weight')).toEqual([1024, 8192]);
    expect(shapeOf(j, 'source', 'model.layers.13.mamba.A_log')).toEqual([16384, 16]);
    expect(j.truth['model.layers.13.feed_forward.experts.15.up_proj.weight']).toBe('model.layers.13.feed_forward.experts.gate_up_proj');
    expect(j.truth['model.layers.13.feed_forward.router.weight']).toBe('model.layers.13.feed_forward.router.weight');
    expect(j.truth['model.layers.12.feed_forward.gate_proj.weight']).toBe('model.layers.12.feed_forward.gate_proj.weight');
    expect(shapeOf(j, 'target', 'model.layers.13.feed_forward.experts.gate_up_proj')).toEqual([16, 2 * 24576, 8192]);
    // gate first, then up, along dim 1; experts along the new dim 0
    const gu = 'model.layers.13.feed_forward.experts.gate_up_proj';
    expect(sourceOf(j, gu, (3 * 2 * 24576 + 5) * 8192 + 7)).toEqual(['model.layers.13.feed_forward.experts.3.gate_proj.weight', 5 * 8192 + 7]);
    expect(sourceOf(j, gu, (3 * 2 * 24576 + 24576 + 5) * 8192 + 7)).toEqual(['model.layers.13.feed_forward.experts.3.up_proj.weight', 5 * 8192 + 7]);
    expect(sourceOf(j, 'model.layers.13.feed_forward.experts.down_proj', 2 * 8192 * 24576 + 11)).toEqual(['model.layers.13.feed_forward.experts.2.down_proj.weight', 11]);
    // the v4 files list keys sorted, the v5 model in module order
    expect(j.source.map((e) => e.key)).toEqual(j.source.map((e) => e.key).sort());

    const e = family('ernie-4.5-21b-a3b-v4-to-v5-fused-experts');
    expect(e.truth['model.layers.5.mlp.moe_statics.e_score_correction_bias']).toBe('model.layers.5.mlp.gate.moe_statics.e_score_correction_bias');
    expect(e.truth['model.layers.5.mlp.shared_experts.down_proj.weight']).toBe('model.layers.5.mlp.shared_experts.down_proj.weight');
    expect(e.truth['model.layers.0.mlp.up_proj.weight']).toBe('model.layers.0.mlp.up_proj.weight');
    expect(e.tied).toEqual({ 'lm_head.weight': 'model.embed_tokens.weight' });
    expect(shapeOf(e, 'source', 'lm_head.weight')).toBeUndefined();
    expect(family('ernie-4.5-300b-a47b-v4-to-v5-fused-experts').truth['lm_head.weight']).toBe('lm_head.weight');
    expect(family('ernie-4.5-300b-a47b-v4-to-v5-fused-experts').truth['model.layers.2.mlp.gate_proj.weight']).toBe('model.layers.2.mlp.gate_proj.weight');

    const s1 = family('stdc1-imagenet-to-mmseg');
    expect(s1.truth['features.0.conv.weight']).toBe('stages.0.conv.weight');
    expect(s1.truth['features.3.conv_list.2.bn.running_var']).toBe('stages.2.1.layers.2.bn.running_var');
    expect(s1.truth['features.4.avd_layer.0.weight']).toBe('stages.3.0.avg_pool.conv.weight');
    expect(s1.truth['features.6.avd_layer.1.num_batches_tracked']).toBe('stages.4.0.avg_pool.bn.num_batches_tracked');
    expect(s1.truth['conv_last.bn.weight']).toBe('final_conv.bn.weight');
    expect(s1.truth['x8.0.3.conv_list.2.bn.running_var']).toBeNull();
    expect(s1.truth['x2.0.0.conv.weight']).toBeNull();
    expect(s1.truth['linear.weight']).toBeNull();
    expect(s1.truth['bn.running_mean']).toBeNull();
    const s2 = family('stdc2-imagenet-to-mmseg');
    expect(s2.truth['features.10.conv_list.0.conv.weight']).toBe('stages.3.4.layers.0.conv.weight');
    expect(s2.truth['features.11.avd_layer.0.weight']).toBe('stages.4.0.avg_pool.conv.weight');
    expect(s2.truth['x16.0.10.conv_list.0.conv.weight']).toBeNull();

    const sa = family('fastvit-sa12-original-to-timm');
    expect(sa.truth['patch_embed.1.rbr_conv.0.conv.weight']).toBe('stem.1.conv_kxk.0.conv.weight');
    expect(sa.truth['network.0.1.token_mixer.mixer.rbr_skip.running_var']).toBe('stages.0.blocks.1.token_mixer.mixer.identity.running_var');
    expect(sa.truth['network.0.1.token_mixer.layer_scale']).toBe('stages.0.blocks.1.token_mixer.layer_scale.gamma');
    expect(sa.truth['network.0.1.layer_scale']).toBe('stages.0.blocks.1.layer_scale.gamma');
    expect(sa.truth['network.1.proj.0.lkb_origin.conv.weight']).toBe('stages.1.downsample.proj.0.large_conv.conv.weight');
    expect(sa.truth['network.4.5.convffn.fc2.bias']).toBe('stages.2.blocks.5.mlp.fc2.bias');
    expect(sa.truth['network.5.proj.1.rbr_skip.weight']).toBe('stages.3.downsample.proj.1.identity.weight');
    expect(sa.truth['network.6.pe.weight']).toBe('stages.3.pos_emb.pos_enc.weight');
    expect(sa.truth['network.7.1.layer_scale_2']).toBe('stages.3.blocks.1.layer_scale_2.gamma');
    expect(sa.truth['network.7.1.token_mixer.qkv.weight']).toBe('stages.3.blocks.1.token_mixer.qkv.weight');
    expect(sa.truth['conv_exp.se.reduce.weight']).toBe('final_conv.se.fc1.weight');
    expect(sa.truth['head.bias']).toBe('head.fc.bias');
    // the original registers the bare layer scales before its children, timm's LayerScale2d after them
    const keys = sa.source.map((x) => x.key);
    expect(keys.indexOf('network.7.1.layer_scale_1')).toBeLessThan(keys.indexOf('network.7.1.norm.weight'));
    const tkeys = sa.target.map((x) => x.key);
    expect(tkeys.indexOf('stages.3.blocks.1.layer_scale_1.gamma')).toBeGreaterThan(tkeys.indexOf('stages.3.blocks.1.token_mixer.proj.bias'));
    // a RepMixer's norm (skip BN only) and mixer (skip BN, 3×3, 1×1) BatchNorms have equal shapes
    expect(shapeOf(sa, 'source', 'network.2.0.token_mixer.norm.rbr_skip.weight')).toEqual(shapeOf(sa, 'source', 'network.2.0.token_mixer.mixer.rbr_conv.0.bn.weight'));
    const t8 = family('fastvit-t8-original-to-timm');
    expect(t8.truth['network.6.1.token_mixer.mixer.rbr_scale.conv.weight']).toBe('stages.3.blocks.1.token_mixer.mixer.conv_scale.conv.weight');
  });
});
