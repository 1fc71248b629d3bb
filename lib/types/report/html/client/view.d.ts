/**
 * In the page: everything outside the panes, in reading order — the answer (verdict, findings, the fix),
 * the counts per status (also the status filter), the two trees, the shape mismatches, the plan's ops
 * (hover: light the keys each moves; click: list them), the ambiguities, then the notes. Also search,
 * print and the ready mark the tests wait for.
 */
export declare const VIEW_JS: string;
