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
export declare const IDENTITY_FIELDS: readonly ['device', 'inode', 'size', 'mtimeNs', 'ctimeNs'];
export declare function identityOf(st: IdentityStats): SourceIdentity;
export declare function sameIdentity(a: SourceIdentity, b: SourceIdentity): boolean;
/**
 * The identity to record for bytes hashed between two fstats of one descriptor, `before` taken no
 * earlier than `startedMs` (wall clock): null when the file changed meanwhile, or was written too
 * recently for its timestamps to tell a later write apart.
 */
export declare function settledIdentity(before: IdentityStats, after: IdentityStats, startedMs: number): SourceIdentity | null;
/** Does `file`, opened and fstat'ed now, have exactly the recorded identity? False when it cannot be opened. */
export declare function identityHolds(file: string, recorded: SourceIdentity | undefined): boolean;
