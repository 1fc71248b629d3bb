export type Group = {
    group: 'digits';
} | {
    group: 'start';
} | {
    group: 'alt';
    alts: string[];
};
export type Atom = {
    lit: string;
} | Group;
export interface Template {
    anchored: boolean;
    end: boolean;
    /** the pattern cut at its literal dots; a trailing dot leaves an empty last segment */
    segments: Atom[][];
}
/** The template of a pattern, or null when it is not one a merge may rewrite (kept: treat as read-only). */
export declare function readTemplate(pattern: string): Template | null;
/**
 * The longest literal text every name the pattern matches contains ('' when it has none or is no
 * template): a cheap `includes` before the regex, on every key.
 */
export declare function needleOf(pattern: string): string;
export declare function renderPattern(t: Template): string;
export declare function groupsIn(segments: readonly Atom[][]): number;
export declare function sameSegment(a: readonly Atom[], b: readonly Atom[]): boolean;
/** Where two templates differ: the segments both share at the head and at the tail, and the runs between. */
export interface Difference {
    head: number;
    tail: number;
    a: Atom[][];
    b: Atom[][];
}
export declare function differenceOf(x: Template, y: Template): Difference | null;
/** The text of segments that are literal only (joined by dots), or null. */
export declare function literalText(segments: readonly Atom[][]): string | null;
/** The one group a run is made of (a single segment holding a single group), or null. */
export declare function soleGroup(segments: readonly Atom[][]): Group | null;
/** A replacement with every group reference from `from` on moved up by one (a group inserted before them). */
export declare function shiftGroups(replacement: string, from: number): string;
/**
 * The text two replacements differ in, widened to whole segments (a dot, an end, or a group reference on
 * each side): [start, end in a, end in b], or null when they are equal.
 */
export declare function replacementDifference(a: string, b: string): [number, number, number] | null;
type RenameOp = {
    op: 'rename';
    pattern: string;
    replacement: string;
};
/**
 * One rename saying what two say, placed where the first stands — a candidate only: merge-renames.ts
 * keeps it when the whole pipeline then names every key as before. Three ways:
 *   - the same replacement over two alternations of one segment: their union (`(16|18)` and `(15|17)`);
 *   - a literal segment where the other op has a group: the group takes it (`blocks.5.` into
 *     `blocks.(6|8).`, `5` into `(\d+)`), the group's op's replacement for both;
 *   - literal segments that the replacements copy where they differ (`to_q` → `to_q`, `to_k` → `to_k`):
 *     captured as one alternation and copied by its group (`(to_q|to_k)` → `$3`).
 */
export declare function mergedRename(x: RenameOp, y: RenameOp): RenameOp | null;
/**
 * What a rename writes at its end: the literal text after its pattern's last group and after its
 * replacement's last group reference (`m.` → `block.` for both `^stages\.(\d+)\.m\.` → `stages.$1.block.`
 * and `(^|\.)m\.` → `$1block.`). Two ops with the same edit may make one of them unneeded.
 */
export declare function editOf(op: RenameOp): string | null;
export {};
