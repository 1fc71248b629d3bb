/**
 * How Megatron-LM's tensor parallelism splits each weight, as its layer classes do it
 * (megatron/core/tensor_parallel/layers.py): ColumnParallelLinear splits the output rows (dim 0, bias
 * too), RowParallelLinear the input columns (dim 1, its bias whole on every rank),
 * VocabParallelEmbedding the vocabulary rows; norms and position embeddings are whole on every rank.
 * Matched on the key's last segments, core (`linear_qkv`) and legacy (`query_key_value`) names alike.
 */

export type SplitRule =
  | { kind: 'split'; dim: number; gated?: boolean; layer: string }
  | { kind: 'replicated'; layer: string }
  /** whole on every rank or split on dim 0, as the module the spec chose: told by each rank's rows against the args' size (`a+b`: their sum) */
  | { kind: 'sized'; arg: string; layer: string };

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
  // legacy megatron/legacy/model/module.py@4e4b3802 initialize_word_embeddings: the last pipeline stage of a model that
  // ties its output layer holds its own VocabParallelEmbedding(padded_vocab_size, hidden), kept equal to stage 0's by an
  // all-reduce, saved as `word_embeddings_for_head` (gpt_model.py@4e4b3802 state_dict_for_save_checkpoint)
  ['word_embeddings_for_head.weight', { kind: 'split', dim: 0, layer: "VocabParallelEmbedding (the tied output layer's copy of the word embeddings)" }],
  // Multi-Latent Attention, megatron/core/transformer/multi_latent_attention.py@d98e8a64 with gpt_layer_specs.py@d98e8a64:
  // the up projections (and linear_q_proj without q_lora_rank) are column-parallel in every spec (TE and local)
  ['linear_q_up_proj.weight', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (MLA q up projection)' }],
  ['linear_kv_up_proj.weight', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (MLA kv up projection)' }],
  ['linear_q_proj.weight', { kind: 'split', dim: 0, layer: 'ColumnParallelLinear (MLA q projection)' }],
  // ... the down projections are TELinear(parallel_mode='duplicated') in the TE spec, ColumnParallelLinear in the local
  // one: which, only their rows against the args tell (downProjection below)
  ['linear_q_down_proj.weight', { kind: 'sized', arg: 'q_lora_rank', layer: 'MLA q down projection (TELinear duplicated, or ColumnParallelLinear)' }],
  ['linear_kv_down_proj.weight', { kind: 'sized', arg: 'kv_lora_rank+qk_pos_emb_head_dim', layer: 'MLA kv down projection (TELinear duplicated, or ColumnParallelLinear)' }],
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

/**
 * Transformer Engine's GroupedLinear (TEGroupedMLP's experts, megatron/core/extensions/transformer_engine.py@d98e8a64
 * TEColumnParallelGroupedLinear / TERowParallelGroupedLinear) registers one parameter per local expert, `weight0`,
 * `weight1` … (`bias0` …): split as the layer it stands in, fc1 column (gated as fc1 is), fc2 row.
 */
const GROUPED_EXPERT = /(\.experts\.linear_fc[12]\.(?:weight|bias))\d+$/;

export function ruleFor(key: string): SplitRule | null {
  const name = key.replace(GROUPED_EXPERT, '$1');
  for (const [suffix, rule] of SPLIT_RULES) if (name === suffix || name.endsWith(`.${suffix}`)) return rule;
  if (NORM.test(key)) return { kind: 'replicated', layer: 'norm' };
  return null;
}

/**
 * What a rank file says of the rows inside each shard, which a plain concatenation would scramble:
 * - `gatedMlp`: the MLP is gated (SwiGLU and the other GLUs), so each rank's fc1 holds [gate; up] of its
 *   own rows; null when no saved args say (a plain MLP of twice the width has the same shapes);
 * - `ckptVersion`: the rank file's `checkpoint_version` (null: absent), which lays out legacy `query_key_value`.
 */
export interface ShardLayout {
  gatedMlp: boolean | null;
  ckptVersion: number | null;
  /** the saved args' scalars, which size the layers a spec may keep whole or split (a `sized` rule); absent: none */
  args?: ReadonlyMap<string, number | boolean>;
}

/**
 * How a split dim's shards are joined: each rank's rows as `parts` equal blocks, block 0 of every rank,
 * then block 1 of every rank … (1: a plain concatenation). One row per layout a plain concatenation
 * would scramble, with the code that lays it out.
 */
export const BLOCKED_JOINS = {
  // megatron/core/transformer/mlp.py (and Megatron-DeepSpeed glu_activations.py): each rank's fc1 output is
  // chunked in two, gate then up, so the TP=1 tensor is [every rank's gate; every rank's up]
  gated: { parts: 2, says: '[gate; up] halves' },
  // checkpoint_version 0: ParallelSelfAttention cuts each rank's own rows in three, [3, np/tp, hn]; the TP=1
  // tensor is [3, np, hn] (tools/merge_mp_partitions.py merges query_key_value with stride 3)
  qkvV0: { parts: 3, says: '[q; k; v] thirds (checkpoint_version 0)' },
} as const;

export type BlockedJoin = keyof typeof BLOCKED_JOINS;

/** What the merge of one key across tensor-parallel ranks does, and why. */
export type Split =
  | { kind: 'split'; dim: number; blocks?: BlockedJoin; why: string }
  | { kind: 'replicated'; why: string }
  | { kind: 'unknown'; why: string };

/** legacy Megatron's fused attention input, whose rows checkpoint_version lays out (core `linear_qkv` is per group at every version) */
const LEGACY_QKV = /(?:^|\.)query_key_value\.(?:weight|bias)$/;

/**
 * The blocks inside each rank's shard of a key split on dim 0, or why nothing tells them: a gated fc1
 * when the args say gated (unknown when no args say), a legacy query_key_value by its checkpoint_version
 * (unknown when absent: Megatron reads it as 0, a hand-made folder may be anything).
 */
function blocksOf(key: string, rule: SplitRule | null, layout: ShardLayout): { blocks?: BlockedJoin } | { unknown: string } {
  if (rule?.kind === 'split' && rule.gated) {
    if (layout.gatedMlp === null) return { unknown: `a ${rule.layer} holds [gate; up] halves on each rank when the MLP is gated (SwiGLU), and no saved args say whether it is` };
    return layout.gatedMlp ? { blocks: 'gated' } : {};
  }
  if (LEGACY_QKV.test(key)) {
    if (layout.ckptVersion === null) return { unknown: 'no checkpoint_version: its q/k/v rows on each rank are [3, np/tp, hn] at version 0 (what Megatron reads a file without one as) and interleaved from 1.0 on' };
    return layout.ckptVersion < 1 ? { blocks: 'qkvV0' } : {};
  }
  return {};
}

/**
 * The split of one key from its shapes on every tensor-parallel rank and its name: shapes that differ in
 * exactly one dim say that dim; equal shapes need the name's layer class. The blocks inside each shard
 * (SwiGLU's [gate; up], checkpoint_version 0's [q; k; v]) come from `layout`. `sizes`, when the args give
 * the model's dims, must include the merged size of a split dim, else the name is not trusted.
 */
export function inferSplit(key: string, shapes: readonly (readonly number[])[], layout: ShardLayout, sizes: ReadonlySet<number> | null): Split {
  const first = shapes[0]!;
  if (shapes.some((s) => s.length !== first.length)) return { kind: 'unknown', why: 'ranks hold tensors of different ranks' };
  const differ = first.map((_, d) => shapes.some((s) => s[d] !== first[d])).flatMap((x, d) => (x ? [d] : []));
  if (differ.length > 1) return { kind: 'unknown', why: `shapes differ across ranks in dims ${differ.join(', ')}` };
  const rule = ruleFor(key);
  const withBlocks = (dim: number, why: string): Split => {
    const b = dim === 0 ? blocksOf(key, rule, layout) : {};
    if ('unknown' in b) return { kind: 'unknown', why: b.unknown };
    return { kind: 'split', dim, ...b, why };
  };
  if (differ.length === 1) {
    const d = differ[0]!;
    if (rule?.kind === 'split' && rule.dim !== d) return { kind: 'unknown', why: `shapes differ in dim ${d}, but a ${rule.layer} splits dim ${rule.dim}` };
    // blocked layouts hold equal blocks of equal shards: unequal shards are joined plainly only where nothing blocks them
    const b = d === 0 ? blocksOf(key, rule, layout) : {};
    if ('unknown' in b || b.blocks) return { kind: 'unknown', why: `shapes differ across ranks in dim ${d}, where each rank's rows are ${'unknown' in b ? 'blocks nothing says' : BLOCKED_JOINS[b.blocks!].says}` };
    return { kind: 'split', dim: d, why: `shapes differ across ranks in dim ${d}` };
  }
  if (shapes.length === 1) return { kind: 'replicated', why: 'one tensor-parallel rank' };
  if (!rule) return { kind: 'unknown', why: 'equal shapes on every rank and a name of no known parallel layer' };
  if (rule.kind === 'replicated') return { kind: 'replicated', why: `${rule.layer}: whole on every rank` };
  if (rule.kind === 'sized') return sizedSplit(rule, first, shapes.length, layout.args ?? null);
  if (first.length <= rule.dim) return { kind: 'unknown', why: `a ${rule.layer} splits dim ${rule.dim}, which a [${first}] tensor lacks` };
  const merged = first[rule.dim]! * shapes.length;
  if (sizes && !sizes.has(merged)) return { kind: 'unknown', why: `a ${rule.layer} splits dim ${rule.dim}, but ${shapes.length} × ${first[rule.dim]} = ${merged} is none of the model's sizes in the saved args` };
  return withBlocks(rule.dim, `${rule.layer}, equal shard shapes${sizes ? ', merged size matches the saved args' : ''}`);
}

/**
 * A layer whole on every rank in one spec and split on dim 0 in another (MLA's down projections): each rank's rows
 * equal to the args' size say whole, the ranks' rows adding up to it say split; anything else, or no such args, is
 * unknown (a guess would join duplicated copies into a tensor twice the size, or take one rank's rows for the whole).
 */
function sizedSplit(rule: Extract<SplitRule, { kind: 'sized' }>, first: readonly number[], ranks: number, args: ReadonlyMap<string, number | boolean> | null): Split {
  const parts = rule.arg.split('+').map((k) => args?.get(k));
  if (first.length === 0 || !parts.every((v): v is number => typeof v === 'number')) return { kind: 'unknown', why: `a ${rule.layer}: whole or split on dim 0 as the model's spec chose, which only the saved args' ${rule.arg} tells, and they give none` };
  const whole = parts.reduce((a, b) => a + b, 0);
  if (first[0] === whole) return { kind: 'replicated', why: `${rule.layer}: each rank's ${whole} rows are the args' ${rule.arg}, whole on every rank` };
  if (first[0]! * ranks === whole) return { kind: 'split', dim: 0, why: `${rule.layer}: ${ranks} × ${first[0]} rows make the args' ${rule.arg} = ${whole}, split on dim 0` };
  return { kind: 'unknown', why: `a ${rule.layer}: ${first[0]} rows on each rank are neither the args' ${rule.arg} = ${whole} nor 1/${ranks} of it` };
}

/**
 * The model's sizes a split dim may add up to, from Megatron's saved args (null when they say too little).
 * A gated MLP's fc1 is twice its width; an fc1 of twice the width in a model the args call ungated is no
 * size of it (review25 F15: the size check let a gated fc1 through as plain).
 */
export function modelSizes(args: ReadonlyMap<string, number | boolean>, gatedMlp: boolean | null): Set<number> | null {
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
  if (gatedMlp !== false) out.add(2 * ffn);
  // MoE experts' MLPs have their own width (core/transformer/moe: moe_ffn_hidden_size, default ffn_hidden_size)
  const moeFfn = n('moe_ffn_hidden_size');
  if (moeFfn !== null) {
    out.add(moeFfn);
    if (gatedMlp !== false) out.add(2 * moeFfn);
  }
  const vocab = n('padded_vocab_size');
  if (vocab !== null) out.add(vocab);
  // Multi-Latent Attention (multi_latent_attention.py@d98e8a64): q up (or q) is heads × (qk_head_dim + qk_pos_emb_head_dim)
  // rows, kv up heads × (qk_head_dim + v_head_dim); the down projections' sizes are the `sized` rows' own
  const qk = n('qk_head_dim');
  const rope = n('qk_pos_emb_head_dim');
  const v = n('v_head_dim');
  if (heads !== null && qk !== null && rope !== null) out.add(heads * (qk + rope));
  if (heads !== null && qk !== null && v !== null) out.add(heads * (qk + v));
  if (heads !== null && kv !== null) {
    const groups = args.get('group_query_attention') === true ? n('num_query_groups') ?? heads : heads;
    out.add(heads * kv);
    out.add((heads + 2 * groups) * kv);
  }
  return out;
}
