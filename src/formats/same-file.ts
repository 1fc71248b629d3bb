/**
 * Whether two paths name one file: the same path, or, both existing, the same device and inode (a
 * symlink to it, a hard link, `dir/../x` for `x`). What an output guard asks before a write that would
 * replace an input, and what apply asks of OUT and SOURCE. bigint stats: an inode number can pass 2^53.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a, { bigint: true });
    const sb = statSync(b, { bigint: true });
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    // one of them does not exist (or cannot be looked at): writing the one cannot replace the other
    return false;
  }
}
