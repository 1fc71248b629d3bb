/**
 * Megatron's fused attention projection (`linear_qkv`, legacy `query_key_value`) does not hold q, then
 * k, then v: its rows are interleaved per query group (per head in older layouts). A split into plain
 * consecutive chunks loads strict=True and gives every q/k/v tensor wrong rows (review11 F00).
 *
 * The layout is not in the tensor: Megatron's saved args and `checkpoint_version` give it. Where they
 * do, the split is made on the per-group view as the public converters do (reshape the whole to
 * [groups, rows per group, …], cut dim 1, flatten each part back); where they do not, no cut is
 * claimed: the split is withdrawn and said as unknown (fail closed).
 */
import type { PlanOp } from '../op-vocabulary.js';
import { JOINED_TP } from '../../formats/megatron/names.js';
import { compilePattern } from './regex.js';
import type { Ambiguity, SplitMatch } from './types.js';
import { perGroupQkv } from './fused-layouts.js';

/** One layer's q/k/v rows as Megatron stores them: `groups` blocks, each [q rows, k rows, v rows]. */
export interface QkvLayout {
  groups: number;
  /** rows of q, k and v in each block */
  parts: readonly [number, number, number];
  /** where the layout comes from (the saved args and the code that defines it), for the evidence */
  why: string;
}

/** What a Megatron (or Megatron-DeepSpeed) save says of its model: its args' scalars and `checkpoint_version` (null: absent). */
export interface MegatronArgs {
  args: ReadonlyMap<string, number | boolean>;
  ckptVersion: number | null;
}

/** The fused q/k/v tensors whose row layout is Megatron's (and, under these names elsewhere, the model's own). */
export const MEGATRON_QKV = /(?:^|\.)(?:linear_qkv|query_key_value)\.(?:weight|bias)$/;

/**
 * The layouts, one row each, with the code that defines them. `ckptVersion` is the rank file's
 * `checkpoint_version` (Megatron's load_checkpoint reads it; transformers' convert_megatron_gpt2_checkpoint.py
 * fix_query_key_value_ordering reorders by it); `core` is a Megatron-Core name (`linear_qkv`).
 */
const LAYOUTS: readonly { when: (core: boolean, ckptVersion: number | null) => boolean; layout: (heads: number, groups: number, hd: number, tp: number | null) => Omit<QkvLayout, 'why'> | null; source: string; perRank?: true }[] = [
  {
    // megatron/core/transformer/attention.py SelfAttention.get_query_key_value_tensors: view
    // [ng, (np/ng + 2) · hn] then split [np/ng · hn, hn, hn]; legacy megatron/model/transformer.py
    // ParallelAttention does the same from checkpoint_version 2.0 on ([np, 3, hn] without GQA)
    when: (core, v) => core || (v !== null && v >= 2),
    layout: (heads, groups, hd) => ({ groups, parts: [(heads / groups) * hd, hd, hd] }),
    source: 'per query group [ng, (np/ng + 2) · hn] (megatron/core/transformer/attention.py get_query_key_value_tensors)',
  },
  {
    // checkpoint_version 1.0: [np, hn, 3] (convert_megatron_gpt2_checkpoint.py fix_query_key_value_ordering)
    when: (core, v) => !core && v !== null && v >= 1 && v < 2,
    layout: (heads, _groups, hd) => ({ groups: heads * hd, parts: [1, 1, 1] }),
    source: 'per row [np, hn, 3] (checkpoint_version 1.0; transformers convert_megatron_gpt2_checkpoint.py fix_query_key_value_ordering)',
  },
  {
    // checkpoint_version 0: each tensor-parallel rank's rows are [3, np/tp, hn], q then k then v of that rank's
    // heads (v0 ParallelSelfAttention cuts the rank's own output in three). A folder's ranks are joined block by
    // block (formats/megatron/splits.ts BLOCKED_JOINS, as tools/merge_mp_partitions.py does with stride 3), so the
    // joined tensor is [3, np, hn], a TP=1 file's layout (review25 F10; before, the join kept [tp, 3, np/tp, hn]).
    // A file joined by another tool (tp unknown): no layout (the split is withdrawn).
    when: (core, v) => !core && v !== null && v < 1,
    layout: (heads, _groups, hd, tp) => (tp === null ? null : { groups: 1, parts: [heads * hd, heads * hd, heads * hd] }),
    source: '[3, np, hn]: q, then k, then v of every head (checkpoint_version 0; tensor-parallel ranks joined block by block, as tools/merge_mp_partitions.py does)',
    perRank: true,
  },
];

/**
 * The layout Megatron's saved args give (`args`: the Namespace's scalars, JOINED_TP as above; `ckptVersion`: the rank
 * file's `checkpoint_version`, null when absent), for core or legacy names; null when they say too little.
 */
export function megatronQkvLayout(args: ReadonlyMap<string, number | boolean>, ckptVersion: number | null, core: boolean): QkvLayout | null {
  const n = (k: string) => {
    const v = args.get(k);
    return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null;
  };
  const heads = n('num_attention_heads');
  const hidden = n('hidden_size');
  const hd = n('kv_channels') ?? (heads && hidden && hidden % heads === 0 ? hidden / heads : null);
  if (heads === null || hd === null) return null;
  const groups = args.get('group_query_attention') === true ? n('num_query_groups') : heads;
  if (groups === null || heads % groups !== 0) return null;
  const row = LAYOUTS.find((l) => l.when(core, ckptVersion));
  const tp = n(JOINED_TP);
  const layout = row?.layout(heads, groups, hd, tp) ?? null;
  if (!row || !layout) return null;
  const ranks = row.perRank ? `, joined from ${tp} tensor-parallel rank(s)` : '';
  return { ...layout, why: `${heads} heads, ${groups} query groups, kv_channels ${hd}${ckptVersion !== null ? `, checkpoint_version ${ckptVersion}` : ''}${ranks}: ${row.source}` };
}

/** The layout of the fused q/k/v tensor `key` (a Megatron-Core name or a legacy one), null where nothing says. */
export function qkvLayoutOf(key: string, m: MegatronArgs | null): QkvLayout | null {
  return m === null ? null : megatronQkvLayout(m.args, m.ckptVersion, /(?:^|\.)linear_qkv\.[a-z]+$/.test(key));
}

/** Why a per-group fused tensor's layout is unknown, as the withdrawn split or join says it */
const UNKNOWN_GROUPS = "its rows are interleaved per query group or head (Megatron, GPT-NeoX, BLOOM, Falcon, InternLM2 layouts), and neither saved args nor --heads give the groups";

/** How the ops of a per-group cut begin their evidence (causes.ts says them as one finding) */
export const GROUPED_QKV = "Megatron's q/k/v rows";

/** The split is the plain cut of a layout of one block (q, k, v consecutive: nothing to reorder). */
const plainCut = (l: QkvLayout) => l.groups === 1;

/**
 * Megatron q/k/v splits checked against the source's layout: those a plain cut gets right stay, those
 * the layout reorders are returned to be cut per group (`grouped`), the rest are withdrawn as unknown
 * (no layout known, or sizes the layout does not give) with why.
 */
export function checkQkvSplits(splits: readonly SplitMatch[], layouts: (source: string) => QkvLayout | null, shapeOf: (source: string) => readonly number[] | null): { keep: SplitMatch[]; grouped: Map<string, QkvLayout>; withdrawn: Ambiguity[] } {
  const keep: SplitMatch[] = [];
  const grouped = new Map<string, QkvLayout>();
  const withdrawn: Ambiguity[] = [];
  for (const s of splits) {
    if (!perGroupQkv(s.source)) {
      keep.push(s);
      continue;
    }
    const l = layouts(s.source);
    const shape = shapeOf(s.source);
    const fits = l !== null && shape !== null && s.dim === 0 && !s.transposeFirst && s.sizes.length === 3 && s.sizes.every((x, i) => x === l.groups * l.parts[i]!) && shape[0] === l.groups * (l.parts[0] + l.parts[1] + l.parts[2]);
    if (fits && plainCut(l)) keep.push(s);
    else if (fits) grouped.set(s.source, l);
    else {
      const why = l === null
        ? `${UNKNOWN_GROUPS}: a cut into consecutive q, k, v chunks would load strict=True with wrong values; give the model's head counts (--heads H/KV) or split it with the converter of the model that wrote it`
        : `the saved args give its rows as ${l.why}, which the cut [${s.sizes.join(', ')}] along dim ${s.dim} does not fit: split it with the converter of the model that wrote it`;
      withdrawn.push({ keys: [s.source], candidates: s.targets, reason: why });
    }
  }
  return { keep, grouped, withdrawn };
}

/**
 * A plain split op of wholes laid out in groups rewritten as the per-group cut: reshape every whole it
 * cuts to [groups, rows per group, …rest], cut dim 1 into q, k, v, flatten each part to [groups · rows, …rest].
 * `shape` is the wholes' shape (all alike); `produced` are the part names the op makes and `namesAfter`
 * every name after it, to keep a part's reshape pattern to its own parts (else one reshape per key).
 */
export function groupedSplitOps(op: Extract<PlanOp, { op: 'split' }>, l: QkvLayout, shape: readonly number[], produced: readonly string[][], namesAfter: readonly string[]): PlanOp[] {
  const rest = shape.slice(1);
  const rows = l.parts[0] + l.parts[1] + l.parts[2];
  const evidence = `${GROUPED_QKV}: ${l.why}; viewed per group, cut, flattened back`;
  const selector = op.key !== undefined ? { key: op.key } : { pattern: op.pattern! };
  const out: PlanOp[] = [
    { op: 'reshape', ...selector, shape: [l.groups, rows, ...rest], confidence: op.confidence, evidence },
    { op: 'split', ...selector, dim: 1, targets: op.targets, sizes: [...l.parts], confidence: op.confidence, evidence },
  ];
  op.targets.forEach((t, i) => {
    const flat = [l.groups * l.parts[i]!, ...rest];
    const mine = produced.map((p) => p[i]!);
    const pattern = op.key !== undefined ? null : templateRegex(t);
    const re = pattern === null ? null : compilePattern(pattern);
    const exact = re !== null && namesAfter.every((n) => re.test(n) === mine.includes(n));
    if (exact) out.push({ op: 'reshape', pattern: pattern!, shape: flat, confidence: op.confidence, evidence });
    else for (const k of mine) out.push({ op: 'reshape', key: k, shape: flat, confidence: op.confidence, evidence });
  });
  return out;
}

/** A split target template (`model.layers.$1.self_attn.q_proj.weight`) as a regex over the names it makes. */
function templateRegex(template: string): string {
  const parts = template.split(/\$\{[^}]*\}|\$\d+/);
  return `^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('([^.]+)')}$`;
}

/**
 * Joins INTO a fused q/k/v tensor laid out per query group (HF q_proj, k_proj, v_proj → `linear_qkv`,
 * GPT-NeoX's `query_key_value`; fused-layouts.ts), the split's reverse: with the target's layout known (its
 * saved args, or the head counts) and its groups more than one, each part is viewed per group ([groups, its
 * rows per group, …rest]), the parts joined along dim 1 and the whole flattened back, as the NeMo /
 * Megatron-Bridge importers interleave them. Returned: joins a plain concatenation makes right (`keep`: not
 * such a target, or one group), those to join per group by target (`grouped`), and the rest withdrawn with
 * why (no layout known, or parts the layout does not give): a plain concat there loads strict=True with
 * every row of q, k and v in the wrong place (review 26 F3).
 */
export function checkQkvJoins<J extends { sources: readonly string[]; target: string; dim: number }>(joins: readonly J[], layouts: (target: string, parts: readonly [number, number, number]) => QkvLayout | null, shapeOf: (source: string) => readonly number[] | null): { keep: J[]; grouped: Map<string, QkvLayout>; withdrawn: Ambiguity[] } {
  const keep: J[] = [];
  const grouped = new Map<string, QkvLayout>();
  const withdrawn: Ambiguity[] = [];
  for (const j of joins) {
    if (!perGroupQkv(j.target)) {
      keep.push(j);
      continue;
    }
    const shapes = j.sources.map(shapeOf);
    const rest = shapes[0]?.slice(1).join(',');
    const alike = j.dim === 0 && shapes.length === 3 && shapes.every((s) => s !== null && s.slice(1).join(',') === rest);
    const l = alike ? layouts(j.target, shapes.map((s) => s![0]!) as [number, number, number]) : null;
    const fits = l !== null && shapes.every((s, i) => s![0] === l.groups * l.parts[i]!);
    if (fits && plainCut(l)) keep.push(j);
    else if (fits) grouped.set(j.target, l);
    else {
      const why = l === null
        ? `${UNKNOWN_GROUPS}: joined as one block after another they would load strict=True with wrong values; give the model's head counts (--heads H/KV) or join them with the converter of the model that reads it`
        : `its rows are ${l.why}, which the parts (${j.sources.length}, along dim ${j.dim}) do not fit: join them with the converter of the model that reads it`;
      withdrawn.push({ keys: [...j.sources], candidates: [j.target], reason: why });
    }
  }
  return { keep, grouped, withdrawn };
}

/** The views around a grouped join: each part to [groups, rows, …rest] before it (`part` i of `keys`), the whole flat after it. */
export function groupedJoinViews(l: QkvLayout, rest: readonly number[], confidence: number | undefined): { before: (i: number, sel: { key: string } | { pattern: string }) => PlanOp; after: (sel: { key: string } | { pattern: string }) => PlanOp } {
  const evidence = `${GROUPED_QKV}: ${l.why}; q, k and v viewed per group, joined along dim 1, flattened back`;
  const rows = l.parts[0] + l.parts[1] + l.parts[2];
  return {
    before: (i, sel) => ({ op: 'reshape', ...sel, shape: [l.groups, l.parts[i]!, ...rest], confidence, evidence }) as PlanOp,
    after: (sel) => ({ op: 'reshape', ...sel, shape: [l.groups * rows, ...rest], confidence, evidence }) as PlanOp,
  };
}
