/**
 * Every message sdmatch recognises as a failed (or lenient) load, one row per message family: the
 * words it is known by, the library that prints it (and since when, where known), and where it is
 * printed. looksLikeErrorText tests the rows on the text with every white space taken out (a terminal's
 * wrap falls anywhere), case-insensitively; the readers that take keys out of each message are in
 * error-text.ts and its neighbours. A new message is a new row here (with its source), never another
 * alternative inside a regex no reader can check.
 */
import type { ErrorFamily } from '../error-text.js';
export interface MessageFamily {
    /** on the squashed text: no white space between words, matched case-insensitively */
    pattern: RegExp;
    family: ErrorFamily;
    /** the library (and version) that prints it */
    printer: string;
    /** the file (or thread) it comes from */
    source: string;
    /** a line as the printer writes it (keys of a real thread's shape): what the row must find */
    example: string;
}
export declare const MESSAGE_FAMILIES: readonly MessageFamily[];
/** One test over every row: true when the squashed text holds a message of any family. */
export declare const MESSAGE_DETECTOR: RegExp;
