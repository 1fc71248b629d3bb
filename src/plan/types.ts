/**
 * The remap plan: what a person reviews (ops) and what it amounts to key by key (mapping).
 * JSON form documented in schemas/plan.schema.json. Ops apply in order; each must match a key.
 */

/**
 * Which tensors a tensor op (transpose, reshape) concerns: one exact key, or every key a regex matches —
 * both names as they are at that point of the ops. Exactly one of the two: the other is `never`, so
 * an op naming both (or neither) does not type-check.
 */
export type KeySelector = { key: string; pattern?: never } | { pattern: string; key?: never };

export type PlanOp =
  | { op: 'strip_prefix'; prefix: string; confidence?: number; evidence?: string }
  | { op: 'add_prefix'; prefix: string; confidence?: number; evidence?: string }
  | { op: 'rename'; pattern: string; replacement: string; confidence?: number; evidence?: string }
  | { op: 'drop'; pattern: string; reason: string; confidence?: number }
  | ({ op: 'transpose'; dims: number[]; confidence?: number; evidence?: string } & KeySelector)
  /** same elements, another shape (unsqueeze/squeeze, 1×1 conv ↔ linear): `shape` has the tensor's numel */
  | ({ op: 'reshape'; shape: number[]; confidence?: number; evidence?: string } & KeySelector)
  /** one source tensor cut along `dim` into `targets`, in order, with `sizes` along that dim */
  | { op: 'split'; key: string; dim: number; targets: string[]; sizes: number[]; confidence?: number; evidence?: string }
  /** several source tensors joined along `dim` into `target`, in the order given */
  | { op: 'concat'; keys: string[]; dim: number; target: string; confidence?: number; evidence?: string };

/**
 * What a plan was made from. Only a checkpoint's size and sha256 describe the file `apply` runs on;
 * a plan made from a manifest, a key list or an error text knows the checkpoint by its keys alone.
 */
export const PLAN_SOURCE_KINDS = ['checkpoint', 'manifest', 'key-list', 'error-text'] as const;
export type PlanSourceKind = (typeof PLAN_SOURCE_KINDS)[number];

export interface PlanSource {
  file: string;
  /** bytes of `file` (of a checkpoint: with its shards) */
  size: number;
  /** hex digest of a checkpoint's bytes; empty when unknown and for other kinds (nothing to check) */
  sha256: string;
  select: (string | number)[];
  /** absent in plans written before it existed: a checkpoint */
  kind?: PlanSourceKind;
}

export interface Plan {
  format: 'sdmatch-plan';
  version: 1;
  source: PlanSource;
  target: { file: string; keys: number };
  ops: PlanOp[];
  /** source key → target key, list of target keys (split), or null when dropped */
  mapping: Record<string, string | string[] | null>;
  /** target keys left without a source: they will be missing */
  unmapped: string[];
}

/** The kind of source a plan records (absent: a checkpoint, as every plan was before kinds). */
export function planSourceKind(plan: Pick<Plan, 'source'>): PlanSourceKind {
  return plan.source.kind ?? 'checkpoint';
}
