import type { FormatError } from '../errors.js';
import { globalPath } from './global-path.js';
import type { GetattrUse, PickleResult } from './machine.js';
/**
 * How dangerous loading a file is, judged from the globals its pickles import (nothing is ever
 * imported here), worst first:
 * - `dangerous`: code execution, process/file/network access, nested unpickling, interpreter
 *   tampering, or a trick to show scanners and loaders different bytes;
 * - `incomplete`: sdmatch did not see every byte a loader would run (a parse stopped, a limit was
 *   reached, a member could not be read): nothing can be said, so nothing is promised;
 * - `unknown`: every byte was seen, but some global is not on the allowlist (model classes,
 *   third-party types): loading it runs code the file only names, so it needs trust in that code;
 * - `safe`: every byte a loader would run was seen and every global is on the weights-only allowlist.
 */
export type Verdict = 'safe' | 'unknown' | 'incomplete' | 'dangerous';
export interface GlobalFinding {
    module: string;
    name: string;
    verdict: Verdict;
    /** which stream it was found in, e.g. 'archive/data.pkl' */
    where: string;
    /** why it is not safe; set for every dangerous finding */
    reason?: string;
}
export interface SafetyReport {
    verdict: Verdict;
    globals: GlobalFinding[];
}
/** Worst verdict first wins. */
export declare function worstVerdict(a: Verdict, b: Verdict): Verdict;
export { globalPath };
/** The verdict and, when not safe, a short reason. */
export declare function explainGlobal(module: string, name: string): {
    verdict: Verdict;
    reason: string;
};
export declare function classifyGlobal(module: string, name: string): Verdict;
/** verdict = worst of findings; 'safe' if none */
export declare function safetyReport(findings: GlobalFinding[]): SafetyReport;
/** A finding for bytes a loader would run that sdmatch did not see: `what` says which kind of gap. */
export declare function incompleteFinding(where: string, what: string, reason: string): GlobalFinding;
/**
 * Findings for one parsed pickle: one per global it imports, plus one per anomaly. Anomaly findings
 * name the mutated global when there is one, else `module` is '' and `name` is the opcode.
 */
export declare function pickleFindings(result: Pick<PickleResult, 'globals' | 'anomalies'> & {
    error?: FormatError | null;
    getattr?: GetattrUse | null;
}, where: string): GlobalFinding[];
