/**
 * The fifth family set's generators, checked without running the matcher (set 5 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared transposed / reshaped / joined, sizes); this
 * file adds what holds for set 5 in particular: the split, full coverage of the target, the published
 * parameter totals of the models, the key order of the writers, and the names the reference scripts write.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_5, HELD_OUT_5, type Family } from '../../bench/families/index.js';
import { expectSplitsKeepElements, familySet, itHoldsItsSplit, numel } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_5);
const { families, family } = set;

describe('family set 5', () => {
  itHoldsItsSplit(set, HELD_OUT_5, {
    count: 12,
    // the split as committed with the set
    heldOut: [
      'deit3-base-to-mmpretrain', 'gemma-2b-pytorch-to-hf', 'rwkv4-169m-blinkdl-to-hf', 'sd3-medium-diffusers-to-mmdit',
      'siglip-base-p16-224-bigvision-to-hf', 'vit-b16-jax-npz-to-mmseg',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key (by the truth or a declared tie) and maps every source key but the declared out-of-scope ones', () => {
      const reached = new Set<string>(Object.keys(f.tied ?? {}));
      for (const to of Object.values(f.truth)) for (const k of to === null ? [] : typeof to === 'string' ? [to] : to) reached.add(k);
      expect(f.target.map((e) => e.key).filter((k) => !reached.has(k))).toEqual([]);
      const unmapped = f.source.map((e) => e.key).filter((k) => !(k in f.truth));
      // only the ViT npz classifier head is left out by its script
      expect(unmapped).toEqual(f.name === 'vit-b16-jax-npz-to-mmseg' ? ['head/bias', 'head/kernel'] : []);
    });

    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));

    it('declares ties only to source keys it maps', () => {
      for (const [to, from] of Object.entries(f.tied ?? {})) {
        expect(f.truth[from], `${to} ← ${from}`).toBeDefined();
        expect(f.target.some((e) => e.key === to), to).toBe(true);
      }
    });
  });

  it('matches the published parameter totals of the real models', () => {
    const params = (f: Family, side: 'source' | 'target'): number => {
      const tied = new Set(Object.keys(f.tied ?? {}));
      return f[side].filter((e) => side === 'source' || !tied.has(e.key)).reduce((a, e) => a + numel(e.shape!), 0);
    };
    // transformers num_parameters() / model cards
    expect(params(family('gemma-2b-pytorch-to-hf'), 'target')).toBe(2_506_172_416);
    expect(params(family('mixtral-8x7b-consolidated-to-hf'), 'target')).toBe(46_702_792_704);
    expect(params(family('mamba-130m-hf-to-gguf'), 'target')).toBe(129_135_360);
    expect(params(family('flan-t5-small-gguf-to-hf'), 'target')).toBe(76_961_152);
    expect(params(family('pythia-160m-neox-sequential-to-hf'), 'target')).toBe(162_322_944);
    // timm: deit3_base_patch16_224 86.59 M, eva02_base_patch14_448 87.1 M; ViT-B/16 with its 1000-class head 86.57 M
    expect(params(family('deit3-base-to-mmpretrain'), 'source')).toBe(86_585_320);
    expect(params(family('eva02-base-p14-448-to-timm'), 'target')).toBe(87_117_544);
    expect(params(family('vit-b16-jax-npz-to-mmseg'), 'source')).toBe(86_567_656);
    // SD3-medium's MMDiT: 2.028 B parameters besides its 192² × 1536 positional buffer
    expect(params(family('sd3-medium-diffusers-to-mmdit'), 'target') - 192 * 192 * 1536).toBe(2_028_328_000);
    // RWKV-4 "169M", SAM ViT-B 93.7 M, SigLIP B/16 203 M
    expect(Math.round(params(family('rwkv4-169m-blinkdl-to-hf'), 'source') / 1e6)).toBe(169);
    expect(Math.round(params(family('sam-vit-b-original-to-hf'), 'source') / 1e5)).toBe(937);
    expect(Math.round(params(family('siglip-base-p16-224-bigvision-to-hf'), 'source') / 1e6)).toBe(203);
  });

  it('lists keys in the order their writers do', () => {
    // a root buffer before every child's tensors
    expect(family('gemma-2b-pytorch-to-hf').source[0]!.key).toBe('freqs_cis');
    // npz listings sorted by name
    for (const name of ['siglip-base-p16-224-bigvision-to-hf', 'vit-b16-jax-npz-to-mmseg']) {
      const keys = family(name).source.map((e) => e.key);
      expect(keys, name).toEqual([...keys].sort());
    }
    // Sequential indices ascending, with the stateless blocks 1 and L + 2 absent
    const seq = family('pythia-160m-neox-sequential-to-hf').source.map((e) => +/^sequential\.(\d+)\./.exec(e.key)![1]!);
    expect(seq).toEqual([...seq].sort((a, b) => a - b));
    expect(new Set(seq).has(1) || new Set(seq).has(14)).toBe(false);
    // own parameters before children: DeiT III's gamma_1 / gamma_2, EVA-02's q_bias / v_bias, Mamba's A_log / D
    const deit = family('deit3-base-to-mmpretrain').source.map((e) => e.key);
    expect(deit.indexOf('blocks.0.gamma_2')).toBeLessThan(deit.indexOf('blocks.0.norm1.weight'));
    const eva = family('eva02-base-p14-448-to-timm').source.map((e) => e.key);
    expect(eva.indexOf('blocks.0.attn.v_bias')).toBeLessThan(eva.indexOf('blocks.0.attn.q_proj.weight'));
    const mamba = family('mamba-130m-hf-to-gguf').source.map((e) => e.key);
    expect(mamba.indexOf('backbone.layers.0.mixer.D')).toBeLessThan(mamba.indexOf('backbone.layers.0.mixer.conv1d.weight'));
    // HF RWKV registers block 0's pre_ln first, RWKV-LM its ln0 third
    expect(family('rwkv4-169m-blinkdl-to-hf').target[1]!.key).toBe('rwkv.blocks.0.pre_ln.weight');
    expect(family('rwkv4-169m-blinkdl-to-hf').source[5]!.key).toBe('blocks.0.ln0.weight');
  });

  it('uses the names and splits the reference scripts write', () => {
    const gemma = family('gemma-2b-pytorch-to-hf');
    expect(gemma.truth['model.layers.3.self_attn.qkv_proj.weight']).toEqual(['q_proj', 'k_proj', 'v_proj'].map((p) => `model.layers.3.self_attn.${p}.weight`));
    expect(gemma.truth['freqs_cis']).toBeNull();
    const shapes = new Map(gemma.target.map((e) => [e.key, e.shape]));
    expect(shapes.get('model.layers.3.self_attn.k_proj.weight')).toEqual([256, 2048]);
    expect(family('rwkv4-169m-blinkdl-to-hf').truth['blocks.4.ffn.time_mix_r']).toBe('rwkv.blocks.4.feed_forward.time_mix_receptance');
    expect(family('rwkv4-169m-blinkdl-to-hf').truth['head.weight']).toBe('head.weight');
    const mixtral = family('mixtral-8x7b-consolidated-to-hf').truth['layers.7.block_sparse_moe.w2'];
    expect(mixtral).toHaveLength(8);
    expect((mixtral as string[])[5]).toBe('model.layers.7.block_sparse_moe.experts.5.w2.weight');
    const mamba = family('mamba-130m-hf-to-gguf');
    expect(mamba.truth['backbone.layers.2.mixer.A_log']).toBe('blk.2.ssm_a');
    expect(mamba.truth['lm_head.weight']).toBeNull();
    expect(mamba.reshaped).toHaveLength(24);
    const t5 = family('flan-t5-small-gguf-to-hf').truth;
    expect(t5['dec.blk.5.cross_attn_k.weight']).toBe('decoder.block.5.layer.1.EncDecAttention.k.weight');
    expect(t5['dec.blk.5.ffn_up.weight']).toBe('decoder.block.5.layer.2.DenseReluDense.wi_1.weight');
    expect(t5['enc.blk.5.ffn_up.weight']).toBe('encoder.block.5.layer.1.DenseReluDense.wi_1.weight');
    expect(t5['enc.blk.0.attn_rel_b.weight']).toBe('encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight');
    const neox = family('pythia-160m-neox-sequential-to-hf').truth;
    expect(neox['sequential.13.mlp.dense_4h_to_h.bias']).toBe('gpt_neox.layers.11.mlp.dense_4h_to_h.bias');
    expect(neox['sequential.15.norm.weight']).toBe('gpt_neox.final_layer_norm.weight');
    expect(neox['sequential.16.final_linear.weight']).toBe('embed_out.weight');
    const sam = family('sam-vit-b-original-to-hf').truth;
    expect(sam['mask_decoder.output_hypernetworks_mlps.2.layers.1.weight']).toBe('mask_decoder.output_hypernetworks_mlps.2.layers.0.weight');
    expect(sam['mask_decoder.iou_prediction_head.layers.2.bias']).toBe('mask_decoder.iou_prediction_head.proj_out.bias');
    expect(sam['prompt_encoder.mask_downscaling.6.weight']).toBe('prompt_encoder.mask_embed.conv3.weight');
    expect(sam['image_encoder.blocks.5.norm2.bias']).toBe('vision_encoder.layers.5.layer_norm2.bias');
    expect(sam['mask_decoder.transformer.norm_final_attn.weight']).toBe('mask_decoder.transformer.layer_norm_final_attn.weight');
    const siglip = family('siglip-base-p16-224-bigvision-to-hf');
    expect(siglip.truth['txt/Encoder_0/encoderblock_11/MultiHeadDotProductAttention_0/query/kernel']).toBe('text_model.encoder.layers.11.self_attn.q_proj.weight');
    expect(siglip.truth['img/MAPHead_0/MultiHeadDotProductAttention_0/value/bias']).toBe('vision_model.head.attention.in_proj_bias');
    expect(siglip.transposed).toContain('txt/head/kernel');
    const deit = family('deit3-base-to-mmpretrain').truth;
    expect(deit['blocks.2.gamma_1']).toBe('backbone.layers.2.attn.gamma1.weight');
    expect(deit['norm.weight']).toBe('backbone.ln1.weight');
    expect(deit['head.bias']).toBe('head.layers.head.bias');
    const sd3 = family('sd3-medium-diffusers-to-mmdit').truth;
    expect(sd3['transformer_blocks.23.norm1_context.linear.weight']).toBe('joint_blocks.23.context_block.adaLN_modulation.1.weight');
    expect(sd3['transformer_blocks.4.attn.add_v_proj.bias']).toBe('joint_blocks.4.context_block.attn.qkv.bias');
    expect(sd3['transformer_blocks.23.attn.to_add_out.weight']).toBeUndefined();
    const eva = family('eva02-base-p14-448-to-timm').truth;
    expect(eva['blocks.3.attn.q_bias']).toBe('blocks.3.attn.q_proj.bias');
    expect(eva['blocks.3.mlp.w2.weight']).toBe('blocks.3.mlp.fc1_x.weight');
    expect(eva['blocks.3.attn.rope.freqs_sin']).toBeNull();
    const vit = family('vit-b16-jax-npz-to-mmseg');
    expect(vit.truth['Transformer/encoderblock_10/MultiHeadDotProductAttention_1/key/kernel']).toBe('layers.10.attn.attn.in_proj_weight');
    expect(vit.truth['Transformer/encoderblock_10/MlpBlock_3/Dense_0/kernel']).toBe('layers.10.ffn.layers.0.0.weight');
    expect(vit.reshaped).toHaveLength(12);
  });
});
