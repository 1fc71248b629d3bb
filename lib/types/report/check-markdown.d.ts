import type { CheckReport } from './check-json.js';
/**
 * A code span holding `text` verbatim: the fence is one backtick longer than the longest run inside,
 * with a space either side when the text starts or ends with a backtick.
 */
export declare function mdCode(text: string): string;
/**
 * Plain text safe in a paragraph or table cell: the characters that start markup escaped (`&` so no
 * entity is formed, a leading `#` so no heading). Pipes are left to `cell`, which escapes them in
 * code spans too.
 */
export declare function mdText(text: string): string;
export declare function renderCheckMarkdown(r: CheckReport): string;
