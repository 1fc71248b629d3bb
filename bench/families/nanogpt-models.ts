import { affineNorm, embedding, indexed, linear, module, t, type Module } from './modules.js';

/** The GPT-2 shape both sides of the nanoGPT families share. */
export interface GPT2Config {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  vocabSize: number;
  blockSize: number;
  /** nanoGPT's `bias`: Linear and LayerNorm biases (True for the OpenAI GPT-2 weights) */
  bias: boolean;
}

export const SMALL_GPT2: GPT2Config = { nLayer: 2, nHead: 4, nEmbd: 64, vocabSize: 128, blockSize: 32, bias: true };

/**
 * karpathy/nanoGPT model.py `GPT` on PyTorch ≥ 2 (flash attention, so CausalSelfAttention registers no
 * `bias` mask buffer). lm_head shares its weight with transformer.wte; state_dict still lists both.
 */
export function nanoGPT(c: GPT2Config): Module {
  const n = c.nEmbd;
  const block = (): Module =>
    module([], [
      ['ln_1', affineNorm(n, c.bias)],
      ['attn', module([], [['c_attn', linear(n, 3 * n, c.bias)], ['c_proj', linear(n, n, c.bias)]])],
      ['ln_2', affineNorm(n, c.bias)],
      ['mlp', module([], [['c_fc', linear(n, 4 * n, c.bias)], ['c_proj', linear(4 * n, n, c.bias)]])],
    ]);
  return module([], [
    ['transformer', module([], [
      ['wte', embedding(c.vocabSize, n)],
      ['wpe', embedding(c.blockSize, n)],
      ['h', indexed(Array.from({ length: c.nLayer }, block))],
      ['ln_f', affineNorm(n, c.bias)],
    ])],
    ['lm_head', linear(n, c.vocabSize, false)],
  ]);
}

/** transformers Conv1D(nf, nx): weight [nx, nf] — the transpose of a Linear's */
function conv1D(nf: number, nx: number): Module {
  return module([t('weight', [nx, nf]), t('bias', [nf])]);
}

/**
 * transformers GPT2LMHeadModel as the versions nanoGPT's from_pretrained was written against build it
 * (modeling_gpt2.py, transformers ≤ 4.30): GPT2Attention registers the persistent buffers `bias` (the
 * causal mask, bool [1, 1, n_positions, n_positions]) and `masked_bias` (a 0-d float) before its Conv1D
 * children.
 */
export function hfGPT2LMHead(c: GPT2Config): Module {
  const n = c.nEmbd;
  const block = (): Module =>
    module([], [
      ['ln_1', affineNorm(n)],
      ['attn', module(
        [t('bias', [1, 1, c.blockSize, c.blockSize], 'bool'), t('masked_bias', [])],
        [['c_attn', conv1D(3 * n, n)], ['c_proj', conv1D(n, n)]],
      )],
      ['ln_2', affineNorm(n)],
      ['mlp', module([], [['c_fc', conv1D(4 * n, n)], ['c_proj', conv1D(n, 4 * n)]])],
    ]);
  return module([], [
    ['transformer', module([], [
      ['wte', embedding(c.vocabSize, n)],
      ['wpe', embedding(c.blockSize, n)],
      ['h', indexed(Array.from({ length: c.nLayer }, block))],
      ['ln_f', affineNorm(n)],
    ])],
    ['lm_head', linear(n, c.vocabSize, false)],
  ]);
}
