/**
 * The first-bytes checks detectKind makes of a zip, a tar and an npy file, apart from their readers: the
 * readers pull in the pickle machine, the zip reader and fflate (whose tables are built when its module
 * is evaluated), and `inspect` of a safetensors set, which detects each file, should not start them
 * (issue 14: ~10-15 ms of CPU of a ~300 ms run, bench/scale-reading.md, session 9).
 */

/** PK\3\4 (a first local header) or PK\5\6 (an empty archive is only its end record). */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function isNpy(head: Uint8Array): boolean {
  return head.length >= 6 && NPY_MAGIC.every((b, i) => head[i] === b);
}

/** a tar block (a header, and the unit data is padded to) */
export const TAR_BLOCK = 512;

/** A tar header block as tarfile accepts it: a valid checksum (ustar magic is optional). */
export function isTar(head: Uint8Array): boolean {
  if (head.length < TAR_BLOCK) return false;
  const stored = octal(head, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  for (let i = 0; i < TAR_BLOCK; i++) unsigned += i >= 148 && i < 156 ? 0x20 : head[i]!;
  return stored === unsigned && head[0] !== 0;
}

/** A tar header's octal field of `n` bytes at `at` (NUL- or space-padded), or null when it is not octal. */
export function octal(b: Uint8Array, at: number, n: number): number | null {
  let s = '';
  for (let i = at; i < at + n; i++) {
    const c = b[i]!;
    if (c === 0 || c === 0x20) {
      if (s.length > 0) break;
      continue;
    }
    if (c < 0x30 || c > 0x37) return null;
    s += String.fromCharCode(c);
  }
  return s.length === 0 ? 0 : parseInt(s, 8);
}
