import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PyDict, PyGlobal, PyObject, PyTuple, PyValue } from '../../src/formats/pickle/values.js';
import { writePickle } from '../../src/formats/pickle/writer.js';
import { ZipWriter } from '../../src/formats/zip/writer.js';
import { rebuildCall, writeStorage, type SyntheticTensor } from './torch-zip.js';

/**
 * A synthetic torch.distributed.checkpoint directory, without Python, laid out as torch 2.x's
 * FileSystemWriter lays it out (fixtures/dcp.py has the step-by-step account): per rank one
 * `__<rank>_0.distcp` of torch.save streams back to back, one per chunk, and `.metadata`, a pickle of
 * Metadata naming torch's own classes. 2-D tensors are split across the ranks by rows (even tensors) or
 * columns (odd ones), as FSDP2/DTensor shards do; the state dict is saved under `model`.
 */

const META = 'torch.distributed.checkpoint.metadata';
const G = (module: string, name: string): PyGlobal => ({ kind: 'global', module, name });
const tuple = (items: PyValue[]): PyTuple => ({ kind: 'tuple', items });
const dict = (entries: [PyValue, PyValue][]): PyDict => ({ kind: 'dict', entries });
const call = (callable: PyGlobal, args: PyValue[]): PyObject => ({ kind: 'object', via: 'reduce', callable, args, kwargs: null, states: [], listItems: [], dictItems: [] });
/** a dataclass as pickle writes it: NEWOBJ of the class, BUILD with its fields */
const dataclass = (module: string, name: string, fields: [string, PyValue][]): PyObject => ({
  kind: 'object', via: 'newobj', callable: G(module, name), args: [], kwargs: null, states: [dict(fields)], listItems: [], dictItems: [],
});
const size = (xs: number[]): PyObject => call(G('torch', 'Size'), [tuple(xs)]);

export interface DcpLayoutFacts {
  bytes: number;
  largestTensorBytes: number;
  chunks: number;
}

function chunksOf(shape: number[], dim: number, ranks: number): { offsets: number[]; sizes: number[] }[] {
  const step = Math.ceil(shape[dim]! / ranks);
  const out: { offsets: number[]; sizes: number[] }[] = [];
  for (let at = 0; at < shape[dim]!; at += step) {
    const offsets = shape.map(() => 0);
    const sizes = shape.slice();
    offsets[dim] = at;
    sizes[dim] = Math.min(step, shape[dim]! - at);
    out.push({ offsets, sizes });
  }
  return out;
}

/** torch.save(chunk) into `path`: a zip whose data.pkl is the bare tensor's rebuild call. */
function writeChunkZip(path: string, t: SyntheticTensor, k: number): void {
  const fd = openSync(path, 'w');
  try {
    const zip = new ZipWriter(fd);
    zip.addBytes('archive/data.pkl', writePickle(rebuildCall(t, '0')));
    zip.addBytes('archive/byteorder', new TextEncoder().encode('little'));
    writeStorage(zip, 'archive/data/0', t, k);
    zip.addBytes('archive/version', new TextEncoder().encode('3\n'));
    zip.finish();
  } finally {
    closeSync(fd);
  }
}

function append(fd: number, from: string, at: number): number {
  const src = openSync(from, 'r');
  const buf = new Uint8Array(4 << 20);
  let done = 0;
  try {
    for (let n; (n = readSync(src, buf, 0, buf.length, done)) > 0; done += n) {
      for (let w = 0; w < n; ) w += writeSync(fd, buf, w, n - w, at + done + w);
    }
  } finally {
    closeSync(src);
  }
  return done;
}

export function writeSyntheticDcp(dir: string, tensors: readonly SyntheticTensor[], ranks: number): DcpLayoutFacts {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const fds = Array.from({ length: ranks }, (_, r) => openSync(join(dir, `__${r}_0.distcp`), 'w'));
  const ends = new Array<number>(ranks).fill(0);
  const scratch = join(dir, '.chunk.tmp');
  const sdm: [PyValue, PyValue][] = [];
  const storage: [PyValue, PyValue][] = [];
  const planner: [PyValue, PyValue][] = [];
  let largest = 0;
  let chunkCount = 0;
  try {
    tensors.forEach((t, k) => {
      const fqn = `model.${t.key}`;
      const dim = t.shape.length === 2 ? k % 2 : 0;
      const chunks = t.shape.length === 0 ? [{ offsets: [], sizes: [] }] : chunksOf(t.shape, dim, ranks);
      largest = Math.max(largest, t.shape.reduce((a, b) => a * b, 1) * 4);
      chunks.forEach((c, i) => {
        writeChunkZip(scratch, { key: t.key, shape: c.sizes, ...(t.dtype ? { dtype: t.dtype } : {}) }, k + i);
        const rank = i % ranks;
        const offset = ends[rank]!;
        const length = append(fds[rank]!, scratch, offset);
        ends[rank] = offset + length;
        storage.push([
          dataclass(META, 'MetadataIndex', [['fqn', fqn], ['offset', size(c.offsets)], ['index', i]]),
          dataclass('torch.distributed.checkpoint.filesystem', '_StorageInfo', [['relative_path', `__${rank}_0.distcp`], ['offset', offset], ['length', length], ['transform_descriptors', null]]),
        ]);
        chunkCount++;
      });
      const props = dataclass(META, 'TensorProperties', []);
      props.states = [tuple([G('torch', t.dtype ?? 'float32'), G('torch', 'strided'), false, call(G(META, '_MEM_FORMAT_ENCODING'), [0]), false])];
      sdm.push([fqn, dataclass(META, 'TensorStorageMetadata', [
        ['properties', props], ['size', size(t.shape)],
        ['chunks', { kind: 'list', items: chunks.map((c) => dataclass(META, 'ChunkStorageMetadata', [['offsets', size(c.offsets)], ['sizes', size(c.sizes)]])) }],
      ])]);
      planner.push([fqn, tuple(['model', t.key])]);
    });
  } finally {
    for (const fd of fds) closeSync(fd);
    rmSync(scratch, { force: true });
  }
  const md = dataclass(META, 'Metadata', [
    ['state_dict_metadata', dict(sdm)], ['planner_data', dict(planner)], ['storage_data', dict(storage)],
    ['storage_meta', dataclass(META, 'StorageMeta', [['checkpoint_id', null], ['save_id', 'bench'], ['load_id', null], ['modules', { kind: 'list', items: [] }]])],
    ['version', '1.0.0'],
  ]);
  const bytes = writePickle(md);
  const fd = openSync(join(dir, '.metadata'), 'w');
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  const total = ends.reduce((a, b) => a + b, 0) + statSync(join(dir, '.metadata')).size;
  return { bytes: total, largestTensorBytes: largest, chunks: chunkCount };
}
