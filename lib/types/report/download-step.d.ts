import { type Word } from './command-line.js';
export interface DownloadStep {
    /** the command that downloads it (runs as it is), or null for a local file */
    command: string | null;
    /** the downloaded file's path, for the commands that follow (the file itself when local) */
    local: Word;
    /** its file name (the local file's path when local): what the output's extension follows */
    name: string;
}
export declare function downloadStep(file: string): DownloadStep;
/** `sdmatch apply SOURCE PLAN -o OUT`, downloading a remote SOURCE first. */
export declare function applyLine(source: Word, planFile: string, out: string): string;
/**
 * `PLAN && APPLY` when the plan exits 0; else `PLAN || [ $? -eq 1 ] && APPLY`: a plan that keeps keys missing on
 * purpose, or made from a cut text, exits 1 and still writes its file, and `&&` alone never ran apply (review 20
 * F7), whose own exit code and last line say what a strict load refuses. Bad input (exit 2) still stops the line.
 */
export declare function planThenApply(plan: string, apply: string, planExitsZero: boolean): string;
