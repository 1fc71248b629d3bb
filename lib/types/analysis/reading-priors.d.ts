/**
 * What an error text leaves open, as data: for each situation a text can show, the readings that are
 * all consistent with it, the fix each reading calls for, the reading chosen when nothing in the text
 * decides (the prior) with the reason for it, and what would decide. One row per situation; the
 * detection of each situation lives in readings.ts, the knowledge here.
 *
 * A prior is stated only where one reading is the usual cause of that text in real threads (the counts
 * in the rows' comments are the labels of the corpus's visible halves, never a clean held-out half; a
 * `why` is shown to users, so it gives the PyTorch reason, never our corpus's counts); where the readings are about as common, `prior` is null and explain says
 * that the text alone cannot tell which fix is right, however good the plan for one of them is.
 */
export interface Reading {
    /** the reading's name, stable for JSON */
    id: string;
    /** what it says happened */
    says: string;
    /** the fix it calls for */
    fix: string;
    /** listed only where the text gives evidence for it (a reading met in one shape of text, noise elsewhere) */
    onlyWithEvidence?: boolean;
}
export interface ReadingSituation {
    id: string;
    /** what the text shows */
    shows: string;
    readings: readonly Reading[];
    /** the reading taken when nothing in the text decides; null: none is more likely */
    prior: string | null;
    /** why that prior (or why none) */
    why: string;
    /** what tells the readings apart, that the text does not give */
    decides: string;
    /** real situations the row covers (at least two), so that it is a rule, not a case */
    covers: readonly string[];
    /** findings that state the plan's reading as settled: left out when the row has no prior or the text points to another reading (they would contradict it) */
    asserts?: readonly string[];
}
export declare const READING_SITUATIONS: readonly ReadingSituation[];
export declare function readingSituation(id: string): ReadingSituation;
