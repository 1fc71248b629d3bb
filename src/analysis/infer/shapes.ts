/** How two tensors' shapes and dtypes relate: the hard constraint on every match. */
import type { DType } from '../../formats/dtype.js';
import { sameShape, type KeyEntry } from '../../formats/keys.js';

/**
 * equal; transposed (2-D, reversed, Conv1D vs Linear); reshaped (the same sizes once dims of size 1
 * are left out: `[768]` vs `[1, 1, 768]`, a 1×1 conv `[C, C, 1, 1]` vs a linear `[C, C]`);
 * unknown (a side does not say); different.
 */
export type ShapeRelation = 'equal' | 'transposed' | 'reshaped' | 'unknown' | 'different';

/** The dims that are not 1, in order. */
export function squeezed(shape: readonly number[]): number[] {
  return shape.filter((d) => d !== 1);
}

export function shapeRelation(a: readonly number[] | null, b: readonly number[] | null): ShapeRelation {
  if (!a || !b) return 'unknown';
  if (sameShape(a, b)) return 'equal';
  if (a.length === 2 && b.length === 2 && a[0] === b[1] && a[1] === b[0]) return 'transposed';
  if (sameShape(squeezed(a), squeezed(b))) return 'reshaped';
  return 'different';
}

/**
 * A layer with another number of outputs and the same inputs: its rows differ (the first dimension),
 * its input channels do not; a conv's kernel may differ too (a 3×3 head replaced by a 1×1 one is still
 * a head to re-initialise). A 1-D tensor (a bias) differs in its only dimension.
 */
export function outputsDiffer(m: { source: readonly number[]; expected: readonly number[] }): boolean {
  const a = m.source;
  const b = m.expected;
  if (a.length !== b.length || a.length === 0 || a[0] === b[0]) return false;
  if (a.length === 2) return a[1] === b[1];
  return a.length === 1 || a[1] === b[1];
}

/**
 * A convolution whose outputs and inputs are the same and whose kernel alone differs (a 3×3 head conv where
 * the model builds a 1×1 one): the layer is built another way, the same classes and the same features.
 */
export function kernelOnlyDiffers(m: { source: readonly number[]; expected: readonly number[] }): boolean {
  const a = m.source;
  const b = m.expected;
  return a.length >= 3 && a.length === b.length && a[0] === b[0] && a[1] === b[1] && a.slice(2).some((x, i) => x !== b[i + 2]);
}

export function formatShape(s: readonly number[] | null): string {
  return s ? `[${s.join(', ')}]` : '[?]';
}

type DTypeKind = 'float' | 'int' | 'bool' | 'complex' | 'quantized';

function dtypeKind(d: DType): DTypeKind {
  if (d === 'bool') return 'bool';
  if (d.startsWith('complex')) return 'complex';
  if (d.startsWith('q')) return 'quantized';
  if (d.startsWith('float') || d === 'bfloat16') return 'float';
  return 'int';
}

/**
 * load_state_dict casts floats to the parameter's dtype, so float16 vs float32 is no obstacle; an
 * integer buffer (num_batches_tracked) never corresponds to a float parameter.
 */
export function dtypesCompatible(a: DType | null, b: DType | null): boolean {
  if (!a || !b) return true;
  return dtypeKind(a) === dtypeKind(b);
}

/** Shapes and dtypes allow the two tensors to be one (possibly transposed). */
export function canCorrespond(a: KeyEntry, b: KeyEntry): boolean {
  return shapeRelation(a.shape, b.shape) !== 'different' && dtypesCompatible(a.dtype, b.dtype);
}

/**
 * A string equal for shapes that can correspond (equal up to a 2-D transpose or to dims of size 1):
 * blocks group candidates by it.
 */
export function shapeClass(e: KeyEntry): string {
  const kind = e.dtype ? dtypeKind(e.dtype) : '?';
  const shape = e.shape;
  if (!shape) return `?|${kind}`;
  // the dims that are not 1, two of them in ascending order, written without an array: this runs for
  // every key of both sides at every template level (millions of calls at scale)
  let n = 0;
  let a = 0;
  let b = 0;
  for (const d of shape) {
    if (d === 1) continue;
    if (n === 0) a = d;
    else if (n === 1) b = d;
    n++;
  }
  if (n === 2) return a <= b ? `${a}x${b}|${kind}` : `${b}x${a}|${kind}`;
  if (n < 2) return n === 0 ? `|${kind}` : `${a}|${kind}`;
  let text = '';
  for (const d of shape) if (d !== 1) text += text ? `x${d}` : `${d}`;
  return `${text}|${kind}`;
}
