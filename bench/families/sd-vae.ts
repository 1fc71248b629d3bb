import type { Family } from './types.js';
import { affineNorm, conv2d, indexed, linear, module, stateDict, type Module } from './modules.js';
import { RenameRules } from './rules.js';

/** first_stage_config ddconfig of CompVis/stable-diffusion configs/stable-diffusion/v1-inference.yaml */
export interface LdmVaeConfig {
  ch: number;
  chMult: number[];
  numResBlocks: number;
  inChannels: number;
  outCh: number;
  zChannels: number;
  embedDim: number;
}

/** SD v1's VAE at 1/4 the width */
export const SMALL_SD_VAE: LdmVaeConfig = { ch: 32, chMult: [1, 2, 4, 4], numResBlocks: 2, inChannels: 3, outCh: 3, zChannels: 4, embedDim: 4 };

// ---- ldm side: ldm/modules/diffusionmodules/model.py, ldm/models/autoencoder.py ----

/** ResnetBlock without time embedding: norm1, conv1, norm2, conv2, nin_shortcut */
function ldmResnet(inCh: number, out: number): Module {
  const children: [string, Module][] = [
    ['norm1', affineNorm(inCh)], ['conv1', conv2d(inCh, out, 3)], ['norm2', affineNorm(out)], ['conv2', conv2d(out, out, 3)],
  ];
  if (inCh !== out) children.push(['nin_shortcut', conv2d(inCh, out, 1)]);
  return module([], children);
}

/** AttnBlock: norm and four 1×1 convolutions */
function ldmAttn(ch: number): Module {
  return module([], [['norm', affineNorm(ch)], ['q', conv2d(ch, ch, 1)], ['k', conv2d(ch, ch, 1)], ['v', conv2d(ch, ch, 1)], ['proj_out', conv2d(ch, ch, 1)]]);
}

function ldmMid(ch: number): Module {
  return module([], [['block_1', ldmResnet(ch, ch)], ['attn_1', ldmAttn(ch)], ['block_2', ldmResnet(ch, ch)]]);
}

function ldmAutoencoderKL(c: LdmVaeConfig): Module {
  const levels = c.chMult.length;
  const inMult = [1, ...c.chMult];
  const down: Module[] = [];
  let blockIn = c.ch;
  for (let i = 0; i < levels; i++) {
    blockIn = c.ch * inMult[i]!;
    const blockOut = c.ch * c.chMult[i]!;
    const blocks: Module[] = [];
    for (let j = 0; j < c.numResBlocks; j++) {
      blocks.push(ldmResnet(blockIn, blockOut));
      blockIn = blockOut;
    }
    const children: [string, Module][] = [['block', indexed(blocks)]];
    if (i !== levels - 1) children.push(['downsample', module([], [['conv', conv2d(blockIn, blockIn, 3)]])]);
    down.push(module([], children));
  }
  const encoder = module([], [
    ['conv_in', conv2d(c.inChannels, c.ch, 3)],
    ['down', indexed(down)],
    ['mid', ldmMid(blockIn)],
    ['norm_out', affineNorm(blockIn)],
    ['conv_out', conv2d(blockIn, 2 * c.zChannels, 3)],
  ]);
  // Decoder builds its levels from the lowest resolution up and inserts each at index 0
  const up: Module[] = [];
  blockIn = c.ch * c.chMult[levels - 1]!;
  const top = blockIn;
  for (let i = levels - 1; i >= 0; i--) {
    const blockOut = c.ch * c.chMult[i]!;
    const blocks: Module[] = [];
    for (let j = 0; j <= c.numResBlocks; j++) {
      blocks.push(ldmResnet(blockIn, blockOut));
      blockIn = blockOut;
    }
    const children: [string, Module][] = [['block', indexed(blocks)]];
    if (i !== 0) children.push(['upsample', module([], [['conv', conv2d(blockIn, blockIn, 3)]])]);
    up.unshift(module([], children));
  }
  const decoder = module([], [
    ['conv_in', conv2d(c.zChannels, top, 3)],
    ['mid', ldmMid(top)],
    ['up', indexed(up)],
    ['norm_out', affineNorm(blockIn)],
    ['conv_out', conv2d(blockIn, c.outCh, 3)],
  ]);
  return module([], [
    ['encoder', encoder],
    ['decoder', decoder],
    ['quant_conv', conv2d(2 * c.zChannels, 2 * c.embedDim, 1)],
    ['post_quant_conv', conv2d(c.embedDim, c.zChannels, 1)],
  ]);
}

// ---- diffusers side: models/autoencoders/autoencoder_kl.py, vae.py, unet_2d_blocks.py, attention_processor.py ----

function resnetBlock2D(inCh: number, out: number): Module {
  const children: [string, Module][] = [
    ['norm1', affineNorm(inCh)], ['conv1', conv2d(inCh, out, 3)], ['norm2', affineNorm(out)], ['conv2', conv2d(out, out, 3)],
  ];
  if (inCh !== out) children.push(['conv_shortcut', conv2d(inCh, out, 1)]);
  return module([], children);
}

/** UNetMidBlock2D: attentions (Attention with group_norm, to_q/k/v/out with bias) registered before resnets */
function midBlock2D(ch: number): Module {
  const attn = module([], [
    ['group_norm', affineNorm(ch)], ['to_q', linear(ch, ch)], ['to_k', linear(ch, ch)], ['to_v', linear(ch, ch)], ['to_out', indexed([linear(ch, ch)])],
  ]);
  return module([], [['attentions', indexed([attn])], ['resnets', indexed([resnetBlock2D(ch, ch), resnetBlock2D(ch, ch)])]]);
}

/** AutoencoderKL(config from create_vae_diffusers_config) */
function diffusersAutoencoderKL(c: LdmVaeConfig): Module {
  const boc = c.chMult.map((m) => m * c.ch);
  const n = boc.length;
  const down: Module[] = [];
  let output = boc[0]!;
  boc.forEach((channels, i) => {
    const input = output;
    output = channels;
    const children: [string, Module][] = [['resnets', indexed(Array.from({ length: c.numResBlocks }, (_, j) => resnetBlock2D(j === 0 ? input : output, output)))]];
    if (i !== n - 1) children.push(['downsamplers', indexed([module([], [['conv', conv2d(output, output, 3)]])])]);
    down.push(module([], children));
  });
  const last = boc[n - 1]!;
  const encoder = module([], [
    ['conv_in', conv2d(c.inChannels, boc[0]!, 3)],
    ['down_blocks', indexed(down)],
    ['mid_block', midBlock2D(last)],
    ['conv_norm_out', affineNorm(last)],
    ['conv_out', conv2d(last, 2 * c.zChannels, 3)],
  ]);
  const reversed = [...boc].reverse();
  const up: Module[] = [];
  output = reversed[0]!;
  reversed.forEach((channels, i) => {
    const prev = output;
    output = channels;
    const children: [string, Module][] = [['resnets', indexed(Array.from({ length: c.numResBlocks + 1 }, (_, j) => resnetBlock2D(j === 0 ? prev : output, output)))]];
    if (i !== n - 1) children.push(['upsamplers', indexed([module([], [['conv', conv2d(output, output, 3)]])])]);
    up.push(module([], children));
  });
  // Decoder registers up_blocks (empty) before it assigns mid_block
  const decoder = module([], [
    ['conv_in', conv2d(c.zChannels, last, 3)],
    ['up_blocks', indexed(up)],
    ['mid_block', midBlock2D(last)],
    ['conv_norm_out', affineNorm(boc[0]!)],
    ['conv_out', conv2d(boc[0]!, c.outCh, 3)],
  ]);
  return module([], [
    ['encoder', encoder],
    ['decoder', decoder],
    ['quant_conv', conv2d(2 * c.zChannels, 2 * c.zChannels, 1)],
    ['post_quant_conv', conv2d(c.zChannels, c.zChannels, 1)],
  ]);
}

export function sdVaeToDiffusers(config: LdmVaeConfig = SMALL_SD_VAE): Family {
  if (config.embedDim !== config.zChannels) throw new Error('diffusers AutoencoderKL sizes quant_conv from latent_channels; embed_dim must equal z_channels');
  const source = stateDict(ldmAutoencoderKL(config), 'float32', 'first_stage_model.');
  const target = stateDict(diffusersAutoencoderKL(config), 'float32');
  const n = config.chMult.length;
  // convert_ldm_vae_checkpoint's assignments, one rule per block it addresses
  const rules = new RenameRules().addAtStart('first_stage_model.', '').add('.norm_out.', '.conv_norm_out.');
  for (let i = 0; i < n; i++) {
    rules.add(`encoder.down.${i}.downsample.conv.`, `encoder.down_blocks.${i}.downsamplers.0.conv.`);
    rules.add(`encoder.down.${i}.block.`, `encoder.down_blocks.${i}.resnets.`);
  }
  for (let b = 0; b < n; b++) {
    rules.add(`decoder.up.${b}.upsample.conv.`, `decoder.up_blocks.${n - 1 - b}.upsamplers.0.conv.`);
    rules.add(`decoder.up.${b}.block.`, `decoder.up_blocks.${n - 1 - b}.resnets.`);
  }
  rules
    .add('.mid.block_1.', '.mid_block.resnets.0.')
    .add('.mid.block_2.', '.mid_block.resnets.1.')
    .add('.mid.attn_1.norm.', '.mid_block.attentions.0.group_norm.')
    .add('.mid.attn_1.q.', '.mid_block.attentions.0.to_q.')
    .add('.mid.attn_1.k.', '.mid_block.attentions.0.to_k.')
    .add('.mid.attn_1.v.', '.mid_block.attentions.0.to_v.')
    .add('.mid.attn_1.proj_out.', '.mid_block.attentions.0.to_out.0.')
    .add('.nin_shortcut.', '.conv_shortcut.');
  const truth: Record<string, string> = {};
  const reshaped: string[] = [];
  for (const { key } of source) {
    truth[key] = rules.apply(key);
    // conv_attn_to_linear: the 1×1 conv weights of the mid attention become Linear weights
    if (/\.mid\.attn_1\.(q|k|v|proj_out)\.weight$/.test(key)) reshaped.push(key);
  }
  return {
    name: 'sd-v1-vae-ldm-to-diffusers',
    description:
      `Stable Diffusion v1 VAE (ch ${config.ch}, ch_mult ${config.chMult.join('/')}) from the original checkpoint (first_stage_model.*) → ` +
      'diffusers AutoencoderKL: down.N.block → down_blocks.N.resnets, decoder up.N → up_blocks.(last−N) (reversed), mid.block_1/2 → ' +
      'mid_block.resnets.0/1, mid.attn_1 q/k/v/proj_out (1×1 convs, squeezed to Linear) → attentions.0.to_q/to_k/to_v/to_out.0, nin_shortcut → conv_shortcut.',
    reference:
      'huggingface/diffusers src/diffusers/pipelines/stable_diffusion/convert_from_ckpt.py convert_ldm_vae_checkpoint, renew_vae_resnet_paths, ' +
      'renew_vae_attention_paths, conv_attn_to_linear',
    source,
    target,
    truth,
    reshaped,
    patterns: rules.usedCount(),
  };
}
