import { type KeySource } from '../checkpoint/key-source.js';
import type { KeyPath } from '../checkpoint/types.js';
import type { KeyEntry } from '../formats/keys.js';
import type { RopeHeads } from '../analysis/infer/rope-renames.js';
import type { PlanEdits } from '../plan/edit.js';
import type { Plan } from '../plan/types.js';
import type { Argv } from 'yargs';
import type { CliIO } from './io.js';
/** Open both sides; `-` reads standard input, which only one side can be. */
export declare function openBothSides(sourcePath: string, expectedPath: string, io: CliIO): Promise<[KeySource, KeySource]>;
export declare const KIND_WITH_ARTICLE: Record<KeySource['kind'], string>;
/** What a side is, with its article: a printed list with shapes is read as a manifest but is not one. */
export declare function kindWithArticle(side: KeySource): string;
/** `--select` only means something inside a checkpoint; elsewhere it is a mistake worth saying. */
export declare function checkSelectApplies(option: string, side: KeySource): void;
/** 0..1, else a usage error naming the option. */
export declare function checkConfidence(value: number | undefined): number;
/**
 * `--heads H` or `--heads H/KV`: the model's attention heads and key/value heads (its config's num_attention_heads
 * and num_key_value_heads); undefined when not given.
 */
export declare function checkHeads(value: string | undefined): RopeHeads | undefined;
/** What a text writer puts in its file: it replaces only a file of that kind (or an empty one) unless --force. */
export type Written = 'json' | 'html';
export interface OutGuard {
    /** the kind of text written: an existing OUT must already hold that kind (a plan over a plan), else --force */
    writes: Written;
    force?: boolean;
}
/**
 * A file we write must not replace an input: writing it is a rename over the path, and an input that
 * is a link to OUT is gone with it. Every command's outputs (-o, --html, --plan-out) pass here first.
 * A JSON or HTML writer also refuses to replace a file of another kind (a checkpoint one slip of the
 * name away: `plan edit p.json -o ckpt.pt`), unless --force: a plan is never meant to replace weights.
 */
export declare function checkOutPath(out: string, inputs: (string | null | undefined)[], option?: string, what?: string, guard?: OutGuard): void;
/** The files a plan names (its source and target), where they are: inputs of every command that reads the plan. */
export declare function planFiles(plan: Plan, planFile: string): (string | null)[];
/** `--force` of the JSON and HTML writers: the one way to replace a file of another kind (checkOutPath). */
export declare function forceOption<T>(y: Argv<T>): Argv<T>;
export interface ManifestKeys {
    entries: KeyEntry[];
    /** where in a checkpoint the keys came from, for the message; null for other kinds */
    from: string | null;
    /** the same place as a key path (for facts read beside the keys: storages); null for other kinds */
    path: KeyPath | null;
    /** why that state dict, when the file held several and none was named */
    reason: string | null;
}
/** The key set a manifest of SOURCE describes: a checkpoint's chosen state dict, or the keys as given. */
export declare function manifestKeys(source: KeySource, select: string | undefined): ManifestKeys;
/**
 * Write through a temporary file in the same folder and rename it: readers never see half a manifest. A
 * symlinked path is written through (its target replaced, the link kept): never renamed over (review 22 F2).
 */
export declare function writeFileAtomic(path: string, text: string): void;
/**
 * A command's outputs (`-o` with `--html`, `--plan-out` with `--html` and `--update`) as one: each is
 * written to its temporary, and they are renamed only when every one is written, so a full disk (exit 2)
 * leaves none of them, as README says (review 25 F5: the first was left written). The renames come last
 * and are of files already written into their own folders, which a full disk does not stop.
 */
export declare function writeFilesAtomic(outputs: readonly {
    path: string;
    text: string;
}[]): void;
/** The edit options `plan` and `plan edit` share, as given (each may be repeated). */
export interface EditArgs {
    drop?: string[];
    keepMissing?: string[];
    rename?: string[];
    tie?: string[];
}
/** `--drop/--keep-missing/--rename/--tie`, each repeatable; they apply after the plan's ops (src/plan/edit.ts). */
export declare function editOptions<T>(y: Argv<T>): Argv<T>;
export declare function editsFromArgs(args: EditArgs): PlanEdits;
/** A plan file read and validated: one line naming the file and the place for any problem. */
export declare function readPlanFile(path: string): Plan;
