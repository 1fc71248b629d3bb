import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { KeyEntry } from '../../src/formats/keys.js';
import { FAMILIES, MOE_SCALE, moeLayout, scoreMapping, type Family } from '../../bench/families/index.js';
import { ddpResNet } from '../../bench/families/prefix.js';
import { densenetLegacy } from '../../bench/families/densenet-legacy.js';
import { resnetToDetectron2 } from '../../bench/families/resnet-detectron2.js';
import { llamaMetaToHF, llamaHiddenDim } from '../../bench/families/llama.js';
import { gpt2ToNanoGPT } from '../../bench/families/gpt2-nanogpt.js';
import { stateDict } from '../../bench/families/modules.js';
import { DENSENET121, torchvisionDenseNet, torchvisionResNet } from '../../bench/families/torchvision-models.js';

const families = FAMILIES.map((make) => make());
const byName = new Map(families.map((f) => [f.name, f]));

function family(name: string): Family {
  const f = byName.get(name);
  if (!f) throw new Error(`no family ${name}`);
  return f;
}

const numel = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

describe('every rename family', () => {
  it('has at least 10 members with distinct names and a cited reference', () => {
    expect(families.length).toBeGreaterThanOrEqual(10);
    expect(new Set(families.map((f) => f.name)).size).toBe(families.length);
    for (const f of families) {
      expect(f.reference, f.name).toMatch(/\S+\/\S+ \S+\.py/);
      expect(f.patterns, f.name).toBeGreaterThan(0);
    }
  });

  describe.each(families.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    const source = new Map(f.source.map((e) => [e.key, e]));
    const target = new Map(f.target.map((e) => [e.key, e]));

    it('has unique keys on both sides, each with a shape and dtype', () => {
      expect(source.size).toBe(f.source.length);
      expect(target.size).toBe(f.target.length);
      for (const e of [...f.source, ...f.target]) {
        expect(e.shape, e.key).not.toBeNull();
        expect(e.dtype, e.key).not.toBeNull();
      }
    });

    it('maps source keys to target keys, never two onto one', () => {
      const seen = new Set<string>();
      for (const [from, to] of Object.entries(f.truth)) {
        expect(source.has(from), from).toBe(true);
        for (const key of to === null ? [] : typeof to === 'string' ? [to] : to) {
          expect(target.has(key), `${from} → ${key}`).toBe(true);
          if (!f.joined?.includes(key)) expect(seen.has(key), `${key} is the target of two source keys`).toBe(false);
          seen.add(key);
        }
      }
    });

    it('pairs tensors of equal shape, transposed or reshaped only where declared', () => {
      const transposed = new Set(f.transposed ?? []);
      const reshaped = new Set(f.reshaped ?? []);
      for (const key of [...transposed, ...reshaped]) expect(typeof f.truth[key], key).toBe('string');
      const joinedNumel = new Map<string, number>();
      for (const [from, to] of Object.entries(f.truth)) {
        if (typeof to !== 'string') continue;
        const a = source.get(from)!.shape!;
        if (f.joined?.includes(to)) {
          joinedNumel.set(to, (joinedNumel.get(to) ?? 0) + numel(a));
          continue;
        }
        const b = target.get(to)!.shape!;
        if (transposed.has(from)) expect(b, from).toEqual([...a].reverse());
        else if (reshaped.has(from)) {
          expect(numel(b), from).toBe(numel(a));
          expect(b, from).not.toEqual(a);
        } else expect(b, `${from} → ${to}`).toEqual(a);
      }
      // what is stacked or concatenated into a target has exactly its elements
      for (const [to, n] of joinedNumel) expect(n, to).toBe(numel(target.get(to)!.shape!));
    });

    it('scores its own truth as perfect', () => {
      const s = scoreMapping(f, f.truth);
      expect(s).toEqual({ precision: 1, recall: 1, correct: s.expected, predicted: s.expected, expected: Object.keys(f.truth).length });
    });
  });
});

describe('family sizes match the real models at these configurations', () => {
  // [family, source keys, target keys, truth entries, of which null] — derived by hand from the module
  // definitions (see each comment) and, for the first two, checked against torchvision below
  const sizes: [string, number, number, number, number][] = [
    // torchvision resnet50: 320 entries incl. 53 num_batches_tracked
    ['ddp-module-prefix', 320, 320, 320, 0],
    // nanoGPT 2 layers, bias=False: wte, wpe, 2 × (ln_1, c_attn, c_proj, ln_2, c_fc, c_proj weights), ln_f, lm_head
    ['torch-compile-orig-mod', 16, 16, 16, 0],
    // timm ViT 2 blocks: cls_token, pos_embed, patch w+b, 2 × 12, norm 2, head 2
    ['ddp-and-compile-prefix', 32, 32, 32, 0],
    // SimpleDenseNet: 4 Linear × 2 + 3 BatchNorm1d × 5
    ['lightning-wrapper-prefix', 23, 23, 23, 0],
    // 3 layers × 9 + tok_embeddings, norm, output
    ['llama-meta-to-hf', 30, 30, 30, 0],
    // encoder 7 + 2 × 15, decoder 4 + 2 × 24; HF adds the tied proj_out.weight
    ['whisper-openai-to-hf', 89, 90, 89, 0],
    // the SD v1 UNet has 686 tensors on both sides whatever its width
    ['sd-v1-unet-ldm-to-diffusers', 686, 686, 686, 0],
    // the SD v1 VAE has 248 tensors on both sides
    ['sd-v1-vae-ldm-to-diffusers', 248, 248, 248, 0],
    // densenet121 has 727 entries, 121 of them num_batches_tracked, which the legacy checkpoint lacks
    ['densenet-legacy-names', 606, 727, 606, 0],
    // detectron2 R-50 with FrozenBN: stem 5 + 16 blocks × 15 + 4 shortcuts × 5; fc (2) and 53 counters dropped
    ['resnet-torchvision-to-detectron2', 320, 265, 320, 55],
    // CLIP: 3 own + visual (3 + 1 + 2 + 2 × 12 + 2) + text (2 × 12 + 1 + 2); only visual.* is converted
    ['clip-openai-to-timm-vit', 62, 33, 32, 0],
    // HF GPT-2 2 layers × 14 (+ 2 buffers each) + 5; nanoGPT 2 × 12 + 5
    ['gpt2-conv1d-to-nanogpt', 33, 29, 33, 4],
    ['vit-head-other-class-count', 32, 32, 32, 2],
    // Swin-T: patch_embed 4, 12 blocks × 14 (relative_position_index included), 5 attn_masks (shifted blocks of
    // stages 0-2), 3 PatchMerging × 3, norm 2, head 2; timm drops the 12 indices and 5 masks
    ['swin-ms-to-timm', 190, 173, 190, 17],
    // ConvNeXt-T: stem 4 + 3 downsample × 4, 18 blocks × 9 (gamma, dwconv 2, norm 2, pwconv1 2, pwconv2 2), norm 2, head 2
    ['convnext-fb-to-timm', 182, 182, 182, 0],
    // ConvNeXt-V2-Atto: 16 + 12 blocks × 10 (no gamma, GRN 2) + 4
    ['convnextv2-fb-to-timm', 140, 140, 140, 0],
    // RegNetX-400MF: stem 6 + 22 blocks × 18 (a, b, c + 3 BN × 5) + 4 projections × 6 + head 2 (dropped)
    ['regnet-pycls-to-mmdet', 428, 426, 428, 2],
    // LeViT-128S: the zip of the two state dicts after dropping the 11 attention_bias_idxs buffers
    ['levit-to-timm-conv', 336, 325, 336, 11],
    // Megatron 345M: 2 embeddings + 24 × 12 + final norm 2; HF adds the tied lm_head
    ['megatron-gpt2-to-hf', 292, 293, 292, 0],
    // fairseq RoBERTa-base: version + 2 embeddings + LN 2 + 12 × 16 + lm_head 6; HF adds token_type and decoder.bias
    ['roberta-fairseq-to-hf', 203, 204, 203, 1],
    // BERT-base pre-training: embeddings 5 + 12 × 16 + pooler 2 + cls 8; current HF adds the tied decoder.bias
    ['bert-legacy-gamma-beta', 207, 208, 207, 0],
    // Qwen2-0.5B: 24 × 12 + embed + norm; the model adds the tied lm_head
    ['qwen2-tied-lm-head', 290, 291, 290, 0],
    // Llama-2-7B: 32 × 9 + 3
    ['llama-hf-to-gguf-names', 291, 291, 291, 0],
    // Mixtral-8x7B: 32 × (4 attention + gate + 8 × 3 experts + 2 norms) + 3; GGUF stacks the experts: 32 × 10 + 3
    ['mixtral-hf-to-gguf-stacked-experts', 995, 323, 995, 0],
    // v5 Mixtral: 32 × (4 + gate + gate_up_proj + down_proj + 2) + 3
    ['mixtral-v4-to-v5-fused-experts', 995, 291, 995, 0],
    // LLaVA-1.5-7B: Llama 291 + projector 4; the HF model adds the CLIP ViT-L/14-336 tower (391 keys)
    ['llava-original-to-hf', 295, 686, 295, 0],
    // LoRA r16 on q_proj, v_proj: 32 layers × 2 modules × 2
    ['peft-lora-adapter-name', 128, 128, 128, 0],
    // ViT-B/16: 4 + 12 × 12 + 4; HF splits qkv: 12 × 16
    ['timm-vit-to-hf-vit', 152, 200, 152, 0],
    // DINOv2 ViT-S/14: 5 + 12 × 14 + 2; HF splits qkv: 12 × 18
    ['dinov2-to-hf', 175, 223, 175, 0],
    // CLIP ViT-B/32: 3 own + visual (3 + 1 + 2 + 12 × 12 + 2) + text (12 × 12 + 1 + 2); HF splits in_proj
    ['openai-clip-to-hf-clip', 302, 398, 302, 0],
    // second set (session 4)
    // MiT-B0: 4 patch embeds × 4 + 6 blocks with sr × 20 + 2 without × 16 + 4 norms × 2 + head 2; HF splits kv (+2 a block)
    ['segformer-mit-b0-to-hf', 178, 194, 178, 0],
    // mmseg joins q and kv into in_proj (−2 a block, 8 blocks) and has no head
    ['mit-b0-to-mmseg', 178, 160, 178, 2],
    // PVTv2-B0: the same tensors as MiT-B0 regrouped per stage
    ['pvt-v2-b0-to-timm', 178, 178, 178, 0],
    // PoolFormer-S12: stem 2 + 12 blocks × 10 + 3 downsamplings × 2 + norm 2 + head 2
    ['poolformer-s12-to-timm-metaformer', 132, 132, 132, 0],
    ['convnext-fb-to-hf', 182, 182, 182, 0],
    // Swin-T: the timm family's source; mmseg: 12 blocks × 14 + 3 merges × 3 + patch embed 4 + norm0-3 8; the final norm.* left out of the truth
    ['swin-ms-to-mmseg', 190, 189, 188, 7],
    // HF: qkv split (+2 a block), relative_position_index kept, 5 attn_mask dropped
    ['swin-ms-to-hf', 190, 233, 190, 5],
    // ViT-B/16: timm 152; mmseg without head 150
    ['vit-timm-to-mmseg', 152, 150, 152, 2],
    // C2 R-50: conv1 + 2 + 16 blocks × 9 + 4 shortcuts × 3 + fc 2; detectron2: 5 a FrozenBN conv × (1 + 16 × 3 + 4)
    ['c2-resnet50-to-detectron2', 161, 265, 161, 2],
    ['c2-resnet50-to-torchvision', 161, 320, 161, 2],
    // phi-1_5: wte + 24 × 11 (with inv_freq) + head 4; HF 1 + 24 × 10 + 4
    ['phi-1_5-mixformer-to-hf', 269, 245, 269, 24],
    // Pythia-410m: 1 + 24 × 15 (3 buffers) + 3; GGUF has no buffers
    ['gpt-neox-hf-to-gguf-names', 364, 292, 364, 72],
    // third set (session 5)
    // BiT R50x1: root conv + 16 units × 9 (a/b/c kernel, gamma, beta) + 4 proj + group_norm 2 + head 2; timm the same count
    ['bit-m-r50x1-npz-to-timm-resnetv2', 153, 153, 153, 0],
    // 8 ResnetBlocks × 4 + in_conv of body.2 and body.4 × 2 + conv_in 2
    ['t2i-adapter-sd14-to-diffusers', 38, 38, 38, 0],
    // frozen R-50 265 + 6 encoder layers × 12 + 6 decoder layers × 18 + decoder norm 2 + heads 8 + query 1 + input_proj 2; HF splits 18 in_proj pairs (+4 each)
    ['detr-r50-original-to-hf', 458, 530, 458, 0],
    // embedders 12 + 19 double × 24 + 38 single × 8 + final 4; diffusers 16 + 19 × 32 + 38 × 14
    ['flux-schnell-bfl-to-diffusers', 776, 1156, 776, 0],
    // 4 own + patch 2 + 12 × 12 + norm 2 + decoder_embed 2 + 8 × 12 + decoder norm 2 + pred 2; HF + 4 per layer (qkv split)
    ['mae-vit-base-to-hf-vitmae', 254, 334, 254, 0],
    // stem 6 + first block 16 + 15 blocks × 22 + head 8 (not migrated)
    ['efficientnet-b0-pycls-to-mmdet', 360, 352, 360, 8],
    // version + embed + project_in + positions + 24 × 12 + project_out + output_projection; HF 4 + 24 × 16
    ['opt-350m-metaseq-to-hf', 294, 388, 294, 2],
    // 131 variables (99 two-dim with _slot_vr/_slot_vc, 32 one-dim with _slot_v) + global_step; HF 131 + 3 tied
    ['t5-small-mesh-tf-to-hf', 362, 134, 362, 231],
    // 24 × (7 attn + router + 60 × 3 experts + 3 shared + shared gate + 2 norms) + 3; GGUF 24 × 17 + 3
    ['qwen1.5-moe-hf-to-gguf', 4659, 411, 4659, 0],
    // mask_emb + 9 conv + 2 + quantizer 3 + project_q 2 + pos_conv 3 + 12 × 16 + 2 + 2 + final_proj 2
    ['wav2vec2-base-fairseq-to-hf', 218, 218, 218, 0],
    // 1 + 22 × 9 + 2; NeMo 1 + 22 × 6 + 2
    ['llama-hf-to-nemo-mcore', 201, 135, 201, 0],
    // (12 × 6 text + 16 transformers × 12 UNet) modules × (alpha, lora_down, lora_up); diffusers two a module
    ['kohya-lora-sd15-to-diffusers-peft', 792, 528, 792, 264],
    // fifth set (session 7); test/bench/families-set5.test.ts checks their parameter totals against the published ones
    // Gemma-2B: freqs_cis + embedder + 18 × 7 + norm; HF splits qkv (+2 a layer) and adds the tied lm_head
    ['gemma-2b-pytorch-to-hf', 129, 165, 129, 1],
    // RWKV-4 169M: emb + 12 × (ln1 2, ln2 2, att 9, ffn 5) + block 0's ln0 2 + ln_out 2 + head
    ['rwkv4-169m-blinkdl-to-hf', 222, 222, 222, 0],
    // Mixtral-8x7B consolidated: 32 × 10 (experts fused in w1/w2/w3) + 3; HF 32 × 31 + 3
    ['mixtral-8x7b-consolidated-to-hf', 323, 995, 323, 0],
    // Mamba-130M: embeddings + 24 × (norm + 9 mixer) + norm_f + lm_head; GGUF omits the tied output
    ['mamba-130m-hf-to-gguf', 243, 242, 243, 1],
    // flan-t5-small GGUF: token_embd + 8 × 9 + rel_b + enc norm + 8 × 14 + rel_b + dec norm + output; HF adds the two tied embed_tokens
    ['flan-t5-small-gguf-to-hf', 190, 192, 190, 0],
    // Pythia-160M Sequential: embedding + 12 × 13 (with inv_freq) + norm 2 + final_linear; HF 1 + 12 × 12 + 2 + 1
    ['pythia-160m-neox-sequential-to-hf', 160, 148, 160, 12],
    // SAM ViT-B: image encoder 1 + 2 + 12 × 14 + 6, prompt encoder 17, mask decoder 82 + 2 + 6 + 24 + 6; HF adds shared_image_embedding
    ['sam-vit-b-original-to-hf', 314, 315, 314, 0],
    // SigLIP B/16: t, b; img 3 + 12 × 16 + 2 + MAP 15; txt 2 + 12 × 16 + 2 + 2; HF joins the MAP head's q/k/v (−4)
    ['siglip-base-p16-224-bigvision-to-hf', 412, 408, 412, 0],
    // DeiT III base: cls, pos, patch 2, 12 × 14, norm 2, head 2
    ['deit3-base-to-mmpretrain', 176, 176, 176, 0],
    // SD3-medium diffusers: 13 + 23 × 28 + 22 (pre-only last block) + 4; MMDiT 13 + 23 × 20 + 14 + 4
    ['sd3-medium-diffusers-to-mmdit', 683, 491, 683, 0],
    // EVA-02 B/14: cls, pos, patch 2, rope 2, 12 × 21 (with the block's rope 2), fc_norm 2, head 2; timm drops the 26 rope buffers
    ['eva02-base-p14-448-to-timm', 262, 236, 262, 26],
    // ViT-B/16 npz: cls, embedding 2, head 2 (not converted), pos, encoder_norm 2, 12 × 16; mmseg joins q/k/v: 4 + 12 × 12 + 2
    ['vit-b16-jax-npz-to-mmseg', 200, 150, 198, 0],
    // sixth set (session 12); test/bench/families-set6.test.ts checks their parameter totals against the published ones
    // VGG16-BN: 13 × (conv 2 + bn 5) + classifier 3 × 2
    ['vgg16-bn-torchvision-to-mmpretrain', 97, 97, 97, 0],
    // MobileNetV2: stem 6 + the expansion-1 block 12 + 16 × 18 + last conv 6 + classifier 2
    ['mobilenet-v2-torchvision-to-mmpretrain', 314, 314, 314, 0],
    // ShuffleNetV2 x1.0: conv1 6 + 3 first blocks × 30 (with branch1) + 13 × 18 + conv5 6 + fc 2
    ['shufflenet-v2-x1-torchvision-to-mmpretrain', 338, 338, 338, 0],
    // Mixer-B/16: stem 2 + 12 × 12 + norm 2 + head 2
    ['mlp-mixer-b16-timm-to-mmpretrain', 150, 150, 150, 0],
    // torchvision resnet50 (as ddp-module-prefix)
    ['resnet50-torchvision-to-mmcls', 320, 320, 320, 0],
    // VAN-B0: 4 × (patch embed 7 + norm 2) + 13 blocks × 28 + head 2
    ['van-b0-original-to-mmpretrain', 402, 402, 402, 0],
    // PoolFormer-S12: patch_embed 2 + 12 × 10 + 3 downsamplings × 2 + norm 2 + head 2
    ['poolformer-s12-original-to-hf', 132, 132, 132, 0],
    // BEiT-base: cls + patch 2 + 12 × 17 + fc_norm 2 + head 2; HF 12 × 19 (qkv split into q 2, k 1, v 2)
    ['beit-base-p16-224-unilm-to-hf', 211, 235, 211, 0],
    // DaViT-Tiny: 4 patch embeds × 4 + 6 dual blocks × 2 × 16 + norms 2 + head 2
    ['davit-tiny-msft-to-timm', 212, 212, 212, 0],
    // AnimateDiff v2: 21 motion modules × 28 (two pe each); diffusers 21 × 27 (one pos_embed.pe each)
    ['animatediff-v2-motion-module-to-diffusers', 588, 567, 588, 42],
    // BLOOM-560m: embed + embed LN 2 + 24 × 12 + ln_f 2; GGUF adds output
    ['bloom-560m-hf-to-gguf', 293, 294, 293, 0],
    // Baichuan2-7B: embed + 32 × 7 + norm + lm_head; GGUF 32 × 9 (W_pack → q, k, v)
    ['baichuan2-7b-hf-to-gguf', 227, 291, 227, 0],
    // GPT-2 124M: wte, wpe + 12 × 13 (with the mask buffer) + ln_f 2; GGUF 2 + 12 × 12 + 2 + output
    ['gpt2-124m-hf-to-gguf', 160, 149, 160, 12],
    // XGLM-564M fairseq: version + embed + _float_tensor + 24 × 16 + layer_norm 2 + output_projection; HF 1 + 24 × 16 + 2 + lm_head
    ['xglm-564m-fairseq-to-hf', 390, 388, 390, 3],
    // seventh set (session 14); test/bench/families-set7.test.ts checks their parameter totals against the published ones
    // YOLOS-S: 4 tokens / tables + patch 2 + 12 × 12 + norm 2 + two 3-layer MLPs; HF splits qkv (+4 a layer)
    ['yolos-small-original-to-hf', 164, 212, 164, 0],
    // Swin V2-T w8: patch 4 + 12 blocks × 19 (+ 5 shifted-window masks) + 3 mergings × 3 + norm 2 + head 2; HF 12 × 21
    ['swinv2-tiny-w8-timm-to-hf', 250, 269, 250, 5],
    // ConvNeXt-T: stem 4 + 3 downsamplings × 4 + 18 blocks × 9 + norm 2 + head 2
    ['convnext-tiny-fb-to-mmpretrain', 182, 182, 182, 0],
    // LeViT-128S (as levit-to-timm-conv's source): every tensor kept, idxs included
    ['levit-128s-original-to-mmpretrain', 336, 336, 336, 0],
    // EfficientFormer-L1: stem 14 + 3 downsamplings × 7 + 14 pool blocks × 16 + one attention block 16 + norm 2 + two heads 4
    ['efficientformer-l1-snap-to-timm', 281, 281, 281, 0],
    // CvT-13: 3 stages × patch embed 4 + 13 blocks × 34 + cls_token + norm 2 + head 2
    ['cvt-13-microsoft-to-hf', 459, 459, 459, 0],
    // TinyViT-5M: patch embed 12 + 2 MBConv × 18 + 3 mergings × 18 + 10 attention blocks × 19 + norm_head 2 + head 2
    ['tinyvit-5m-cream-to-timm', 296, 296, 296, 0],
    // PixArt-XL-2: pos_embed, x 2, t 4, t_block 2, y 5, 28 × 15, final 3, csize 4, ar 4; diffusers 28 × 21 (qkv in 3, kv in 2)
    ['pixart-alpha-xl2-1024ms-to-diffusers', 445, 611, 445, 2],
    // MusicGen small: output_proj 2 + 4 emb + 24 × 12 + out_norm 2 + 4 linears; HF 24 × 16 (two in_proj split in 3)
    ['musicgen-small-audiocraft-to-hf', 300, 396, 300, 0],
    // EnCodec 24 kHz: 36 weight-normed convs × 3 + 2 LSTMs × 8 + 32 codebooks × 4
    ['encodec-24khz-original-to-hf', 252, 252, 252, 0],
    // ChatGLM3-6B: embedding + inv_freq + 28 × 7 + final norm + output layer; GGUF drops inv_freq
    ['chatglm3-6b-hf-to-gguf', 200, 199, 200, 1],
    // StarCoder2-3B: embed + 30 × 16 + norm 2 (tied head not saved)
    ['starcoder2-3b-hf-to-gguf', 483, 483, 483, 0],
    // Phi-3-mini-4k: embed + 32 × 6 + norm + lm_head
    ['phi3-mini-4k-hf-to-gguf', 195, 195, 195, 0],
    // Command-R v01: embed + 40 × 8 + norm (tied head not saved)
    ['command-r-v01-hf-to-gguf', 322, 322, 322, 0],
    // eighth set (session 15); test/bench/families-set8.test.ts checks their parameter totals against the published ones
    // DeiT-B distilled: 3 tokens / tables + patch 2 + 12 × 12 + norm 2 + two heads 4; HF splits qkv (+4 a layer)
    ['deit-base-distilled-p16-timm-to-hf', 155, 203, 155, 0],
    // ViT-MSN S/16: 2 + patch 2 + 12 × 12 + norm 2 + projection head 16 (dropped); HF 12 × 16
    ['vit-msn-small-p16-original-to-hf', 166, 198, 166, 16],
    // GLPN (MiT-b4): 4 patch embeds × 4 + 41 blocks (38 with sr) + 4 norms × 2 + decoder 6 + 3 fusions × 16 + head 4; kv split
    ['glpn-kitti-original-to-hf', 890, 972, 890, 0],
    // FocalNet-T: patch 4 + 12 blocks × 16 + 3 downsamplings × 4 + norm 2 + head 2
    ['focalnet-tiny-srf-original-to-hf', 212, 212, 212, 0],
    // PVT-Tiny: 4 pos_embeds + cls + 4 patch embeds × 4 + 8 blocks (6 with sr) + norm 2 + head 2; kv split
    ['pvt-tiny-original-to-hf', 161, 177, 161, 0],
    // ConvNeXt V2-T: stem 4 + 3 downsamplings × 4 + 18 blocks × 10 + norm 2 + head 2
    ['convnextv2-tiny-fb-to-hf', 200, 200, 200, 0],
    // BiT-M R50x1: stem 1 + 16 blocks × 9 + 4 downsamples + norm 2 + head 2
    ['bit-m-r50x1-timm-to-hf', 153, 153, 153, 0],
    // UperNet ConvNeXt-T: backbone 4 + 12 + 18 × 9 + 8 norms; decode head 2 + 10 ConvModules × 6; auxiliary 2 + 6; HF adds convnext.layernorm
    ['upernet-convnext-tiny-mmseg-to-hf', 268, 270, 268, 0],
    // DiT-XL/2: pos_embed + x 2 + t 4 + y 1 + 28 × 10 + final 4; diffusers 28 × 14 (qkv chunked in 3)
    ['dit-xl2-256-original-to-diffusers', 292, 404, 292, 0],
    // OLMo-1B: wte + 16 × 4 (no norm parameters); HF 16 × 7 + embed + tied lm_head
    ['olmo-1b-original-to-hf', 65, 114, 65, 0],
    // OLMo-1B-hf: embed + 16 × 7 (lm_head tied, not saved)
    ['olmo-1b-hf-to-gguf', 113, 113, 113, 0],
    // Mistral-7B: tok_embeddings + 32 × 9 + norm + output
    ['mistral-7b-v0.1-consolidated-to-hf', 291, 291, 291, 0],
    // InternLM2-7B: embed + 32 × 7 + norm + output; GGUF 32 × 9 (wqkv → q, k, v)
    ['internlm2-chat-7b-hf-to-gguf', 227, 291, 227, 0],
    // BGE-small: embeddings 5 + 12 × 16 + pooler 2 (dropped)
    ['bge-small-en-v1.5-bert-to-gguf', 199, 197, 199, 2],
    // Depth-Anything-Small: DINOv2 3 tokens + patch 2 + 12 × 14 + norm 2, DPT head 64; HF qkv in 3 (12 × 18)
    ['depth-anything-small-original-to-hf', 239, 287, 239, 0],
    // Hiera-T: pos_embed + patch 2 + 12 × 12 + 3 stage projections × 2 + norm 2 + head 2
    ['hiera-tiny-224-original-to-hf', 157, 157, 157, 0],
    // tf_efficientnetv2_s: stem 6, 2 ConvBnAct × 6, 8 EdgeResidual × 12, 30 InvertedResidual × 22, head 6, classifier 2
    ['efficientnetv2-s-timm-to-mmpretrain', 782, 782, 782, 0],
    // Swin2SR ×2: 6 groups × (6 blocks × 19 + 3 attn_masks + conv 2 + patch_embed 2) + 16; 90 buffers dropped, qkv in 3
    ['swin2sr-classical-x2-original-to-hf', 742, 724, 742, 90],
    // Sana 1600M: 12 top + 20 × 15 + final 3 + y_embedding (dropped); diffusers qkv in 3, kv (weight, bias) in 2
    ['sana-1600m-1024px-original-to-diffusers', 317, 396, 317, 1],
    // HunyuanDiT: 27 top + 40 × 32 + 19 × 4 skip; diffusers Wqkv (w, b) in 3 and kv_proj (w, b) in 2
    ['hunyuan-dit-v1.2-original-to-diffusers', 1304, 1544, 1304, 0],
    // LTX-Video 2B: 11 top + 28 × 25
    ['ltx-video-2b-v0.9-original-to-diffusers', 715, 715, 715, 0],
    // Würstchen prior: projection 2, cond_mapper 4, 32 × (ResBlock 8 + TimestepBlock 2 + AttnBlock 6), out 2; in_proj (w, b) in 3
    ['wuerstchen-v2-prior-original-to-diffusers', 520, 648, 520, 0],
    // Bark small semantic: wte, wpe, 12 × 6, ln_f, lm_head; HF adds 12 attn.bias buffers
    ['bark-small-semantic-suno-to-hf', 76, 88, 76, 0],
    // Qwen2-VL-2B: vision 1 + 32 × 12 + 6, LM 1 + 28 × 12 + 1; tied lm_head in the model only
    ['qwen2-vl-2b-legacy-to-current-hf', 729, 730, 729, 0],
    // DBRX: wte, 40 × 8, norm_f, lm_head
    ['dbrx-base-hf-to-gguf', 323, 323, 323, 0],
    // OLMoE: embed, 16 × (10 + 64 × 3), norm, lm_head; GGUF 16 × 12 stacked
    ['olmoe-1b-7b-0924-hf-to-gguf', 3219, 195, 3219, 0],
    // gemma-2-2b: embed + 26 × 11 + norm
    ['gemma-2-2b-hf-to-gguf', 288, 288, 288, 0],
    // PiT-S: pos_embed, cls_token, patch 2, 12 blocks × 12, 2 pools × 4, norm 2, head 2
    ['pit-s-224-naver-to-timm', 160, 160, 160, 0],
    // XCiT-T12/16: cls_token, patch 4 × 6, 12 XCA blocks × 27, 2 CA blocks × 14 (timm 18: qkv in 3), norm 2, head 2, pos 2
    ['xcit-tiny-12-p16-official-to-timm', 383, 391, 383, 0],
    // HorNet-T 7×7: downsample 4 × 4, 25 blocks × (12 + 2 × (order − 1)), norm 2, head 2
    ['hornet-tiny-7x7-original-to-mmpretrain', 560, 560, 560, 0],
    // BEiT-B: cls_token, patch 2, 12 × 17, fc_norm 2 and head 2 (dropped)
    ['beit-base-p16-pt22k-ft22k-unilm-to-mmseg', 211, 207, 211, 4],
    // Twins-PCPVT-S: patch_embeds 4 × 4, 16 blocks × 14 (+ 4 where sr > 1), norm 2, head 2, pos_block 4 × 2
    ['twins-pcpvt-s-original-to-mmpretrain', 304, 304, 304, 0],
    // CLIP ViT-B/16: cls_token, pos_embed, patch 1, norm_pre 2, 12 × 12, norm 2, head 2
    ['clip-vit-b16-timm-to-mmpretrain', 153, 153, 153, 0],
    // Pyramid ViG-S: pos_embed, stem 3 × 7, 12 blocks × 37, 3 downsamples × 7, prediction 2 + 5 + 2
    ['pvig-s-original-to-mmpretrain', 484, 484, 484, 0],
    // ViG-S: pos_embed, stem 5 × 7, 16 blocks × 36, prediction 2 + 5 + 2
    ['vig-s-original-to-mmpretrain', 605, 605, 605, 0],
    // R-50 blobs: conv1 + bn 2, 53 convs × 3 (w, bn_s, bn_b), fc1000 2 (dropped); mmdet adds statistics and num_batches_tracked
    ['resnet50-detectron-caffe-to-mmdet', 161, 318, 161, 2],
    // phi-2: embed, 32 × 14, final_layernorm 2, lm_head 2
    ['phi-2-hf-to-gguf', 453, 453, 453, 0],
    // Qwen2-0.5B: embed, 24 × 12, norm (lm_head tied, not saved)
    ['qwen2-0.5b-hf-to-gguf', 290, 290, 290, 0],
    // granite-3.0-1b-a400m: embed, 24 × 9, norm; GGUF input_linear → gate + up (24 × 10)
    ['granite-3.0-1b-a400m-hf-to-gguf', 218, 242, 218, 0],
    // eleventh set (session 18); test/bench/families-set11.test.ts checks their parameter totals against the published ones
    // EdgeNeXt-S: downsample 4 × 4, 15 conv blocks × 9, 3 SDTA blocks × (15 + 2 × convs, + 2 for stage 1's position encoding), norm 2, head 2
    ['edgenext-small-original-to-timm', 214, 214, 214, 0],
    ['edgenext-small-original-to-mmpretrain', 214, 214, 214, 0],
    // MambaOut-Tiny: stem 8, 3 downsamples × 4, 18 blocks × 8, norm 2, head 6
    ['mambaout-tiny-original-to-timm', 172, 172, 172, 0],
    ['mambaout-tiny-timm-to-hf-timm-wrapper', 172, 172, 172, 0],
    // DeepSeek-V2-Lite: embed, norm, lm_head, layer 0 12, 26 × (9 + 64 × 3 + 1 + 3); GGUF kv_b → k_b + v_b, experts stacked (26 × 3)
    ['deepseek-v2-lite-hf-to-gguf', 5291, 404, 5291, 0],
    ['deepseek-v2-lite-v4-to-v5-fused-experts', 5291, 351, 5291, 0],
    // deepseek-moe-16b: embed, norm, lm_head, layer 0 9, 27 × (6 + 64 × 3 + 1 + 3); GGUF experts stacked (27 × 3)
    ['deepseek-moe-16b-hf-to-gguf', 5466, 363, 5466, 0],
    // OLMo-2-7B: embed, norm, lm_head, 32 × 11
    ['olmo2-1124-7b-hf-to-gguf', 355, 355, 355, 0],
    // Qwen3-0.6B: embed, norm, 28 × 11 (tied lm_head absent)
    ['qwen3-0.6b-hf-to-gguf', 310, 310, 310, 0],
    // stablelm-2-12b: embed, norm 2, lm_head, 40 × (9 + 32 + 8 per-head norms); GGUF 40 × 11
    ['stablelm-2-12b-hf-to-gguf', 1964, 444, 1964, 0],
    // OLMoE-1B-7B: embed, norm, lm_head, 16 × (9 + 64 × 3); v5 16 × 11
    ['olmoe-1b-7b-0924-v4-to-v5-fused-experts', 3219, 179, 3219, 0],
    // Phi-3.5-MoE: embed, norm 2, lm_head 2, 32 × (13 + 16 × 3); v5 32 × 15
    ['phi-3.5-moe-v4-to-v5-fused-experts', 1957, 485, 1957, 0],
    // twelfth set (session 19); test/bench/families-set12.test.ts checks their parameter totals against the published ones
    // MPT-7B: wte, norm_f, 32 × 6; GGUF + output (the tied head written again)
    ['mpt-7b-hf-to-gguf', 194, 195, 194, 0],
    // Refact-1.6B: wte, ln_f, lm_head, 32 × 7; GGUF kv → k + v, gate_up → gate + up (32 × 9)
    ['refact-1.6b-hf-to-gguf', 227, 291, 227, 0],
    // Persimmon-8B: embed, final_layernorm 2, lm_head, 36 × 16
    ['persimmon-8b-hf-to-gguf', 580, 580, 580, 0],
    // Qwen-7B: wte, ln_f, lm_head, 32 × 8
    ['qwen-7b-hf-to-gguf', 259, 259, 259, 0],
    // StarCoderBase-1B: wte, wpe, ln_f 2, 24 × 12 (tied head absent)
    ['starcoderbase-1b-hf-to-gguf', 292, 292, 292, 0],
    // Orion-14B: embed, norm 2, lm_head, 40 × 11
    ['orion-14b-hf-to-gguf', 444, 444, 444, 0],
    // Falcon-7B: word_embeddings, ln_f 2, lm_head, 32 × 6; Falcon-40B: the same with 60 × 8 (two LayerNorms)
    ['falcon-7b-hf-to-gguf', 196, 196, 196, 0],
    ['falcon-40b-hf-to-gguf', 484, 484, 484, 0],
    // EXAONE-3.0-7.8B: wte, ln_f, lm_head, 32 × 9
    ['exaone-3.0-7.8b-hf-to-gguf', 291, 291, 291, 0],
    // OpenELM-270M: token_embeddings, norm, 16 × 8; GGUF proj_1 → gate + up (16 × 9)
    ['openelm-270m-hf-to-gguf', 130, 146, 130, 0],
    // nomic-embed-text-v1.5: word and token-type embeddings, emb_ln 2, 12 × 9
    ['nomic-embed-text-v1.5-hf-to-gguf', 112, 112, 112, 0],
    // MiniCPM-2B: embed, norm, 40 × 9 (tied head absent)
    ['minicpm-2b-hf-to-gguf', 362, 362, 362, 0],
    // thirteenth set (session 20); test/bench/families-set13.test.ts checks their parameter totals against the published ones
    // TimeSformer: cls, pos, time, patch 2, 12 × 20 (spatial and temporal attention, temporal_fc, three norms, MLP), norm 2, head 2
    ['timesformer-base-k400-original-to-hf', 249, 249, 249, 0],
    ['timesformer-hr-ssv2-original-to-hf', 249, 249, 249, 0],
    // VideoMAE fine-tuned: patch 2, 12 × 13 (q_bias, v_bias, qkv, ...), fc_norm 2, head 2; HF qkv → query + key + value
    ['videomae-base-k400-original-to-hf', 162, 186, 162, 0],
    // VideoMAE pretraining: mask_token, patch 2, 12 × 13, norm 2, 4 × 13, norm 2, head 2, encoder_to_decoder
    ['videomae-base-pretrain-original-to-hf', 218, 250, 218, 0],
    // Pegasus-large TF: embeddings, 2 final LayerNorms × 2, 16 × 12 + 16 × 18; PegasusModel adds zero attention biases, positions and tied embed_tokens
    ['pegasus-large-tf-to-hf', 485, 681, 485, 0],
    // T5X: embedding, 12 × 9 + 12 × 14, 2 relpos, 2 norms, logits_dense; HF adds the two tied embed_tokens
    ['t5-v1.1-base-t5x-to-hf', 282, 284, 282, 0],
    ['flan-t5-small-t5x-to-hf', 190, 192, 190, 0],
    // Switch-base: stacked expert kernels split into E experts on the HF side; embed_tokens and lm_head tied
    ['switch-base-8-t5x-to-hf', 269, 440, 269, 0],
    ['switch-base-16-t5x-to-hf', 269, 632, 269, 0],
    // MobileNet v1: 27 conv + BatchNorm (5 each), logits 2; HF adds num_batches_tracked; v2: 52 conv + BatchNorm, logits 2
    ['mobilenet-v1-1.0-224-tf-to-hf', 137, 164, 137, 0],
    ['mobilenet-v2-1.0-224-tf-to-hf', 262, 314, 262, 0],
    // ViViT: cls, embedding 2, posembed, encoder_norm 2, 12 × 16, output_projection 2
    ['vivit-b-16x2-k400-flax-to-hf', 200, 200, 200, 0],
    // fourteenth set (session 21); test/bench/families-set14.test.ts checks their parameter totals against the published ones
    // diffusers AutoencoderKL → LDM: encoder 4 + 8 resnets (12 keys, 16 with a shortcut) + 3 downsamplers + mid (10 + 2 × 8), decoder the same with 12 resnets
    ['sd-vae-ft-mse-diffusers-to-ldm-comfy', 248, 248, 248, 0],
    // FLUX.1 VAE: the same without quant_conv / post_quant_conv
    ['flux1-vae-diffusers-to-ldm-comfy', 244, 244, 244, 0],
    // HF CLIP text: 2 embeddings, L × 16, final norm 2, projection; OpenCLIP: 3 own tensors, L × 12, token_embedding, ln_final 2
    ['sdxl-clip-g-hf-to-openclip-comfy', 517, 390, 517, 0],
    ['sd2-clip-h-hf-to-openclip-comfy', 389, 294, 389, 0],
    // OpenCLIP ViT-H text (24 × 12 + 6) → 23 HF layers (23 × 16 + 4): resblocks.23's 12, text_projection and logit_scale dropped
    ['sd2-openclip-h-to-hf-23-layers-kohya', 294, 372, 294, 14],
    // RepVGG: 3 branches of BatchNorm (5 keys) and convs per block, the identity branch only where shapes stay; linear → head.fc
    ['repvgg-a0-original-to-mmcls', 351, 351, 351, 0],
    ['repvgg-b1-original-to-mmcls', 453, 453, 453, 0],
    ['repvgg-b1g2-original-to-mmcls', 453, 453, 453, 0],
    ['repvgg-b2g4-original-to-mmcls', 453, 453, 453, 0],
    // SAM: image encoder (pos_embed, patch 2, depth × 12, neck 6) kept; the prompt encoder's 17 and the mask decoder's 120 dropped
    ['sam-vit-b-original-to-timm', 314, 177, 314, 137],
    ['sam-vit-l-original-to-timm', 482, 345, 482, 137],
    ['sam-vit-h-original-to-timm', 594, 457, 594, 137],
    // fifteenth set (session 22); test/bench/families-set15.test.ts checks their parameter totals against the published ones
    // Jamba v4 → v5: per MoE layer 48 expert keys → 2 fused tensors (16 MoE layers of 32, 36 of 72)
    ['jamba-v0.1-v4-to-v5-fused-experts', 1251, 515, 1251, 0],
    ['jamba-1.5-large-v4-to-v5-fused-experts', 2811, 1155, 2811, 0],
    // ERNIE 4.5 v4 → v5: 192 expert keys → 2 per MoE layer; the 21B's tied lm_head only in the target
    ['ernie-4.5-21b-a3b-v4-to-v5-fused-experts', 5492, 363, 5492, 0],
    ['ernie-4.5-300b-a47b-v4-to-v5-fused-experts', 10230, 540, 10230, 0],
    // STDC: features twice (the x2 … x32 aliases dropped) + conv_last, fc, bn, linear; StdcNet's stages and final_conv
    ['stdc1-imagenet-to-mmseg', 361, 180, 361, 181],
    ['stdc2-imagenet-to-mmseg', 649, 324, 649, 325],
    // FastViT: one key for one key, the flat network regrouped
    ['fastvit-t8-original-to-timm', 462, 462, 462, 0],
    ['fastvit-s12-original-to-timm', 530, 530, 530, 0],
    ['fastvit-sa12-original-to-timm', 504, 504, 504, 0],
    ['fastvit-ma36-original-to-timm', 1264, 1264, 1264, 0],
    // sixteenth set (session 23); test/bench/families-set16.test.ts checks their parameter totals against the published ones
    // YOLOX: one key for one key (every conv bias-free with a 5-key BatchNorm, the 9 prediction convs with a bias)
    ['yolox-s-official-to-mmdet', 462, 462, 462, 0],
    ['yolox-m-official-to-mmdet', 606, 606, 606, 0],
    ['yolox-l-official-to-mmdet', 750, 750, 750, 0],
    ['yolox-x-official-to-mmdet', 894, 894, 894, 0],
    ['yolox-tiny-official-to-mmdet', 462, 462, 462, 0],
    // Mixtral v4 → v5: per layer 24 expert keys → 2 fused tensors (32 and 56 layers)
    ['mixtral-8x7b-v4-to-v5-fused-experts', 995, 291, 995, 0],
    ['mixtral-8x22b-v4-to-v5-fused-experts', 1739, 507, 1739, 0],
    // TinyViT: one key for one key, renamed in place, but the 10 attention blocks' attention_bias_idxs buffers (dropped)
    ['tinyvit-5m-original-to-mmpretrain', 306, 296, 306, 10],
    ['tinyvit-11m-original-to-mmpretrain', 306, 296, 306, 10],
    ['tinyvit-21m-original-to-mmpretrain', 306, 296, 306, 10],
    // CheXNet: 121 BatchNorms of 4 keys (saved before num_batches_tracked existed) + 120 convs + head 2; the target's BatchNorms have 5
    ['chexnet-densenet121-to-mmcls', 606, 727, 606, 0],
    // DaViT-T: patch_embeds 4 × 4 + 6 block pairs × 2 × 16 (cpe 4, norm1 2, attn 4, norm2 2, mlp 4) + norms 2 + head 2; S / B 12 pairs
    ['davit-tiny-original-to-mmpretrain', 212, 212, 212, 0],
    ['davit-small-original-to-mmpretrain', 404, 404, 404, 0],
    ['davit-base-original-to-mmpretrain', 404, 404, 404, 0],
    // RepLKNet: stem 4 × 6 + 24 × (RepLKBlock 29 (pw1 6, pw2 6, lkb_origin 6, small_conv 6, prelkb_bn 5) + ConvFFN 17) + transitions 3 × 12 + norm 5 + head 2; XL has no small_conv
    ['replknet-31b-original-to-mmpretrain', 1171, 1171, 1171, 0],
    ['replknet-31l-original-to-mmpretrain', 1171, 1171, 1171, 0],
    ['replknet-xl-original-to-mmpretrain', 1027, 1027, 1027, 0],
    // RevViT: pos_embed + patch 2 + 12 × 16 (F.norm 2, q / k / v / proj 8, G.norm 2, mlp 4) + norm 2 + head 2; mmpretrain cls_token, pos_embed, patch 2, 12 × 12, ln1 2, head 2; pos_embed out of scope
    ['revvit-small-slowfast-to-mmpretrain', 199, 152, 198, 0],
    ['revvit-base-slowfast-to-mmpretrain', 199, 152, 198, 0],
    // MixMIM: absolute_pos_embed + patch 4 + 24 blocks × 14 (norm1 2, attn 6 with its table and index, norm2 2, mlp 4) + 3 PatchMergings × 3 + norm 2 + head 2
    ['mixmim-base-original-to-mmpretrain', 354, 354, 354, 0],
    ['mixmim-large-original-to-mmpretrain', 354, 354, 354, 0],
    // HuBERT CTC: mask_emb + label_embs_concat (dropped) + 7 convs (group: 7 weights + the first's norm 2; layer: 7 × 3, no conv bias) + post_extract_proj 2
    // + pos_conv 3 + layers × 16 + encoder norm 2 + top norm 2 + proj 2; the model has no label_embs_concat
    ['hubert-base-fairseq-ctc-to-hf', 214, 213, 214, 1],
    ['hubert-large-fairseq-ctc-to-hf', 418, 417, 418, 1],
    ['hubert-xlarge-fairseq-ctc-to-hf', 802, 801, 802, 1],
    // pretrained: no CTC projection, final_proj 2 and label_embs_concat dropped
    ['hubert-base-fairseq-pretrained-to-hf', 214, 211, 214, 3],
    ['hubert-large-fairseq-pretrained-to-hf', 418, 415, 418, 3],
    // WavLM: layers × 19 (grep_a, k / v / q / out 8, grep_linear 2, norms 4, fc 4) + the first layer's relative_attention_bias
    ['wavlm-base-unilm-to-hf', 248, 248, 248, 0],
    ['wavlm-base-plus-unilm-to-hf', 248, 248, 248, 0],
    ['wavlm-large-unilm-to-hf', 488, 488, 488, 0],
    // data2vec-audio: 5 positional convs × 2 and a layer-norm extractor without conv bias (7 × 3)
    ['data2vec-audio-base-fairseq-ctc-to-hf', 232, 232, 232, 0],
    ['data2vec-audio-large-fairseq-ctc-to-hf', 424, 424, 424, 0],
    // Keras EfficientNet: stem 1 + 4, blocks × (expand 1 + 4, dw 1 + 4, se 4, project 1 + 4; block1a none of expand), top 1 + 4,
    // predictions 2, the Normalization layer's 3 (dropped); HF adds num_batches_tracked to each BatchNorm
    ['efficientnet-b0-keras-to-hf', 314, 360, 314, 3],
    ['efficientnet-b1-keras-to-hf', 442, 508, 442, 3],
    ['efficientnet-b2-keras-to-hf', 442, 508, 442, 3],
    ['efficientnet-b3-keras-to-hf', 499, 574, 499, 3],
    ['efficientnet-b4-keras-to-hf', 613, 706, 613, 3],
    ['efficientnet-b5-keras-to-hf', 741, 854, 741, 3],
    ['efficientnet-b6-keras-to-hf', 855, 986, 855, 3],
    ['efficientnet-b7-keras-to-hf', 1040, 1200, 1040, 3],
    // MobileViT: the same layout at every size; HF splits the 9 qkv pairs (+4 each)
    ['mobilevit-s-mlcvnets-to-hf', 311, 347, 311, 0],
    ['mobilevit-xs-mlcvnets-to-hf', 311, 347, 311, 0],
    ['mobilevit-xxs-mlcvnets-to-hf', 311, 347, 311, 0],
  ];
  it.each(sizes)('%s: %i source, %i target, %i truth (%i dropped)', (name, src, tgt, truthSize, nulls) => {
    const f = family(name);
    expect(f.source.length).toBe(src);
    expect(f.target.length).toBe(tgt);
    expect(Object.keys(f.truth).length).toBe(truthSize);
    expect(Object.values(f.truth).filter((v) => v === null).length).toBe(nulls);
  });

  it('covers every family', () => {
    expect(sizes.map((s) => s[0]).sort()).toEqual(families.map((f) => f.name).sort());
  });

  it('full-size models keep their known totals', () => {
    expect(stateDict(torchvisionResNet(18), 'float32').length).toBe(122);
    expect(ddpResNet({ depth: 18 }).source.length).toBe(122);
    // real GPT-2 small: transformers 173 entries, nanoGPT asserts 149 after dropping the 24 buffers
    const gpt2 = gpt2ToNanoGPT({ nLayer: 12, nHead: 12, nEmbd: 768, vocabSize: 50257, blockSize: 1024, bias: true });
    expect(gpt2.source.length).toBe(173);
    expect(gpt2.target.length).toBe(149);
    expect(gpt2.transposed).toHaveLength(48);
    // Llama-2-7B: 32 × 9 + 3 = 291 tensors, FFN hidden 11008
    const llama7b = { dim: 4096, nLayers: 32, nHeads: 32, vocabSize: 32000, multipleOf: 256 };
    expect(llamaHiddenDim(llama7b)).toBe(11008);
    expect(llamaMetaToHF(llama7b).source.length).toBe(291);
    // Llama-3-8B: ffn_dim_multiplier 1.3, multiple_of 1024 → 14336
    expect(llamaHiddenDim({ dim: 4096, nLayers: 32, nHeads: 32, nKvHeads: 8, vocabSize: 128256, multipleOf: 1024, ffnDimMultiplier: 1.3 })).toBe(14336);
    // detectron2 R-18: stem 5 + 8 blocks × 10 + 3 shortcuts × 5 = 100; torchvision's 122 less 20 counters and fc
    const d2r18 = resnetToDetectron2({ depth: 18 });
    expect(d2r18.target.length).toBe(100);
    expect(Object.values(d2r18.truth).filter((v) => v === null)).toHaveLength(22);
  });

  it('uses the names the reference scripts write', () => {
    const llama = family('llama-meta-to-hf').truth;
    expect(llama['layers.1.attention.wq.weight']).toBe('model.layers.1.self_attn.q_proj.weight');
    expect(llama['layers.1.feed_forward.w2.weight']).toBe('model.layers.1.mlp.down_proj.weight');
    expect(llama['layers.1.feed_forward.w3.weight']).toBe('model.layers.1.mlp.up_proj.weight');
    expect(llama['norm.weight']).toBe('model.norm.weight');
    expect(llama['output.weight']).toBe('lm_head.weight');
    const whisper = family('whisper-openai-to-hf').truth;
    expect(whisper['decoder.blocks.1.cross_attn.key.weight']).toBe('model.decoder.layers.1.encoder_attn.k_proj.weight');
    expect(whisper['encoder.positional_embedding']).toBe('model.encoder.embed_positions.weight');
    expect(whisper['encoder.ln_post.bias']).toBe('model.encoder.layer_norm.bias');
    const unet = family('sd-v1-unet-ldm-to-diffusers').truth;
    expect(unet['model.diffusion_model.input_blocks.4.0.skip_connection.weight']).toBe('down_blocks.1.resnets.0.conv_shortcut.weight');
    expect(unet['model.diffusion_model.input_blocks.9.0.op.weight']).toBe('down_blocks.2.downsamplers.0.conv.weight');
    expect(unet['model.diffusion_model.output_blocks.2.1.conv.weight']).toBe('up_blocks.0.upsamplers.0.conv.weight');
    expect(unet['model.diffusion_model.output_blocks.5.2.conv.bias']).toBe('up_blocks.1.upsamplers.0.conv.bias');
    expect(unet['model.diffusion_model.output_blocks.5.1.transformer_blocks.0.attn2.to_k.weight']).toBe('up_blocks.1.attentions.2.transformer_blocks.0.attn2.to_k.weight');
    expect(unet['model.diffusion_model.middle_block.2.emb_layers.1.weight']).toBe('mid_block.resnets.1.time_emb_proj.weight');
    const vae = family('sd-v1-vae-ldm-to-diffusers').truth;
    expect(vae['first_stage_model.decoder.up.0.block.2.conv1.weight']).toBe('decoder.up_blocks.3.resnets.2.conv1.weight');
    expect(vae['first_stage_model.decoder.up.3.upsample.conv.weight']).toBe('decoder.up_blocks.0.upsamplers.0.conv.weight');
    expect(vae['first_stage_model.encoder.mid.attn_1.proj_out.weight']).toBe('encoder.mid_block.attentions.0.to_out.0.weight');
    const d2 = family('resnet-torchvision-to-detectron2').truth;
    expect(d2['bn1.running_var']).toBe('stem.conv1.norm.running_var');
    expect(d2['layer2.0.downsample.1.weight']).toBe('res3.0.shortcut.norm.weight');
    expect(d2['layer4.2.bn3.bias']).toBe('res5.2.conv3.norm.bias');
    expect(d2['fc.weight']).toBeNull();
    const clip = family('clip-openai-to-timm-vit');
    expect(clip.truth['visual.transformer.resblocks.1.attn.in_proj_weight']).toBe('blocks.1.attn.qkv.weight');
    expect(clip.truth['visual.proj']).toBe('head.weight');
    expect(clip.transposed).toEqual(['visual.proj']);
    expect(clip.truth['transformer.resblocks.0.ln_1.weight']).toBeUndefined();
    expect(family('densenet-legacy-names').truth['features.denseblock3.denselayer7.conv.2.weight']).toBe('features.denseblock3.denselayer7.conv2.weight');
  });
});

describe('scoreMapping', () => {
  const f = { truth: { a: 'A', b: 'B', h: null, s: ['S1', 'S2'] } as Family['truth'] };

  it('counts correct, wrong and missing pairs', () => {
    // b wrong, h missing, s right; c is out of scope but mapped: a wrong claim
    const s = scoreMapping(f, { a: 'A', b: 'X', s: ['S1', 'S2'], c: 'C' });
    expect(s).toEqual({ precision: 2 / 4, recall: 2 / 4, correct: 2, predicted: 4, expected: 4 });
  });

  it('credits a drop only where the truth drops, and ignores drops of out-of-scope keys', () => {
    const s = scoreMapping(f, { h: null, a: null, c: null });
    expect(s.correct).toBe(1);
    expect(s.predicted).toBe(2);
  });

  it('compares split targets in order', () => {
    expect(scoreMapping(f, { s: ['S2', 'S1'] }).correct).toBe(0);
    expect(scoreMapping(f, { s: 'S1' }).correct).toBe(0);
  });

  it('treats an empty prediction as precise but without recall', () => {
    expect(scoreMapping(f, {})).toEqual({ precision: 1, recall: 0, correct: 0, predicted: 0, expected: 4 });
  });
});

describe('moeLayout', () => {
  it('gives over 100,000 consistent keys per side at MOE_SCALE', () => {
    const { source, target, truth } = moeLayout(MOE_SCALE);
    expect(source.length).toBeGreaterThanOrEqual(100_000);
    expect(target.length).toBe(source.length);
    const targets = new Map(target.map((e) => [e.key, e.shape]));
    expect(targets.size).toBe(target.length);
    expect(new Set(source.map((e) => e.key)).size).toBe(source.length);
    expect(Object.keys(truth).length).toBe(source.length);
    expect(new Set(Object.values(truth)).size).toBe(target.length);
    const mismatched = source.filter((e) => JSON.stringify(targets.get(truth[e.key] ?? '')) !== JSON.stringify(e.shape));
    expect(mismatched).toEqual([]);
  });

  it('maps Mixtral expert names to gate/up/down', () => {
    const { truth } = moeLayout({ layers: 1, experts: 2 });
    expect(truth['model.layers.0.block_sparse_moe.experts.1.w1.weight']).toBe('model.layers.0.mlp.experts.1.gate_proj.weight');
    expect(truth['model.layers.0.block_sparse_moe.experts.1.w2.weight']).toBe('model.layers.0.mlp.experts.1.down_proj.weight');
    expect(truth['model.layers.0.block_sparse_moe.experts.1.w3.weight']).toBe('model.layers.0.mlp.experts.1.up_proj.weight');
    expect(truth['model.layers.0.block_sparse_moe.gate.weight']).toBe('model.layers.0.mlp.gate.weight');
  });
});

// ---- the torchvision-based families against torchvision itself, when Debian's PyTorch is there ----

const TORCHVISION_DUMP = `
import json, torchvision
def dump(m):
    return [[k, list(v.shape), str(v.dtype).replace('torch.', '')] for k, v in m.state_dict().items()]
print(json.dumps({
    'resnet18': dump(torchvision.models.resnet18()),
    'resnet50': dump(torchvision.models.resnet50()),
    'densenet121': dump(torchvision.models.densenet121()),
}))
`;

type Triples = [string, number[], string][];
interface TorchvisionDump {
  resnet18: Triples;
  resnet50: Triples;
  densenet121: Triples;
}

function torchvisionKeys(): TorchvisionDump | null {
  const run = spawnSync('/usr/bin/python3', ['-c', TORCHVISION_DUMP], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 });
  if (run.status !== 0) {
    console.warn(`skipping torchvision comparison: /usr/bin/python3 with torchvision is not usable (${(run.stderr || String(run.error)).trim().split('\n').pop()})`);
    return null;
  }
  return JSON.parse(run.stdout) as TorchvisionDump;
}

const real = torchvisionKeys();
const asTriples = (entries: KeyEntry[]): Triples => entries.map((e) => [e.key, e.shape!, e.dtype!]);

describe.skipIf(real === null)('torchvision generators against torchvision', () => {
  it('ResNet-18 and ResNet-50 state_dicts match key for key, in order, with shapes and dtypes', () => {
    expect(asTriples(stateDict(torchvisionResNet(18), 'float32'))).toEqual(real!.resnet18);
    expect(asTriples(stateDict(torchvisionResNet(50), 'float32'))).toEqual(real!.resnet50);
  });

  it('DenseNet-121 matches, and the legacy family renamed by its truth is it less num_batches_tracked', () => {
    expect(asTriples(stateDict(torchvisionDenseNet(DENSENET121), 'float32'))).toEqual(real!.densenet121);
    const legacy = densenetLegacy();
    const renamed = legacy.source.map((e): [string, number[], string] => [legacy.truth[e.key] as string, e.shape!, e.dtype!]);
    expect(renamed).toEqual(real!.densenet121.filter(([k]) => !k.endsWith('num_batches_tracked')));
  });
});
