import type { Checkpoint, CheckpointFormat } from '../checkpoint/types.js';
import { type EntriesDigest } from '../formats/zip/entries-digest.js';
import type { KeyEntry } from '../formats/keys.js';
import { type SourceIdentity } from './source-identity.js';
import { type Plan } from './types.js';
/** The files whose bytes make up a checkpoint, in hashing order: the file itself, or a shard index then its shards by name. */
export declare function sourceFiles(ckpt: Pick<Checkpoint, 'format' | 'tensors' | 'files'>, path: string): string[];
/**
 * What `plan` records as `source.sha256`, computed the way `apply` checks it; for a single file also its
 * identity (src/plan/source-identity.ts), taken by fstat of the hashing descriptor before and after
 * hashing, when the file did not change meanwhile and was not written just before.
 */
export declare function fileFingerprint(files: readonly string[]): {
    sha256: string;
    identity?: SourceIdentity;
};
/**
 * The entries digest of a single-file zip checkpoint (src/formats/zip/entries-digest.ts); for any other
 * format, or a zip whose directory records no checksums, why there is none.
 */
export declare function entriesFingerprint(format: CheckpointFormat, path: string): EntriesDigest;
export interface FingerprintFacts {
    size: number;
    /** the selected state dict's keys */
    keys: readonly string[];
    /** the same keys with shapes and dtypes, to check a plan's key-set digest (src/plan/key-set.ts) */
    entries?: readonly KeyEntry[];
}
/**
 * Does the source have the key set the plan records (names, shapes, dtypes)? `null`: the plan records
 * none (made before key sets were recorded, or from a source without shapes), or no entries were given.
 */
export declare function keySetMatches(plan: Plan, entries: readonly KeyEntry[] | undefined): boolean | null;
/**
 * Why the plan does not fit this source (empty when it does), with a few examples each way. A plan
 * made from a checkpoint records that file's size, checked here (its sha256 is checked by apply while
 * writing), and its key set. A plan made from a manifest, a key list or an error text names no file
 * of the checkpoint's: the checkpoint fits when its selected state dict holds exactly the keys the
 * plan's mapping was made for.
 */
export declare function fingerprintProblems(plan: Plan, facts: FingerprintFacts): string[];
/**
 * A sha256 over `files` computed on another thread. `result()` blocks until it is known (or the hash
 * failed, e.g. a file vanished: the message is returned as an error).
 */
export interface BackgroundHash {
    result(): {
        sha256: string;
    } | {
        error: string;
    };
    cancel(): void;
}
export declare function hashInBackground(files: readonly string[]): BackgroundHash;
