import { closeSync, openSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { DTYPES, itemSize } from '../dtype.js';
import { FormatError } from '../errors.js';
import { writePickle } from '../pickle/writer.js';
import type { PyDict, PyGlobal, PyObject, PyPersistent, PyTensor, PyTuple, PyValue, PyBytes } from '../pickle/values.js';
import { copyRange, locationLength, OpenFiles } from '../storage-copy.js';
import { locationFiles, type ByteLocation, type StorageInfo } from '../tensor.js';
import { ZipWriter } from '../zip/writer.js';
import { writeShards, type ShardedOutput } from '../shards.js';

/**
 * Writes an object tree as a PyTorch zip archive, the way `torch.save` does (torch ≥ 1.6 format):
 * `<archive>/data.pkl` (protocol 2, tensors as `_rebuild_tensor_v2` calls on persistent storage ids),
 * `<archive>/byteorder`, `<archive>/data/<key>` for every storage still referenced, `<archive>/version`.
 *
 * Storages keep their identity: tensors that shared a storage in the source (tied weights, views)
 * share it in the output, with their original offsets and strides. Storage bytes are streamed from
 * the source file and never held in memory (except tensors the caller rebuilt in memory).
 */

export interface TorchArchiveOptions {
  /** the archive's root folder; default: what torch.save uses, the file name without extension (or `archive`) */
  archiveName?: string;
  /** payloads of pickled byte strings left in the source file (numpy arrays inside a checkpoint) */
  readBytes?: (b: PyBytes) => Uint8Array;
  /** open source files to reuse across calls */
  files?: OpenFiles;
}

/**
 * Storages are streamed in chunks that stay in the CPU cache between the read and the write: measured on
 * a 2.2 GB archive, 128 KiB chunks copy 2–4× faster than 1–4 MiB ones (as `cat` does).
 */
const STREAM_CHUNK = 128 << 10;

/** What torch.save writes as the archive format version (`version` record). */
const FORMAT_VERSION = '3\n';

const G = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const REBUILD_TENSOR_V2 = G('torch._utils', '_rebuild_tensor_v2');
const REBUILD_PARAMETER = G('torch._utils', '_rebuild_parameter');
const ORDERED_DICT = G('collections', 'OrderedDict');

interface OutStorage {
  key: string;
  info: StorageInfo;
  bytes: ByteLocation;
  nbytes: number;
}

export function writeTorchArchive(target: number | string, root: PyValue, opts: TorchArchiveOptions = {}): void {
  const archiveName = opts.archiveName ?? (typeof target === 'string' ? defaultArchiveName(target) : 'archive');
  if (typeof target === 'number') return writeToFd(target, root, archiveName, opts);
  const fd = openSync(target, 'w');
  try {
    writeToFd(fd, root, archiveName, opts);
  } catch (e) {
    closeSync(fd);
    unlinkSync(target);
    throw e;
  }
  closeSync(fd);
}

/** torch.save names the root folder after the file: `model.pt` → `model`. */
export function defaultArchiveName(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  return stem || 'archive';
}

function writeToFd(fd: number, root: PyValue, archiveName: string, opts: TorchArchiveOptions): void {
  const storages = new StorageKeys();
  const data = writePickle(root, {
    tensorWriter: (t) => rebuildCall(t, storages),
    persistentId: (v) => {
      if (typeof v === 'object' && v !== null && v.kind === 'persid' && !storages.isOurs(v)) {
        // a storage outside any tensor: we could not say which bytes to copy for it
        throw new FormatError('', 'cannot rewrite a checkpoint holding a bare storage (a persistent id outside a tensor)');
      }
      return undefined;
    },
    ...(opts.readBytes ? { readBytes: opts.readBytes } : {}),
  });
  const zip = new ZipWriter(fd);
  const prefix = `${archiveName}/`;
  zip.addBytes(`${prefix}data.pkl`, data);
  zip.addBytes(`${prefix}byteorder`, new TextEncoder().encode('little'));
  const files = opts.files ?? new OpenFiles();
  try {
    // torch.save writes storages in sorted key order ('0', '1', '10', '2' …)
    for (const s of storages.all().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      // a whole STORED source entry brings its CRC: no need to compute it again
      const crc = s.bytes.kind === 'raw' ? s.bytes.crc32 : undefined;
      zip.addEntry(`${prefix}data/${s.key}`, s.nbytes, (sink) => copyRange(s.bytes, sink, { files, bufSize: STREAM_CHUNK }), crc);
    }
  } finally {
    if (!opts.files) files.close();
  }
  zip.addBytes(`${prefix}version`, new TextEncoder().encode(FORMAT_VERSION));
  zip.finish();
}

/** Assigns archive keys '0', '1' … to storages in first-use order, as torch.save's persistent_id does. */
class StorageKeys {
  private readonly byId = new Map<unknown, OutStorage>();
  private readonly list: OutStorage[] = [];

  keyFor(info: StorageInfo): OutStorage {
    const id = storageIdentity(info);
    let s = this.byId.get(id);
    if (!s) {
      const bytes = info.bytes;
      if (!bytes) throw new FormatError('', `storage ${info.key} has no bytes in the file to copy`);
      const nbytes = locationLength(bytes);
      const size = itemSize(info.dtype);
      if (info.numel !== null && info.numel * size !== nbytes) {
        throw new FormatError(fileOf(bytes), `storage ${info.key} holds ${nbytes} bytes, not the ${info.numel} × ${size} its header declares`);
      }
      if (nbytes % size !== 0) throw new FormatError(fileOf(bytes), `storage ${info.key} holds ${nbytes} bytes, not a whole number of ${info.dtype} elements`);
      s = { key: String(this.list.length), info, bytes, nbytes };
      this.byId.set(id, s);
      this.list.push(s);
    }
    return s;
  }

  all(): OutStorage[] {
    return this.list.slice();
  }

  private readonly pids = new WeakSet<PyPersistent>();

  /** The persistent id torch.save's persistent_id returns for a storage. */
  pid(info: StorageInfo): PyPersistent {
    const s = this.keyFor(info);
    const pid: PyPersistent = {
      kind: 'persid',
      pid: tuple(['storage', G('torch', DTYPES[s.info.dtype].storage), s.key, s.info.device, s.nbytes / itemSize(s.info.dtype)]),
    };
    this.pids.add(pid);
    return pid;
  }

  isOurs(v: PyPersistent): boolean {
    return this.pids.has(v);
  }
}

/**
 * Storages are the same when their bytes are the same bytes of the same file (and are read as the same
 * dtype); in-memory storages are the same when they are the same object.
 */
function storageIdentity(info: StorageInfo): unknown {
  const b = info.bytes;
  // a chunked tensor is assembled per tensor: it shares bytes with no other storage
  if (!b || b.kind === 'memory' || b.kind === 'chunks' || b.kind === 'computed') return info;
  return `${b.kind}\u0000${b.file}\u0000${b.offset}\u0000${info.dtype}`;
}

function fileOf(loc: ByteLocation): string {
  return locationFiles(loc)[0] ?? '';
}

const tuple = (items: PyValue[]): PyTuple => ({ kind: 'tuple', items });
const reduce = (callable: PyValue, args: PyValue[]): PyObject => ({
  kind: 'object', via: 'reduce', callable, args, kwargs: null, states: [], listItems: [], dictItems: [],
});
/** torch pickles an empty OrderedDict of backward hooks with every tensor */
const emptyOrderedDict = (): PyDict => ({ kind: 'dict', entries: [], cls: ORDERED_DICT });

/** What torch's Tensor.__reduce_ex__ / Parameter.__reduce_ex__ return, with the tensor's own view. */
function rebuildCall(t: PyTensor, storages: StorageKeys): PyValue {
  const info = t.info;
  if (info.dtype !== info.storage.dtype) {
    throw new FormatError('', `tensor of dtype ${info.dtype} on a ${info.storage.dtype} storage cannot be written`);
  }
  const view = (requiresGrad: boolean): PyObject =>
    reduce(REBUILD_TENSOR_V2, [
      storages.pid(t.info.storage), info.storageOffset, tuple(info.shape.slice()), tuple(info.stride.slice()),
      requiresGrad, emptyOrderedDict(),
    ]);
  switch (info.kind) {
    case 'tensor':
    case 'safetensors':
      return view(info.requiresGrad);
    case 'parameter':
      // Parameter pickles its .data (never requiring grad) and its own requires_grad flag
      return reduce(REBUILD_PARAMETER, [view(false), info.requiresGrad, emptyOrderedDict()]);
    case 'qtensor':
      return requantized(t, storages);
    case 'ndarray':
      // a numpy array is pickled by numpy, its bytes inline: written back as it was read
      return t.original;
  }
}

/**
 * Quantized tensors keep their original `_rebuild_qtensor` call (its quantizer parameters are pickled
 * values we do not interpret) with the storage, offset, size and stride replaced by the tensor's own.
 */
function requantized(t: PyTensor, storages: StorageKeys): PyValue {
  const o = t.original;
  if (typeof o !== 'object' || o === null || o.kind !== 'object' || o.via !== 'reduce' || o.args.length < 4) {
    throw new FormatError('', 'cannot rewrite a quantized tensor whose pickled form is not a _rebuild_qtensor call');
  }
  const args = o.args.slice();
  args[0] = storages.pid(t.info.storage);
  args[1] = t.info.storageOffset;
  args[2] = tuple(t.info.shape.slice());
  args[3] = tuple(t.info.stride.slice());
  return { ...o, args };
}

/** One tensor of a sharded state dict. */
export interface NamedTensor {
  name: string;
  tensor: PyTensor;
}

/**
 * Writes a state dict as `pytorch_model-00001-of-0000N.bin` shards plus `pytorch_model.bin.index.json`,
 * the layout transformers writes. A shard holds whole tensors in the given order; a tensor bigger than
 * the limit gets a shard to itself. Tensors that shared a storage share it within a shard.
 */
export function writeShardedTorch(dir: string, baseName: string, tensors: NamedTensor[], maxShardBytes: number, opts: { files?: OpenFiles } = {}): ShardedOutput {
  const files = opts.files ?? new OpenFiles();
  try {
    return writeShards({
      dir, baseName, ext: 'bin', items: tensors, maxShardBytes,
      sizeOf: (t) => storageBytes(t.tensor),
      nameOf: (t) => t.name,
      write: (path, part) => writeTorchArchive(path, stateDict(part), { files }),
    });
  } finally {
    if (!opts.files) files.close();
  }
}

/** Bytes a tensor's own elements take (what transformers counts toward shard size and total_size). */
function storageBytes(t: PyTensor): number {
  let n = 1;
  for (const d of t.info.shape) n *= d;
  return n * itemSize(t.info.dtype);
}

function stateDict(tensors: NamedTensor[]): PyDict {
  return { kind: 'dict', entries: tensors.map((t) => [t.name, t.tensor]), cls: ORDERED_DICT };
}
