import { type DiffDiagnosis } from '../analysis/diff-model.js';
/**
 * A diff finding as the reports print it (text, JSON, HTML): a folder's `nested` finding ends in the commands that
 * write its state dict as one file, made here rather than in the analysis so that they are quoted for the shell
 * (a path with a space or a quote) and name the state dict compared (`--select`): run as printed, they write it.
 * `remake` is the diff's own options carried over (command-line.ts), as on the fix line.
 */
export declare function diffDiagnosisMessage(d: DiffDiagnosis, remake?: readonly string[]): string;
