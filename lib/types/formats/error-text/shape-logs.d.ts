import type { ReportedSizeMismatch } from '../error-text.js';
export interface ShapeLog {
    /** keys with both shapes sided */
    sized: ReportedSizeMismatch[];
    /** keys the log names as another shape without shapes it sides */
    shapeless: string[];
}
/** The lines of `lines` that are such log records, read. */
export declare function readShapeLog(lines: readonly string[]): ShapeLog;
