/**
 * Plan inference: how SOURCE's tensors map onto the keys TARGET expects, as few reviewable ops. Five
 * named stages with typed hand-offs (stages/types.ts), each its own file, after a stage 0 that reads
 * Caffe2 blob names (`res2_0_branch2a_w`) as module paths (blob-names.ts):
 *   1. correspond (stages/correspond.ts): pairs by name, then by structure — exact, prefix rules,
 *      spelling, module trees aligned by subtree signatures, templates, suffixes;
 *   2. fuse (stages/fuse.ts): tensors fused on one side, split on the other; whether the keys
 *      correspond at all (another model) and what clears --min-confidence;
 *   3. judge shapes (stages/judge-shapes.ts): per pair, equal / transposed / reshaped / head to drop /
 *      another size; keys with no counterpart;
 *   4. generalise (stages/generalise.ts): the fewest ops reproducing exactly those decisions —
 *      prefixes, drops, renames with captures and index arithmetic, tensor ops and splits by pattern,
 *      concats, copies for tied weights;
 *   5. explain (stages/explain.ts): what is left missing or unexpected, live ambiguities, causes.
 * Which state dict inside the file is compared happens before: the caller passes the selected keys.
 * Every confidence constant and its reason: confidence.ts. The one key tokenizer: ../key-tokens.ts.
 */
import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../op-vocabulary.js';
import type { Cause } from './causes.js';
import { locate, type Ambiguity } from './types.js';
import { KeyNumbers, KeyTable } from './key-numbers.js';
import type { Sides } from './stages/types.js';
import { correspond } from './stages/correspond.js';
import { fuse } from './stages/fuse.js';
import { judgeShapes } from './stages/judge-shapes.js';
import { generalise } from './stages/generalise.js';
import { explain } from './stages/explain.js';
import { readBlobNames, type BlobReading } from './blob-names.js';
import { readScopePaths, type ScopePaths } from './scope-paths.js';
import { mergedHeadsView, pytorchLayoutView } from './layout-view.js';
import { listedSortedByName, moduleRanks, naturalOrderIfSorted } from './natural-order.js';
import type { TargetStorages } from './ties.js';
import { tieCopiesStoredOnce } from './tied-once.js';
import type { MegatronArgs } from './megatron-qkv.js';
import type { RopeHeads } from './rope-renames.js';

export interface InferInput {
  /** the selected source state dict's tensors, in file order */
  source: KeyEntry[];
  /** what the model expects, in state_dict order */
  target: KeyEntry[];
  options?: {
    /** pairs less sure than this (0..1) are not acted on; they are listed as ambiguities. Default 0. */
    minConfidence?: number;
    /**
     * The sides hold only the keys that differ (an error text alone): the real checkpoint has more,
     * which load as they are. Ops are then exact or scoped to modules only the source side shows, so
     * they cannot touch those (partial-scope.ts); what that assumes is said in `warnings`.
     */
    partial?: boolean;
    /** what says the checkpoint's kernels are a sparse-convolution library's (the error text: ErrorReport.sparseLibrary); absent: nothing does */
    sparseLibrary?: string;
    /** the error text the sides come from was cut short (InferOptions.cut) */
    cut?: boolean;
    /**
     * Decided before pairing, from what the names alone say (error-hints.ts): checkpoint keys to drop,
     * each with why that loses nothing trained, and model keys that stay missing on purpose. Neither
     * is paired with anything.
     */
    drops?: readonly { key: string; reason: string }[];
    keepMissing?: readonly string[];
    /** keys never dropped for their shape (a vocabulary to resize): they stay paired, as size mismatches */
    neverDrop?: readonly string[];
    /** the target's keys one storage holds (ties.ts: a tie is copied only where the target shows it); absent: not shown */
    targetStorages?: TargetStorages;
    /** the source's keys one storage holds, one tensor under several names (its own ties); absent: not shown */
    sourceStorages?: TargetStorages;
    /** source keys stored apart whose bytes the caller compared equal (checkpoint/equal-values.ts): a model tie written from them loses nothing; absent: not compared */
    sourceEqualValues?: TargetStorages;
    /** each module's class on the source side (a manifest's `modules`: judge-shapes.ts reads a Conv1D ↔ Linear change); absent: not shown */
    sourceModules?: ReadonlyMap<string, string> | null;
    /** each module's class on the target side, as sourceModules */
    targetModules?: ReadonlyMap<string, string> | null;
    /** the source's saved Megatron args, which give its fused q/k/v rows' layout (megatron-qkv.ts); absent: none */
    megatronArgs?: MegatronArgs | null;
    /** the target's saved Megatron args (a Megatron checkpoint as the model): its fused q/k/v layout; absent: none */
    targetMegatronArgs?: MegatronArgs | null;
    /**
     * the model's num_attention_heads and num_key_value_heads (its config): a rotary q/k projection renamed
     * between Meta's and transformers' names is made with a rope row permute in these heads (rope-renames.ts);
     * absent: such renames are listed, not made
     */
    ropeHeads?: RopeHeads | null;
  };
}

export interface SizeMismatch {
  source: string;
  target: string;
  sourceShape: number[] | null;
  targetShape: number[] | null;
}

export interface InferResult {
  /**
   * ordered: prefix ops, drops, renames (a pipeline: each sees the names the previous left),
   * transposes and reshapes, splits, concats; each matches ≥ 1 key
   */
  ops: PlanOp[];
  /**
   * every source key → its final name: a target key, several (split), null (dropped), or — for
   * keys listed in `leftover` — the name the ops leave it with, which the target does not expect
   */
  mapping: Record<string, string | string[] | null>;
  /** target keys with no source: they will be missing */
  unmapped: string[];
  /** source keys neither mapped nor dropped: they will be unexpected */
  leftover: string[];
  ambiguities: Ambiguity[];
  /** said plainly, not fixed (position embeddings of another length) */
  warnings: string[];
  /** plain-words explanation, most important first */
  causes: Cause[];
  /** mapped pairs whose shapes still differ: another model size, no key transform fixes them */
  sizeMismatches: SizeMismatch[];
  /**
   * the ops are a fix: keys correspond (not another model), no size mismatch remains, and there is
   * something to do or nothing wrong. Missing/unexpected keys may remain (partial checkpoints).
   */
  fixable: boolean;
}

export function inferPlan(input: InferInput): InferResult {
  // stage 0: names of another framework read as module paths — a TensorFlow checkpoint's scope paths
  // (scope-paths.ts), a Caffe2 blob checkpoint (blob-names.ts); the renames that do so lead the plan
  const reading: (BlobReading & Partial<Pick<ScopePaths, 'setAside' | 'tfLayout'>>) | null =
    (input.options?.partial ? null : readScopePaths(input.source, input.target)) ?? readBlobNames(input.source, input.target);
  if (!reading) return inferStages(input, false);
  const toPath = new Map([...reading.original].map(([path, blob]) => [blob, path]));
  const o = input.options;
  // what the reading sets aside (a TF checkpoint's optimizer slots) is decided before pairing, like hinted drops
  const hinted = (o?.drops ?? []).map((d) => ({ ...d, key: toPath.get(d.key) ?? d.key }));
  const seen = new Set(hinted.map((d) => d.key));
  const drops = [...hinted, ...(reading.setAside ?? []).filter((d) => !seen.has(d.key))];
  const result = inferStages(
    {
      ...input,
      source: reading.entries,
      options: {
        ...o,
        ...(drops.length > 0 && { drops }),
        ...(o?.neverDrop && { neverDrop: o.neverDrop.map((k) => toPath.get(k) ?? k) }),
      },
    },
    reading.tfLayout ?? false,
  );
  return restoreBlobNames(result, reading);
}

/** The result in the checkpoint's own names: blob renames first, every source key as the file names it. */
function restoreBlobNames(r: InferResult, blobs: BlobReading): InferResult {
  const back = (k: string) => blobs.original.get(k) ?? k;
  const mapping: InferResult['mapping'] = Object.create(null);
  for (const [k, v] of Object.entries(r.mapping)) mapping[back(k)] = v;
  return {
    ...r,
    ops: [...blobs.ops, ...r.ops],
    mapping,
    leftover: r.leftover.map(back),
    ambiguities: r.ambiguities.map((a) => ({ ...a, keys: a.keys.map(back), candidates: a.candidates.map(back) })),
    sizeMismatches: r.sizeMismatches.map((m) => ({ ...m, source: back(m.source) })),
  };
}

function inferStages(input: InferInput, tfLayout: boolean): InferResult {
  const source = locate(input.source);
  const target = locate(input.target);
  // each key once, in file order: locate() keeps a key's first entry, in the order first met (no look-up per key)
  const sourceKeys = [...source.keys()];
  const numbers = new KeyNumbers(source, sourceKeys, target, input.target.length);
  const sides: Sides = {
    source,
    target,
    sourceKeys,
    numbers,
    keys: new KeyTable(sourceKeys, numbers, source, target),
    complete: input.source.every((e) => e.shape !== null) && input.target.every((e) => e.shape !== null),
    tfLayout,
    options: {
      minConfidence: input.options?.minConfidence ?? 0,
      partial: input.options?.partial ?? false,
      sparseLibrary: input.options?.sparseLibrary ?? null,
      cut: input.options?.cut ?? false,
      drops: (input.options?.drops ?? []).filter((d) => source.has(d.key)),
      keepMissing: new Set((input.options?.keepMissing ?? []).filter((k) => target.has(k))),
      neverDrop: new Set(input.options?.neverDrop ?? []),
      targetStorages: input.options?.targetStorages ?? null,
      sourceStorages: input.options?.sourceStorages ?? null,
      sourceEqualValues: input.options?.sourceEqualValues ?? null,
      sourceModules: input.options?.sourceModules ?? null,
      targetModules: input.options?.targetModules ?? null,
      megatronArgs: input.options?.megatronArgs ?? null,
      targetMegatronArgs: input.options?.targetMegatronArgs ?? null,
      ropeHeads: input.options?.ropeHeads ?? null,
    },
  };
  // a checkpoint in Flax's layout is paired as PyTorch would shape it; shapes are judged as stored
  // and a side listed sorted by name is paired in natural order (natural-order.ts)
  // and attention parameters one side keeps per head are paired as the other side's merged ones (layout-view.ts)
  const flat = pytorchLayoutView(input.source, input.target);
  const view = mergedHeadsView(flat ?? input.source, input.target) ?? flat;
  const targetView = mergedHeadsView(input.target, input.source);
  const sourceOrder = naturalOrderIfSorted(view ?? input.source);
  const targetOrder = naturalOrderIfSorted(targetView ?? input.target);
  // sorted as the file lists it (a view of Flax names may sort otherwise), even where natural order is the same
  const sortedByName = {
    source: sourceOrder !== null || listedSortedByName(input.source),
    target: targetOrder !== null || listedSortedByName(input.target),
  };
  // an op's order evidence is the order pairing saw: a sorted side's modules in natural order (natural-order.ts)
  if (sourceOrder || targetOrder) sides.orderRanks = { source: sourceOrder && moduleRanks(sourceOrder), target: targetOrder && moduleRanks(targetOrder) };
  // a tie the checkpoint stores once is one tensor to pair, under the model's first name (tied-once.ts)
  const tieCopies = tieCopiesStoredOnce(source, target, sides.options.targetStorages);
  const pairedTarget = (entries: readonly KeyEntry[]) => locate(tieCopies.size ? entries.filter((e) => !tieCopies.has(e.key)) : entries);
  const pairing: Sides =
    view || targetView || sortedByName.source || sortedByName.target || tieCopies.size
      ? {
          ...sides,
          source: sourceOrder || view ? locate(sourceOrder ?? view!) : source,
          target: targetOrder || targetView || tieCopies.size ? pairedTarget(targetOrder ?? targetView ?? input.target) : target,
          sortedByName,
        }
      : sides;
  const corresponding = correspond(pairing);
  const matched = fuse(pairing, corresponding);
  const judged = judgeShapes(sides, matched);
  const generalised = generalise(sides, matched, judged);
  return explain(sides, corresponding, matched, judged, generalised);
}

export type { Ambiguity, Cause };
