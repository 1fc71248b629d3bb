/**
 * How a fused q/k/v tensor lays out its rows, by the name of the module that holds it: one table for every
 * direction (a split of the whole, a join into it, a rename of one fused name into another). The rows are
 * the same elements in every layout, so a strict load passes whichever order a plan writes; only the
 * convention says which order the model reads (review 26 F3: q, k, v joined plainly into GPT-NeoX's
 * `query_key_value` loaded "verified" with every row scrambled).
 *
 * - `plain`: q, then k, then v, one block each.
 * - `per-group`: per query group g (per head without grouped-query attention), that group's query heads,
 *   then its k head, then its v head: [groups, (heads/groups + 2) · head_dim]. Where the model has one
 *   key/value head (multi-query) this is the plain layout; the head counts are not in a state dict, so the
 *   layout is known only from the model's config (`--heads H/KV`) or Megatron's saved args (megatron-qkv.ts,
 *   whose checkpoint versions 0 and 1 lay `query_key_value` out otherwise: only their args decide those).
 * A fused name in no row has no known layout: nothing here claims one for it.
 */
import type { RopeHeads } from './rope-renames.js';
import type { QkvLayout } from './megatron-qkv.js';

export type RowLayout = 'plain' | 'per-group';

export interface FusedQkvName {
  /** the module's name (the segment before `.weight`/`.bias`), or the leaf's stem (`in_proj` of nn.MultiheadAttention's `in_proj_weight`) */
  name: string;
  layout: RowLayout;
  /** whose convention, and the code (file, function) that reads the rows so */
  source: string;
}

export const FUSED_QKV_NAMES: readonly FusedQkvName[] = [
  { name: 'c_attn', layout: 'plain', source: 'GPT-2 Conv1D c_attn: split(split_size, dim=2) into q, k, v (transformers models/gpt2/modeling_gpt2.py)' },
  { name: 'Wqkv', layout: 'plain', source: "MixFormer / flash-attn / MosaicML Wqkv: rearrange '... (three h d) -> ... three h d' (phi-1_5 modeling_mixformer_sequential.py, convert_phi_weights_to_hf.py)" },
  { name: 'qkv', layout: 'plain', source: 'timm Attention qkv: reshape(B, N, 3, heads, head_dim) (timm/layers/attention.py)' },
  { name: 'in_proj', layout: 'plain', source: 'torch nn.MultiheadAttention in_proj_weight: chunk(3) into q, k, v (torch/nn/functional.py _in_projection_packed)' },
  { name: 'W_pack', layout: 'plain', source: 'Baichuan W_pack: unflatten(-1, (3, hidden)) (Baichuan modeling_baichuan.py)' },
  { name: 'to_qkv', layout: 'plain', source: 'to_qkv: chunk(3, dim=-1) (lucidrains vit-pytorch and kin)' },
  // llama.cpp's graph views attn_qkv as q, then k, then v (llama.cpp src: ggml_view_3d at 0, n_embd, n_embd + n_embd_gqa);
  // its converter reorders GPT-NeoX's, BLOOM's and Falcon's query_key_value into that order first
  { name: 'attn_qkv', layout: 'plain', source: "llama.cpp GGUF attn_qkv: q, k, v consecutive (convert_hf_to_gguf.py GPTNeoXModel / BloomModel modify_tensors: 'Map bloom-style qkv_linear to gpt-style qkv_linear')" },
  {
    name: 'query_key_value',
    layout: 'per-group',
    source: 'GPT-NeoX, BLOOM, Falcon query_key_value: per head or per key/value group (transformers modeling_gpt_neox.py GPTNeoXAttention: view(..., num_attention_heads, 3 * head_size); modeling_bloom.py _split_heads: view(b, s, num_heads, 3, head_dim); modeling_falcon.py _split_heads: view(b, s, num_kv_heads, num_heads // num_kv_heads + 2, head_dim)); Megatron from checkpoint_version 2.0 the same',
  },
  { name: 'linear_qkv', layout: 'per-group', source: 'Megatron-Core linear_qkv: per query group [ng, (np/ng + 2) · hn] (megatron/core/transformer/attention.py SelfAttention.get_query_key_value_tensors)' },
  { name: 'wqkv', layout: 'per-group', source: 'InternLM2 wqkv: per key/value group (modeling_internlm2.py InternLM2Attention.forward: rearrange(qkv, "b q (h gs d) -> b q h gs d", gs=2 + num_key_value_groups))' },
];

const BY_NAME = new Map(FUSED_QKV_NAMES.map((r) => [r.name, r]));

/** The fused q/k/v row of `key` (its module's name, or `in_proj` of `in_proj_weight`/`in_proj_bias`); undefined: no fused q/k/v name. */
export function fusedQkvRow(key: string): FusedQkvName | undefined {
  // the last two segments read in place: this runs on every goal's source key (100,000 at scale), where
  // a split of the whole key per key was most of the check
  const dot = key.lastIndexOf('.');
  const last = key.slice(dot + 1);
  if (last === 'in_proj_weight' || last === 'in_proj_bias') return BY_NAME.get('in_proj');
  if (dot < 0 || (last !== 'weight' && last !== 'bias')) return undefined;
  return BY_NAME.get(key.slice(dot > 0 ? key.lastIndexOf('.', dot - 1) + 1 : 0, dot));
}

/** Whether `key` is a fused q/k/v tensor laid out per query group (by its name's convention). */
export const perGroupQkv = (key: string): boolean => fusedQkvRow(key)?.layout === 'per-group';

/**
 * A per-group layout from the model's head counts (`--heads H` or `H/KV`) and the rows of q, k and v
 * (`parts`, a join's) or of the whole (`rows`, a split's, where without KV the heads are the groups).
 * Null where the counts do not divide the rows as the layout needs: nothing is assumed then.
 */
export function headsQkvLayout(h: RopeHeads, key: string, sizes: { parts: readonly [number, number, number] } | { rows: number }): QkvLayout | null {
  const { heads } = h;
  let groups: number;
  let hd: number;
  if ('parts' in sizes) {
    const [q, k, v] = sizes.parts;
    if (q % heads !== 0 || k !== v) return null;
    hd = q / heads;
    if (hd === 0 || k % hd !== 0) return null;
    groups = k / hd;
    if (h.kvHeads !== undefined && h.kvHeads !== groups) return null;
  } else {
    groups = h.kvHeads ?? heads;
    const per = heads + 2 * groups;
    if (sizes.rows % per !== 0) return null;
    hd = sizes.rows / per;
  }
  if (groups === 0 || heads % groups !== 0) return null;
  const row = fusedQkvRow(key);
  return { groups, parts: [(heads / groups) * hd, hd, hd], why: `${heads} heads, ${groups} key/value heads (--heads), head dim ${hd}: ${row?.source ?? 'per query group'}` };
}
