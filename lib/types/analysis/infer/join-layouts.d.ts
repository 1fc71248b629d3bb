/**
 * Fused tensors whose real layout is not the plain concatenation of their parts: the elements are the
 * same, so a strict load passes, but the rows are interleaved and a plain `concat` (or a `split` into
 * consecutive chunks) scrambles them.
 * Shapes cannot tell (the head count is not in a state dict), so the plan joins them plainly and says
 * so in a warning naming what to check. Knowledge as data: each row says whose layout it is and why.
 */
export interface JoinLayoutNote {
    /** the fused tensor's name */
    whole: RegExp;
    /** what the real layout is, and what to do */
    note: string;
    /** where the layout is defined */
    reason: string;
}
export declare const JOIN_LAYOUT_NOTES: readonly JoinLayoutNote[];
/** The note for a joined tensor's name, if its real layout is not a plain concatenation. */
export declare function joinLayoutNote(whole: string): JoinLayoutNote | undefined;
