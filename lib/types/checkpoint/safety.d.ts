import { type SafetyReport, type Verdict } from '../formats/pickle/safety.js';
import type { PickleScan } from '../formats/torch/container.js';
/**
 * One report over every pickle the file holds; a pickle that broke still contributes what it imported
 * before the break, and the break itself (what followed it was not seen) makes the report incomplete.
 */
export declare function safetyOf(scans: PickleScan[]): SafetyReport;
/**
 * What every command's `--json` says of each checkpoint it read, under one field name, `checkpointSafety`
 * (review 16 F15/F6: the verdict reached stderr alone, so a script reading the JSON, or the HTML page,
 * never saw that loading the file runs code). `globals` names what decided the verdict.
 */
export interface CheckpointSafety {
    file: string;
    verdict: Verdict;
    /** the globals (`module.name`) whose verdict is the file's, in the order found; [] when it is safe */
    globals: string[];
}
export declare function checkpointSafety(file: string, safety: SafetyReport): CheckpointSafety;
/** The entries for a command's inputs, in argument order: only a checkpoint has one (a manifest, key list or error text runs no code). */
export declare function checkpointSafetyOf(inputs: readonly {
    file: string;
    safety: SafetyReport | null;
}[]): CheckpointSafety[];
