import type { KeyEntry } from '../../src/formats/keys.js';
import type { Family } from '../families/types.js';
import { timmViTToHF } from '../families/transformers-families.js';
import { LEVIT_128S, levitToTimmConv } from '../families/regnet-levit.js';
import { convnextToTimm } from '../families/swin-convnext.js';
import { sdUNetToDiffusers, SMALL_SD_UNET } from '../families/sd-unet.js';
import { SMALL_WHISPER, whisperOpenAIToHF } from '../families/whisper.js';
import { wrappedDecoder, WRAPPED_TENSORS_PER_LAYER } from './wrapped-structure.js';
import { moeStructure, STRUCTURE_100K, STRUCTURE_1M, type MoeStructureConfig } from './moe-structure.js';

/**
 * Issue 14 ("100,000 keys in under 5 s for every structure") and issue 11's scale floors: one layout per kind
 * of structure plan inference must handle, each at about 100,000 and 1,000,000 keys a side. All but the
 * first are real conversion families of bench/families (ground truth from public conversion code) with
 * their depth raised until they hold that many keys, so the scaled layout is still the conversion a
 * person would run, only deeper:
 *   moe-experts      MoE blocks, per-name shapes, a new top-level prefix (moe-structure.ts)
 *   vit-fused-qkv    timm ViT → transformers: every block's fused qkv split in three, subtrees renamed
 *   levit-regroup    LeViT's one flat `blocks` list (attention, MLP, subsample interleaved) regrouped into
 *                    timm's stages.S.{blocks.J.attn|blocks.J.mlp|downsample}: index arithmetic
 *   convnext-stages  ConvNeXt: stages.S.J → stages.S.blocks.J, downsample layers moved into the stages
 *   sd-unet-nested   SD UNet ldm → diffusers: deep nesting (input_blocks.N.M.transformer_blocks.0.attn1…)
 *                    and many renamed subtrees with index arithmetic per level
 *   whisper-subtrees Whisper openai → transformers: encoder and decoder subtrees renamed, per layer
 *   ddp-compiled     a dense decoder saved under DDP and torch.compile (`module._orig_mod.`), loaded bare
 *                    (wrapped-structure.ts): the commonest failure, one prefix to strip, at scale
 */
/** the bench's two sizes, or a number of keys a side (profiling the growth at 10k, 30k…) */
export type ScaleSize = '100k' | '1m' | number;

export const keysFor = (size: ScaleSize): number => (size === '1m' ? 1_000_000 : size === '100k' ? 100_000 : size);

export interface ScaleLayout {
  source: KeyEntry[];
  target: KeyEntry[];
  truth: Record<string, string | string[] | null>;
  /** the rules a person would write */
  patterns: number;
}

export interface ScaleStructure {
  name: string;
  what: string;
  make(size: ScaleSize): ScaleLayout;
}

/** 100 layers × 250 experts is 100k keys; other sizes scale the experts (≥ 8) and then the layers */
function moeAt(keys: number): MoeStructureConfig {
  const experts = Math.max(8, Math.min(250, Math.round(keys / 500)));
  return { ...STRUCTURE_100K, experts, layers: Math.max(1, Math.round(keys / (5 * experts))) };
}

const fromFamily = (f: Family): ScaleLayout => ({ source: f.source, target: f.target, truth: f.truth, patterns: f.patterns });
/** a depth that gives about `keys` keys when each unit of depth holds `perUnit` */
const depthFor = (size: ScaleSize, perUnit: number): number => Math.max(1, Math.round(keysFor(size) / perUnit));

export const SCALE_STRUCTURES: readonly ScaleStructure[] = [
  {
    name: 'moe-experts',
    what: 'MoE experts, per-name shapes, new top-level prefix',
    make: (size) => moeStructure(size === '1m' ? STRUCTURE_1M : size === '100k' ? STRUCTURE_100K : moeAt(size)),
  },
  {
    name: 'vit-fused-qkv',
    what: 'timm ViT → HF ViT: fused qkv split per block, subtrees renamed',
    // 12 tensors a block
    make: (size) => fromFamily(timmViTToHF(depthFor(size, 12))),
  },
  {
    name: 'levit-regroup',
    what: 'LeViT flat blocks (interleaved kinds) → timm stages.S.blocks.J',
    // 26 tensors per unit of depth (an attention and an MLP residual), spread over the three stages
    make: (size) => {
      const d = depthFor(size, 26 * 3);
      return fromFamily(levitToTimmConv({ ...LEVIT_128S, depths: [d, d, d] }));
    },
  },
  {
    name: 'convnext-stages',
    what: 'ConvNeXt: stages.S.J → stages.S.blocks.J, downsample layers into stages',
    // 9 tensors a block, four stages
    make: (size) => {
      const d = depthFor(size, 9 * 4);
      return fromFamily(convnextToTimm({ depths: [d, d, d, d], dims: [96, 192, 384, 768] }));
    },
  },
  {
    name: 'sd-unet-nested',
    what: 'SD UNet ldm → diffusers: deep nesting, renamed subtrees per level',
    // about 245 tensors per res block of every level (down and up paths, with their transformers)
    make: (size) => fromFamily(sdUNetToDiffusers({ ...SMALL_SD_UNET, numResBlocks: depthFor(size, 245) })),
  },
  {
    name: 'whisper-subtrees',
    what: 'Whisper openai → HF: encoder / decoder subtrees renamed per layer',
    // 15 tensors an encoder layer, 24 a decoder layer
    make: (size) => {
      const n = depthFor(size, 39);
      return fromFamily(whisperOpenAIToHF({ ...SMALL_WHISPER, nAudioLayer: n, nTextLayer: n }));
    },
  },
  {
    name: 'ddp-compiled',
    what: 'dense decoder saved under DDP + torch.compile (module._orig_mod.), loaded bare',
    make: (size) => wrappedDecoder({ layers: depthFor(size, WRAPPED_TENSORS_PER_LAYER), prefix: 'module._orig_mod.' }),
  },
];
