/**
 * The tenth family set's generators, checked without running the matcher (set 10 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared reshaped / split, sizes); this file adds what
 * holds for set 10 in particular: the split, coverage of the target, the published parameter totals of the
 * models, and the names, drops and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_10, HELD_OUT_10, type Family } from '../../bench/families/index.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, keys, numel, sourceOf } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_10);
const { families, family } = set;

/** BatchNorm statistics and the other buffers, which published parameter counts leave out */
const BUFFER = /\.(running_mean|running_var|num_batches_tracked|relative_position_index)$/;

function params(f: Family, side: 'source' | 'target', skip: RegExp = BUFFER): number {
  return f[side].filter((e) => !skip.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);
}

/** target keys no source key reaches, by the reference: the BatchNorm statistics detectron2pytorch.py makes (zeros / ones) or leaves out */
function unreachedByDesign(f: Family): Set<string> {
  const out = new Set(Object.keys(f.tied ?? {}));
  if (f.name === 'resnet50-detectron-caffe-to-mmdet') for (const e of f.target) if (/\.(running_mean|running_var|num_batches_tracked)$/.test(e.key)) out.add(e.key);
  return out;
}

describe('family set 10', () => {
  itHoldsItsSplit(set, HELD_OUT_10, {
    count: 12,
    // the split as committed with the set
    heldOut: [
      'beit-base-p16-pt22k-ft22k-unilm-to-mmseg', 'granite-3.0-1b-a400m-hf-to-gguf', 'pvig-s-original-to-mmpretrain', 'qwen2-0.5b-hf-to-gguf',
      'twins-pcpvt-s-original-to-mmpretrain', 'xcit-tiny-12-p16-official-to-timm',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key and maps every source key', () => expectReachesEveryKey(f, unreachedByDesign(f)));

    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));

    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => expectRecipesBuildTheirTargets(f));
  });

  it('matches the published parameter totals of the real models', () => {
    // timm: pit_s_224 23.46 M, xcit_tiny_12_p16_224 6.72 M, vit_base_patch16_clip_224 86.57 M; HorNet-T 7×7 22.41 M, Twins-PCPVT-S 24.11 M (mmpretrain)
    expect(params(family('pit-s-224-naver-to-timm'), 'target')).toBe(23_461_912);
    expect(Math.round(params(family('xcit-tiny-12-p16-official-to-timm'), 'target') / 1e4)).toBe(672);
    expect(Math.round(params(family('clip-vit-b16-timm-to-mmpretrain'), 'source') / 1e4)).toBe(8657);
    expect(Math.round(params(family('hornet-tiny-7x7-original-to-mmpretrain'), 'target') / 1e4)).toBe(2241);
    expect(Math.round(params(family('twins-pcpvt-s-original-to-mmpretrain'), 'target') / 1e4)).toBe(2411);
    // BEiT-B/16 86 M without its 21,841-class head; ViG-S 22.7 M; Pyramid ViG-S 27.3 M (its fixed relative_pos parameters left out)
    expect(Math.round(params(family('beit-base-p16-pt22k-ft22k-unilm-to-mmseg'), 'target') / 1e6)).toBe(86);
    expect(Math.round(params(family('vig-s-original-to-mmpretrain'), 'source') / 1e5)).toBe(227);
    expect(Math.round(params(family('pvig-s-original-to-mmpretrain'), 'source', /relative_pos$|\.(running_mean|running_var|num_batches_tracked)$/) / 1e5)).toBe(273);
    // torchvision resnet50 25,557,032 (the blobs with fc1000)
    expect(params(family('resnet50-detectron-caffe-to-mmdet'), 'source')).toBe(25_557_032);
    // transformers num_parameters(): phi-2 2,779,683,840, Qwen2-0.5B 494,032,768; granite-3.0-1b-a400m 1.33 B
    expect(params(family('phi-2-hf-to-gguf'), 'source')).toBe(2_779_683_840);
    expect(params(family('qwen2-0.5b-hf-to-gguf'), 'source')).toBe(494_032_768);
    expect(Math.round(params(family('granite-3.0-1b-a400m-hf-to-gguf'), 'source') / 1e7)).toBe(133);
  });

  it('lists safetensors and GGUF sides sorted by name', () => {
    for (const name of ['phi-2-hf-to-gguf', 'qwen2-0.5b-hf-to-gguf', 'granite-3.0-1b-a400m-hf-to-gguf']) {
      for (const side of ['source', 'target'] as const) expect(keys(family(name), side), `${name} ${side}`).toEqual([...keys(family(name), side)].sort());
    }
  });

  it('uses the names, drops and value ops the reference code writes', () => {
    const pit = family('pit-s-224-naver-to-timm');
    expect(pit.truth['pools.1.conv.weight']).toBe('transformers.1.pool.conv.weight');
    expect(pit.truth['transformers.2.blocks.3.mlp.fc2.bias']).toBe('transformers.2.blocks.3.mlp.fc2.bias');
    const xcit = family('xcit-tiny-12-p16-official-to-timm');
    expect(xcit.truth['cls_attn_blocks.1.attn.qkv.bias']).toEqual(['q', 'k', 'v'].map((s) => `cls_attn_blocks.1.attn.${s}.bias`));
    expect(sourceOf(xcit, 'cls_attn_blocks.0.attn.v.weight', 0)).toEqual(['cls_attn_blocks.0.attn.qkv.weight', 2 * 192 * 192]);
    expect(xcit.truth['blocks.11.attn.qkv.weight']).toBe('blocks.11.attn.qkv.weight');
    expect(xcit.truth['pos_embeder.token_projection.weight']).toBe('pos_embed.token_projection.weight');
    const hornet = family('hornet-tiny-7x7-original-to-mmpretrain');
    expect(hornet.truth['stages.2.17.gamma1']).toBe('backbone.stages.2.17.gamma1.weight');
    expect(hornet.truth['stages.3.1.gnconv.pws.3.weight']).toBe('backbone.stages.3.1.gnconv.projs.3.weight');
    expect(hornet.truth['norm.weight']).toBe('backbone.norm3.weight');
    const beit = family('beit-base-p16-pt22k-ft22k-unilm-to-mmseg');
    expect(beit.truth['head.weight']).toBeNull();
    expect(beit.truth['fc_norm.bias']).toBeNull();
    expect(beit.truth['blocks.4.mlp.fc1.weight']).toBe('backbone.layers.4.ffn.layers.0.0.weight');
    const twins = family('twins-pcpvt-s-original-to-mmpretrain');
    expect(twins.truth['pos_block.2.proj.0.weight']).toBe('backbone.position_encodings.2.proj.weight');
    expect(twins.truth['blocks.2.5.attn.sr.weight']).toBe('backbone.stages.2.5.attn.sr.weight');
    const clip = family('clip-vit-b16-timm-to-mmpretrain');
    expect(clip.truth['norm.weight']).toBe('backbone.ln1.weight');
    expect(clip.truth['blocks.0.norm1.weight']).toBe('backbone.layers.0.ln1.weight');
    const pvig = family('pvig-s-original-to-mmpretrain');
    expect(pvig.truth['backbone.2.conv.0.weight']).toBe('backbone.stages.1.0.0.weight');
    expect(pvig.truth['backbone.3.0.fc1.0.weight']).toBe('backbone.stages.1.1.0.fc1.0.weight');
    expect(pvig.truth['backbone.14.1.fc2.1.bias']).toBe('backbone.stages.3.2.1.fc2.1.bias');
    expect(pvig.reshaped).toEqual(['prediction.0.weight', 'prediction.4.weight']);
    const r50 = family('resnet50-detectron-caffe-to-mmdet');
    expect(r50.truth['res5_0_branch1_bn_s']).toBe('layer4.0.downsample.1.weight');
    expect(r50.truth['res3_2_branch2b_w']).toBe('layer2.2.conv2.weight');
    expect(r50.truth['fc1000_w']).toBeNull();
    const granite = family('granite-3.0-1b-a400m-hf-to-gguf');
    expect(granite.truth['model.layers.7.block_sparse_moe.input_linear.weight']).toEqual(['blk.7.ffn_gate_exps.weight', 'blk.7.ffn_up_exps.weight']);
    // up takes expert 0's rows 512.. of input_linear; the k permute takes row 1 of head 0 from row 32 (head_dim 64, halves interleaved)
    expect(sourceOf(granite, 'blk.0.ffn_up_exps.weight', 0)).toEqual(['model.layers.0.block_sparse_moe.input_linear.weight', 512 * 1024]);
    expect(sourceOf(granite, 'blk.0.attn_k.weight', 1024)).toEqual(['model.layers.0.self_attn.k_proj.weight', 32 * 1024]);
    expect(family('qwen2-0.5b-hf-to-gguf').target.some((e) => e.key.startsWith('output.'))).toBe(false);
    expect(family('phi-2-hf-to-gguf').truth['lm_head.bias']).toBe('output.bias');
  });
});
