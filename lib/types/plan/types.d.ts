/**
 * The remap plan: what a person reviews (ops) and what it amounts to key by key (mapping).
 * JSON form documented in schemas/plan.schema.json. Ops apply in order; each must match a key.
 */
import type { PlanOp } from '../analysis/op-vocabulary.js';
import type { KeySetDigest } from './key-set.js';
import type { SourceIdentity } from './source-identity.js';
export type { KeySelector, PlanOp } from '../analysis/op-vocabulary.js';
/**
 * What a plan was made from. Only a checkpoint's size and sha256 describe the file `apply` runs on;
 * a plan made from a manifest, a key list or an error text knows the checkpoint by its keys alone.
 */
export declare const PLAN_SOURCE_KINDS: readonly ['checkpoint', 'manifest', 'key-list', 'error-text'];
export type PlanSourceKind = (typeof PLAN_SOURCE_KINDS)[number];
export interface PlanSource {
    file: string;
    /** bytes of `file` (of a checkpoint: with its shards) */
    size: number;
    /** hex digest of a checkpoint's bytes; empty when unknown and for other kinds (nothing to check) */
    sha256: string;
    /**
     * for a zip checkpoint: hex digest of its directory's entry names, sizes and CRC-32s
     * (src/formats/zip/entries-digest.ts), which identifies its bytes without reading them
     */
    entriesSha256?: string;
    /**
     * the file's device, inode, size, mtime and ctime when `plan` hashed it (src/plan/source-identity.ts):
     * apply skips re-reading a source that still has them; absent when not hashed, for several files,
     * for a file written during or just before hashing, and in plans written before it existed
     */
    identity?: SourceIdentity;
    select: (string | number)[];
    /** absent in plans written before it existed: a checkpoint */
    kind?: PlanSourceKind;
    /**
     * the selected state dict's key names, shapes and dtypes as one digest (src/plan/key-set.ts): any
     * checkpoint with this key set fits the plan (another snapshot of the run); absent when the source's
     * shapes or dtypes were not all known, and in plans written before it existed
     */
    keySet?: KeySetDigest;
    /**
     * other state dicts of the file that fit the model as well as `select`, which the file's order chose
     * (plan/selection-choice.ts): which trained values are meant is undecided, and apply says so (exit 1);
     * absent when none tie, when --select chose, and in plans written before it existed
     */
    rivals?: (string | number)[][];
}
export interface Plan {
    format: 'sdmatch-plan';
    /**
     * 4 when it holds a rope_permute (schema.ts ROPE_PLAN_VERSION); 3 since a concat may go by pattern; 2 since ops may copy and stack tensors and renames may do index
     * arithmetic; version-1 and version-2 plans are still read
     */
    version: 1 | 2 | 3 | 4;
    /**
     * 'relative-to-plan': a relative `source.file` / `target.file` starts at the plan file's folder (plan files
     * written since session 13, src/plan/plan-paths.ts); absent: as given, then beside the plan file (older plans)
     */
    paths?: 'relative-to-plan';
    source: PlanSource;
    target: {
        file: string;
        keys: number;
    };
    /** what the plan does: `mapping`, `unmapped` and `unexpected` are derived from them (src/plan/derive.ts) */
    ops: PlanOp[];
    /** derived: source key → target key, list of target keys (split), or null when dropped */
    mapping: Record<string, string | string[] | null>;
    /** derived: target keys left without a source: they will be missing */
    unmapped: string[];
    /** derived: keys the ops produce that the target does not expect (absent in plans written before it existed) */
    unexpected?: string[];
    /** regexes over target keys the model may initialise itself (a new head): left missing on purpose */
    keepMissing?: string[];
    /**
     * source keys written as stored although nothing decided their layout (a square kernel beside kernels of its
     * name stored transposed): a strict load accepts them, and their values may be transposed. apply names them
     * beside "verified" (plan/guesses.ts); absent when there are none, and in plans written before it existed
     */
    loadsAsStored?: string[];
    /**
     * tie groups of the model (one tensor under several names) the plan writes from separate tensors of the checkpoint,
     * each in the model's order (plan/tied-writes.ts): torch keeps the last one's values, the others' are lost. apply
     * says so and exits 1, plan check calls no such plan exact; absent when there are none
     */
    tiedApart?: string[][];
}
/** The kind of source a plan records (absent: a checkpoint, as every plan was before kinds). */
export declare function planSourceKind(plan: Pick<Plan, 'source'>): PlanSourceKind;
