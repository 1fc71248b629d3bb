/**
 * System errors that are the user's environment, not a bug: a full disk, a read-only or missing
 * folder, a permission. They become one FormatError line naming the file (exit 2), never "internal
 * error". One table: the CLI's last-resort net and apply's own handler both read it.
 */
import type { Stats } from 'node:fs';
/** errno code → what the user reads after the file name */
export declare const ENVIRONMENT_ERRORS: Readonly<Record<string, string>>;
/** The errno code of a Node system error, when it is one of the environment's. */
export declare function environmentCode(e: unknown): string | null;
/**
 * Why an input could not be opened or read, after its name: the table's words (and the code, for a
 * search), with the two a reader meets most said of a file. Node decodes a name that is not valid
 * UTF-8 lossily (U+FFFD), so such a file exists yet is "missing": say why instead.
 */
export declare function readFailure(e: unknown, name: string): string;
/**
 * `e` as a FormatError about `file` (the operation in `doing`: "cannot write"), when it is an
 * environment error; otherwise `e` unchanged.
 */
export declare function asEnvironmentError(e: unknown, file: string, doing: string): unknown;
/**
 * Why an existing path cannot be an output that sdmatch renames into place, or null for a regular
 * file: a rename over a device (`/dev/null`, as root), a FIFO or a socket would replace it.
 */
export declare function notRegularFile(st: Stats): string | null;
