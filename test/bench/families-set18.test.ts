/**
 * The eighteenth family set's generators, checked without running the matcher (set 18 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against its key
 * lists (targets exist, shapes agree, sizes); this file adds what holds for set 18 in particular: the split, coverage of
 * both sides, the dropped pretraining tensors, the parameter totals against the published ones, and the names and key
 * orders the reference code and the two model definitions write.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_18, HELD_OUT_18, type Family } from '../../bench/families/index.js';
import { familySet, itHoldsItsSplit, keys, numel, shapeOf, truthTargets } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_18);
const { families, family } = set;

const params = (f: Family, side: 'source' | 'target', skip: (k: string) => boolean = () => false): number =>
  f[side].filter((e) => !skip(e.key)).reduce((a, e) => a + numel(e.shape!), 0);
/** the tensors only HuBERT's pretraining uses: the script maps them nowhere */
const pretrainingOnly = (k: string): boolean => /(^|\.)(label_embs_concat|final_proj\.(weight|bias))$/.test(k);

describe('family set 18', () => {
  itHoldsItsSplit(set, HELD_OUT_18, {
    count: 10,
    // the split as committed with the set
    heldOut: ['hubert-base-fairseq-pretrained-to-hf', 'hubert-large-fairseq-ctc-to-hf', 'hubert-large-fairseq-pretrained-to-hf', 'hubert-xlarge-fairseq-ctc-to-hf', 'wavlm-base-plus-unilm-to-hf'],
  });

  describe.each(families)('%s', (_name, f) => {
    it('maps every source key, drops exactly the pretraining-only ones, and reaches every target key', () => {
      expect(keys(f, 'source').filter((k) => !(k in f.truth))).toEqual([]);
      const dropped = Object.keys(f.truth).filter((k) => f.truth[k] === null);
      expect(dropped).toEqual(keys(f, 'source').filter(pretrainingOnly));
      const reached = new Set(Object.values(f.truth).flatMap(truthTargets));
      expect(keys(f, 'target').filter((k) => !reached.has(k))).toEqual([]);
      expect(reached.size).toBe(keys(f, 'target').length);
    });
    it('keeps every element but the dropped ones', () => {
      expect(params(f, 'target')).toBe(params(f, 'source', pretrainingOnly));
    });
  });

  it('matches the published parameter totals of the real models', () => {
    // the papers count the pretraining heads (final_proj and label_embs_concat): HuBERT Base / Large / X-Large 95 / 317 /
    // 964 M, WavLM Base / Base+ / Large 94.70 / 94.70 / 316.62 M (WavLM's released checkpoints keep neither head: the
    // HuBERT-style heads of the paper's count are final_proj [final_dim, d] + bias and label_embs_concat [504, final_dim])
    const head = (d: number, fd: number): number => fd * d + fd + 504 * fd;
    const m = (n: number): number => Math.round(n / 1e4) / 100;
    expect(Math.round(params(family('hubert-base-fairseq-pretrained-to-hf'), 'source') / 1e6)).toBe(95);
    expect(Math.round(params(family('hubert-large-fairseq-pretrained-to-hf'), 'source') / 1e6)).toBe(317);
    const xl = family('hubert-xlarge-fairseq-ctc-to-hf');
    expect(Math.round((params(xl, 'source') - numel(shapeOf(xl, 'source', 'w2v_encoder.proj.weight')!) - 32 + 1280 * 1024 + 1024) / 1e6)).toBe(964);
    expect(m(params(family('wavlm-base-unilm-to-hf'), 'source') + head(768, 256))).toBeCloseTo(94.7, 1);
    expect(m(params(family('wavlm-base-plus-unilm-to-hf'), 'source') + head(768, 256))).toBeCloseTo(94.7, 1);
    expect(m(params(family('wavlm-large-unilm-to-hf'), 'source') + head(1024, 768))).toBeCloseTo(316.62, 1);
  });

  it('uses the names and the order the reference code and the models write', () => {
    const h = family('hubert-base-fairseq-ctc-to-hf');
    const p = 'w2v_encoder.w2v_model.';
    expect(h.truth[`${p}mask_emb`]).toBe('hubert.masked_spec_embed');
    expect(h.truth[`${p}label_embs_concat`]).toBeNull();
    expect(shapeOf(h, 'source', `${p}label_embs_concat`)).toEqual([504, 256]);
    expect(h.truth[`${p}feature_extractor.conv_layers.0.2.weight`]).toBe('hubert.feature_extractor.conv_layers.0.layer_norm.weight');
    expect(h.truth[`${p}feature_extractor.conv_layers.4.0.weight`]).toBe('hubert.feature_extractor.conv_layers.4.conv.weight');
    expect(h.truth[`${p}encoder.pos_conv.0.weight_g`]).toBe('hubert.encoder.pos_conv_embed.conv.weight_g');
    expect(shapeOf(h, 'source', `${p}encoder.pos_conv.0.weight_v`)).toEqual([768, 48, 128]);
    expect(h.truth[`${p}encoder.layers.11.self_attn.q_proj.bias`]).toBe('hubert.encoder.layers.11.attention.q_proj.bias');
    expect(h.truth[`${p}encoder.layers.3.self_attn_layer_norm.weight`]).toBe('hubert.encoder.layers.3.layer_norm.weight');
    expect(h.truth[`${p}encoder.layers.3.fc1.weight`]).toBe('hubert.encoder.layers.3.feed_forward.intermediate_dense.weight');
    expect(h.truth[`${p}encoder.layers.3.final_layer_norm.bias`]).toBe('hubert.encoder.layers.3.final_layer_norm.bias');
    expect(h.truth[`${p}encoder.layer_norm.weight`]).toBe('hubert.encoder.layer_norm.weight');
    expect(h.truth[`${p}layer_norm.bias`]).toBe('hubert.feature_projection.layer_norm.bias');
    expect(h.truth['w2v_encoder.proj.weight']).toBe('lm_head.weight');
    // the encoder's norm after its layers in the checkpoint, before them in the model; the extractor's norm after the encoder, before it
    const hs = keys(h, 'source');
    const ht = keys(h, 'target');
    expect(hs.indexOf(`${p}encoder.layer_norm.weight`)).toBeGreaterThan(hs.indexOf(`${p}encoder.layers.11.final_layer_norm.bias`));
    expect(ht.indexOf('hubert.encoder.layer_norm.weight')).toBeLessThan(ht.indexOf('hubert.encoder.layers.0.attention.k_proj.weight'));
    expect(hs.indexOf(`${p}layer_norm.weight`)).toBeGreaterThan(hs.indexOf(`${p}encoder.layer_norm.bias`));
    expect(ht.indexOf('hubert.feature_projection.layer_norm.weight')).toBeLessThan(ht.indexOf('hubert.encoder.pos_conv_embed.conv.bias'));

    const hl = family('hubert-large-fairseq-ctc-to-hf');
    expect(hl.truth[`${p}feature_extractor.conv_layers.6.2.1.bias`]).toBe('hubert.feature_extractor.conv_layers.6.layer_norm.bias');
    // hubert_large_librivox.yaml leaves conv_bias at HubertConfig's default, False
    expect(keys(hl, 'source').some((k) => /conv_layers\.\d+\.0\.bias$/.test(k))).toBe(false);

    const hp = family('hubert-large-fairseq-pretrained-to-hf');
    expect(hp.truth['mask_emb']).toBe('masked_spec_embed');
    expect(hp.truth['layer_norm.weight']).toBe('feature_projection.layer_norm.weight');
    expect(hp.truth['final_proj.weight']).toBeNull();
    expect(shapeOf(hp, 'source', 'final_proj.weight')).toEqual([768, 1024]);
    expect(hp.truth['encoder.layers.23.fc2.bias']).toBe('encoder.layers.23.feed_forward.output_dense.bias');

    const w = family('wavlm-base-unilm-to-hf');
    expect(w.truth['encoder.layers.0.self_attn.grep_a']).toBe('encoder.layers.0.attention.gru_rel_pos_const');
    expect(shapeOf(w, 'source', 'encoder.layers.5.self_attn.grep_a')).toEqual([1, 12, 1, 1]);
    expect(w.truth['encoder.layers.5.self_attn.grep_linear.weight']).toBe('encoder.layers.5.attention.gru_rel_pos_linear.weight');
    expect(shapeOf(w, 'source', 'encoder.layers.5.self_attn.grep_linear.weight')).toEqual([8, 64]);
    expect(w.truth['encoder.layers.0.self_attn.relative_attention_bias.weight']).toBe('encoder.layers.0.attention.rel_attn_embed.weight');
    expect(shapeOf(w, 'source', 'encoder.layers.0.self_attn.relative_attention_bias.weight')).toEqual([320, 12]);
    expect(keys(w, 'source').filter((k) => k.includes('relative_attention_bias'))).toHaveLength(1);
    // first among the attention's children in the checkpoint, last in the model
    const ws = keys(w, 'source');
    const wt = keys(w, 'target');
    expect(ws.indexOf('encoder.layers.0.self_attn.relative_attention_bias.weight')).toBeLessThan(ws.indexOf('encoder.layers.0.self_attn.k_proj.weight'));
    expect(wt.indexOf('encoder.layers.0.attention.rel_attn_embed.weight')).toBeGreaterThan(wt.indexOf('encoder.layers.0.attention.gru_rel_pos_linear.bias'));
    expect(shapeOf(family('wavlm-large-unilm-to-hf'), 'source', 'encoder.layers.0.self_attn.relative_attention_bias.weight')).toEqual([320, 16]);

    const d = family('data2vec-audio-large-fairseq-ctc-to-hf');
    expect(d.truth[`${p}encoder.pos_conv.3.0.weight`]).toBe('data2vec_audio.encoder.pos_conv_embed.layers.3.conv.weight');
    expect(shapeOf(d, 'source', `${p}encoder.pos_conv.3.0.weight`)).toEqual([1024, 64, 19]);
    expect(keys(d, 'source').filter((k) => k.includes('pos_conv'))).toHaveLength(10);
    expect(d.truth[`${p}feature_extractor.conv_layers.2.2.1.weight`]).toBe('data2vec_audio.feature_extractor.conv_layers.2.layer_norm.weight');
    expect(keys(d, 'source').some((k) => /conv_layers\.\d+\.0\.bias$/.test(k))).toBe(false);
    expect(d.truth['w2v_encoder.proj.bias']).toBe('lm_head.bias');
    expect(d.truth[`${p}mask_emb`]).toBe('data2vec_audio.masked_spec_embed');
  });
});
