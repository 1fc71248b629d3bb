/**
 * The fourteenth family set's generators, checked without running the matcher (set 14 is a clean measure: no test
 * here infers a plan or scores one). test/bench/families.test.ts already checks every family's truth against
 * its key lists (targets exist, shapes agree or are declared transposed / reshaped / split, sizes); this file adds
 * what holds for set 14 in particular: the split, coverage of the target (but for OpenCLIP's logit_scale, which
 * ComfyUI's text converter leaves to the model), the published parameter totals of the models, and the names,
 * splits, joins and value ops the reference code writes.
 */
import { describe, expect, it } from 'vitest';
import { FAMILY_MAKERS_14, HELD_OUT_14, type Family } from '../../bench/families/index.js';
import { traceRecipe } from '../../bench/families/recipe-trace.js';
import type { Recipe } from '../../src/analysis/op-keys.js';
import { expectReachesEveryKey, expectRecipesBuildTheirTargets, expectSplitsKeepElements, familySet, itHoldsItsSplit, numel, shapeOf, sourceOf, sourceShapes } from '../helpers/family-sets.js';

const set = familySet(FAMILY_MAKERS_14);
const { families, family } = set;

/** elements of one side, BatchNorm running statistics and step counters left out (buffers, not parameters) */
const params = (f: Family, side: 'source' | 'target'): number => f[side].filter((e) => !/(running_(mean|var)|num_batches_tracked)$/.test(e.key)).reduce((a, e) => a + numel(e.shape!), 0);

/** the target keys no source reaches by design: OpenCLIP's logit_scale, which the HF text model does not hold */
const exempt = (f: Family): Set<string> => new Set(f.target.map((e) => e.key).filter((k) => k.endsWith('.logit_scale')));

/** the family without its joins (several sources into one target: checked on their own below) */
const withoutJoins = (f: Family): Family => ({ ...f, recipes: Object.fromEntries(Object.entries(f.recipes ?? {}).filter(([k]) => !(f.joined ?? []).includes(k))) });

describe('family set 14', () => {
  itHoldsItsSplit(set, HELD_OUT_14, {
    count: 12,
    // the split as committed with the set
    heldOut: [
      'repvgg-a0-original-to-mmcls', 'repvgg-b1-original-to-mmcls', 'repvgg-b1g2-original-to-mmcls', 'sd-vae-ft-mse-diffusers-to-ldm-comfy', 'sd2-clip-h-hf-to-openclip-comfy',
      'sd2-openclip-h-to-hf-23-layers-kohya',
    ],
  });

  describe.each(families)('%s', (_name, f) => {
    it('reaches every target key but those the script leaves to the model, and maps every source key', () => expectReachesEveryKey(f, exempt(f)));
    it('keeps the elements of every split (the parts add up to the source tensor)', () => expectSplitsKeepElements(f));
    it('gives every split part and every recipe one that builds its target\'s shape from its own source', () => expectRecipesBuildTheirTargets(withoutJoins(f)));
    it('builds every joined target from q, k and v in that order, their rows adding up to the target\'s', () => {
      for (const key of f.joined ?? []) {
        const traced = traceRecipe(f.recipes![key]! as Recipe, sourceShapes(f));
        expect(traced?.shape, key).toEqual(shapeOf(f, 'target', key));
        const parts = Object.entries(f.truth).filter(([, to]) => to === key).map(([from]) => from);
        expect(parts.map((p) => /\.([qkv])_proj\./.exec(p)![1])).toEqual(['k', 'v', 'q']);
        expect(traced!.at(0)[0], key).toMatch(/\.q_proj\./);
      }
    });
  });

  it('matches the published parameter totals of the real models', () => {
    const totals: [string, 'source' | 'target', number][] = [
      // the Stable Diffusion VAE (sd-vae-ft-mse) 83,653,863; the FLUX.1 VAE 83,819,683 (16 latent channels, no quant convs)
      ['sd-vae-ft-mse-diffusers-to-ldm-comfy', 'source', 83_653_863],
      ['flux1-vae-diffusers-to-ldm-comfy', 'source', 83_819_683],
      // SDXL's text_encoder_2 (CLIPTextModelWithProjection, ViT-bigG/14) 694,659,840; OpenCLIP ViT-H/14's text tower 354,032,640
      ['sdxl-clip-g-hf-to-openclip-comfy', 'source', 694_659_840],
      ['sd2-clip-h-hf-to-openclip-comfy', 'source', 354_032_640],
      // SD 2's text_encoder (CLIPTextModel, 23 layers) 340,387,840
      ['sd2-openclip-h-to-hf-23-layers-kohya', 'target', 340_387_840],
      // RepVGG train-time (MMPretrain's model zoo): A0 9.11 M, B1 57.42 M, B1g2 45.78 M, B2g4 61.76 M
      ['repvgg-a0-original-to-mmcls', 'source', 9_108_968],
      ['repvgg-b1-original-to-mmcls', 'source', 57_415_016],
      ['repvgg-b1g2-original-to-mmcls', 'source', 45_782_376],
      ['repvgg-b2g4-original-to-mmcls', 'source', 61_758_376],
      // SAM ViT-B / L / H 93,735,472 / 312,342,832 / 641,090,608 parameters (+ the prompt encoder's 256-element Gaussian buffer);
      // timm's samvit_base / large / huge 89.67 M / 308.28 M / 637.03 M
      ['sam-vit-b-original-to-timm', 'source', 93_735_472 + 256],
      ['sam-vit-l-original-to-timm', 'source', 312_342_832 + 256],
      ['sam-vit-h-original-to-timm', 'source', 641_090_608 + 256],
      ['sam-vit-b-original-to-timm', 'target', 89_670_912],
      ['sam-vit-l-original-to-timm', 'target', 308_278_272],
      ['sam-vit-h-original-to-timm', 'target', 637_026_048],
    ];
    for (const [name, side, total] of totals) expect(params(family(name), side), `${name} ${side}`).toBe(total);
    expect([...new Set(totals.map((t) => t[0]))].sort()).toEqual(families.map(([n]) => n).sort());
  });

  it('uses the names, splits, joins and value ops the reference code writes', () => {
    const vae = family('sd-vae-ft-mse-diffusers-to-ldm-comfy');
    expect(vae.truth['decoder.up_blocks.0.resnets.2.conv1.weight']).toBe('decoder.up.3.block.2.conv1.weight');
    expect(vae.truth['decoder.up_blocks.2.resnets.0.conv_shortcut.bias']).toBe('decoder.up.1.block.0.nin_shortcut.bias');
    expect(vae.truth['decoder.up_blocks.1.upsamplers.0.conv.weight']).toBe('decoder.up.2.upsample.conv.weight');
    expect(vae.truth['encoder.down_blocks.2.downsamplers.0.conv.bias']).toBe('encoder.down.2.downsample.conv.bias');
    expect(vae.truth['encoder.mid_block.resnets.1.norm2.weight']).toBe('encoder.mid.block_2.norm2.weight');
    expect(vae.truth['encoder.mid_block.attentions.0.group_norm.bias']).toBe('encoder.mid.attn_1.norm.bias');
    expect(vae.truth['decoder.mid_block.attentions.0.to_out.0.weight']).toBe('decoder.mid.attn_1.proj_out.weight');
    expect(vae.truth['encoder.conv_norm_out.weight']).toBe('encoder.norm_out.weight');
    expect(vae.reshaped).toContain('decoder.mid_block.attentions.0.to_k.weight');
    expect(vae.reshaped).not.toContain('decoder.mid_block.attentions.0.to_k.bias');
    expect(shapeOf(vae, 'target', 'decoder.mid.attn_1.k.weight')).toEqual([512, 512, 1, 1]);

    const g = family('sdxl-clip-g-hf-to-openclip-comfy');
    const p = 'conditioner.embedders.1.model.';
    expect(g.truth['clip_g.transformer.text_model.encoder.layers.7.self_attn.k_proj.weight']).toBe(`${p}transformer.resblocks.7.attn.in_proj_weight`);
    expect(g.truth['clip_g.transformer.text_model.encoder.layers.7.self_attn.out_proj.bias']).toBe(`${p}transformer.resblocks.7.attn.out_proj.bias`);
    expect(g.truth['clip_g.transformer.text_model.encoder.layers.7.mlp.fc2.weight']).toBe(`${p}transformer.resblocks.7.mlp.c_proj.weight`);
    expect(g.truth['clip_g.transformer.text_model.encoder.layers.7.layer_norm2.bias']).toBe(`${p}transformer.resblocks.7.ln_2.bias`);
    expect(g.truth['clip_g.transformer.text_model.embeddings.position_embedding.weight']).toBe(`${p}positional_embedding`);
    expect(g.truth['clip_g.transformer.text_model.final_layer_norm.weight']).toBe(`${p}ln_final.weight`);
    // q, k, v concatenated in that order: row 1280 + r of in_proj_weight is row r of k_proj
    expect(sourceOf(g, `${p}transformer.resblocks.7.attn.in_proj_weight`, (1280 + 3) * 1280 + 5)).toEqual(['clip_g.transformer.text_model.encoder.layers.7.self_attn.k_proj.weight', 3 * 1280 + 5]);
    // the square projection transposed: element (r, c) of OpenCLIP's text_projection is (c, r) of the Linear weight
    expect(sourceOf(g, `${p}text_projection`, 4 * 1280 + 9)).toEqual(['clip_g.transformer.text_projection.weight', 9 * 1280 + 4]);

    const k = family('sd2-openclip-h-to-hf-23-layers-kohya');
    const c = 'cond_stage_model.model.';
    expect(k.truth[`${c}transformer.resblocks.22.attn.in_proj_bias`]).toEqual(['q', 'k', 'v'].map((x) => `text_model.encoder.layers.22.self_attn.${x}_proj.bias`));
    expect(k.truth[`${c}transformer.resblocks.23.mlp.c_fc.weight`]).toBeNull();
    expect(k.truth[`${c}text_projection`]).toBeNull();
    expect(k.truth[`${c}logit_scale`]).toBeNull();
    expect(k.truth[`${c}positional_embedding`]).toBe('text_model.embeddings.position_embedding.weight');
    expect(sourceOf(k, 'text_model.encoder.layers.4.self_attn.v_proj.weight', 7)).toEqual([`${c}transformer.resblocks.4.attn.in_proj_weight`, 2 * 1024 * 1024 + 7]);

    const r = family('repvgg-b1g2-original-to-mmcls');
    expect(r.truth['stage0.rbr_dense.bn.running_var']).toBe('backbone.stem.branch_3x3.norm.running_var');
    expect(r.truth['stage3.7.rbr_identity.weight']).toBe('backbone.stage_3.7.branch_norm.weight');
    expect(r.truth['stage3.7.rbr_1x1.conv.weight']).toBe('backbone.stage_3.7.branch_1x1.conv.weight');
    expect(r.truth['linear.bias']).toBe('head.fc.bias');
    // layer 2 (stage1.1) is grouped, layer 3 (stage1.2) is not: the groupwise layers are counted over stages 1-4
    expect(shapeOf(r, 'source', 'stage1.1.rbr_dense.conv.weight')).toEqual([128, 64, 3, 3]);
    expect(shapeOf(r, 'source', 'stage1.2.rbr_dense.conv.weight')).toEqual([128, 128, 3, 3]);
    expect(shapeOf(r, 'source', 'stage1.0.rbr_identity.weight')).toBeUndefined();

    const s = family('sam-vit-l-original-to-timm');
    expect(s.truth['image_encoder.blocks.11.attn.rel_pos_h']).toBe('blocks.11.attn.rel_pos_h');
    expect(shapeOf(s, 'target', 'blocks.11.attn.rel_pos_h')).toEqual([127, 64]);
    expect(shapeOf(s, 'target', 'blocks.10.attn.rel_pos_h')).toEqual([27, 64]);
    expect(s.truth['image_encoder.blocks.3.mlp.lin2.weight']).toBe('blocks.3.mlp.fc2.weight');
    expect(s.truth['image_encoder.neck.3.bias']).toBe('neck.3.bias');
    expect(s.truth['mask_decoder.transformer.layers.0.mlp.lin1.weight']).toBeNull();
    expect(s.truth['prompt_encoder.pe_layer.positional_encoding_gaussian_matrix']).toBeNull();
  });
});
