/**
 * torch.distributed.checkpoint (DCP) directories: `.metadata` plus `__<rank>_<n>.distcp` files.
 * Every tensor is listed once, with its global shape; its storage is its chunks (each a tensor saved
 * with torch.save at its offset in a .distcp file, or a tensor of the safetensors blob a rank's file
 * ends with), assembled by offsets only when bytes are read. Bytes items (non-tensor values) are
 * torch.save streams: their values join the tree and their pickles the safety report. The tree is the
 * state dict as `dcp.load`/`dcp_to_torch_save` rebuild it: nested back by planner_data's paths.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileSource, type ByteSource } from '../../formats/byte-source.js';
import { DCP_METADATA_FILE, readDcpMetadata, type DcpMetadata, type DcpStorageEntry, type DcpTensorMeta } from '../../formats/dcp/metadata.js';
import { itemSize } from '../../formats/dtype.js';
import { FormatError } from '../../formats/errors.js';
import { SubSource } from '../../formats/pickle/sub-source.js';
import type { PyDict, PyTensor, PyValue } from '../../formats/pickle/values.js';
import { looksLikeSafetensors, readSafetensors } from '../../formats/safetensors/reader.js';
import { contiguousStrides, numel, type TensorChunk, type TensorInfo } from '../../formats/tensor.js';
import type { PickleScan } from '../../formats/torch/container.js';
import type { FileContents, FileRef } from '../contents.js';
import { MCORE_COMMON, MCORE_CONFIG, TRACKER_FILE } from '../../formats/megatron/names.js';
import { filesIn, withLoaderFiles } from './loader-files.js';
import type { DirectoryLayout, MemberReader } from './registry.js';

export const DCP_METADATA = DCP_METADATA_FILE;
const SHARD_SUFFIX = '.distcp';

/** the most grid cells the tiling check counts (a regular grid of n chunks has n cells) */
const MAX_TILING_CELLS = 1 << 22;

export const dcpLayout: DirectoryLayout = {
  name: 'torch.distributed.checkpoint (DCP)',
  marker: `a ${DCP_METADATA} file`,
  claim(path, isDir) {
    if (isDir) return existsSync(join(path, DCP_METADATA)) ? path : null;
    const base = basename(path);
    if (base === DCP_METADATA || base.endsWith(SHARD_SUFFIX)) {
      const dir = dirname(path);
      return existsSync(join(dir, DCP_METADATA)) ? dir : null;
    }
    return null;
  },
  read: readDcp,
};

/** A member file's path inside the checkpoint; names that leave the directory are refused. */
function memberPath(dir: FileRef, relative: string): FileRef {
  if (relative === '' || relative.includes('/') || relative.includes('\\') || relative === '.' || relative === '..' || relative.includes('\0')) {
    throw new FormatError(join(dir.name, DCP_METADATA), `storage_data names the file ${JSON.stringify(relative)}, which is not a file in the checkpoint's directory`);
  }
  return { path: join(dir.path, relative), name: join(dir.name, relative) };
}

function readDcp(dir: FileRef, readFile: MemberReader): FileContents {
  const metaRef = { path: join(dir.path, DCP_METADATA), name: join(dir.name, DCP_METADATA) };
  const src = new FileSource(metaRef.path, metaRef.name);
  let read;
  try {
    read = readDcpMetadata(src, metaRef.name);
  } finally {
    src.close();
  }
  const size0 = statSync(metaRef.path).size;
  if (!read.meta) {
    return { format: 'dcp', detail: ['torch.distributed.checkpoint directory whose .metadata could not be interpreted'], root: null, error: read.error, pickles: [read.scan], size: size0 };
  }
  const c = new DcpReader(dir, read.meta, readFile, [read.scan], size0).read();
  // metadata.json (Megatron-Core's, when there) is an input of its loader too: a pointer, never overwritten
  return withLoaderFiles(c, dir, megatronDistFiles(dir.path), [join(dirname(dir.path), TRACKER_FILE), join(dir.path, MCORE_CONFIG)], readFile);
}

/**
 * A Megatron-Core `torch_dist` checkpoint is a DCP directory plus pickles its loader torch.loads beside
 * the DCP files (megatron/core/dist_checkpointing/strategies/common.py): `common.pt` (load_common), and in
 * saves before 2025 each sharded object as `<key>/shard_….pt` (load_sharded_objects). Scanned for safety.
 */
function megatronDistFiles(dir: string): string[] {
  const rels = filesIn(dir, (n) => n === MCORE_COMMON);
  let subs: string[];
  try {
    subs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    subs = [];
  }
  for (const d of subs) rels.push(...filesIn(join(dir, d), (n) => n.endsWith('.pt')).map((n) => `${d}/${n}`));
  return rels;
}

class DcpReader {
  private readonly byKey = new Map<string, DcpStorageEntry>();
  private readonly files = new Map<string, number>();
  /** safetensors blobs by file and start: one parse per rank's file */
  private readonly blobs = new Map<string, Map<string, TensorInfo> & { sharding?: Record<string, unknown> }>();
  private chunkCount = 0;
  /** data files kept open while reading (closed by read) */
  private readonly open = new Map<string, FileSource>();
  private serializations = new Set<string>();

  constructor(
    private readonly dir: FileRef,
    private readonly meta: DcpMetadata,
    private readonly readFile: MemberReader,
    private readonly pickles: PickleScan[],
    private size: number,
  ) {
    for (const e of meta.storage) this.byKey.set(storageKey(e.fqn, e.offset), e);
  }

  private fail(msg: string): never {
    throw new FormatError(join(this.dir.name, DCP_METADATA), msg);
  }

  read(): FileContents {
    try {
      return this.readAll();
    } finally {
      for (const f of this.open.values()) f.close();
    }
  }

  private readAll(): FileContents {
    const values = new Map<string, PyValue>();
    let tensors = 0;
    let bytesItems = 0;
    for (const [fqn, item] of this.meta.items) {
      if (item.kind === 'bytes') {
        values.set(fqn, this.bytesItem(fqn));
        bytesItems++;
      } else {
        values.set(fqn, this.tensor(fqn, item));
        tensors++;
      }
    }
    for (const [file] of this.files) this.size += statSync(file).size;
    const detail = [
      `torch.distributed.checkpoint directory (${this.meta.module}${this.meta.version ? `, version ${this.meta.version}` : ''}): ${tensors} tensor(s) in ${this.chunkCount} chunk(s), ${bytesItems} bytes item(s), ${this.files.size} data file(s)`,
      `serialization: ${[...this.serializations].sort().join(', ') || 'none'}`,
    ];
    const files = [join(this.dir.path, DCP_METADATA), ...[...this.files.keys()].sort()];
    return { format: 'dcp', detail, root: this.tree(values, detail), error: null, pickles: this.pickles, size: this.size, files };
  }

  private entry(fqn: string, offsets: number[] | null): DcpStorageEntry {
    const e = this.byKey.get(storageKey(fqn, offsets));
    if (!e) this.fail(`storage_data has no entry for "${fqn}"${offsets ? ` chunk at [${offsets}]` : ''}`);
    if (e.info.transforms.length > 0) this.fail(`"${fqn}" is stored through transform(s) ${e.info.transforms.join(', ')} (a torch ≥ 2.8 storage extension): sdmatch does not read them`);
    const ref = memberPath(this.dir, e.info.relativePath);
    this.files.set(ref.path, 0);
    return e;
  }

  private bytesItem(fqn: string): PyValue {
    const e = this.entry(fqn, null);
    const ref = memberPath(this.dir, e.info.relativePath);
    const c = this.readFile(ref, { offset: e.info.offset, length: e.info.length });
    const where = `${e.info.relativePath}@${e.info.offset} ("${fqn}")`;
    for (const s of c.pickles) this.pickles.push({ ...s, where: `${where}: ${s.where}` });
    if (c.root === null) this.fail(`bytes item "${fqn}" could not be read: ${c.error?.message ?? c.detail.join('; ')}`);
    return c.root;
  }

  private tensor(fqn: string, item: DcpTensorMeta): PyTensor {
    this.checkTiling(fqn, item);
    const chunks: TensorChunk[] = item.chunks.map((c) => ({ offsets: c.offsets, sizes: c.sizes, tensor: this.chunkTensor(fqn, item, c.offsets, c.sizes) }));
    this.chunkCount += chunks.length;
    const n = numel(item.size);
    const whole = chunks.length === 1 ? chunks[0]!.tensor : null;
    const info: TensorInfo = whole
      // one chunk is the whole tensor: its own storage is read directly, no assembly
      ? { ...whole, kind: 'tensor', requiresGrad: item.requiresGrad }
      : {
        kind: 'tensor',
        dtype: item.dtype,
        shape: item.size.slice(),
        stride: contiguousStrides(item.size),
        storageOffset: 0,
        storage: {
          key: fqn,
          dtype: item.dtype,
          numel: n,
          device: 'cpu',
          bytes: { kind: 'chunks', file: this.dir.name, length: n * itemSize(item.dtype), shape: item.size.slice(), itemsize: itemSize(item.dtype), chunks },
        },
        requiresGrad: item.requiresGrad,
      };
    return { kind: 'tensor', info, original: null };
  }

  private checkTiling(fqn: string, item: DcpTensorMeta): void {
    const problem = tilingProblem(item.size, item.chunks);
    if (problem) this.fail(`"${fqn}": ${problem}`);
  }

  private chunkTensor(fqn: string, item: DcpTensorMeta, offsets: number[], sizes: number[]): TensorInfo {
    const e = this.entry(fqn, offsets);
    const ref = memberPath(this.dir, e.info.relativePath);
    const at = `"${fqn}" chunk at [${offsets}] (${e.info.relativePath}@${e.info.offset})`;
    const info = this.isSafetensorsAt(ref, e.info.offset) ? this.safetensorsChunk(ref, e, fqn, offsets) : this.torchChunk(ref, e, at);
    if (info.dtype !== item.dtype) this.fail(`${at} is ${info.dtype}, the metadata says ${item.dtype}`);
    if (info.shape.length !== sizes.length || info.shape.some((d, i) => d !== sizes[i])) this.fail(`${at} has shape [${info.shape}], the metadata says [${sizes}]`);
    return info;
  }

  private isSafetensorsAt(ref: FileRef, offset: number): boolean {
    let src = this.open.get(ref.path);
    if (!src) {
      src = new FileSource(ref.path, ref.name);
      this.open.set(ref.path, src);
    }
    if (offset + 9 > src.size) return false;
    return looksLikeSafetensors(src.read(offset, 9), src.size - offset);
  }

  /** TORCH_SAVE serialization: a complete torch.save of the chunk at its offset. */
  private torchChunk(ref: FileRef, e: DcpStorageEntry, at: string): TensorInfo {
    this.serializations.add('torch_save');
    const c = this.readFile(ref, { offset: e.info.offset, length: e.info.length });
    for (const s of c.pickles) this.pickles.push({ ...s, where: `${e.info.relativePath}@${e.info.offset}: ${s.where}` });
    const root = c.root;
    if (root === null || typeof root !== 'object' || root.kind !== 'tensor') {
      this.fail(`${at} is not a saved tensor${c.error ? `: ${c.error.message}` : ''}`);
    }
    return (root as PyTensor).info;
  }

  /**
   * SAFETENSORS serialization (torch ≥ 2.8): every tensor item of a rank's file points at the blob the
   * file ends with, keyed by fqn, its chunk offsets in the blob's DCP_SHARDING_INFO.
   */
  private safetensorsChunk(ref: FileRef, e: DcpStorageEntry, fqn: string, offsets: number[]): TensorInfo {
    this.serializations.add('safetensors');
    const key = `${ref.path}\0${e.info.offset}`;
    let blob = this.blobs.get(key);
    if (!blob) {
      const src: ByteSource = new FileSource(ref.path, ref.name);
      try {
        const sf = readSafetensors(new SubSource(src, e.info.offset, src.size - e.info.offset, ref.name), ref.path);
        blob = new Map(sf.tensors.map((t) => [t.name, shifted(t.info, e.info.offset)]));
        const info = sf.metadata?.['DCP_SHARDING_INFO'];
        if (info !== undefined) {
          try {
            blob.sharding = JSON.parse(info) as Record<string, unknown>;
          } catch {
            throw new FormatError(ref.name, 'safetensors DCP_SHARDING_INFO is not JSON');
          }
        }
      } finally {
        src.close();
      }
      this.blobs.set(key, blob);
    }
    const t = blob.get(fqn);
    if (!t) this.fail(`"${fqn}" chunk at [${offsets}]: the safetensors data in ${e.info.relativePath} has no tensor of that name`);
    const saved = (blob.sharding?.[fqn] as { saved_offsets?: unknown } | undefined)?.saved_offsets;
    if (saved !== undefined && (!Array.isArray(saved) || saved.length !== offsets.length || saved.some((o, i) => o !== offsets[i]))) {
      this.fail(`"${fqn}": ${e.info.relativePath} saved its chunk at [${String(saved)}], the metadata says [${offsets}]`);
    }
    return { ...t, kind: 'tensor' };
  }

  /** Nested back by planner_data's paths (what dcp.load fills), or flat when planner_data is not that. */
  private tree(values: Map<string, PyValue>, detail: string[]): PyDict {
    const root: PyDict = { kind: 'dict', entries: [] };
    const paths = this.meta.paths;
    const usable = paths !== null && [...values.keys()].every((k) => paths.has(k));
    if (!usable) {
      for (const [k, v] of values) root.entries.push([k, v]);
      if (paths === null && this.meta.plannerData !== 'none') detail.push('planner_data is not a key-path mapping: keys shown as saved');
      return root;
    }
    for (const [fqn, v] of values) {
      const path = paths.get(fqn)!;
      let at = root;
      for (const step of path.slice(0, -1)) {
        let next = at.entries.find(([k]) => k === step)?.[1];
        if (next === undefined) {
          next = { kind: 'dict', entries: [] };
          at.entries.push([step, next]);
        }
        if (typeof next !== 'object' || next === null || next.kind !== 'dict') {
          detail.push(`planner_data paths conflict at "${fqn}": keys shown flattened`);
          return this.flat(values);
        }
        at = next;
      }
      at.entries.push([path[path.length - 1]!, v]);
    }
    return root;
  }

  private flat(values: Map<string, PyValue>): PyDict {
    return { kind: 'dict', entries: [...values] };
  }
}

/**
 * Why chunks do not tile a tensor exactly (inside it, not overlapping, covering every element), or
 * null when they do. dcp.load would leave uncovered elements as whatever the target held, and the
 * assembler writes each tensor into a reused buffer, so exactness is checked, never assumed: the cuts
 * of all chunks split the tensor into a grid of cells, each of which must be covered exactly once.
 */
export function tilingProblem(size: readonly number[], chunks: readonly { offsets: number[]; sizes: number[] }[]): string | null {
  const rank = size.length;
  let volume = 0;
  for (const c of chunks) {
    if (c.offsets.length !== rank || c.sizes.length !== rank || c.offsets.some((o, d) => o + c.sizes[d]! > size[d]!)) {
      return `chunk at [${c.offsets}] of size [${c.sizes}] is not inside its [${size}] tensor`;
    }
    volume += numel(c.sizes);
  }
  const total = numel(size);
  if (volume !== total) return `its chunks hold ${volume} of the tensor's ${total} elements (${volume < total ? 'part of it was not saved' : 'they overlap'})`;
  if (total === 0) return null;
  const live = chunks.filter((c) => numel(c.sizes) > 0);
  const cuts = size.map((n, d) => [...new Set([0, n, ...live.flatMap((c) => [c.offsets[d]!, c.offsets[d]! + c.sizes[d]!])])].sort((x, y) => x - y));
  const cells = cuts.reduce((n, c) => n * (c.length - 1), 1);
  if (cells > MAX_TILING_CELLS) return `its ${chunks.length} chunks cut it into ${cells} pieces, too irregular for sdmatch to check`;
  const covered = new Uint8Array(cells);
  const cellStrides = contiguousStrides(cuts.map((c) => c.length - 1));
  for (const c of live) {
    const lo = c.offsets.map((o, d) => cuts[d]!.indexOf(o));
    const hi = c.offsets.map((o, d) => cuts[d]!.indexOf(o + c.sizes[d]!));
    const idx = lo.slice();
    for (;;) {
      let cell = 0;
      for (let d = 0; d < rank; d++) cell += idx[d]! * cellStrides[d]!;
      if (covered[cell] !== 0) return `chunks overlap (the one at [${c.offsets}] covers part of another)`;
      covered[cell] = 1;
      let d = rank - 1;
      for (; d >= 0; d--) {
        if (++idx[d]! < hi[d]!) break;
        idx[d] = lo[d]!;
      }
      if (d < 0) break;
    }
  }
  return null;
}

function storageKey(fqn: string, offsets: number[] | null): string {
  return offsets === null ? `${fqn}\0bytes` : `${fqn}\0${offsets.join(',')}`;
}

function shifted(info: TensorInfo, by: number): TensorInfo {
  const b = info.storage.bytes;
  if (!b || b.kind !== 'raw') return info;
  return { ...info, storage: { ...info.storage, bytes: { ...b, offset: b.offset + by } } };
}
