import { type ByteSource } from '../byte-source.js';
import { type PickleOptions, type PickleResult } from './machine.js';
import { type GlobalFinding } from './safety.js';
import { type PyObject, type PyValue } from './values.js';
/**
 * Safety scanning of everything a loader could unpickle from one stream: pickles written back to back
 * (a loader calling `pickle.load` repeatedly runs each one; scanners that stop at the first STOP miss
 * the rest) and, optionally, byte strings the file itself hands to an unpickler.
 */
export interface ScanOptions extends PickleOptions {
    /** also scan byte strings passed to a known unpickler: pickle.loads, _pickle.loads, torch.storage._load_from_bytes … */
    nested?: boolean;
    /** how many unpickler-inside-pickle levels to follow (default 4) */
    maxNestedDepth?: number;
}
export interface NestedPickle {
    /** the unpickler the outer stream calls on it, e.g. 'pickle.loads' */
    loader: string;
    /** `<outer where> > pickle.loads #1` */
    where: string;
    /** 1 for a payload of the top stream, 2 for a payload inside that, … */
    depth: number;
    results: PickleResult[];
}
export interface PickleScan {
    /** the pickles of the stream itself, in order; the last one may carry the error that ended the scan */
    results: PickleResult[];
    /** nested payloads (only with `nested: true`), outermost first */
    nested: NestedPickle[];
    /** payloads a loader would unpickle that were not read (a depth or count limit): the verdict is incomplete */
    unread: string[];
}
/** Callables that unpickle their first argument. */
export declare const NESTED_LOADERS: ReadonlySet<string>;
export interface Payload {
    loader: string;
    source: ByteSource;
}
export declare function scanPickleStream(src: ByteSource, offset?: number, options?: ScanOptions): PickleScan;
/** Findings for the whole scan: every pickle of the stream and every nested payload. */
export declare function scanFindings(scan: PickleScan, where: string): GlobalFinding[];
/** Every global of the scan (stream and nested), `module.name`, first-seen order, deduplicated. */
export declare function scanGlobalNames(scan: PickleScan): string[];
/** The bytes a loader call would unpickle, when the file spells them out. */
export declare function nestedPayload(call: PyObject, src: ByteSource, label: string, seen: Set<PyValue>): Payload | null;
