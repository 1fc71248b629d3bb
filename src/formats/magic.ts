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

/** the tar test lives with tarfile's header reading */
export { isTar, TAR_BLOCK } from './tar-header.js';
