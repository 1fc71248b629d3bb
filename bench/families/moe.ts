import type { KeyEntry } from '../../src/formats/keys.js';

export interface MoeLayoutConfig {
  layers: number;
  experts: number;
  hidden?: number;
  expertFfn?: number;
  heads?: number;
  kvHeads?: number;
  vocab?: number;
}

/** 64 × 528 experts: just over 100,000 keys per side */
export const MOE_SCALE: MoeLayoutConfig = { layers: 64, experts: 528 };

export interface MoeLayout {
  source: KeyEntry[];
  target: KeyEntry[];
  truth: Record<string, string>;
}

/**
 * A scale layout for the benchmark: a transformers Mixtral checkpoint (MixtralForCausalLM:
 * block_sparse_moe.gate + block_sparse_moe.experts.E.w1/w2/w3) against a model that names its experts
 * the Qwen2-MoE / DeepSeek-MoE way (mlp.gate + mlp.experts.E.gate_proj/up_proj/down_proj). Mixtral's
 * w1 is the gate projection, w3 the up projection, w2 the down projection
 * (transformers models/mixtral/modeling_mixtral.py MixtralBlockSparseTop2MLP). Both sides are listed in
 * module order: per layer self_attn, the MoE block, then the two norms.
 */
export function moeLayout(config: MoeLayoutConfig = MOE_SCALE): MoeLayout {
  const hidden = config.hidden ?? 64;
  const ffn = config.expertFfn ?? 32;
  const heads = config.heads ?? 4;
  const kvHeads = config.kvHeads ?? 2;
  const vocab = config.vocab ?? 256;
  const kv = (hidden / heads) * kvHeads;
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth: Record<string, string> = {};
  const pair = (from: string, to: string, shape: number[]): void => {
    source.push({ key: from, shape, dtype: 'bfloat16' });
    target.push({ key: to, shape, dtype: 'bfloat16' });
    truth[from] = to;
  };
  pair('model.embed_tokens.weight', 'model.embed_tokens.weight', [vocab, hidden]);
  for (let l = 0; l < config.layers; l++) {
    const at = `model.layers.${l}.`;
    pair(`${at}self_attn.q_proj.weight`, `${at}self_attn.q_proj.weight`, [hidden, hidden]);
    pair(`${at}self_attn.k_proj.weight`, `${at}self_attn.k_proj.weight`, [kv, hidden]);
    pair(`${at}self_attn.v_proj.weight`, `${at}self_attn.v_proj.weight`, [kv, hidden]);
    pair(`${at}self_attn.o_proj.weight`, `${at}self_attn.o_proj.weight`, [hidden, hidden]);
    pair(`${at}block_sparse_moe.gate.weight`, `${at}mlp.gate.weight`, [config.experts, hidden]);
    for (let e = 0; e < config.experts; e++) {
      const from = `${at}block_sparse_moe.experts.${e}.`;
      const to = `${at}mlp.experts.${e}.`;
      // source order w1, w2, w3; the target registers gate_proj, up_proj, down_proj
      source.push({ key: `${from}w1.weight`, shape: [ffn, hidden], dtype: 'bfloat16' });
      source.push({ key: `${from}w2.weight`, shape: [hidden, ffn], dtype: 'bfloat16' });
      source.push({ key: `${from}w3.weight`, shape: [ffn, hidden], dtype: 'bfloat16' });
      target.push({ key: `${to}gate_proj.weight`, shape: [ffn, hidden], dtype: 'bfloat16' });
      target.push({ key: `${to}up_proj.weight`, shape: [ffn, hidden], dtype: 'bfloat16' });
      target.push({ key: `${to}down_proj.weight`, shape: [hidden, ffn], dtype: 'bfloat16' });
      truth[`${from}w1.weight`] = `${to}gate_proj.weight`;
      truth[`${from}w2.weight`] = `${to}down_proj.weight`;
      truth[`${from}w3.weight`] = `${to}up_proj.weight`;
    }
    pair(`${at}input_layernorm.weight`, `${at}input_layernorm.weight`, [hidden]);
    pair(`${at}post_attention_layernorm.weight`, `${at}post_attention_layernorm.weight`, [hidden]);
  }
  pair('model.norm.weight', 'model.norm.weight', [hidden]);
  pair('lm_head.weight', 'lm_head.weight', [vocab, hidden]);
  return { source, target, truth };
}

/** the renames the MoE layout needs: block_sparse_moe → mlp, w1 → gate_proj, w2 → down_proj, w3 → up_proj */
export const MOE_PATTERNS = 4;
