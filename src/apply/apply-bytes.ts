/**
 * Tensors whose bytes a plan changes (transpose, split, concat): read just the tensors they are made
 * from, rearrange the elements as bytes (exact for every dtype), and keep the result where the writer
 * can stream it from. Small results stay in memory; past a budget they go to a scratch file next to the
 * output, so a plan that transposes a whole model needs the memory of its largest tensor, not of all.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { itemSize } from '../formats/dtype.js';
import { FormatError } from '../formats/errors.js';
import type { PyTensor } from '../formats/pickle/values.js';
import { concatBytes, gatherStrided, readTensorBytes, transposeBytes, type OpenFiles } from '../formats/storage-copy.js';
import { contiguousStrides, numel, type ByteLocation, type TensorInfo } from '../formats/tensor.js';
import type { OutputTensor, Recipe } from '../analysis/op-keys.js';

/** In-memory results up to this many bytes in total; beyond, results are appended to the scratch file. */
export const REBUILT_MEMORY_BUDGET = 64 << 20;

export class RebuiltStore {
  private inMemory = 0;
  private fd: number | null = null;
  private size = 0;
  private spills = 0;

  constructor(
    /** created on first spill; the caller removes it */
    readonly scratchPath: string,
    private readonly budget = REBUILT_MEMORY_BUDGET,
  ) {}

  /** whether any result went to the scratch file */
  get spilled(): boolean {
    return this.spills > 0;
  }

  put(bytes: Uint8Array): ByteLocation {
    if (this.inMemory + bytes.length <= this.budget) {
      this.inMemory += bytes.length;
      return { kind: 'memory', bytes };
    }
    this.fd ??= openSync(this.scratchPath, 'wx');
    const offset = this.size;
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, offset + done);
    this.size += bytes.length;
    this.spills++;
    return { kind: 'raw', file: this.scratchPath, offset, length: bytes.length };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

interface Dense {
  bytes: Uint8Array;
  shape: number[];
  /** the source tensor the result descends from (dtype, device, kind) */
  base: TensorInfo;
}

/** Builds the output tensors of one plan, in order; the source of the last split is kept for its siblings. */
export class Rebuilder {
  private lastSplit: { recipe: Recipe; dense: Dense } | null = null;

  constructor(
    private readonly sources: ReadonlyMap<string, PyTensor>,
    private readonly store: RebuiltStore,
    private readonly files: OpenFiles,
  ) {}

  build(out: OutputTensor): PyTensor {
    const d = this.dense(out.recipe, out.key);
    const base = d.base;
    const loc = this.store.put(d.bytes);
    const n = numel(d.shape);
    const info: TensorInfo = {
      kind: base.kind === 'parameter' ? 'parameter' : 'tensor',
      dtype: base.dtype,
      shape: d.shape,
      stride: contiguousStrides(d.shape),
      storageOffset: 0,
      storage: { key: `rebuilt:${out.key}`, dtype: base.dtype, numel: n, device: base.storage.device, bytes: loc },
      requiresGrad: base.requiresGrad,
    };
    return { kind: 'tensor', info, original: null };
  }

  private dense(r: Recipe, outKey: string): Dense {
    switch (r.kind) {
      case 'source': {
        const t = this.sources.get(r.key);
        if (!t) throw new Error(`plan output ${outKey}: no source tensor ${r.key}`);
        const info = t.info;
        if (info.kind === 'qtensor') throw new FormatError('', `${r.key} is a quantized tensor: sdmatch cannot transpose, split or concatenate it`);
        if (info.dtype !== info.storage.dtype) throw new FormatError('', `${r.key}: dtype ${info.dtype} on a ${info.storage.dtype} storage cannot be rearranged`);
        return { bytes: readTensorBytes(info, this.files), shape: info.shape.slice(), base: info };
      }
      case 'transpose': {
        const of = this.dense(r.of, outKey);
        return { bytes: transposeBytes(of.bytes, of.shape, itemSize(of.base.dtype), r.dims), shape: r.dims.map((d) => of.shape[d]!), base: of.base };
      }
      case 'reshape': {
        // row-major elements are already in the order the new shape reads them
        const of = this.dense(r.of, outKey);
        return { bytes: of.bytes, shape: r.shape.slice(), base: of.base };
      }
      case 'split': {
        const of = this.lastSplit?.recipe === r.of ? this.lastSplit.dense : this.dense(r.of, outKey);
        this.lastSplit = { recipe: r.of, dense: of };
        const partShape = of.shape.slice();
        partShape[r.dim] = r.size;
        const strides = contiguousStrides(of.shape);
        const bytes = gatherStrided(of.bytes, itemSize(of.base.dtype), partShape, strides, r.start * strides[r.dim]!);
        if (r.squeeze) partShape.splice(r.dim, 1);
        return { bytes, shape: partShape, base: of.base };
      }
      case 'concat': {
        const parts = r.parts.map((p) => this.dense(p, outKey));
        const first = parts[0]!;
        const other = parts.find((p) => p.base.dtype !== first.base.dtype);
        if (other) throw new FormatError('', `${outKey}: cannot concatenate ${first.base.dtype} with ${other.base.dtype}`);
        const joined = concatBytes(parts, itemSize(first.base.dtype), r.dim);
        return { bytes: joined.bytes, shape: joined.shape, base: first.base };
      }
    }
  }
}
