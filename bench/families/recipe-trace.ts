import type { Recipe } from '../../src/analysis/op-keys.js';

/**
 * Whether two recipes (src/analysis/op-keys.ts: how an output tensor is built from source tensors) build the
 * same tensor, decided on names and shapes only: both are traced element by element — output element i
 * comes from element j of source tensor k — at a fixed spread of positions (the first, the last, and
 * positions that step through every dimension). Two recipes that move elements differently disagree at
 * almost every position, so a spread of 40 tells them apart without materialising a byte; a transpose of
 * a square matrix against none, or a per-head reshape+transpose against a plain transpose, disagree at
 * most positions, not only at a corner.
 */

interface Traced {
  shape: number[];
  /** output flat index → [source key, flat index in that source] */
  at: (i: number) => [string, number];
}

const numel = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function unravel(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    c[d] = n === 0 ? 0 : i % n;
    i = n === 0 ? 0 : Math.floor(i / n);
  }
  return c;
}

function ravel(c: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let d = 0; d < shape.length; d++) i = i * shape[d]! + c[d]!;
  return i;
}

/** the recipe traced over the source shapes; null when a shape is unknown or the recipe does not fit them */
export function traceRecipe(r: Recipe, shapes: ReadonlyMap<string, readonly number[] | null>): Traced | null {
  switch (r.kind) {
    case 'source': {
      const s = shapes.get(r.key);
      if (!s) return null;
      return { shape: [...s], at: (i) => [r.key, i] };
    }
    case 'transpose': {
      const of = traceRecipe(r.of, shapes);
      if (!of || r.dims.length !== of.shape.length) return null;
      const shape = r.dims.map((d) => of.shape[d]!);
      return {
        shape,
        at: (i) => {
          const c = unravel(i, shape);
          const ic = new Array<number>(c.length);
          r.dims.forEach((d, j) => (ic[d] = c[j]!));
          return of.at(ravel(ic, of.shape));
        },
      };
    }
    case 'reshape': {
      const of = traceRecipe(r.of, shapes);
      if (!of || !r.shape || numel(r.shape) !== numel(of.shape)) return null;
      return { shape: [...r.shape], at: of.at };
    }
    case 'split': {
      const of = traceRecipe(r.of, shapes);
      if (!of || r.dim >= of.shape.length) return null;
      const shape = [...of.shape];
      if (r.squeeze) shape.splice(r.dim, 1);
      else shape[r.dim] = r.size;
      return {
        shape,
        at: (i) => {
          const c = unravel(i, shape);
          if (r.squeeze) c.splice(r.dim, 0, 0);
          c[r.dim] = c[r.dim]! + r.start;
          return of.at(ravel(c, of.shape));
        },
      };
    }
    case 'concat': {
      const parts = r.parts.map((p) => traceRecipe(p, shapes));
      if (parts.some((p) => !p) || parts.length === 0) return null;
      const ps = parts as Traced[];
      const shape = [...ps[0]!.shape];
      shape[r.dim] = ps.reduce((a, p) => a + p.shape[r.dim]!, 0);
      return {
        shape,
        at: (i) => {
          const c = unravel(i, shape);
          let k = 0;
          while (c[r.dim]! >= ps[k]!.shape[r.dim]!) c[r.dim] = c[r.dim]! - ps[k++]!.shape[r.dim]!;
          return ps[k]!.at(ravel(c, ps[k]!.shape));
        },
      };
    }
  }
}

/** the positions compared: first, last, and a deterministic spread through the tensor */
function positions(n: number): number[] {
  if (n <= 40) return Array.from({ length: n }, (_, i) => i);
  const out = [0, n - 1];
  let x = 0x2545f491;
  for (let k = 0; k < 38; k++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push((x >>> 0) % n);
  }
  return out;
}

/** the two recipes give the same shape and the same element at every compared position */
export function sameTensor(a: Recipe, b: Recipe, shapes: ReadonlyMap<string, readonly number[] | null>): boolean {
  const [x, y] = [traceRecipe(a, shapes), traceRecipe(b, shapes)];
  if (!x || !y || x.shape.length !== y.shape.length || x.shape.some((d, i) => d !== y.shape[i])) return false;
  return positions(numel(x.shape)).every((i) => {
    const [p, q] = [x.at(i), y.at(i)];
    return p[0] === q[0] && p[1] === q[1];
  });
}
