/**
 * A model's size in the words people use for it: how many layers its main stack has and how wide it
 * is. "The checkpoint has 12 layers of width 768; the model 24 of 1024" says what differs between two
 * models at a glance, where a list of mismatched keys does not.
 */
import type { ReportedSizeMismatch } from '../../formats/error-text.js';
import { isIndexAt } from '../key-tokens.js';
import { widthChange } from '../variant-signs.js';

export interface Dims {
  /** the numbered container with the most members (`encoder.layer`), and how many it holds */
  stack: { name: string; layers: number } | null;
  /** the most common size among 1-D weights (norms, biases): the hidden width */
  width: number | null;
}

export function modelDims(entries: Iterable<{ key: string; shape: readonly number[] | null }>): Dims {
  const indices = new Map<string, Set<number>>();
  const widths = new Map<number, number>();
  // read in place (no split, no regex): this runs over both sides' keys, 1,000,000 each at scale
  for (const { key, shape } of entries) {
    // the first index segment after the first segment, and the path before it
    let start = key.indexOf('.') + 1;
    while (start > 0) {
      let end = key.indexOf('.', start);
      if (end < 0) end = key.length;
      if (isIndexAt(key, start, end)) {
        const name = key.slice(0, start - 1);
        (indices.get(name) ?? indices.set(name, new Set()).get(name)!).add(Number(key.slice(start, end)));
        break;
      }
      start = end === key.length ? 0 : end + 1;
    }
    if (shape && shape.length === 1 && isWeightOrBias(key)) widths.set(shape[0]!, (widths.get(shape[0]!) ?? 0) + 1);
  }
  let stack: Dims['stack'] = null;
  for (const [name, set] of indices) {
    let max = -1;
    for (const i of set) if (i > max) max = i;
    const layers = max + 1;
    // only a run that starts at 0 and has no gap is a stack the key lists show whole
    if (set.size === layers && (!stack || layers > stack.layers)) stack = { name, layers };
  }
  let width: number | null = null;
  let best = 0;
  for (const [w, n] of widths) if (n > best) [width, best] = [w, n];
  return { stack, width };
}

/** The key's last segment is `weight` or `bias`. */
function isWeightOrBias(key: string): boolean {
  const leaf = key.length - (key.endsWith('weight') ? 6 : key.endsWith('bias') ? 4 : key.length + 1);
  return leaf === 0 || (leaf > 0 && key.charCodeAt(leaf - 1) === 46);
}

/** `the checkpoint has 12 layers of width 768; the model 24 of 1024`, or null when nothing differs that both show. */
export function dimsDiffer(a: Dims, b: Dims, sizes: readonly ReportedSizeMismatch[] = []): string | null {
  if (widthIsClassCount(a, b, sizes)) [a, b] = [{ ...a, width: null }, { ...b, width: null }];
  const sameStack = a.stack && b.stack && a.stack.name === b.stack.name;
  const layersDiffer = sameStack && a.stack!.layers !== b.stack!.layers;
  const widthsDiffer = a.width !== null && b.width !== null && a.width !== b.width;
  if (!layersDiffer && !widthsDiffer) return null;
  const side = (d: Dims, first: boolean) => {
    const layers = sameStack ? `${d.stack!.layers} layers` : null;
    const width = d.width !== null && (widthsDiffer || layersDiffer) ? `width ${d.width}` : null;
    if (first) return [layers, width].filter(Boolean).join(' of ');
    if (layers && width) return `${d.stack!.layers} of ${width}`;
    return layers ? String(d.stack!.layers) : width!;
  };
  return `the checkpoint has ${side(a, true)}; the model ${side(b, false)}`;
}

/**
 * The two "widths" are a class count: the same-named size mismatches show that pair of sizes (9 in the
 * checkpoint, 5 in the model) but never as a network width (widthChange: only a head's rows, or a square
 * [C, C] label table such as a CRF's transitions changing both dims together). With few keys (an error
 * text names only the mismatches) the commonest 1-D size is then a head's bias, not the hidden width.
 */
function widthIsClassCount(a: Dims, b: Dims, sizes: readonly ReportedSizeMismatch[]): boolean {
  if (a.width === null || b.width === null || a.width === b.width) return false;
  const shown = sizes.some((m) => m.source.some((s, i) => s === a.width && m.expected[i] === b.width));
  if (!shown) return false;
  const w = widthChange(sizes);
  return !(w && w.from === a.width && w.to === b.width);
}
