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

/** Every rename family, in a stable order. */
export const FAMILIES: (() => Family)[] = Object.values(FAMILY_MAKERS);

/**
 * The tuning / held-out split, fixed once before the matcher was changed for issue 11 and never to be
 * chosen by hand: a family is held out when the 32-bit FNV-1a hash of its name is 0 or 1 modulo 5
 * (about 40 %). Only the tuning half may be looked at while changing the matcher; the held-out half
 * decides. A family added later falls on whichever side its name hashes to.
 */
export function isHeldOut(name: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 5 < 2;
}
