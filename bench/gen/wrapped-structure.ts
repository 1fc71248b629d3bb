import type { KeyEntry } from '../../src/formats/keys.js';

/**
 * The commonest load_state_dict failure, at scale: a checkpoint saved from a model wrapped for training
 * (torch.compile inside DistributedDataParallel: every key under `module._orig_mod.`), loaded into the
 * bare model. A Llama-style dense decoder with grouped-query attention: 9 tensors a layer plus the
 * embedding, the final norm and an untied head; widths vary with the layer (every third layer wider) so
 * shapes alone do not pair keys. One rule a person writes: strip the two wrappers' prefix.
 */
export interface WrappedDecoderConfig {
  layers: number;
  /** the training wrappers' prefix on every checkpoint key */
  prefix: string;
}

export interface WrappedDecoderLayout {
  source: KeyEntry[];
  target: KeyEntry[];
  truth: Record<string, string>;
  patterns: number;
}

/** 9 tensors a decoder layer, 3 outside the layers */
export const WRAPPED_TENSORS_PER_LAYER = 9;

export function wrappedDecoder(c: WrappedDecoderConfig): WrappedDecoderLayout {
  const source: KeyEntry[] = [];
  const target: KeyEntry[] = [];
  const truth: Record<string, string> = {};
  const add = (name: string, shape: number[]) => {
    source.push({ key: c.prefix + name, shape, dtype: 'bfloat16' });
    target.push({ key: name, shape, dtype: 'bfloat16' });
    truth[c.prefix + name] = name;
  };
  const vocab = 1024;
  const hidden = 64;
  add('model.embed_tokens.weight', [vocab, hidden]);
  for (let l = 0; l < c.layers; l++) {
    const at = `model.layers.${l}.`;
    const kv = hidden / 4;
    const ffn = 128 + (l % 3 === 0 ? 64 : 0);
    add(`${at}self_attn.q_proj.weight`, [hidden, hidden]);
    add(`${at}self_attn.k_proj.weight`, [kv, hidden]);
    add(`${at}self_attn.v_proj.weight`, [kv, hidden]);
    add(`${at}self_attn.o_proj.weight`, [hidden, hidden]);
    add(`${at}mlp.gate_proj.weight`, [ffn, hidden]);
    add(`${at}mlp.up_proj.weight`, [ffn, hidden]);
    add(`${at}mlp.down_proj.weight`, [hidden, ffn]);
    add(`${at}input_layernorm.weight`, [hidden]);
    add(`${at}post_attention_layernorm.weight`, [hidden]);
  }
  add('model.norm.weight', [hidden]);
  add('lm_head.weight', [vocab, hidden]);
  return { source, target, truth, patterns: 1 };
}
