import type { PyDict, PyTensor, PyValue } from './values.js';

/**
 * Typed reads of a symbolic tree, for the readers that know a framework's layout: each returns
 * undefined when the value is not of the kind asked for, so a caller says in its own words what the
 * file lacks.
 */

export function asDict(v: PyValue | undefined): PyDict | undefined {
  return typeof v === 'object' && v !== null && v.kind === 'dict' ? v : undefined;
}

/** The value under a str key of a dict (undefined when absent or `d` is not a dict). */
export function dictGet(d: PyValue | undefined, key: string): PyValue | undefined {
  const dict = asDict(d);
  if (!dict) return undefined;
  for (const [k, v] of dict.entries) if (k === key) return v;
  return undefined;
}

export function asItems(v: PyValue | undefined): PyValue[] | undefined {
  return typeof v === 'object' && v !== null && (v.kind === 'list' || v.kind === 'tuple') ? v.items : undefined;
}

export function asInt(v: PyValue | undefined): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return undefined;
}

export function asStr(v: PyValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asTensor(v: PyValue | undefined): PyTensor | undefined {
  return typeof v === 'object' && v !== null && v.kind === 'tensor' ? v : undefined;
}

/** A tuple or list of ints (a torch.Size is read as a tuple), else undefined. */
export function asShape(v: PyValue | undefined): number[] | undefined {
  const items = asItems(v);
  if (!items) return undefined;
  const out: number[] = [];
  for (const x of items) {
    const n = asInt(x);
    if (n === undefined || n < 0) return undefined;
    out.push(n);
  }
  return out;
}

/** An object's attribute dict (argparse.Namespace and plain classes pickle their __dict__ as BUILD state). */
export function objectAttrs(v: PyValue | undefined): PyDict | undefined {
  if (typeof v !== 'object' || v === null || v.kind !== 'object') return undefined;
  return asDict(v.states[v.states.length - 1]);
}
