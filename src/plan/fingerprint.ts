/**
 * Is this the file the plan was made for? A plan made from a checkpoint records the source's size,
 * sha256 and (through its mapping) key set, and for a zip checkpoint (torch.save's format, TorchScript)
 * also `entriesSha256`, a digest of its zip directory's names, sizes and CRC-32s; one made from a
 * manifest, a key list or an error text records only the key set (its `source.kind` says which).
 *
 * Size, key set and the entries digest cost next to nothing (the directory is kilobytes), so they are
 * checked before anything is written. The CRC-32s are the file's own word about its bytes: whoever edits
 * a storage can leave them as they were (or fix them up with four bytes), so they identify the file only
 * when the plan recorded nothing stronger (`plan --no-hash`). A recorded sha256 is checked: it costs
 * a full read of the source at hash speed (1.2 GB/s with OpenSSL here, slower than the in-kernel copy
 * apply makes of a zip), in a worker thread while the output is written, compared before the output is
 * renamed into place — unless the source is the very file `plan` hashed, unchanged since by its
 * identity (device, inode, size, mtime, ctime: src/plan/source-identity.ts), whose bytes are then known.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Checkpoint, CheckpointFormat } from '../checkpoint/types.js';
import { openSource } from '../checkpoint/sources.js';
import { locationFiles } from '../formats/tensor.js';
import { zipEntriesDigest, type EntriesDigest } from '../formats/zip/entries-digest.js';
import { openZip } from '../formats/zip/reader.js';
import type { KeyEntry } from '../formats/keys.js';
import { keySetDigest, sameKeySet } from './key-set.js';
import { settledIdentity, type SourceIdentity } from './source-identity.js';
import { planSourceKind, type Plan, type PlanSourceKind } from './types.js';

/** The files whose bytes make up a checkpoint, in hashing order: the file itself, or a shard index then its shards by name. */
export function sourceFiles(ckpt: Pick<Checkpoint, 'format' | 'tensors' | 'files'>, path: string): string[] {
  if (ckpt.files) return ckpt.files;
  if (ckpt.format !== 'hf-sharded') return [path];
  const shards = new Set<string>();
  for (const t of ckpt.tensors) {
    const b = t.info.storage.bytes;
    if (b) for (const f of locationFiles(b)) shards.add(f);
  }
  return [path, ...[...shards].sort()];
}

/**
 * What `plan` records as `source.sha256`, computed the way `apply` checks it; for a single file also its
 * identity (src/plan/source-identity.ts), taken by fstat of the hashing descriptor before and after
 * hashing, when the file did not change meanwhile and was not written just before.
 */
export function fileFingerprint(files: readonly string[]): { sha256: string; identity?: SourceIdentity } {
  const h = createHash('sha256');
  const buf = new Uint8Array(HASH_CHUNK);
  let identity: SourceIdentity | null = null;
  for (const f of files) {
    const started = Date.now();
    const fd = openSync(f, 'r');
    try {
      const before = fstatSync(fd, { bigint: true });
      for (let pos = 0, n; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) h.update(buf.subarray(0, n));
      if (files.length === 1) identity = settledIdentity(before, fstatSync(fd, { bigint: true }), started);
    } finally {
      closeSync(fd);
    }
  }
  return { sha256: h.digest('hex'), ...(identity ? { identity } : {}) };
}

/** The zip formats: their directory lists a CRC-32 of every entry. */
const ZIP_FORMATS: ReadonlySet<CheckpointFormat> = new Set(['torch-zip', 'torchscript']);

/**
 * The entries digest of a single-file zip checkpoint (src/formats/zip/entries-digest.ts); for any other
 * format, or a zip whose directory records no checksums, why there is none.
 */
export function entriesFingerprint(format: CheckpointFormat, path: string): EntriesDigest {
  if (!ZIP_FORMATS.has(format)) return { why: `a ${format} file has no directory of checksums` };
  // a remote source's directory is among the ranges fetched for reading it
  const source = openSource(path, path);
  try {
    return zipEntriesDigest(openZip(source));
  } finally {
    source.close();
  }
}

const HASH_CHUNK = 128 << 10;
/** room for the worker's answer: a hex digest or an error message (cut to fit) */
const RESULT_BYTES = 1024;

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
export function keySetMatches(plan: Plan, entries: readonly KeyEntry[] | undefined): boolean | null {
  const recorded = plan.source.keySet;
  if (!recorded || !entries) return null;
  const now = keySetDigest(entries);
  return now !== null && sameKeySet(now, recorded);
}

const MADE_FROM: Record<Exclude<PlanSourceKind, 'checkpoint'>, string> = {
  manifest: 'a manifest',
  'key-list': 'a key list',
  'error-text': 'an error text',
};

/**
 * Why the plan does not fit this source (empty when it does), with a few examples each way. A plan
 * made from a checkpoint records that file's size, checked here (its sha256 is checked by apply while
 * writing), and its key set. A plan made from a manifest, a key list or an error text names no file
 * of the checkpoint's: the checkpoint fits when its selected state dict holds exactly the keys the
 * plan's mapping was made for.
 */
export function fingerprintProblems(plan: Plan, facts: FingerprintFacts): string[] {
  const problems: string[] = [];
  const kind = planSourceKind(plan);
  const keySet = keySetMatches(plan, facts.entries);
  // the key set the plan was made for: another file with it (another snapshot of the run) fits the plan
  if (keySet === true) return problems;
  if (kind === 'checkpoint' && plan.source.size !== facts.size) problems.push(`size is ${facts.size} bytes, the plan's source had ${plan.source.size}`);
  const planned = new Set(Object.keys(plan.mapping));
  const have = new Set(facts.keys);
  const extra = facts.keys.filter((k) => !planned.has(k));
  const absent = [...planned].filter((k) => !have.has(k));
  if (keySet === false && extra.length === 0 && absent.length === 0) {
    problems.push(`key set differs: the same ${facts.keys.length} key names as the plan's source, but shapes or dtypes differ (the plan records their digest, source.keySet)`);
  }
  if (extra.length || absent.length) {
    const parts: string[] = [];
    if (absent.length) parts.push(`${absent.length} planned key(s) absent (${examples(absent)})`);
    if (extra.length) parts.push(`${extra.length} key(s) the plan does not know (${examples(extra)})`);
    if (kind === 'checkpoint') problems.push(`key set differs: ${parts.join('; ')}`);
    else {
      const why = kind === 'error-text'
        ? 'which names only the keys that differed, so its plan fits no whole checkpoint: make the plan from the checkpoint with sdmatch plan CHECKPOINT ERROR.txt'
        : `so the checkpoint's keys must be exactly those of ${plan.source.file || 'that source'}`;
      problems.push(`key set differs (the plan was made from ${MADE_FROM[kind]}, ${why}): ${parts.join('; ')}`);
    }
  }
  return problems;
}

function examples(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((k) => `'${k}'`).join(', ');
  return keys.length > 3 ? `${shown}, …` : shown;
}

/**
 * A sha256 over `files` computed on another thread. `result()` blocks until it is known (or the hash
 * failed, e.g. a file vanished: the message is returned as an error).
 */
export interface BackgroundHash {
  result(): { sha256: string } | { error: string };
  cancel(): void;
}

/** Runs in the worker: plain JS (eval'd) so it works from sources and from the build alike. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { files, shared } = workerData;
const state = new Int32Array(shared, 0, 1);
const out = new Uint8Array(shared, 4);
let text = 'error:hash worker ended without an answer';
try {
  const h = createHash('sha256');
  const buf = Buffer.allocUnsafe(${HASH_CHUNK});
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    try {
      for (let pos = 0, n; (n = fs.readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) h.update(buf.subarray(0, n));
    } finally { fs.closeSync(fd); }
  }
  text = 'ok:' + h.digest('hex');
} catch (e) {
  text = 'error:' + String(e && e.message || e);
}
const bytes = Buffer.from(text.slice(0, ${RESULT_BYTES / 4}), 'utf8');
out.set(bytes.subarray(0, out.length));
Atomics.store(state, 0, 1 + bytes.length);
Atomics.notify(state, 0);
`;

export function hashInBackground(files: readonly string[]): BackgroundHash {
  const shared = new SharedArrayBuffer(4 + RESULT_BYTES);
  const state = new Int32Array(shared, 0, 1);
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { files: [...files], shared } });
  // the worker must not keep the process alive, nor its errors surface asynchronously
  worker.unref();
  worker.on('error', () => {});
  let settled: { sha256: string } | { error: string } | null = null;
  return {
    result() {
      if (settled) return settled;
      while (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0, 1000);
      const n = Atomics.load(state, 0) - 1;
      const text = Buffer.from(new Uint8Array(shared, 4, n)).toString('utf8');
      settled = text.startsWith('ok:') ? { sha256: text.slice(3) } : { error: text.replace(/^error:/, '') };
      void worker.terminate();
      return settled;
    },
    cancel() {
      void worker.terminate();
    },
  };
}
