/**
 * What a plan records about its source (`source.file/size/sha256/select`), computed exactly the way
 * `sdmatch apply` checks it (src/plan/fingerprint.ts), so a plan always fits the file it was made from:
 * - a checkpoint: `size` is the checkpoint's size as opened — for a sharded index the index file plus
 *   every shard it names — and `sha256` the digest of those same bytes (the index, then its shards in
 *   name order), read in 4 MiB chunks, never held whole;
 * - a text source (an error text, manifest or key list): the size and digest of the text's own bytes
 *   (standard input included). Such a plan names no checkpoint, so `apply` refuses it without --force.
 * Hashing reads every byte of the source; `hash: false` records an empty digest, which the plan format
 * allows ("unknown") and `apply` then does not check.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { ResolvedSide } from '../analysis/sides.js';
import { FormatError } from '../formats/errors.js';
import { fileFingerprint, sourceFiles } from './fingerprint.js';
import type { PlanSourceInfo } from './schema.js';

export interface SourceInfoOptions {
  /** compute the sha256 (reads the whole source); default true */
  hash?: boolean;
  /** the text the side was read from when it came from standard input */
  stdinText?: string;
}

function hashFiles(files: readonly string[], reported: string): string {
  try {
    return fileFingerprint(files).sha256;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FormatError(reported, `cannot read it to compute its sha256: ${code ?? (e as Error).message}`);
  }
}

export function planSourceInfo(side: ResolvedSide, opts: SourceInfoOptions = {}): PlanSourceInfo {
  const hash = opts.hash ?? true;
  const select = side.selected ? [...side.selected] : [];
  if (side.checkpoint) {
    const files = sourceFiles(side.checkpoint, side.file);
    return { file: side.file, size: side.checkpoint.size, sha256: hash ? hashFiles(files, side.file) : '', select };
  }
  if (opts.stdinText !== undefined) {
    const bytes = Buffer.from(opts.stdinText, 'utf8');
    return { file: side.file, size: bytes.length, sha256: hash ? createHash('sha256').update(bytes).digest('hex') : '', select };
  }
  let size: number;
  try {
    size = statSync(side.file).size;
  } catch (e) {
    throw new FormatError(side.file, `cannot read its size: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { file: side.file, size, sha256: hash ? hashFiles([side.file], side.file) : '', select };
}
