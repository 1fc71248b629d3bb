/**
 * `sdmatch apply --json`: what was written (or, with --dry-run, would be) and whether the model accepts
 * it, as documented in schemas/apply.schema.json. A projection of the executor's result with a stable
 * shape: named fields only, no Map or Set, the output's format under `output` (the document's own
 * `format` names the document, as in every sdmatch JSON).
 */
import type { ApplyPreview, ApplyResult, HashCheck, OutputFormat, StorageCopy } from '../apply/apply.js';
import { type StrictLoad, type TargetCheck } from '../apply/apply-target.js';
import type { KeyChanges } from '../apply/apply-changes.js';
import type { Verdict } from '../formats/pickle/safety.js';
import { type CheckpointSafety } from '../checkpoint/safety.js';
export declare const APPLY_FORMAT = "sdmatch-apply";
export declare const APPLY_VERSION = 1;
export interface ApplyJson {
    format: typeof APPLY_FORMAT;
    version: typeof APPLY_VERSION;
    dryRun: boolean;
    source: {
        file: string;
        format: ApplyPreview['source']['format'];
        size: number;
        select: (string | number)[];
        safety: Verdict;
    };
    /** the source's safety verdict as every command's JSON gives it (source.safety is the same verdict) */
    checkpointSafety: CheckpointSafety[];
    output: {
        path: string;
        format: OutputFormat;
        sharded: boolean;
        keepContainer: boolean;
    };
    forced: string[];
    hash: HashCheck;
    metadata: ApplyPreview['metadata'];
    totalBytes: number;
    changes: KeyChanges;
    notes: string[];
    written: {
        files: string[];
        bytes: number;
        tensors: number;
        seconds: number;
        storages: StorageCopy;
    } | null;
    target: (TargetCheck & {
        loadsStrict: boolean;
        strictLoad: StrictLoad;
    }) | null;
}
export declare function applyToJson(p: ApplyPreview | ApplyResult, target: TargetCheck | null): ApplyJson;
export declare function formatApplyJson(p: ApplyPreview | ApplyResult, target: TargetCheck | null): string;
