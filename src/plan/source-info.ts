/**
 * What a plan records about its source (`source.file/size/sha256/entriesSha256/select/kind`), computed
 * exactly the way `sdmatch apply` checks it (src/plan/fingerprint.ts), so a plan always fits the file it
 * was made from:
 * - a checkpoint: `size` is the checkpoint's size as opened — for a sharded index the index file plus
 *   every shard it names — and `sha256` the digest of those same bytes (the index, then its shards in
 *   name order), read in chunks, never held whole; for a zip checkpoint whose directory records
 *   CRC-32s, `entriesSha256` too, the digest apply checks by default;
 * - a text source (a manifest, a key list, an error text): `kind` says which, `size` is the size of
 *   the text's own bytes (standard input included) and `sha256` is empty: the plan names no
 *   checkpoint's bytes, so `apply` checks the checkpoint it is given by its keys alone (a plan
 *   written with `sdmatch check --plan-out` from two manifests applies to any checkpoint holding the
 *   lock's keys).
 * A single-file checkpoint hashed also records its identity (`identity`: device, inode, size, mtime, ctime;
 * src/plan/source-identity.ts): apply skips the re-hash while it is unchanged.
 * Checkpoints and manifests also record their key set (`keySet`, src/plan/key-set.ts) when every shape
 * and dtype is known: any checkpoint with that key set fits the plan.
 * A remote source (URL, hf://) is never hashed: that would download it. Its plan records no sha256,
 * as with --no-hash; apply, which needs the file downloaded, checks its size, keys and CRC-32s.
 * Hashing reads every byte of the source; `hash: false` records an empty sha256, which the plan format
 * allows ("unknown") and `apply` then does not check. The entries digest costs only the zip directory,
 * so it is recorded either way.
 */
import { statSync } from 'node:fs';
import type { ResolvedSide } from '../analysis/sides.js';
import { isRemotePath } from '../checkpoint/sources.js';
import { FormatError } from '../formats/errors.js';
import { entriesFingerprint, fileFingerprint, sourceFiles } from './fingerprint.js';
import { keySetDigest } from './key-set.js';
import type { PlanSourceInfo } from './schema.js';
import type { SourceIdentity } from './source-identity.js';
import type { PlanSourceKind } from './types.js';

export interface SourceInfoOptions {
  /** compute the sha256 (reads the whole source); default true */
  hash?: boolean;
  /** the text the side was read from when it came from standard input */
  stdinText?: string;
}

function hashFiles(files: readonly string[], reported: string): { sha256: string; identity?: SourceIdentity } {
  try {
    return fileFingerprint(files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FormatError(reported, `cannot read it to compute its sha256: ${code ?? (e as Error).message}`);
  }
}

export function planSourceInfo(side: ResolvedSide, opts: SourceInfoOptions = {}): PlanSourceInfo {
  const hash = opts.hash ?? true;
  const select = side.selected ? [...side.selected] : [];
  // names, shapes and dtypes: what lets the plan apply to another snapshot with this key set
  const digest = side.kind === 'checkpoint' || side.kind === 'manifest' ? keySetDigest(side.entries) : null;
  const keySet = digest ? { keySet: digest } : {};
  if (side.kind === 'checkpoint') {
    if (!side.checkpoint) throw new Error(`planSourceInfo: ${side.file} resolved as a checkpoint without one`);
    // the entries digest reads only the zip directory: recorded even when the full hash is not
    const entries = entriesFingerprint(side.checkpoint.format, side.file);
    const hashed = hash && !isRemotePath(side.file) ? hashFiles(sourceFiles(side.checkpoint, side.file), side.file) : null;
    // the identity vouches for the bytes hashed: of the checkpoint's size, or it names another state of the file
    const identity = hashed?.identity && hashed.identity.size === side.checkpoint.size ? { identity: hashed.identity } : {};
    return {
      file: side.file,
      size: side.checkpoint.size,
      sha256: hashed?.sha256 ?? '',
      ...identity,
      ...('sha256' in entries ? { entriesSha256: entries.sha256 } : {}),
      select,
      kind: 'checkpoint',
      ...keySet,
    };
  }
  const kind: PlanSourceKind = side.kind;
  if (opts.stdinText !== undefined) return { file: side.file, size: Buffer.byteLength(opts.stdinText, 'utf8'), sha256: '', select, kind, ...keySet };
  let size: number;
  try {
    size = statSync(side.file).size;
  } catch (e) {
    throw new FormatError(side.file, `cannot read its size: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { file: side.file, size, sha256: '', select, kind, ...keySet };
}
