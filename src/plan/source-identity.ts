/**
 * A source file's identity at the moment `plan` hashed it — device, inode, size, mtime and ctime in
 * nanoseconds — the stat shortcut git, make and rsync rely on. Every write to a file updates its
 * ctime, and ctime cannot be set from user space (utimes sets atime and mtime only, and itself updates
 * ctime), so a file whose five fields are all unchanged has not been written since they were read: its
 * bytes are still the ones the plan's sha256 was computed over, and `apply` need not re-read them.
 * Another machine, a copy (another inode) or a touched file has another identity and is re-hashed.
 *
 * Two limits, handled where the identity is taken (fileFingerprint, src/plan/fingerprint.ts):
 * - a write during hashing: the identity is taken by fstat of the hashing descriptor before and after;
 *   if they differ, none is recorded;
 * - a write in the same timestamp tick as the last one before hashing would leave ctime as it was
 *   ("racy git"): the identity is recorded only when mtime and ctime are older than the start of
 *   hashing by RACY_MARGIN_NS, coarser than any local file system's timestamp granularity (FAT's is 2 s).
 * A file changed through a shared writable mmap it had mapped dirty before hashing may not get a new
 * ctime until writeback; `apply --full-hash` re-reads the file whatever its identity says.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';

/**
 * The fields of fs.BigIntStats an identity is made of. Named here rather than imported from node:fs so
 * the library's declarations need no @types/node in a user's project (review 16 F13); fs.BigIntStats fits it.
 */
export interface IdentityStats {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export interface SourceIdentity {
  /** decimal strings: devices, inodes and nanosecond times exceed JSON's exact integers */
  device: string;
  inode: string;
  size: number;
  mtimeNs: string;
  ctimeNs: string;
}

/** The fields, in the order messages name them. */
export const IDENTITY_FIELDS = ['device', 'inode', 'size', 'mtimeNs', 'ctimeNs'] as const;

const RACY_MARGIN_NS = 3_000_000_000n;

export function identityOf(st: IdentityStats): SourceIdentity {
  return { device: String(st.dev), inode: String(st.ino), size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) };
}

export function sameIdentity(a: SourceIdentity, b: SourceIdentity): boolean {
  return IDENTITY_FIELDS.every((f) => a[f] === b[f]);
}

/**
 * The identity to record for bytes hashed between two fstats of one descriptor, `before` taken no
 * earlier than `startedMs` (wall clock): null when the file changed meanwhile, or was written too
 * recently for its timestamps to tell a later write apart.
 */
export function settledIdentity(before: IdentityStats, after: IdentityStats, startedMs: number): SourceIdentity | null {
  const a = identityOf(before);
  const b = identityOf(after);
  if (!sameIdentity(a, b)) return null;
  const limit = BigInt(startedMs) * 1_000_000n - RACY_MARGIN_NS;
  return after.mtimeNs < limit && after.ctimeNs < limit ? b : null;
}

/** Does `file`, opened and fstat'ed now, have exactly the recorded identity? False when it cannot be opened. */
export function identityHolds(file: string, recorded: SourceIdentity | undefined): boolean {
  if (!recorded) return false;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    return sameIdentity(identityOf(fstatSync(fd, { bigint: true })), recorded);
  } finally {
    closeSync(fd);
  }
}
