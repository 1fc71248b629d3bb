import type { TensorLine } from './inspect-json-lines.js';

/**
 * The `inspect --json` lines already written in the current chunk, by what they say besides their keys
 * (issue 14). A line is literal text, the tensor's key, more text, the storage's key (the tensor's own
 * key again, or a number) and the rest; everything but the two keys follows from the other fields
 * (dtype, shape, stride, offset, contiguity, grad, the storage's dtype, size and device; whether the
 * storage's key is the tensor's or a number changes only that key's text). So a line
 * whose other fields equal an earlier line's is that line's text with its own keys: three native copies
 * of the earlier line's bytes (TypedArray copyWithin) and the keys. A one-shot CLI runs the writer's
 * byte loops in V8's interpreter until it has compiled them; the copies cost the same cold or warm (the
 * 20-shard set's 50,000 lines, cold: ~80 → ~50 ms of CPU). Checked byte for byte against the writer
 * by test/report/line-memo.test.ts and the columns-vs-tree tests.
 *
 * One slot per hash of the fields, the last line written with that hash (a hash shared by lines that
 * differ only costs a line written in full; a line copied moves its slot's marks to itself,
 * ByteWriter.lineAgain); a rank above MAX_RANK is never remembered.
 */
export class LineMemo {
  /** the chunk the slots were written in: a slot of an earlier one points into bytes since overwritten */
  private chunk = 1;
  private readonly slotChunk: Int32Array;
  /** per slot (at slot × MARKS): [start, keyAt, keyEnd, storageAt, storageEnd, end) positions of its line in the writer */
  readonly marks: Float64Array;
  /** per slot: the scalar fields (SCALARS of them), then the shape and the explicit stride */
  private readonly scalars: Float64Array;
  private readonly dims: Float64Array;
  private readonly devices: (Uint8Array | null)[];

  /** 2^slotBits slots; 0 (one slot: every line meets the last one remembered) lets a test reach every field's check */
  constructor(private readonly slotBits = SLOT_BITS) {
    const slots = 1 << slotBits;
    this.slotChunk = new Int32Array(slots);
    this.marks = new Float64Array(slots * MARKS);
    this.scalars = new Float64Array(slots * SCALARS);
    this.dims = new Float64Array(slots * 2 * MAX_RANK);
    this.devices = new Array<Uint8Array | null>(slots).fill(null);
  }

  /** A new chunk: the writer's earlier bytes are gone, and so are the lines remembered in them. */
  forget(): void {
    this.chunk++;
  }

  /** l's slot, or -1 when a line of its rank is not remembered */
  slotOf(l: TensorLine): number {
    const { rank, dims, dimsAt, strideAt } = l;
    if (rank > MAX_RANK) return -1;
    let h = Math.imul(l.dtype + 1, 0x9e3779b1) ^ rank;
    for (let d = 0; d < rank; d++) h = Math.imul(h ^ (dims[dimsAt + d]! | 0), 0x85ebca6b);
    if (strideAt >= 0) for (let d = 0; d < rank; d++) h = Math.imul(h ^ (dims[strideAt + d]! | 0), 0xc2b2ae35);
    h = Math.imul(h ^ (l.storageOffset | 0) ^ (l.numel | 0), 0x27d4eb2f);
    // (a shift by 32 is a shift by 0 in JavaScript)
    return this.slotBits === 0 ? 0 : h >>> (32 - this.slotBits);
  }

  /** Whether the slot's line says what l says besides the keys (its positions: `marks` at slot × MARKS). */
  match(slot: number, l: TensorLine): boolean {
    if (this.slotChunk[slot] !== this.chunk || this.devices[slot] !== l.device) return false;
    const s = slot * SCALARS;
    const v = this.scalars;
    const { rank, dims, dimsAt, strideAt } = l;
    if (v[s] !== l.dtype || v[s + 1] !== rank || v[s + 2] !== (strideAt >= 0 ? 1 : 0) || v[s + 3] !== l.storageOffset) return false;
    if (v[s + 4] !== (l.contiguous ? 1 : 0) || v[s + 5] !== (l.requiresGrad ? 1 : 0) || v[s + 6] !== l.storageDtype || v[s + 7] !== l.numel) return false;
    const at = slot * 2 * MAX_RANK;
    for (let d = 0; d < rank; d++) if (this.dims[at + d] !== dims[dimsAt + d]) return false;
    if (strideAt >= 0) for (let d = 0; d < rank; d++) if (this.dims[at + MAX_RANK + d] !== dims[strideAt + d]) return false;
    return true;
  }

  /** Remembers l's line, just written at `marks` ([start, keyAt, keyEnd, storageAt, storageEnd, end)), in its slot. */
  remember(slot: number, l: TensorLine, marks: Float64Array): void {
    this.slotChunk[slot] = this.chunk;
    this.marks.set(marks, slot * MARKS);
    this.devices[slot] = l.device;
    const s = slot * SCALARS;
    const v = this.scalars;
    const { rank, dims, dimsAt, strideAt } = l;
    v[s] = l.dtype;
    v[s + 1] = rank;
    v[s + 2] = strideAt >= 0 ? 1 : 0;
    v[s + 3] = l.storageOffset;
    v[s + 4] = l.contiguous ? 1 : 0;
    v[s + 5] = l.requiresGrad ? 1 : 0;
    v[s + 6] = l.storageDtype;
    v[s + 7] = l.numel;
    const at = slot * 2 * MAX_RANK;
    for (let d = 0; d < rank; d++) this.dims[at + d] = dims[dimsAt + d]!;
    if (strideAt >= 0) for (let d = 0; d < rank; d++) this.dims[at + MAX_RANK + d] = dims[strideAt + d]!;
  }
}

/** a line's positions: start, keyAt, keyEnd, storageAt, storageEnd, end */
export const MARKS = 6;
const SLOT_BITS = 6;
const SCALARS = 8;
const MAX_RANK = 8;
