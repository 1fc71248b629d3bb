import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, linear, module, stateDict, type Module } from './modules.js';
import { RenameRules } from './rules.js';

/** The unet_config params of CompVis/stable-diffusion configs/stable-diffusion/v1-inference.yaml that decide keys. */
export interface LdmUNetConfig {
  inChannels: number;
  outChannels: number;
  modelChannels: number;
  channelMult: number[];
  numResBlocks: number;
  /** downsampling factors (ds) at which a SpatialTransformer follows the ResBlock */
  attentionResolutions: number[];
  contextDim: number;
}

/** SD v1 at 1/10 the width (GroupNorm needs multiples of 32) */
export const SMALL_SD_UNET: LdmUNetConfig = {
  inChannels: 4, outChannels: 4, modelChannels: 32, channelMult: [1, 2, 4, 4], numResBlocks: 2, attentionResolutions: [4, 2, 1], contextDim: 64,
};

// ---- ldm side: ldm/modules/diffusionmodules/openaimodel.py + ldm/modules/attention.py ----

/** ResBlock: in_layers (GroupNorm, SiLU, conv), emb_layers (SiLU, linear), out_layers (GroupNorm, SiLU, Dropout, conv), skip_connection */
function ldmResBlock(ch: number, out: number, emb: number): Module {
  const children: [string, Module][] = [
    ['in_layers', indexed([affineNorm(ch), null, conv2d(ch, out, 3)])],
    ['emb_layers', indexed([null, linear(emb, out)])],
    ['out_layers', indexed([affineNorm(out), null, null, conv2d(out, out, 3)])],
  ];
  if (out !== ch) children.push(['skip_connection', conv2d(ch, out, 1)]);
  return module([], children);
}

/** CrossAttention: to_q, to_k, to_v without bias, to_out = (Linear, Dropout) */
function ldmCrossAttention(dim: number, contextDim: number): Module {
  return module([], [
    ['to_q', linear(dim, dim, false)],
    ['to_k', linear(contextDim, dim, false)],
    ['to_v', linear(contextDim, dim, false)],
    ['to_out', indexed([linear(dim, dim)])],
  ]);
}

/** SpatialTransformer (v1: 1×1 conv projections) with one BasicTransformerBlock: attn1, ff, attn2, norm1-3 */
function ldmSpatialTransformer(ch: number, contextDim: number): Module {
  const block = module([], [
    ['attn1', ldmCrossAttention(ch, ch)],
    ['ff', module([], [['net', indexed([module([], [['proj', linear(ch, ch * 4 * 2)]]), null, linear(ch * 4, ch)])]])],
    ['attn2', ldmCrossAttention(ch, contextDim)],
    ['norm1', affineNorm(ch)],
    ['norm2', affineNorm(ch)],
    ['norm3', affineNorm(ch)],
  ]);
  return module([], [
    ['norm', affineNorm(ch)],
    ['proj_in', conv2d(ch, ch, 1)],
    ['transformer_blocks', indexed([block])],
    ['proj_out', conv2d(ch, ch, 1)],
  ]);
}

/** UNetModel.__init__: time_embed, input_blocks, middle_block, output_blocks, out */
function ldmUNet(c: LdmUNetConfig): Module {
  const emb = c.modelChannels * 4;
  const inputBlocks: Module[] = [indexed([conv2d(c.inChannels, c.modelChannels, 3)])];
  const chans = [c.modelChannels];
  let ch = c.modelChannels;
  let ds = 1;
  c.channelMult.forEach((mult, level) => {
    for (let i = 0; i < c.numResBlocks; i++) {
      const layers = [ldmResBlock(ch, mult * c.modelChannels, emb)];
      ch = mult * c.modelChannels;
      if (c.attentionResolutions.includes(ds)) layers.push(ldmSpatialTransformer(ch, c.contextDim));
      inputBlocks.push(indexed(layers));
      chans.push(ch);
    }
    if (level !== c.channelMult.length - 1) {
      inputBlocks.push(indexed([module([], [['op', conv2d(ch, ch, 3)]])]));
      chans.push(ch);
      ds *= 2;
    }
  });
  const middle = indexed([ldmResBlock(ch, ch, emb), ldmSpatialTransformer(ch, c.contextDim), ldmResBlock(ch, ch, emb)]);
  const outputBlocks: Module[] = [];
  [...c.channelMult.entries()].reverse().forEach(([level, mult]) => {
    for (let i = 0; i <= c.numResBlocks; i++) {
      const skip = chans.pop();
      if (skip === undefined) throw new Error('input/output block channel bookkeeping out of step');
      const layers = [ldmResBlock(ch + skip, c.modelChannels * mult, emb)];
      ch = c.modelChannels * mult;
      if (c.attentionResolutions.includes(ds)) layers.push(ldmSpatialTransformer(ch, c.contextDim));
      if (level && i === c.numResBlocks) {
        layers.push(module([], [['conv', conv2d(ch, ch, 3)]]));
        ds /= 2;
      }
      outputBlocks.push(indexed(layers));
    }
  });
  return module([], [
    ['time_embed', indexed([linear(c.modelChannels, emb), null, linear(emb, emb)])],
    ['input_blocks', indexed(inputBlocks)],
    ['middle_block', middle],
    ['output_blocks', indexed(outputBlocks)],
    ['out', indexed([affineNorm(c.modelChannels), null, conv2d(c.modelChannels, c.outChannels, 3)])],
  ]);
}

// ---- diffusers side: models/unets/unet_2d_condition.py, unet_2d_blocks.py, resnet.py, transformer_2d.py, attention.py ----

/** ResnetBlock2D: norm1, conv1, time_emb_proj, norm2, conv2, conv_shortcut */
function resnetBlock2D(inCh: number, out: number, temb: number): Module {
  const children: [string, Module][] = [
    ['norm1', affineNorm(inCh)],
    ['conv1', conv2d(inCh, out, 3)],
    ['time_emb_proj', linear(temb, out)],
    ['norm2', affineNorm(out)],
    ['conv2', conv2d(out, out, 3)],
  ];
  if (inCh !== out) children.push(['conv_shortcut', conv2d(inCh, out, 1)]);
  return module([], children);
}

/** Attention: to_q, to_k, to_v (no bias), to_out = ModuleList(Linear, Dropout) */
function attention(dim: number, kvDim: number): Module {
  return module([], [
    ['to_q', linear(dim, dim, false)],
    ['to_k', linear(kvDim, dim, false)],
    ['to_v', linear(kvDim, dim, false)],
    ['to_out', indexed([linear(dim, dim)])],
  ]);
}

/** Transformer2DModel (use_linear_projection False): norm, proj_in, transformer_blocks (norm1, attn1, norm2, attn2, norm3, ff), proj_out */
function transformer2D(ch: number, crossDim: number): Module {
  const block = module([], [
    ['norm1', affineNorm(ch)],
    ['attn1', attention(ch, ch)],
    ['norm2', affineNorm(ch)],
    ['attn2', attention(ch, crossDim)],
    ['norm3', affineNorm(ch)],
    ['ff', module([], [['net', indexed([module([], [['proj', linear(ch, ch * 4 * 2)]]), null, linear(ch * 4, ch)])]])],
  ]);
  return module([], [
    ['norm', affineNorm(ch)],
    ['proj_in', conv2d(ch, ch, 1)],
    ['transformer_blocks', indexed([block])],
    ['proj_out', conv2d(ch, ch, 1)],
  ]);
}

/** The diffusers config create_unet_diffusers_config derives, and the UNet2DConditionModel it builds */
function diffusersUNet(c: LdmUNetConfig): Module {
  const boc = c.channelMult.map((m) => m * c.modelChannels);
  const temb = boc[0]! * 4;
  const layers = c.numResBlocks;
  const crossAt: boolean[] = boc.map((_, i) => c.attentionResolutions.includes(2 ** i));
  const down: Module[] = [];
  let output = boc[0]!;
  boc.forEach((channels, i) => {
    const input = output;
    output = channels;
    const final = i === boc.length - 1;
    const resnets = Array.from({ length: layers }, (_, j) => resnetBlock2D(j === 0 ? input : output, output, temb));
    const children: [string, Module][] = [];
    if (crossAt[i]) children.push(['attentions', indexed(Array.from({ length: layers }, () => transformer2D(output, c.contextDim)))]);
    children.push(['resnets', indexed(resnets)]);
    if (!final) children.push(['downsamplers', indexed([module([], [['conv', conv2d(output, output, 3)]])])]);
    down.push(module([], children));
  });
  const last = boc[boc.length - 1]!;
  const mid = module([], [
    ['attentions', indexed([transformer2D(last, c.contextDim)])],
    ['resnets', indexed([resnetBlock2D(last, last, temb), resnetBlock2D(last, last, temb)])],
  ]);
  const reversed = [...boc].reverse();
  const crossUp = [...crossAt].reverse();
  const up: Module[] = [];
  output = reversed[0]!;
  reversed.forEach((channels, i) => {
    const prev = output;
    output = channels;
    const input = reversed[Math.min(i + 1, boc.length - 1)]!;
    const final = i === boc.length - 1;
    const resnets = Array.from({ length: layers + 1 }, (_, j) => {
      const skip = j === layers ? input : output;
      return resnetBlock2D((j === 0 ? prev : output) + skip, output, temb);
    });
    const children: [string, Module][] = [];
    if (crossUp[i]) children.push(['attentions', indexed(Array.from({ length: layers + 1 }, () => transformer2D(output, c.contextDim)))]);
    children.push(['resnets', indexed(resnets)]);
    if (!final) children.push(['upsamplers', indexed([module([], [['conv', conv2d(output, output, 3)]])])]);
    up.push(module([], children));
  });
  return module([], [
    ['conv_in', conv2d(c.inChannels, boc[0]!, 3)],
    ['time_embedding', module([], [['linear_1', linear(boc[0]!, temb)], ['linear_2', linear(temb, temb)]])],
    ['down_blocks', indexed(down)],
    ['up_blocks', indexed(up)],
    ['mid_block', mid],
    ['conv_norm_out', affineNorm(boc[0]!)],
    ['conv_out', conv2d(boc[0]!, c.outChannels, 3)],
  ]);
}

/**
 * The renames convert_ldm_unet_checkpoint performs, one rule per block it addresses (its block arithmetic
 * has no regex equivalent, so each block index is a pattern of its own).
 */
function unetRules(c: LdmUNetConfig): RenameRules {
  const rules = new RenameRules()
    .addAtStart('model.diffusion_model.', '')
    .addAtStart('time_embed.0.', 'time_embedding.linear_1.')
    .addAtStart('time_embed.2.', 'time_embedding.linear_2.')
    .addAtStart('input_blocks.0.0.', 'conv_in.')
    .addAtStart('out.0.', 'conv_norm_out.')
    .addAtStart('out.2.', 'conv_out.');
  const perLevel = c.numResBlocks + 1;
  const levels = c.channelMult.length;
  const numInput = 1 + levels * c.numResBlocks + (levels - 1);
  for (let i = 1; i < numInput; i++) {
    const block = Math.floor((i - 1) / perLevel);
    const layer = (i - 1) % perLevel;
    if (layer === c.numResBlocks) {
      rules.addAtStart(`input_blocks.${i}.0.op.`, `down_blocks.${block}.downsamplers.0.conv.`);
      continue;
    }
    rules.addAtStart(`input_blocks.${i}.0.`, `down_blocks.${block}.resnets.${layer}.`);
    rules.addAtStart(`input_blocks.${i}.1.`, `down_blocks.${block}.attentions.${layer}.`);
  }
  rules
    .addAtStart('middle_block.0.', 'mid_block.resnets.0.')
    .addAtStart('middle_block.1.', 'mid_block.attentions.0.')
    .addAtStart('middle_block.2.', 'mid_block.resnets.1.');
  for (let i = 0; i < levels * perLevel; i++) {
    const block = Math.floor(i / perLevel);
    const layer = i % perLevel;
    // the upsampler follows the resnet, and the attention when there is one
    if (layer === c.numResBlocks && block !== levels - 1) {
      rules.addAtStart(`output_blocks.${i}.1.conv.`, `up_blocks.${block}.upsamplers.0.conv.`);
      rules.addAtStart(`output_blocks.${i}.2.conv.`, `up_blocks.${block}.upsamplers.0.conv.`);
    }
    rules.addAtStart(`output_blocks.${i}.0.`, `up_blocks.${block}.resnets.${layer}.`);
    rules.addAtStart(`output_blocks.${i}.1.`, `up_blocks.${block}.attentions.${layer}.`);
  }
  // renew_resnet_paths: local renames inside every ResBlock
  return rules
    .add('.in_layers.0.', '.norm1.')
    .add('.in_layers.2.', '.conv1.')
    .add('.out_layers.0.', '.norm2.')
    .add('.out_layers.3.', '.conv2.')
    .add('.emb_layers.1.', '.time_emb_proj.')
    .add('.skip_connection.', '.conv_shortcut.');
}

export function sdUNetToDiffusers(config: LdmUNetConfig = SMALL_SD_UNET): Family {
  const source = stateDict(ldmUNet(config), 'float32', 'model.diffusion_model.');
  const target = stateDict(diffusersUNet(config), 'float32');
  const rules = unetRules(config);
  const truth: Record<string, string> = {};
  for (const { key } of source) truth[key] = rules.apply(key);
  return {
    name: 'sd-v1-unet-ldm-to-diffusers',
    description:
      `Stable Diffusion v1 UNet (model_channels ${config.modelChannels}, channel_mult ${config.channelMult.join('/')}) from the original ` +
      'checkpoint (model.diffusion_model.*) → diffusers UNet2DConditionModel: input_blocks/middle_block/output_blocks → ' +
      'down_blocks/mid_block/up_blocks by block arithmetic, ResBlock in_layers/out_layers/emb_layers/skip_connection → norm1/conv1/norm2/conv2/time_emb_proj/conv_shortcut.',
    reference:
      'huggingface/diffusers src/diffusers/pipelines/stable_diffusion/convert_from_ckpt.py convert_ldm_unet_checkpoint, renew_resnet_paths, ' +
      'assign_to_checkpoint (scripts/convert_original_stable_diffusion_to_diffusers.py calls it)',
    source,
    target,
    truth,
    patterns: rules.usedCount(),
  };
}
