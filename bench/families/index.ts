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

export type { Family } from './types.js';
export { scoreMapping, type MappingScore, type KeyMapping } from './score.js';
export { moeLayout, MOE_SCALE, MOE_PATTERNS, type MoeLayout, type MoeLayoutConfig } from './moe.js';

/** Every rename family at its default small configuration; each call builds a fresh Family. */
export const FAMILIES: (() => Family)[] = [
  () => ddpResNet(),
  () => compiledNanoGPT(),
  () => ddpCompiledViT(),
  () => lightningWrapper(),
  () => llamaMetaToHF(),
  () => whisperOpenAIToHF(),
  () => sdUNetToDiffusers(),
  () => sdVaeToDiffusers(),
  () => densenetLegacy(),
  () => resnetToDetectron2(),
  () => clipToTimmViT(),
  () => gpt2ToNanoGPT(),
  () => vitOtherClassCount(),
];
