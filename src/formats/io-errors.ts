/**
 * System errors that are the user's environment, not a bug: a full disk, a read-only or missing
 * folder, a permission. They become one FormatError line naming the file (exit 2), never "internal
 * error". One table: the CLI's last-resort net and apply's own handler both read it.
 */
import type { Stats } from 'node:fs';
import { FormatError } from './errors.js';

/** errno code → what the user reads after the file name */
export const ENVIRONMENT_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for this file system',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a folder on the path is a file',
  EISDIR: 'is a folder',
  EIO: 'input/output error (the disk failed)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EXDEV: 'crosses file systems',
  ETXTBSY: 'file is busy',
};

/** The errno code of a Node system error, when it is one of the environment's. */
export function environmentCode(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const code = (e as NodeJS.ErrnoException).code;
  return typeof code === 'string' && code in ENVIRONMENT_ERRORS ? code : null;
}

/**
 * Why an input could not be opened or read, after its name: the table's words (and the code, for a
 * search), with the two a reader meets most said of a file. Node decodes a name that is not valid
 * UTF-8 lossily (U+FFFD), so such a file exists yet is "missing": say why instead.
 */
export function readFailure(e: unknown, name: string): string {
  const code = environmentCode(e);
  if (code === 'ENOENT' && name === '-') return 'this argument names a file; standard input (-) is not read here';
  if (code === 'ENOENT' && name.includes('\uFFFD')) return 'no such file: the name is not valid UTF-8, which Node cannot pass on; rename the file';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code !== null) return `${ENVIRONMENT_ERRORS[code]} (${code})`;
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/**
 * `e` as a FormatError about `file` (the operation in `doing`: "cannot write"), when it is an
 * environment error; otherwise `e` unchanged.
 */
export function asEnvironmentError(e: unknown, file: string, doing: string): unknown {
  const code = environmentCode(e);
  if (code === null) return e;
  return new FormatError(file, `${doing}: ${ENVIRONMENT_ERRORS[code]} (${code})`, { cause: e });
}

/**
 * Why an existing path cannot be an output that sdmatch renames into place, or null for a regular
 * file: a rename over a device (`/dev/null`, as root), a FIFO or a socket would replace it.
 */
export function notRegularFile(st: Stats): string | null {
  if (st.isFile()) return null;
  const what = st.isCharacterDevice()
    ? 'a character device'
    : st.isBlockDevice()
      ? 'a block device'
      : st.isFIFO()
        ? 'a FIFO (named pipe)'
        : st.isSocket()
          ? 'a socket'
          : st.isDirectory()
            ? 'a folder'
            : 'not a regular file';
  return `is ${what}, not a regular file; name a new path or a regular file`;
}
