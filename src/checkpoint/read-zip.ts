import { BufferSource } from '../formats/byte-source.js';
import { detectKind } from '../formats/detect.js';
import { FormatError } from '../formats/errors.js';
import { readNpz } from '../formats/numpy.js';
import type { PyDict, PyValue } from '../formats/pickle/values.js';
import { archiveFacts, findTorchRecord, planTorchColumns, readPlannedColumns, readTorchArchive, type ColumnsPlan } from '../formats/torch/archive.js';
import { gapScan, type PickleScan, type TorchFile } from '../formats/torch/container.js';
import { sweepZip } from '../formats/torch/zip-sweep.js';
import { treeFromColumns } from '../formats/torch/state-dict-tree.js';
import { readModelJson, readTorchScript } from '../formats/torch/torchscript.js';
import { entryRegion, isPickleName } from '../formats/torch/zip-members.js';
import { openZip, readEntryPrefix, type ZipArchive, type ZipEntry } from '../formats/zip/reader.js';
import { asciiBytes } from '../formats/zip/directory.js';
import type { ByteSource } from '../formats/byte-source.js';
import type { FileContents, FileRef } from './contents.js';
import { readNpzFile } from './read-arrays.js';
import { readPickleFile } from './read-pickles.js';

/**
 * Zip archives, told apart by their members: a torch.save archive (`X/data.pkl` + `X/data/`), a
 * TorchScript archive (that plus `X/code/`, `X/constants.pkl` or `X/bytecode.pkl`), a PyTorch 1.0
 * TorchScript archive (`X/model.json`), an npz (only .npy members), a root `data.pkl` look-alike, or
 * another zip holding pickles (scanned: some loaders and scanners open them).
 */
export function readZipFile(src: ByteSource, ref: FileRef): FileContents {
  let zip: ZipArchive | null = null;
  if (ref.readOnly && ref.columns) {
    const first = planColumns(src, ref);
    if ('zip' in first) zip = first.zip;
    else {
      // the archive's directory is garbage by now: only the plan's columns are held while data.pkl is scanned
      const c = readPlannedColumns(first.plan);
      if (c && !c.tensors.nested) return { format: c.format, detail: c.detail, root: null, error: null, pickles: c.pickles, size: src.size, columns: { tensors: c.tensors, storages: c.storages } };
      // nested containers (Lightning, DeepSpeed, optimizer state): the tree the interpreter would make, from the columns
      const root = c ? treeFromColumns(c.tensors, c.storages) : null;
      if (c && root) return { format: c.format, detail: c.detail, root, error: null, pickles: c.pickles, size: src.size, fromColumns: true };
    }
  }
  // (opened again only when the columns declined after the first megabyte of data.pkl, which is rare)
  return readArchive(zip ?? openZip(src), src, ref);
}

/** A torch.save state dict's plan for columns, or the archive for the full reading; see planTorchColumns. */
function planColumns(src: ByteSource, ref: FileRef): { plan: ColumnsPlan } | { zip: ZipArchive } {
  const zip = openZip(src);
  const record = findTorchRecord(zip);
  if (!record || !record.prefix || isScripted(zip, record.prefix)) return { zip };
  const plan = planTorchColumns(zip, ref.path, record, torchLead(record.prefix));
  return plan ? { plan } : { zip };
}

function isScripted(zip: ZipArchive, p: string): boolean {
  return zip.find(`${p}constants.pkl`) >= 0 || zip.find(`${p}bytecode.pkl`) >= 0 || anyNameStartsWith(zip, `${p}code/`);
}

/** on the directory's name bytes when the prefix is ASCII (see ZipDirectory), else on the names */
function anyNameStartsWith(zip: ZipArchive, prefix: string): boolean {
  const d = zip.dir;
  const ascii = asciiBytes(prefix);
  for (let i = 0; i < d.count; i++) if (ascii ? d.startsWith(i, ascii) : d.nameAt(i).startsWith(prefix)) return true;
  return false;
}

const torchLead = (p: string): string => `torch.save zip archive, record folder '${p}'`;

function readArchive(zip: ZipArchive, src: ByteSource, ref: FileRef): FileContents {
  const record = findTorchRecord(zip);
  if (record && record.prefix) {
    const p = record.prefix;
    const tf = isScripted(zip, p)
      ? readTorchScript(zip, ref.path, record)
      : readTorchArchive(zip, ref.path, record, 'torch-zip', torchLead(p), ref.readOnly);
    return fromTorch(tf, src.size);
  }
  const modelJson = zip.entries.find((e) => /^[^/]+\/model\.json$/.test(e.name));
  if (modelJson) return fromTorch(readModelJson(zip, ref.path, modelJson.name.slice(0, -'model.json'.length)), src.size);

  // numpy.load reads any member that starts with the npy magic, whatever its name, and ignores the rest
  if (!record) {
    const npz = readNpz(zip, ref.path);
    if (npz.members.length > 0) {
      const contents = readNpzFile(zip, ref, npz);
      sweepZip(zip, ref.name, new Set(npz.members.map((m) => m.entry.dataOffset)), contents.pickles);
      return contents;
    }
  }

  if (record) {
    const lead = 'zip with data.pkl at the archive root: a torch archive look-alike (torch.load requires a record folder)';
    return { ...fromTorch(readTorchArchive(zip, ref.path, record, 'pickle', lead), src.size) };
  }
  const pickles = zip.entries.filter((e) => !e.name.endsWith('/') && isPickleMember(zip, e));
  if (pickles.length === 0) {
    const gaps: PickleScan[] = [];
    sweepZip(zip, ref.name, new Set(), gaps);
    // not a checkpoint by its members, but other readings of it or members that cannot be read may be
    if (gaps.length > 0) {
      return { format: 'pickle', detail: ['zip archive with no readable pickle, npy or torch member', ...archiveFacts(zip, '')], root: null, error: null, pickles: gaps, size: src.size };
    }
    const names = zip.entries.slice(0, 6).map((e) => e.name);
    throw new FormatError(ref.path, `zip archive is not a checkpoint: no data.pkl, model.json, .npy or pickle members (${zip.entries.length} members: ${names.join(', ')}${zip.entries.length > 6 ? ', …' : ''})`);
  }
  return pickleMembers(zip, ref, pickles);
}

function fromTorch(tf: TorchFile, size: number): FileContents {
  return { format: tf.format, detail: tf.detail, root: tf.root, error: tf.error, pickles: tf.pickles, size };
}

/** By name, or by content for members named otherwise (a pickle stored as `data.txt`). */
function isPickleMember(zip: ZipArchive, e: ZipEntry): boolean {
  if (isPickleName(e.name) || isPickleName(e.localName)) return true;
  if (e.method !== 0 && e.method !== 8) return false;
  try {
    const head = readEntryPrefix(zip, e, 1 << 12, { ignoreFlags: true });
    const kind = detectKind(new BufferSource(head, zip.source.name));
    return kind === 'pickle' || kind === 'legacy-torch';
  } catch (err) {
    if (err instanceof FormatError) return false;
    throw err;
  }
}

/** A zip that is not a checkpoint but holds pickles: each is read and scanned; the root maps member names to values. */
function pickleMembers(zip: ZipArchive, ref: FileRef, members: ZipEntry[]): FileContents {
  const detail = [`zip archive holding ${members.length} pickle member(s), not a torch archive`, ...archiveFacts(zip, '')];
  const scans: PickleScan[] = [];
  const root: PyDict = { kind: 'dict', entries: [] };
  for (const e of members) {
    let value: PyValue = null;
    try {
      const inner = readPickleFile(entryRegion(zip, e, ref.path), e.size);
      const named = isPickleName(e.name) || isPickleName(e.localName);
      if (!named && inner.error && inner.pickles.every((s) => s.globals.length === 0 && s.anomalies.length === 0)) {
        // picked by its first bytes, but it stops at once with nothing imported: a loader ran nothing
        detail.push(`${e.name} looked like a pickle but is not one (${inner.error.message})`);
        root.entries.push([e.name, null]);
        continue;
      }
      for (const s of inner.pickles) scans.push({ ...s, where: `${e.name}${s.where === 'pickle' ? '' : ` ${s.where}`}` });
      value = inner.root;
      if (inner.error) detail.push(`${e.name} unreadable: ${inner.error.message}`);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      detail.push(`${e.name} could not be read: ${err.message}`);
      scans.push(gapScan(e.name, 'member not read', err.message));
    }
    root.entries.push([e.name, value]);
  }
  sweepZip(zip, ref.name, new Set(members.map((e) => e.dataOffset)), scans);
  return { format: 'pickle', detail, root, error: null, pickles: scans, size: zip.source.size };
}
