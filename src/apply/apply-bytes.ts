/**
 * Tensors whose bytes a plan changes (transpose, split, concat): their shape and dtype are worked out
 * (and checked) when the plan is prepared, their bytes only when the writer reaches them (a `computed`
 * byte location): read just the tensors they are made from, rearrange the elements as bytes (exact for
 * every dtype), hand them to the writer. So a plan that transposes a whole model holds one tensor and
 * its result at a time, and no result goes through a scratch file (which cost a second write and read
 * of every rebuilt byte, and disk bandwidth for pages written back after the file was removed).
 *
 * The common case, a transpose of a stored tensor, reads the source a band of rows at a time into a
 * small buffer and transposes into one buffer reused from one tensor to the next (grown to the largest):
 * no tensor-sized allocation, zeroing and page faults per tensor, and a peak of one of the largest
 * tensor (two when a source cannot be read by bands: a strided view, a compressed storage).
 *
 * Splits: the writer does not meet a fused tensor's parts one after the other (torch.save writes
 * storages in string order of their keys, '1', '10', '100', '11' …), so a part is not computed from a
 * source read for its sibling just before. A part that is one run of its source's elements (a split
 * along dim 0 of a contiguous stored tensor: fused qkv, gate_up) is read alone, as a view of the source:
 * every source byte is read once and nothing is held. Any other split reads its source once into a
 * cache that keeps it until its last part is made (parts counted when the plan is prepared), bounded
 * by SPLIT_CACHE_TENSORS times the largest such source: past that the least recently used source is
 * let go (and read again if a part of it is still to come), so peak memory stays a small multiple of
 * the largest tensor whatever the plan's order.
 */
import { itemSize } from '../formats/dtype.js';
import { FormatError } from '../formats/errors.js';
import type { PyTensor } from '../formats/pickle/values.js';
import { concatBytes, gatherStrided, locationLength, readTensorBytes, transposeBytes, viewSpan, type OpenFiles } from '../formats/storage-copy.js';
import { contiguousStrides, isContiguous, locationFiles, numel, type TensorInfo } from '../formats/tensor.js';
import type { OutputTensor, Recipe } from '../analysis/op-keys.js';
import { transposeStored } from './transpose-stored.js';

interface Shaped {
  shape: number[];
  /** the source tensor the result descends from (dtype, device, kind) */
  base: TensorInfo;
}

interface Dense extends Shaped {
  bytes: Uint8Array;
}

/** A growable buffer: the first `length` bytes of one array kept from call to call. */
class Reused {
  private buf = new Uint8Array(0);

  take(length: number): Uint8Array {
    if (this.buf.length < length) {
      this.buf = new Uint8Array(0); // let the old one go before the new one is allocated
      this.buf = new Uint8Array(length);
    }
    return this.buf.subarray(0, length);
  }
}

/** how many of the largest cached split source the split cache may hold */
const SPLIT_CACHE_TENSORS = 2;

/**
 * Split sources read once for all their parts (see the top of this file): each kept until its last
 * part is made, within a byte budget, the least recently used let go first.
 */
class SplitSources {
  /** parts still to be made, per source recipe (counted as outputs are built) */
  private readonly parts = new Map<Recipe, number>();
  /** in use order, oldest first (a Map keeps insertion order) */
  private readonly held = new Map<Recipe, Dense>();
  private heldBytes = 0;
  private largest = 0;
  /** how many times a source was read (tests and the bench count re-reads) */
  reads = 0;

  expect(of: Recipe, bytes: number): void {
    this.parts.set(of, (this.parts.get(of) ?? 0) + 1);
    if (bytes > this.largest) this.largest = bytes;
  }

  /** the source's bytes for one of its parts, read (by `read`) only when not held */
  take(of: Recipe, read: () => Dense): Dense {
    let d = this.held.get(of);
    if (d) this.held.delete(of);
    else {
      this.reads++;
      d = read();
      this.heldBytes += d.bytes.length;
    }
    const left = (this.parts.get(of) ?? 1) - 1;
    this.parts.set(of, left);
    if (left > 0) this.held.set(of, d);
    else this.heldBytes -= d.bytes.length;
    // oldest first, never the one just used while others can go
    for (const [k, v] of this.held) {
      if (this.heldBytes <= SPLIT_CACHE_TENSORS * this.largest) break;
      if (k === of && this.held.size > 1) continue;
      this.held.delete(k);
      this.heldBytes -= v.bytes.length;
    }
    return d;
  }
}

/** Builds the output tensors of one plan; split sources are read once for their parts (SplitSources). */
export class Rebuilder {
  private readonly splits = new SplitSources();
  private readonly input = new Reused();
  private readonly output = new Reused();

  /** source reads made for splits that could not read their part alone */
  get splitSourceReads(): number {
    return this.splits.reads;
  }

  constructor(
    private readonly sources: ReadonlyMap<string, PyTensor>,
    private readonly files: OpenFiles,
  ) {}

  /** The output tensor, its bytes computed when read (every check that needs no byte is made here). */
  build(out: OutputTensor): PyTensor {
    const d = this.shaped(out.recipe, out.key);
    this.countSplits(out.recipe, out.key);
    const base = d.base;
    const n = numel(d.shape);
    const length = n * itemSize(base.dtype);
    const file = (base.storage.bytes && locationFiles(base.storage.bytes)[0]) ?? '';
    const info: TensorInfo = {
      kind: base.kind === 'parameter' ? 'parameter' : 'tensor',
      dtype: base.dtype,
      shape: d.shape,
      stride: contiguousStrides(d.shape),
      storageOffset: 0,
      storage: { key: `rebuilt:${out.key}`, dtype: base.dtype, numel: n, device: base.storage.device, bytes: { kind: 'computed', file, length, compute: () => this.bytes(out.recipe, out.key) } },
      requiresGrad: base.requiresGrad,
    };
    return { kind: 'tensor', info, original: null };
  }

  /** Tells the split cache of every part this recipe makes from a source it cannot read alone. */
  private countSplits(r: Recipe, outKey: string): void {
    if (r.kind === 'split') {
      if (this.partView(r, outKey) === null) {
        const of = this.shaped(r.of, outKey);
        this.splits.expect(r.of, numel(of.shape) * itemSize(of.base.dtype));
      }
      this.countSplits(r.of, outKey);
    } else if (r.kind === 'transpose' || r.kind === 'reshape') this.countSplits(r.of, outKey);
    else if (r.kind === 'concat') for (const p of r.parts) this.countSplits(p, outKey);
  }

  /**
   * A split part that is one run of its stored source's elements, as a view of the source's storage
   * (read alone, nothing else of the source read), or null. The source's whole span is checked against
   * its storage here, as reading it whole would.
   */
  private partView(r: Extract<Recipe, { kind: 'split' }>, outKey: string): TensorInfo | null {
    if (r.of.kind !== 'source') return null;
    const info = this.source(r.of.key, outKey).info;
    const shape = info.shape.slice();
    shape[r.dim] = r.size;
    const view: TensorInfo = { ...info, shape, storageOffset: info.storageOffset + r.start * info.stride[r.dim]!, requiresGrad: false };
    if (!isContiguous(view) || numel(shape) === 0) return null;
    const span = viewSpan(info);
    const loc = info.storage.bytes;
    if (!span || !loc || span.end * itemSize(info.dtype) > locationLength(loc)) return null;
    return view;
  }

  /**
   * The result's bytes; a transpose of a stored tensor goes through the reused buffers: band by band
   * when it can (transpose-stored.ts: the input buffer stays a few MB), else read whole.
   */
  private bytes(r: Recipe, outKey: string): Uint8Array {
    if (r.kind === 'transpose' && r.of.kind === 'source') {
      const info = this.source(r.of.key, outKey).info;
      const size = itemSize(info.dtype);
      const length = numel(info.shape) * size;
      const out = this.output.take(length);
      if (transposeStored(info, r.dims, this.files, out, (n) => this.input.take(n))) return out;
      const src = readTensorBytes(info, this.files, this.input.take(length));
      return transposeBytes(src, info.shape, size, r.dims, out);
    }
    return this.dense(r, outKey).bytes;
  }

  private source(key: string, outKey: string): PyTensor {
    const t = this.sources.get(key);
    if (!t) throw new Error(`plan output ${outKey}: no source tensor ${key}`);
    return t;
  }

  /** What `dense` would make, without reading a byte: its checks, its shape, its dtype. */
  private shaped(r: Recipe, outKey: string): Shaped {
    switch (r.kind) {
      case 'source': {
        const info = this.source(r.key, outKey).info;
        if (info.kind === 'qtensor') throw new FormatError('', `${r.key} is a quantized tensor: sdmatch cannot transpose, split or concatenate it`);
        if (info.dtype !== info.storage.dtype) throw new FormatError('', `${r.key}: dtype ${info.dtype} on a ${info.storage.dtype} storage cannot be rearranged`);
        return { shape: info.shape.slice(), base: info };
      }
      case 'transpose': {
        const of = this.shaped(r.of, outKey);
        const seen = new Set(r.dims);
        if (r.dims.length !== of.shape.length || seen.size !== r.dims.length || r.dims.some((d) => !(d >= 0 && d < of.shape.length))) {
          throw new Error(`transpose: [${r.dims}] is not a permutation of ${of.shape.length} dims`);
        }
        return { shape: r.dims.map((d) => of.shape[d]!), base: of.base };
      }
      case 'reshape': {
        const of = this.shaped(r.of, outKey);
        const to = reshapeTarget(r, outKey);
        if (numel(to) !== numel(of.shape)) throw new Error(`plan output ${outKey}: reshape of [${of.shape}] to [${to}] changes the element count`);
        return { shape: to.slice(), base: of.base };
      }
      case 'split': {
        const of = this.shaped(r.of, outKey);
        if (!(r.dim >= 0 && r.dim < of.shape.length) || r.start < 0 || r.start + r.size > of.shape[r.dim]!) {
          throw new Error(`plan output ${outKey}: split [${r.start}, ${r.start + r.size}) of dim ${r.dim} is outside [${of.shape}]`);
        }
        const shape = of.shape.slice();
        shape[r.dim] = r.size;
        if (r.squeeze) shape.splice(r.dim, 1);
        return { shape, base: of.base };
      }
      case 'concat': {
        const parts = r.parts.map((p) => this.shaped(p, outKey));
        const first = parts[0];
        if (!first) throw new Error(`plan output ${outKey}: concat of no parts`);
        const other = parts.find((p) => p.base.dtype !== first.base.dtype);
        if (other) throw new FormatError('', `${outKey}: cannot concatenate ${first.base.dtype} with ${other.base.dtype}`);
        if (!(r.dim >= 0 && r.dim < first.shape.length) || parts.some((p) => p.shape.length !== first.shape.length || p.shape.some((d, i) => i !== r.dim && d !== first.shape[i]))) {
          throw new Error(`plan output ${outKey}: concat along dim ${r.dim} of shapes ${parts.map((p) => `[${p.shape}]`).join(', ')}`);
        }
        const shape = first.shape.slice();
        shape[r.dim] = parts.reduce((a, p) => a + p.shape[r.dim]!, 0);
        return { shape, base: first.base };
      }
    }
  }

  private dense(r: Recipe, outKey: string): Dense {
    switch (r.kind) {
      case 'source': {
        const info = this.shaped(r, outKey).base;
        return { bytes: readTensorBytes(info, this.files), shape: info.shape.slice(), base: info };
      }
      case 'transpose': {
        const of = this.dense(r.of, outKey);
        return { bytes: transposeBytes(of.bytes, of.shape, itemSize(of.base.dtype), r.dims), shape: r.dims.map((d) => of.shape[d]!), base: of.base };
      }
      case 'reshape': {
        // row-major elements are already in the order the new shape reads them
        const of = this.dense(r.of, outKey);
        return { bytes: of.bytes, shape: reshapeTarget(r, outKey).slice(), base: of.base };
      }
      case 'split': {
        const view = this.partView(r, outKey);
        if (view) {
          const shape = view.shape.slice();
          if (r.squeeze) shape.splice(r.dim, 1);
          return { bytes: readTensorBytes(view, this.files), shape, base: this.shaped(r.of, outKey).base };
        }
        const of = this.splits.take(r.of, () => this.dense(r.of, outKey));
        const partShape = of.shape.slice();
        partShape[r.dim] = r.size;
        const strides = contiguousStrides(of.shape);
        const bytes = gatherStrided(of.bytes, itemSize(of.base.dtype), partShape, strides, r.start * strides[r.dim]!);
        if (r.squeeze) partShape.splice(r.dim, 1);
        return { bytes, shape: partShape, base: of.base };
      }
      case 'concat': {
        const parts = r.parts.map((p) => this.dense(p, outKey));
        const joined = concatBytes(parts, itemSize(parts[0]!.base.dtype), r.dim);
        return { bytes: joined.bytes, shape: joined.shape, base: parts[0]!.base };
      }
    }
  }
}

/** A reshape's shape; apply knows every source shape, so op-keys always derived it (null here is a bug). */
function reshapeTarget(r: Extract<Recipe, { kind: 'reshape' }>, outKey: string): number[] {
  if (r.shape === null) throw new Error(`plan output ${outKey}: a reshape whose shape was never derived (source shape unknown)`);
  return r.shape;
}
