/**
 * The in-kernel path of `apply`: when a torch zip keeps every storage byte for byte (renames, prefix
 * changes, drops of tensors whose storage another kept tensor still uses, `--keep-container`), the
 * output is the source with another `data.pkl`. So the whole file is copied by the kernel
 * (copy-file.ts: FICLONE where the file system shares extents, else copy_file_range; no byte passes
 * through this process), its tail is cut after the last entry worth keeping, and the new `data.pkl`
 * and a new central directory are appended (src/formats/zip/append.ts).
 *
 * The new pickle is the streaming path's object tree written with each tensor's own rebuild call from
 * the source (the pickle writer's default), so storages keep their archive keys and the `data/<key>`
 * entries need not be renamed. The archive keeps the source's root folder name (`archive/`, `ddp/` …):
 * PyTorch takes it from the first central-directory entry, which is the new `data.pkl`, and never
 * compares it with the file name. The old `data.pkl` is not listed in the new central directory; when
 * storages follow it (torch.save writes it first) its place stays in the file, zeroed — a pickle is
 * kilobytes to a few MB against the storages' GBs, and a file where it weighs more is streamed
 * instead (MAX_ORPHAN_BYTES).
 *
 * The copy carries every byte of the source, so it is used only when the source holds nothing the
 * streaming writer would not write: no entry but data.pkl, storages and torch.save's own records, no
 * byte outside a listed entry (a prefix, a hidden entry between two listed ones).
 *
 * Anything else (bytes that change, storages left unreferenced, compressed storages, a crafted
 * archive, safetensors or sharded output) goes the streaming way, and the reason is reported.
 */
import { chmodSync, closeSync, constants, fchmodSync, fstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { FileSource } from '../formats/byte-source.js';
import { FormatError } from '../formats/errors.js';
import { writePickle } from '../formats/pickle/writer.js';
import type { PyTensor, PyValue } from '../formats/pickle/values.js';
import { findTorchRecord, type TorchRecord } from '../formats/torch/archive.js';
import { parsePersistentId } from '../formats/torch/storage-pid.js';
import { isPickleName } from '../formats/torch/zip-members.js';
import { rewriteTail, tailLayout } from '../formats/zip/append.js';
import { locateCentralDirectory } from '../formats/zip/end-record.js';
import { openZip, zipAnomalies, type ZipArchive, type ZipEntry } from '../formats/zip/reader.js';
import type { PlanSource } from './apply-source.js';
import { copyFileInKernel } from './copy-file.js';
import type { OutputFormat } from './apply-write.js';
import type { OutputTensor } from '../analysis/op-keys.js';

export interface InKernelRequest {
  /** false: always stream (`--no-fast`) */
  enabled: boolean;
  src: PlanSource;
  format: OutputFormat;
  sharded: boolean;
  keepContainer: boolean;
  outputs: readonly OutputTensor[];
  /** the output state dict's tensors, in order */
  tensors: readonly [string, PyTensor][];
  /** the tree to pickle (what the streaming path writes) */
  root: PyValue;
  totalBytes: number;
  progress?: (written: number, total: number) => void;
}

/** How the storages got into the output. */
export type StorageCopy =
  /** the source copied in-kernel, its tail rewritten; `orphans`: unlisted entries left in the file */
  | { kind: 'in-kernel'; orphans: { name: string; bytes: number }[] }
  /** streamed through the format writers, and why the in-kernel copy could not be used */
  | { kind: 'streamed'; why: string }
  /** no tensor bytes written: a DCP folder renamed in place, only its .metadata rewritten (review19 F7) */
  | { kind: 'metadata-only' };

/**
 * The old data.pkl left unlisted in the output is wasted space: accepted up to 1 MiB, or up to 1 % of
 * the file. Big models pass easily (100,000 tensors pickle to ~15 MB against tens of GB of storages);
 * a file of many tiny tensors, whose pickle is a large share of it, is streamed into a compact one.
 */
const MAX_ORPHAN_BYTES = 1 << 20;
const MAX_ORPHAN_SHARE = 0.01;

/** What the in-kernel path writes: the kept entries and the new data.pkl. */
interface TailPlan {
  zip: ZipArchive;
  keep: ZipEntry[];
  dataPkl: { name: string; data: Uint8Array };
}

/**
 * Writes the output to `temp` (which must not exist) by the in-kernel path when the request allows
 * it; otherwise writes nothing and says why, for the caller to stream.
 */
export function copyInKernel(temp: string, req: InKernelRequest): StorageCopy {
  const early = reasonToStream(req);
  if (early) return { kind: 'streamed', why: early };
  const source = new FileSource(req.src.path);
  try {
    const plan = tailPlan(openZip(source), req);
    if ('why' in plan) return { kind: 'streamed', why: plan.why };
    const progress = req.progress;
    progress?.(0, req.totalBytes);
    // the copy holds the whole source: its size over the source's is the share done
    const orphans = writeCopy(req.src.path, temp, plan, progress && ((copied) => progress(Math.round((copied / plan.zip.source.size) * req.totalBytes), req.totalBytes)));
    progress?.(req.totalBytes, req.totalBytes);
    return { kind: 'in-kernel', orphans };
  } finally {
    source.close();
  }
}

/** What rules the in-kernel path out before the archive is even listed. */
function reasonToStream(req: InKernelRequest): string | null {
  if (!req.enabled) return 'the in-kernel copy was turned off (--no-fast)';
  if (req.src.checkpoint.format !== 'torch-zip') return `the source is ${req.src.checkpoint.format}, not a torch zip archive`;
  if (req.format !== 'torch') return `the output is ${req.format}`;
  if (req.sharded) return 'the output is sharded';
  const rebuilt = req.outputs.filter((o) => o.recipe.kind !== 'source').length;
  if (rebuilt > 0) return `the plan rewrites the bytes of ${rebuilt} tensor(s) (transpose, reshape, split or concat)`;
  const callless = req.tensors.filter(([, t]) => typeof t.original !== 'object' || t.original === null).length;
  if (callless > 0) return `${callless} tensor(s) have no torch rebuild call of their own (numpy arrays written as tensors)`;
  return null;
}

/** The storage entries, keyed by archive key (`<root>/data/<key>`). */
function storageEntries(zip: ZipArchive, record: TorchRecord): Map<string, ZipEntry> {
  const folder = `${record.prefix}data/`;
  const out = new Map<string, ZipEntry>();
  for (const e of zip.entries) if (e.name.startsWith(folder)) out.set(e.name.slice(folder.length), e);
  return out;
}

function tailPlan(zip: ZipArchive, req: InKernelRequest): TailPlan | { why: string } {
  const record = findTorchRecord(zip);
  if (!record || record.prefix === '') return { why: 'the source archive has no <root>/data.pkl record' };
  const anomalies = zipAnomalies(zip);
  if (anomalies.length > 0) return { why: `the source archive is unusual (${anomalies[0]!.kind} at "${anomalies[0]!.entry}")` };
  const storages = storageEntries(zip, record);
  const compressed = [...storages.values()].filter((e) => e.method !== 0 || e.compressedSize !== e.size).length;
  if (compressed > 0) return { why: `${compressed} of the source's storages are compressed` };
  const otherPickle = zip.entries.find((e) => e !== record.dataPkl && isPickleName(e.name));
  if (otherPickle) return { why: `the source archive holds another pickle (${otherPickle.name})` };
  // the copy carries every byte of the source: only what the streaming writer would list may be in it
  const foreign = zip.entries.find((e) => e !== record.dataPkl && !e.name.startsWith(`${record.prefix}data/`) && !TORCH_RECORDS.has(e.name.slice(record.prefix.length)));
  if (foreign) return { why: `the source archive holds an entry torch.save does not write (${foreign.name})` };
  const stray = unlistedBytes(zip);
  if (stray) return { why: stray };

  // the state dict alone references exactly its tensors' storages: an unreferenced one is known
  // before pickling (the common case: a training checkpoint's optimizer state)
  if (!req.keepContainer) {
    const used = new Set(req.tensors.map(([, t]) => t.info.storage.key));
    const left = unreferenced(storages, used);
    if (left) return { why: left };
  }
  const referenced = new Set<string>();
  const odd: { foreign: string | null } = { foreign: null };
  const data = writePickle(req.root, {
    persistentId: (v) => {
      if (typeof v === 'object' && v !== null && v.kind === 'persid') {
        const p = parsePersistentId(v.pid);
        if (p.kind === 'storage' && p.ref.view === null && storages.has(p.ref.key)) referenced.add(p.ref.key);
        else odd.foreign ??= p.kind === 'storage' ? `storage ${p.ref.key}` : p.kind === 'module' ? 'a module' : p.why;
      }
      return undefined;
    },
  });
  if (odd.foreign !== null) return { why: `the tree references ${odd.foreign}, which is not a storage entry of the archive` };
  const left = unreferenced(storages, referenced);
  if (left) return { why: left };
  const keep = zip.entries.filter((e) => e !== record.dataPkl);
  let orphaned: number;
  try {
    orphaned = tailLayout(zip, keep).orphans.reduce((n, o) => n + o.bytes, 0);
  } catch (e) {
    // entries that overlap each other or the directory: the streaming writer lays out a clean archive
    if (e instanceof FormatError) return { why: `the source's entries cannot stay in place (${e.message})` };
    throw e;
  }
  if (orphaned > Math.max(MAX_ORPHAN_BYTES, zip.source.size * MAX_ORPHAN_SHARE)) {
    return { why: `the old data.pkl (${orphaned} bytes, ${Math.round((orphaned / zip.source.size) * 100)}% of the file) would stay in it unlisted` };
  }
  return { zip, keep, dataPkl: { name: record.dataPkl.name, data } };
}

/** Records torch.save writes beside data.pkl and data/: plain data, copied as they are. */
const TORCH_RECORDS: ReadonlySet<string> = new Set(['version', 'byteorder', '.data/version', '.data/serialization_id']);

/** what may follow an entry's data before the next local header: its data descriptor (zip64, signed) */
const MAX_DESCRIPTOR = 24;
const FLAG_DATA_DESCRIPTOR = 0x8;

/**
 * Bytes of the source that no listed entry holds, before its central directory: a prefix (a pickle
 * glued in front of the zip is what torch.load runs), gaps between entries (a hidden local entry, a
 * second archive). The in-kernel copy would carry them into OUT; the streaming writer lays out a
 * clean archive instead.
 */
function unlistedBytes(zip: ZipArchive): string | null {
  const cd = locateCentralDirectory(zip.source);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  let pos = 0;
  for (const e of byOffset) {
    if (e.localHeaderOffset !== pos) {
      const gap = e.localHeaderOffset - pos;
      const prev = byOffset[byOffset.indexOf(e) - 1];
      const descriptor = prev !== undefined && (prev.flags & FLAG_DATA_DESCRIPTOR) !== 0 && gap > 0 && gap <= MAX_DESCRIPTOR;
      if (!descriptor) return pos === 0 ? `the source has ${gap} bytes before its first zip entry` : `the source has bytes outside its listed entries (at ${pos}, before "${e.name}")`;
    }
    pos = e.dataOffset + e.compressedSize;
  }
  const tail = cd.offset - pos;
  const last = byOffset[byOffset.length - 1];
  if (tail !== 0 && !(last && (last.flags & FLAG_DATA_DESCRIPTOR) !== 0 && tail > 0 && tail <= MAX_DESCRIPTOR)) {
    return `the source has bytes outside its listed entries (at ${pos}, before its central directory)`;
  }
  return null;
}

function unreferenced(storages: ReadonlyMap<string, ZipEntry>, used: ReadonlySet<string>): string | null {
  let count = 0;
  let bytes = 0;
  for (const [key, e] of storages) {
    if (used.has(key)) continue;
    count++;
    bytes += e.size;
  }
  return count === 0 ? null : `${count} of the source's storages (${bytes} bytes) would be left unreferenced`;
}

/**
 * The entries left in the copy but not listed by its new directory (the old data.pkl, when storages
 * follow it) have their data overwritten with zeros: the output holds no byte of the source's pickle,
 * which a reader walking local headers (or a scanner) would otherwise still find.
 */
function zeroUnlisted(fd: number, zip: ZipArchive, keep: readonly ZipEntry[], keepUntil: number): void {
  const kept = new Set(keep);
  const byOffset = [...zip.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const zeros = new Uint8Array(ZERO_CHUNK);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i]!;
    if (kept.has(e) || e.localHeaderOffset >= keepUntil) continue;
    const end = Math.min(byOffset[i + 1]?.localHeaderOffset ?? keepUntil, keepUntil);
    // the local header stays: the file must still start with one (torch.load tells a zip by it)
    for (let pos = Math.min(e.dataOffset, end); pos < end; ) pos += writeSync(fd, zeros, 0, Math.min(zeros.length, end - pos), pos);
  }
}

const ZERO_CHUNK = 64 << 10;

/**
 * Copy in-kernel, then rewrite the tail. Durability is AtomicOutput's (it fsyncs at commit).
 *
 * The copy must create the file (COPYFILE_EXCL): onto an existing file libuv first truncates it to
 * zero, and ext4 then treats the file as a replaced one (auto_da_alloc) and writes the whole copy back
 * when it is closed, inside copyFileSync, doubling its time. Created that way the file would take the
 * source's mode (read-only included), so the mode a new file gets here is learnt first from a probe of
 * the same name, removed before the copy.
 */
function writeCopy(sourcePath: string, temp: string, plan: TailPlan, progress?: (copied: number) => void): { name: string; bytes: number }[] {
  let fd = openSync(temp, 'wx');
  const mode = fstatSync(fd).mode & 0o7777;
  closeSync(fd);
  unlinkSync(temp);
  copyFileInKernel(sourcePath, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE, progress);
  chmodSync(temp, 0o600);
  fd = openSync(temp, 'r+');
  try {
    fchmodSync(fd, mode);
    const size = fstatSync(fd).size;
    if (size !== plan.zip.source.size) {
      throw new FormatError(sourcePath, `changed while it was being copied: ${size} bytes copied, ${plan.zip.source.size} listed`);
    }
    const written = rewriteTail(fd, plan.zip, plan.keep, [plan.dataPkl]);
    zeroUnlisted(fd, plan.zip, plan.keep, written.keepUntil);
    return written.orphans;
  } finally {
    closeSync(fd);
  }
}
