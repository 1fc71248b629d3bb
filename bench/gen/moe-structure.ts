import type { KeyEntry } from '../../src/formats/keys.js';

/**
 * The structure-scale layout of issue 11: LAYERS × EXPERTS mixture-of-experts blocks whose every tensor has
 * a shape of its own (an expert's width depends on its index, a layer's hidden size on its layer), the
 * Mixtral names on the checkpoint side and the Qwen2-MoE names under a new top-level prefix on the model
 * side. Per-name shapes defeat any shortcut that groups tensors by shape; the prefix and the renames must
 * still be found. 4 tensors per expert plus 6 per layer and 3 at the ends.
 */
export interface MoeStructureConfig {
  layers: number;
  experts: number;
  /** the model side's new top-level prefix */
  prefix: string;
}

export const STRUCTURE_100K: MoeStructureConfig = { layers: 100, experts: 250, prefix: 'backbone.' };
export const STRUCTURE_1M: MoeStructureConfig = { layers: 400, experts: 625, prefix: 'backbone.' };

export interface MoeStructureLayout {
  source: KeyEntry[];
  target: KeyEntry[];
  truth: Record<string, string>;
  /** the rules a person would write: prefix, block_sparse_moe → mlp, w1/w2/w3 → gate/down/up_proj */
  patterns: number;
}

export function moeStructure(c: MoeStructureConfig): MoeStructureLayout {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth: Record<string, string> = {};
  const pair = (from: string, to: string, shape: number[]) => {
    source.push({ key: from, shape, dtype: 'bfloat16' });
    target.push({ key: c.prefix + to, shape, dtype: 'bfloat16' });
    truth[from] = c.prefix + to;
  };
  const vocab = 1000;
  pair('model.embed_tokens.weight', 'model.embed_tokens.weight', [vocab, 64]);
  for (let l = 0; l < c.layers; l++) {
    const h = 64 + (l % 7) * 8;
    const at = `model.layers.${l}.`;
    pair(`${at}self_attn.q_proj.weight`, `${at}self_attn.q_proj.weight`, [h, h]);
    pair(`${at}self_attn.k_proj.weight`, `${at}self_attn.k_proj.weight`, [h / 2, h]);
    pair(`${at}self_attn.v_proj.weight`, `${at}self_attn.v_proj.weight`, [h / 2, h]);
    pair(`${at}self_attn.o_proj.weight`, `${at}self_attn.o_proj.weight`, [h, h]);
    pair(`${at}block_sparse_moe.gate.weight`, `${at}mlp.gate.weight`, [c.experts, h]);
    for (let e = 0; e < c.experts; e++) {
      const f = 16 + (e % 61);
      const from = `${at}block_sparse_moe.experts.${e}.`;
      const to = `${at}mlp.experts.${e}.`;
      // registration order differs: Mixtral w1, w2, w3; Qwen2-MoE gate_proj, up_proj, down_proj
      source.push({ key: `${from}w1.weight`, shape: [f, h], dtype: 'bfloat16' }, { key: `${from}w2.weight`, shape: [h, f], dtype: 'bfloat16' }, { key: `${from}w3.weight`, shape: [f, h], dtype: 'bfloat16' });
      target.push({ key: `${c.prefix}${to}gate_proj.weight`, shape: [f, h], dtype: 'bfloat16' }, { key: `${c.prefix}${to}up_proj.weight`, shape: [f, h], dtype: 'bfloat16' }, { key: `${c.prefix}${to}down_proj.weight`, shape: [h, f], dtype: 'bfloat16' });
      truth[`${from}w1.weight`] = `${c.prefix}${to}gate_proj.weight`;
      truth[`${from}w2.weight`] = `${c.prefix}${to}down_proj.weight`;
      truth[`${from}w3.weight`] = `${c.prefix}${to}up_proj.weight`;
      pair(`${from}norm.weight`, `${to}norm.weight`, [f]);
    }
    pair(`${at}input_layernorm.weight`, `${at}input_layernorm.weight`, [h]);
  }
  pair('model.norm.weight', 'model.norm.weight', [64]);
  pair('lm_head.weight', 'lm_head.weight', [vocab, 64]);
  return { source, target, truth, patterns: 5 };
}
