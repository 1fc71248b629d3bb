import { type StateDictHolder } from '../checkpoint/state-dict-holder.js';
import { type Diagnosis } from './diagnose.js';
import { type KeyDiff } from './diff.js';
import type { ResolvedSide } from './sides.js';
import type { CheckpointFormat, KeyPath } from '../checkpoint/types.js';
import { type CheckpointSafety } from '../checkpoint/safety.js';
import type { ErrorKind, ErrorReport } from '../formats/error-text.js';
import { type KeyEntry } from '../formats/keys.js';
/**
 * Everything `sdmatch diff` reports, computed once and then rendered either for people
 * (report/diff.ts) or as JSON (report/diff-json.ts), so the two can never disagree.
 */
export type SideKind = ResolvedSide['kind'];
export interface SideDescription {
    file: string;
    kind: SideKind;
    /** the checkpoint's container format; null for manifests, key lists and error texts */
    format: CheckpointFormat | null;
    /** the compared state dict inside a checkpoint; null for other kinds */
    selected: KeyPath | null;
    /** keys in the compared key set; null for an error text, which names only the keys that differed */
    keys: number | null;
    /** for an error text: what kind, for which model class, and whether it was cut short */
    error: {
        kind: ErrorKind;
        model: string | null;
        truncated: boolean;
    } | null;
}
/** How the state dict inside a checkpoint side was chosen. */
export interface SelectionSummary {
    path: KeyPath;
    /** `auto`: ranked against the other side; `option`: named with --select / --select-expected */
    by: 'auto' | 'option';
    /** one sentence naming the chosen dict, how well it fits, and the runner-up; null with `option` */
    reason: string | null;
    runnerUp: KeyPath | null;
    /** how many state dicts the file holds */
    candidates: number;
}
export interface DiffReport extends KeyDiff {
    source: SideDescription;
    expected: SideDescription;
    sourceSelection: SelectionSummary | null;
    expectedSelection: SelectionSummary | null;
    /** keys of the compared dict whose values are not tensors (informational: not a difference) */
    nonTensor: string[];
    /** checkpoint keys whose fate a cut-short error text leaves open */
    unknown: string[];
    /** keys of `missing` that are BatchNorm counters BatchNorm fills in when loading (module-versions.ts): no failure of a strict load */
    filledCounters: string[];
    diagnosis: DiffDiagnosis[];
    /** what an error text alone could not tell, and where it disagrees with the other side */
    notes: string[];
    /** each checkpoint side's safety verdict (`checkpointSafety` in every command's JSON) */
    checkpointSafety: CheckpointSafety[];
    /** the source's state dict sits in what is no state dict (a whole module, TorchScript, npz: state-dict-holder.ts); null when it is one */
    holder: StateDictHolder | null;
}
/**
 * A folder sdmatch builds the state dict of (DeepSpeed, Megatron-LM, DCP): what `sdmatch plan` then `sdmatch apply`
 * need to write it as one file. The analysis prints no command line: the report makes it from these facts through
 * report/command-line.ts, quoted for the shell and with the `--select` of the state dict compared.
 */
export interface OneFileStep {
    folder: string;
    expected: string;
    select: KeyPath;
}
/** A finding of the diff; a folder's `nested` one carries its one-file step, whose words end its message (ONE_FILE_STEP). */
export interface DiffDiagnosis extends Diagnosis {
    oneFile?: OneFileStep;
}
/** The end of a folder's `nested` finding, which the report words as the commands themselves. */
export declare const ONE_FILE_STEP = "`sdmatch plan`, then `sdmatch apply`, write it as one file to load";
/**
 * Whether a strict load of SOURCE as it is fails: its keys differ, or the file is no state dict at all (review 22
 * F3: a `torch.save(model)` file whose keys match was "same", exit 0, and torch raises on it).
 */
export declare function hasDifferences(r: KeyDiff & {
    unknown: readonly string[];
    holder?: StateDictHolder | null;
}): boolean;
/**
 * Whether load_state_dict(strict=True) of SOURCE into EXPECTED fails, which diff's exit code says (`diff --help`:
 * 0 "would succeed"): keys missing (but for BatchNorm counters BatchNorm fills in), unexpected or of another shape,
 * keys a cut error text leaves open, or a file that is no state dict. A dtype alone is cast on copy (review 22 F8:
 * a pair differing only in filled-in counters printed "strict=True succeeds" and exited 1, where plan exits 0).
 */
export declare function strictLoadFails(r: DiffReport): boolean;
interface ErrorAgainstModel extends KeyDiff {
    unknown: string[];
    notes: string[];
}
/**
 * The diff when SOURCE is an error text and EXPECTED describes the model (a manifest, a key list or
 * a checkpoint of the model's own weights). The mirror of diffWithErrorReport: the model is the
 * truth about which keys it has and their shapes; the error is the only word on the checkpoint.
 * Every way the two disagree becomes a note, since it means the error came from another model.
 */
export declare function diffErrorAgainstModel(report: ErrorReport, model: readonly KeyEntry[]): ErrorAgainstModel;
/** The model's keys as a diff with an error text implies them: everything the checkpoint had that the model did not reject. */
export declare function modelImpliedBy(diff: KeyDiff, source: readonly KeyEntry[]): KeyEntry[];
/**
 * The model's keys when the error came from the whole checkpoint object: nothing loaded, so all of them
 * are named, but for one kind. BatchNorm fills in its own `num_batches_tracked` when the dict passed records
 * no BatchNorm version 2 for it (module-versions.ts), so torch never lists that counter missing; a layer
 * that keeps running statistics keeps the counter too (s17-verify F5: without it, every counter of the
 * checkpoint's state dict read as "unexpected" and diff failed a dict that loads with strict=True).
 * `passedVersions`: what the whole object's `_metadata` records (empty for a plain dict, the usual case).
 */
export declare function modelOfWholePass(report: ErrorReport, passedVersions: ReadonlyMap<string, number>): KeyEntry[];
/** The checkpoint's keys as an error text against a known model implies them. */
export declare function checkpointImpliedBy(diff: KeyDiff, model: readonly KeyEntry[]): KeyEntry[];
/** Why two error texts cannot be compared: neither side says which keys the model or the checkpoint has. */
export declare const TWO_ERROR_TEXTS = "both sides are error texts; compare an error text with the checkpoint or with the model (a manifest or a key list)";
/**
 * Compare two resolved sides of any kind. Exactly one side may be an error text (the caller refuses
 * two). Diagnosis always sees full key sets: for an error text side, the ones the error implies.
 */
export declare function buildDiffReport(source: ResolvedSide, expected: ResolvedSide): DiffReport;
export {};
