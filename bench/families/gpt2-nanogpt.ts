import type { Family } from './types.js';
import { stateDict } from './modules.js';
import { hfGPT2LMHead, nanoGPT, SMALL_GPT2, type GPT2Config } from './nanogpt-models.js';

const CONV1D_WEIGHTS = ['attn.c_attn.weight', 'attn.c_proj.weight', 'mlp.c_fc.weight', 'mlp.c_proj.weight'];

/**
 * GPT-2 (transformers GPT2LMHeadModel, OpenAI's Conv1D layout) → nanoGPT GPT: the names already agree;
 * the four Conv1D weights per block are transposed and the attention mask buffers are dropped.
 */
export function gpt2ToNanoGPT(config: GPT2Config = SMALL_GPT2): Family {
  const source = stateDict(hfGPT2LMHead(config), 'float32');
  const target = stateDict(nanoGPT({ ...config, bias: true }), 'float32');
  const truth: Record<string, string | null> = {};
  const transposed: string[] = [];
  for (const { key } of source) {
    if (key.endsWith('.attn.masked_bias') || key.endsWith('.attn.bias')) {
      truth[key] = null;
      continue;
    }
    truth[key] = key;
    if (CONV1D_WEIGHTS.some((w) => key.endsWith(w))) transposed.push(key);
  }
  return {
    name: 'gpt2-conv1d-to-nanogpt',
    description:
      `GPT-2 (${config.nLayer} layers, n_embd ${config.nEmbd}) from transformers GPT2LMHeadModel into nanoGPT: same names, ` +
      'Conv1D weights attn.c_attn/attn.c_proj/mlp.c_fc/mlp.c_proj transposed, attn.bias and attn.masked_bias buffers dropped.',
    reference: 'karpathy/nanoGPT model.py GPT.from_pretrained (transposed = [...], sd_keys_hf filters .attn.masked_bias and .attn.bias)',
    source,
    target,
    truth,
    transposed,
    // as the script has them: two dropped buffer suffixes and four transposed weight suffixes
    patterns: 2 + CONV1D_WEIGHTS.length,
  };
}
