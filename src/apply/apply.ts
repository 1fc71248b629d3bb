/**
 * `sdmatch apply`: execute a plan on a source checkpoint and write the result.
 *
 * Order of work: check the plan fits the source (size, key set, a zip's entries digest; ops match,
 * ops and mapping agree) — nothing is written if not; where the source's identity needs its full
 * sha256 (no zip directory of CRC-32s, or --full-hash), start hashing it on another thread; rebuild
 * the few tensors whose bytes change; write everything else into a temporary file next to OUT — by an
 * in-kernel copy of the source with a new tail when every storage stays byte-identical
 * (apply-fast.ts), else by streaming storages from the source; fsync it, re-read it and check it;
 * wait for the hash and compare; rename it into place.
 * Any failure on the way removes the temporaries and leaves SOURCE and any existing OUT untouched.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { CheckpointFormat } from '../checkpoint/types.js';
import { listedByLoader } from '../checkpoint/layouts/loader-files.js';
import { FormatError } from '../formats/errors.js';
import { asEnvironmentError, notRegularFile } from '../formats/io-errors.js';
import { outputTarget } from '../formats/output-link.js';
import { sameFile } from '../formats/same-file.js';
import type { KeyEntry } from '../formats/keys.js';
import type { SafetyReport } from '../formats/pickle/safety.js';
import type { PyDict, PyTensor, PyValue } from '../formats/pickle/values.js';
import { locationLength, OpenFiles } from '../formats/storage-copy.js';
import { itemSize } from '../formats/dtype.js';
import { numel, type StorageInfo } from '../formats/tensor.js';
import { planKeyChanges, rebuilds, type KeyChanges } from './apply-changes.js';
import { dcpRenames, optimizerStateLeftBehind, rewriteDcpMetadata } from './dcp-rename.js';
import { FileSource } from '../formats/byte-source.js';
import { readDcpMetadata, type DcpMetadata } from '../formats/dcp/metadata.js';
import { Rebuilder } from './apply-bytes.js';
import { metadataOf, renameMetadata, withMetadata } from './apply-metadata.js';
import { copyInKernel, type StorageCopy } from './apply-fast.js';
import { AtomicOutput } from './apply-output.js';
import { openPlanSource, type PlanSource } from './apply-source.js';
import { formatKeyPath } from '../analysis/select.js';
import { replaceAt, stateDictNode } from './apply-tree.js';
import { verifyOutput } from './apply-verify.js';
import { writeOutput, type OutputFormat } from './apply-write.js';
import { entriesFingerprint, fingerprintProblems, hashInBackground, keySetMatches, sourceFiles, type BackgroundHash } from '../plan/fingerprint.js';
import { producedNames } from '../plan/edit.js';
import { identityHolds } from '../plan/source-identity.js';
import type { Plan, PlanOp } from '../plan/types.js';
import { checkPlanConsistency } from '../plan/validate.js';
import { ALLOW_GUESSED_DROPS, guessedDropsRefusal, withoutAgainstTextDrops } from '../plan/unsettled.js';
import { hasNoBytes, unwritableMessage, unwritableWhy } from '../plan/unwritable.js';

export type { OutputFormat } from './apply-write.js';
export type { StorageCopy } from './apply-fast.js';

export interface ApplyOptions {
  source: string;
  plan: Plan;
  /** the plan's file name, for messages */
  planFile: string;
  /** the output path; a folder when sharding */
  out: string;
  /** default: from OUT's extension, else the source's format (safetensors stays safetensors, everything else torch) */
  format?: OutputFormat;
  /** write the whole source tree with the selected state dict replaced */
  keepContainer?: boolean;
  /** shard the output (OUT is then a folder) */
  maxShardBytes?: number | null;
  /** apply a plan whose fingerprint does not match, following its ops */
  force?: boolean;
  /** the state dict inside SOURCE (`--select`), when it is nested elsewhere than in the plan's source */
  selectOverride?: string;
  /** allow OUT to be SOURCE */
  inPlace?: boolean;
  /** check the source's digest against the plan's (default true; size and key set are always checked) */
  verifyHash?: boolean;
  /**
   * re-read and hash the whole source even when its identity (device, inode, size, mtime, ctime) shows it
   * unchanged since `plan` hashed it (`--full-hash`); a recorded sha256 is otherwise checked unless the
   * identity holds (a zip's CRC-32s can be forged, an identity cannot be kept through a write)
   */
  fullHash?: boolean;
  /**
   * the source is trusted: `--keep-container` may carry a dangerous source's objects (the code its
   * pickle runs included) into OUT
   */
  trust?: boolean;
  /** fsync OUT (default true); false: `--no-sync` */
  sync?: boolean;
  /** start the watcher that removes temporaries if the process is killed mid-write */
  guardInterrupts?: boolean;
  /** copy the source in-kernel and rewrite its tail when every storage stays byte-identical (default true) */
  fast?: boolean;
  progress?: (written: number, total: number) => void;
  /**
   * apply drops the plan marks `unsettled` (made on a reading the error text does not settle) instead of
   * refusing the plan before anything is written (`--allow-guessed-drops`)
   */
  allowGuessedDrops?: boolean;
}

/**
 * How the source was recognised as the plan's: `matched` — its sha256 (every byte hashed);
 * `unchanged since plan` — the very file `plan` hashed, not written since: same device, inode, size,
 * mtime and ctime (src/plan/source-identity.ts), before and after apply read it; its sha256 not re-read;
 * `entries matched` — its zip directory's names, sizes and CRC-32s (the plan's entriesSha256);
 * `key set matched` — another file whose selected state dict has the key names, shapes and dtypes the
 * plan was made for (source.keySet), e.g. another snapshot of the same run.
 */
export type HashCheck = 'matched' | 'unchanged since plan' | 'entries matched' | 'key set matched' | 'not recorded' | 'not checked (dry run)' | 'not checked (--no-verify-hash)' | 'not checked (--force)';

export interface ApplyPreview {
  source: { file: string; format: CheckpointFormat; size: number; select: (string | number)[]; safety: SafetyReport };
  out: string;
  format: OutputFormat;
  sharded: boolean;
  keepContainer: boolean;
  changes: KeyChanges;
  /** why the plan does not fit this source, when --force overrode it */
  forced: string[];
  hash: HashCheck;
  /** module versions carried over: null when the source has none */
  metadata: { entries: number; renamed: number; dropped: string[]; carried: boolean } | null;
  /** output tensor bytes to write */
  totalBytes: number;
  notes: string[];
  /** a DCP folder renamed in place (its .metadata alone rewritten): the output is that folder, not a new file */
  dcpInPlace?: true;
}

export interface ApplyResult extends ApplyPreview {
  written: { files: string[]; bytes: number; tensors: number; seconds: number; storages: StorageCopy };
}

/** What apply would do, without writing anything (a zip's entries digest is checked; no sha256 is computed). */
export function dryRunApply(opts: ApplyOptions): ApplyPreview {
  // the same refusal, line and exit code as apply: a CI step that checks with --dry-run must fail where apply would
  refuseGuessedDrops(opts);
  const { preview, src } = prepare(opts);
  const notes = [
    ...preview.notes,
    ...(dcpInPlaceTarget(opts, src) ? [`in place: only ${src.checkpoint.files![0]} would be rewritten; the data files are not touched`] : []),
  ];
  return { ...preview, notes, hash: preview.hash === 'matched' ? 'not checked (dry run)' : preview.hash, ...(dcpInPlaceTarget(opts, src) ? { dcpInPlace: true as const } : {}) };
}

/** Before anything is read or written: a guessed drop loses weights silently once the file is written. */
function refuseGuessedDrops(opts: ApplyOptions): void {
  const line = guessedDropsRefusal(opts.plan, opts.allowGuessedDrops ?? false, 'written');
  if (line) throw new FormatError(opts.planFile, line);
}

export function applyPlan(opts: ApplyOptions): ApplyResult {
  refuseGuessedDrops(opts);
  const started = Date.now();
  // the hash is the longest job of a rename (a full read at ~1.5 GB/s against the kernel's copy): a
  // single-file source's starts before the source is even opened, and is dropped if it turns out unneeded
  const early = mayNeedHash(opts) ? hashInBackground([opts.source]) : null;
  let prepared: Prepared;
  try {
    prepared = prepare(opts);
  } catch (e) {
    early?.cancel();
    throw e;
  }
  const { preview, src, metadata } = prepared;
  const hashed = sourceFiles(src.checkpoint, src.path);
  const earlyFits = preview.hash === 'matched' && hashed.length === 1 && hashed[0] === opts.source;
  if (!earlyFits) early?.cancel();
  const dcpMetadata = dcpInPlaceTarget(opts, src);
  if (dcpMetadata) return renameDcpInPlace(opts, preview, src, dcpMetadata, started);
  const hash: BackgroundHash | null = preview.hash !== 'matched' ? null : earlyFits ? early : hashInBackground(hashed);
  let output: AtomicOutput;
  try {
    output = new AtomicOutput(opts.out, preview.sharded ? 'dir' : 'file', { guardInterrupts: opts.guardInterrupts ?? false, sync: opts.sync ?? true, expectedBytes: preview.totalBytes });
  } catch (e) {
    hash?.cancel();
    throw writeProblem(e, opts.out, src.path);
  }
  const files = new OpenFiles();
  try {
    const sources = new Map(src.entries);
    const rebuilder = new Rebuilder(sources, files);
    const tensors: [string, PyTensor][] = preview.changes.outputs.map((o) => [
      o.key,
      o.recipe.kind === 'source' ? asTorchTensor(sources.get(o.recipe.key)!) : rebuilder.build(o),
    ]);
    const root = outputRoot(src, tensors, metadata, preview.keepContainer);
    const progress = opts.progress ? { progress: opts.progress } : {};
    const storages = withSourceFile(src.path, () => copyInKernel(output.temp, {
      enabled: opts.fast ?? true, src, format: preview.format, sharded: preview.sharded, keepContainer: preview.keepContainer,
      outputs: preview.changes.outputs, tensors, root, totalBytes: preview.totalBytes, ...progress,
    }));
    const written = storages.kind === 'in-kernel' ? { entry: output.temp, files: [output.temp] } : withSourceFile(src.path, () =>
      writeOutput(output.temp, { format: preview.format, root, tensors, maxShardBytes: opts.maxShardBytes ?? null, out: opts.out, totalBytes: preview.totalBytes, ...progress }, files),
    );
    output.flush();
    const check = verifyOutput({
      entry: written.entry,
      name: opts.out,
      select: preview.keepContainer ? src.select : [],
      tensors: tensors.map(([key, t]) => ({ key, info: t.info })),
      layout: preview.format === 'torch' ? 'storages' : 'tensors',
      ordered: preview.format === 'torch' && !preview.sharded,
      allowDangerous: opts.trust ?? false,
    });
    // still the file plan hashed, after apply read it: else its bytes may have changed under the copy
    if (preview.hash === 'unchanged since plan' && !identityHolds(src.path, opts.plan.source.identity)) {
      throw new FormatError(src.path, 'changed while apply was reading it (its device, inode, size, mtime or ctime is no longer what plan recorded): nothing was written; run apply again once it is complete');
    }
    if (hash) {
      const h = hash.result();
      if ('error' in h) throw new FormatError(src.path, `cannot hash the source: ${h.error}`);
      if (h.sha256 !== opts.plan.source.sha256 && keySetMatches(opts.plan, src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }))) === true) {
        preview.hash = 'key set matched';
      } else if (h.sha256 !== opts.plan.source.sha256) {
        throw new FormatError(opts.planFile, `the plan was made for another file: ${src.path} has sha256 ${h.sha256.slice(0, 12)}…, the plan's source ${opts.plan.source.sha256.slice(0, 12)}… (same size and keys; pass --force to apply it anyway)`);
      }
    }
    output.commit();
    const names = written.files.map((f) => f.replace(output.temp, opts.out));
    const bytes = names.reduce((n, f) => n + statSync(f).size, 0);
    return { ...preview, written: { files: names, bytes, tensors: check.tensors, seconds: (Date.now() - started) / 1000, storages } };
  } catch (e) {
    try {
      output.abort();
    } catch {
      // the temporaries could not be removed either (the folder went read-only): the watcher, or the
      // next apply into this folder, removes them
    }
    throw writeProblem(e, opts.out, src.path);
  } finally {
    hash?.cancel();
    files.close();
  }
}

/** Whether identityCheck may ask for the source's sha256 (a plan that records one, not forced, not --no-verify-hash), of a plain local file. */
function mayNeedHash(opts: ApplyOptions): boolean {
  if (!opts.plan.source.sha256 || opts.force || opts.verifyHash === false) return false;
  if (!opts.fullHash && identityHolds(opts.source, opts.plan.source.identity)) return false;
  try {
    return statSync(opts.source).isFile();
  } catch {
    return false;
  }
}

/** `apply --in-place` on a file that already holds the plan's output: nothing to do, said and exit 0. */
export class AlreadyApplied extends Error {
  override readonly name = 'AlreadyApplied';
}

/** The file's keys are exactly the names the plan's mapping produces (and not the ones it reads). */
function holdsPlanOutput(plan: Plan, keys: readonly KeyEntry[]): boolean {
  const produced = new Set(producedNames(plan.mapping));
  if (produced.size !== keys.length || produced.size === 0) return false;
  return keys.every((k) => produced.has(k.key)) && Object.keys(plan.mapping).some((k) => !produced.has(k));
}

interface Prepared {
  preview: ApplyPreview;
  src: PlanSource;
  /** the renamed `_metadata`, when the source has one */
  metadata: PyDict | null;
}

function prepare(opts: ApplyOptions): Prepared {
  const { planFile } = opts;
  const sharded = opts.maxShardBytes !== undefined && opts.maxShardBytes !== null;
  if (sharded && !(opts.maxShardBytes! > 0)) throw new FormatError('', `--max-shard-size must be positive`);
  const src = openPlanSource(opts.source, opts.plan.source.select, opts.selectOverride, opts.plan);
  checkOutputPath(opts, src, sharded);
  const keys: KeyEntry[] = src.entries.map(([key, t]) => ({ key, shape: t.info.shape, dtype: t.info.dtype }));

  const problems = fingerprintProblems(opts.plan, { size: src.checkpoint.size, keys: keys.map((k) => k.key), entries: keys });
  if (problems.length > 0 && !opts.force) {
    // a re-run (review 22 F11: `--in-place` twice): the file already holds the plan's output keys, and --force
    // would only fail on ops that match nothing
    if (holdsPlanOutput(opts.plan, keys)) {
      const said = `${src.path} already holds what the plan writes (its keys are the plan's output keys: applied before?)`;
      if (opts.inPlace) throw new AlreadyApplied(`${said}; nothing to do`);
      throw new FormatError(planFile, `${said}; nothing to write: use it as it is`);
    }
    throw new FormatError(planFile, `the plan was made for another file: ${src.path}'s ${problems.join('; ')} (pass --force to apply its ops anyway)`);
  }
  const notes: string[] = [];
  // the plan as written is checked; what runs is that plan less the drops the text argues against, which
  // --allow-guessed-drops leaves undone (without the flag such a plan was refused before anything was read)
  const { plan, undone, kept } = opts.allowGuessedDrops ? withoutAgainstTextDrops(opts.plan, keys) : { plan: opts.plan, undone: [], kept: [] };
  if (undone.length > 0) notes.push(undoneNote(undone, kept));
  if (src.foundByKeys) notes.push(`the state dict is the one at ${formatKeyPath(src.select)}, found by the plan's source keys (the plan records ${formatKeyPath(opts.plan.source.select)}, from ${opts.plan.source.file})`);
  const changes = planKeyChanges(plan, planFile, keys);
  if (!opts.force) {
    const disagree = checkPlanConsistency(opts.plan, keys);
    if (disagree.length > 0) {
      const more = disagree.length > 1 ? ` (and ${disagree.length - 1} more)` : '';
      // the ops are the plan; the mapping is derived from them, and one that disagrees was not re-derived
      throw new FormatError(planFile, `ops and mapping disagree: ${disagree[0]}${more}; the ops define the plan: after editing them, recompute the mapping with sdmatch plan edit ${planFile} -o ${planFile}`);
    }
  }

  refuseUnwritable(changes, src);

  const format = opts.format ?? formatFor(opts.out, src.checkpoint.format, src);
  const keepContainer = opts.keepContainer ?? false;
  if (keepContainer) {
    if (format !== 'torch' || sharded) throw new FormatError('', '--keep-container writes a single torch file: it cannot be combined with safetensors or sharded output');
    const folder = DISTRIBUTED[src.checkpoint.format];
    if (folder !== undefined) {
      throw new FormatError(src.path, `--keep-container keeps a file's other objects around its state dict; a consolidated ${folder} checkpoint is written as its state dict alone (the rest stays in its folder): write it without --keep-container`);
    }
    if (!['torch-zip', 'legacy-torch', 'pickle'].includes(src.checkpoint.format) || src.dict === null) {
      throw new FormatError(src.path, `--keep-container needs a pickled checkpoint whose state dict is a dict; this ${src.checkpoint.format} file has only tensors to keep (write it without --keep-container)`);
    }
    if (src.checkpoint.safety.verdict === 'dangerous' && !opts.trust) {
      throw new FormatError(src.path, 'is dangerous (sdmatch inspect lists what its pickle reaches): --keep-container would carry its objects, and the code they run, into OUT; write the state dict alone (without --keep-container), or pass --trust if you trust this file');
    }
    if (src.checkpoint.safety.verdict === 'incomplete' && !opts.trust) {
      throw new FormatError(src.path, 'has a safety verdict of incomplete (sdmatch inspect says why): --keep-container would carry objects sdmatch could not vet into OUT; write the state dict alone (without --keep-container), or pass --trust if you trust this file');
    }
  }
  const meta = src.dict ? metadataOf(src.dict) : null;
  let metadata: ApplyPreview['metadata'] = null;
  let renamedMeta: PyDict | null = null;
  if (meta) {
    const r = renameMetadata(meta, plan.ops, changes.mapping);
    renamedMeta = r.metadata;
    metadata = { entries: r.metadata.entries.length, renamed: r.renamed, dropped: r.dropped, carried: format === 'torch' };
    if (format !== 'torch') notes.push('module versions (_metadata) are not carried: safetensors has no place for them; BatchNorm then assumes the current version');
  }

  const hash = identityCheck(opts, src, notes, keySetMatches(opts.plan, keys) === true);
  const preview: ApplyPreview = {
    source: { file: src.path, format: src.checkpoint.format, size: src.checkpoint.size, select: [...src.select], safety: src.checkpoint.safety },
    out: opts.out,
    format,
    sharded,
    keepContainer,
    changes,
    forced: opts.force ? problems : [],
    hash,
    metadata,
    totalBytes: outputBytes(changes, new Map(src.entries), format),
    notes,
  };
  return { preview, src, metadata: renamedMeta };
}

/**
 * A source tensor the output needs whose bytes the reader does not hold as one tensor (a Megatron key of
 * unknown split): refused before anything is written, in plan's words (review 14 F8: the writer's own
 * "has no bytes in the file to copy" named neither the cause nor a way out).
 */
function refuseUnwritable(changes: KeyChanges, src: PlanSource): void {
  const sources = new Map(src.entries);
  const keys = [...new Set(changes.outputs.flatMap((o) => o.sources))].filter((k) => {
    const t = sources.get(k);
    return t !== undefined && hasNoBytes(t.info);
  });
  if (keys.length > 0) throw new FormatError(src.path, unwritableMessage(keys, (k) => unwritableWhy(k, sources.get(k)?.info.storage.key)));
}

/** What --allow-guessed-drops left undone: the drops the text argues against, and the keys kept for them. */
function undoneNote(undone: readonly Extract<PlanOp, { op: 'drop' }>[], kept: readonly string[]): string {
  const readings = [...new Set(undone.map((op) => op.text_reading ?? 'another reading'))].join(', ');
  const shown = kept.slice(0, 3).join(', ') + (kept.length > 3 ? ', …' : '');
  return `${undone.length === 1 ? `drop ${undone[0]!.pattern} was` : `${undone.length} drops were`} left undone: the error text argues against ${undone.length === 1 ? 'it' : 'them'} (it points to ${readings}), so ${ALLOW_GUESSED_DROPS} does not apply ${undone.length === 1 ? 'it' : 'them'}; ${kept.length} key(s) kept in the output as they are (${shown}): the model as the text shows it does not take them, so strict=True still refuses them until the model takes them (built with them, or renamed onto the names it holds them by), or you decide they should go (remove the op's unsettled and text_reading)`;
}

/**
 * How the source is recognised as the plan's. A zip whose directory records CRC-32s is checked here and
 * now through them (a mismatch stops apply before anything is written). A recorded sha256 is computed
 * while writing (`matched` means: to be compared before the rename), unless the source is the very file
 * `plan` hashed, unchanged since (its identity, checked again before the rename) and not --full-hash.
 */
function identityCheck(opts: ApplyOptions, src: PlanSource, notes: string[], keySetMatched: boolean): HashCheck {
  const { sha256, entriesSha256 } = opts.plan.source;
  if (!sha256 && !entriesSha256) return keySetMatched ? 'key set matched' : 'not recorded';
  if (opts.force) return 'not checked (--force)';
  if (opts.verifyHash === false) return 'not checked (--no-verify-hash)';
  // another file with the plan's key set fits it: its bytes need not be the plan's source's
  if (keySetMatched && src.checkpoint.size !== opts.plan.source.size) return 'key set matched';
  if (entriesSha256) {
    const now = entriesFingerprint(src.checkpoint.format, src.path);
    if (keySetMatched && 'sha256' in now && now.sha256 !== entriesSha256) return 'key set matched';
    if ('sha256' in now && now.sha256 !== entriesSha256) {
      throw new FormatError(opts.planFile, `the plan was made for another file: ${src.path} holds other bytes under the same names (its zip directory's CRC-32s give entries digest ${now.sha256.slice(0, 12)}…, the plan's source ${entriesSha256.slice(0, 12)}…; pass --force to apply it anyway)`);
    }
    // CRC-32s are what the file says of itself: rewriting data and keeping (or recomputing) them is
    // trivial, so they identify the file only when the plan recorded nothing stronger (plan --no-hash)
    if ('sha256' in now && !sha256) return 'entries matched';
    if ('why' in now && sha256) notes.push(`the source's entries digest cannot be checked: ${now.why}; its sha256 (or, unchanged since plan hashed it, its identity) is checked instead`);
  }
  if (!sha256) return 'not recorded';
  const single = sourceFiles(src.checkpoint, src.path);
  const unchanged = !opts.fullHash && single.length === 1 && single[0] === src.path && identityHolds(src.path, opts.plan.source.identity);
  return unchanged ? 'unchanged since plan' : 'matched';
}

/** Explicit --format, else OUT's extension, else what the source is (safetensors in, safetensors out). */
function formatFor(out: string, format: CheckpointFormat, src: PlanSource): OutputFormat {
  const ext = extname(out).toLowerCase();
  if (ext === '.safetensors') return 'safetensors';
  if (['.pt', '.pth', '.bin', '.ckpt', '.tar'].includes(ext)) return 'torch';
  if (format === 'safetensors') return 'safetensors';
  if (format === 'hf-sharded') {
    const first = src.entries[0]?.[1].info.kind;
    return first === 'safetensors' ? 'safetensors' : 'torch';
  }
  return 'torch';
}

/**
 * The `.metadata` to rewrite when OUT is a DCP source itself (its directory or one of its files) and
 * --in-place is given: renaming a DCP checkpoint in place touches nothing else. Null otherwise.
 */
function dcpInPlaceTarget(opts: ApplyOptions, src: PlanSource): string | null {
  const files = src.checkpoint.files;
  if (src.checkpoint.format !== 'dcp' || !opts.inPlace || !files) return null;
  const out = resolve(opts.out);
  const metadata = files[0]!;
  return out === resolve(dirname(metadata)) || files.some((f) => resolve(f) === out) ? metadata : null;
}

/** In-place rename of a DCP checkpoint: the plan must only rename and drop; .metadata alone is rewritten. */
function renameDcpInPlace(opts: ApplyOptions, preview: ApplyPreview, src: PlanSource, metadataFile: string, started: number): ApplyResult {
  const c = preview.changes;
  if (rebuilds(c) > 0 || c.outputs.some((o) => o.recipe.kind === 'source' && o.sources.length !== 1)) {
    throw new FormatError(opts.planFile, 'renaming a DCP checkpoint in place rewrites only its .metadata: this plan changes tensor bytes (transpose, reshape, split or concat); write a consolidated checkpoint instead (-o out.safetensors)');
  }
  const mapping = new Map<string, string | null>(src.entries.map(([k]) => [k, null]));
  const seen = new Set<string>();
  for (const o of c.outputs) {
    const from = o.sources[0]!;
    if (seen.has(from)) throw new FormatError(opts.planFile, `the plan gives "${from}" two names: a DCP checkpoint renamed in place holds each tensor once`);
    seen.add(from);
    mapping.set(from, o.key);
  }
  for (const [k, v] of [...mapping]) if (v === k) mapping.delete(k);
  if (preview.hash === 'matched') {
    const h = hashInBackground(sourceFiles(src.checkpoint, src.path)).result();
    if ('error' in h) throw new FormatError(src.path, `cannot hash the source: ${h.error}`);
    if (h.sha256 !== opts.plan.source.sha256) {
      throw new FormatError(opts.planFile, `the plan was made for another checkpoint: ${src.path} has sha256 ${h.sha256.slice(0, 12)}…, the plan's source ${opts.plan.source.sha256.slice(0, 12)}… (same size and keys; pass --force to apply it anyway)`);
    }
  }
  const meta = readDcpMetadataOf(metadataFile);
  const behind = optimizerStateLeftBehind(meta, src.select, mapping);
  const r = rewriteDcpMetadata(metadataFile, dcpRenames(meta, src.select, mapping, metadataFile), { sync: opts.sync ?? true });
  // read the whole checkpoint again: the renamed keys must be there, with the shapes the plan expects
  const after = openPlanSource(dirname(metadataFile), src.select);
  const got = new Map(after.entries.map(([k, t]) => [k, t.info.shape]));
  const wrong = c.outputs.filter((o) => !got.has(o.key) || (o.shape !== null && JSON.stringify(got.get(o.key)) !== JSON.stringify(o.shape)));
  if (wrong.length > 0) throw new Error(`DCP .metadata rewritten but ${wrong[0]!.key} is not read back as planned`);
  const notes = [...preview.notes, `in place: only ${metadataFile} was rewritten (${r.renamed} renamed, ${r.dropped} dropped); the data files were not touched${r.dropped > 0 ? ' (dropped chunks stay in them, unreferenced)' : ''}`];
  if (behind.length > 0) {
    notes.push(`in place: ${behind.length} optimizer-state item(s) still name the renamed parameters by their old names (${behind.slice(0, 2).map((k) => `\`${k}\``).join(', ')}${behind.length > 2 ? ', …' : ''}), and get_state_dict's param_groups list parameter names too, inside the data files, which a .metadata rewrite cannot change: the model loads from this folder under its new names, but resuming the optimizer from it fails; to keep training from it, save model and optimizer again from the renamed model (get_state_dict)`);
  }
  return { ...preview, notes, dcpInPlace: true, written: { files: [metadataFile], bytes: r.bytes, tensors: after.entries.length, seconds: (Date.now() - started) / 1000, storages: { kind: 'metadata-only' } } };
}

function readDcpMetadataOf(file: string): DcpMetadata {
  const source = new FileSource(file);
  try {
    const r = readDcpMetadata(source, file);
    if (!r.meta) throw r.error ?? new FormatError(file, 'not a DCP .metadata');
    return r.meta;
  } finally {
    source.close();
  }
}

function checkOutputPath(opts: ApplyOptions, src: PlanSource, sharded: boolean): void {
  if (dcpInPlaceTarget(opts, src)) return;
  // a link to /dev/stdout's descriptor or to a device: the stat below follows it and may find a regular file (review 22 F2)
  const link = outputTarget(opts.out);
  if (!link.ok) throw new FormatError(opts.out, `cannot write: ${link.why}`);
  const folder = dirname(resolve(opts.out));
  let dir: Stats;
  try {
    dir = statSync(folder);
  } catch (e) {
    throw asEnvironmentError(e, opts.out, `cannot write into ${folder}`);
  }
  if (!dir.isDirectory()) throw new FormatError(opts.out, `cannot write into ${folder}: it is not a folder`);
  let st: Stats;
  try {
    st = statSync(opts.out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      // a new file its framework's loader would read on resume, as it reads the source's own files
      const listed = listedByLoader([...sourceFiles(src.checkpoint, src.path), ...(src.checkpoint.opened ?? [])], opts.out);
      if (listed !== null) throw new FormatError(opts.out, `is in ${listed}: a file written there would be read as part of the source on resume; sdmatch never writes into its source: write the output elsewhere`);
      return;
    }
    throw asEnvironmentError(e, opts.out, 'cannot write');
  }
  if (st.isDirectory()) {
    // --in-place names no output: the folder is SOURCE itself (review 19 F11)
    if (opts.inPlace) throw new FormatError(opts.out, `is a ${MULTI_FILE[src.checkpoint.format] ?? 'checkpoint folder'}: --in-place rewrites one file (or a DCP folder's .metadata) and cannot rewrite it; write a consolidated checkpoint with -o OUT.pt (or -o DIR --max-shard-size SIZE)`);
    if (!sharded) throw new FormatError(opts.out, 'is a folder; name the output file (or shard with --max-shard-size, which writes a folder)');
    if (readdirSync(opts.out).length > 0) throw new FormatError(opts.out, 'exists and is not empty; sharded output needs a new or empty folder');
    return;
  }
  // a device, FIFO or socket would be replaced by the rename (or, written to, would swallow or block
  // the output): only a regular file or a new path is an output
  const special = notRegularFile(st);
  if (special) throw new FormatError(opts.out, special);
  if (sharded) throw new FormatError(opts.out, 'exists and is a file; sharded output is a folder');
  const identity = sourceFiles(src.checkpoint, src.path);
  // every file the folder's reader or its framework's loader opens (optimizer states, `latest`, the tracker) is SOURCE too (review 19 F5)
  const guarded = [...new Set([...identity, ...(src.checkpoint.opened ?? [])])];
  const hit = guarded.find((f) => sameFile(f, opts.out));
  if (hit === undefined) return;
  // --in-place replaces one file: the whole checkpoint written over one file of a set (its index, a rank file) breaks the set (review 19 F4)
  if (opts.inPlace && guarded.length > 1) {
    const what = MULTI_FILE[src.checkpoint.format] ?? 'checkpoint made of several files';
    throw new FormatError(opts.out, `is one of the ${guarded.length} files of a ${what}: --in-place rewrites one file and cannot rewrite the set; write a new checkpoint with -o (one file, or -o DIR --max-shard-size SIZE for a sharded set)`);
  }
  if (opts.inPlace) return;
  if (identity.includes(hit)) throw new FormatError(opts.out, `is the source (${hit}); sdmatch never writes over its source unless --in-place is given`);
  throw new FormatError(opts.out, `is part of the source (${hit}: its framework's loader reads it on resume); sdmatch never writes over its source`);
}

/** the distributed checkpoints (folders of ranks) apply consolidates, by the name their framework goes by */
const DISTRIBUTED: Partial<Record<CheckpointFormat, string>> = { dcp: 'DCP', deepspeed: 'DeepSpeed', megatron: 'Megatron-LM' };

/** what a source of several files is, for --in-place's refusal */
const MULTI_FILE: Partial<Record<CheckpointFormat, string>> = {
  'hf-sharded': 'sharded set (its index and shards)',
  deepspeed: 'DeepSpeed checkpoint folder',
  megatron: 'Megatron-LM checkpoint folder',
};

/**
 * A system error met while writing (a full disk, a read-only folder, a permission) is the user's
 * environment: one line naming the file it concerns — the source when the failing call named it,
 * OUT otherwise (writes by descriptor name no file).
 */
/** errno codes that, met creating a file, are the folder's refusal */
const FOLDER_REFUSALS = new Set(['EACCES', 'EPERM', 'EROFS']);

function writeProblem(e: unknown, out: string, source: string): unknown {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const path = typeof err?.path === 'string' ? err.path : null;
  if (path !== null && resolve(path) === resolve(source) && err.dest === undefined) return asEnvironmentError(e, source, 'cannot read');
  // the temporary file beside OUT could not be made: the folder says no, not OUT (which may be writable)
  const folder = dirname(resolve(out));
  if (path !== null && resolve(path) !== resolve(out) && dirname(resolve(path)) === folder && FOLDER_REFUSALS.has(err.code ?? '')) {
    return asEnvironmentError(e, out, `cannot write into ${folder}`);
  }
  return asEnvironmentError(e, out, 'cannot write');
}

/** Pickled numpy arrays become torch tensors over the same bytes: load_state_dict copies tensors only. */
function asTorchTensor(t: PyTensor): PyTensor {
  if (t.info.kind !== 'ndarray') return t;
  return { kind: 'tensor', info: { ...t.info, kind: 'tensor' }, original: null };
}

function outputRoot(src: PlanSource, tensors: [string, PyTensor][], metadata: PyDict | null, keepContainer: boolean): PyValue {
  const attrs = metadata ? withMetadata(src.dict?.attrs, metadata) : src.dict?.attrs;
  const dict = stateDictNode(tensors, src.dict, attrs);
  return keepContainer ? replaceAt(src.checkpoint.root!, src.select, dict, src.path) : dict;
}

/** Bytes the output's tensors take: whole distinct storages for torch, each tensor's elements for safetensors. */
function outputBytes(changes: KeyChanges, sources: Map<string, PyTensor>, format: OutputFormat): number {
  let total = 0;
  const storages = new Set<StorageInfo>();
  for (const o of changes.outputs) {
    const t = o.recipe.kind === 'source' ? sources.get(o.recipe.key) : undefined;
    if (t && format === 'torch') {
      if (storages.has(t.info.storage)) continue;
      storages.add(t.info.storage);
      total += t.info.storage.bytes ? locationLength(t.info.storage.bytes) : 0;
      continue;
    }
    const base = sources.get(o.sources[0]!)!;
    total += numel(o.shape ?? base.info.shape) * itemSize(base.info.dtype);
  }
  return total;
}

/** Writer errors about a storage name no file; they are about the source's bytes. */
function withSourceFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FormatError && !e.file) e.file = file;
    throw e;
  }
}
