/**
 * A fused q/k/v tensor RENAMED whole into another model's fused tensor keeps its rows in the order the
 * first model stores them. Where the two models lay the rows out alike the rename is all there is;
 * where they do not (Megatron's `query_key_value` holds them per head, GPT-2's `c_attn` q, then k, then
 * v), the rename loads strict=True with every attention weight scrambled (issue 11). The public
 * converters reorder: transformers' convert_megatron_gpt2_checkpoint.py fix_query_key_value_ordering
 * views the rows per head and swaps the head and q/k/v dims; convert_phi_weights_to_hf.py does the same
 * for MixFormer's `Wqkv`.
 *
 * The layouts, as data (fused-layouts.ts): names whose rows are q, k, v consecutive in every model that
 * uses them, and names laid out per query group (Megatron's, GPT-NeoX's, BLOOM's, Falcon's
 * `query_key_value`, InternLM2's `wqkv`), whose groups are known only from Megatron's saved args
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
import { fusedQkvRow, type FusedQkvName } from './fused-layouts.js';

/** How the evidence of a reorder's ops begins (causes.ts says the three ops as one finding) */
export const REORDERED_QKV = 'fused q/k/v rows reordered';

/** A side's fused layout: grouped (Megatron's args say how), plain (q, k, v consecutive), or unknown (null). */
type Layout = { plain: true; why: string } | { plain: false; l: QkvLayout };

function layoutOf(key: string, row: FusedQkvName, args: MegatronArgs | null): Layout | null {
  if (row.layout === 'plain') return { plain: true, why: row.source };
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
    const a = fusedQkvRow(s);
    const b = a === undefined ? undefined : fusedQkvRow(t);
    if (a === undefined || b === undefined) continue;
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
