import type { KeyEntry } from '../../formats/keys.js';
import type { PlanOp } from '../../plan/types.js';
/**
 * The one JSON object a page embeds and renders from. `json` is, value for value, what the same
 * command prints with `--json` (built by the same function), so page and JSON cannot disagree:
 * every status the page shows is derived from it alone (keyStatuses, when the page is written, so
 * that a large page draws without first parsing its JSON). Beside it only what `--json` does not
 * carry: the answer's sentences as the text report words them, each side's keys with their shapes
 * (for parameter counts), and the keys each plan op acts on (for highlighting).
 */
export type PageCommand = 'diff' | 'plan' | 'explain' | 'check';
export type AnswerTone = 'green' | 'yellow' | 'red';
export interface PageAnswer {
    tone: AnswerTone;
    verdict: string;
    /** the diagnosis, findings or reasons, most important first */
    lines: string[];
    /** the fix as Python (one line when one op says it all); null when there is none */
    fix: string | null;
    /** where the fix's output still fails a strict load: what it leaves (a partial fix, never "the fix") */
    leaves?: string;
}
export interface PageSide {
    /** SOURCE / EXPECTED, or BASELINE / CURRENT for check */
    role: string;
    file: string;
    kind: string;
    /**
     * every key the side holds, in its order (empty for an error text: it names only what differed);
     * written whole, since the page compresses its data (see page.ts)
     */
    keys: string[];
    /** the distinct shapes the side's tensors have */
    shapeTable: number[][];
    /** per key (same order), its index in shapeTable; -1 when the shape is unknown */
    shapes: number[];
}
/**
 * A side as the page draws it: the keys the JSON names (the side's own in order, then any the JSON
 * adds), each with its status and counterparts, all derived from `json` by keyStatuses.
 */
export interface PageSideStatus extends PageSide {
    /** per key, its index in STATUSES (statuses.ts) */
    status: number[];
    /** per key, the position of its (first) counterpart in the other side's keys, or -1 */
    partner: number[];
    /** position → every counterpart's position, for the keys with more than one (a split or a concat) */
    morePartners: Record<string, number[]>;
    /** the distinct lists of plan ops acting on a key */
    ruleSets: number[][];
    /** per key, its index in ruleSets, or -1 when no op acts on it */
    rules: number[];
}
export interface PageData {
    format: 'sdmatch-html';
    version: 1;
    command: PageCommand;
    answer: PageAnswer;
    json: unknown;
    sides: {
        source: PageSideStatus;
        expected: PageSideStatus;
    };
    /**
     * per op of the plan (json.plan.ops), the keys it acts on as positions in sides.source.keys, in runs:
     * `[start, end, start, end, …]` stands for start..end-1 of each pair (a prefix op covers one run)
     */
    opKeys: number[][];
    /** per op, what it does in one phrase, as the text report's ops table says it */
    opText: string[];
}
export declare function pageSide(role: string, file: string, kind: string, entries: readonly KeyEntry[]): PageSide;
/** Sorted positions as runs: [0, 1, 2, 5] → [0, 3, 5, 6]. */
export declare function toRuns(sorted: readonly number[]): number[];
export declare function pageData(command: PageCommand, answer: PageAnswer, json: unknown, source: PageSide, expected: PageSide, ops: readonly PlanOp[]): PageData;
