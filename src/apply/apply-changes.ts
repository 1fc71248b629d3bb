/**
 * What a plan does to one source, key by key, before any byte moves: the output tensors and how each
 * is made, and the changes grouped the way a reviewer reads them (dry run, summary).
 */
import { FormatError } from '../formats/errors.js';
import type { KeyEntry } from '../formats/keys.js';
import { applyOpsToKeys, type OutputTensor, type Recipe } from '../analysis/op-keys.js';
import { targetKeysOf } from '../plan/edit.js';
import type { Plan } from '../plan/types.js';

export interface KeyChanges {
  /** output tensors in output order */
  outputs: OutputTensor[];
  /** kept under their own name, bytes untouched */
  kept: string[];
  renamed: { from: string; to: string }[];
  /** output key ← the output that shares its tensor (a tie, a copy op): a second name, no second tensor */
  tied: { from: string; to: string }[];
  dropped: string[];
  /** output key ← source key, permutation (and a reshape, if any, after or before it) */
  transposed: { from: string; to: string; dims: number[] }[];
  /** output key ← source key viewed with another shape (same elements, same order) */
  reshaped: { from: string; to: string; shape: number[] }[];
  split: { from: string; into: string[] }[];
  concat: { from: string[]; into: string; stacked?: true }[];
  /** target keys the plan leaves without a source */
  missing: string[];
  /** source → mapping value the ops produce */
  mapping: Record<string, string | string[] | null>;
}

/** How many source tensors' bytes must be read and rebuilt (transpose, split, concat). */
export function rebuilds(c: KeyChanges): number {
  return c.outputs.filter((o) => o.recipe.kind !== 'source').length;
}

function splitSource(r: Recipe): string | null {
  if (r.kind === 'source') return r.key;
  if (r.kind === 'concat') return null;
  return splitSource(r.of);
}

/** A chain of transposes/reshapes over one source tensor: its source, first permutation, last shape. */
function rearrangement(r: Recipe): { from: string; dims: number[] | null; shape: number[] | null } | null {
  if (r.kind === 'source') return { from: r.key, dims: null, shape: null };
  if (r.kind !== 'transpose' && r.kind !== 'reshape') return null;
  const inner = rearrangement(r.of);
  if (!inner) return null;
  if (r.kind === 'transpose') return { ...inner, dims: inner.dims ?? r.dims };
  return { ...inner, shape: r.shape };
}

/**
 * Runs the plan's ops over the source's keys. Ops that match nothing, collisions, impossible
 * transposes/splits are errors naming the plan file: a plan that does not do what it says is refused.
 */
export function planKeyChanges(plan: Plan, planFile: string, source: readonly KeyEntry[]): KeyChanges {
  const result = applyOpsToKeys(plan.ops, source);
  if (result.errors.length > 0) {
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problem(s))` : '';
    throw new FormatError(planFile, `${result.errors[0]}${more}`);
  }
  // what stays missing is derived from the ops too: the target's keys (as the plan records them) the ops do not write
  const target = targetKeysOf(plan);
  const written = new Set(result.outputs.map((o) => o.key));
  const listed = new Set(plan.unmapped);
  const missing = [...plan.unmapped.filter((k) => !written.has(k)), ...(target ? [...target].filter((k) => !written.has(k) && !listed.has(k)) : [])];
  const c: KeyChanges = { outputs: result.outputs, kept: [], renamed: [], tied: [], dropped: [], transposed: [], reshaped: [], split: [], concat: [], missing, mapping: result.mapping };
  const splits = new Map<string, string[]>();
  // a copy shares the recipe of the tensor it ties to (op-keys.ts): the first output with it is that tensor
  const made = new Map<Recipe, string>();
  for (const o of result.outputs) {
    const r = o.recipe;
    const first = made.get(r);
    if (first !== undefined) c.tied.push({ from: first, to: o.key });
    else made.set(r, o.key);
    if (first !== undefined) continue;
    if (r.kind === 'source') {
      if (r.key === o.key) c.kept.push(o.key);
      else c.renamed.push({ from: r.key, to: o.key });
    } else if (rearrangement(r)) {
      const a = rearrangement(r)!;
      if (a.dims) c.transposed.push({ from: a.from, to: o.key, dims: a.dims });
      else c.reshaped.push({ from: a.from, to: o.key, shape: a.shape! });
    } else if (r.kind === 'concat') {
      c.concat.push({ from: o.sources, into: o.key, ...(r.stacked ? { stacked: true as const } : {}) });
    } else {
      const from = splitSource(r) ?? o.sources.join('+');
      const list = splits.get(from) ?? [];
      list.push(o.key);
      splits.set(from, list);
    }
  }
  for (const [from, into] of splits) c.split.push({ from, into });
  for (const e of source) if (result.mapping[e.key] === null) c.dropped.push(e.key);
  return c;
}
