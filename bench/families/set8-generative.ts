/**
 * The eighth family set (session 15), generative half: the DiT release checkpoint into diffusers' first DiT
 * model. The model at its real configuration in state_dict order; the truth from the script in `reference`.
 */
import type { Recipe } from '../../src/analysis/op-keys.js';
import type { Family } from './types.js';
import { conv2d, embedding, indexed, linear, module, stateDict, t, type Module } from './modules.js';

type Truth = Record<string, string | string[] | null>;

/** DiT-XL/2 at 256²: 28 blocks, hidden 1152, 16 heads, patch 2 over a 32×32×4 latent (256 tokens), learn_sigma (8 out channels), 1000 classes + 1 null */
const DIT_XL2 = { depth: 28, d: 1152, tokens: 256, latent: 4, patch: 2, out: 8, classes: 1000, freq: 256 };

/**
 * facebookresearch/DiT models.py DiT: own pos_embed (a frozen parameter, so in the state dict) first, then
 * x_embedder.proj, t_embedder.mlp (0, 2), y_embedder.embedding_table, blocks (norm1/norm2 without affine:
 * attn.qkv, attn.proj, mlp.fc1/fc2, adaLN_modulation.1), final_layer (linear, adaLN_modulation.1). `diffusers`
 * names: the same tree with attn.to_q/to_k/to_v/to_out.0 and t_embedder.linear_1/linear_2.
 */
function dit(c: typeof DIT_XL2, diffusers: boolean): Module {
  const attn: [string, Module][] = diffusers
    ? [['to_q', linear(c.d, c.d)], ['to_k', linear(c.d, c.d)], ['to_v', linear(c.d, c.d)], ['to_out', indexed([linear(c.d, c.d)])]]
    : [['qkv', linear(c.d, 3 * c.d)], ['proj', linear(c.d, c.d)]];
  const block = (): Module => module([], [
    ['attn', module([], attn)],
    ['mlp', module([], [['fc1', linear(c.d, 4 * c.d)], ['fc2', linear(4 * c.d, c.d)]])],
    ['adaLN_modulation', indexed([null, linear(c.d, 6 * c.d)])],
  ]);
  return module([t('pos_embed', [1, c.tokens, c.d])], [
    ['x_embedder', module([], [['proj', conv2d(c.latent, c.d, c.patch)]])],
    ['t_embedder', diffusers ? module([], [['linear_1', linear(c.freq, c.d)], ['linear_2', linear(c.d, c.d)]]) : module([], [['mlp', indexed([linear(c.freq, c.d), null, linear(c.d, c.d)])]])],
    ['y_embedder', module([], [['embedding_table', embedding(c.classes + 1, c.d)]])],
    ['blocks', indexed(Array.from({ length: c.depth }, block))],
    ['final_layer', module([], [['linear', linear(c.d, c.patch * c.patch * c.out)], ['adaLN_modulation', indexed([null, linear(c.d, 2 * c.d)])]])],
  ]);
}

export function ditXL2ToDiffusers(): Family {
  const c = DIT_XL2;
  const source = stateDict(dit(c, false), 'float32');
  const target = stateDict(dit(c, true), 'float32');
  const truth: Truth = {};
  const recipes: Record<string, Recipe> = {};
  const renames: Record<string, string> = {
    't_embedder.mlp.0.weight': 't_embedder.linear_1.weight', 't_embedder.mlp.0.bias': 't_embedder.linear_1.bias',
    't_embedder.mlp.2.weight': 't_embedder.linear_2.weight', 't_embedder.mlp.2.bias': 't_embedder.linear_2.bias',
  };
  for (const { key } of source) {
    let m: RegExpExecArray | null;
    if ((m = /^blocks\.(\d+)\.attn\.qkv\.(weight|bias)$/.exec(key))) {
      // torch.chunk(qkv, 3, dim=0) → to_q, to_k, to_v
      const parts = ['to_q', 'to_k', 'to_v'].map((x) => `blocks.${m![1]}.attn.${x}.${m![2]}`);
      truth[key] = parts;
      parts.forEach((p, i) => (recipes[p] = { kind: 'split', of: { kind: 'source', key }, dim: 0, start: i * c.d, size: c.d, squeeze: false }));
    } else if ((m = /^blocks\.(\d+)\.attn\.proj\.(weight|bias)$/.exec(key))) truth[key] = `blocks.${m[1]}.attn.to_out.0.${m[2]}`;
    else truth[key] = renames[key] ?? key;
  }
  return {
    name: 'dit-xl2-256-original-to-diffusers',
    description: 'facebookresearch DiT-XL-2-256x256.pt → the diffusers DiT model the first conversion script loads strictly: t_embedder.mlp.0/2 → t_embedder.linear_1/2, each block\'s fused attn.qkv chunked into attn.to_q / to_k / to_v (weight and bias), attn.proj → attn.to_out.0; every other key (pos_embed, x_embedder, y_embedder, mlp, adaLN_modulation, final_layer) unchanged.',
    reference: 'huggingface/diffusers scripts/convert_dit_to_diffusers.py main (commit 037cfc74a8cdb7900b34783cd003ac0cb1ad2557)',
    url: 'https://github.com/huggingface/diffusers/blob/main/scripts/convert_dit_to_diffusers.py',
    source,
    target,
    truth,
    recipes,
    // t_embedder ×4, qkv weight / bias chunks, proj weight / bias
    patterns: 8,
  };
}
