import type { CheckpointFormat } from '../checkpoint/types.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import { type KeyChanges } from './apply-changes.js';
import { type StorageCopy } from './apply-fast.js';
import { type OutputFormat } from './apply-write.js';
import type { Plan } from '../plan/types.js';
export type { OutputFormat } from './apply-write.js';
export type { StorageCopy } from './apply-fast.js';
export interface ApplyOptions {
    source: string;
    plan: Plan;
    /** the plan's file name, for messages */
    planFile: string;
    /** the output path; a folder when sharding */
    out: string;
    /** default: from OUT's extension, else the source's format (safetensors stays safetensors, everything else torch) */
    format?: OutputFormat;
    /** write the whole source tree with the selected state dict replaced */
    keepContainer?: boolean;
    /** shard the output (OUT is then a folder) */
    maxShardBytes?: number | null;
    /** apply a plan whose fingerprint does not match, following its ops */
    force?: boolean;
    /** the state dict inside SOURCE (`--select`), when it is nested elsewhere than in the plan's source */
    selectOverride?: string;
    /** allow OUT to be SOURCE */
    inPlace?: boolean;
    /** check the source's digest against the plan's (default true; size and key set are always checked) */
    verifyHash?: boolean;
    /**
     * re-read and hash the whole source even when its identity (device, inode, size, mtime, ctime) shows it
     * unchanged since `plan` hashed it (`--full-hash`); a recorded sha256 is otherwise checked unless the
     * identity holds (a zip's CRC-32s can be forged, an identity cannot be kept through a write)
     */
    fullHash?: boolean;
    /**
     * the source is trusted: `--keep-container` may carry a dangerous source's objects (the code its
     * pickle runs included) into OUT
     */
    trust?: boolean;
    /** fsync OUT (default true); false: `--no-sync` */
    sync?: boolean;
    /** start the watcher that removes temporaries if the process is killed mid-write */
    guardInterrupts?: boolean;
    /** copy the source in-kernel and rewrite its tail when every storage stays byte-identical (default true) */
    fast?: boolean;
    progress?: (written: number, total: number) => void;
    /**
     * apply drops the plan marks `unsettled` (made on a reading the error text does not settle) instead of
     * refusing the plan before anything is written (`--allow-guessed-drops`)
     */
    allowGuessedDrops?: boolean;
}
/**
 * How the source was recognised as the plan's: `matched` — its sha256 (every byte hashed);
 * `unchanged since plan` — the very file `plan` hashed, not written since: same device, inode, size,
 * mtime and ctime (src/plan/source-identity.ts), before and after apply read it; its sha256 not re-read;
 * `entries matched` — its zip directory's names, sizes and CRC-32s (the plan's entriesSha256);
 * `key set matched` — another file whose selected state dict has the key names, shapes and dtypes the
 * plan was made for (source.keySet), e.g. another snapshot of the same run.
 */
export type HashCheck = 'matched' | 'unchanged since plan' | 'entries matched' | 'key set matched' | 'not recorded' | 'not checked (dry run)' | 'not checked (--no-verify-hash)' | 'not checked (--force)';
export interface ApplyPreview {
    source: {
        file: string;
        format: CheckpointFormat;
        size: number;
        select: (string | number)[];
        safety: SafetyReport;
    };
    out: string;
    format: OutputFormat;
    sharded: boolean;
    keepContainer: boolean;
    changes: KeyChanges;
    /** why the plan does not fit this source, when --force overrode it */
    forced: string[];
    hash: HashCheck;
    /** module versions carried over: null when the source has none */
    metadata: {
        entries: number;
        renamed: number;
        dropped: string[];
        carried: boolean;
    } | null;
    /** output tensor bytes to write */
    totalBytes: number;
    notes: string[];
    /** a DCP folder renamed in place (its .metadata alone rewritten): the output is that folder, not a new file */
    dcpInPlace?: true;
}
export interface ApplyResult extends ApplyPreview {
    written: {
        files: string[];
        bytes: number;
        tensors: number;
        seconds: number;
        storages: StorageCopy;
    };
}
/** What apply would do, without writing anything (a zip's entries digest is checked; no sha256 is computed). */
export declare function dryRunApply(opts: ApplyOptions): ApplyPreview;
export declare function applyPlan(opts: ApplyOptions): ApplyResult;
/** `apply --in-place` on a file that already holds the plan's output: nothing to do, said and exit 0. */
export declare class AlreadyApplied extends Error {
    readonly name = "AlreadyApplied";
}
