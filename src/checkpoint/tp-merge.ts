import { FormatError } from '../formats/errors.js';
import { BLOCKED_JOINS, inferSplit, modelSizes, type ShardLayout, type Split } from '../formats/megatron/splits.js';
import { dictGet, objectAttrs } from '../formats/pickle/read-values.js';
import type { PyTensor, PyValue } from '../formats/pickle/values.js';
import { concatTensors, gatheredTensor } from './gather.js';
import { numel } from '../formats/tensor.js';

/**
 * Merging one key's tensor-parallel shards into the whole tensor, for every layout whose ranks hold
 * Megatron-style shards (Megatron-LM's mp_rank_TT folders; DeepSpeed's mp_rank_XX files and pipeline
 * layer files when Megatron-DeepSpeed wrote them). The split comes from the shapes across ranks and the
 * layer's name (src/formats/megatron/splits.ts), checked against the model sizes in the saved args.
 */

/** Scalar args (ints and bools) from a saved argparse Namespace (`args` in a Megatron or Megatron-DeepSpeed save). */
export function savedArgs(root: PyValue): Map<string, number | boolean> {
  const out = new Map<string, number | boolean>();
  for (const [k, v] of objectAttrs(dictGet(root, 'args'))?.entries ?? []) {
    if (typeof k === 'string' && (typeof v === 'number' || typeof v === 'boolean')) out.set(k, v);
  }
  return out;
}

/** A rank file's `checkpoint_version` (a float is boxed, `3.0`; an int is a number); null when absent. */
export function savedVersion(root: PyValue): number | null {
  const v = dictGet(root, 'checkpoint_version');
  return typeof v === 'number' ? v : typeof v === 'object' && v !== null && v.kind === 'float' ? v.value : null;
}

/**
 * Whether the saved args say the MLP is gated: Megatron-LM's `swiglu`, Megatron-Core's `gated_linear_unit`,
 * Megatron-DeepSpeed's `glu_activation` ('swiglu', 'geglu', 'reglu', 'liglu': each chunks fc1's output in
 * two); null when the file has no args, which leaves it unsaid.
 */
export function savedGatedMlp(root: PyValue): boolean | null {
  const attrs = objectAttrs(dictGet(root, 'args'))?.entries ?? [];
  if (attrs.length === 0) return null;
  return attrs.some(([k, v]) => ((k === 'swiglu' || k === 'gated_linear_unit') && v === true) || (k === 'glu_activation' && typeof v === 'string' && v !== ''));
}

/** Where a merged key's pieces are, for messages and the storage name `inspect --verbose` shows. */
export interface Origin {
  file: string;
  /** the ranks holding the key (`mp_rank_00…01_001`) */
  ranks: string;
  /** tensor-parallel rank 0's name */
  first: string;
}

/** One checkpoint's merges: how many keys merged each way, and those whose split could not be told. */
export class TpMerger {
  readonly counts = new Map<string, number>();
  readonly unknown: string[] = [];
  private readonly layout: ShardLayout;
  private readonly sizes: Set<number> | null;

  /** `root`: tensor-parallel rank 0's file, whose args and checkpoint_version say how its shards are laid out */
  constructor(root: PyValue) {
    const args = savedArgs(root);
    this.layout = { gatedMlp: savedGatedMlp(root), ckptVersion: savedVersion(root), args };
    this.sizes = modelSizes(args, this.layout.gatedMlp);
  }

  /** The whole tensor of `key` (named `global` in the merged checkpoint) from its shard on every rank. */
  merge(key: string, global: string, tensors: PyTensor[], at: Origin): PyTensor {
    // pieces with no elements on any rank (Transformer Engine's `_extra_state` [0] with fp8 off) have one merge, the
    // empty tensor: no split question, so whole rather than "unknown" (review25 F1: plan said it loads, apply refused it)
    const empty = tensors.every((t) => numel(t.info.shape) === 0 && t.info.shape.join(',') === tensors[0]!.info.shape.join(','));
    const split: Split = empty && tensors.length > 1 ? { kind: 'replicated', why: 'no elements on any rank' } : inferSplit(key, tensors.map((t) => t.info.shape), this.layout, this.sizes);
    const how = describe(split);
    this.counts.set(how, (this.counts.get(how) ?? 0) + 1);
    if (split.kind === 'unknown') this.unknown.push(`${global} (${split.why})`);
    return mergeShards(global, tensors, split, at);
  }

  /** A key the layout knows it cannot merge (`why`): rank 0's tensor, kept without bytes, listed as not merged. */
  refuse(global: string, tensors: PyTensor[], why: string, at: Origin): PyTensor {
    const split: Split = { kind: 'unknown', why };
    this.counts.set(describe(split), (this.counts.get(describe(split)) ?? 0) + 1);
    this.unknown.push(`${global} (${why})`);
    return mergeShards(global, tensors, split, at);
  }

  /** detail lines: the count of each kind of merge, and the keys that could not be merged */
  detail(): string[] {
    const out = [...this.counts].map(([how, n]) => `${n} tensor(s) ${how}`);
    if (this.unknown.length > 0) out.push(`split not known, kept from tp rank 0 (apply refuses them): ${this.unknown.slice(0, 3).join('; ')}${this.unknown.length > 3 ? '; …' : ''}`);
    return out;
  }
}

function describe(s: Split): string {
  if (s.kind === 'split') return `split on dim ${s.dim}${s.blocks ? ` as ${BLOCKED_JOINS[s.blocks].says}` : ''} (${s.why})`;
  if (s.kind === 'replicated') return `whole on every rank (${s.why})`;
  return 'with an unknown split';
}

/**
 * The merged tensor: rank 0's when replicated; a concatenation along the split dim; a blocked layout
 * (BLOCKED_JOINS) as Megatron's own converters join it, block 0 of every rank, then block 1 of every rank …
 * (a gated fc1: every rank's gate half then every rank's up half). An unknown split keeps rank 0's tensor
 * with its storage marked unmergeable (no bytes), so nothing writes it as if whole.
 * Its storage is named after the ranks it comes from (`mp_rank_00…01_001, dim 1`).
 */
function mergeShards(key: string, tensors: PyTensor[], split: Split, at: Origin): PyTensor {
  const t = tensors[0]!;
  const named = (name: string, bytes = t.info.storage.bytes): PyTensor => ({ ...t, info: { ...t.info, storage: { ...t.info.storage, key: name, bytes } } });
  // the name says why: plan and apply quote it when they refuse the key (plan/unwritable.ts)
  if (split.kind === 'unknown') return named(`${key} (${at.first} of ${tensors.length} ranks, split unknown: ${split.why})`, null);
  if (tensors.length === 1) return t;
  if (split.kind === 'replicated') return named(`${at.first} (whole on every rank)`);
  const file = at.file;
  if (!split.blocks) return concatTensors(key, tensors, split.dim, file, `${at.ranks}, dim ${split.dim}`);
  const { parts, says } = BLOCKED_JOINS[split.blocks];
  const first = tensors[0]!.info;
  if (split.dim !== 0 || first.shape[0]! % parts !== 0) throw new FormatError(file, `${key}: a shard of shape [${first.shape}] does not split into ${says}`);
  const block = (first.shape[0]! / parts) * (first.shape.length > 1 ? first.shape.slice(1).reduce((a, b) => a * b, 1) : 1);
  const shape = first.shape.slice();
  shape[0] = first.shape[0]! * tensors.length;
  const pieces = Array.from({ length: parts }, (_, h) => h).flatMap((h) => tensors.map((t) => ({ tensor: t, start: h * block, rowElems: block })));
  return gatheredTensor(key, first.dtype, shape, 1, pieces, file, `${at.ranks}, dim 0 as ${says}`);
}
