/**
 * How Megatron-LM's tensor parallelism splits each weight, as its layer classes do it
 * (megatron/core/tensor_parallel/layers.py): ColumnParallelLinear splits the output rows (dim 0, bias
 * too), RowParallelLinear the input columns (dim 1, its bias whole on every rank),
 * VocabParallelEmbedding the vocabulary rows; norms and position embeddings are whole on every rank.
 * Matched on the key's last segments, core (`linear_qkv`) and legacy (`query_key_value`) names alike.
 */

export type SplitRule =
  | { kind: 'split'; dim: number; gated?: boolean; layer: string }
  | { kind: 'replicated'; layer: string };

/** [key suffix (after a dot or at the start), rule] — first match wins */
export const SPLIT_RULES: readonly (readonly [string, SplitRule])[] = [
  ['linear_qkv.weight', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (attention qkv)' }],
  ['linear_qkv.bias', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (attention qkv)' }],
  ['query_key_value.weight', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (attention qkv)' }],
  ['query_key_value.bias', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (attention qkv)' }],
  ['linear_fc1.weight', { kind: 'split', dim: 0, gated: true, layer: 'ColumnParallelLinear (MLP fc1)' }],
  ['linear_fc1.bias', { kind: 'split', dim: 0, gated: true, layer: 'ColumnParallelLinear (MLP fc1)' }],
  ['dense_h_to_4h.weight', { kind: 'split', dim: 0, gated: true, layer: 'ColumnParallelLinear (MLP h→4h)' }],
  ['dense_h_to_4h.bias', { kind: 'split', dim: 0, gated: true, layer: 'ColumnParallelLinear (MLP h→4h)' }],
  ['linear_proj.weight', { kind: 'split', dim: 1, layer: 'RowParallelLinear (attention output)' }],
  ['self_attention.dense.weight', { kind: 'split', dim: 1, layer: 'RowParallelLinear (attention output)' }],
  ['attention.dense.weight', { kind: 'split', dim: 1, layer: 'RowParallelLinear (attention output)' }],
  ['linear_fc2.weight', { kind: 'split', dim: 1, layer: 'RowParallelLinear (MLP fc2)' }],
  ['dense_4h_to_h.weight', { kind: 'split', dim: 1, layer: 'RowParallelLinear (MLP 4h→h)' }],
  ['word_embeddings.weight', { kind: 'split', dim: 0, layer: 'VocabParallelEmbedding' }],
  ['output_layer.weight', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (output layer)' }],
  ['linear_proj.bias', { kind: 'replicated', layer: 'RowParallelLinear bias' }],
  ['self_attention.dense.bias', { kind: 'replicated', layer: 'RowParallelLinear bias' }],
  ['attention.dense.bias', { kind: 'replicated', layer: 'RowParallelLinear bias' }],
  ['linear_fc2.bias', { kind: 'replicated', layer: 'RowParallelLinear bias' }],
  ['dense_4h_to_h.bias', { kind: 'replicated', layer: 'RowParallelLinear bias' }],
  ['position_embeddings.weight', { kind: 'replicated', layer: 'position embedding' }],
  // megatron/core/transformer/moe/router.py TopKRouter: a plain Parameter [num_moe_experts, hidden], not split
  ['router.weight', { kind: 'replicated', layer: 'MoE TopKRouter' }],
  ['router.expert_bias', { kind: 'replicated', layer: 'MoE TopKRouter' }],
];

/** norms: `input_layernorm.weight`, `final_norm.bias`, TE's fused `linear_qkv.layer_norm_weight` … */
const NORM = /(?:^|\.)[a-z_]*(?:layernorm|layer_norm|norm)[a-z_]*\.(?:weight|bias)$|\.layer_norm_(?:weight|bias)$/;

export function ruleFor(key: string): SplitRule | null {
  for (const [suffix, rule] of SPLIT_RULES) if (key === suffix || key.endsWith(`.${suffix}`)) return rule;
  if (NORM.test(key)) return { kind: 'replicated', layer: 'norm' };
  return null;
}

/** What the merge of one key across tensor-parallel ranks does, and why. */
export type Split =
  | { kind: 'split'; dim: number; gated: boolean; why: string }
  | { kind: 'replicated'; why: string }
  | { kind: 'unknown'; why: string };

/**
 * The split of one key from its shapes on every tensor-parallel rank and its name: shapes that differ in
 * exactly one dim say that dim; equal shapes need the name's layer class. `gated` (SwiGLU: each rank's
 * fc1 holds its [gate; up] halves) comes from the saved args. `sizes`, when the args give the model's
 * dims, must include the merged size of a split dim, else the name is not trusted.
 */
export function inferSplit(key: string, shapes: readonly (readonly number[])[], gatedMlp: boolean, sizes: ReadonlySet<number> | null): Split {
  const first = shapes[0]!;
  if (shapes.some((s) => s.length !== first.length)) return { kind: 'unknown', why: 'ranks hold tensors of different ranks' };
  const differ = first.map((_, d) => shapes.some((s) => s[d] !== first[d])).flatMap((x, d) => (x ? [d] : []));
  if (differ.length > 1) return { kind: 'unknown', why: `shapes differ across ranks in dims ${differ.join(', ')}` };
  const rule = ruleFor(key);
  if (differ.length === 1) {
    const d = differ[0]!;
    if (rule?.kind === 'split' && rule.dim !== d) return { kind: 'unknown', why: `shapes differ in dim ${d}, but a ${rule.layer} splits dim ${rule.dim}` };
    return { kind: 'split', dim: d, gated: rule?.kind === 'split' && Boolean(rule.gated) && gatedMlp, why: `shapes differ across ranks in dim ${d}` };
  }
  if (shapes.length === 1) return { kind: 'replicated', why: 'one tensor-parallel rank' };
  if (!rule) return { kind: 'unknown', why: 'equal shapes on every rank and a name of no known parallel layer' };
  if (rule.kind === 'replicated') return { kind: 'replicated', why: `${rule.layer}: whole on every rank` };
  if (first.length <= rule.dim) return { kind: 'unknown', why: `a ${rule.layer} splits dim ${rule.dim}, which a [${first}] tensor lacks` };
  const merged = first[rule.dim]! * shapes.length;
  if (sizes && !sizes.has(merged)) return { kind: 'unknown', why: `a ${rule.layer} splits dim ${rule.dim}, but ${shapes.length} × ${first[rule.dim]} = ${merged} is none of the model's sizes in the saved args` };
  return { kind: 'split', dim: rule.dim, gated: Boolean(rule.gated) && gatedMlp, why: `${rule.layer}, equal shard shapes${sizes ? ', merged size matches the saved args' : ''}` };
}

/** The model's sizes a split dim may add up to, from Megatron's saved args (null when they say too little). */
export function modelSizes(args: ReadonlyMap<string, number | boolean>): Set<number> | null {
  const n = (k: string) => {
    const v = args.get(k);
    return typeof v === 'number' ? v : null;
  };
  const h = n('hidden_size');
  if (h === null) return null;
  const out = new Set<number>([h]);
  const heads = n('num_attention_heads');
  const kv = n('kv_channels') ?? (heads ? h / heads : null);
  const ffn = n('ffn_hidden_size') ?? 4 * h;
  out.add(ffn);
  out.add(2 * ffn);
  // MoE experts' MLPs have their own width (core/transformer/moe: moe_ffn_hidden_size, default ffn_hidden_size)
  const moeFfn = n('moe_ffn_hidden_size');
  if (moeFfn !== null) {
    out.add(moeFfn);
    out.add(2 * moeFfn);
  }
  const vocab = n('padded_vocab_size');
  if (vocab !== null) out.add(vocab);
  if (heads !== null && kv !== null) {
    const groups = args.get('group_query_attention') === true ? n('num_query_groups') ?? heads : heads;
    out.add(heads * kv);
    out.add((heads + 2 * groups) * kv);
  }
  return out;
}
