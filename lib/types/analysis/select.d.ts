import type { KeyPath } from '../checkpoint/types.js';
import type { ErrorReport } from '../formats/error-text.js';
import type { KeyEntry } from '../formats/keys.js';
/**
 * Which state dict inside a file to compare. A training checkpoint holds several (`model`, `ema`,
 * `optimizer` …); the right one is the one whose keys best explain what the other side expects.
 */
export interface Candidate {
    path: KeyPath;
    entries: readonly KeyEntry[];
}
/** How a candidate's keys were lined up with the expected ones. */
export type MatchMethod = 'exact' | 'prefix' | 'suffix' | 'error-facts' | 'size';
export interface CandidateScore {
    path: KeyPath;
    /** share (0–1) of the expected side this candidate explains; null when there is no expected side */
    coverage: number | null;
    /** how many expected keys (or error facts) it explains */
    explained: number;
    method: MatchMethod;
    /** for method 'prefix': what was stripped from the candidate's keys and from the expected keys */
    prefix: {
        source: string;
        expected: string;
    } | null;
    /** of the explained keys whose shapes both sides know, the share with equal shapes (1 when none known) */
    shapeAgreement: number;
    tensors: number;
}
export interface Selection {
    chosen: Candidate | null;
    runnerUp: Candidate | null;
    /** best first; the same order as the candidates are ranked */
    scores: CandidateScore[];
    /** one sentence for the report */
    reason: string;
}
/** `['trainer', 'var_wo_ddp']` → `trainer/var_wo_ddp`; the file's root is `(root)`. */
export declare function formatKeyPath(path: KeyPath): string;
/** The candidate `--select SPEC` names (`trainer/var_wo_ddp`, `state_dict`, `(root)`). */
export declare function findCandidate<C extends Candidate>(candidates: readonly C[], spec: string): C;
export declare function selectStateDict(candidates: readonly Candidate[], expected: readonly KeyEntry[] | null): Selection;
/**
 * With an error text as the other side: the dict that produced the error holds every key it calls
 * unexpected, every size-mismatched key at the checkpoint shape it states, and none it calls missing.
 */
export declare function selectForErrorReport(candidates: readonly Candidate[], report: ErrorReport): Selection;
