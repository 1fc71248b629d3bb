import type { PyDict, PyTensor, PyValue } from './values.js';
/**
 * Typed reads of a symbolic tree, for the readers that know a framework's layout: each returns
 * undefined when the value is not of the kind asked for, so a caller says in its own words what the
 * file lacks.
 */
export declare function asDict(v: PyValue | undefined): PyDict | undefined;
/** The value under a str key of a dict (undefined when absent or `d` is not a dict). */
export declare function dictGet(d: PyValue | undefined, key: string): PyValue | undefined;
export declare function asItems(v: PyValue | undefined): PyValue[] | undefined;
export declare function asInt(v: PyValue | undefined): number | undefined;
export declare function asStr(v: PyValue | undefined): string | undefined;
export declare function asTensor(v: PyValue | undefined): PyTensor | undefined;
/** A tuple or list of ints (a torch.Size is read as a tuple), else undefined. */
export declare function asShape(v: PyValue | undefined): number[] | undefined;
/** An object's attribute dict (argparse.Namespace and plain classes pickle their __dict__ as BUILD state). */
export declare function objectAttrs(v: PyValue | undefined): PyDict | undefined;
