/**
 * An output named through a symbolic link (review 22 F2). sdmatch writes a temporary beside OUT and renames it
 * into place; the kind test (device, FIFO, socket: refused) followed the link, the rename did not, so
 * `-o /dev/stdout` with stdout a file renamed the temporary over the /dev/stdout link itself (machine-wide, as
 * root). Here the link is followed first: a link to an open file descriptor (/dev/stdout, /dev/fd/N,
 * /proc/self/fd/N) is no file a rename can place, and is refused; a link to a regular file (or to a new path) is
 * written through: its target is replaced, the link stays.
 */
import { lstatSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { notRegularFile } from './io-errors.js';

/** A process's open file descriptor, by the names Linux and the BSDs give it. */
const DESCRIPTOR = /^\/(?:dev\/(?:std(?:in|out|err)|fd\/\d+)|proc\/(?:self|thread-self|\d+)\/fd\/\d+)$/;

/** As many links as Linux follows before ELOOP. */
const MAX_HOPS = 40;

export type OutputTarget =
  /** write here (OUT itself, or the file OUT's links end at) */
  | { ok: true; target: string }
  /** why not: after OUT's name, as `cannot write: …` says it; `descriptor` for a link to an open file descriptor */
  | { ok: false; why: string; descriptor: boolean };

/** Where a write of OUT must rename its temporary: OUT, or the end of its links; or why it cannot be written. */
export function outputTarget(out: string): OutputTarget {
  let path = resolve(out);
  const hops = [path];
  for (let i = 0; i < MAX_HOPS; i++) {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch {
      break;
    }
    if (!st.isSymbolicLink()) break;
    path = resolve(dirname(path), readlinkSync(path));
    hops.push(path);
  }
  const fd = hops.find((h) => DESCRIPTOR.test(h));
  if (fd !== undefined) return { ok: false, why: `it names an open file descriptor (${fd}), not a file sdmatch can write into place`, descriptor: true };
  if (hops.length === 1) return { ok: true, target: out };
  let st: Stats | undefined;
  try {
    st = statSync(path);
  } catch {
    // a link to a new path: the write creates its target
  }
  const special = st ? notRegularFile(st) : null;
  if (special) return { ok: false, why: `it is a link to ${path}, which ${special}`, descriptor: false };
  return { ok: true, target: path };
}
