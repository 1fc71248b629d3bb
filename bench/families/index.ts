import type { Family } from './types.js';
import { compiledNanoGPT, ddpCompiledViT, ddpResNet, lightningWrapper } from './prefix.js';
import { llamaMetaToHF } from './llama.js';
import { whisperOpenAIToHF } from './whisper.js';
import { sdUNetToDiffusers } from './sd-unet.js';
import { sdVaeToDiffusers } from './sd-vae.js';
import { densenetLegacy } from './densenet-legacy.js';
import { resnetToDetectron2 } from './resnet-detectron2.js';
import { clipToTimmViT } from './clip-timm.js';
import { gpt2ToNanoGPT } from './gpt2-nanogpt.js';
import { vitOtherClassCount } from './vit-head.js';
import { convnextToTimm, convnextV2ToTimm, swinToTimm } from './swin-convnext.js';
import { levitToTimmConv, regnetPyclsToMmdet } from './regnet-levit.js';
import {
  bertLegacyGammaBeta, dinov2ToHF, llamaHFToGGUF, llavaToHF, megatronGPT2ToHF, mixtralHFToGGUF, mixtralV4ToV5,
  openaiClipToHF, peftAdapterName, robertaFairseqToHF, savedTiedEmbeddings, timmViTToHF,
} from './transformers-families.js';
import {
  convnextFbToHF, mitToMmseg, poolformerToTimm, pvtV2ToTimm, segformerMitToHF, swinToHF, swinToMmseg, vitToMmseg,
} from './segmentation-backbones.js';
import { c2ResNetToDetectron2, c2ResNetToTorchvision, gptNeoXToGGUF, phiMixformerToHF } from './c2-phi-neox.js';
import { bitNpzToTimm, detrToHF, effnetPyclsToMmdet, fluxToDiffusers, maeToHF, t2iAdapterToDiffusers } from './set3-vision.js';
import { kohyaLoraToDiffusers, llamaHFToNemo, optMetaseqToHF, qwenMoeHFToGGUF, t5MeshTFToHF, wav2vec2FairseqToHF } from './set3-language.js';
import { gemmaPytorchToHF, mambaHFToGGUF, mixtralConsolidatedToHF, neoxSequentialToHF, rwkv4ToHF, t5GGUFToHF } from './set5-language.js';
import { deit3ToMmpretrain, eva02ToTimm, samToHF, sd3DiffusersToMmdit, siglipToHF, vitJaxToMmseg } from './set5-vision.js';
import {
  beitBaseToHF, davitTinyToTimm, mixerB16ToMmpretrain, mobilenetV2ToMmpretrain, poolformerS12ToHF, resnet50ToMmcls, shufflenetV2ToMmpretrain,
  vanB0ToMmpretrain, vgg16BnToMmpretrain,
} from './set6-vision.js';
import { animatediffMotionToDiffusers } from './set6-generative.js';
import { baichuan2HFToGGUF, bloomHFToGGUF, gpt2HFToGGUF, xglmFairseqToHF } from './set6-language.js';
import { convnextTinyToMmpretrain, cvt13ToHF, efficientformerL1ToTimm, levit128sToMmpretrain, swinv2TinyToHF, tinyVit5mToTimm, yolosSmallToHF } from './set7-vision.js';
import { encodec24kToHF, musicgenSmallToHF, pixartAlphaToDiffusers } from './set7-generative.js';
import { chatglm3ToGGUF, commandRToGGUF, phi3MiniToGGUF, starcoder2ToGGUF } from './set7-language.js';
import {
  bitR50x1ToHF, convnextV2TinyToHF, deitBaseDistilledToHF, focalnetTinyToHF, glpnKittiToHF, pvtTinyToHF, upernetConvnextTinyToHF, vitMsnSmallToHF,
} from './set8-vision.js';
import { ditXL2ToDiffusers } from './set8-generative.js';
import { bgeSmallToGGUF, internlm2ChatToGGUF, mistral7bToHF, olmo1bHFToGGUF, olmo1bToHF } from './set8-language.js';
import { depthAnythingSmallToHF, efficientnetV2SToMmpretrain, hieraTinyToHF, swin2srClassicalX2ToHF } from './set9-vision.js';
import { hunyuanDitToDiffusers, ltxVideo2bToDiffusers, sana1600mToDiffusers, wuerstchenPriorToDiffusers } from './set9-generative.js';
import { barkSmallSemanticToHF, dbrxBaseToGGUF, gemma2_2bToGGUF, olmoe1b7bToGGUF, qwen2vl2bToCurrentHF } from './set9-language.js';
import {
  beitBaseToMmseg, clipB16TimmToMmpretrain, detectronR50ToMmdet, hornetTinyToMmpretrain, pitSToTimm, pvigSToMmpretrain, twinsPcpvtSToMmpretrain, vigSToMmpretrain,
  xcitTiny12ToTimm,
} from './set10-vision.js';
import { graniteMoe1bToGGUF, phi2ToGGUF, qwen2_05bToGGUF } from './set10-language.js';
import { edgenextSmallToMmpretrain, edgenextSmallToTimm, mambaoutTinyTimmToHFWrapper, mambaoutTinyToTimm } from './set11-vision.js';
import {
  deepseekMoe16bToGGUF, deepseekV2LiteToGGUF, deepseekV2LiteToV5, olmo2_7bToGGUF, olmoe1b7bToV5, phi35MoeToV5, qwen3_06bToGGUF, stablelm2_12bToGGUF,
} from './set11-language.js';
import {
  exaone78bToGGUF, falcon40bToGGUF, falcon7bToGGUF, minicpm2bToGGUF, mpt7bToGGUF, nomicEmbedV15ToGGUF, openelm270mToGGUF, orion14bToGGUF, persimmon8bToGGUF, qwen7bToGGUF,
  refact16bToGGUF, starcoderbase1bToGGUF,
} from './set12-language.js';
import {
  flanT5SmallT5xToHF, mobilenetV1TFToHF, mobilenetV2TFToHF, pegasusLargeTFToHF, switchBase16T5xToHF, switchBase8T5xToHF, t5v11BaseT5xToHF, timesformerBaseK400ToHF,
  timesformerHrSsv2ToHF, videomaeBaseK400ToHF, videomaeBasePretrainToHF, vivitB16x2K400FlaxToHF,
} from './set13-video-tf.js';
import {
  fluxVaeDiffusersToLdm, repvggA0ToMmcls, repvggB1ToMmcls, repvggB1g2ToMmcls, repvggB2g4ToMmcls, samVitBToTimm, samVitHToTimm, samVitLToTimm, sd2ClipHHFToOpenClip, sd2OpenClipToHFKohya,
  sdVaeFtMseDiffusersToLdm, sdxlClipGHFToOpenClip,
} from './set14-sd-repvgg.js';
import {
  ernie45_21bToV5, ernie45_300bToV5, fastvitMa36ToTimm, fastvitS12ToTimm, fastvitSa12ToTimm, fastvitT8ToTimm, jambaLarge15ToV5, jambaV01ToV5, stdc1ToMmseg, stdc2ToMmseg,
} from './set15-moe-stdc.js';
import {
  chexnetToMmcls, mixtral8x22bToV5, mixtral8x7bToV5, tinyVit11mToMmpretrain, tinyVit21mToMmpretrain, tinyVit5mToMmpretrain, yoloxLToMmdet, yoloxMToMmdet, yoloxSToMmdet,
  yoloxTinyToMmdet, yoloxXToMmdet,
} from './set16-yolox-moe.js';
import {
  davitBaseToMmpretrain, davitSmallToMmpretrain, davitTinyToMmpretrain, mixmimBaseToMmpretrain, mixmimLargeToMmpretrain, replknet31bToMmpretrain, replknet31lToMmpretrain,
  replknetXlToMmpretrain, revVitBaseToMmpretrain, revVitSmallToMmpretrain,
} from './set17-davit-replknet.js';
import {
  data2vecAudioBaseToHF, data2vecAudioLargeToHF, hubertBaseCtcToHF, hubertBasePretrainedToHF, hubertLargeCtcToHF, hubertLargePretrainedToHF, hubertXlargeCtcToHF, wavlmBasePlusToHF,
  wavlmBaseToHF, wavlmLargeToHF,
} from './set18-speech.js';
import {
  efficientnetB0KerasToHF, efficientnetB1KerasToHF, efficientnetB2KerasToHF, efficientnetB3KerasToHF, efficientnetB4KerasToHF, efficientnetB5KerasToHF,
  efficientnetB6KerasToHF, efficientnetB7KerasToHF,
} from './set19-keras-efficientnet.js';
import { mobilevitSToHF, mobilevitXsToHF, mobilevitXxsToHF } from './set19-mobilevit.js';

export type { Family } from './types.js';
export { ratios, scoreMapping, type MappingScore, type KeyMapping } from './score.js';
export { moeLayout, MOE_SCALE, MOE_PATTERNS, type MoeLayout, type MoeLayoutConfig } from './moe.js';

/** Every rename family at its default configuration, by name; each call builds a fresh Family. */
export const FAMILY_MAKERS: Record<string, () => Family> = {
  'ddp-module-prefix': () => ddpResNet(),
  'torch-compile-orig-mod': () => compiledNanoGPT(),
  'ddp-and-compile-prefix': () => ddpCompiledViT(),
  'lightning-wrapper-prefix': () => lightningWrapper(),
  'llama-meta-to-hf': () => llamaMetaToHF(),
  'whisper-openai-to-hf': () => whisperOpenAIToHF(),
  'sd-v1-unet-ldm-to-diffusers': () => sdUNetToDiffusers(),
  'sd-v1-vae-ldm-to-diffusers': () => sdVaeToDiffusers(),
  'densenet-legacy-names': () => densenetLegacy(),
  'resnet-torchvision-to-detectron2': () => resnetToDetectron2(),
  'clip-openai-to-timm-vit': () => clipToTimmViT(),
  'gpt2-conv1d-to-nanogpt': () => gpt2ToNanoGPT(),
  'vit-head-other-class-count': () => vitOtherClassCount(),
  'swin-ms-to-timm': () => swinToTimm(),
  'convnext-fb-to-timm': () => convnextToTimm(),
  'convnextv2-fb-to-timm': () => convnextV2ToTimm(),
  'regnet-pycls-to-mmdet': () => regnetPyclsToMmdet(),
  'levit-to-timm-conv': () => levitToTimmConv(),
  'megatron-gpt2-to-hf': () => megatronGPT2ToHF(),
  'roberta-fairseq-to-hf': () => robertaFairseqToHF(),
  'bert-legacy-gamma-beta': () => bertLegacyGammaBeta(),
  'qwen2-tied-lm-head': () => savedTiedEmbeddings(),
  'llama-hf-to-gguf-names': () => llamaHFToGGUF(),
  'mixtral-hf-to-gguf-stacked-experts': () => mixtralHFToGGUF(),
  'mixtral-v4-to-v5-fused-experts': () => mixtralV4ToV5(),
  'llava-original-to-hf': () => llavaToHF(),
  'peft-lora-adapter-name': () => peftAdapterName(),
  'timm-vit-to-hf-vit': () => timmViTToHF(),
  'dinov2-to-hf': () => dinov2ToHF(),
  'openai-clip-to-hf-clip': () => openaiClipToHF(),
};

/**
 * The second set (session 4): 12 families from conversion code the first 30 do not use, added and split
 * before the matcher changed again, because the first held-out half had been looked at (its misses were
 * printed and read in session 3) and no longer measures generalisation cleanly.
 */
export const FAMILY_MAKERS_2: Record<string, () => Family> = {
  'segformer-mit-b0-to-hf': () => segformerMitToHF(),
  'mit-b0-to-mmseg': () => mitToMmseg(),
  'pvt-v2-b0-to-timm': () => pvtV2ToTimm(),
  'poolformer-s12-to-timm-metaformer': () => poolformerToTimm(),
  'convnext-fb-to-hf': () => convnextFbToHF(),
  'swin-ms-to-mmseg': () => swinToMmseg(),
  'swin-ms-to-hf': () => swinToHF(),
  'vit-timm-to-mmseg': () => vitToMmseg(),
  'c2-resnet50-to-detectron2': () => c2ResNetToDetectron2(),
  'c2-resnet50-to-torchvision': () => c2ResNetToTorchvision(),
  'phi-1_5-mixformer-to-hf': () => phiMixformerToHF(),
  'gpt-neox-hf-to-gguf-names': () => gptNeoXToGGUF(),
};

/**
 * The third set (session 5): 12 families from conversion code none of the first 42 uses, added and split
 * before any matcher change of the session, because heldout2 has only 6 families (the issue asks for at
 * least 10 held out) and nobody changing the matcher has seen these.
 */
export const FAMILY_MAKERS_3: Record<string, () => Family> = {
  'bit-m-r50x1-npz-to-timm-resnetv2': () => bitNpzToTimm(),
  't2i-adapter-sd14-to-diffusers': () => t2iAdapterToDiffusers(),
  'detr-r50-original-to-hf': () => detrToHF(),
  'flux-schnell-bfl-to-diffusers': () => fluxToDiffusers(),
  'mae-vit-base-to-hf-vitmae': () => maeToHF(),
  'efficientnet-b0-pycls-to-mmdet': () => effnetPyclsToMmdet(),
  'opt-350m-metaseq-to-hf': () => optMetaseqToHF(),
  't5-small-mesh-tf-to-hf': () => t5MeshTFToHF(),
  'qwen1.5-moe-hf-to-gguf': () => qwenMoeHFToGGUF(),
  'wav2vec2-base-fairseq-to-hf': () => wav2vec2FairseqToHF(),
  'llama-hf-to-nemo-mcore': () => llamaHFToNemo(),
  'kohya-lora-sd15-to-diffusers-peft': () => kohyaLoraToDiffusers(),
};

/**
 * The fifth set (session 7; there is no fourth family set, cases4.json is the fourth set of diagnosis
 * texts): 12 families from conversion code none of the first 54 uses, collected by a helper who changes no
 * matching code and has not looked at how the matcher does on them, and split in the same commit, before
 * anything reads them: a clean measure for the matcher as it stands and for the changes that follow.
 * Sources (repository, path, commit read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_5: Record<string, () => Family> = {
  'gemma-2b-pytorch-to-hf': () => gemmaPytorchToHF(),
  'rwkv4-169m-blinkdl-to-hf': () => rwkv4ToHF(),
  'mixtral-8x7b-consolidated-to-hf': () => mixtralConsolidatedToHF(),
  'mamba-130m-hf-to-gguf': () => mambaHFToGGUF(),
  'flan-t5-small-gguf-to-hf': () => t5GGUFToHF(),
  'pythia-160m-neox-sequential-to-hf': () => neoxSequentialToHF(),
  'sam-vit-b-original-to-hf': () => samToHF(),
  'siglip-base-p16-224-bigvision-to-hf': () => siglipToHF(),
  'deit3-base-to-mmpretrain': () => deit3ToMmpretrain(),
  'sd3-medium-diffusers-to-mmdit': () => sd3DiffusersToMmdit(),
  'eva02-base-p14-448-to-timm': () => eva02ToTimm(),
  'vit-b16-jax-npz-to-mmseg': () => vitJaxToMmseg(),
};

/**
 * The sixth set (session 12): families from conversion code none of the first 66 uses (mmpretrain's
 * torchvision / timm / original-repository converters, transformers' convert_* scripts, diffusers'
 * AnimateDiff converter, llama.cpp's BLOOM and Baichuan tensor code), collected by a helper who changes no
 * matching code and had not run the matcher on them, and split in the same commit, before they were wired
 * into the bench. Sources (repository, path, commit read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_6: Record<string, () => Family> = {
  'vgg16-bn-torchvision-to-mmpretrain': () => vgg16BnToMmpretrain(),
  'mobilenet-v2-torchvision-to-mmpretrain': () => mobilenetV2ToMmpretrain(),
  'shufflenet-v2-x1-torchvision-to-mmpretrain': () => shufflenetV2ToMmpretrain(),
  'mlp-mixer-b16-timm-to-mmpretrain': () => mixerB16ToMmpretrain(),
  'resnet50-torchvision-to-mmcls': () => resnet50ToMmcls(),
  'van-b0-original-to-mmpretrain': () => vanB0ToMmpretrain(),
  'poolformer-s12-original-to-hf': () => poolformerS12ToHF(),
  'beit-base-p16-224-unilm-to-hf': () => beitBaseToHF(),
  'davit-tiny-msft-to-timm': () => davitTinyToTimm(),
  'animatediff-v2-motion-module-to-diffusers': () => animatediffMotionToDiffusers(),
  'bloom-560m-hf-to-gguf': () => bloomHFToGGUF(),
  'baichuan2-7b-hf-to-gguf': () => baichuan2HFToGGUF(),
  'gpt2-124m-hf-to-gguf': () => gpt2HFToGGUF(),
  'xglm-564m-fairseq-to-hf': () => xglmFairseqToHF(),
};

/**
 * The seventh set (session 14): families from conversion code none of the first 80 uses (transformers'
 * YOLOS, Swin V2, CvT, MusicGen and EnCodec converters, mmpretrain's ConvNeXt and LeViT converters, timm's
 * EfficientFormer and TinyViT filters, diffusers' PixArt-α converter, llama.cpp's ChatGLM, StarCoder2, Phi-3
 * and Command-R tensor names), collected by a helper who changes no matching code and had not run the matcher
 * on them, and split in the same commit, before they were wired into the bench. Sources (repository, path,
 * commit read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_7: Record<string, () => Family> = {
  'yolos-small-original-to-hf': () => yolosSmallToHF(),
  'swinv2-tiny-w8-timm-to-hf': () => swinv2TinyToHF(),
  'convnext-tiny-fb-to-mmpretrain': () => convnextTinyToMmpretrain(),
  'levit-128s-original-to-mmpretrain': () => levit128sToMmpretrain(),
  'efficientformer-l1-snap-to-timm': () => efficientformerL1ToTimm(),
  'cvt-13-microsoft-to-hf': () => cvt13ToHF(),
  'tinyvit-5m-cream-to-timm': () => tinyVit5mToTimm(),
  'pixart-alpha-xl2-1024ms-to-diffusers': () => pixartAlphaToDiffusers(),
  'musicgen-small-audiocraft-to-hf': () => musicgenSmallToHF(),
  'encodec-24khz-original-to-hf': () => encodec24kToHF(),
  'chatglm3-6b-hf-to-gguf': () => chatglm3ToGGUF(),
  'starcoder2-3b-hf-to-gguf': () => starcoder2ToGGUF(),
  'phi3-mini-4k-hf-to-gguf': () => phi3MiniToGGUF(),
  'command-r-v01-hf-to-gguf': () => commandRToGGUF(),
};

/**
 * The eighth set (session 15): families from conversion code none of the first 94 uses (transformers' DeiT,
 * ViT-MSN, GLPN, FocalNet, PVT, ConvNeXt V2, BiT, UperNet-ConvNeXt, OLMo and Mistral converters, diffusers'
 * first DiT converter, llama.cpp's OLMo, InternLM2 and BERT tensor code), collected by a helper who changes no matching code
 * and had not run the matcher on them, and split in the same commit, before they were wired into the bench.
 * Sources (repository, path, commit read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_8: Record<string, () => Family> = {
  'deit-base-distilled-p16-timm-to-hf': () => deitBaseDistilledToHF(),
  'vit-msn-small-p16-original-to-hf': () => vitMsnSmallToHF(),
  'glpn-kitti-original-to-hf': () => glpnKittiToHF(),
  'focalnet-tiny-srf-original-to-hf': () => focalnetTinyToHF(),
  'pvt-tiny-original-to-hf': () => pvtTinyToHF(),
  'convnextv2-tiny-fb-to-hf': () => convnextV2TinyToHF(),
  'bit-m-r50x1-timm-to-hf': () => bitR50x1ToHF(),
  'upernet-convnext-tiny-mmseg-to-hf': () => upernetConvnextTinyToHF(),
  'dit-xl2-256-original-to-diffusers': () => ditXL2ToDiffusers(),
  'olmo-1b-original-to-hf': () => olmo1bToHF(),
  'olmo-1b-hf-to-gguf': () => olmo1bHFToGGUF(),
  'mistral-7b-v0.1-consolidated-to-hf': () => mistral7bToHF(),
  'internlm2-chat-7b-hf-to-gguf': () => internlm2ChatToGGUF(),
  'bge-small-en-v1.5-bert-to-gguf': () => bgeSmallToGGUF(),
};

/**
 * The ninth set (session 16): families from conversion code none of the first 108 uses (transformers' Depth
 * Anything, Hiera and Bark converters and Qwen2-VL's checkpoint conversion mapping, mmpretrain's EfficientNetV2
 * converter, diffusers' Sana, HunyuanDiT, LTX-Video and Würstchen converters, llama.cpp's DBRX, OLMoE and
 * Gemma 2 tensor code), collected by a helper who changes no matching code and had not run the matcher on
 * them, and split in the same commit, before they were wired into the bench. Sources (repository, path,
 * commit read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_9: Record<string, () => Family> = {
  'depth-anything-small-original-to-hf': () => depthAnythingSmallToHF(),
  'hiera-tiny-224-original-to-hf': () => hieraTinyToHF(),
  'efficientnetv2-s-timm-to-mmpretrain': () => efficientnetV2SToMmpretrain(),
  'swin2sr-classical-x2-original-to-hf': () => swin2srClassicalX2ToHF(),
  'sana-1600m-1024px-original-to-diffusers': () => sana1600mToDiffusers(),
  'hunyuan-dit-v1.2-original-to-diffusers': () => hunyuanDitToDiffusers(),
  'ltx-video-2b-v0.9-original-to-diffusers': () => ltxVideo2bToDiffusers(),
  'wuerstchen-v2-prior-original-to-diffusers': () => wuerstchenPriorToDiffusers(),
  'bark-small-semantic-suno-to-hf': () => barkSmallSemanticToHF(),
  'qwen2-vl-2b-legacy-to-current-hf': () => qwen2vl2bToCurrentHF(),
  'dbrx-base-hf-to-gguf': () => dbrxBaseToGGUF(),
  'olmoe-1b-7b-0924-hf-to-gguf': () => olmoe1b7bToGGUF(),
  'gemma-2-2b-hf-to-gguf': () => gemma2_2bToGGUF(),
};

/**
 * The tenth set (session 17): families from conversion code none of the first 121 uses (timm's PiT and XCiT
 * checkpoint filters, mmpretrain's HorNet, Twins, CLIP and ViG converters, mmsegmentation's BEiT converter,
 * mmdetection's Detectron ResNet converter, llama.cpp's Phi-2, Qwen2 and Granite-MoE tensor code), collected by
 * a helper who changes no matching code and had not run the matcher on them, and split in the same commit,
 * before they were wired into the bench. Sources (repository, path, commit read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_10: Record<string, () => Family> = {
  'pit-s-224-naver-to-timm': () => pitSToTimm(),
  'xcit-tiny-12-p16-official-to-timm': () => xcitTiny12ToTimm(),
  'hornet-tiny-7x7-original-to-mmpretrain': () => hornetTinyToMmpretrain(),
  'beit-base-p16-pt22k-ft22k-unilm-to-mmseg': () => beitBaseToMmseg(),
  'twins-pcpvt-s-original-to-mmpretrain': () => twinsPcpvtSToMmpretrain(),
  'clip-vit-b16-timm-to-mmpretrain': () => clipB16TimmToMmpretrain(),
  'pvig-s-original-to-mmpretrain': () => pvigSToMmpretrain(),
  'vig-s-original-to-mmpretrain': () => vigSToMmpretrain(),
  'resnet50-detectron-caffe-to-mmdet': () => detectronR50ToMmdet(),
  'phi-2-hf-to-gguf': () => phi2ToGGUF(),
  'qwen2-0.5b-hf-to-gguf': () => qwen2_05bToGGUF(),
  'granite-3.0-1b-a400m-hf-to-gguf': () => graniteMoe1bToGGUF(),
};

/**
 * The eleventh set (session 18): families from conversion code none of the first 133 uses (timm's EdgeNeXt and
 * MambaOut checkpoint filters, mmpretrain's EdgeNeXt converter, transformers' v5 conversion mapping for the timm
 * wrapper and for the experts of DeepSeek-V2, OLMoE and Phi-3.5-MoE, llama.cpp's DeepSeek, DeepSeek-V2, OLMo 2, Qwen3
 * and StableLM tensor code), collected by a helper who changes no matching code and had not run the matcher on them,
 * and split in the same commit, before they were wired into the bench. Sources (repository, path, commit read) are
 * in each family's `reference`.
 */
export const FAMILY_MAKERS_11: Record<string, () => Family> = {
  'edgenext-small-original-to-timm': () => edgenextSmallToTimm(),
  'edgenext-small-original-to-mmpretrain': () => edgenextSmallToMmpretrain(),
  'mambaout-tiny-original-to-timm': () => mambaoutTinyToTimm(),
  'mambaout-tiny-timm-to-hf-timm-wrapper': () => mambaoutTinyTimmToHFWrapper(),
  'deepseek-v2-lite-hf-to-gguf': () => deepseekV2LiteToGGUF(),
  'deepseek-v2-lite-v4-to-v5-fused-experts': () => deepseekV2LiteToV5(),
  'deepseek-moe-16b-hf-to-gguf': () => deepseekMoe16bToGGUF(),
  'olmo2-1124-7b-hf-to-gguf': () => olmo2_7bToGGUF(),
  'qwen3-0.6b-hf-to-gguf': () => qwen3_06bToGGUF(),
  'stablelm-2-12b-hf-to-gguf': () => stablelm2_12bToGGUF(),
  'olmoe-1b-7b-0924-v4-to-v5-fused-experts': () => olmoe1b7bToV5(),
  'phi-3.5-moe-v4-to-v5-fused-experts': () => phi35MoeToV5(),
};

/**
 * The twelfth set (session 19): families from conversion code none of the first 145 uses (llama.cpp's converter for
 * MPT, Refact, Persimmon, the first Qwen, StarCoder (GPTBigCode), Orion, Falcon (the grouped QKV transform, for the 7B
 * and the 40B), EXAONE 3.0, OpenELM, nomic-bert and MiniCPM), collected by a helper who changes no matching code and had not run
 * the matcher on them, and split in the same commit, before they were wired into the bench. Sources (repository, path,
 * stored copy read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_12: Record<string, () => Family> = {
  'mpt-7b-hf-to-gguf': () => mpt7bToGGUF(),
  'refact-1.6b-hf-to-gguf': () => refact16bToGGUF(),
  'persimmon-8b-hf-to-gguf': () => persimmon8bToGGUF(),
  'qwen-7b-hf-to-gguf': () => qwen7bToGGUF(),
  'starcoderbase-1b-hf-to-gguf': () => starcoderbase1bToGGUF(),
  'orion-14b-hf-to-gguf': () => orion14bToGGUF(),
  'falcon-7b-hf-to-gguf': () => falcon7bToGGUF(),
  'falcon-40b-hf-to-gguf': () => falcon40bToGGUF(),
  'exaone-3.0-7.8b-hf-to-gguf': () => exaone78bToGGUF(),
  'openelm-270m-hf-to-gguf': () => openelm270mToGGUF(),
  'nomic-embed-text-v1.5-hf-to-gguf': () => nomicEmbedV15ToGGUF(),
  'minicpm-2b-hf-to-gguf': () => minicpm2bToGGUF(),
};

/**
 * The thirteenth set (session 20): families from conversion code none of the first 157 uses (transformers' converters
 * for TimeSformer and VideoMAE from their original repositories, Pegasus from its TF checkpoint, T5X checkpoints (T5
 * v1.1, Flan-T5) and Switch Transformers' T5X MoE checkpoints, the TF-slim MobileNet v1 / v2 loaders, ViViT from
 * Scenic's Flax checkpoint), chosen for the kinds set 12 lacked (fused qkv kept or split, transposes of square kernels,
 * HWIO / depthwise permutes, a 1×1 conv head into a Linear, flat index arithmetic, gamma / beta, ties, stacked MoE
 * experts split), collected by a helper who changes no matching code and had not run the matcher on them, and split in
 * the same commit, before they were wired into the bench. Sources (repository, path, commit or stored copy read) are
 * in each family's `reference`.
 */
export const FAMILY_MAKERS_13: Record<string, () => Family> = {
  'timesformer-base-k400-original-to-hf': () => timesformerBaseK400ToHF(),
  'timesformer-hr-ssv2-original-to-hf': () => timesformerHrSsv2ToHF(),
  'videomae-base-k400-original-to-hf': () => videomaeBaseK400ToHF(),
  'videomae-base-pretrain-original-to-hf': () => videomaeBasePretrainToHF(),
  'pegasus-large-tf-to-hf': () => pegasusLargeTFToHF(),
  't5-v1.1-base-t5x-to-hf': () => t5v11BaseT5xToHF(),
  'flan-t5-small-t5x-to-hf': () => flanT5SmallT5xToHF(),
  'switch-base-8-t5x-to-hf': () => switchBase8T5xToHF(),
  'switch-base-16-t5x-to-hf': () => switchBase16T5xToHF(),
  'mobilenet-v1-1.0-224-tf-to-hf': () => mobilenetV1TFToHF(),
  'mobilenet-v2-1.0-224-tf-to-hf': () => mobilenetV2TFToHF(),
  'vivit-b-16x2-k400-flax-to-hf': () => vivitB16x2K400FlaxToHF(),
};

/**
 * The fourteenth set (session 21): families from conversion code none of the first 169 uses (ComfyUI's diffusers →
 * Stable Diffusion VAE and CLIP text converters, kohya's sd-scripts SD 2 text encoder loader, MMPretrain's RepVGG
 * converter, timm's Segment Anything checkpoint filter), chosen for kinds sets 12 and 13 had little of (whole subtrees
 * renamed with reversed index arithmetic, Linear ↔ 1×1 conv reshapes, q / k / v joined into one tensor or split from
 * it, a square projection transposed, a last layer / heads / a decoder dropped, equal-shaped sibling BatchNorms and
 * grouped convs told apart by name and order), collected by a helper who changes no matching code and had not run the
 * matcher on them, and split in the same commit, before they were wired into the bench. Sources (repository, path,
 * commit or stored copy read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_14: Record<string, () => Family> = {
  'sd-vae-ft-mse-diffusers-to-ldm-comfy': () => sdVaeFtMseDiffusersToLdm(),
  'flux1-vae-diffusers-to-ldm-comfy': () => fluxVaeDiffusersToLdm(),
  'sdxl-clip-g-hf-to-openclip-comfy': () => sdxlClipGHFToOpenClip(),
  'sd2-clip-h-hf-to-openclip-comfy': () => sd2ClipHHFToOpenClip(),
  'sd2-openclip-h-to-hf-23-layers-kohya': () => sd2OpenClipToHFKohya(),
  'repvgg-a0-original-to-mmcls': () => repvggA0ToMmcls(),
  'repvgg-b1-original-to-mmcls': () => repvggB1ToMmcls(),
  'repvgg-b1g2-original-to-mmcls': () => repvggB1g2ToMmcls(),
  'repvgg-b2g4-original-to-mmcls': () => repvggB2g4ToMmcls(),
  'sam-vit-b-original-to-timm': () => samVitBToTimm(),
  'sam-vit-l-original-to-timm': () => samVitLToTimm(),
  'sam-vit-h-original-to-timm': () => samVitHToTimm(),
};

/**
 * The fifteenth set (session 22): families from conversion code none of the first 181 uses (transformers v5's
 * conversion mapping through its "jamba" and "ernie4_5_moe" patterns, which no earlier family loads through,
 * MMSegmentation's STDC converter, timm's FastViT checkpoint filter), chosen for kinds sets 12–14 had little of
 * (stacked MoE experts, Mamba / attention layers interleaved, a tied lm_head
 * the checkpoint does not hold, a subtree moved under its sibling, flat block lists regrouped into stages by a table or
 * by bisecting at the downsample layers with other module kinds interleaved, aliases and a classifier dropped, bare
 * layer-scale parameters turned into modules), collected by a helper who changes no matching code and had not run the
 * matcher on them, and split in the same commit, before they were wired into the bench. Sources (repository, path,
 * commit or stored copy read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_15: Record<string, () => Family> = {
  'jamba-v0.1-v4-to-v5-fused-experts': () => jambaV01ToV5(),
  'jamba-1.5-large-v4-to-v5-fused-experts': () => jambaLarge15ToV5(),
  'ernie-4.5-21b-a3b-v4-to-v5-fused-experts': () => ernie45_21bToV5(),
  'ernie-4.5-300b-a47b-v4-to-v5-fused-experts': () => ernie45_300bToV5(),
  'stdc1-imagenet-to-mmseg': () => stdc1ToMmseg(),
  'stdc2-imagenet-to-mmseg': () => stdc2ToMmseg(),
  'fastvit-t8-original-to-timm': () => fastvitT8ToTimm(),
  'fastvit-s12-original-to-timm': () => fastvitS12ToTimm(),
  'fastvit-sa12-original-to-timm': () => fastvitSa12ToTimm(),
  'fastvit-ma36-original-to-timm': () => fastvitMa36ToTimm(),
};

/**
 * The sixteenth set (session 23): families from conversion code none of the first 191 uses (MMDetection's YOLOX
 * converter, transformers v5's conversion mapping through its "mixtral" pattern, which no earlier family loads through,
 * MMPretrain's TinyViT and CheXNet converters), chosen for kinds sets 13–15 had little of (a neck's flat modules gathered
 * into index lists, two of them in reverse order, a subtree moved from the head into the neck, many equal-shaped convs
 * and BatchNorms decided by names and order, a whole MoE subtree renamed with its experts stacked along a new dim and
 * concatenated, substring renames inside every conv-BN pair, old dotted layer names, stages and transitions reordered,
 * buffers the checkpoint lacks), collected by a helper who changes no matching code and had not run the matcher on them,
 * and split in the same commit, before they were wired into the bench. Sources (repository, path, commit or stored copy
 * read) are in each family's `reference`.
 */
export const FAMILY_MAKERS_16: Record<string, () => Family> = {
  'yolox-s-official-to-mmdet': () => yoloxSToMmdet(),
  'yolox-m-official-to-mmdet': () => yoloxMToMmdet(),
  'yolox-l-official-to-mmdet': () => yoloxLToMmdet(),
  'yolox-x-official-to-mmdet': () => yoloxXToMmdet(),
  'yolox-tiny-official-to-mmdet': () => yoloxTinyToMmdet(),
  'mixtral-8x7b-v4-to-v5-fused-experts': () => mixtral8x7bToV5(),
  'mixtral-8x22b-v4-to-v5-fused-experts': () => mixtral8x22bToV5(),
  'tinyvit-5m-original-to-mmpretrain': () => tinyVit5mToMmpretrain(),
  'tinyvit-11m-original-to-mmpretrain': () => tinyVit11mToMmpretrain(),
  'tinyvit-21m-original-to-mmpretrain': () => tinyVit21mToMmpretrain(),
  'chexnet-densenet121-to-mmcls': () => chexnetToMmcls(),
};

/**
 * The seventeenth set (session 24): families from conversion code none of the first 202 uses (MMPretrain's DaViT,
 * RepLKNet, RevViT and MixMIM converters), chosen for kinds the earlier sets had little of (two parallel lists folded into
 * one with an index offset by one and a subtree moved after the blocks, an index folded into a name, a classifier's norm
 * moved into the last stage and before the transitions, separate q / k / v concatenated into qkv beside a position
 * embedding no op can build, a PatchMerging's 4C axis reordered under an unchanged name and shape, norm and reduction
 * swapped), collected by a helper who changes no matching code and had not run the matcher on them, and split in the same
 * commit, before they were wired into the bench. Sources (repository, path, commit) are in each family's `reference`.
 */
export const FAMILY_MAKERS_17: Record<string, () => Family> = {
  'davit-tiny-original-to-mmpretrain': () => davitTinyToMmpretrain(),
  'davit-small-original-to-mmpretrain': () => davitSmallToMmpretrain(),
  'davit-base-original-to-mmpretrain': () => davitBaseToMmpretrain(),
  'replknet-31b-original-to-mmpretrain': () => replknet31bToMmpretrain(),
  'replknet-31l-original-to-mmpretrain': () => replknet31lToMmpretrain(),
  'replknet-xl-original-to-mmpretrain': () => replknetXlToMmpretrain(),
  'revvit-small-slowfast-to-mmpretrain': () => revVitSmallToMmpretrain(),
  'revvit-base-slowfast-to-mmpretrain': () => revVitBaseToMmpretrain(),
  'mixmim-base-original-to-mmpretrain': () => mixmimBaseToMmpretrain(),
  'mixmim-large-original-to-mmpretrain': () => mixmimLargeToMmpretrain(),
};

/**
 * The eighteenth set (session 25): speech encoders converted by transformers scripts none of the first 212 families uses
 * (HuBERT, WavLM, data2vec-audio; set 3 holds only the wav2vec 2.0 script), chosen for kinds the earlier sets had little
 * of (Sequential indices folded into names at two depths, a norm listed after the encoder in the checkpoint and before it
 * in the model, pretraining-only tensors that must be dropped, one attention's extra embedding moved from first to last
 * among its siblings, gate parameters renamed, five equal-shaped positional convs), collected by a helper who changes no
 * matching code and had not run the matcher on them, and split in the same commit, before they were wired into the bench.
 * Sources (repository, path, commit) are in each family's `reference`.
 */
export const FAMILY_MAKERS_18: Record<string, () => Family> = {
  'hubert-base-fairseq-ctc-to-hf': () => hubertBaseCtcToHF(),
  'hubert-large-fairseq-ctc-to-hf': () => hubertLargeCtcToHF(),
  'hubert-xlarge-fairseq-ctc-to-hf': () => hubertXlargeCtcToHF(),
  'hubert-base-fairseq-pretrained-to-hf': () => hubertBasePretrainedToHF(),
  'hubert-large-fairseq-pretrained-to-hf': () => hubertLargePretrainedToHF(),
  'wavlm-base-unilm-to-hf': () => wavlmBaseToHF(),
  'wavlm-base-plus-unilm-to-hf': () => wavlmBasePlusToHF(),
  'wavlm-large-unilm-to-hf': () => wavlmLargeToHF(),
  'data2vec-audio-base-fairseq-ctc-to-hf': () => data2vecAudioBaseToHF(),
  'data2vec-audio-large-fairseq-ctc-to-hf': () => data2vecAudioLargeToHF(),
};

/**
 * The nineteenth set (session 26): families from conversion code none of the first 222 uses (transformers' Keras
 * EfficientNet converter at all eight sizes, and its ml-cvnets MobileViT converter at the three classification sizes),
 * chosen for kinds the earlier sets had little of (a Keras port: `/`-scoped `:0` names, gamma / beta / moving statistics
 * listed after every trainable variable, HWIO and depthwise kernels permuted, 1×1 kernels among them, per-stage block
 * names `block{stage}{letter}` numbered into one flat list; a Sequential level removed everywhere, stages' first blocks
 * turned into named modules, a list's last item (a LayerNorm) lifted out of it, fused qkv split), collected by a helper who
 * changes no matching code and had not run the matcher on them, and split in the same commit, before they were wired into
 * the bench. Sources (repository, path, commit) are in each family's `reference`.
 */
export const FAMILY_MAKERS_19: Record<string, () => Family> = {
  'efficientnet-b0-keras-to-hf': () => efficientnetB0KerasToHF(),
  'efficientnet-b1-keras-to-hf': () => efficientnetB1KerasToHF(),
  'efficientnet-b2-keras-to-hf': () => efficientnetB2KerasToHF(),
  'efficientnet-b3-keras-to-hf': () => efficientnetB3KerasToHF(),
  'efficientnet-b4-keras-to-hf': () => efficientnetB4KerasToHF(),
  'efficientnet-b5-keras-to-hf': () => efficientnetB5KerasToHF(),
  'efficientnet-b6-keras-to-hf': () => efficientnetB6KerasToHF(),
  'efficientnet-b7-keras-to-hf': () => efficientnetB7KerasToHF(),
  'mobilevit-s-mlcvnets-to-hf': () => mobilevitSToHF(),
  'mobilevit-xs-mlcvnets-to-hf': () => mobilevitXsToHF(),
  'mobilevit-xxs-mlcvnets-to-hf': () => mobilevitXxsToHF(),
};

/** Every rename family of the nineteen sets, in a stable order. */
export const FAMILIES: (() => Family)[] = [
  ...Object.values(FAMILY_MAKERS), ...Object.values(FAMILY_MAKERS_2), ...Object.values(FAMILY_MAKERS_3), ...Object.values(FAMILY_MAKERS_5),
  ...Object.values(FAMILY_MAKERS_6), ...Object.values(FAMILY_MAKERS_7), ...Object.values(FAMILY_MAKERS_8), ...Object.values(FAMILY_MAKERS_9),
  ...Object.values(FAMILY_MAKERS_10), ...Object.values(FAMILY_MAKERS_11), ...Object.values(FAMILY_MAKERS_12), ...Object.values(FAMILY_MAKERS_13),
  ...Object.values(FAMILY_MAKERS_14), ...Object.values(FAMILY_MAKERS_15), ...Object.values(FAMILY_MAKERS_16), ...Object.values(FAMILY_MAKERS_17),
  ...Object.values(FAMILY_MAKERS_18), ...Object.values(FAMILY_MAKERS_19),
];

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The tuning / held-out split, fixed once before the matcher was changed for issue 11 and never to be
 * chosen by hand: a family is held out when the 32-bit FNV-1a hash of its name is 0 or 1 modulo 5
 * (about 40 %). Only the tuning half may be looked at while changing the matcher; the held-out half
 * decides. A family added later falls on whichever side its name hashes to.
 */
export function isHeldOut(name: string): boolean {
  return fnv1a(name) % 5 < 2;
}

/**
 * The second set's split, fixed once when the set was committed (before any matcher change): its names
 * ordered by the FNV-1a hash of `heldout2:` + name, the first half (rounded up) held out — exactly half,
 * where a modulus could leave too few. Only tuning2 may be looked at while changing the matcher; heldout2
 * is printed as aggregates only.
 */
export const HELD_OUT_2: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_2, 'heldout2:');

/**
 * The third set's split, fixed once when the set was committed (the split commit, before anything else of
 * session 5 changed): names ordered by the FNV-1a hash of `heldout3:` + name, the first half (rounded up)
 * held out. Only tuning3 may be looked at; heldout3 is printed as aggregates and op counts only.
 */
export const HELD_OUT_3: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_3, 'heldout3:');

/**
 * The fifth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout5:` + name, the first
 * half (rounded up) held out. Only tuning5 may be looked at; heldout5 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_5: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_5, 'heldout5:');

/**
 * The sixth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout6:` + name, the first
 * half (rounded up) held out. Only tuning6 may be looked at; heldout6 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_6: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_6, 'heldout6:');

/**
 * The seventh set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout7:` + name, the first
 * half (rounded up) held out. Only tuning7 may be looked at; heldout7 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_7: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_7, 'heldout7:');

/**
 * The eighth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout8:` + name, the first
 * half (rounded up) held out. Only tuning8 may be looked at; heldout8 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_8: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_8, 'heldout8:');

/**
 * The ninth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout9:` + name, the first
 * half (rounded up) held out. Only tuning9 may be looked at; heldout9 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_9: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_9, 'heldout9:');

/**
 * The tenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout10:` + name, the first
 * half (rounded up) held out. Only tuning10 may be looked at; heldout10 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_10: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_10, 'heldout10:');

/**
 * The eleventh set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout11:` + name, the first
 * half (rounded up) held out. Only tuning11 may be looked at; heldout11 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_11: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_11, 'heldout11:');

/**
 * The twelfth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout12:` + name, the first
 * half (rounded up) held out. Only tuning12 may be looked at; heldout12 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_12: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_12, 'heldout12:');

/**
 * The thirteenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout13:` + name, the first
 * half (rounded up) held out. Only tuning13 may be looked at; heldout13 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_13: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_13, 'heldout13:');

/**
 * The fourteenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout14:` + name, the first
 * half (rounded up) held out. Only tuning14 may be looked at; heldout14 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_14: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_14, 'heldout14:');

/**
 * The fifteenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout15:` + name, the first
 * half (rounded up) held out. Only tuning15 may be looked at; heldout15 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_15: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_15, 'heldout15:');

/**
 * The sixteenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout16:` + name, the first
 * half (rounded up) held out. Only tuning16 may be looked at; heldout16 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_16: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_16, 'heldout16:');

/**
 * The seventeenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout17:` + name, the first
 * half (rounded up) held out. Only tuning17 may be looked at; heldout17 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_17: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_17, 'heldout17:');

/**
 * The eighteenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout18:` + name, the first
 * half (rounded up) held out. Only tuning18 may be looked at; heldout18 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_18: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_18, 'heldout18:');

/**
 * The nineteenth set's split, fixed once in the commit that adds the set (before the set is wired into the bench
 * or read by anyone changing the matcher): names ordered by the FNV-1a hash of `heldout19:` + name, the first
 * half (rounded up) held out. Only tuning19 may be looked at; heldout19 is printed as aggregates and op
 * counts only.
 */
export const HELD_OUT_19: ReadonlySet<string> = firstHalfByHash(FAMILY_MAKERS_19, 'heldout19:');

/** the names of `makers` ordered by FNV-1a of salt + name (ties by name), the first half (rounded up) */
function firstHalfByHash(makers: Record<string, unknown>, salt: string): ReadonlySet<string> {
  const names = Object.keys(makers).sort((a, b) => fnv1a(salt + a) - fnv1a(salt + b) || (a < b ? -1 : 1));
  return new Set(names.slice(0, Math.ceil(names.length / 2)));
}
