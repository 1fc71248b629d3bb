/**
 * A fused q/k/v tensor RENAMED whole into another model's fused tensor keeps its rows in the order the
 * first model stores them. Where the two models lay the rows out alike the rename is all there is;
 * where they do not (Megatron's `query_key_value` holds them per head, GPT-2's `c_attn` q, then k, then
 * v), the rename loads strict=True with every attention weight scrambled (issue 11). The public
 * converters reorder: transformers' convert_megatron_gpt2_checkpoint.py fix_query_key_value_ordering
 * views the rows per head and swaps the head and q/k/v dims; convert_phi_weights_to_hf.py does the same
 * for MixFormer's `Wqkv`.
 *
 * The layouts, as data: names whose rows are q, k, v consecutive in every model that uses them
 * (PLAIN_QKV), and names whose layout depends on the model and its config (Megatron's, GPT-NeoX's,
 * BLOOM's, Falcon's `query_key_value`, InternLM2's `wqkv`): known only from Megatron's saved args
 * (megatron-qkv.ts). A rename between two fused names whose layouts are known and differ is made with a
 * reorder (reshape to [groups, 3, rows], swap the two dims, flatten back: existing plan ops); a rename
 * where either layout is unknown is withdrawn and listed with why (fail closed). A tensor keeping its
 * name keeps its layout, unless both sides' args say otherwise.
 */
import type { PlanOp } from '../op-vocabulary.js';
import { compilePattern } from './regex.js';
import { MEGATRON_QKV, qkvLayoutOf, type MegatronArgs, type QkvLayout } from './megatron-qkv.js';
import type { Ambiguity } from './types.js';
import { chatGlmPlainQkv } from './chatglm-qkv.js';

/** How the evidence of a reorder's ops begins (causes.ts says the three ops as one finding) */
export const REORDERED_QKV = 'fused q/k/v rows reordered';

/**
 * Fused q/k/v tensors whose rows are q, then k, then v (one block), with the code that reads them so.
 * The last segment before `.weight`/`.bias` (or the whole leaf: nn.MultiheadAttention's `in_proj_weight`).
 */
const PLAIN_QKV: readonly { name: string; source: string }[] = [
  { name: 'c_attn', source: 'GPT-2 Conv1D c_attn: split(split_size, dim=2) into q, k, v (transformers models/gpt2/modeling_gpt2.py)' },
  { name: 'Wqkv', source: "MixFormer / flash-attn / MosaicML Wqkv: rearrange '... (three h d) -> ... three h d' (phi-1_5 modeling_mixformer_sequential.py, convert_phi_weights_to_hf.py)" },
  { name: 'qkv', source: 'timm Attention qkv: reshape(B, N, 3, heads, head_dim) (timm/layers/attention.py)' },
  { name: 'in_proj', source: 'torch nn.MultiheadAttention in_proj_weight: chunk(3) into q, k, v (torch/nn/functional.py _in_projection_packed)' },
  { name: 'W_pack', source: 'Baichuan W_pack: unflatten(-1, (3, hidden)) (Baichuan modeling_baichuan.py)' },
  { name: 'to_qkv', source: 'to_qkv: chunk(3, dim=-1) (lucidrains vit-pytorch and kin)' },
  // llama.cpp's graph views attn_qkv as q, then k, then v (llama.cpp src: ggml_view_3d at 0, n_embd, n_embd + n_embd_gqa);
  // its converter reorders GPT-NeoX's, BLOOM's and Falcon's query_key_value into that order first
  { name: 'attn_qkv', source: "llama.cpp GGUF attn_qkv: q, k, v consecutive (convert_hf_to_gguf.py GPTNeoXModel / BloomModel modify_tensors: 'Map bloom-style qkv_linear to gpt-style qkv_linear')" },
];

/** Fused names whose row layout is the model's own (per head or per query group, or plain): unknown without saved args. */
const MODEL_DEPENDENT = /^(?:query_key_value|linear_qkv|wqkv)$/;

/** A fused q/k/v key's layout name: the module of `….c_attn.weight`, `in_proj` of `in_proj_weight`; null: no fused q/k/v name. */
function fusedName(key: string): string | null {
  // the last two segments read in place: this runs on every goal's source key (100,000 at scale), where
  // a split of the whole key per key was most of the check
  const dot = key.lastIndexOf('.');
  const last = key.slice(dot + 1);
  const leaf = /^in_proj_(?:weight|bias)$/.test(last) ? 'in_proj' : dot >= 0 && /^(?:weight|bias)$/.test(last) ? key.slice(dot > 0 ? key.lastIndexOf('.', dot - 1) + 1 : 0, dot) : null;
  if (leaf === null) return null;
  return PLAIN_QKV.some((p) => p.name === leaf) || MODEL_DEPENDENT.test(leaf) ? leaf : null;
}

/** A side's fused layout: grouped (Megatron's args say how), plain (q, k, v consecutive), or unknown (null). */
type Layout = { plain: true; why: string } | { plain: false; l: QkvLayout };

function layoutOf(key: string, name: string, args: MegatronArgs | null): Layout | null {
  const plain = PLAIN_QKV.find((p) => p.name === name);
  if (plain) return { plain: true, why: plain.source };
  const l = MEGATRON_QKV.test(key) ? qkvLayoutOf(key, args) : null;
  if (!l) return null;
  return l.groups === 1 ? { plain: true, why: l.why } : { plain: false, l };
}

/** A rename to reorder: the rows' layout on each side (grouped ones with equal q, k, v parts), and the fused dim's size. */
export interface QkvReorder {
  from: QkvLayout | null;
  to: QkvLayout | null;
  rows: number;
  why: string;
}

/**
 * The renames (`goals`: source → model key) between fused q/k/v tensors checked against both sides'
 * layouts: those to reorder (`reorders`, by source) and those withdrawn with why. Renames whose layouts
 * agree, or that keep their name with nothing saying otherwise, are left alone.
 */
export function checkQkvRenames(goals: ReadonlyMap<string, string>, sourceArgs: MegatronArgs | null, targetArgs: MegatronArgs | null, shapeOf: (source: string) => readonly number[] | null): { reorders: Map<string, QkvReorder>; withdrawn: Ambiguity[] } {
  const reorders = new Map<string, QkvReorder>();
  const withdrawn: Ambiguity[] = [];
  for (const [s, t] of goals) {
    const a = fusedName(s);
    const b = a === null ? null : fusedName(t);
    if (a === null || b === null) continue;
    // ChatGLM's multi-query `query_key_value` is plain by its shape (chatglm-qkv.ts), where args say nothing
    const glm = sourceArgs === null ? chatGlmPlainQkv(s, shapeOf) : null;
    const from = glm !== null ? ({ plain: true, why: glm } as const) : layoutOf(s, a, sourceArgs);
    const to = layoutOf(t, b, targetArgs);
    const withdraw = (reason: string) => withdrawn.push({ keys: [s], candidates: [t], reason });
    if (from === null || to === null) {
      // the same name on both sides: the same model's layout, as before (nothing says otherwise)
      if (a === b) continue;
      const unknown = from === null ? `\`${s}\`` : `\`${t}\``;
      withdraw(`a fused q/k/v tensor renamed between layouts: ${unknown} holds its rows per head or per query group in Megatron, GPT-NeoX, BLOOM and Falcon layouts (plainly in others) and no saved args say which, so the rename would load strict=True with q, k and v rows mixed; convert it with the script of the model that wrote it (it reorders the rows)`);
      continue;
    }
    if (from.plain && to.plain) continue;
    if (!from.plain && !to.plain && sameLayout(from.l, to.l)) continue;
    const shape = shapeOf(s);
    const grouped = [from, to].flatMap((x) => (x.plain ? [] : [x.l]));
    const rows = grouped[0]!.groups * (grouped[0]!.parts[0] + grouped[0]!.parts[1] + grouped[0]!.parts[2]);
    const unequal = grouped.find((l) => l.parts[0] !== l.parts[1] || l.parts[1] !== l.parts[2]);
    const fits = shape !== null && shape.filter((d) => d === rows).length === 1 && grouped.every((l) => l.groups * (l.parts[0] + l.parts[1] + l.parts[2]) === rows);
    if (unequal || !fits) {
      withdraw(unequal
        ? `a fused q/k/v tensor renamed between layouts whose q, k and v parts differ in size (${unequal.why}): no reorder of whole rows makes one from the other; cut it and join the parts with the model's converter`
        : `a fused q/k/v tensor renamed between layouts (${grouped[0]!.why}) its shape [${shape?.join(', ') ?? '?'}] does not fit: convert it with the script of the model that wrote it`);
      continue;
    }
    const say = (x: Layout) => (x.plain ? `q, k, v consecutive (${x.why})` : x.l.why);
    reorders.set(s, { from: from.plain ? null : from.l, to: to.plain ? null : to.l, rows, why: `from ${say(from)} to ${say(to)}` });
  }
  return { reorders, withdrawn };
}

const sameLayout = (a: QkvLayout, b: QkvLayout) => a.groups === b.groups && a.parts.every((p, i) => p === b.parts[i]);

/**
 * The ops that reorder the rows of tensors named `names` (as named at that point, all of `shape`, their
 * fused dim the one of size `r.rows`): to q, k, v consecutive (view [groups, 3, rows], swap), then to
 * the target's groups (view [3, groups, rows], swap), each flattened back. One op per step for keys a
 * regex can name among `namesNow` exactly (every layer's), else per key.
 */
export function reorderOps(names: readonly string[], shape: readonly number[], r: QkvReorder, namesNow: readonly string[], confidence: number | undefined): PlanOp[] {
  const dim = shape.indexOf(r.rows);
  const evidence = `${REORDERED_QKV} ${r.why}: viewed per group, the group and q/k/v dims swapped, flattened back`;
  const pattern = patternFor(names, namesNow);
  const selectors: ({ key: string } | { pattern: string })[] = pattern !== null ? [{ pattern }] : names.map((key) => ({ key }));
  const out: PlanOp[] = [];
  const view = (outer: number, inner: number, per: number) => [...shape.slice(0, dim), outer, inner, per, ...shape.slice(dim + 1)];
  const swap = shape.length + 2;
  const perm = Array.from({ length: swap }, (_, i) => (i === dim ? dim + 1 : i === dim + 1 ? dim : i));
  const steps: [number, number, number][] = [];
  if (r.from) steps.push([r.from.groups, 3, r.from.parts[0]]);
  if (r.to) steps.push([3, r.to.groups, r.to.parts[0]]);
  for (const [outer, inner, per] of steps) {
    for (const sel of selectors) {
      out.push({ op: 'reshape', ...sel, shape: view(outer, inner, per), confidence, evidence } as PlanOp);
      out.push({ op: 'transpose', ...sel, dims: perm, confidence, evidence } as PlanOp);
      out.push({ op: 'reshape', ...sel, shape: [...shape], confidence, evidence } as PlanOp);
    }
  }
  return out;
}

/** A regex naming exactly `names` among `namesNow` (their numeric segments as captures), or null. */
export function patternFor(names: readonly string[], namesNow: readonly string[]): string | null {
  if (names.length < 2) return null;
  const text = `^${names[0]!.split('.').map((seg) => (/^\d+$/.test(seg) ? '\\d+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('\\.')}$`;
  const re = compilePattern(text);
  const mine = new Set(names);
  return namesNow.every((n) => re.test(n) === mine.has(n)) && names.every((n) => re.test(n)) ? text : null;
}
